"""The ``Remarks`` column of OFAC's legacy CSV files, fact by fact.

OFAC packs everything that has no column of its own into one remarks text of
``;``-separated facts (continued in ``sdn_comments.csv`` when it is longer than the
column allows)::

    DOB 12 Mar 1970; alt. DOB 1971; POB Moscow, Russia; nationality Russia;
    Passport 123456 (Russia) expires 2020; Tax ID No. 1831083343 (Russia);
    a.k.a. 'X'; Linked To: SOME NAME, OOO.

Each fact starts with a label (``alt.`` marks a further value of the same kind). A
table maps labels to FollowTheMoney properties; the value is cleaned by FtM's type.
Identifiers land in their specific property (``innCode`` for a 10/12-digit Russian tax
id, ``ogrnCode`` for a 13/15-digit Russian registration number, ``uscCode``,
``leiCode``, ``imoNumber`` ...). Facts about the listing itself (secondary-sanctions
risk, directives, listing dates) go to the ``Sanction``. ``a.k.a.`` in the remarks are
OFAC's low-quality aliases (the strong ones are in ``alt.csv``): ``weakAlias``.

Nothing is dropped: a fact without a label we know, a value FtM rejects, or an
identifier whose label, issuing country or dates no property can hold, is kept
verbatim in ``notes``; rejected values are also reported as problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from followthemoney import model as ftm_model
from followthemoney import registry
from followthemoney.exc import InvalidData
from rigour.ids import IMO, INN, LEI, OGRN
from rigour.ids.common import IdentifierFormat

from tracewire.model import Entity
from tracewire.sources.ofac_remark_labels import ID_LABELS, KINDS

_LABEL_CASE = {label.lower(): (label, kind) for label, kind in KINDS.items()}
_LABELS = "|".join(re.escape(label) for label in sorted(KINDS, key=len, reverse=True))
_FACT_RE = re.compile(
    rf"^(?P<alt>alt\.\s+)?(?P<label>{_LABELS})(?:\s*[:#\-]+)?\s+(?P<value>\S.*)$", re.I
)
# "VALUE (Country) issued DATE expires DATE" after an identifier label
_ID_VALUE_RE = re.compile(
    r"^(?P<number>.+?)(?:\s+\((?P<country>[^()]+)\))?"
    r"(?:\s+issued\s+(?P<issued>.+?))?(?:\s+expires\s+(?P<expires>.+?))?$"
)
# an unknown label that names an identifier: "Xyz Card No. 12345 (Country)"
_GENERIC_ID_RE = re.compile(r"^(?:alt\.\s+)?[A-Z][\w.'/ -]*?(?:No\.|Number|#|ID)\s+(?=\S*\d)")
_DATE_RE = re.compile(r"(?:(\d{1,2})\s+)?(?:([A-Za-z]{3,9})\.?\s+)?(\d{4})")
_YEARS_RE = re.compile(r"(\d{4})\s*-\s*(\d{4})")
_SPLIT_RE = re.compile(r";\s*")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DIGITS_RE = re.compile(r"\D")
#: identifier properties whose name does not say what the number is: keep the fact too
_GENERIC_ID_PROPS = frozenset(
    {"idNumber", "registrationNumber", "licenseNumber", "taxNumber", "passportNumber"}
)
_ID_PROPS = frozenset(ID_LABELS.values())
#: identifiers with check digits, and where a number failing them goes instead
_CHECKED: dict[str, tuple[type[IdentifierFormat], str]] = {
    "innCode": (INN, "taxNumber"),
    "ogrnCode": (OGRN, "registrationNumber"),
    "leiCode": (LEI, "registrationNumber"),
    "imoNumber": (IMO, "registrationNumber"),
}
#: flag / country texts that say "unknown"
NO_COUNTRY = frozenset({"undetermined", "none identified"})
_SANCTION_DATE_RE = re.compile(r"(\d{1,2}\s+[A-Za-z]{3}\s+\d{4})\s*$")


@cache
def schema_props(schema: str) -> frozenset[str]:
    found = ftm_model.get(schema)
    return frozenset(found.properties) if found is not None else frozenset()


@cache
def _prop_type(schema: str, prop: str) -> str:
    return ftm_model.get(schema).properties[prop].type.name  # type: ignore[union-attr]


_PLAIN_TYPES = frozenset({"string", "text", "identifier"})


@lru_cache(maxsize=100_000)
def _clean(type_name: str, text: str) -> str | None:
    if type_name in _PLAIN_TYPES and text.isascii() and text.isprintable():
        return text  # what FtM's clean makes of printable ASCII (NFC, no control chars)
    if type_name == "date":  # parse_date gives ISO prefixes; check the calendar only
        if len(text) == 10:
            try:
                date.fromisoformat(text)
            except ValueError:
                return None
        return text
    try:
        return registry.get(type_name).clean(text)
    except InvalidData:
        return None


def add_clean(entity: Entity, prop: str, values: str | Iterable[str]) -> list[str]:
    """``entity.add(prop, values)``, faster: FtM's cleaning is memoised (lists repeat
    countries, genders, sectors) and the property is looked up once per schema.

    Returns the rejected values, as ``Entity.add`` does. Raises KeyError for a property
    the schema does not have.
    """
    type_name = _prop_type(entity.schema, prop)
    rejected: list[str] = []
    bucket: list[str] | None = None
    for raw in [values] if isinstance(values, str) else values:
        text = raw.strip()
        if not text:
            continue
        value = _clean(type_name, text)
        if value is None:
            rejected.append(text)
            continue
        if bucket is None:
            bucket = entity.properties.setdefault(prop, [])
        if value not in bucket:
            bucket.append(value)
    return rejected


@dataclass(slots=True)
class RemarkFacts:
    """What the remarks say that needs the whole list to resolve, and what failed."""

    links: list[str] = field(default_factory=list)
    operators: list[str] = field(default_factory=list)
    #: (currency ticker, address) of "Digital Currency Address" facts
    wallets: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


# -- dates -------------------------------------------------------------------------------
def parse_date(text: str) -> str | None:
    """``12 Mar 1970`` → ``1970-03-12``; ``Mar 1970`` → ``1970-03``; ``1970`` → ``1970``."""
    m = _DATE_RE.fullmatch(text.strip())
    if m is None:
        return None
    day, month, year = m.groups()
    if month is None:
        return year if day is None else None
    num = _MONTHS.get(month[:3].lower())
    if num is None:
        return None
    if day is None:
        return f"{year}-{num:02d}"
    return f"{year}-{num:02d}-{int(day):02d}"


def parse_dates(text: str) -> list[str] | None:
    """One date, ``circa`` a date, or a range ``A to B`` / ``1960-1965``; None if unreadable.

    A range of whole years adds each year when it spans at most ten, else its two ends.
    """
    t = text.strip()
    if t.lower().startswith("circa "):
        t = t[6:].strip()
    years = _YEARS_RE.fullmatch(t)
    if years:
        start, end = years.groups()
    elif " to " in t:
        start, end = (p.strip() for p in t.split(" to ", 1))
    else:
        one = parse_date(t)
        return None if one is None else [one]
    a, b = parse_date(start), parse_date(end)
    if a is None or b is None:
        return None
    whole = (len(a) == 4 or a.endswith("-01-01")) and (len(b) == 4 or b.endswith("-12-31"))
    ya, yb = int(a[:4]), int(b[:4])
    if whole and 0 <= yb - ya <= 10:
        return [str(y) for y in range(ya, yb + 1)]
    if whole:
        return [str(ya), str(yb)]
    return [a, b]


# -- writing values ----------------------------------------------------------------------
def put(entity: Entity, prop: str, values: str | list[str], fact: str, out: RemarkFacts) -> None:
    """Add a value, casting LegalEntity to Company for company-only properties.

    Where the schema has no such property the fact goes to ``notes`` (identifiers to
    ``idNumber``/``registrationNumber`` as well); rejected values become problems.
    """
    props = schema_props(entity.schema)
    if prop not in props:
        if entity.schema == "LegalEntity" and prop in schema_props("Company"):
            entity.schema = "Company"
        else:
            add_clean(entity, "notes", fact)
            fallback = "idNumber" if "idNumber" in props else "registrationNumber"
            if prop not in _ID_PROPS or fallback not in props:
                return
            prop = fallback
    rejected = add_clean(entity, prop, values)
    if rejected:
        out.problems.append(f"{prop}: cannot read {', '.join(map(repr, rejected))} in {fact!r}")
        add_clean(entity, "notes", fact)


def _phone(text: str) -> str:
    """OFAC writes phone numbers without ``+``: ``982188526300``, ``009613679153``."""
    digits = _DIGITS_RE.sub("", text)
    if digits.startswith("00"):
        digits = digits[2:]
    return f"+{digits}" if 8 <= len(digits) <= 15 and not text.startswith("+") else text


def _identifier(
    entity: Entity, label: str, prop: str, value: str, fact: str, out: RemarkFacts
) -> None:
    m = _ID_VALUE_RE.match(value)
    number = m.group("number").strip() if m else value
    country = (m.group("country") or "").strip() if m else ""
    details = bool(m and (m.group("issued") or m.group("expires")))
    digits = _DIGITS_RE.sub("", number)
    russian = country == "Russia" and digits == number
    if number.upper().startswith("IMO ") or prop == "imoNumber":
        prop, number = "imoNumber", IMO.normalize(number) or number
    elif prop == "taxNumber" and russian and len(digits) in (10, 12):
        prop = "innCode"
    elif prop == "registrationNumber" and russian and len(digits) in (13, 15):
        prop = "ogrnCode"
    elif label == "Government Gazette Number" and russian:
        prop = "okpoCode"  # OFAC's name for the Russian OKPO code
    checked = _CHECKED.get(prop)
    if checked is not None and not checked[0].is_valid(number):
        name, prop = prop, checked[1]
        out.problems.append(f"{name}: {number!r} fails its check digits; kept as {prop}")
        details = True
    put(entity, prop, number, fact, out)
    if details or (country and prop in _GENERIC_ID_PROPS):
        add_clean(entity, "notes", fact)


def _sanction_fact(sanction: Entity, prop: str, fact: str) -> None:
    add_clean(sanction, "provisions", fact)
    if prop:
        m = _SANCTION_DATE_RE.search(fact)
        when = parse_date(m.group(1)) if m else None
        if when:
            add_clean(sanction, prop, when)


# -- the remarks -------------------------------------------------------------------------
def split_facts(text: str) -> list[str]:
    """The facts of a remarks text, without the closing full stop."""
    text = text.strip()
    if text.endswith("(See comments)"):
        text = text[: -len("(See comments)")].rstrip()
    if text.endswith("."):
        text = text[:-1]
    return [f.strip() for f in _SPLIT_RE.split(text) if f.strip()]


def apply_remarks(
    text: str, entity: Entity, sanction: Entity, skip: frozenset[str] = frozenset()
) -> RemarkFacts:
    """Put every fact of ``text`` on ``entity`` (or ``sanction``); see the module doc.

    ``skip`` holds texts already mapped elsewhere (OFAC repeats the Title column).
    """
    out = RemarkFacts()
    for fact in split_facts(text):
        m = _FACT_RE.match(fact)
        if m is None:
            if fact in skip:
                continue
            generic = _GENERIC_ID_RE.match(fact)
            if generic is None:
                add_clean(entity, "notes", fact)
                continue
            prop = "idNumber" if entity.schema == "Person" else "registrationNumber"
            _identifier(entity, "", prop, fact[generic.end() :], fact, out)
            add_clean(entity, "notes", fact)  # the label says what the number is
            continue
        label, (kind, prop) = _LABEL_CASE[m.group("label").lower()]
        value = m.group("value").strip()
        if kind == "id":
            _identifier(entity, label, prop, value, fact, out)
        elif kind == "date":
            dates = parse_dates(value)
            if dates is None:
                out.problems.append(f"{prop}: cannot read date {value!r} in {fact!r}")
                add_clean(entity, "notes", fact)
            else:
                put(entity, prop, dates, fact, out)
        elif kind == "country" and value.lower() in NO_COUNTRY:
            add_clean(entity, "notes", fact)  # "None Identified": a fact, not a country
        elif kind == "country":
            if (
                entity.schema != "Person"
                and prop in ("nationality", "citizenship")
                or prop in ("flag", "pastFlags")
                and entity.schema != "Vessel"
            ):
                prop = "country"
            put(entity, prop, value, fact, out)
        elif kind in ("text", "gender"):
            if (
                prop == "classification"
                and value.endswith(" Company")
                and entity.schema == "LegalEntity"
            ):
                entity.schema = "Company"  # "Target Type Private Company"
            put(entity, prop, value, fact, out)
        elif kind == "phone":
            put(entity, prop, _phone(value), fact, out)
        elif kind == "name":
            name = value[1:-1] if len(value) > 1 and value[0] == value[-1] == "'" else value
            put(entity, prop, name, fact, out)
        elif kind == "link":
            out.links.append(value)
        elif kind == "operator":
            out.operators.append(value)
        elif kind == "crypto":
            currency, _, address = value.rpartition(" ")
            out.wallets.append((currency.removeprefix("- ").strip(), address))
        elif kind == "sanction":
            _sanction_fact(sanction, prop, fact)
        elif kind == "url" and add_clean(sanction, "programUrl", value.rstrip(".")):
            add_clean(sanction, "provisions", fact)  # not a URL FtM reads: keep the text
    return out
