"""Identifier types as users write them (``inn:1831083343``) and the FtM property for each.

Used by the custom list CSV (``identifiers`` column) and by screening queries.
"""

from __future__ import annotations

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
