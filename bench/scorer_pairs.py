"""Labelled (query, candidate) pairs with the evidence tracewire scores them on.

    .venv/bin/python -m bench.scorer_pairs [--seed 11] [--scale 1.0] [--out FILE]

For every query of the evaluation set (:mod:`bench.evalset`; its generated suite, the
real pairs and yente's UN typo/reshuffle suites) tracewire's index retrieves up to
``--limit`` candidates without a score floor, and each is compared in full: the best
name pair, its alignment and the other features (:mod:`tracewire.match.features`). A
candidate the query expects is labelled 1, one it tolerates (a twin, the source record)
is left out, any other is labelled 0. The rows are what :mod:`bench.train_scorer`
learns the score combination from, and what the calibration analysis reads.

Splits: ``generated`` (its seed), ``real_pairs_dev`` / ``real_pairs_heldout`` (fixed by
the identifier's hash, :mod:`bench.realpairs`), and yente's UN suites, which come with
no split: :func:`un_split` fixes one by a hash of the listed name, so that a name and its
treated variant fall on the same side.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.evalset import RESULTS, EvalQuery, build_evalset
from bench.universe import load_universe
from tracewire.match import Screener
from tracewire.match.scoring import PreparedQuery, best_name, person_names, score_evidence

#: the suites whose pairs are collected (the yente negatives are persons with no listed
#: twin: every candidate is a negative)
SUITES = (
    "generated",
    "real_pairs_dev",
    "real_pairs_heldout",
    "yente_un_treated",
    "yente_un_untreated",
    "yente_negatives_global",
    "yente_negatives_us",
)


def un_split(source_name: str) -> str:
    """The fixed dev / held-out side of a yente UN row (a hash of its listed name)."""
    return "heldout" if hashlib.sha256(source_name.encode()).digest()[0] % 2 else "dev"


def split_of(q: EvalQuery) -> str:
    """``dev`` or ``heldout`` for a query (the generated and negative suites are dev)."""
    if q.suite.startswith("real_pairs"):
        return q.suite.removeprefix("real_pairs_")
    if q.suite.startswith("yente_un"):
        return un_split(q.source_name)
    if q.suite.startswith("yente_negatives"):
        return un_split(q.qid)
    return "dev"


def pairs(screener: Screener, q: EvalQuery, limit: int) -> Iterator[dict[str, Any]]:
    query = q.to_query()
    try:
        prepared = PreparedQuery.prepare(query)
    except Exception:  # noqa: BLE001 - a query with no letters has no pairs
        return
    index = screener.index
    rids, hit = index.candidates(prepared.forms, prepared.ids, query.schema, limit, floor=None)
    expected, tolerated = set(q.expected), set(q.tolerated)
    for rid in rids:
        record = index.records[rid]
        eid = record.entity.id
        if eid in tolerated and eid not in expected:
            continue
        person = person_names(prepared, record)
        name = best_name(prepared.forms, record, index, person, hit, prepared.params)
        features = score_evidence(prepared, record)
        result = screener.score(query, record.entity)
        yield {
            "qid": q.qid,
            "suite": q.suite,
            "split": split_of(q),
            "deviation": q.deviation,
            "schema": record.entity.schema,
            "label": int(eid in expected),
            "entity": eid,
            "score": round(result.score, 4),
            "name": round(name.score, 4),
            "method": name.method,
            "explained": round(name.explained, 4),
            "covered": round(name.covered, 4),
            "matched": round(name.matched, 3),
            "pair_kinds": sorted(kind for _, _, _, kind in (name.alignment or ((), (), []))[2]),
            "person": person,
            "kinds": [f.kind or "identifier_equal" for f in features],
            "detail": name.describe(),
        }


def collect(seed: int, scale: float, limit: int) -> list[dict[str, Any]]:
    universe = load_universe()
    queries = [q for q in build_evalset(universe.entities, seed, scale, True) if q.suite in SUITES]
    screener = Screener.from_entities(universe.records)
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for n, q in enumerate(queries, 1):
        rows.extend(pairs(screener, q, limit))
        if n % 500 == 0:
            print(
                f"  {n}/{len(queries)} queries, {time.perf_counter() - started:.0f}s",
                file=sys.stderr,
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or RESULTS / f"scorer-pairs-seed{args.seed}.jsonl"
    rows = collect(args.seed, args.scale, args.limit)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} pairs written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
