"""Published labelled sets, as separate suites beside the generated one.

Retrieval suites (a query screened against the whole universe), from yente's
``contrib/candidate_generation_benchmark`` and ``contrib/validation_report`` fixtures in
``yente_benchmarks/``:

* ``yente_un_untreated`` / ``yente_un_treated``: UN Security Council persons as listed,
  and the same rows "treated" by yente (a typo, swapped parts, a non-breaking space, a
  vowel change... and in about 10% a birth date moved by one day, month or year, so
  these positives may carry a *wrong* birth date, unlike ours). The expected entity is
  the UN record of that name in the universe.
* ``yente_negatives_global`` / ``yente_negatives_us``: synthetic persons from OpenSanctions'
  qarin generator, not on any list (rows that are listed names here are dropped).
* ``yente_us_congress``: members of the US Congress, which yente uses as positives for a
  PEP dataset; against sanctions lists they are negatives full of common US names.

Pair suites (two records compared, no retrieval), see :func:`pair_suites`:

* ``nk_cases``: nomenklatura's ``contrib/name_bench/cases.csv``, labelled name pairs
  (groups nk_checks, nk_unit_tests, synth_people, synth_companies, cluster_align,
  cust_cases) with a ``quality`` tier; ``logicv2-frozen.csv`` is logic-v2's output on
  them as frozen by nomenklatura's authors (score, verdict at 0.7, outcome).
* ``nk_checks``: nomenklatura's ``contrib/entity_bench/checks.yml``, whole-record pairs
  (name parts, not just ``name``) for the full matcher. cases.csv's ``nk_checks`` group is
  a port of it to plain names and was relabelled in places (e.g. "Olaf Schulze" vs
  "Olaf Scholz" is a match there, a non-match here).
* ``watchman_cross_script``: moov-io watchman's cross-script pairs (all matches; the
  file's own minimum scores are for its embedding model, not comparable here).
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from followthemoney.types import registry

from bench.evalset import EvalQuery, PositiveBuilder
from bench.name_keys import ListedNames, key
from bench.universe import RAW
from tracewire.model import Entity

YENTE = RAW / "yente_benchmarks"
NK = RAW / "nomenklatura_name_bench"
WATCHMAN = RAW / "watchman_eval" / "cross_script_pairs.csv"

RETRIEVAL_SIZES = {"yente_un": 300, "yente_negatives_global": 400, "yente_negatives_us": 400}
CONGRESS_SIZE = 200


def _rng(seed: int, name: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}:ext:{name}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _country(value: str) -> list[str]:
    code = registry.country.clean(value) if value else None
    return [code] if code else []


def _un_index(entities: list[Entity]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        if e.dataset.startswith("un") and e.schema == "Person":
            for name in e.names:
                index[key(name)].add(e.id)
    return index


def _un_suites(builder: PositiveBuilder, scale: float) -> list[EvalQuery]:
    base = YENTE / "candidate_generation"
    plain = _rows(base / "positives_un_untreated.csv")
    treated = _rows(base / "positives_un_treated.csv")
    index = _un_index(builder.entities)
    if not index or len(plain) != len(treated):
        return []
    seed = builder.seed
    order = list(range(len(plain)))
    _rng(seed, "yente_un").shuffle(order)
    out: list[EvalQuery] = []
    count = max(1, round(RETRIEVAL_SIZES["yente_un"] * scale))
    made = 0
    for i in order:
        if made >= count:
            break
        ids = index.get(key(plain[i]["full_name"]))
        if not ids:
            continue
        made += 1
        for suite, row in (("yente_un_untreated", plain[i]), ("yente_un_treated", treated[i])):
            dob = row.get("date_of_birth") or ""
            tolerated: set[str] = set()
            for x in ids:
                entity = builder.by_id[x]
                tolerated.update(
                    builder.tolerated(entity, plain[i]["full_name"], [dob] if dob else [])
                )
            out.append(
                EvalQuery(
                    qid=f"{suite}-{i:04d}",
                    suite=suite,
                    label="positive",
                    deviation="listed" if suite.endswith("untreated") else "treated",
                    schema="Person",
                    names=[row["full_name"]],
                    birth_dates=[dob] if dob else [],
                    countries=_country(row.get("nationality") or ""),
                    expected=sorted(ids),
                    tolerated=sorted(tolerated - ids),
                    source_name=plain[i]["full_name"],
                    source_id=sorted(ids)[0],
                )
            )
    return out


def _negative_suite(
    suite: str, path: Path, count: int, listed: ListedNames, seed: int
) -> list[EvalQuery]:
    rows = _rows(path)
    order = list(range(len(rows)))
    _rng(seed, suite).shuffle(order)
    out: list[EvalQuery] = []
    for i in order:
        if len(out) >= count:
            break
        row = rows[i]
        name = (row.get("full_name") or "").strip()
        if not name or listed.is_listed(name):
            continue
        dob = row.get("date_of_birth") or ""
        gender = (row.get("gender") or "").strip().lower() or None
        out.append(
            EvalQuery(
                qid=f"{suite}-{i:05d}",
                suite=suite,
                label="negative",
                deviation="synthetic" if "negatives" in suite else "us_congress",
                schema="Person",
                names=[name],
                birth_dates=[dob] if dob else [],
                countries=_country(row.get("nationality") or ""),
                gender=gender if gender in ("male", "female") else None,
            )
        )
    return out


def retrieval_suites(builder: PositiveBuilder, scale: float) -> list[EvalQuery]:
    """The yente suites; ``builder`` holds the universe, its twins and the seed."""
    if not YENTE.exists():
        return []
    listed, seed = builder.listed, builder.seed
    out = _un_suites(builder, scale)
    for suite in ("yente_negatives_global", "yente_negatives_us"):
        path = YENTE / "validation_report" / f"{suite.removeprefix('yente_')}.csv"
        out += _negative_suite(suite, path, round(RETRIEVAL_SIZES[suite] * scale), listed, seed)
    congress = YENTE / "candidate_generation" / "positives_us_congress_untreated.csv"
    out += _negative_suite(
        "yente_us_congress", congress, round(CONGRESS_SIZE * scale), listed, seed
    )
    return out


# -- pair suites ---------------------------------------------------------------------------
@dataclass(slots=True)
class PairCase:
    suite: str
    case_id: str
    schema: str
    query: dict[str, list[str]]
    candidate: dict[str, list[str]]
    match: bool
    quality: str = "MEDIUM"
    category: str = ""
    group: str = ""
    frozen_score: float | None = None  # logic-v2 as frozen by nomenklatura (nk_cases)
    extra: dict[str, str] = field(default_factory=dict)


def _props(raw: dict[str, object]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for prop, value in raw.items():
        values = value if isinstance(value, list) else [value]
        out[prop] = [str(v) for v in values if v is not None and str(v).strip()]
    return out


def _case_id(*parts: str) -> str:
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=4).hexdigest()


def check_split(schema: str, query: object, candidate: object, match: bool) -> str:
    """The fixed half of one ``checks.yml`` check: ``dev`` (may be analysed and tuned on)
    or ``heldout`` (reported only), see :mod:`bench.checks`.

    The content is the check as published (schema, query and candidate properties, the
    label), serialised with sorted keys; the lowest bit of the first byte of its SHA-256
    decides. The split does not move when checks are added, removed or reordered, and
    roughly half the checks fall on each side.
    """
    content = json.dumps([schema, query, candidate, match], sort_keys=True, ensure_ascii=False)
    return "heldout" if hashlib.sha256(content.encode()).digest()[0] & 1 else "dev"


def case_split(schema: str, name1: str, name2: str, match: bool) -> str:
    """The fixed half of one ``cases.csv`` pair: ``dev`` or ``heldout`` (as
    :func:`check_split`: a SHA-256 of the pair as published, lowest bit of its first byte).

    The name pair is hashed without its order or case, so that a pair listed twice in
    either order falls on one side. :func:`pair_suites` overrides this for the rows
    ported from ``checks.yml`` (see :func:`_ported_split`).
    """
    names = sorted((name1.strip().casefold(), name2.strip().casefold()))
    content = json.dumps([schema, names, match], ensure_ascii=False)
    return "heldout" if hashlib.sha256(content.encode()).digest()[0] & 1 else "dev"


def pair_names(props: dict[str, list[str]]) -> list[str]:
    """A pair side's names: ``name`` and ``alias``, else its name parts joined."""
    names = props.get("name", []) + props.get("alias", [])
    if names:
        return names
    parts = (
        " ".join(props.get(p, [])) for p in ("firstName", "middleName", "fatherName", "lastName")
    )
    return [" ".join(p for p in parts if p)]


