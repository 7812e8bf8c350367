"""UN persons with typos, reshuffled words and a dropped part (dev half only).

    .venv/bin/python -m bench.un_probe [--seeds 5 6] [--show N] [--common 1000]

Issue 13's held-out measure screens UN persons with typing slips and their name parts
reshuffled against UN and OFAC SDN, and counts false alerts on non-listed persons. This
probe builds the same kinds from the UN list's persons whose first Latin name falls in
the dev half of :func:`bench.scorer_pairs.un_split` (the held-out half is never built):

- ``shuffle_typo``: the words in another order, one or two :func:`bench.deviations._edit`
  slips in words of four letters or more;
- ``shuffle_drop``: a name of three words or more with one word left out (never the
  first), then reshuffled and one slip.

Each query is screened (``Screener.match``) against the whole bench universe; the listed
person's score gives the recall at the default threshold and at 0.70. False alerts:
``bench.common_names`` persons (``--common`` per origin, ``--common-seed`` 13 or
another dev seed, never 7) alerting
at the default threshold, all and "other" (neither the same words nor the same name).
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench.common_names import ORIGINS, alert_class, persons
from bench.deviations import _edit
from bench.evalset import usable
from bench.scorer_pairs import un_split
from bench.universe import load_universe
from tracewire.match import Query, Screener
from tracewire.model import Entity

LOW = 0.70


def _name(entity: Entity) -> str | None:
    for name in entity.get("name"):
        if usable(name) and name.isascii() and len(name.replace(",", " ").split()) >= 2:
            return name
    return None


def _slips(words: list[str], count: int, rng: random.Random) -> list[str] | None:
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return None
    out = list(words)
    for i in rng.sample(long_words, min(count, len(long_words))):
        out[i] = _edit(out[i], rng)
    return out


def _shuffled(words: list[str], rng: random.Random) -> list[str]:
    for _ in range(10):
        out = rng.sample(words, len(words))
        if out != words:
            return out
    return list(reversed(words))


def treat(name: str, kind: str, rng: random.Random) -> str | None:
    words = name.replace(",", " ").split()
    if kind == "shuffle_drop":
        if len(words) < 3:
            return None
        i = rng.randrange(1, len(words))
        words = words[:i] + words[i + 1 :]
        slips = 1
    else:
        slips = rng.choice((1, 2))
    varied = _slips(_shuffled(words, rng), slips, rng)
    return None if varied is None else " ".join(varied)


def build(entities: list[Entity], seeds: list[int]) -> list[tuple[str, str, str, str]]:
    """(kind, query, listed name, entity id) for every dev UN person, treatment, seed."""
    out: list[tuple[str, str, str, str]] = []
    people = [e for e in entities if e.schema == "Person" and e.dataset.startswith("un")]
    for seed in seeds:
        rng = random.Random(seed)
        for entity in people:
            name = _name(entity)
            if name is None or un_split(name) != "dev":
                continue
            for kind in ("shuffle_typo", "shuffle_drop"):
                varied = treat(name, kind, rng)
                if varied is not None:
                    out.append((kind, varied, name, entity.id))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="*", default=[5, 6])
    parser.add_argument("--show", type=int, default=0, help="print N misses (dev)")
    parser.add_argument("--common", type=int, default=1000, help="common names per origin")
    parser.add_argument("--common-seed", type=int, default=13, help="a dev seed (not 7)")
    parser.add_argument("--cache", type=Path, help="a pickle of the universe's entities")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.cache is not None and args.cache.exists():
        entities = pickle.loads(args.cache.read_bytes())
    else:
        entities = load_universe(say=lambda _msg: None).entities
        if args.cache is not None:
            args.cache.write_bytes(pickle.dumps(entities))
    screener = Screener.from_entities(entities)
    cut = float(screener.threshold)
    queries = build(entities, args.seeds)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses: list[tuple[float, str, str, str]] = []
    for kind, varied, name, eid in queries:
        results = screener.match(Query(names=[varied], schema="Person"), limit=10, min_score=0.5)
        own = max((r.score for r in results if r.entity.id == eid), default=0.0)
        row = tally[kind]
        row[0] += 1
        row[1] += own > 0
        row[2] += own >= cut
        row[3] += own >= LOW
        if own < cut:
            misses.append((own, kind, varied, name))
    print(f"UN probe (dev), seeds {args.seeds}, threshold {cut:.2f}")
    print(f"{'kind':14} {'n':>5} {'scored':>7} {'recall':>7} {'@0.70':>7}")
    for kind, (n, scored, hit, low) in sorted(tally.items()):
        print(f"{kind:14} {n:5d} {scored:7d} {hit / n:7.3f} {low / n:7.3f}")
    misses.sort(key=lambda m: -m[0])
    for own, kind, varied, name in misses[: args.show]:
        print(f"  {own:.3f} {kind} {varied!r} <- {name!r}", file=sys.stderr)
    if args.common:
        print(f"common names seed {args.common_seed}, {args.common} per origin: alerted / other")
        for origin in ORIGINS:
            alerted = other_alerts = 0
            for query_name in persons(origin, args.common, args.common_seed):
                results = screener.match(Query(names=[query_name], schema="Person"), limit=1)
                if results and results[0].match:
                    alerted += 1
                    kind = alert_class(query_name, results[0].entity.names)
                    if kind == "other":
                        other_alerts += 1
                        if args.show:
                            top = results[0]
                            print(
                                f"  FA {query_name!r} -> {top.entity.caption!r} {top.score:.3f}",
                                file=sys.stderr,
                            )
            print(f"  {origin:28} {alerted:5d} {other_alerts:5d}")
    print(f"total {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
