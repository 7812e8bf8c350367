"""Reading the free-text values of the UN Security Council consolidated list.

The UN XML is structured, but several of its fields carry prose: alias names hold
several spellings (``"Azim Adhajani; Azim Agha-Jani"``) or a name with its original
script in brackets, document numbers are written as sentences (``"CAR diplomatic
passport no. D00000898"``), and some birth dates are only a note (``"Nov. 1973"``).
These helpers turn such values into clean FtM values and say what they left over, so
the parser can keep the rest in ``notes`` or a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: a trailing bracket: "Jin Tiesan (金铁三)", "Encep Nurjaman (birth name)"
_TRAILING_BRACKET = re.compile(r"^(?P<outer>.*?)\s*\((?P<inner>[^()]*)\)\s*[,;]?\s*$", re.S)
#: separators between spellings in one alias value: ";" and enumerations "b)", "c)"
_ALIAS_SPLIT = re.compile(r"\s*;\s*|\s+[b-h]\)\s+")
_ORIGINAL_SCRIPT = re.compile(r"^original script\s*:\s*", re.I)
#: an abbreviation in brackets is another name: "Lord’s Resistance Movement (LRM)"
_ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9&-]{1,9}$")
_LATIN_LABEL = re.compile(r"^[A-Za-z][A-Za-z .-]*$")


def collapse(text: str | None) -> str:
    """Whitespace runs (including the line breaks inside UN values) as one space."""
    return " ".join(text.split()) if text else ""


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is ASCII or Latin-1/Latin Extended."""
    return all(ord(ch) < 0x250 for ch in text if ch.isalpha())


def original_script_name(text: str) -> tuple[str, str | None]:
    """``"ፍትዊ ዓብዱረዛቕ (Tigrinya)"`` → (the name, the language label left over)."""
    m = _TRAILING_BRACKET.match(text)
    if m and m.group("outer") and not is_latin(m.group("outer")):
        inner = m.group("inner").strip()
        if _LATIN_LABEL.match(inner):
            return m.group("outer").strip(), inner
    return text, None


def _split_spellings(text: str) -> list[str]:
    return [p.strip(" ,;") for p in _ALIAS_SPLIT.split(text) if p.strip(" ,;")]


def split_alias(text: str) -> tuple[list[str], str | None]:
    """One ALIAS_NAME value → (names, remark left over from a trailing bracket).

    - ``"A; B"`` → ``[A, B]``;
    - ``"Amir Khazmat (original script: Амир Хазмат)"`` → both names;
    - a bracket in another script than the name before it is a second spelling:
      ``"حسن غول (Hassan Ghul; Hassan Gul)"`` → three names;
    - so is an abbreviation: ``"Lord’s Resistance Movement (LRM)"``;
    - any other trailing bracket is a remark: ``"Encep Nurjaman (birth name)"`` →
      ``[Encep Nurjaman]`` and remark ``"birth name"``.
    """
    m = _TRAILING_BRACKET.match(text)
    if not m or not m.group("outer").strip():
        return _split_spellings(text), None
    outer, inner = m.group("outer").strip(), m.group("inner").strip()
    names = _split_spellings(outer)
    if _ORIGINAL_SCRIPT.match(inner):
        return names + _split_spellings(_ORIGINAL_SCRIPT.sub("", inner)), None
    if inner and (is_latin(outer) != is_latin(inner) or _ABBREVIATION.match(inner)):
        return names + _split_spellings(inner), None
    return names, inner or None


# -- birth dates ------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_WORD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?![a-z])", re.I
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DIGITS = re.compile(r"^\d{4}$")
#: a range of birth years up to this long is listed year by year, a longer one by its ends
MAX_YEAR_SPAN = 10


@dataclass
class BirthDates:
    dates: list[str] = field(default_factory=list)
    #: the NOTE when it says more than the dates taken from it
    note: str | None = None
    #: the NOTE when no date could be read at all
    unreadable: str | None = None