def _ported_split(checks: list[PairCase]) -> dict[tuple[str, str], str]:
    """The half of each ``checks.yml`` name pair, in both orders, by casefolded names.

    ``cases.csv``'s ``nk_checks`` group is a port of ``checks.yml`` to plain names: such a
    row takes its check's half, so that the dev half of one set never holds what the
    held-out half of the other measures. A name pair in checks of both halves is held out.
    """
    out: dict[tuple[str, str], str] = {}
    for check in checks:
        for a in pair_names(check.query):
            for b in pair_names(check.candidate):
                for pair in ((a.casefold(), b.casefold()), (b.casefold(), a.casefold())):
                    side = check.extra["split"]
                    out[pair] = side if out.get(pair, side) == side else "heldout"
    return out


def _nk_checks() -> list[PairCase]:
    if not (NK / "checks.yml").exists():
        return []
    with open(NK / "checks.yml", encoding="utf-8") as fh:
        checks = yaml.safe_load(fh)["checks"]
    out: list[PairCase] = []
    for i, check in enumerate(checks):
        query, candidate = _props(check["query"]), _props(check["candidate"])
        match = bool(check["match"])
        out.append(
            PairCase(
                suite="nk_checks",
                case_id=f"check-{i:03d}",
                schema=check["schema"],
                query=query,
                candidate=candidate,
                match=match,
                category=check.get("label") or "",
                group="checks.yml",
                extra={"split": check_split(check["schema"], query, candidate, match)},
            )
        )
    return out


