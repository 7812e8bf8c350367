"""What the name-score bound (:mod:`tracewire.match.ceiling`) would spare, and what it costs.

    .venv/bin/python -m bench.ceiling [--queries 1500]

On every real list (:mod:`bench.speed`'s lists and query mix: listed names, the same
with a typo, ordinary names), screens each query twice, in turns:

- ``Screener.match`` as it is (every candidate's names compared);
- bounded: every candidate bounded by :func:`~tracewire.match.ceiling.name_ceilings`,
  then compared best bound first, stopping where no bound left can enter the top five.

and prints per query kind the candidates and the comparisons made each way, whether the
results are the same (ids, scores, explanations: they must be), and the queries per CPU
second of each. The bound is exact (``tests/match/test_ceiling.py``); whether it pays
depends on its cost against a comparison's.
"""

from __future__ import annotations

import argparse
import heapq
import random
import sys
import tempfile
import time
from collections.abc import Callable

from bench.speed import ALL_LISTS, RAW, TRIMMED_OK, ordinary_names, typo
from tracewire.bounds import _WORD, MAX_NAME_WORDS
from tracewire.ingest import load_paths
from tracewire.match import Query, Screener
from tracewire.match.ceiling import name_ceilings
from tracewire.match.scoring import (
    MatchResult,
    PreparedQuery,
    ScoreCeiling,
    candidate_name,
    name_floor,
    person_names,
    weigh_features,
)
from tracewire.match.screener import CANDIDATES
from tracewire.store import Store


def bounded_match(
    screener: Screener, query: Query, limit: int = 5, counted: list[int] | None = None
) -> list[MatchResult]:
    """``screener.match(query, limit)`` (default threshold and comparison, no minimum
    score), comparing the names of the candidates whose bound may enter the results
    only; ``counted`` gets the comparisons made added to its first item."""
    index = screener.index
    prepared = PreparedQuery.prepare(query)
    cut = screener.threshold
    rids, hit = index.candidates(
        prepared.forms,
        prepared.ids,
        query.schema,
        max(CANDIDATES, limit),
        floor=name_floor(prepared, cut),
        headroom=0.0,
    )
    records = [index.records[rid] for rid in rids]
    ceiling_of = ScoreCeiling(prepared)
    if prepared.ids:
        bounds = [1.0] * len(records)
    else:
        persons = [person_names(prepared, r) for r in records]
        bounds = name_ceilings(prepared, records, persons, index, hit)
    ranked = sorted(
        ((ceiling_of(b), r) for b, r in zip(bounds, records, strict=True)),
        key=lambda item: -item[0],  # stable: ties keep the retrieval order
    )
    results: list[MatchResult] = []
    top: list[float] = []
    for ceiling, record in ranked:
        if len(top) >= limit and top[0] > ceiling + 1e-9:
            break
        if counted is not None:
            counted[0] += 1
        name = candidate_name(prepared, record, index, hit, 0.0, ceiling_of)
        if name is None:
            continue
        result = weigh_features(prepared, record, name, cut)
        results.append(result)
        if len(top) < limit:
            heapq.heappush(top, result.score)
        elif result.score > top[0]:
            heapq.heapreplace(top, result.score)
    results.sort(key=lambda r: (-r.score, r.entity.id))
    return results[:limit]


def _key(results: list[MatchResult]) -> list[tuple[str, str, object]]:
    return [(r.entity.id, repr(r.score), r.to_dict()) for r in results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=1500)
    args = parser.parse_args()
    if not RAW.exists():
        sys.exit(f"no shared data at {RAW}")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        for rel in ALL_LISTS:
            load_paths(store, [RAW / rel], policy=TRIMMED_OK)
        screener = Screener.from_store(store)
    rng = random.Random(7)
    names = [form.original for r in screener.index.records for form, _ in r.names]
    names = [n for n in names if len(_WORD.findall(n)) <= MAX_NAME_WORDS]
    third = args.queries // 3
    queries = (
        [("listed", rng.choice(names)) for _ in range(third)]
        + [("typo", typo(rng.choice(names), rng)) for _ in range(third)]
        + [("ordinary", n) for n in ordinary_names(rng, args.queries - 2 * third)]
    )
    rng.shuffle(queries)
    for _kind, text in queries[:100]:  # warm caches, as bench.speed does
        screener.match(Query(names=[text]))
    kinds = ("listed", "typo", "ordinary")
    compared = {k: [0] for k in kinds}
    candidates = dict.fromkeys(kinds, 0)
    counts = dict.fromkeys(kinds, 0)
    same = 0
    for kind, text in queries:
        query = Query(names=[text])
        prepared = PreparedQuery.prepare(query)
        rids, _hit = screener.index.candidates(
            prepared.forms,
            prepared.ids,
            None,
            CANDIDATES,
            floor=name_floor(prepared, screener.threshold),
            headroom=0.0,
        )
        candidates[kind] += len(rids)
        counts[kind] += 1
        same += _key(screener.match(query)) == _key(
            bounded_match(screener, query, 5, compared[kind])
        )

    def rate(run: Callable[[Query], object]) -> float:
        cpu = time.process_time()
        for _kind, text in queries:
            run(Query(names=[text]))
        return len(queries) / (time.process_time() - cpu)

    rates: dict[str, list[float]] = {"match": [], "bounded": []}
    for _ in range(2):  # in turns, so that both see the same load
        rates["match"].append(rate(screener.match))
        rates["bounded"].append(rate(lambda q: bounded_match(screener, q)))
    print(f"{'queries':<10} {'n':>6} {'candidates/q':>13} {'bounded: compared/q':>20}")
    print("-" * 52)
    for k in kinds:
        n = max(1, counts[k])
        print(f"{k:<10} {counts[k]:>6} {candidates[k] / n:>13.1f} {compared[k][0] / n:>20.1f}")
    print(f"\nsame results: {same:,} of {len(queries):,} queries")
    for label, values in rates.items():
        print(f"{label:<8} queries per CPU second: " + ", ".join(f"{v:,.0f}" for v in values))


if __name__ == "__main__":
    main()
