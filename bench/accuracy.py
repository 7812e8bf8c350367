"""Accuracy of tracewire's matcher against nomenklatura's logic-v2, on the real lists.

    .venv/bin/python -m bench.accuracy [--seed 7] [--scale 1.0] [--limit 20]
                                       [--candidates auto|tracewire|naive] [--no-external]

Loads the real lists (:mod:`bench.universe`), builds the seeded evaluation set
(:mod:`bench.evalset`), and for every query takes tracewire's candidates
(``screener.candidates(q, limit)``) and scores each of them with tracewire
(``screener.score``) and with logic-v2 (:mod:`bench.reference`); each system alerts at
its own default threshold. Both systems score the same candidates, so the difference
is the scorer's; candidate recall is reported beside them. Without a Screener (or with
``--candidates naive``) the candidates come from a brute-force rapidfuzz stage
(:mod:`bench.naive`) and only logic-v2 is scored — the tables then say so.

Prints plain-text tables and writes ``bench/results/accuracy-seed<seed>[-naive].json`` with the
per-query outcomes.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import multiprocessing
import os
import platform
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from bench import common_names
from bench.evalset import RESULTS, EvalQuery, build_evalset, digest, summary, write_jsonl
from bench.external import PairCase, pair_names, pair_suites
from bench.metrics import Outcome, PairTally, pair_table, table, tally
from bench.name_keys import schema_family
from bench.reference import ReferenceScorer, nomenklatura_version, props_proxy, query_proxy
from bench.universe import load_universe
from tracewire.match.query import Query
from tracewire.model import Entity

TRACEWIRE = "tracewire"
REFERENCE = "logic-v2"


class CandidateStage(Protocol):
    def candidates(self, query: Query, limit: int = ...) -> list[Entity]: ...


def load_screener(entities: list[Entity]) -> Any | None:
    """tracewire's Screener over the universe, or None while it does not exist yet."""
    try:
        module = importlib.import_module("tracewire.match")
    except ImportError:
        return None
    screener_cls = getattr(module, "Screener", None)
    if screener_cls is None:
        return None
    return screener_cls.from_entities(entities)


class Runner:
    def __init__(self, screener: Any | None, stage: CandidateStage, limit: int) -> None:
        self.screener = screener
        self.stage = stage
        self.limit = limit
        self.reference = ReferenceScorer()
        self.systems = [TRACEWIRE, REFERENCE] if screener is not None else [REFERENCE]
        self.timing = {"candidates": 0.0, TRACEWIRE: 0.0, REFERENCE: 0.0}
        self.errors: dict[str, int] = {}

    def _scores(self, query: Query, qproxy: Any, entity: Entity) -> dict[str, float]:
        out: dict[str, float] = {}
        if self.screener is not None:
            t = time.perf_counter()
            try:
                out[TRACEWIRE] = float(self.screener.score(query, entity).score)
            except Exception as exc:  # noqa: BLE001 - count, do not stop the run
                self.errors[f"tracewire: {type(exc).__name__}"] = (
                    self.errors.get(f"tracewire: {type(exc).__name__}", 0) + 1
                )
                out[TRACEWIRE] = 0.0
            self.timing[TRACEWIRE] += time.perf_counter() - t
        t = time.perf_counter()
        out[REFERENCE] = self.reference.compare(qproxy, self.reference.proxy(entity))
        self.timing[REFERENCE] += time.perf_counter() - t
        return out

    def thresholds(self) -> dict[str, float]:
        out = {REFERENCE: self.reference.threshold}
        if self.screener is not None:
            out[TRACEWIRE] = float(self.screener.threshold)
        return out

    def run(self, q: EvalQuery) -> Outcome:
        query = q.to_query()
        t = time.perf_counter()
        try:
            candidates = self.stage.candidates(query, self.limit)
        except Exception as exc:  # noqa: BLE001 - a query the stage rejects has no candidates
            label = f"candidates: {type(exc).__name__}: {str(exc)[:80]}"
            self.errors[label] = self.errors.get(label, 0) + 1
            candidates = []
        self.timing["candidates"] += time.perf_counter() - t
        expected, tolerated = set(q.expected), set(q.tolerated)
        outcome = Outcome(
            qid=q.qid,
            suite=q.suite,
            label=q.label,
            deviation=q.deviation,
            family=schema_family(q.schema),
            candidate_hit=any(c.id in expected for c in candidates),
        )
        thresholds = self.thresholds()
        for s in self.systems:
            outcome.hit[s] = False
            outcome.false_alerts[s] = []
        qproxy = query_proxy(query)
        for entity in candidates:
            scores = self._scores(query, qproxy, entity)
            for s, score in scores.items():
                if entity.id in expected:
                    outcome.expected_score[s] = max(outcome.expected_score.get(s, 0.0), score)
                elif entity.id not in tolerated:
                    outcome.top_other[s] = max(outcome.top_other.get(s, 0.0), score)
                if score < thresholds[s]:
                    continue
                if entity.id in expected:
                    outcome.hit[s] = True
                elif entity.id not in tolerated:
                    outcome.false_alerts[s].append(entity.id)
        return outcome


