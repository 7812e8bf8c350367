"""Worst-case cost of one query at the name-length bounds (:mod:`tracewire.bounds`).

    .venv/bin/python -m bench.long_names [--lists sample|real]

Builds an index (``real``: OFAC SDN and the UN list from ../shared/data when present;
``sample``: the bundled sample list), then screens the most expensive names the bounds
still allow, each once with cold caches: the longest name of the longest words that
still get a typo search, of the shortest such words, of near-misses of listed words (the
most near keys), the longest single word, a long CJK name. For each it prints the time
(CPU time: the host may be shared) and the peak memory the query allocated (tracemalloc,
measured in a second run, as tracing slows the first); the bound is 50 ms and 50 MB. The last rows show that a name
over the bounds is refused at once, as every interface answers it.
"""

from __future__ import annotations

import argparse
import random
import string
import time
import tracemalloc
from pathlib import Path

from tracewire.bounds import (
    MAX_NAME_CHARS,
    MAX_NAME_WORDS,
    MAX_QUERY_NAMES,
    MAX_WORD_CHARS,
    TYPO_KEY_CHARS,
    LimitError,
)
from tracewire.cli.demo import sample_path
from tracewire.match import Query, Screener
from tracewire.sources.registry import plan_loads

RAW = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "raw"
REAL = ("ofac_sdn_2024-05-03/sdn.csv", "un_sc_consolidated_2026-02-27")
MAX_MS = 50.0
MAX_MB = 50.0


def build(which: str) -> Screener:
    paths = [RAW / rel for rel in REAL] if which == "real" else [sample_path()]
    paths = [p for p in paths if p.exists()] or [sample_path()]
    entities = []
    for fmt, files in plan_loads(paths):
        entities.extend(fmt.parse(files, fmt.name).entities)
    return Screener.from_entities(entities)


def fill(words: list[str]) -> str:
    """Words joined by spaces up to the longest name allowed."""
    out: list[str] = []
    size = -1
    for word in words:
        if size + 1 + len(word) > MAX_NAME_CHARS or len(out) == MAX_NAME_WORDS:
            break
        out.append(word)
        size += 1 + len(word)
    return " ".join(out)


def near_miss(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word))
    return word[:i] + rng.choice("aeiouy") + word[i + 1 :]


def cases(screener: Screener) -> list[tuple[str, str]]:
    rng = random.Random(12)
    letters = string.ascii_lowercase

    def word(n: int) -> str:
        return "".join(rng.choice(letters) for _ in range(n))

    listed = sorted(
        {k for r in screener.index.records for f, _ in r.names for k in f.keys if 6 <= len(k) <= 9}
    )
    misses = [near_miss(rng.choice(listed), rng) for _ in range(200)] if listed else []
    common = sorted(
        {k for r in screener.index.records for f, _ in r.names for k in f.keys},
        key=lambda k: -len(screener.index.postings.get(k, ())),
    )[:MAX_NAME_WORDS]
    return [
        (f"words of {TYPO_KEY_CHARS} letters (typo search)", fill([word(32) for _ in range(30)])),
        ("words of 14 letters (typo search)", fill([word(14) for _ in range(40)])),
        ("words of 4 letters", fill([word(4) for _ in range(200)])),
        ("near-misses of listed words", fill(misses)),
        ("the most common listed words", fill(common)),
        (f"one word of {MAX_WORD_CHARS} letters", word(MAX_WORD_CHARS)),
        (f"words of {MAX_WORD_CHARS} letters", fill([word(MAX_WORD_CHARS) for _ in range(5)])),
        ("CJK name", fill(["".join(chr(0x4E00 + rng.randrange(2000)) for _ in range(100))] * 5)),
        ("one letter words", fill(list(letters) * 20)),
    ]


def run(screener: Screener, *names: str) -> None:
    screener.index.__dict__.pop("_similar", None)  # cold: nothing cached from before
    screener.match(Query(names=list(names)), limit=10)


def measure(screener: Screener, *names: str) -> tuple[float, float]:
    """CPU milliseconds (the host is shared: wall time would measure the neighbours) and
    peak megabytes allocated by one query."""
    t = time.process_time()
    run(screener, *names)
    ms = (time.process_time() - t) * 1000
    tracemalloc.start()
    run(screener, *names)
    mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return ms, mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lists", choices=("sample", "real"), default="real")
    args = parser.parse_args()
    t0 = time.perf_counter()
    screener = build(args.lists)
    print(f"index: {len(screener):,} entries, built in {time.perf_counter() - t0:.1f} s\n")
    for name in ("warm up", "Иван Петров", "习近平", "محمد علي", "Γιώργος"):
        run(screener, name)  # first-call costs (transliterators), as a service warms up
    head = f"{'query':<38} {'chars':>6} {'ms':>8} {'MB':>7}  within bound"
    print(head)
    print("-" * len(head))
    worst_ms = worst_mb = 0.0
    every = cases(screener)
    for label, name in every:
        ms, mb = measure(screener, name)
        worst_ms, worst_mb = max(worst_ms, ms), max(worst_mb, mb)
        ok = "yes" if ms < MAX_MS and mb < MAX_MB else "NO"
        print(f"{label:<38} {len(name):>6} {ms:>8.1f} {mb:>7.1f}  {ok}")
    names = [name for _label, name in every][:3] * MAX_QUERY_NAMES
    ms, mb = measure(screener, *names[:MAX_QUERY_NAMES])
    ok = "yes" if ms / MAX_QUERY_NAMES < MAX_MS and mb < MAX_MB else "NO"
    label = f"one party of {MAX_QUERY_NAMES} such names"
    print(f"{label:<38} {'':>6} {ms:>8.1f} {mb:>7.1f}  {ok} (per name)")
    for label, name in (
        (f"name of {MAX_NAME_CHARS + 1} chars", " ".join(["a" * 99] * 5) + " b"),
        ("one word of 1,000 letters (issue 12)", "a" * 1000),
        ("one word of 200,000 letters", "a" * 200_000),
    ):
        t = time.process_time()
        try:
            Query(names=[name])
            answer = "ACCEPTED"
        except LimitError:
            answer = "refused"
        ms = (time.process_time() - t) * 1000
        print(f"{label:<38} {len(name):>6} {ms:>8.1f} {'':>7}  {answer}")
    print(f"\nworst: {worst_ms:.1f} ms, {worst_mb:.1f} MB (bound {MAX_MS:.0f} ms, {MAX_MB:.0f} MB)")


if __name__ == "__main__":
    main()
