"""Listed persons with two typos and a dropped name part, and with another given name.

    .venv/bin/python -m bench.person_variants [--seed 11] [--n 300] [--jobs N]

Issue 13 measures, on sets the project does not have, "two typos plus a dropped name
part" (recall) and "same surname, other given name" (false alerts). This bench builds
the same two kinds from the listed persons here, with :mod:`bench.deviations`' own edits
(a keyboard-plausible edit inside a word, never its first letter) and drop rule (a
given name after the first, or a middle word): for each person of three words or more,

- ``typo2_drop``: one name part left out, then two edits in two of the remaining words
  of four letters or more (both in one word when only one is that long); the record
  itself is expected to alert;
- ``other_given``: the surname kept, the given names replaced by the first given name of
  another listed person; an alert on the record is a false alert.

The split is fixed by a hash of the record's id (``dev`` may be studied, ``heldout``
only reported). tracewire's candidates are scored by tracewire and by nomenklatura's
logic-v2 in the same run, each at its own default threshold, as in :mod:`bench.accuracy`.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import defaultdict

from bench.accuracy import REFERENCE, TRACEWIRE, Runner, load_screener
from bench.deviations import _edit, _person_parts, drop_part
from bench.evalset import EvalQuery, usable
from bench.universe import load_universe
from tracewire.model import Entity

LISTS = ("un", "us_ofac", "gb_", "eu_")


def split_of(entity_id: str) -> str:
    digest = hashlib.sha256(f"persons|{entity_id}".encode()).digest()
    return "heldout" if digest[0] % 2 else "dev"


def _latin_name(entity: Entity) -> str | None:
    for name in entity.get("name"):
        if usable(name) and name.isascii() and len(name.split()) >= 3:
            return name
    return None


def typo2_drop(name: str, entity: Entity, rng: random.Random) -> str | None:
    dropped = drop_part(name, entity, rng)
    if dropped is None:
        return None
    words = dropped[0].split(" ")
    long_words = [
        i for i, w in enumerate(words) if len(w.strip(",")) >= 4 and w.strip(",").isalpha()
    ]
    if not long_words:
        return None
    picks = rng.sample(long_words, min(2, len(long_words)))
    for i in picks * (2 if len(picks) == 1 else 1):
        core = words[i].rstrip(",")
        words[i] = _edit(core, rng) + words[i][len(core) :]
    return " ".join(words)


def other_given(name: str, givens: list[str], rng: random.Random) -> str | None:
    last, given, comma = _person_parts(name)
    if not given:
        return None
    own = {g.casefold() for g in given}
    other = rng.choice(givens)
    if other.casefold() in own:
        return None
    return f"{' '.join(last)}, {other}" if comma else f"{other} {' '.join(last)}"


def build(entities: list[Entity], seed: int, n: int) -> list[tuple[EvalQuery, str]]:
    rng = random.Random(seed)
    persons = sorted(
        (e for e in entities if e.schema == "Person" and e.dataset.startswith(LISTS)),
        key=lambda e: e.id,
    )
    givens = sorted(
        {
            g
            for e in persons
            for name in e.get("name")[:1]
            if "," in name  # LAST, Given: the given name is known
            for g in _person_parts(name)[1][:1]
            if g.isalpha() and len(g) >= 3
        }
    )
    rng.shuffle(persons)
    out: list[tuple[EvalQuery, str]] = []
    made = 0
    for entity in persons:
        if made >= n:
            break
        name = _latin_name(entity)
        if name is None:
            continue
        varied = typo2_drop(name, entity, rng)
        negative = other_given(name, givens, rng)
        if varied is None or negative is None:
            continue
        made += 1
        split = split_of(entity.id)
        out.append(
            (
                EvalQuery(
                    qid=f"typo2_drop-{made}",
                    suite="persons",
                    label="positive",
                    deviation="typo2_drop",
                    schema="Person",
                    names=[varied],
                    expected=[entity.id],
                    source_name=name,
                ),
                split,
            )
        )
        out.append(
            (
                EvalQuery(
                    qid=f"other_given-{made}",
                    suite="persons",
                    label="negative",
                    deviation="other_given",
                    schema="Person",
                    names=[negative],
                    source_name=name,
                    source_id=entity.id,
                ),
                split,
            )
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--n", type=int, default=300, help="persons varied")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--show", type=int, default=0, help="print N dev misses")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    universe = load_universe()
    screener = load_screener(universe.records)
    if screener is None:
        print("no tracewire Screener", file=sys.stderr)
        return 1
    runner = Runner(screener, screener, args.limit)
    thresholds = runner.thresholds()
    queries = build(universe.entities, args.seed, args.n)
    print(f"{len(queries)} queries; thresholds {thresholds}", file=sys.stderr)
    counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    shown = 0
    for q, split in queries:
        outcome = runner.run(q)
        for system in runner.systems:
            if q.positive:
                alerted = outcome.hit[system]
            else:
                alerted = q.source_id in outcome.false_alerts[system]
            tally = counts[(split, q.deviation, system)]
            tally[0] += int(alerted)
            tally[1] += 1
            if (
                system == TRACEWIRE
                and split == "dev"
                and shown < args.show
                and alerted != q.positive
            ):
                shown += 1
                print(f"  {q.deviation} {q.names[0]!r} <- {q.source_name!r}", file=sys.stderr)
    print(f"{'split':8} {'kind':12} {'n':>5} {'tracewire':>10} {'logic-v2':>10}  (share alerted)")
    for split in ("dev", "heldout"):
        for kind in ("typo2_drop", "other_given"):
            tw = counts[(split, kind, TRACEWIRE)]
            ref = counts[(split, kind, REFERENCE)]
            if tw[1]:
                print(
                    f"{split:8} {kind:12} {tw[1]:>5} {tw[0] / tw[1]:>10.3f} {ref[0] / ref[1]:>10.3f}"
                )
    print(f"\ntotal {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
