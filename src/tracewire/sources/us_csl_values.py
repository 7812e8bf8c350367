"""Value cleaning for the Consolidated Screening List: names, dates, cached FtM cleaning.

Names in the BIS and State lists carry text that is not a name: "; and any successor,
sub-unit, or subsidiary thereof" (ISN), embedded "a.k.a." and "f.k.a." clauses, the tail
"and ..." of an alias list split on ";", and "?" where the publisher's export lost a curly
quote or apostrophe ("Xi?an", "?Zaliv?"). ``split_known_as`` separates all of these.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from followthemoney.exc import InvalidData
from followthemoney.types import registry

from tracewire.model import Entity

#: ISN's "...; and any successor, sub-unit, or subsidiary thereof", "..., and its sub-units"
_SUCCESSOR = re.compile(r"[;,]?\s+and\s+(?:any|its)\s+(?:successor|sub-unit)s?\b.*$", re.I)
#: "X (a.k.a., Y)", "X (f.k.a. Y) Z" and "X, a.k.a. Y", "X, f.k.a., Y" inside one name
_PAREN_KNOWN_AS = re.compile(r"\s*\(\s*([af])\.\s?k\.\s?a\.?,?\s*((?:[^()]|\([^()]*\))*)\)", re.I)
_KNOWN_AS = re.compile(r",?\s*\b([af])\.\s?k\.\s?a\.?,?\s*", re.I)
_DATE_FORMATS = (
    ("%d %b %Y", 10),
    ("%d %B %Y", 10),
    ("%b %Y", 7),
    ("%B %Y", 7),
    ("%m/%d/%Y", 10),
)


@lru_cache(maxsize=8192)
def clean_value(type_name: str, text: str) -> str | None:
    """FtM's cleaning of one value, cached: URLs, countries and dates repeat on every row."""
    try:
        return registry.get(type_name).clean(text)
    except InvalidData:
        return None


def put(entity: Entity, prop: str, values: str | list[str]) -> list[str]:
    """``entity.add`` through the cache; returns the rejected values."""
    ptype = entity._prop(prop).type.name
    rejected: list[str] = []
    for value in [values] if isinstance(values, str) else values:
        text = value.strip()
        if not text:
            continue
        cleaned = clean_value(ptype, text)
        if cleaned is None:
            rejected.append(text)
        else:
            entity.add(prop, cleaned, cleaned=True)
    return rejected


def parse_date(text: str) -> str | None:
    """An FtM prefix date from ISO text or ``17 Oct 1990``, ``Feb 1962``, ``1970``."""
    text = text.strip()
    iso = registry.date.clean(text)
    if iso is not None:
        return iso
    for fmt, size in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()[:size]
        except ValueError:
            continue
    return None


def birth_dates(text: str) -> list[str]:
    """``1970``; ``circa 1970`` → year; ``1960 to 1965`` → each year (span ≤ 10) or the ends."""
    text = text.strip()
    circa = text.lower().startswith("circa")
    if circa:
        text = text[5:].strip()
    if " to " in text:
        ends = [parse_date(p) for p in text.split(" to ", 1)]
        if ends[0] is None or ends[1] is None:
            return []
        lo, hi = int(ends[0][:4]), int(ends[1][:4])
        if 0 <= hi - lo <= 10:
            return [str(y) for y in range(lo, hi + 1)]
        return [ends[0][:4], ends[1][:4]]
    date = parse_date(text)
    if date is None:
        return []
    return [date[:4]] if circa else [date]


def clean_name(text: str) -> str:
    """Collapse spaces; drop successor clauses, a leading "and ", and repair "?" quotes."""
    text = _SUCCESSOR.sub("", " ".join(text.split())).strip(" ;,")
    if text.startswith("and "):  # the tail of an alias list split on ";"
        text = text[4:]
    return text.replace("?", "'") if "?" in text else text


def split_known_as(text: str) -> tuple[str, list[str], list[str]]:
    """A published name → (the name, its a.k.a.s, its f.k.a.s)."""
    text = clean_name(text)
    if "k.a" not in text.lower():
        return text, [], []
    akas: list[str] = []
    fkas: list[str] = []

    def _pull(m: re.Match[str]) -> str:
        (akas if m.group(1).lower() == "a" else fkas).append(m.group(2).strip())
        return ""

    text = _PAREN_KNOWN_AS.sub(_pull, text)
    parts = _KNOWN_AS.split(text)
    for kind, other in zip(parts[1::2], parts[2::2], strict=True):
        (akas if kind.lower() == "a" else fkas).append(other.strip(" ,;"))
    return parts[0].strip(" ,;"), [a for a in akas if a], [f for f in fkas if f]
