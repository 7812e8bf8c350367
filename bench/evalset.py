"""The evaluation set of the accuracy benchmark, built from the real lists.

    .venv/bin/python -m bench.evalset [--seed 7] [--scale 1.0] [--out bench/results/]

Positive queries are listed names varied by one realistic deviation each (see
:mod:`bench.deviations`), labelled with its type; persons sometimes carry their listed
birth date and nationality, organisations their country (right or absent, never wrong).
Two more positive kinds use the same party listed twice: ``script_to_latin`` queries an
original-script name and expects the *other* list's record that has no name in that
script; ``latin_to_script`` queries that other record's romanisation and expects the
record with the original script. Negative queries are common names that are not listed,
and hard negatives that change one meaningful part of a listed name (see
:mod:`bench.negatives`). Separate suites come from published labelled sets (see
:mod:`bench.external`).

Everything is seeded: the same lists and seed give the same set, byte for byte. Across
lists the same party appears under several ids; an alert on such a *twin* (see
:mod:`bench.twins`) is tolerated: neither a hit nor a false alert.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.deviations import APPLIES, DEVIATIONS
from bench.legal_forms import find_form
from bench.name_keys import ListedNames, key, schema_family, script_of, tokens
from bench.twins import find_twins
from tracewire.match.query import Query
from tracewire.model import Entity

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(slots=True)
class EvalQuery:
    qid: str
    suite: str
    label: str  # "positive" or "negative"
    deviation: str  # deviation type for positives, negative kind for negatives
    schema: str
    names: list[str]
    detail: str = ""
    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    gender: str | None = None
    expected: list[str] = field(default_factory=list)  # an alert on one of these is a hit
    tolerated: list[str] = field(default_factory=list)  # neither hit nor false alert
    source_name: str = ""
    source_id: str | None = None

    @property
    def positive(self) -> bool:
        return self.label == "positive"

    def to_query(self) -> Query:
        return Query(
            names=list(self.names),
            schema=self.schema,
            birth_dates=list(self.birth_dates),
            countries=list(self.countries),
            gender=self.gender,
            id=self.qid,
        )

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


# -- query attributes ---------------------------------------------------------------------
def _attributes(entity: Entity, rng: random.Random) -> tuple[list[str], list[str], str | None]:
    """Birth dates, countries and gender a customer record would carry: right or absent."""
    dates: list[str] = []
    countries: list[str] = []
    if entity.schema == "Person":
        births = entity.get("birthDate")
        if births and rng.random() < 0.4:
            date = rng.choice(births)
            dates = [date[:4] if rng.random() < 0.5 else date]
        nat = entity.get("nationality") + entity.get("citizenship") + entity.get("country")
        if nat and rng.random() < 0.4:
            countries = [nat[0]]
        gender = entity.first("gender") if rng.random() < 0.3 else None
        return dates, countries, gender
    if entity.schema != "Vessel":
        home = entity.get("country") + entity.get("jurisdiction")
        if home and rng.random() < 0.3:
            countries = [home[0]]
    return dates, countries, None


def query_schema(entity: Entity) -> str:
    return entity.schema if entity.schema in ("Person", "Company", "Vessel") else "LegalEntity"


# -- positives ------------------------------------------------------------------------------
#: per schema family and deviation: how many queries at scale 1.0
POSITIVE_SIZES: dict[str, dict[str, int]] = {
    "Person": {
        "none": 40, "typo": 120, "drop_part": 120, "reorder": 120, "translit": 120,
        "abbreviation": 100, "noise_words": 80, "script_to_latin": 80, "latin_to_script": 80,
    },
    "Organization": {
        "none": 40, "typo": 100, "drop_part": 100, "translit": 60, "legal_form": 120,
        "abbreviation": 100, "noise_words": 100, "script_to_latin": 60, "latin_to_script": 60,
    },
    "Vessel": {"none": 20, "typo": 60, "drop_part": 30, "noise_words": 50},
}  # fmt: skip


def interleave(entities: list[Entity], rng: random.Random) -> list[Entity]:
    """Shuffle within each dataset, then take the datasets in turn (all lists get a say)."""
    per: dict[str, list[Entity]] = defaultdict(list)
    for e in entities:
        per[e.dataset].append(e)
    queues = []
    for ds in sorted(per):
        items = per[ds]
        rng.shuffle(items)
        queues.append(items)
    out: list[Entity] = []
    while any(queues):
        for q in queues:
            if q:
                out.append(q.pop())
    return out


def usable(name: str) -> bool:
    """A single clean name: not several names run together, not a parser's remark, not
    a bare legal form."""
    low = name.lower()
    form = find_form(name)
    if form is not None and not (name[: form.start] + name[form.end :]).strip(" ,.«»\"'"):
        return False
    return (
        bool(tokens(name))
        and len(name) <= 90
        and ";" not in name
        and " / " not in name
        and "/" not in name.strip("/").replace("M/V", "")
        and "previously" not in low
        and "formerly" not in low
    )


def _latin_names(entity: Entity) -> list[str]:
    return [n for n in entity.names if script_of(n) == "LATIN" and usable(n)]


class PositiveBuilder:
    def __init__(
        self,
        entities: list[Entity],
        listed: ListedNames,
        seed: int,
        twins: dict[str, set[str]] | None = None,
    ) -> None:
        self.entities = entities
        self.listed = listed
        self.seed = seed
        self.twins = find_twins(entities, usable) if twins is None else twins
        self.by_id = {e.id: e for e in entities}

    def _rng(self, *parts: object) -> random.Random:
        digest = hashlib.sha256(":".join(map(str, (self.seed, *parts))).encode()).digest()
        return random.Random(int.from_bytes(digest[:8], "big"))

    def tolerated(self, entity: Entity, source: str, dates: list[str]) -> list[str]:
        """Twins, and homonyms of the listed name that the query's birth date allows."""
        years = {d[:4] for d in dates}
        out = set(self.twins.get(entity.id, set()))
        for other in self.listed.homonyms(source) - {entity.id}:
            theirs = {d[:4] for d in self.by_id[other].get("birthDate")}
            if not years or not theirs or years & theirs:
                out.add(other)
        return sorted(out - {entity.id})

    def _clashes(self, name: str, allowed: set[str]) -> bool:
        """The varied name is exactly another party's listed name: no fair positive."""
        return bool(self.listed.keys.get(key(name), set()) - allowed)

    def pool(self, family: str) -> list[Entity]:
        return [e for e in self.entities if schema_family(e.schema) == family]

    def deviated(self, family: str, deviation: str, count: int) -> Iterator[EvalQuery]:
        rng = self._rng(family, deviation)
        func = DEVIATIONS[deviation]
        made = 0
        for entity in interleave(self.pool(family), rng):
            if made >= count:
                return
            twins = self.twins.get(entity.id, set())
            names = [entity.first("name") or entity.names[0]] + entity.names
            candidates = [n for n in dict.fromkeys(names) if usable(n)]
            if deviation not in ("translit", "none"):
                candidates = [n for n in candidates if script_of(n) == "LATIN"] or candidates
            for name in candidates[:3]:
                out = func(name, entity, rng)
                if out is None:
                    continue
                new, detail = out
                if not tokens(new) or self._clashes(new, twins | {entity.id}):
                    continue
                if deviation != "none" and tokens(new) == tokens(name):
                    continue
                dates, countries, gender = _attributes(entity, rng)
                made += 1
                yield EvalQuery(
                    qid=f"pos-{family[:3].lower()}-{deviation}-{made:04d}",
                    suite="generated",
                    label="positive",
                    deviation=deviation,
                    detail=detail,
                    schema=query_schema(entity),
                    names=[new],
                    birth_dates=dates,
                    countries=countries,
                    gender=gender,
                    expected=[entity.id],
                    tolerated=self.tolerated(entity, name, dates),
                    source_name=name,
                    source_id=entity.id,
                )
                break

    def cross_script(self, family: str, deviation: str, count: int) -> Iterator[EvalQuery]:
        """Original script vs the romanisation on another list's record of the same party."""
        rng = self._rng(family, deviation)
        made = 0
        for entity in interleave(self.pool(family), rng):
            if made >= count:
                return
            scripts = {
                script_of(n): n for n in entity.names if script_of(n) != "LATIN" and usable(n)
            }
            if not scripts:
                continue
            script, original = sorted(scripts.items())[0]
            twins = self.twins.get(entity.id, set())
            latin_only = sorted(
                t for t in twins if all(script_of(n) != script for n in self.by_id[t].names)
            )
            if not latin_only:
                continue
            dates, countries, gender = _attributes(entity, rng)
            if deviation == "script_to_latin":
                names, expected = [original], latin_only
                tolerated = sorted((twins | {entity.id}) - set(latin_only))
                source = original
            else:
                own = {key(n) for n in entity.names}
                other = self.by_id[rng.choice(latin_only)]
                spellings = [n for n in _latin_names(other) if key(n) not in own]
                if not spellings:
                    continue
                names, expected = [spellings[0]], [entity.id]
                tolerated = sorted(twins)
                source = original
            made += 1
            yield EvalQuery(
                qid=f"pos-{family[:3].lower()}-{deviation}-{made:04d}",
                suite="generated",
                label="positive",
                deviation=deviation,
                detail=script.lower(),
                schema=query_schema(entity),
                names=names,
                birth_dates=dates,
                countries=countries,
                gender=gender,
                expected=expected,
                tolerated=tolerated,
                source_name=source,
                source_id=entity.id,
            )

    def build(self, scale: float = 1.0) -> list[EvalQuery]:
        out: list[EvalQuery] = []
        for family, sizes in POSITIVE_SIZES.items():
            for deviation, size in sizes.items():
                count = max(1, round(size * scale))
                if deviation in ("script_to_latin", "latin_to_script"):
                    out.extend(self.cross_script(family, deviation, count))
                elif deviation in APPLIES[family]:
                    out.extend(self.deviated(family, deviation, count))
        return out


