"""Reading the cells of the EU Official Journal transcription (OpenSanctions CSV).

The transcription keeps the Official Journal's printed wording (see its ``FORMAT.md``):
multi-valued cells are ``;``-separated (quoted like CSV when a value holds ``;``),
dates are free text (``26.11.1972``, ``4 Apr. 1944``, ``Approximately 1952``,
``Between 1960 and 1965``, ``(a) 11.4.1963; (b) 1960``), and names carry their
original-script form inline (``Dmitry KOZAK (Дмитрий КОЗАК)``). Semantic cleaning is
left to the consumer; these helpers do it.
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from followthemoney import registry


@lru_cache(maxsize=4096)
def clean_country(text: str) -> str | None:
    """FtM's country cleaning, cached: the same few hundred wordings repeat."""
    return registry.country.clean(text)


# -- multi-valued cells -------------------------------------------------------------

#: enumeration markers: "(a)", "(b)", "a)", "(ii)"
_ENUM = re.compile(r"(?:^|(?<=[\s,;]))\(?(?:[a-h]|i{1,3}|iv|vi{0,3})\)\s*")


def split_cell(cell: str) -> list[str]:
    """Values of a multi-valued cell: ``'"Foo; Bar"; Baz'`` → ``['Foo; Bar', 'Baz']``."""
    if not cell:
        return []
    if '"' not in cell:
        parts = cell.split(";")
    else:
        parts = next(csv.reader([cell], delimiter=";", skipinitialspace=True), [])
    return [p.strip() for p in parts if p.strip()]


def split_enumeration(value: str) -> list[str]:
    """``"(a) Algerian (b) German"`` → ``['Algerian', 'German']``; others unchanged."""
    if not _ENUM.search(value):
        return [value]
    parts = (p.strip(" ,;.") for p in _ENUM.split(value))
    return [p for p in parts if p]


# -- dates --------------------------------------------------------------------------