def pair_suites() -> list[PairCase]:
    out: list[PairCase] = []
    checks = _nk_checks()
    ported = _ported_split(checks)
    if (NK / "cases.csv").exists():
        frozen: dict[tuple[str, str, str, str], float] = {}
        if (NK / "logicv2-frozen.csv").exists():
            for row in _rows(NK / "logicv2-frozen.csv"):
                ident = (row["case_group"], row["schema"], row["name1"], row["name2"])
                frozen[ident] = float(row["score"])
        for row in _rows(NK / "cases.csv"):
            ident = (row["case_group"], row["schema"], row["name1"], row["name2"])
            match = row["is_match"].strip().lower() == "true"
            split = case_split(row["schema"], row["name1"], row["name2"], match)
            if row["case_group"] == "nk_checks":
                split = ported.get((row["name1"].casefold(), row["name2"].casefold()), split)
            out.append(
                PairCase(
                    suite="nk_cases",
                    case_id=_case_id(*ident),
                    schema=row["schema"],
                    query={"name": [row["name1"]]},
                    candidate={"name": [row["name2"]]},
                    match=match,
                    quality=row.get("quality") or "MEDIUM",
                    category=row.get("category") or "",
                    group=row["case_group"],
                    frozen_score=frozen.get(ident),
                    extra={"split": split},
                )
            )
    out += checks
    if WATCHMAN.exists():
        with open(WATCHMAN, encoding="utf-8") as fh:
            lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
        for i, fields in enumerate(csv.reader(lines)):
            query, expected, min_score, description = (fields + ["", "", "", ""])[:4]
            out.append(
                PairCase(
                    suite="watchman_cross_script",
                    case_id=f"ws-{i:02d}",
                    schema="Person",
                    query={"name": [query]},
                    candidate={"name": [expected]},
                    match=True,
                    category=description,
                    group="cross_script_pairs.csv",
                    extra={"min_score": min_score},
                )
            )
    return out
