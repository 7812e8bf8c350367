"""How the UK lists (FCDO UK Sanctions List, OFSI Consolidated List) write their values.

Pure functions, no entities: dates, name kinds, numbered multi-values, one-line
addresses and the free-text business registration numbers.

Dates are day-first (``29/06/2012``, ``29-06-2012``) and mark an unknown day or month
with ``00`` or letters (``00/00/1970``, ``dd/mm/1970``); they become FollowTheMoney
prefix dates (``1970``, ``1970-05``). Several values in one cell are numbered
(``(1) Russia (2) Ukraine``) or, in the FCDO file, separated by ``|``.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime

#: designation type as published (any case) → FollowTheMoney schema
SCHEMA_BY_TYPE: dict[str, str] = {
    "individual": "Person",
    "entity": "LegalEntity",
    "ship": "Vessel",
}

_DMY = re.compile(r"^\s*(\w{1,2})\s*[/.-]\s*(\w{1,2})\s*[/.-]\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+)?\s*$")
_RANGE = re.compile(r"^\s*(?:between\s+)?(\d{4})\s*(?:-|–|to|and)\s*(\d{4})\s*$", re.I)
_CIRCA = re.compile(r"^\s*(?:circa|ca\.?|c\.|approx(?:imately|\.)?|about)\s*(\d{4})\s*$", re.I)
_NUMBERED = re.compile(r"\(\d{1,2}\)\s*")
_SPACES = re.compile(r"\s+")
_LETTERS = re.compile(r"[^a-z]")


def clean_text(value: str | None) -> str:
    """Trim and collapse inner whitespace; a lone dash or N/A is empty."""
    if not value:
        return ""
    text = _SPACES.sub(" ", value).strip()
    return "" if text in ("-", "--", "N/A", "n/a") else text


def clean_number(value: str | None) -> str:
    """An identifier: :func:`clean_text`, without the apostrophe Excel puts before numbers."""
    return clean_text(value).lstrip("'").strip()


def split_numbered(value: str | None, pipe: bool = False) -> list[str]:
    """``"(1) Russia (2) Ukraine"`` → ``["Russia", "Ukraine"]``; ``pipe`` also splits on ``|``."""
    text = value or ""
    parts = text.split("|") if pipe else [text]
    out: list[str] = []
    for part in parts:
        for item in _NUMBERED.split(part):
            item = clean_text(item).rstrip(",;").strip()
            if item and item not in out:
                out.append(item)
    return out


def _day_month_year(day: str, month: str, year: str) -> tuple[str | None, str | None]:
    if not month.isdigit() or int(month) == 0:
        return year, None
    m = int(month)
    if not 1 <= m <= 12:
        return year, f"month {month} does not exist; kept the year only"
    if not day.isdigit() or int(day) == 0:
        return f"{year}-{m:02d}", None
    d = int(day)
    if d > calendar.monthrange(int(year), m)[1]:
        return f"{year}-{m:02d}", f"day {day} does not exist in that month; kept year and month"
    return f"{year}-{m:02d}-{d:02d}", None


def parse_date(value: str | None) -> tuple[list[str], str | None]:
    """A UK list date → (ISO prefix dates, problem or None).

    ``29/06/2012`` → ``2012-06-29``; ``00/00/1970`` or ``dd/mm/1970`` → ``1970``;
    ``1960 to 1965`` → each year (the two ends when the span is over 10 years);
    ``circa 1970`` → ``1970``. An unreadable value gives ``([], problem)``.
    """
    text = clean_text(value)
    if not text:
        return [], None
    if m := _DMY.match(text):
        date, problem = _day_month_year(m.group(1), m.group(2), m.group(3))
        return ([date] if date else []), problem
    if m := _ISO.match(text):
        year, month, day = m.group(1), m.group(2) or "00", m.group(3) or "00"
        date, problem = _day_month_year(day, month, year)
        return ([date] if date else []), problem
    if m := _RANGE.match(text):
        start, end = sorted((int(m.group(1)), int(m.group(2))))
        years = range(start, end + 1) if end - start <= 10 else (start, end)
        return [str(y) for y in years], None
    if m := _CIRCA.match(text):
        return [m.group(1)], None
    for fmt in ("%d %b %Y", "%d %B %Y", "%d %b. %Y", "%B %Y", "%b %Y"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return [parsed.strftime("%Y-%m" if fmt in ("%B %Y", "%b %Y") else "%Y-%m-%d")], None
    return [], f"cannot read date {text!r}"


def name_prop(name_type: str | None, strength: str | None) -> str | None:
    """FollowTheMoney name property for a UK name type and alias strength (quality).

    Primary name → ``name``; primary name variation, alias, a.k.a. → ``alias``, or
    ``weakAlias`` when its strength/quality is low; f.k.a. → ``previousName``.
    ``None`` for a name type this table does not know.
    """
    kind = _LETTERS.sub("", (name_type or "").lower())
    weak = "low" in (strength or "").lower()
    if kind in ("primaryname", "primary"):
        return "name"
    if kind in ("primarynamevariation", "primaryvariation", "alias", "aka", "variation"):
        return "weakAlias" if weak else "alias"
    if kind in ("fka", "formerlyknownas", "previousname"):
        return "previousName"
    return None


def full_name(given: list[str], last: str | None) -> str:
    """Name 1–5 (given names) then Name 6 (family name, or the whole name of an entity)."""
    parts = [clean_text(p) for p in [*given, last or ""]]
    return " ".join(p for p in parts if p)


def one_line_address(parts: list[str | None]) -> str:
    out: list[str] = []
    for part in parts:
        text = clean_text(part).strip(",")
        if text and text not in out:
            out.append(text)
    return ", ".join(out)


# -- business registration numbers ------------------------------------------------------
# The FCDO "Business registration number (s)" cell is free text: "INN: 3849055365",
# "OGRN - 1153850042246", "USCC: 9144...", "Tax ID No. 7703226533 (Russia); Registration
# Number 1157746244017 (Russia)", or a bare number. Labels (longest first) → property.
_REG_LABELS: dict[str, str] = {
    "unified social credit code": "uscCode",
    "registration number/ogrn": "ogrnCode",
    "tax identification number": "taxNumber",
    "legal entity identifier": "leiCode",
    "business identification number": "registrationNumber",
    "business registration number": "registrationNumber",
    "company registration number": "registrationNumber",
    "commercial register number": "registrationNumber",
    "company house number": "registrationNumber",
    "trade register number": "registrationNumber",
    "registration number": "registrationNumber",
    "tax id number/inn": "innCode",
    "tax id number": "taxNumber",
    "bvd id number": "bvdId",
    "taxpayer id": "taxNumber",
    "vat number": "vatCode",
    "swift code": "swiftBic",
    "bvd number": "bvdId",
    "swift/bic": "swiftBic",
    "bin/ogrn": "ogrnCode",
    "tax id no": "taxNumber",
    "tax id": "taxNumber",
    "bvd id": "bvdId",
    "ogrnip": "ogrnCode",
    "swift": "swiftBic",
    "ogrn": "ogrnCode",
    "psrn": "ogrnCode",
    "okpo": "okpoCode",
    "uscc": "uscCode",
    "inn": "innCode",
    "kpp": "kppCode",
    "bik": "bikCode",
    "bic": "swiftBic",
    "lei": "leiCode",
    "tin": "taxNumber",
    "imo": "imoNumber",
    "crn": "registrationNumber",
    "brn": "registrationNumber",
    "srn": "ogrnCode",
}
_DIGITS_ONLY = {"innCode", "ogrnCode", "okpoCode", "kppCode", "bikCode"}
_REG_RE = re.compile(
    r"(?<![A-Za-z])(?P<label>"
    + "|".join(re.escape(k) for k in sorted(_REG_LABELS, key=len, reverse=True))
    + r")(?![A-Za-z])(?:\s*\((?:RU|RUS|Russia)\))?[\s.:#№\-–—]*"
    + r"(?:(?:number|no|nr)\.?[\s.:#№\-–—]*)?"
    + r"(?P<value>(?=[A-Za-z0-9\-/]*\d)[A-Za-z0-9][A-Za-z0-9\-/]*)",
    re.I,
)
#: a label glued to the number before it ("7838121341OGRN - ...") gets a space
_GLUED = re.compile(r"(\d)(?=(?:OGRN|INN|KPP|OKPO|TIN)\b)")
_SWIFT = re.compile(
    r"(?<![A-Za-z])(?:swift(?:\s*code)?|swift/bic|bic)[\s.:#\-–—]*(?P<value>[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b",
    re.I,
)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/]*\d[A-Za-z0-9\-/]*")
_LEAD_DIGITS = re.compile(r"\d+")


def registration_numbers(value: str | None) -> list[tuple[str, str]]:
    """Free-text registration numbers → ``[(property, value), ...]``.

    Labelled numbers go to their property (INN → ``innCode``, OGRN → ``ogrnCode``,
    USCC → ``uscCode``, ...); unlabelled ones (tokens with a digit, 4+ characters)
    are ``registrationNumber``.
    """
    text = _GLUED.sub(r"\1 ", clean_number(value))
    if not text:
        return []
    out: list[tuple[str, str]] = []
    for m in _REG_RE.finditer(text):
        prop = _REG_LABELS[m.group("label").lower()]
        found = m.group("value").strip("-/").upper()
        if prop in _DIGITS_ONLY:
            digits = _LEAD_DIGITS.match(found)
            if digits is None:
                continue
            found = digits.group(0)
        if prop == "swiftBic" and found.isdigit():
            prop = "bikCode"  # a Russian BIK written as "BIC"
        if (prop, found) not in out:
            out.append((prop, found))
    for m in _SWIFT.finditer(text):
        if ("swiftBic", m.group("value").upper()) not in out:
            out.append(("swiftBic", m.group("value").upper()))
    if not out:
        for token in _TOKEN.findall(text):
            token = token.strip("-/").upper()
            if len(token) >= 4 and ("registrationNumber", token) not in out:
                out.append(("registrationNumber", token))
    return out
