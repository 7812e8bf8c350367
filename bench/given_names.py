"""Check the table of common Arabic given names against rigour's person-name database.

    .venv/bin/python -m bench.given_names

:data:`tracewire.match.arabic.GIVEN_NAMES` is written by hand, as the other spelling
tables of :mod:`tracewire.match.arabic` are. This asks rigour's name database (Wikidata's
name items, the tagger behind ``rigour.names.analyze_names``) about each of its words,
once, offline: the matcher never loads the database (it costs each process about 6 CPU
seconds and 390 MB). Printed: the words the database does not know as a person's name,
and the table's spellings of one name that the database gives no common name item (two
names where the table says one: the database often keeps spellings apart, *Fahd* /
*Fahad*). Information for whoever edits the table, not a gate: the database lacks many
Gulf and Maghreb spellings (*Nouf*, *Shaikha*, *Loubna*).
"""

from __future__ import annotations

import argparse
from collections import defaultdict

from bench.common_names import name_items
from tracewire.match.arabic import GIVEN_NAMES


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args(argv)
    groups: dict[str, list[str]] = defaultdict(list)
    for word, name in GIVEN_NAMES.items():
        groups[name].append(word)
    unknown: list[str] = []
    split: list[str] = []
    for name, words in sorted(groups.items()):
        items = {word: name_items(word) for word in words}
        unknown.extend(word for word, found in items.items() if not found)
        known = [found for found in items.values() if found]
        if len(known) > 1 and not frozenset.intersection(*known):
            split.append(f"{name}: {' '.join(words)}")
    print(f"{len(GIVEN_NAMES)} spellings of {len(groups)} names")
    print(f"not a person's name to rigour ({len(unknown)}): {' '.join(unknown) or '-'}")
    print(f"spellings of one name with no common name item ({len(split)}):")
    for line in split:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
