"""The ``ids`` of a Consolidated Screening List record, and the FtM property for each type.

In the CSV an ``ids`` cell is ``;``-separated items of ``TYPE, NUMBER[, COUNTRY[, ISSUED[,
EXPIRES]]]`` (``Passport, 836238033, KP``; ``Identification Number, AO 2879097, IT, 30 Oct
2012``); in the JSON each item is an object with ``type``, ``number``, ``country``,
``issue_date``, ``expiration_date``. The NUMBER of some informational types contains commas
(``Secondary sanctions risk:, Ukraine-/Russia-Related Sanctions Regulations, 31 CFR ...``),
so the country is found as the first later part that is a two-letter code.

The same types appear in OFAC's own files (the CSL copies them from OFAC), so the mapping is
shared knowledge: identity documents, registry and tax numbers, contact details, vessel and
aircraft particulars, and sanction provisions (directives, secondary-sanction notes, CMIC
dates) that belong on the Sanction rather than on the party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
_DATEISH = re.compile(
    r"^(\d{4}(-\d{2}(-\d{2})?)?|\d{1,2} [A-Za-z]{3,9} \d{4}|[A-Za-z]{3,9} \d{4})$"
)


@dataclass(slots=True)
class IdItem:
    type: str
    number: str
    country: str | None = None
    issue_date: str | None = None
    expiration_date: str | None = None

    def text(self) -> str:
        extra = [
            x
            for x in (
                self.country,
                f"issued {self.issue_date}" if self.issue_date else None,
                f"expires {self.expiration_date}" if self.expiration_date else None,
            )
            if x
        ]
        tail = f" ({', '.join(extra)})" if extra else ""
        label = self.type.rstrip(" :-")
        return f"{label}: {self.number}{tail}" if self.number else f"{label}{tail}"


def split_csv_ids(cell: str) -> list[IdItem]:
    """Parse one CSV ``ids`` cell into items."""
    items: list[IdItem] = []
    for raw in cell.split("; "):
        parts = [p.strip() for p in raw.split(", ")]
        if not parts or not parts[0]:
            continue
        kind, rest = parts[0], parts[1:]
        country: str | None = None
        dates: list[str] = []
        for i in range(1, len(rest)):
            if _COUNTRY_CODE.match(rest[i]):
                country, dates, rest = rest[i], rest[i + 1 :], rest[:i]
                break
        else:
            while len(rest) > 1 and _DATEISH.match(rest[-1]):
                dates.insert(0, rest.pop())
        number = ", ".join(p for p in rest if p)
        items.append(
            IdItem(
                kind,
                number,
                country,
                dates[0] if dates else None,
                dates[1] if len(dates) > 1 else None,
            )
        )
    return items


def json_ids(value: object) -> list[IdItem]:
    """Items from a JSON ``ids`` value (a list of objects, or of CSV-style strings)."""
    items: list[IdItem] = []
    if not isinstance(value, list):
        return items
    for obj in value:
        if isinstance(obj, str):
            items.extend(split_csv_ids(obj))
        elif isinstance(obj, dict):

            def _get(key: str, obj: dict[str, object] = obj) -> str | None:
                v = obj.get(key)
                return str(v).strip() or None if v is not None else None

            kind = _get("type")
            if kind is None:
                continue
            items.append(
                IdItem(
                    kind,
                    _get("number") or "",
                    _get("country"),
                    _get("issue_date"),
                    _get("expiration_date"),
                )
            )
    return items


# -- what each type means ---------------------------------------------------------------
#: targets that are not FtM properties of the party
SANCTION_PROVISION = "@provision"
SANCTION_LISTING_DATE = "@listingDate"
SANCTION_START_DATE = "@startDate"
WALLET = "@wallet"
NOTE = "@note"

#: exact types (case-folded, trailing ``:``/``-``/``#`` and spaces removed) → target
ID_TYPES: dict[str, str] = {
    "passport": "passportNumber",
    "diplomatic passport": "passportNumber",
    "british national overseas passport": "passportNumber",
    "travel document number": "passportNumber",
    "tax id no.": "taxNumber",
    "nit": "taxNumber",
    "r.f.c.": "taxNumber",
    "rfc": "taxNumber",
    "ruc": "taxNumber",
    "c.u.i.t.": "taxNumber",
    "us fein": "taxNumber",
    "italian fiscal code": "taxNumber",
    "paraguayan tax identification number": "taxNumber",
    "v.a.t. number": "vatCode",
    "ssn": "socialSecurityNumber",
    "registration id": "registrationNumber",
    "registration number": "registrationNumber",
    "public registration number": "registrationNumber",
    "business registration document": "registrationNumber",
    "business registration number": "registrationNumber",
    "c.r. no.": "registrationNumber",
    "company number": "registrationNumber",
    "uk company number": "registrationNumber",
    "certificate of incorporation number": "registrationNumber",
    "registered charity no.": "registrationNumber",
    "le number": "registrationNumber",
    "government gazette number": "registrationNumber",
    "unified social credit code (uscc)": "uscCode",
    "legal entity number": "leiCode",
    "swift/bic": "swiftBic",
    "bik (ru)": "bikCode",
    "isin": "isinCode",
    "equity ticker": "ticker",
    "license": "licenseNumber",
    "email address": "email",
    "website": "website",
    "phone number": "phone",
    "gender": "gender",
    "issuer name": "alias",
    "target type": "classification",
    "organization type": "sector",
    "organization established date": "incorporationDate",
    "nationality of registration": "jurisdiction",
    "nationality country": "nationality",
    "citizenship country": "citizenship",
    "vessel registration identification": "imoNumber",
    "mmsi": "mmsi",
    "vessel year of build": "buildDate",
    "other vessel call sign": "callSign",
    "other vessel flag": "pastFlags",
    "other vessel type": "pastTypes",
    "aircraft manufacturer's serial number (msn)": "serialNumber",
    "aircraft construction number (also called l/n or s/n or f/n)": "serialNumber",
    "aircraft model": "model",
    "aircraft manufacture date": "buildDate",
    "aircraft tail number": "registrationNumber",
    "listing date (cmic)": SANCTION_LISTING_DATE,
    "effective date (cmic)": SANCTION_START_DATE,
}

#: case-folded prefixes → target, tried in order when no exact type matched
ID_PREFIXES: tuple[tuple[str, str], ...] = (
    ("digital currency address", WALLET),
    ("secondary sanctions risk", SANCTION_PROVISION),
    ("transactions prohibited", SANCTION_PROVISION),
    ("additional sanctions information", SANCTION_PROVISION),
    ("executive order", SANCTION_PROVISION),
    ("caatsa", SANCTION_PROVISION),
    ("ifca", SANCTION_PROVISION),
    ("listing date", SANCTION_PROVISION),
    ("effective date", SANCTION_PROVISION),
    ("purchase/sales for divestment", SANCTION_PROVISION),
    ("aircraft", NOTE),
)

#: case-folded keywords → target, the last resort for identity-document-like types
ID_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("passport", "passportNumber"),
    ("tax", "taxNumber"),
    ("registration", "registrationNumber"),
    ("cedula", "idNumber"),
    ("id no", "idNumber"),
    ("id number", "idNumber"),
    ("id card", "idNumber"),
    ("identification", "idNumber"),
    ("identity", "idNumber"),
    ("national id", "idNumber"),
    ("d.n.i", "idNumber"),
    ("c.u.r.p", "idNumber"),
    ("electoral", "idNumber"),
    ("credencial", "idNumber"),
    ("immigration", "idNumber"),
    ("driver", "idNumber"),
    ("visanumber", "idNumber"),
    ("serial no", "idNumber"),
)

#: targets that are identity documents: with a country or dates they also become an
#: ``Identification`` (``Passport``) entity, so the issuing country and validity are kept
DOCUMENT_PROPS = frozenset(
    {
        "passportNumber",
        "idNumber",
        "taxNumber",
        "socialSecurityNumber",
        "registrationNumber",
        "vatCode",
        "licenseNumber",
    }
)

#: FtM properties only ``Company`` has among the party schemata
COMPANY_ONLY = frozenset({"bikCode", "isinCode", "ticker"})


def _key(kind: str) -> str:
    return kind.casefold().strip().rstrip(" :-#").strip()


def target_of(kind: str) -> str:
    """The FtM property (or one of the ``@`` targets) an id type maps to."""
    key = _key(kind)
    exact = ID_TYPES.get(key)
    if exact is not None:
        return exact
    for prefix, target in ID_PREFIXES:
        if key.startswith(prefix):
            return target
    for word, target in ID_KEYWORDS:
        if word in key:
            return target
    return NOTE


def extra_targets(item: IdItem, target: str) -> list[str]:
    """Further properties implied by the type and issuing country (RU INN, OGRN, OKPO)."""
    if item.country != "RU":
        return []
    digits = item.number.isdigit()
    if target == "taxNumber" and digits:
        return ["innCode"]
    key = _key(item.type)
    if key == "government gazette number" and digits:
        return ["okpoCode"]
    if target == "registrationNumber" and digits and len(item.number) in (13, 15):
        return ["ogrnCode"]
    return []


def clean_number(target: str, number: str) -> str:
    """Strip the type label OFAC repeats inside some numbers (``IMO 7406784``)."""
    if target == "imoNumber" and number.upper().startswith("IMO"):
        return number[3:].strip()
    if target == "gender":
        return number.lower()
    return number
