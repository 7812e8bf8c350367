"""Real pairs: the same party as another list prints it, joined by a shared identifier.

OFAC, the EU, the UK, the UN, the CSL and the DoD list often carry the same party, each
under its own spelling: a transliteration, a translation, a legal form moved or dropped,
a name part more or less. Nobody here wrote those variants, so they measure the matcher
on variation it was not tuned on. Two records of different lists that share a strong
identifier (INN, OGRN, IMO, passport, USCC, LEI, SWIFT/BIC, tax or registration number)
are one party; each such record gives a query: its name (name only, no identifier: an
identifier decides by itself), where no name of the other record has the same words.
The expected hit is the other list's record; the record the name came from, and every
twin of it or of the expected record (:mod:`bench.twins`), is tolerated.

The split is fixed by the identifier (a hash, not the seed): half of the groups are
``real_pairs_dev``, the other half ``real_pairs_heldout``, which is never used to tune
the matcher (report it; do not look at its failures to change rules).
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict

from bench.evalset import EvalQuery, query_schema, usable
from bench.name_keys import key, schema_family, script_of
from tracewire.model import Entity

IDS = (
    "innCode", "ogrnCode", "imoNumber", "passportNumber", "uscCode", "leiCode", "swiftBic",
    "taxNumber", "registrationNumber",
)  # fmt: skip
#: an identifier shared by more records than this is a placeholder, not one party
MAX_GROUP = 6
#: queries per group member at most (a big group would weigh too much)
PER_RECORD = 1


def _norm(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def split_of(group: str) -> str:
    """The fixed split of an identifier group (independent of any seed)."""
    digest = hashlib.sha256(group.encode()).digest()
    return "real_pairs_heldout" if digest[0] % 2 else "real_pairs_dev"


def build_real_pairs(
    entities: list[Entity], twins: dict[str, set[str]], seed: int = 7, scale: float = 1.0
) -> list[EvalQuery]:
    """The cross-list queries (see the module docstring)."""
    groups: dict[str, set[str]] = defaultdict(set)
    by_id = {e.id: e for e in entities}
    for e in entities:
        for prop in IDS:
            for value in e.get(prop):
                norm = _norm(value)
                if len(norm) >= 6:
                    groups[f"{prop}:{norm}"].add(e.id)
    out: list[EvalQuery] = []
    seen: set[tuple[str, str]] = set()
    for group in sorted(groups):
        ids = sorted(groups[group])
        if not 2 <= len(ids) <= MAX_GROUP:
            continue
        datasets = {by_id[i].dataset for i in ids}
        if len(datasets) < 2:
            continue
        for source_id in ids:
            source = by_id[source_id]
            family = schema_family(source.schema)
            others = [
                by_id[i]
                for i in ids
                if by_id[i].dataset != source.dataset and schema_family(by_id[i].schema) == family
            ]
            if not others:
                continue
            other_keys = {key(n) for o in others for n in o.names}
            names = [n for n in source.get("name") if usable(n) and key(n) not in other_keys]
            if not names or (source_id, names[0]) in seen:
                continue
            name = names[0]
            seen.add((source_id, name))
            expected = sorted(o.id for o in others)
            target_scripts = {script_of(n) for o in others for n in o.names}
            script = script_of(name)
            kind = "same script" if script in target_scripts else f"{script.lower()} to other"
            # the record the name came from and every twin of it or of an expected
            # record: the same party, listed once more (an alert on it is no false alert)
            same = {source_id} | twins.get(source_id, set())
            for other in expected:
                same |= twins.get(other, set())
            tolerated = sorted(same - set(expected))
            out.append(
                EvalQuery(
                    qid=f"real-{hashlib.sha256(f'{group}|{source_id}'.encode()).hexdigest()[:12]}",
                    suite=split_of(group),
                    label="positive",
                    deviation=f"{family[:6]} {kind}",
                    schema=query_schema(source),
                    names=[name],
                    expected=expected,
                    tolerated=tolerated,
                    source_name=name,
                    source_id=source_id,
                    detail=group,
                )
            )
    rng = random.Random(f"{seed}-real-pairs")
    rng.shuffle(out)
    keep = round(len(out) * min(1.0, scale))
    return sorted(out[:keep], key=lambda q: q.qid)
