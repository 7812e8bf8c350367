"""nomenklatura's ``checks.yml`` (or ``cases.csv``) in two fixed halves, tracewire beside logic-v2.

    .venv/bin/python -m bench.checks [--set checks|cases] [--misses dev] [--no-universe]

``checks.yml`` (nomenklatura's ``contrib/entity_bench``, :func:`bench.external.pair_suites`)
holds 228 whole-record pairs with a match label. To tune on part of it and still measure
on the rest, every check falls on a fixed side, ``dev`` or ``heldout``, by
:func:`bench.external.check_split`: a SHA-256 of the check's own content (schema, query and candidate
properties, label), so the split does not move when checks are added, removed or
reordered, and no one chooses which check goes where. Only the ``dev`` half's failures
may be read and fixed (``--misses dev`` lists them); the held-out half is reported and
nothing more — the command refuses to list its failures.

``--set cases`` does the same for ``cases.csv`` (826 labelled name pairs,
``contrib/name_bench``): each pair falls on a side by :func:`bench.external.case_split`
(a SHA-256 of the schema, the two names without order or case, and the label), except
the rows of its ``nk_checks`` group, a port of ``checks.yml``, which take their check's
side. Its F1 is what issue 13 measures on held-out name pairs.

tracewire scores each pair with a Screener built on the real lists (the word rarities of
the lists weigh in, as in ``bench.accuracy``); ``--no-universe`` builds it on the two
records alone (faster, rarities differ). logic-v2 scores the same pairs. Each system
alerts at its own default threshold. Prints accuracy per half, and per half x schema
family x label (false negatives on matches, false positives on non-matches).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import Any

from bench.accuracy import (
    REFERENCE,
    TRACEWIRE,
    Runner,
    _pair_entity,
    _pair_names,
    load_screener,
    run_pairs,
)
from bench.external import PairCase, pair_suites
from bench.metrics import PairTally, pair_table
from bench.name_keys import schema_family
from bench.universe import load_universe

SUITE = "nk_checks"
SETS = {"checks": ("nk_checks", "checks.yml"), "cases": ("nk_cases", "cases.csv")}
SPLITS = ("dev", "heldout")
NAME_PROPS = ("name", "alias", "firstName", "middleName", "fatherName", "lastName")


def checks(suite: str = SUITE) -> list[PairCase]:
    return [c for c in pair_suites() if c.suite == suite]


def _family(row: dict[str, Any]) -> str:
    return "person" if schema_family(row["schema"]) == "Person" else "organisation"


def tables(
    rows: Sequence[dict[str, Any]], systems: Sequence[str], title: str = "checks.yml"
) -> str:
    def groups(key: Any) -> dict[str, dict[str, PairTally]]:
        out: dict[str, dict[str, PairTally]] = {}
        for row in rows:
            per = out.setdefault(key(row), {s: PairTally() for s in systems})
            for s in systems:
                per[s].add(row["match"], row[f"{s}_match"])
        return dict(sorted(out.items()))

    label = {True: "match", False: "non-match"}
    return "\n\n".join(
        [
            pair_table(f"{title}: half", groups(lambda r: r["extra"]["split"]), systems),
            pair_table(
                f"{title}: half x family x label",
                groups(lambda r: f"{r['extra']['split']} {_family(r)} {label[r['match']]}"),
                systems,
            ),
        ]
    )


def misses(rows: Sequence[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    """tracewire's wrong verdicts in one half (``dev`` only: see the module docstring)."""
    if split != "dev":
        raise ValueError("only the dev half's failures may be listed")
    return [
        r for r in rows if r["extra"]["split"] == split and r[f"{TRACEWIRE}_match"] != r["match"]
    ]


def _names(props: dict[str, list[str]]) -> str:
    extra = {k: v for k, v in props.items() if k not in NAME_PROPS}
    return " / ".join(_pair_names(props)) + (f" {extra}" if extra else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=tuple(SETS), default="checks", help="which pair set")
    parser.add_argument("--misses", choices=("dev",), help="list tracewire's failures")
    parser.add_argument(
        "--no-universe", action="store_true", help="score without the lists' word rarities"
    )
    args = parser.parse_args(argv)
    suite, title = SETS[args.set]
    cases = checks(suite)
    if not cases:
        print(f"{title} not found under ../shared/data/raw", file=sys.stderr)
        return 1
    started = time.perf_counter()
    if args.no_universe:
        screener = load_screener([_pair_entity(c) for c in cases])
    else:
        screener = load_screener(load_universe().entities)
    runner = Runner(screener, screener, 0)
    rows = run_pairs(runner, cases)
    print(tables(rows, runner.systems, title))
    if args.misses:
        print(f"\ntracewire's failures in the {args.misses} half (threshold {screener.threshold}):")
        for r in misses(rows, args.misses):
            kind = "FN" if r["match"] else "FP"
            print(
                f"  {kind} {r['schema']:<12} {r[TRACEWIRE]:.3f} (logic-v2 {r[REFERENCE]:.3f})"
                f"  {_names(r['query'])!r} ~ {_names(r['candidate'])!r}"
                f"  [{r['category']}]"
            )
    print(f"\n{len(rows)} pairs, {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
