"""False alerts on ordinary people: random persons made of common names, per origin.

    .venv/bin/python -m bench.common_names [--per-origin 1000] [--seed 7] [--all] [--no-reference]

Forenames and surnames come from ``../shared/data/raw/popular_names_by_country`` (the
romanised column). Each origin draws its first and last names from its own countries;
Arab lists give forenames only, so an Arabic person is a forename and a father's name.
None of these random people is listed, but a common name may be a listed person's name
(*Maxim Ivanov* / *Maxim Anatolevich IVANOV*), and a name-only screen must raise it.
Each alert (the top result) is put in one of three classes:

- **same words**: every word of the query equals a word of the listed name (or only its
  romanisation differs: equal fold keys);
- **same name**: every query word is paired with a listed word that is the same name in
  another spelling by an outside reference, not the matcher's rules: rigour's person-name
  database gives both words a common Wikidata name item (*Dmitry* / *Dimitri*, *Tareq* /
  *Tariq*, *Aleksandr* / *Alexander*), or they are the two genders of one Slavic family
  name (*Kuznetsov* / *Kuznetsova*);
- **other**: an alert through a typo, an initial or a pairing of two different names
  (*Alexandra* / *Alexander*, *Halim* / *Hakim*): the false alerts the matcher must
  avoid. The target is at most 1 % per origin; the table shows the share of all alerts
  (all%) beside it.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections.abc import Sequence
from functools import lru_cache
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


@lru_cache(maxsize=20_000)
def name_items(word: str) -> frozenset[str]:
    """The Wikidata name items rigour's person-name database gives ``word`` (none when it
    does not know the word). The database loads on the first call (seconds)."""
    from rigour.names import NameTypeTag, analyze_names

    items: set[str] = set()
    for name in analyze_names(NameTypeTag.PER, [word]):
        for span in name.spans:
            symbol = str(span.symbol)
            if symbol.startswith("[NAME:"):
                items.add(symbol)
    return frozenset(items)


def same_name(query_word: str, list_word: str) -> bool:
    """Whether two different words are one name in two spellings by rigour's database
    (a common name item) or the two genders of one Slavic family name."""
    from tracewire.match.normalise import fold
    from tracewire.match.variants import slavic_genders

    if slavic_genders(fold(query_word), fold(list_word)):
        return True
    return not name_items(query_word).isdisjoint(name_items(list_word))


#: an apostrophe inside a word (a hamza or an ain: *SA'ID*, *Mu'min*): the word is one
#: word, *Said*, not two (the normaliser splits at it, so *Said Mohamed* against *SA'ID,
#: Mohamed* was counted as "other")
_APOSTROPHE = re.compile(r"(?<=\w)['\u2019\u02bc\u02bf\u2018`](?=\w)")


def alert_class(query_name: str, listed_names: Sequence[str]) -> str:
    """``same words``, ``same name`` or ``other`` for an alert of ``query_name`` on a
    party listed under ``listed_names`` (see the module), the best over its names. Both
    systems' alerts are classed alike, from the names alone."""
    from tracewire.match.normalise import normalise_name

    query = normalise_name(_APOSTROPHE.sub("", query_name), True)
    best = "other"
    for listed in listed_names:
        form = normalise_name(_APOSTROPHE.sub("", listed), True)
        words = dict(zip(form.keys, form.tokens, strict=True))
        if all(k in words for k in query.keys):
            return "same words"
        free = dict(words)
        for key, token in zip(query.keys, query.tokens, strict=True):
            hit = key if key in free else None
            if hit is None:
                hit = next((k for k, t in free.items() if same_name(token, t)), None)
            if hit is None:
                break
            del free[hit]
        else:
            best = "same name"
    return best


def alert_rates(
    screener: Any, per_origin: int, seed: int, reference: Any | None = None, limit: int = 20
) -> dict[str, dict[str, dict[str, Any]]]:
    """Per system (tracewire; logic-v2 too with a ``reference`` scorer, on tracewire's
    ``limit`` candidates) and origin: persons screened, alerts by class (see the module),
    the share of "other" alerts and of all alerts, and the alerts themselves."""
    from tracewire.match import Query

    systems = ["tracewire"] + (["logic-v2"] if reference is not None else [])
    out: dict[str, dict[str, dict[str, Any]]] = {system: {} for system in systems}
    for origin in ORIGINS:
        names = persons(origin, per_origin, seed)
        classes: dict[str, dict[str, list[str]]] = {
            system: {"same words": [], "same name": [], "other": []} for system in systems
        }
        for n, name in enumerate(names):
            query = Query(names=[name], schema="Person")
            results = screener.match(query, limit=1)
            if results and results[0].match:
                top = results[0]
                line = f"{name} -> {top.entity.caption} {top.score:.2f}: {top.name.describe()}"
                classes["tracewire"][alert_class(name, top.entity.names)].append(line)
            if reference is not None:
                from bench.reference import query_proxy

                # each query its own id: logic-v2 keeps what it learnt of a name by id
                proxy = query_proxy(query, f"common-{origin}-{n}")
                scored = [
                    (reference.compare(proxy, reference.proxy(e)), e)
                    for e in screener.candidates(query, limit)
                ]
                if scored:
                    score, entity = max(scored, key=lambda pair: pair[0])
                    if score >= reference.threshold:
                        line = f"{name} -> {entity.caption} {score:.2f}"
                        classes["logic-v2"][alert_class(name, entity.names)].append(line)
        for system in systems:
            found = classes[system]
            alerted = sum(len(v) for v in found.values())
            out[system][origin] = {
                "persons": len(names),
                "alerted": alerted,
                "same_words": len(found["same words"]),
                "same_name": len(found["same name"]),
                "inexact": len(found["other"]),
                "share": len(found["other"]) / len(names) if names else 0.0,
                "share_all": alerted / len(names) if names else 0.0,
                "alerts": found,
            }
    return out


def rate_table(rates: dict[str, dict[str, dict[str, Any]]]) -> str:
    lines = [
        f"{'common-name persons: origin':28} {'system':9} {'persons':>7} {'alerted':>7} "
        f"{'all%':>6} {'same words':>10} {'same name':>9} {'other':>6} {'other%':>6} target",
        "-" * 104,
    ]
    for origin in ORIGINS:
        for system, by_origin in rates.items():
            row = by_origin[origin]
            ok = "ok" if row["share"] <= 0.01 else "OVER"
            lines.append(
                f"{origin:28} {system:9} {row['persons']:7d} {row['alerted']:7d} "
                f"{100 * row['share_all']:6.2f} {row['same_words']:10d} {row['same_name']:9d} "
                f"{row['inexact']:6d} {100 * row['share']:6.2f} <=1% {ok}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-origin", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--all", action="store_true", help="print every alert, by class")
    parser.add_argument("--no-reference", action="store_true", help="tracewire only")
    args = parser.parse_args(argv)
    if not FOLDER.exists():
        print(f"no names at {FOLDER}", file=sys.stderr)
        return 1
    from bench.universe import load_universe
    from tracewire.match import Screener

    universe = load_universe()
    screener = Screener.from_entities(universe.records)
    reference = None
    if not args.no_reference:
        from bench.reference import ReferenceScorer

        reference = ReferenceScorer()
    rates = alert_rates(screener, args.per_origin, args.seed, reference)
    print(rate_table(rates))
    for system, by_origin in rates.items():
        for origin, row in by_origin.items():
            for kind, lines in row["alerts"].items():
                for line in lines if args.all else lines[:5] if kind == "other" else []:
                    print(f"  {system} {origin} [{kind}]: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
