"""Whether a change to the matcher kept every result: dump them, change, compare.

    .venv/bin/python -m bench.same_results --write /tmp/before.jsonl   # before the change
    .venv/bin/python -m bench.same_results --check /tmp/before.jsonl   # after it

:mod:`bench.identity` compares two ways of screening with the same name comparison; a
change to the comparison itself (a faster alignment, say) needs the results of the code
before it. This screens, on every real list (:mod:`bench.speed`'s lists):

- ``speed``: :mod:`bench.speed`'s queries (``Screener.match``, top 5);
- ``identity``: :mod:`bench.identity`'s queries, some with a schema, birth date or country;
- ``tuned``: the same names compared with non-default :class:`NameParams` factors;
- ``evalset``: the accuracy benchmark's queries (:mod:`bench.evalset`, built from the
  same entities), each candidate of ``Screener.candidates`` scored with
  ``Screener.score`` as :mod:`bench.accuracy` does;
- ``pairs``: the published pair suites (:func:`bench.external.pair_suites`) scored as
  :mod:`bench.accuracy` scores them.

Each line holds a query and its results' ids, exact scores (``repr``), match flags and
explanations. ``--check`` prints per part the queries compared and those that differ (0
expected), shows the first few, and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench import identity
from bench.accuracy import _pair_entity, _pair_names
from bench.evalset import build_evalset
from bench.external import pair_suites
from bench.speed import ALL_LISTS, RAW, TRIMMED_OK, ordinary_names, typo
from tracewire.bounds import _WORD, MAX_NAME_WORDS
from tracewire.ingest import load_paths
from tracewire.match import Query, Screener
from tracewire.match.names import NameParams
from tracewire.match.scoring import MatchResult
from tracewire.store import Store

#: non-default comparisons (each field away from 1.0 at least once)
TUNED = (
    NameParams(extra_query=0.5, extra_list=0.7),
    NameParams(typo_budget=0.5, numbers=0.5),
    NameParams(typo_budget=1.5, extra_list=1.3),
    NameParams(family=1.5, family_keys=frozenset({"ivanov", "smith", "muhamad", "li", "wang"})),
)


def _result(r: MatchResult) -> dict[str, Any]:
    return {"id": r.entity.id, "score": repr(r.score), "dict": r.to_dict()}


def _speed_texts(screener: Screener, n: int) -> list[str]:
    """:mod:`bench.speed`'s queries, in its order."""
    rng = random.Random(7)
    names = [form.original for r in screener.index.records for form, _ in r.names]
    # a few listed names have more words than a query may (the query would be refused)
    names = [name for name in names if len(_WORD.findall(name)) <= MAX_NAME_WORDS]
    third = n // 3
    texts = (
        [rng.choice(names) for _ in range(third)]
        + [typo(rng.choice(names), rng) for _ in range(third)]
        + ordinary_names(rng, n - 2 * third)
    )
    rng.shuffle(texts)
    return texts


def dump(screener: Screener, n: int, scale: float) -> Iterator[tuple[str, str, Any]]:
    """(part, query key, results) for every query."""
    for text in _speed_texts(screener, n):
        yield "speed", text, [_result(r) for r in screener.match(Query(names=[text]))]
    qs = identity.queries(screener, n, random.Random(11))
    for q in qs:
        key = json.dumps([q.names, q.schema, q.birth_dates, q.countries], ensure_ascii=False)
        yield "identity", key, [_result(r) for r in screener.match(q)]
    for k, q in enumerate(qs[: n // 3]):
        params = TUNED[k % len(TUNED)]
        key = json.dumps([q.names, q.schema, k % len(TUNED)], ensure_ascii=False)
        yield "tuned", key, [_result(r) for r in screener.match(q, params=params)]
    entities = [r.entity for r in screener.index.records]
    for eq in build_evalset(entities, 7, scale, True):
        query = eq.to_query()
        try:
            candidates = screener.candidates(query, 20)
        except Exception as exc:  # noqa: BLE001 - an error is a result to keep too
            yield "evalset", eq.qid, repr(exc)
            continue
        yield "evalset", eq.qid, [_result(screener.score(query, e)) for e in candidates]
    for case in pair_suites():
        query = Query(
            names=_pair_names(case.query),
            schema=case.schema,
            birth_dates=case.query.get("birthDate", []),
            countries=case.query.get("country", []) + case.query.get("nationality", []),
        )
        try:
            out: Any = _result(screener.score(query, _pair_entity(case)))
        except Exception as exc:  # noqa: BLE001
            out = repr(exc)
        yield "pairs", f"{case.suite}/{case.case_id}", out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="write the results to this file")
    group.add_argument("--check", type=Path, help="compare the results with this file")
    parser.add_argument("--queries", type=int, default=3000)
    parser.add_argument("--scale", type=float, default=0.5, help="of the accuracy evalset")
    args = parser.parse_args()
    if not RAW.exists():
        sys.exit(f"no shared data at {RAW}")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        for rel in ALL_LISTS:
            load_paths(store, [RAW / rel], policy=TRIMMED_OK)
        screener = Screener.from_store(store)
    started = time.process_time()
    lines = [
        json.dumps([part, key, out], ensure_ascii=False, sort_keys=True)
        for part, key, out in dump(screener, args.queries, args.scale)
    ]
    cpu = time.process_time() - started
    if args.write:
        tmp_path = args.write.with_suffix(".part")
        tmp_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp_path.replace(args.write)
        print(f"{len(lines):,} queries written to {args.write} ({cpu:.0f} CPU s)")
        return
    before = args.check.read_text(encoding="utf-8").splitlines()
    counts: dict[str, list[int]] = {}
    shown = 0
    for i in range(max(len(before), len(lines))):
        old = before[i] if i < len(before) else '["missing", "", null]'
        new = lines[i] if i < len(lines) else '["missing", "", null]'
        part = json.loads(new if i < len(lines) else old)[0]
        tally = counts.setdefault(part, [0, 0])
        tally[0] += 1
        if old != new:
            tally[1] += 1
            if shown < 5:
                shown += 1
                print(f"differs ({part}): {json.loads(old)[1]!r}")
                print(f"  before: {old[:400]}")
                print(f"  after:  {new[:400]}")
    print(f"{'part':<12} {'queries':>9} {'differ':>8}")
    print("-" * 31)
    for part, (n, differ) in counts.items():
        print(f"{part:<12} {n:>9,} {differ:>8,}")
    print(f"({cpu:.0f} CPU s to screen them)")
    if any(differ for _n, differ in counts.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