def year_range(start: str | None, end: str | None) -> list[str]:
    """BETWEEN FROM_YEAR and TO_YEAR: every year if the span is short, else the two ends."""
    years = [y for y in (start, end) if y and _DIGITS.match(y)]
    if len(years) < 2:
        return years
    a, b = sorted(int(y) for y in years)
    if b - a <= MAX_YEAR_SPAN:
        return [str(y) for y in range(a, b + 1)]
    return [str(a), str(b)]


def birth_dates(
    date: str | None,
    year: str | None,
    from_year: str | None,
    to_year: str | None,
    note: str | None,
) -> BirthDates:
    """The birth dates of one INDIVIDUAL_DATE_OF_BIRTH element.

    EXACT and APPROXIMATELY both give ``DATE`` or ``YEAR`` ("circa 1970" is ``1970``);
    BETWEEN gives ``FROM_YEAR``..``TO_YEAR``. A NOTE without any of those is read for a
    month and a year (``"Nov. 1973"`` → ``1973-11``); a NOTE naming only months refines
    a bare YEAR (``YEAR 1958`` + ``"Sep."`` → ``1958-09``).
    """
    out = BirthDates()
    if date:
        out.dates.append(date[:10])
    if year:
        out.dates.append(year)
    out.dates.extend(year_range(from_year, to_year))
    if not note or note.strip(" .").lower() == "approximately":
        return out
    months = [_MONTHS[m.lower()[:3]] for m in _MONTH_WORD.findall(note)]
    years = _YEAR.findall(note)
    if not out.dates and years:
        if len(years) == 1 and months:
            out.dates = [f"{years[0]}-{m:02d}" for m in months]
        else:
            out.dates = years
        return out
    if not years and months and not date and year and not from_year and not to_year:
        out.dates = [f"{year}-{m:02d}" for m in months]
        return out
    if out.dates:
        out.note = note
    else:
        out.unreadable = note
    return out


# -- identity documents -----------------------------------------------------------------

_TRAILING_NOTE = re.compile(r"\s*(\([^()]*\)|,\s*[A-Za-z][A-Za-z .]*)\s*$")
#: "number", "no.", "No.:" or a colon before the number itself
_NUMBER_MARKER = re.compile(r"(?:\bnumber\b|\bno\b\.?|:)\s*:?\s*", re.I)
_PREFIX_TOKEN = re.compile(r"^[A-Z]{1,2}(?:-[A-Z]{1,2})?$")


def _has_digit(text: str) -> bool:
    return any(ch.isdigit() for ch in text)


def document_number(raw: str) -> str:
    """The number in a NUMBER value written as prose.

    ``"CAR diplomatic passport no. D00000898"`` → ``D00000898``;
    ``"381110042 (Expired 25 Jan. 2016)"`` → ``381110042``;
    ``"German travel document (“Reiseausweis”) A 0139243"`` → ``A 0139243``;
    ``"TR-P 614 166"`` stays as it is. Returns the value as given when it has no digit.
    """
    text = collapse(raw)
    while True:
        stripped = _TRAILING_NOTE.sub("", text)
        if stripped == text or not _has_digit(stripped):
            break
        text = stripped
    markers = list(_NUMBER_MARKER.finditer(text))
    if markers and _has_digit(text[markers[-1].end() :]):
        text = text[markers[-1].end() :]
    tokens = text.split(" ")
    kept: list[str] = []
    for token in reversed(tokens):
        if _has_digit(token) or (kept and _PREFIX_TOKEN.match(token)):
            kept.insert(0, token)
        else:
            break
    number = " ".join(kept).strip(" ,;")
    return number if _has_digit(number) else collapse(raw)


_PASSPORT = re.compile(r"passport|passeport|pasaporte", re.I)
_SSN = re.compile(r"social security", re.I)
_TAX = re.compile(r"fiscal code|tax", re.I)


def document_property(type_of_document: str | None, type2: str | None) -> str:
    """The FtM property for a document: passport, tax, social security or other id."""
    detail = type2 or ""
    if _SSN.search(detail):
        return "socialSecurityNumber"
    if _TAX.search(detail):
        return "taxNumber"
    if _PASSPORT.search(type_of_document or "") or _PASSPORT.search(detail):
        return "passportNumber"
    return "idNumber"
