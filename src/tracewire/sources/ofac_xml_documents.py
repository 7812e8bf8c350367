"""Identity and registration documents of OFAC's advanced XML (``IDRegDocuments``).

Documents sit before the parties, each naming the ``IdentityID`` it belongs to, so they
are collected into a :class:`DocumentIndex` and handed to the party when it is read.
The ``IDRegDocType`` text picks the FtM property (passport → ``passportNumber``, tax id
→ ``taxNumber``, registration numbers → ``registrationNumber``, ...); anything else is
an ``idNumber``. Russian tax ids (10 or 12 digits) are also ``innCode`` and Russian
registration ids of 13 or 15 digits also ``ogrnCode``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from followthemoney.schema import Schema

from tracewire.model import Entity
from tracewire.sources.ofac_xml_values import Element, ReferenceValues, child_text, put

#: IDRegDocType keywords (whole words, lower case) -> property, first match wins; no
#: match gives ``idNumber``
DOCUMENT_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("passport",), "passportNumber"),
    (("v.a.t.", "vat"), "vatCode"),
    (("social credit code", "uscc", "usccc"), "uscCode"),
    (("legal entity number", "le number", "lei"), "leiCode"),
    (("swift", "swift/bic", "bic"), "swiftBic"),
    (("mmsi",), "mmsi"),
    (("vessel registration identification", "imo"), "imoNumber"),
    (("aircraft serial identification",), "serialNumber"),
    (("ssn", "social security number"), "socialSecurityNumber"),
    (
        ("tax", "fiscal", "r.f.c.", "rfc", "ruc", "nit", "rif", "c.u.i.t.", "c.i.f.", "n.i.f.")
        + ("fein", "tin"),
        "taxNumber",
    ),
    (
        ("registration", "registry", "register", "registered", "company number")
        + ("incorporation", "chamber of commerce", "c.r. no.", "business number")
        + ("enterprise number",),
        "registrationNumber",
    ),
    (("license", "licence"), "licenseNumber"),
)
_DOCUMENT_PATTERNS = tuple(
    (re.compile("|".join(rf"(?<![\w.]){re.escape(k)}(?![\w])" for k in keys)), prop)
    for keys, prop in DOCUMENT_RULES
)
#: where a value goes when the entity's schema lacks the property
FALLBACK_PROPS = {
    "nationality": "country",
    "citizenship": "country",
    "jurisdiction": "country",
    "flag": "country",
    "pastFlags": "country",
    "bikCode": "idNumber",
    "passportNumber": "idNumber",
    "idNumber": "registrationNumber",
    "imoNumber": "registrationNumber",
    "mmsi": "registrationNumber",
    "serialNumber": "registrationNumber",
    "licenseNumber": "registrationNumber",
    "vatCode": "taxNumber",
    "socialSecurityNumber": "idNumber",
}
#: identifier properties whose cleaning checks a checksum; a failing value is kept
#: as a plain registration number instead
CHECKED_IDS = ("imoNumber", "mmsi")
RUSSIA = ("ru", "russia")


def prop_for(schema: Schema, prop: str) -> str | None:
    """``prop`` or its fallback that the schema has, or None."""
    while prop not in schema.properties:
        fallback = FALLBACK_PROPS.get(prop)
        if fallback is None:
            return None
        prop = fallback
    return prop


def document_prop(kind: str) -> str:
    text = kind.lower()
    for pattern, prop in _DOCUMENT_PATTERNS:
        if pattern.search(text):
            return prop
    return "idNumber"


@dataclass(slots=True)
class Document:
    """An ``IDRegDocument``, waiting for the party whose identity it belongs to."""

    kind: str
    number: str
    country: str | None
    line: int | None


class DocumentIndex:
    """Documents by ``IdentityID``; what is left after the parties are orphans."""

    def __init__(self) -> None:
        self.by_identity: dict[str, list[Document]] = {}

    def collect(self, el: Element, ns: str, refs: ReferenceValues) -> str | None:
        """Keep one ``IDRegDocument``; returns a warning when it cannot be used."""
        number = " ".join((child_text(el, ns, "IDRegistrationNo") or "").split())
        identity = el.get("IdentityID")
        if not number or identity is None:
            return f"IDRegDocument {el.get('ID')} has no number or identity; skipped"
        kind = refs.text("IDRegDocType", el.get("IDRegDocTypeID"))
        warning = None
        if kind is None:
            warning = f"IDRegDocument {el.get('ID')}: unknown IDRegDocTypeID; read as idNumber"
            kind = "Identification Number"
        country = refs.country(el.get("IssuedBy-CountryID"))
        doc = Document(kind, number, country, el.sourceline)
        self.by_identity.setdefault(identity, []).append(doc)
        return warning

    def pop(self, identity: str) -> list[Document]:
        return self.by_identity.pop(identity, [])


def apply_document(entity: Entity, doc: Document) -> list[str]:
    """Add a document's number to the entity; returns the values that were rejected."""
    prop = document_prop(doc.kind)
    if prop == "imoNumber" and entity.schema != "Vessel":
        prop = "registrationNumber"
    target = prop_for(entity.schema_obj, prop)
    if target is None:
        put(entity, "notes", f"{doc.kind}: {doc.number}")
        return []
    rejected = []
    for bad in put(entity, target, doc.number):
        if target in CHECKED_IDS:
            put(entity, "registrationNumber", bad)
        else:
            rejected.append(bad)
    digits = doc.number.replace(" ", "")
    if (doc.country or "").lower() in RUSSIA and digits.isdigit():
        if target == "taxNumber" and len(digits) in (10, 12):
            put(entity, "innCode", digits)
        elif target == "registrationNumber" and len(digits) in (13, 15):
            put(entity, "ogrnCode", digits)
    return rejected
