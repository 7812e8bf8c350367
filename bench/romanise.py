"""Russian (and Ukrainian/Belarusian) romanisation systems, as small readable tables.

Sanctions lists romanise the same Cyrillic name in different systems, so a screener must
match ``Yevgeniy`` (BGN/PCGN), ``Evgenii`` (ICAO 9303), ``Evgenij`` (GOST 7.79-B) and
``Evgeny`` (informal/Wikipedia) to one another. :func:`romanise` renders Cyrillic text in
one system; :func:`respell` rewrites an already romanised (BGN/PCGN-style) Latin name in
the conventions of another system, for lists that carry no Cyrillic at all.

Sources: the BGN/PCGN 1947 table, ICAO Doc 9303 part 3 (2015), GOST R 52535.1-2006
(Russian passports 2006-2010), GOST 7.79-2000 system B (see ../shared/GUIDE.md §5).
"""

from __future__ import annotations

import re

# letters common to every system
_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "ч": "ch", "ш": "sh", "ъ": "", "ь": "", "ы": "y", "э": "e",
    "ґ": "g", "і": "i", "ў": "u",
}  # fmt: skip

#: per system: the letters where systems differ; "е@" is е at a word start or after a vowel
SYSTEMS: dict[str, dict[str, str]] = {
    "bgn_pcgn": {
        "е": "e", "е@": "ye", "ё": "e", "ж": "zh", "й": "y", "х": "kh", "ц": "ts",
        "щ": "shch", "ю": "yu", "я": "ya", "ий": "iy", "ый": "yy", "є": "ye", "ї": "yi",
    },
    "icao_9303": {
        "е": "e", "е@": "e", "ё": "e", "ж": "zh", "й": "i", "х": "kh", "ц": "ts",
        "щ": "shch", "ю": "iu", "я": "ia", "ъ": "ie", "ий": "ii", "ый": "yi", "є": "ie",
        "ї": "i",
    },
    "gost_52535": {
        "е": "e", "е@": "e", "ё": "e", "ж": "zh", "й": "i", "х": "kh", "ц": "tc",
        "щ": "shch", "ю": "iu", "я": "ia", "ий": "ii", "ый": "yi", "є": "ie", "ї": "i",
    },
    "gost_779b": {
        "е": "e", "е@": "e", "ё": "yo", "ж": "zh", "й": "j", "х": "x", "ц": "cz",
        "щ": "shh", "ю": "yu", "я": "ya", "ий": "ij", "ый": "yj", "є": "ye", "ї": "yi",
    },
    "informal": {
        "е": "e", "е@": "e", "ё": "yo", "ж": "j", "й": "y", "х": "h", "ц": "tz",
        "щ": "sch", "ю": "yu", "я": "ya", "ий": "y", "ый": "y", "є": "ye", "ї": "yi",
    },
}  # fmt: skip

_VOWELS = set("аеёиоуыэюяіїєь ъ")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_WORD = re.compile(r"[\u0400-\u04ff]+", re.UNICODE)


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def _romanise_word(word: str, table: dict[str, str]) -> str:
    low = word.lower()
    out: list[str] = []
    i = 0
    while i < len(low):
        ch = low[i]
        pair = low[i : i + 2]
        if pair in ("ий", "ый") and i + 2 == len(low):
            out.append(table[pair])
            i += 2
            continue
        if ch == "е" and (i == 0 or low[i - 1] in _VOWELS):
            out.append(table["е@"])
        elif ch in table:
            out.append(table[ch])
        else:
            out.append(_BASE.get(ch, ch))
        i += 1
    text = "".join(out)
    if word.isupper() and len(word) > 1:
        return text.upper()
    if word[:1].isupper():
        return text[:1].upper() + text[1:]
    return text


def romanise(text: str, system: str) -> str:
    """Cyrillic ``text`` in the Latin script of ``system`` (other characters kept)."""
    table = SYSTEMS[system]
    return _WORD.sub(lambda m: _romanise_word(m.group(0), table), text)


#: Latin-to-Latin rewrites of a BGN/PCGN-style romanisation into another system's habits
RESPELLINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "icao_9303": (
        (r"iy\b", "ii"), (r"yy\b", "yi"), (r"yu", "iu"), (r"ya", "ia"), (r"ye", "e"),
        (r"yo", "e"), (r"(?<=[aeiou])y(?![aeiou])", "i"), (r"y(?=[aeiou])", "i"),
    ),
    "gost_52535": (
        (r"iy\b", "ii"), (r"ts", "tc"), (r"yu", "iu"), (r"ya", "ia"), (r"ye", "e"),
        (r"yo", "e"), (r"(?<=[aeiou])y(?![aeiou])", "i"),
    ),
    "gost_779b": (
        (r"shch", "shh"), (r"kh", "x"), (r"ts", "cz"), (r"iy\b", "ij"), (r"\bye", "e"),
        (r"(?<=[aeiou])y(?![aeiou])", "j"),
    ),
    "informal": (
        (r"kh", "h"), (r"zh", "j"), (r"iy\b", "y"), (r"yy\b", "y"), (r"shch", "sch"),
    ),
    "german": (
        (r"ts", "z"), (r"shch", "schtsch"), (r"zh", "sch"), (r"kh", "ch"), (r"yu", "ju"),
        (r"ya", "ja"), (r"iy\b", "ij"), (r"v\b", "w"),
    ),
}  # fmt: skip

_RESPELL = {
    name: tuple((re.compile(pattern), repl) for pattern, repl in rules)
    for name, rules in RESPELLINGS.items()
}


def respell(text: str, system: str) -> str:
    """Rewrite a BGN/PCGN-style Latin romanisation in the habits of ``system``."""
    out: list[str] = []
    for word in re.split(r"(\s+|[,.\-])", text):
        low = word.lower()
        new = low
        if len(low) < 4:  # acronyms and particles are not romanised words
            out.append(word)
            continue
        for pattern, repl in _RESPELL[system]:
            new = pattern.sub(repl, new)
        if new == low:
            out.append(word)
        elif word.isupper():
            out.append(new.upper())
        elif word[:1].isupper():
            out.append(new[:1].upper() + new[1:])
        else:
            out.append(new)
    return "".join(out)
