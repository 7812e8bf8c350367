"""Real pairs from one record's own names: an original-script name against its Latin ones.

    .venv/bin/python -m bench.aliaspairs [--limit 20] [--jobs N] [--split all|dev|heldout]

Many list records carry a party's name in its own script beside the Latin one: the UN
and the UK print Arabic names of Taliban and ISIL members, the EU Cyrillic names of
Russian persons and firms, several lists Han names of Chinese firms and Hangul names of
DPRK persons. Nobody here wrote those pairs, so they measure transliteration on real
variation. Each such record gives one query: its first name in a non-Latin script
(Cyrillic, Arabic, Han, Hangul, other), screened against a copy of the lists where that
record (and every record giving a query) keeps only its Latin-script names. The
expected hit is the record itself; the record's twins on other lists (same name or a
shared identifier, :mod:`bench.evalset`) are tolerated, as they are the same party.

The split is fixed by a hash of the record's id: ``alias_dev`` may be studied and tuned
on, ``alias_heldout`` is only reported. tracewire and nomenklatura's logic-v2 score the
same candidates (tracewire's) in the same run, each at its own default threshold.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from bench.accuracy import REFERENCE, TRACEWIRE, Runner, load_screener, run_queries
from bench.evalset import EvalQuery, query_schema, usable
from bench.metrics import Outcome
from bench.name_keys import script_of
from bench.twins import find_twins
from bench.universe import load_universe
from tracewire.model import Entity

NAME_PROPS = ("name", "alias", "previousName", "weakAlias")
#: the scripts reported apart (others are "other")
SCRIPTS = {"CYRILLIC": "Cyrillic", "ARABIC": "Arabic", "CJK": "Han", "HANGUL": "Hangul"}


def script_label(name: str) -> str:
    """Cyrillic, Arabic, Han, Hangul, other or Latin."""
    script = script_of(name)
    if script == "LATIN":
        return "Latin"
    return SCRIPTS.get(script, "other")


def split_of(entity_id: str) -> str:
    """The fixed split of a record (a hash of its id, independent of any seed)."""
    digest = hashlib.sha256(f"alias|{entity_id}".encode()).digest()
    return "alias_heldout" if digest[0] % 2 else "alias_dev"


def latin_only(entity: Entity) -> Entity:
    """A copy of ``entity`` whose names are its Latin-script ones only."""
    props = dict(entity.properties)
    for prop in NAME_PROPS:
        if prop in props:
            props[prop] = [n for n in props[prop] if script_label(n) == "Latin"]
            if not props[prop]:
                del props[prop]
    return replace(entity, properties=props)


def build_alias_pairs(
    entities: list[Entity], twins: dict[str, set[str]] | None = None
) -> tuple[list[EvalQuery], set[str]]:
    """The queries, and the ids of the records that must keep only their Latin names."""
    twins = twins or {}
    out: list[EvalQuery] = []
    strip: set[str] = set()
    for e in entities:
        names = [n for p in NAME_PROPS for n in e.get(p)]
        latin = [n for n in names if script_label(n) == "Latin" and usable(n)]
        other = [n for n in names if script_label(n) != "Latin" and usable(n)]
        if not latin or not other:
            continue
        name = sorted(other)[0]
        strip.add(e.id)
        out.append(
            EvalQuery(
                qid=f"alias-{hashlib.sha256(e.id.encode()).hexdigest()[:12]}",
                suite=split_of(e.id),
                label="positive",
                deviation=script_label(name),
                schema=query_schema(e),
                names=[name],
                expected=[e.id],
                tolerated=sorted(twins.get(e.id, set()) - {e.id}),
                source_name=name,
                source_id=e.id,
            )
        )
    return sorted(out, key=lambda q: q.qid), strip


def report(
    outcomes: list[Outcome],
    systems: list[str],
    label: str = "script",
    width: int = 9,
    groups_of: Callable[[str], list[str]] | None = None,
) -> str:
    """Recall per split and script (``label``: the column of the queries' deviation, and
    ``groups_of``: the groups a deviation counts in besides *all*), per system, with
    candidate recall and false alerts."""
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for o in outcomes:
        split = o.suite.removeprefix("alias_")
        for group in [*(groups_of(o.deviation) if groups_of else [o.deviation]), "all"]:
            groups[(split, group)].append(o)
    head = f"{'split':8} {label:{width}} {'n':>5} {'cand.':>6}"
    for s in systems:
        head += f" {s + ' recall':>16} {s + ' FA/q':>13}"
    lines = [head]
    for (split, script), group in sorted(groups.items()):
        n = len(group)
        row = f"{split:8} {script:{width}} {n:>5} {sum(o.candidate_hit for o in group) / n:>6.3f}"
        for s in systems:
            recall = sum(o.hit.get(s, False) for o in group) / n
            fa = sum(len(o.false_alerts.get(s, [])) for o in group) / n
            row += f" {recall:>16.3f} {fa:>13.3f}"
        lines.append(row)
    return "\n".join(lines)


def parser_for(doc: str) -> argparse.ArgumentParser:
    """The options this bench and :mod:`bench.romanisation_systems` share."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--split", choices=("all", "dev", "heldout"), default="all")
    parser.add_argument("--show", type=int, default=0, help="print N dev misses (dev only)")
    return parser


