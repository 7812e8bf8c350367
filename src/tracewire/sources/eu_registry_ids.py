"""Russian and Chinese registry numbers inside EU list identifier values.

EU lists print company numbers loosely: ``"1831083343 (Tax ID/INN)"``,
``"5404154492 / 540501001"`` (INN / KPP), a bare ``"1021801143374"`` under
"registration number" (an OGRN), or a Chinese Unified Social Credit Code under "tax
number". FollowTheMoney has specific properties for these (``innCode``, ``ogrnCode``,
``kppCode``, ``uscCode``) that matchers compare exactly, so we recognise them here.

A bare number is only classified when its check digit is valid *and* the context fits:
a printed label (``INN``, ``OGRN``, ``KPP``, ``USCC``) or, without a label, a Russian
link of the entity for INN/OGRN. One random 10-digit number in ten passes the INN check,
so the check digit alone proves nothing. USCCs carry letters and a mod-31 check, and are
recognised anywhere. The raw value always stays in the property the source used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_TOKEN = re.compile(r"(?<![0-9A-Z])([0-9A-Z]{18}|\d{9,15})(?![0-9A-Z])")
_LABEL = re.compile(r"\b(INN|OGRNIP|OGRN|KPP|USCC|Unified Social Credit Code|Tax ID)\b", re.I)
_INN_KPP = re.compile(r"^\s*(\d{10})\s*/\s*(\d{9})\s*$")

_INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_1 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12_WEIGHTS_2 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
#: first two characters of a USCC: registering authority and kind of organisation
_USCC_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "19",
        "21",
        "29",
        "31",
        "32",
        "33",
        "34",
        "35",
        "37",
        "39",
        "41",
        "49",
        "51",
        "52",
        "53",
        "59",
        "61",
        "62",
        "69",
        "71",
        "72",
        "79",
        "81",
        "89",
        "91",
        "92",
        "93",
        "A1",
        "A9",
        "N1",
        "N2",
        "N3",
        "N9",
        "Y1",
    ]
)


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def valid_inn(code: str) -> bool:
    """Russian taxpayer number: 10 digits (organisation) or 12 (individual)."""
    if not code.isdigit():
        return False
    if len(code) == 10:
        return _weighted(code, _INN10_WEIGHTS) == int(code[9])
    if len(code) == 12:
        return _weighted(code, _INN12_WEIGHTS_1) == int(code[10]) and _weighted(
            code, _INN12_WEIGHTS_2
        ) == int(code[11])
    return False


def valid_ogrn(code: str) -> bool:
    """Russian state registration number: OGRN (13 digits) or OGRNIP (15 digits)."""
    if not code.isdigit():
        return False
    if len(code) == 13:
        return int(code[:12]) % 11 % 10 == int(code[12])
    if len(code) == 15:
        return int(code[:14]) % 13 % 10 == int(code[14])
    return False


def valid_uscc(code: str) -> bool:
    """Chinese Unified Social Credit Code (GB 32100-2015), 18 characters."""
    if len(code) != 18 or code[:2] not in _USCC_PREFIXES:
        return False
    if any(ch not in _USCC_ALPHABET for ch in code) or not code[2:8].isdigit():
        return False
    total = sum(_USCC_ALPHABET.index(ch) * w for ch, w in zip(code, _USCC_WEIGHTS, strict=False))
    return _USCC_ALPHABET[(31 - total % 31) % 31] == code[17]


def registry_codes(value: str, russian: bool) -> Iterator[tuple[str, str]]:
    """(FtM property, code) for each INN, OGRN, KPP or USCC recognised in ``value``.

    ``russian`` says whether the entity has a Russian link (address, country); without
    it, unlabelled numbers are not taken as INN or OGRN.
    """
    text = value.upper()
    pair = _INN_KPP.match(text)
    if pair and (russian or valid_inn(pair.group(1))):
        if valid_inn(pair.group(1)):
            yield "innCode", pair.group(1)
        yield "kppCode", pair.group(2)
        return
    labels = {m.group(1).upper() for m in _LABEL.finditer(value)}
    labelled_inn = "INN" in labels or "TAX ID" in labels
    labelled_ogrn = "OGRN" in labels or "OGRNIP" in labels
    for match in _TOKEN.finditer(text):
        token = match.group(1)
        if len(token) == 18 and valid_uscc(token):
            yield "uscCode", token
        elif not token.isdigit():
            continue
        elif len(token) in (10, 12) and valid_inn(token) and (russian or labelled_inn):
            yield "innCode", token
        elif len(token) in (13, 15) and valid_ogrn(token) and (russian or labelled_ogrn):
            yield "ogrnCode", token
        elif len(token) == 9 and "KPP" in labels:
            yield "kppCode", token