_MONTHS = {
    name: index
    for index, full in enumerate(calendar.month_name)
    if full
    for name in (full.lower(), full[:3].lower(), full[:4].lower())
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_RANGE = re.compile(
    r"(?:between\s+)?\b(1[89]\d\d|20\d\d)\s*(?:-|–|to|and)\s*(1[89]\d\d|20\d\d)\b", re.I
)
_DATE = re.compile(
    r"\b(?P<d1>\d{1,2})\.(?P<m1>\d{1,2})\.\s*(?P<y1>\d{4})\b"
    rf"|\b(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_RE})\.?\s*(?P<y2>\d{{4}})\b"
    rf"|\b(?P<m7>{_MONTH_RE})\.?\s+(?P<d7>\d{{1,2}}),\s*(?P<y7>\d{{4}})\b"
    rf"|\b(?P<m3>{_MONTH_RE})\.?\s*(?P<y3>\d{{4}})\b"
    r"|\b(?P<y4>\d{4})-(?P<m4>\d{2})(?:-(?P<d4>\d{2}))?\b"
    r"|\b(?P<d6>\d{1,2})/(?P<m6>\d{1,2})/(?P<y6>\d{4})\b"
    r"|\b(?P<y5>1[89]\d\d|20\d\d)\b",
    re.I,
)
#: words that may surround dates without carrying information of their own
_DATE_FILLER = re.compile(
    r"\b(?:approximately|approx|circa|ca|about|around|probably|possibly|on|or|and|between|"
    r"to|in|born|"
    r"established|gregorian|calendar)\b|[a-h]\)|\((?:[a-h]|i{1,3}|iv)\)|[\s.,;:/()\-–]+",
    re.I,
)


def prefix_date(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """An FtM prefix date (``1970``, ``1970-05``, ``1970-05-01``), or None if invalid."""
    if not 1800 <= year <= 2100:
        return None
    if not month:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if not day:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def year_span(start: int, end: int) -> list[str]:
    """Each year of a span of up to 10 years, else only its two ends."""
    if end < start:
        start, end = end, start
    if end - start <= 10:
        return [str(y) for y in range(start, end + 1)]
    return [str(start), str(end)]


@dataclass(slots=True)
class DateParse:
    dates: list[str] = field(default_factory=list)
    #: text that was neither a date nor a known filler word ("Hijri calendar", a name)
    leftover: str = ""


def parse_dates(text: str) -> DateParse:
    """All dates in a free-text date cell, as FtM prefix dates (``1970``, ``1970-05-01``).

    Year ranges expand with :func:`year_span`; "circa"/"approximately" keep the year.
    Values marked as Hijri calendar dates are skipped (left over).
    """
    out = DateParse()
    rest = text
    for segment in re.split(r"[;,]|\bor\b", text):
        if "hijri" in segment.lower():
            out.leftover = (out.leftover + " " + segment.strip()).strip()
            rest = rest.replace(segment, " ")
    for match in _RANGE.finditer(rest):
        out.dates.extend(year_span(int(match.group(1)), int(match.group(2))))
    rest = _RANGE.sub(" ", rest)
    for match in _DATE.finditer(rest):
        g = match.groupdict()
        if g["y1"]:
            iso = prefix_date(int(g["y1"]), int(g["m1"]), int(g["d1"]))
        elif g["y2"]:
            iso = prefix_date(int(g["y2"]), _MONTHS[g["m2"].lower()], int(g["d2"]))
        elif g["y3"]:
            iso = prefix_date(int(g["y3"]), _MONTHS[g["m3"].lower()])
        elif g["y7"]:
            iso = prefix_date(int(g["y7"]), _MONTHS[g["m7"].lower()], int(g["d7"]))
        elif g["y6"]:
            iso = prefix_date(int(g["y6"]), int(g["m6"]), int(g["d6"]))
        elif g["y4"]:
            iso = prefix_date(int(g["y4"]), int(g["m4"]), int(g["d4"]) if g["d4"] else None)
        else:
            iso = prefix_date(int(g["y5"]))
        if iso is None:
            out.leftover = (out.leftover + " " + match.group(0)).strip()
        elif iso not in out.dates:
            out.dates.append(iso)
    rest = _DATE.sub(" ", rest)
    leftover = _DATE_FILLER.sub(" ", rest).strip()
    if leftover:
        out.leftover = (out.leftover + " " + leftover).strip()
    return out


# -- names --------------------------------------------------------------------------

#: letters of non-Latin scripts: Greek, Cyrillic, Armenian, Hebrew, Arabic, Indic, Thai,
#: Georgian, Ethiopic, Hangul, Kana, CJK and the Arabic presentation forms
_NL = (
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0750-\u077f"
    "\u08a0-\u08ff\u0900-\u0dff\u0e00-\u0e7f\u10a0-\u10ff\u1100-\u11ff\u1200-\u137f"
    "\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    "\uf900-\ufaff\ufb50-\ufdff\ufe70-\ufeff]"
)
#: a run of non-Latin text: no ASCII brackets, commas or semicolons, and no Latin
#: *words* (a lone Latin letter is a homoglyph inside a Cyrillic word: "ГAСПАРЯН")
_SCRIPT_RUN = re.compile(
    rf"[«“‘„\"']*{_NL}(?:(?:[^(),;\[\]A-Za-z]|[A-Za-z](?![A-Za-z]))*{_NL})?[»”’\"']*"
)
#: what is left of "(Russian: …)", "In Arabic: …", "Chinese:" once the name is taken out
_EMPTY_LABEL = re.compile(
    r"\(\s*(?:[A-Z][a-z]+(?: [a-z]+)?\s*:)?\s*\)"
    r"|\b(?:[Ii]n\s+)?[A-Z][a-z]+(?: spelling)?:\s*(?=$|[(),;–-])"
)
#: characters that set a script run apart from the Latin text around it
_RUN_BEFORE = "(:–—-,;)"
_RUN_AFTER = "),;(–—-"
_DANGLING = re.compile(r"(?:\s*[–—-]\s*|\s*,\s*|\s+)+$")
#: the start of printed details inside an alias: "… (Date of birth: 22.8.1973; …)"
_ALIAS_DETAILS = re.compile(
    r"\s*(?:\(|\.\s+)(?=(?:date of birth|place of birth|dob|nationality|passport)\b)", re.I
)
#: printed transcription artefacts that are not names: "Text of image", "Chinese:"
_ARTEFACT = re.compile(r"^(?:[Tt]ext of image|[A-Z][a-z]+(?: [a-z]+)?:)$")
#: "STORMBRINGER (ex KRITI VIGOR)": a vessel's former name
_EX_NAME = re.compile(r"^(?P<name>.+?)\s*\(ex[ .-]+(?P<former>[^()]+)\)$", re.I)


def has_other_script(text: str) -> bool:
    return re.search(_NL, text) is not None


def is_artefact(value: str) -> bool:
    """A transcribed label or image placeholder, not a name."""
    return _ARTEFACT.match(value.strip()) is not None


@dataclass(slots=True)
class NameParts:
    #: the Latin-script name, or the whole value when it has no other script
    latin: str | None
    #: original-script names found in the value
    scripts: list[str] = field(default_factory=list)
    #: printed details cut from the value ("Date of birth: …"), kept as a note
    details: str | None = None


def split_name(value: str) -> NameParts:
    """Separate original-script names and printed details from a name value.

    ``"Dmitry KOZAK (Дмитрий КОЗАК)"`` → latin ``"Dmitry KOZAK"``, scripts ``["Дмитрий
    КОЗАК"]``; ``"АО «Купол» (АО «ИЭМЗ «Купол»)"`` → no latin, two script names.
    """
    scripts: list[str] = []
    latin = value
    if has_other_script(value):
        apart = True
        for match in _SCRIPT_RUN.finditer(value):
            name = match.group(0).strip(" .:–—-\u3000")
            if name and name not in scripts:
                scripts.append(name)
            before = value[: match.start()].rstrip()
            after = value[match.end() :].lstrip()
            if (before and before[-1] not in _RUN_BEFORE) or (after and after[0] not in _RUN_AFTER):
                apart = False
        if apart:
            # "Dmitry KOZAK (Дмитрий КОЗАК)": the rest is the Latin name
            latin = _SCRIPT_RUN.sub(" ", value)
            latin = _EMPTY_LABEL.sub(" ", latin)
            latin = " ".join(latin.split())
            latin = _DANGLING.sub("", latin).strip(" ,;:–—-")
    latin = _DANGLING.sub("", latin)
    details = None
    cut = _ALIAS_DETAILS.search(latin)
    if cut and cut.start() > 0:
        details = value
        latin = latin[: cut.start()].strip(" .,;")
    if not any(ch.isalpha() for ch in latin):
        return NameParts(None, scripts, details)
    return NameParts(latin, scripts, details)


def former_vessel_name(name: str) -> tuple[str, str | None]:
    """``"STORMBRINGER (ex KRITI VIGOR)"`` → ``("STORMBRINGER", "KRITI VIGOR")``."""
    match = _EX_NAME.match(name)
    if match is None:
        return name, None
    return match.group("name").strip(), match.group("former").strip()


# -- acts ---------------------------------------------------------------------------

_CELEX = re.compile(r"^3(?P<year>\d{4})(?P<kind>[RDL])(?P<number>\d{4})$")


def act_title(celex: str) -> str:
    """A readable title for a CELEX number: ``32014R0269`` → ``Regulation (EU) No 269/2014``."""
    match = _CELEX.match(celex)
    if match is None:
        return celex
    year, number = int(match.group("year")), int(match.group("number"))
    kind = match.group("kind")
    if kind == "D":
        return (
            f"Decision {year}/{number}/CFSP" if year < 2015 else f"Decision (CFSP) {year}/{number}"
        )
    if kind == "L":
        return f"Directive {year}/{number}"
    union = "EC" if year < 2009 else "EU"
    return (
        f"Regulation ({union}) No {number}/{year}"
        if year < 2015
        else f"Regulation ({union}) {year}/{number}"
    )


def eurlex_url(celex: str) -> str:
    return f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"
