"""Values shared across an OFAC Advanced Sanctions Data Model file.

The advanced XML (``sdn_advanced.xml``, ``cons_advanced.xml``) is normalised: every
enumeration (alias types, feature types, countries, name-part types, lists, ...) is a
numbered row in ``ReferenceValueSets``, every address a ``Location`` referenced by id,
and every date a ``DatePeriod``. This module reads those three building blocks:

- :class:`ReferenceValues`: the lookup tables, keyed by table (``AliasType``) and ``ID``;
- :func:`read_location`: a ``Location`` as a one-line address plus its country;
- :func:`period_dates`: a ``DatePeriod`` as FtM prefix dates;

and adds values to entities with :func:`put`, FtM's cleaning memoised.

Element names are matched by local name, so any namespace vintage works: the old
``http://www.un.org/sanctions/1.0`` and the newer
``https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from followthemoney.exc import InvalidData
from followthemoney.types import registry
from lxml.etree import _Element as Element

from tracewire.model import Entity, get_schema

#: ``LocPartType`` values in the order they are written in a one-line address
ADDRESS_PARTS = (
    "ADDRESS1",
    "ADDRESS2",
    "ADDRESS3",
    "CITY",
    "STATE/PROVINCE",
    "POSTAL CODE",
    "REGION",
)
#: a range of whole years up to this span lists every year; longer ones only the ends
MAX_YEAR_SPAN = 10


def localname(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


@lru_cache(maxsize=1024)
def clark(ns: str, path: str) -> str:
    """An ElementPath with every step in namespace ``ns`` (``{ns}A/{ns}B``)."""
    if not ns:
        return path
    steps = path.split("/")
    return "/".join(s if s in ("", ".", "..", "*") else f"{{{ns}}}{s}" for s in steps)


def children(el: Element, ns: str, name: str) -> Iterator[Element]:
    """Direct children named ``name`` (faster than ElementPath for one step)."""
    return el.iterchildren(clark(ns, name))


def child(el: Element, ns: str, name: str) -> Element | None:
    return next(el.iterchildren(clark(ns, name)), None)


def child_text(el: Element, ns: str, name: str) -> str | None:
    found = next(el.iterchildren(clark(ns, name)), None)
    return None if found is None else found.text


def is_true(value: str | None) -> bool:
    return value is not None and value.strip().lower() == "true"


@dataclass(slots=True)
class RefValue:
    text: str | None
    attrs: dict[str, str] = field(default_factory=dict)


class ReferenceValues:
    """The ``ReferenceValueSets`` lookup tables: ``table -> ID -> value``."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[str, RefValue]] = {}

    @classmethod
    def from_element(cls, sets: Element) -> ReferenceValues:
        refs = cls()
        for table in sets:
            for item in table:
                kind = localname(item.tag)
                rid = item.get("ID")
                if not kind or rid is None:
                    continue
                text = (item.text or "").strip() or None
                attrs = {k: v for k, v in item.attrib.items() if k != "ID"}
                refs.tables.setdefault(kind, {})[rid] = RefValue(text, attrs)
        return refs

    def get(self, kind: str, rid: str | None) -> RefValue | None:
        if rid is None:
            return None
        return self.tables.get(kind, {}).get(rid)

    def text(self, kind: str, rid: str | None) -> str | None:
        value = self.get(kind, rid)
        return None if value is None else value.text

    def country(self, rid: str | None) -> str | None:
        """A country as its ISO code where the table gives one, else its name."""
        value = self.get("Country", rid)
        if value is None:
            return None
        return value.attrs.get("ISO2") or value.text


@dataclass(slots=True)
class Place:
    """A ``Location``: ``address`` is None when it only names a country."""

    address: str | None
    countries: list[str]
    line: int | None


def read_location(el: Element, ns: str, refs: ReferenceValues) -> Place:
    parts: dict[str, str] = {}
    loose: list[str] = []
    for part in children(el, ns, "LocationPart"):
        kind = (refs.text("LocPartType", part.get("LocPartTypeID")) or "Unknown").upper()
        value = _part_value(part, ns)
        if not value:
            continue
        if kind in ADDRESS_PARTS:
            parts[kind] = value
        else:
            loose.append(value)
    countries: list[str] = []
    shown: str | None = None
    for loc_country in children(el, ns, "LocationCountry"):
        ref = refs.get("Country", loc_country.get("CountryID"))
        if ref is not None and (ref.attrs.get("ISO2") or ref.text):
            countries.append(ref.attrs.get("ISO2") or ref.text or "")
            shown = shown or ref.text
    if not countries:
        for area in children(el, ns, "LocationAreaCode"):
            code = refs.get("AreaCode", area.get("AreaCodeID"))
            if code is not None and code.text:
                countries.append(code.text)
                shown = shown or code.attrs.get("Description")
    # An untyped part often is the country itself ("Russia", "Region: Gaza").
    if not countries and len(loose) == 1 and clean_value("country", loose[0]):
        shown = loose.pop()
        countries.append(shown)
    lines = [parts[k] for k in ADDRESS_PARTS if k in parts] + loose
    address = None
    if lines:
        if shown:
            lines.append(shown)
        address = ", ".join(lines)
    return Place(address, countries, el.sourceline)