_RUNNER: Runner | None = None


def _run_batch(batch: list[EvalQuery]) -> tuple[list[Outcome], dict[str, float], dict[str, int]]:
    runner = _RUNNER
    assert runner is not None
    runner.timing = dict.fromkeys(runner.timing, 0.0)
    runner.errors = {}
    return [runner.run(q) for q in batch], runner.timing, runner.errors


def run_queries(runner: Runner, queries: list[EvalQuery], jobs: int) -> list[Outcome]:
    """All queries, in order; with ``jobs`` > 1 in forked workers sharing the index."""
    global _RUNNER
    _RUNNER = runner
    batches = [queries[i : i + 40] for i in range(0, len(queries), 40)]
    totals = dict.fromkeys(runner.timing, 0.0)
    errors: dict[str, int] = {}
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    results: Iterable[tuple[list[Outcome], dict[str, float], dict[str, int]]]
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        pool = multiprocessing.get_context("fork").Pool(jobs)
        results = pool.imap(_run_batch, batches)
    else:
        pool = None
        results = map(_run_batch, batches)
    try:
        for done, (batch_outcomes, timing, errs) in enumerate(results, 1):
            outcomes.extend(batch_outcomes)
            for k, v in timing.items():
                totals[k] += v
            for k, n in errs.items():
                errors[k] = errors.get(k, 0) + n
            if done % 25 == 0:
                elapsed = time.perf_counter() - started
                print(f"  {len(outcomes)}/{len(queries)} queries, {elapsed:.0f}s", file=sys.stderr)
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    runner.timing, runner.errors = totals, errors
    return outcomes


# -- pair suites -------------------------------------------------------------------------
_pair_names = pair_names


def _pair_entity(case: PairCase) -> Entity:
    entity = Entity.make(case.schema, id=f"pair-{case.case_id}", dataset="bench")
    for prop, values in case.candidate.items():
        entity.add(prop, values)
    if not entity.names:
        entity.add("name", _pair_names(case.candidate))
    return entity


def run_pairs(runner: Runner, cases: Sequence[PairCase]) -> list[dict[str, Any]]:
    rows = []
    thresholds = runner.thresholds()
    for case in cases:
        row: dict[str, Any] = {
            "suite": case.suite, "case_id": case.case_id, "group": case.group,
            "schema": case.schema, "query": case.query, "candidate": case.candidate,
            "match": case.match, "quality": case.quality, "category": case.category,
            "frozen_logic_v2": case.frozen_score, "extra": case.extra,
        }  # fmt: skip
        qp = props_proxy(case.schema, case.query, f"q-{case.case_id}")
        cp = props_proxy(case.schema, case.candidate, f"c-{case.case_id}")
        row[REFERENCE] = runner.reference.compare(qp, cp)
        if runner.screener is not None:
            query = Query(
                names=_pair_names(case.query),
                schema=case.schema,
                birth_dates=case.query.get("birthDate", []),
                countries=case.query.get("country", []) + case.query.get("nationality", []),
            )
            try:
                row[TRACEWIRE] = float(runner.screener.score(query, _pair_entity(case)).score)
            except Exception as exc:  # noqa: BLE001
                row[TRACEWIRE] = 0.0
                row["tracewire_error"] = repr(exc)
        for s in runner.systems:
            row[f"{s}_match"] = row[s] >= thresholds[s]
        rows.append(row)
    return rows


