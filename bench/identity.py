"""Screening results are those of scoring every candidate in full.

    .venv/bin/python -m bench.identity [--queries 3000]

``Screener.match`` weighs the features (birth date, country, legal form, identifiers)
only of the candidates whose ceiling can still enter the top results. This screens a
mix of queries on every real list (listed names as printed, with a typo, ordinary
names, some with a schema, birth date or country; see :mod:`bench.speed`) both ways, the
reference scoring every retrieved candidate in full as before, and compares ids, scores,
match flags and explanations exactly. Prints the count compared and the differences
(0 expected), and the queries per CPU second of each way.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time

from bench.speed import ALL_LISTS, RAW, TRIMMED_OK, ordinary_names, typo
from tracewire.bounds import _WORD, MAX_NAME_WORDS
from tracewire.ingest import load_paths
from tracewire.match import Query, Screener
from tracewire.match.index import Record
from tracewire.match.scoring import MatchResult, PreparedQuery, score_candidate
from tracewire.match.screener import CANDIDATES, bound_holds, headroom
from tracewire.store import Store


def reference(screener: Screener, query: Query, limit: int = 5) -> list[MatchResult]:
    """``Screener.match`` as it was: every retrieved candidate scored in full."""
    cut = screener.threshold
    prepared = PreparedQuery.prepare(query)
    rids, hit = screener.index.candidates(
        prepared.forms,
        prepared.ids,
        query.schema,
        max(CANDIDATES, limit),
        floor=cut if bound_holds(prepared.params) else None,
        headroom=headroom(prepared),
    )
    results = []
    for rid in rids:
        record: Record = screener.index.records[rid]
        result = score_candidate(prepared, record, screener.index, cut, hit, 0.0)
        if result is not None:
            results.append(result)
    results.sort(key=lambda r: (-r.score, r.entity.id))
    return results[:limit]


def queries(screener: Screener, n: int, rng: random.Random) -> list[Query]:
    names = [form.original for r in screener.index.records for form, _ in r.names]
    third = n // 3
    texts = (
        [rng.choice(names) for _ in range(third)]
        + [typo(rng.choice(names), rng) for _ in range(third)]
        + ordinary_names(rng, n - 2 * third)
    )
    rng.shuffle(texts)
    # a few listed names have more words than a query may (the query would be refused)
    texts = [t for t in texts if len(_WORD.findall(t)) <= MAX_NAME_WORDS]
    out = []
    for i, text in enumerate(texts):
        # every fourth query carries features, so that their ceiling is exercised
        if i % 4 == 1:
            out.append(Query(names=[text], schema="Person", birth_dates=["1970-01-01"]))
        elif i % 4 == 2:
            out.append(Query(names=[text], countries=["RU"]))
        elif i % 4 == 3:
            # a listed name of the most words allowed stays as it is (one more is refused)
            long = len(_WORD.findall(text)) >= MAX_NAME_WORDS
            out.append(
                Query(names=[text if long else text + " LLC"], schema="Company", countries=["IR"])
            )
        else:
            out.append(Query(names=[text]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=3000)
    args = parser.parse_args()
    if not RAW.exists():
        sys.exit(f"no shared data at {RAW}")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        for rel in ALL_LISTS:
            load_paths(store, [RAW / rel], policy=TRIMMED_OK)
        screener = Screener.from_store(store)
    qs = queries(screener, args.queries, random.Random(11))
    for q in qs[:100]:  # warm caches
        screener.match(q)
        reference(screener, q)
    # each query both ways in turn, so that both meet the same warm caches
    old: list[list[MatchResult]] = []
    new: list[list[MatchResult]] = []
    old_cpu = new_cpu = 0.0
    for i, q in enumerate(qs):
        for way in (0, 1) if i % 2 else (1, 0):
            cpu = time.process_time()
            if way:
                new.append(screener.match(q))
                new_cpu += time.process_time() - cpu
            else:
                old.append(reference(screener, q))
                old_cpu += time.process_time() - cpu
    differ = 0
    for q, a, b in zip(qs, old, new, strict=True):
        if [r.to_dict() for r in a] != [r.to_dict() for r in b] or [r.score for r in a] != [
            r.score for r in b
        ]:
            differ += 1
            if differ <= 5:
                print(f"differs: {q.names[0]!r}")
    print(f"{'measure':<34} {'value':>12}")
    print("-" * 47)
    for label, value in (
        ("queries compared", f"{len(qs):,}"),
        ("results compared", f"{sum(len(a) for a in old):,}"),
        ("queries whose results differ", f"{differ}"),
        ("reference: queries per CPU second", f"{len(qs) / old_cpu:,.0f}"),
        ("match: queries per CPU second", f"{len(qs) / new_cpu:,.0f}"),
    ):
        print(f"{label:<34} {value:>12}")
    if differ:
        sys.exit(1)


if __name__ == "__main__":
    main()