def _part_value(part: Element, ns: str) -> str | None:
    values = list(children(part, ns, "LocationPartValue"))
    primary = [v for v in values if is_true(v.get("Primary"))] or values
    for value in primary:
        text = child_text(value, ns, "Value")
        if text and text.strip():
            return text.strip()
    return None


# -- dates -----------------------------------------------------------------------------
Point = tuple[int, int | None, int | None]


def read_point(el: Element | None, ns: str) -> Point | None:
    """``<Year/><Month/><Day/>`` as numbers (month and day may be absent)."""
    if el is None:
        return None
    parts = {localname(c.tag): c.text for c in el}  # one pass: these run by the 100,000
    try:
        year = int(parts.get("Year") or "")
    except ValueError:
        return None
    month = _int_or_none(parts.get("Month"))
    day = _int_or_none(parts.get("Day")) if month else None
    if month is not None and not 1 <= month <= 12:
        return None
    return (year, month, day)


def _int_or_none(text: str | None) -> int | None:
    try:
        return int(text) if text and text.strip() else None
    except ValueError:
        return None


def point_text(point: Point) -> str:
    year, month, day = point
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _bounds(point: Point) -> tuple[date, date]:
    """The first and last day a (possibly partial) point covers."""
    year, month, day = point
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, 1), date(year, month, last)
    day = min(max(day, 1), last)
    return date(year, month, day), date(year, month, day)


def _years(lo: int, hi: int) -> list[str]:
    if hi - lo <= MAX_YEAR_SPAN:
        return [f"{y:04d}" for y in range(lo, hi + 1)]
    return [f"{lo:04d}", f"{hi:04d}"]


def period_dates(period: Element, ns: str) -> list[str]:
    """A ``DatePeriod`` as FtM prefix dates.

    OFAC writes "1962" as the period 1962-01-01 to 1962-12-31 and an exact day as a
    period of one day. A whole month becomes ``YYYY-MM``; a range of whole years (or
    any range marked ``Approximate``, i.e. "circa") becomes its years, every year when
    the span is at most ten years, else the two ends; any other range its two ends.
    """
    start = child(period, ns, "Start")
    end = child(period, ns, "End")
    lo = _first_point(start, ns, ("From", "To")) or _first_point(end, ns, ("From", "To"))
    hi = _first_point(end, ns, ("To", "From")) or _first_point(start, ns, ("To", "From"))
    if lo is None or hi is None:
        return []
    try:
        lo_day = _bounds(lo)[0]
        hi_day = _bounds(hi)[1]
    except ValueError:
        return []
    if hi_day < lo_day:
        lo_day, hi_day = hi_day, lo_day
    approximate = any(is_true(e.get("Approximate")) for e in (start, end) if e is not None)
    if approximate:
        return _years(lo_day.year, hi_day.year)
    if lo_day == hi_day:
        return [lo_day.isoformat()]
    whole_start_year = (lo_day.month, lo_day.day) == (1, 1)
    whole_end_year = (hi_day.month, hi_day.day) == (12, 31)
    if whole_start_year and whole_end_year:
        return _years(lo_day.year, hi_day.year)
    month_last = calendar.monthrange(hi_day.year, hi_day.month)[1]
    same_month = (lo_day.year, lo_day.month) == (hi_day.year, hi_day.month)
    if same_month and lo_day.day == 1 and hi_day.day == month_last:
        return [f"{lo_day.year:04d}-{lo_day.month:02d}"]
    return [lo_day.isoformat(), hi_day.isoformat()]


def _first_point(el: Element | None, ns: str, names: tuple[str, ...]) -> Point | None:
    if el is None:
        return None
    for name in names:
        point = read_point(child(el, ns, name), ns)
        if point is not None:
            return point
    return None


def date_text(el: Element | None, ns: str) -> str | None:
    """A single ``<Year/><Month/><Day/>`` date (``DateOfIssue``, ``EntryEvent/Date``)."""
    point = read_point(el, ns)
    return None if point is None else point_text(point)


# -- cleaning --------------------------------------------------------------------------
@lru_cache(maxsize=1 << 16)
def clean_value(type_name: str, text: str) -> str | None:
    """FtM's cleaning of one value, memoised: the lists repeat countries, dates, codes."""
    try:
        return registry.get(type_name).clean(text)
    except InvalidData:
        return None


@lru_cache(maxsize=1024)
def prop_type(schema: str, prop: str) -> str:
    """The FtM type name of a schema's property (KeyError when there is no such property)."""
    return get_schema(schema).properties[prop].type.name


def put(entity: Entity, prop: str, values: str | Sequence[str | None] | None) -> list[str]:
    """``entity.add`` with memoised cleaning; returns the rejected values.

    Same result as ``Entity.add``: values are cleaned by FtM's type for the property
    and de-duplicated. The advanced XML repeats the same countries, dates and codes
    thousands of times, so cleaning each distinct value once keeps the SDN file fast.
    """
    if values is None:
        return []
    items = [values] if isinstance(values, str) else values
    ptype = prop_type(entity.schema, prop)
    rejected: list[str] = []
    bucket = entity.properties.get(prop)
    for raw in items:
        text = raw.strip() if raw else ""
        if not text:
            continue
        value = clean_value(ptype, text)
        if value is None:
            rejected.append(text)
            continue
        if bucket is None:
            bucket = entity.properties[prop] = []
        if value not in bucket:
            bucket.append(value)
    return rejected