def pair_groups(
    rows: list[dict[str, Any]], systems: Sequence[str], key: Callable[[dict[str, Any]], str]
) -> dict[str, dict[str, PairTally]]:
    groups: dict[str, dict[str, PairTally]] = {}
    for row in rows:
        per = groups.setdefault(key(row), {s: PairTally() for s in systems})
        for s in systems:
            per[s].add(row["match"], row[f"{s}_match"])
    return dict(sorted(groups.items()))


# -- report ------------------------------------------------------------------------------
def report(outcomes: list[Outcome], pairs: list[dict[str, Any]], systems: list[str]) -> str:
    gen = [o for o in outcomes if o.suite == "generated"]
    parts = [
        table("suite", tally(outcomes, lambda o: o.suite, systems), systems),
        table(
            "generated: schema",
            tally(gen, lambda o: o.family if o.label == "positive" else None, systems),
            systems,
        ),
        table(
            "generated: positive deviation",
            tally(gen, lambda o: o.deviation if o.label == "positive" else None, systems),
            systems,
        ),
        table(
            "generated: deviation x schema",
            tally(
                gen,
                lambda o: f"{o.family[:6]} {o.deviation}" if o.label == "positive" else None,
                systems,
            ),
            systems,
        ),
        table(
            "generated: negative kind",
            tally(gen, lambda o: o.deviation if o.label == "negative" else None, systems),
            systems,
        ),
        table(
            "real pairs: split x kind",
            tally(
                [o for o in outcomes if o.suite.startswith("real_pairs")],
                lambda o: f"{o.suite.removeprefix('real_pairs_')[:4]} {o.deviation}",
                systems,
            ),
            systems,
        ),
        table("all retrieval queries", tally(outcomes, lambda o: "all", systems), systems),
    ]
    if pairs:
        parts.append(
            pair_table("pair suite", pair_groups(pairs, systems, lambda r: r["suite"]), systems)
        )
        checks = [r for r in pairs if r["suite"] == "nk_checks"]
        parts.append(
            pair_table("checks.yml: half (bench.checks)",
                       pair_groups(checks, systems, lambda r: r["extra"]["split"]), systems)
        )  # fmt: skip
        nk = [r for r in pairs if r["suite"] == "nk_cases"]
        parts.append(
            pair_table("cases.csv: half (bench.checks --set cases)",
                       pair_groups(nk, systems, lambda r: r["extra"]["split"]), systems)
        )  # fmt: skip
        parts.append(
            pair_table("nk_cases: group", pair_groups(nk, systems, lambda r: r["group"]), systems)
        )
        parts.append(
            pair_table("nk_cases: quality x label",
                       pair_groups(nk, systems, lambda r: f"{r['quality']} {'match' if r['match'] else 'non-match'}"),
                       systems)
        )  # fmt: skip
    return "\n\n".join(parts)