# -- the whole set ----------------------------------------------------------------------------
def build_evalset(
    entities: list[Entity], seed: int = 7, scale: float = 1.0, external: bool = True
) -> list[EvalQuery]:
    """Positives, negatives and (optionally) the published retrieval suites."""
    from bench.external import retrieval_suites
    from bench.negatives import NegativeBuilder
    from bench.realpairs import build_real_pairs

    listed = ListedNames(entities)
    positives = PositiveBuilder(entities, listed, seed)
    queries = positives.build(scale)
    queries += NegativeBuilder(entities, listed, seed).build(scale)
    if external:
        queries += retrieval_suites(positives, scale)
    queries += build_real_pairs(entities, positives.twins, seed, scale)
    return queries


def digest(queries: Iterable[EvalQuery]) -> str:
    h = hashlib.sha256()
    for q in queries:
        h.update(json.dumps(q.to_dict(), sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()[:16]


def write_jsonl(queries: list[EvalQuery], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for q in queries:
            fh.write(json.dumps(q.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")


def summary(queries: list[EvalQuery]) -> str:
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for q in queries:
        counts[(q.suite, q.label, q.deviation)] += 1
    lines = [f"{'suite':26} {'label':9} {'kind':18} {'n':>5}"]
    for (suite, label, dev), n in sorted(counts.items()):
        lines.append(f"{suite:26} {label:9} {dev:18} {n:>5}")
    lines.append(f"{'total':55} {len(queries):>5}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    from bench.universe import load_universe

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    universe = load_universe()
    queries = build_evalset(universe.entities, args.seed, args.scale)
    path = args.out / f"evalset-seed{args.seed}.jsonl"
    write_jsonl(queries, path)
    print(summary(queries))
    print(f"written {path} (digest {digest(queries)})")


if __name__ == "__main__":
    main()
