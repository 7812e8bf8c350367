"""A listed person's Cyrillic name in another romanisation system, against the Latin record.

    .venv/bin/python -m bench.romanisation_systems [--split dev|heldout|all] [--limit 20]

Issue 13 measures "another romanisation system" on a set the project does not have. This
bench builds the same kind from the lists, without the project's own tables (a bench
that romanised with the tables the matcher or :mod:`bench.romanise` use would measure
the matcher against itself): every listed person whose record prints a name in Cyrillic
beside Latin ones gives queries that are that Cyrillic name romanised by

- Russian names: the library ``iuliia`` (its published schemas: BGN/PCGN, ISO 9:1995
  and GOST 7.79 system A with diacritics, GOST 7.79 system B, scholarly, ICAO Doc 9303,
  the 2006-2010 Russian passport GOST R 52535.1, the French consular MVD 310, Library
  of Congress without diacritics, Wikipedia's, Telegram's informal one) and a German
  (Duden) table written here;
- Ukrainian names (і ї є ґ beside и): ICU's ``Ukrainian-Latin/BGN`` and
  ``Cyrillic-Latin`` (ISO 9), and the Ukrainian national system of 2010 (Cabinet
  resolution 55, the passport one) written here;
- Belarusian names (ў, or і beside ы): ICU's ``Belarusian-Latin/BGN`` and
  ``Cyrillic-Latin`` (ISO 9).

Each query is screened against a copy of the lists where every record giving a query
keeps only its Latin-script names (:func:`bench.aliaspairs.latin_only`); the record
itself is expected to alert, its twins on other lists (:mod:`bench.twins`) are
tolerated. A romanisation equal to one of the record's Latin names (letters only) is
left out: it measures nothing. The split is :func:`bench.aliaspairs.split_of` (the same
records as ``bench.aliaspairs``' dev and held-out halves). tracewire's candidates are
scored by tracewire and by nomenklatura's logic-v2 in the same run.
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from collections.abc import Callable

from bench.accuracy import REFERENCE, TRACEWIRE
from bench.aliaspairs import NAME_PROPS, parser_for, screen_queries, script_label, split_of
from bench.aliaspairs import report as aliaspairs_report
from bench.evalset import EvalQuery, usable
from bench.metrics import Outcome
from tracewire.model import Entity

#: a name of Cyrillic letters, spaces, hyphens, apostrophes and dots only
_CYRILLIC_NAME = re.compile(r"[\u0400-\u04ff][\u0400-\u04ff \-'’.]*")
_VOWELS = set("аеёиоуыэюяіїє")


def language(name: str) -> str:
    """uk, be or ru, by the letters only one of the languages writes."""
    low = name.lower()
    if "ў" in low or ("і" in low and "ы" in low):
        return "be"
    if any(ch in low for ch in "їєґ") or "і" in low:
        return "uk"
    return "ru"


def _table_romaniser(
    table: dict[str, str],
    initial: dict[str, str],
    endings: dict[str, str],
    after_vowel: bool = True,
) -> Callable[[str], str]:
    """A romaniser from a letter table, the letters written otherwise at a word's start
    (and, with ``after_vowel``, after a vowel or a sign: ``initial``) and word endings
    (``endings``)."""

    def word(w: str) -> str:
        low = w.lower()
        tail = ""
        for ending, latin in endings.items():
            if low.endswith(ending) and len(low) > len(ending) + 1:
                low, tail = low[: -len(ending)], latin
                break
        out: list[str] = []
        for i, ch in enumerate(low):
            after = i > 0 and after_vowel and (low[i - 1] in _VOWELS or low[i - 1] in "ьъ'’")
            if ch in initial and (i == 0 or after):
                out.append(initial[ch])
            else:
                out.append(table.get(ch, ch))
        text = "".join(out) + tail
        if w.isupper() and len(w) > 1:
            return text.upper()
        return text[:1].upper() + text[1:] if w[:1].isupper() else text

    return lambda text: re.sub(r"[\u0400-\u04ff]+", lambda m: word(m.group(0)), text)


#: German (Duden) transcription of Russian
_GERMAN = _table_romaniser(
    {
        "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch",
        "з": "s", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "ch", "ц": "z",
        "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y", "ь": "", "э": "e",
        "ю": "ju", "я": "ja",
    },
    {"е": "je"},
    {"ий": "ij", "ый": "y"},
)  # fmt: skip
#: the Ukrainian national system (Cabinet of Ministers resolution 55, 2010)
_UKRAINIAN_2010 = _table_romaniser(
    {
        "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
        "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
        "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
        "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
        "ю": "iu", "я": "ia", "'": "", "’": "",
    },
    {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
    {},
    after_vowel=False,
)  # fmt: skip

#: iuliia's schemas used for Russian names, by the label reported
IULIIA_SCHEMAS = {
    "bgn_pcgn": "bgn_pcgn",
    "iso9_1995": "gost_779",
    "gost779_b": "gost_779_alt",
    "scholarly": "scientific",
    "icao_9303": "icao_doc_9303",
    "passport_2006": "gost_52535",
    "french_mvd310": "mvd_310_fr",
    "ala_lc": "ala_lc_alt",
    "wikipedia": "wikipedia",
    "telegram": "telegram",
}
#: ICU transforms used for Ukrainian and Belarusian names
ICU_TRANSFORMS = {
    "uk": {"bgn_pcgn_uk": "Ukrainian-Latin/BGN", "iso9": "Cyrillic-Latin"},
    "be": {"bgn_pcgn_be": "Belarusian-Latin/BGN", "iso9": "Cyrillic-Latin"},
}


def _by_word(romanise: Callable[[str], str]) -> Callable[[str], str]:
    """A romaniser that writes a word in capitals in capitals (*ШУГАЕВ*: *SHUGAYEV*, where
    letter by letter gives *ShUGAYeV*)."""

    def word(w: str) -> str:
        if w.isupper() and len(w) > 1:
            return romanise(w.lower()).upper()
        return romanise(w)

    return lambda text: re.sub(r"[\u0400-\u04ff]+", lambda m: word(m.group(0)), text)


def romanisers() -> dict[str, dict[str, Callable[[str], str]]]:
    """Per language (ru, uk, be): system label -> romaniser. Needs ``iuliia`` and PyICU."""
    import icu  # type: ignore[import-not-found]  # PyICU, through normality
    import iuliia  # type: ignore[import-not-found]  # the bench extra

    def schema(name: str) -> Callable[[str], str]:
        found = iuliia.schemas.get(name)
        return _by_word(lambda word: str(found.translate(word)))

    def transform(tid: str) -> Callable[[str], str]:
        found = icu.Transliterator.createInstance(tid)
        return _by_word(lambda word: str(found.transliterate(word)))

    out: dict[str, dict[str, Callable[[str], str]]] = {
        "ru": {label: schema(name) for label, name in IULIIA_SCHEMAS.items()},
        "uk": {label: transform(tid) for label, tid in ICU_TRANSFORMS["uk"].items()},
        "be": {label: transform(tid) for label, tid in ICU_TRANSFORMS["be"].items()},
    }
    out["ru"]["german"] = _GERMAN
    out["uk"]["ukrainian_2010"] = _UKRAINIAN_2010
    return out


def _letters(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in text if ch.isalpha() and ch.isascii())


def build(
    entities: list[Entity],
    systems: dict[str, dict[str, Callable[[str], str]]],
    twins: dict[str, set[str]] | None = None,
    per_person: int = 3,
) -> tuple[list[EvalQuery], set[str]]:
    """The queries (``deviation`` is ``language/system``), and the ids of the records that
    must keep only their Latin names. Each person gets ``per_person`` of its language's
    systems (a fixed choice by a hash of the record and the system; 0: all of them)
    among those that write the name otherwise than the record does."""
    twins = twins or {}
    out: list[EvalQuery] = []
    strip: set[str] = set()
    for e in entities:
        if e.schema != "Person":
            continue
        names = [n for p in NAME_PROPS for n in e.get(p)]
        latin = [n for n in names if script_label(n) == "Latin" and usable(n)]
        cyrillic = [
            n
            for n in names
            if script_label(n) == "Cyrillic"
            and usable(n)
            and _CYRILLIC_NAME.fullmatch(n.strip())
            and len(n.split()) >= 2
        ]
        if not latin or not cyrillic:
            continue
        source = sorted(cyrillic)[0].strip()
        lang = language(source)
        listed = {_letters(n) for n in latin}
        made: list[tuple[str, str, str]] = []
        for label, romanise in systems[lang].items():
            name = " ".join(romanise(source).split())
            if name and _letters(name) not in listed:
                key = hashlib.sha256(f"{e.id}|{label}".encode()).hexdigest()[:12]
                made.append((key, label, name))
        made.sort()
        for key, label, name in made[:per_person] if per_person else made:
            strip.add(e.id)
            out.append(
                EvalQuery(
                    qid=f"roman-{key}",
                    suite=split_of(e.id),
                    label="positive",
                    deviation=f"{lang}/{label}",
                    schema="Person",
                    names=[name],
                    expected=[e.id],
                    tolerated=sorted(twins.get(e.id, set()) - {e.id}),
                    source_name=source,
                    source_id=e.id,
                )
            )
    return sorted(out, key=lambda q: q.qid), strip


def report(outcomes: list[Outcome], systems: list[str]) -> str:
    """Recall per split and system (and per language, and all), per scoring system."""
    return aliaspairs_report(
        outcomes,
        systems,
        label="system",
        width=22,
        groups_of=lambda system: [system, system.split("/")[0] + "/all"],
    )


def main(argv: list[str] | None = None) -> int:
    parser = parser_for(__doc__)
    parser.add_argument("--per-person", type=int, default=3, help="systems per person (0: all)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    done = screen_queries(
        args, lambda entities, twins: build(entities, romanisers(), twins, args.per_person)
    )
    if done is None:
        return 1
    print(report(done.outcomes, done.runner.systems))
    for o, q in done.dev_misses(args.show):
        score = o.expected_score.get(TRACEWIRE, 0.0)
        ref = o.expected_score.get(REFERENCE, 0.0)
        print(f"  miss {q.deviation:22} {q.names[0]!r} <- {q.source_name!r} {score:.2f}/{ref:.2f}")
    print(f"\ntotal {time.perf_counter() - started:.0f}s, {args.jobs} job(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