def frozen_agreement(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """How the installed logic-v2 compares with nomenklatura's frozen run of cases.csv."""
    rows = [r for r in pairs if r["suite"] == "nk_cases" and r["frozen_logic_v2"] is not None]
    same = sum((r["frozen_logic_v2"] >= 0.7) == (r[REFERENCE] >= 0.7) for r in rows)
    drift = [abs(r["frozen_logic_v2"] - r[REFERENCE]) for r in rows]
    return {
        "cases": len(rows),
        "same_verdict": same,
        "score_differs_over_0.001": sum(d > 0.001 for d in drift),
        "max_abs_score_diff": max(drift, default=0.0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--candidates", choices=("auto", "tracewire", "naive"), default="auto")
    parser.add_argument("--no-external", action="store_true", help="generated suite only")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--common-names", type=int, default=1000, help="random common-name persons per origin"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()

    universe = load_universe()
    if not universe.entities:
        print("no list loaded; nothing to screen", file=sys.stderr)
        return 1
    queries = build_evalset(universe.entities, args.seed, args.scale, not args.no_external)
    write_jsonl(queries, args.out / f"evalset-seed{args.seed}.jsonl")
    print(summary(queries))
    t = time.perf_counter()
    screener = None if args.candidates == "naive" else load_screener(universe.records)
    index_seconds = time.perf_counter() - t
    if screener is None and args.candidates == "tracewire":
        print("tracewire.match.Screener is not available", file=sys.stderr)
        return 1
    stage: CandidateStage
    if screener is not None:
        stage, stage_name = screener, "tracewire Screener.candidates"
    else:
        from bench.naive import NaiveCandidates

        stage = NaiveCandidates(universe.entities)
        stage_name = f"NAIVE ({NaiveCandidates.name}); tracewire not scored"
    runner = Runner(screener if args.candidates != "naive" else None, stage, args.limit)
    print(f"\ncandidate stage: {stage_name}; {args.limit} candidates per query")
    print(f"thresholds: {runner.thresholds()}")

    t = time.perf_counter()
    outcomes = run_queries(runner, queries, args.jobs)
    retrieval_seconds = time.perf_counter() - t
    pairs = run_pairs(runner, pair_suites())
    text = report(outcomes, pairs, runner.systems)
    if screener is not None and common_names.FOLDER.exists():
        rates = common_names.alert_rates(
            screener, args.common_names, args.seed, runner.reference, args.limit
        )
        text += "\n\n" + common_names.rate_table(rates)
    agreement = frozen_agreement(pairs)
    total = time.perf_counter() - started
    print()
    print(text)
    print(
        f"\nlogic-v2 {nomenklatura_version()} vs nomenklatura's frozen cases.csv run: {agreement}"
    )
    print(
        f"\nlists {universe.seconds:.0f}s, index {index_seconds:.0f}s, "
        f"{len(queries)} queries {retrieval_seconds:.0f}s "
        f"(CPU seconds over {args.jobs} job(s): candidates "
        f"{runner.timing['candidates']:.0f}s, tracewire scoring {runner.timing[TRACEWIRE]:.0f}s, "
        f"logic-v2 scoring {runner.timing[REFERENCE]:.0f}s), "
        f"total {total:.0f}s"
    )
    if runner.errors:
        print(f"scoring errors: {runner.errors}")

    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if screener is not None else "-naive"
    path = args.out / f"accuracy-seed{args.seed}{suffix}.json"
    dump = {
        "meta": {
            "seed": args.seed, "scale": args.scale, "limit": args.limit,
            "candidate_stage": stage_name, "systems": runner.systems,
            "thresholds": runner.thresholds(), "nomenklatura": nomenklatura_version(),
            "python": platform.python_version(), "evalset_digest": digest(queries),
            "lists_loaded": universe.loaded, "lists_skipped": universe.skipped,
            "entities": len(universe.entities),
            "seconds": {"lists": universe.seconds, "index": index_seconds,
                        "queries": retrieval_seconds, "total": total, **runner.timing},
            "scoring_errors": runner.errors, "frozen_logic_v2_agreement": agreement,
        },
        "tables": text,
        "queries": [dataclasses.asdict(o) for o in outcomes],
        "pairs": pairs,
    }  # fmt: skip
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(dump, fh, ensure_ascii=False, indent=1, default=str)
    print(f"written {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