@dataclass
class Screened:
    queries: list[EvalQuery]
    records: list[Entity]
    runner: Runner
    outcomes: list[Outcome]

    def dev_misses(self, limit: int) -> list[tuple[Outcome, EvalQuery]]:
        by_qid = {q.qid: q for q in self.queries}
        misses = [o for o in self.outcomes if o.suite == "alias_dev" and not o.hit[TRACEWIRE]]
        return [(o, by_qid[o.qid]) for o in misses[:limit]]


def screen_queries(
    args: argparse.Namespace,
    build_queries: Callable[[list[Entity], dict[str, set[str]]], tuple[list[EvalQuery], set[str]]],
) -> Screened | None:
    """Load the lists, build the queries (and the records to strip to their Latin names)
    with ``build_queries(entities, twins)``, keep ``args.split``, screen them against the
    stripped copy of the lists and print the count; None (said) if nothing can run."""
    universe = load_universe()
    if not universe.entities:
        print("no list loaded; nothing to screen", file=sys.stderr)
        return None
    twins = find_twins(universe.entities, usable)
    queries, strip = build_queries(universe.entities, twins)
    if args.split != "all":
        queries = [q for q in queries if q.suite == f"alias_{args.split}"]
    records = [latin_only(e) if e.id in strip else e for e in universe.records]
    screener = load_screener(records)
    if screener is None:
        print("tracewire.match.Screener is not available", file=sys.stderr)
        return None
    runner = Runner(screener, screener, args.limit)
    print(f"{len(queries)} queries from {len(strip)} records; thresholds {runner.thresholds()}")
    return Screened(queries, records, runner, run_queries(runner, queries, args.jobs))


def main(argv: list[str] | None = None) -> int:
    args = parser_for(__doc__).parse_args(argv)
    started = time.perf_counter()
    done = screen_queries(args, build_alias_pairs)
    if done is None:
        return 1
    print(report(done.outcomes, done.runner.systems))
    if args.show:
        for o, q in done.dev_misses(args.show):
            score = o.expected_score.get(TRACEWIRE, 0.0)
            ref = o.expected_score.get(REFERENCE, 0.0)
            print(f"  miss {q.deviation:8} {q.names[0]!r} ({q.source_id}) {score:.2f}/{ref:.2f}")
        by_id = {e.id: e for e in done.records}
        by_qid = {q.qid: q for q in done.queries}
        alerted = [o for o in done.outcomes if o.suite == "alias_dev" and o.false_alerts[TRACEWIRE]]
        for o in alerted[: args.show]:
            others = "; ".join(by_id[i].caption for i in o.false_alerts[TRACEWIRE][:3])
            print(
                f"  false alert {by_qid[o.qid].deviation:8} {by_qid[o.qid].names[0]!r} -> {others}"
            )
    print(f"\ntotal {time.perf_counter() - started:.0f}s, {args.jobs} job(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
