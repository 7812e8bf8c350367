"""False alerts on ordinary people: random persons made of common names, per origin.

    .venv/bin/python -m bench.common_names [--per-origin 1000] [--seed 7]

Forenames and surnames come from ``../shared/data/raw/popular_names_by_country`` (the
romanised column). Each origin draws its first and last names from its own countries;
Arab lists give forenames only, so an Arabic person is a forename and a father's name.
None of these random people is listed, but a common name may be a listed person's name
as written (*Maxim Ivanov* / *Maxim Anatolevich IVANOV*): an alert where every word of
the query equals a listed word is counted apart ("same words"), as a name-only screen
must raise it. The others, alerts through a typo, an initial or another inexact pairing,
are the false alerts the matcher must avoid: the target is at most 1 % per origin.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

RAW = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "raw"
FOLDER = RAW / "popular_names_by_country"

#: origin: (forename countries, surname countries; None: forenames again)
ORIGINS: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "Chinese": (("CN", "TW"), ("CN", "TW")),
    "Arabic": (
        ("SA", "EG", "AE", "IQ", "JO", "DZ", "MA", "KW", "QA", "BH", "OM", "LB", "LY", "TN", "YE"),
        None,
    ),
    "Russian": (("RU",), ("RU",)),
    "Western": (
        ("US", "GB", "DE", "FR", "IT", "ES", "NL", "IE", "CA", "AU"),
        ("US", "GB", "DE", "FR", "IT", "ES", "NL", "IE", "CA", "AU"),
    ),
}


def _column(path: Path, countries: Sequence[str]) -> list[str]:
    wanted = set(countries)
    out: list[str] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name = (row.get("Romanized Name") or "").strip()
            if row.get("Country") in wanted and name and "/" not in name:
                out.append(name)
    return sorted(set(out))


def persons(origin: str, n: int, seed: int) -> list[str]:
    """``n`` random "forename surname" persons of ``origin`` (the same for a seed)."""
    firsts, lasts = ORIGINS[origin]
    forenames = _column(FOLDER / "common-forenames-by-country.csv", firsts)
    surnames = _column(FOLDER / "common-surnames-by-country.csv", lasts) if lasts else forenames
    rng = random.Random(f"{seed}-{origin}")
    return [f"{rng.choice(forenames)} {rng.choice(surnames)}" for _ in range(n)]


def alert_rates(screener: Any, per_origin: int, seed: int) -> dict[str, dict[str, Any]]:
    """Per origin: persons screened, alerted, the share, and a few alerts as examples."""
    from tracewire.match import Query

    out: dict[str, dict[str, Any]] = {}
    for origin in ORIGINS:
        names = persons(origin, per_origin, seed)
        alerted: list[str] = []
        inexact: list[str] = []
        for name in names:
            results = screener.match(Query(names=[name], schema="Person"), limit=1)
            if results and results[0].match:
                top = results[0]
                line = f"{name} -> {top.entity.caption} {top.score:.2f}"
                alerted.append(line)
                pairs = top.name.pairs
                same = top.name.method == "tokens" and all(
                    p.kind in ("equal", "transliteration") for p in pairs
                )
                if not same or not pairs or top.name.unmatched_query:
                    inexact.append(line)
        out[origin] = {
            "persons": len(names),
            "alerted": len(alerted),
            "inexact": len(inexact),
            "share": len(inexact) / len(names) if names else 0.0,
            "share_all": len(alerted) / len(names) if names else 0.0,
            "examples": inexact[:5],
        }
    return out


def rate_table(rates: dict[str, dict[str, Any]]) -> str:
    lines = [
        f"{'common-name persons: origin':30} {'persons':>8} {'alerted':>8} {'all%':>6} "
        f"{'inexact':>8} {'false%':>7} target",
        "-" * 80,
    ]
    for origin, row in rates.items():
        ok = "ok" if row["share"] <= 0.01 else "OVER"
        lines.append(
            f"{origin:30} {row['persons']:8d} {row['alerted']:8d} {100 * row['share_all']:6.2f} "
            f"{row['inexact']:8d} {100 * row['share']:7.2f} <=1% {ok}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-origin", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not FOLDER.exists():
        print(f"no names at {FOLDER}", file=sys.stderr)
        return 1
    from bench.universe import load_universe
    from tracewire.match import Screener

    universe = load_universe()
    screener = Screener.from_entities(universe.records)
    rates = alert_rates(screener, args.per_origin, args.seed)
    print(rate_table(rates))
    for origin, row in rates.items():
        for example in row["examples"]:
            print(f"  {origin}: {example}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
