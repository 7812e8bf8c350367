"""Identifiers: the types users write (``inn:1831083343``), the FtM property for each, the
kind of number each property holds, and one normalisation of their values.

Used by the custom list CSV (``identifiers`` column), screening queries, matching
(:mod:`tracewire.match.features`: equal or conflicting identifiers) and the network
(:mod:`tracewire.network.shared`: parties that share a number). All of them compare
values through :func:`normalise`, so an IMO, INN, BIC or LEI written two ways is one value
everywhere:

- letters upper-cased, everything but letters and digits dropped (``77-3108/4175`` →
  ``7731084175``);
- for a property with an identifier format in FollowTheMoney (``imoNumber``: imo,
  ``swiftBic``: bic, ``innCode``: inn, ``leiCode``: lei, ``ogrnCode``: ogrn,
  ``uscCode``: uscc), the value as :mod:`rigour.ids` normalises it when it is valid
  there: a BIC without its branch code (``DEUTDEFF500`` → ``DEUTDEFF``), as one bank;
  and when it is valid without the format's name written before it (``INN 7707083893``);
- an IMO number without its ``IMO`` prefix (``IMO 9187629`` → ``9187629``), valid or not;
- values shorter than :data:`MIN_LENGTH` are too short to compare (None).
"""

from __future__ import annotations

import re
from functools import cache

from rigour.ids import get_identifier_format
from rigour.ids.common import IdentifierFormat

from tracewire.errors import InputError

#: user-facing type → FollowTheMoney property
IDENTIFIER_TYPES: dict[str, str] = {
    "passport": "passportNumber",
    "national_id": "idNumber",
    "id": "idNumber",
    "tax_id": "taxNumber",
    "tax": "taxNumber",
    "vat": "vatCode",
    "inn": "innCode",
    "ogrn": "ogrnCode",
    "uscc": "uscCode",
    "lei": "leiCode",
    "imo": "imoNumber",
    "mmsi": "mmsi",
    "swift": "swiftBic",
    "bic": "swiftBic",
    "registration": "registrationNumber",
    "registration_number": "registrationNumber",
    "duns": "dunsCode",
    "wallet": "cryptoWallets",
    "crypto": "cryptoWallets",
    "call_sign": "callSign",
}

#: identifier properties of FtM's Thing/LegalEntity/Vessel/Person schemata we compare
IDENTIFIER_PROPS: frozenset[str] = frozenset(IDENTIFIER_TYPES.values()) | {"serialNumber"}


#: FtM identifier property → the kind of number it holds: values of one kind are compared
#: across properties (an INN given as a tax number is the same number)
ID_KINDS: dict[str, str] = {
    "innCode": "tax",
    "taxNumber": "tax",
    "vatCode": "tax",
    "ogrnCode": "registration",
    "registrationNumber": "registration",
    "uscCode": "registration",
    "leiCode": "lei",
    "imoNumber": "imo",
    "mmsi": "mmsi",
    "passportNumber": "passport",
    "idNumber": "national_id",
    "swiftBic": "swift",
    "dunsCode": "duns",
    "cryptoWallets": "wallet",
    "callSign": "call_sign",
    "serialNumber": "serial",
}
#: kinds where two different values on the two sides of a match speak against one party
CONFLICT_KINDS = frozenset({"tax", "registration", "lei", "imo", "mmsi", "passport", "swift"})
#: kinds of number the network links listed parties by
NETWORK_KINDS = frozenset({"tax", "registration", "lei", "imo", "swift", "duns"})
#: properties whose equal values name one legal person or vessel, wherever registered
UNIQUE_PROPS = frozenset({"innCode", "ogrnCode", "uscCode", "leiCode", "imoNumber"})
#: properties unique only within one country's registry (compared within a country)
NATIONAL_PROPS = frozenset({"taxNumber", "vatCode", "registrationNumber"})
#: FtM identifier property → its identifier format in FollowTheMoney and rigour.ids
PROP_FORMATS: dict[str, str] = {
    "imoNumber": "imo",
    "swiftBic": "bic",
    "innCode": "inn",
    "leiCode": "lei",
    "ogrnCode": "ogrn",
    "uscCode": "uscc",
}
#: identifiers shorter than this (after normalisation) are too short to compare
MIN_LENGTH = 4
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


@cache
def _format(name: str) -> type[IdentifierFormat] | None:
    return get_identifier_format(name)


def normalise(prop: str | None, value: str) -> str | None:
    """The comparable form of an identifier of FtM property ``prop`` (None: unknown), or
    None when too short to compare. See the module's description."""
    text = _NOT_ALNUM.sub("", value.upper())
    name = PROP_FORMATS.get(prop) if prop is not None else None
    if name is not None and text and _differs(name, text):
        normal = _rigour(name, text)
        if normal is not None:
            text = normal
    if prop == "imoNumber":
        text = text.removeprefix("IMO")
    return text if len(text) >= MIN_LENGTH else None


def _differs(name: str, text: str) -> bool:
    """Whether rigour's form of a valid ``text`` may differ from its letters and digits
    (rigour's check costs some 15 times the rest, and a valid value is mostly written
    as its letters and digits already): a BIC with a branch code, an IMO number written
    with more than its prefix, a number written after its format's name."""
    if name == "bic":
        return len(text) == 11
    if name == "imo":
        return not text.removeprefix("IMO").isdigit()
    return text.startswith(name.upper())


def _rigour(name: str, text: str) -> str | None:
    fmt = _format(name)
    if fmt is None:
        return None
    normal = fmt.normalize(text)
    if normal is None and text.startswith(name.upper()):  # "INN 7707083893"
        normal = fmt.normalize(text[len(name) :])
    return None if normal is None else _NOT_ALNUM.sub("", normal.upper())


def kinds(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    """``{kind: normalised values}`` of (FtM property, value) pairs; other properties and
    values too short to compare are left out."""
    out: dict[str, set[str]] = {}
    for prop, value in pairs:
        kind = ID_KINDS.get(prop)
        if kind is not None and (norm := normalise(prop, value)) is not None:
            out.setdefault(kind, set()).add(norm)
    return out


def parse_identifiers(text: str) -> list[tuple[str, str]]:
    """``"inn:1831083343; imo:9187629"`` → ``[("innCode", "1831083343"), ("imoNumber", ...)]``.

    Raises InputError naming the unknown type or the malformed item.
    """
    out: list[tuple[str, str]] = []
    for item in text.split(";"):
        item = item.strip()
        if not item:
            continue
        if ":" not in item:
            raise InputError(f"identifier {item!r} is not TYPE:VALUE (e.g. inn:1831083343)")
        kind, value = item.split(":", 1)
        key = kind.strip().lower().replace(" ", "_").replace("-", "_")
        prop = IDENTIFIER_TYPES.get(key)
        if prop is None:
            known = ", ".join(sorted(IDENTIFIER_TYPES))
            raise InputError(f"unknown identifier type {kind.strip()!r} (known: {known})")
        value = value.strip()
        if not value:
            raise InputError(f"identifier {item!r} has no value")
        out.append((prop, value))
    return out
