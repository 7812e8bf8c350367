"""One Consolidated Screening List record, read from either the CSV or the JSON layout.

Both layouts carry the same fields (see ``us_csl``); the CSV joins multiple values with
``"; "`` and writes an address as one ``street, city, state, postcode, CC`` string, the
JSON uses lists and address objects. ``CslRecord`` is the common shape the entity builder
reads, and ``SourceList`` decodes the ``source`` column
(``Entity List (EL) - Bureau of Industry and Security``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracewire.sources.us_csl_identifiers import IdItem, json_ids, split_csv_ids

#: the list columns, in both layouts
LIST_FIELDS = (
    "programs",
    "alt_names",
    "citizenships",
    "nationalities",
    "dates_of_birth",
    "places_of_birth",
)
#: scalar columns kept as text
SCALAR_FIELDS = (
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "source_information_url",
    "title",
    "country",
)

#: the short codes trade.gov uses for its source lists (its API's ``sources`` parameter)
KNOWN_CODES = frozenset(
    {"SDN", "EL", "DPL", "SSI", "UVL", "ISN", "DTC", "PLC", "MEU", "CMIC", "MBS", "FSE", "CAP"}
)
#: parenthesised code in the source name → the short code
CODE_ALIASES = {"NS-MBS LIST": "MBS", "NS-MBS": "MBS", "NS-CMIC": "CMIC", "NS-PLC": "PLC"}
_PAREN = re.compile(r"\(([^()]+)\)")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class SourceList:
    text: str  # as published: "Entity List (EL) - Bureau of Industry and Security"
    name: str  # "Entity List (EL)"
    agency: str  # "Bureau of Industry and Security"
    code: str  # "EL"

    @property
    def known(self) -> bool:
        return self.code in KNOWN_CODES


def parse_source(text: str) -> SourceList:
    text = " ".join(text.split())
    name, sep, agency = text.rpartition(" - ")
    if not sep:
        name, agency = text, ""
    codes = _PAREN.findall(name)
    raw = codes[-1].strip().upper() if codes else re.sub(r"[^A-Z0-9]+", "-", name.upper())
    code = CODE_ALIASES.get(raw, raw).strip("-")
    return SourceList(text, name.strip(), agency.strip(), code)


@dataclass(slots=True)
class CslAddress:
    full: str | None
    country: str | None


@dataclass(slots=True)
class CslRecord:
    #: where the record sits, for messages: CSV line, or JSON element path
    line: int | None
    element: str | None
    id: str
    entity_number: str
    source: str
    type: str
    name: str
    lists: dict[str, list[str]] = field(default_factory=dict)
    scalars: dict[str, str] = field(default_factory=dict)
    addresses: list[CslAddress] = field(default_factory=list)
    ids: list[IdItem] = field(default_factory=list)

    def get(self, key: str) -> str:
        return self.scalars.get(key, "")

    def many(self, key: str) -> list[str]:
        return self.lists.get(key, [])

    def where(self) -> str:
        return f"line {self.line}" if self.line is not None else (self.element or "?")


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def csv_address(text: str) -> CslAddress:
    """``"Tian Wang te Zi #1, Baqiao District, Xian, China, CN"`` → full text + ``CN``."""
    text = text.strip()
    if _COUNTRY.match(text):
        return CslAddress(None, text)
    last = text.rsplit(", ", 1)[-1].strip()
    return CslAddress(text, last if _COUNTRY.match(last) and last != text else None)


def record_from_csv(row: dict[str, str], line: int) -> CslRecord:
    def get(key: str) -> str:
        return (row.get(key) or "").strip()

    rec = CslRecord(
        line=line,
        element=None,
        id=get("_id") or get("id"),
        entity_number=get("entity_number"),
        source=get("source"),
        type=get("type"),
        name=get("name"),
    )
    for key in LIST_FIELDS:
        rec.lists[key] = _split(get(key))
    for key in SCALAR_FIELDS:
        rec.scalars[key] = get(key)
    rec.addresses = [csv_address(a) for a in get("addresses").split("; ") if a.strip()]
    rec.ids = split_csv_ids(get("ids"))
    return rec


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value if _text(v))
    return str(value).strip()


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [t for t in (_text(v) for v in value) if t]
    return _split(_text(value))


def json_addresses(obj: object) -> list[CslAddress]:
    """An address object → addresses. BIS packs several streets into one ``address``
    ("113 Hezuo Road, ...; and 21 Changsheng Street, ..."): one address each, all with the
    object's city, state, postcode and country."""
    if isinstance(obj, str):
        return [csv_address(obj)]
    if not isinstance(obj, dict):
        return []
    country = _text(obj.get("country")) or None
    tail = [_text(obj.get(k)) for k in ("city", "state", "postal_code")]
    streets = [s.strip() for s in _text(obj.get("address")).split(";") if s.strip()]
    out: list[CslAddress] = []
    for street in [s[4:] if s.startswith("and ") else s for s in streets] or [""]:
        parts = [street, *(t for t in tail if t and t not in street)]
        parts = [p for p in parts if p]
        if parts and country:
            parts.append(country)
        out.append(CslAddress(", ".join(parts) or None, country))
    return [a for a in out if a.full or a.country]


def record_from_json(obj: dict[str, object], index: int) -> CslRecord:
    rec = CslRecord(
        line=None,
        element=f"results[{index}]",
        id=_text(obj.get("id", obj.get("_id"))),
        entity_number=_text(obj.get("entity_number")),
        source=_text(obj.get("source")),
        type=_text(obj.get("type")),
        name=_text(obj.get("name")),
    )
    for key in LIST_FIELDS:
        rec.lists[key] = _strings(obj.get(key))
    for key in SCALAR_FIELDS:
        rec.scalars[key] = _text(obj.get(key))
    addresses = obj.get("addresses")
    if isinstance(addresses, list):
        rec.addresses = [a for obj in addresses for a in json_addresses(obj)]
    elif isinstance(addresses, str):
        rec.addresses = [csv_address(a) for a in addresses.split("; ") if a.strip()]
    rec.ids = json_ids(obj.get("ids"))
    return rec
