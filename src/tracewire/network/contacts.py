"""Addresses, phone numbers, e-mail addresses and web domains, reduced to comparable keys.

Two parties "share an address" when their addresses, reduced by :func:`address_key`,
name the same place. Reduction lower-cases and romanises the text, expands the usual
abbreviations (``Bldg`` → building, ``Ave`` → avenue, ``ul.`` → street), sets aside the
unit inside a building (``Rm 101-19``, ``kv. 70``, ``Flat 3``) and drops words that say
nothing about the place (street, district, republic, ...). What is left is the set of
place tokens (building name, house number, street and district names, city), the
postcode and the unit. Two addresses are in the **same building** when at least
``MIN_SHARED`` place tokens are shared, ``MIN_CONTAINMENT`` of the shorter address's
place tokens are in the other (a misspelt name, two edits at most, counts), they share
a house number and their postcodes do not differ; they are at the **same address** when
their units also agree (or neither has one).

Addresses with fewer than ``MIN_SHARED`` place tokens or without a house number
("Moscow, Russia") are too vague to compare and get no key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers
from normality import ascii_text
from rapidfuzz.distance import Levenshtein

#: place tokens two addresses must share to be compared as the same building
MIN_SHARED = 3
#: share of the smaller address's place tokens found in the other
MIN_CONTAINMENT = 0.8

ABBREVIATIONS = {
    "bldg": "building", "bld": "building", "blg": "building", "ave": "avenue",
    "av": "avenue", "st": "street", "str": "street", "rd": "road", "ul": "street",
    "ulitsa": "street", "pr": "prospekt", "pr-t": "prospekt", "prosp": "prospekt",
    "blvd": "boulevard", "dist": "district", "distr": "district", "rm": "room",
    "apt": "apartment", "kv": "apartment", "kvartira": "apartment", "fl": "floor",
    "ste": "suite", "no": "number", "d": "house", "dom": "house", "korp": "building",
    "stroenie": "building", "str.": "street", "pl": "square", "sq": "square",
}  # fmt: skip
#: words that introduce the unit inside a building; the next token is the unit number
UNIT_MARKERS = {"room", "apartment", "flat", "suite", "unit", "office", "floor", "kom", "komnata", "pom", "pomeshchenie"}  # fmt: skip
#: words that say what kind of place a token is, not which place
GENERIC = {
    "street", "avenue", "road", "lane", "boulevard", "prospekt", "square", "building",
    "house", "number", "district", "subdistrict", "community", "neighborhood",
    "neighbourhood", "city", "province", "region", "oblast", "krai", "republic",
    "peoples", "people", "of", "the", "and", "china", "prc", "russia", "russian",
    "federation", "rf", "zone", "area", "industrial", "park", "village", "town",
    "county", "state", "raion", "rayon", "g", "gorod", "ulitsa", "oblast'", "sub",
    "tower", "block", "center", "centre", "plaza", "mansion", "guangdong",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AddressKey:
    """The place tokens of an address, its house numbers, and the unit inside it."""

    place: frozenset[str]
    numbers: frozenset[str]
    unit: str
    postcode: str = ""

    def relation(self, other: AddressKey) -> str | None:
        """``"same_address"``, ``"same_building"`` or None."""
        shared = len(self.place & other.place)
        if shared < MIN_SHARED:
            return None
        small, large = sorted((self.place, other.place), key=len)
        shared += sum(1 for t in small - large if _near(t, large - small))
        if shared / len(small) < MIN_CONTAINMENT:
            return None
        if self.postcode and other.postcode and self.postcode != other.postcode:
            return None
        if not self.numbers & other.numbers:
            return None
        return "same_address" if self.unit == other.unit else "same_building"


def _near(token: str, others: frozenset[str]) -> bool:
    """A misspelt place name ("Banxuelan" for "Banxuegang"): same start, 2 edits at most."""
    if len(token) < 5 or not token.isalpha():
        return False
    return any(
        o[:2] == token[:2] and o.isalpha() and Levenshtein.distance(o, token) <= 2 for o in others
    )


def _tokens(text: str) -> list[str]:
    latin = ascii_text(text) or ""
    latin = latin.lower().replace("'", "")
    # "101-19" and "101-A" stay whole (unit numbers); other punctuation splits
    return re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", latin)


@lru_cache(maxsize=200_000)
def address_key(text: str) -> AddressKey | None:
    """The comparable form of an address, or None when it is too vague to compare."""
    tokens = [ABBREVIATIONS.get(t, t) for t in _tokens(text)]
    place: set[str] = set()
    numbers: set[str] = set()
    postcodes: list[str] = []
    units: list[str] = []
    skip_next = False
    for i, tok in enumerate(tokens):
        if skip_next:
            skip_next = False
            continue
        if tok in UNIT_MARKERS:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if any(c.isdigit() for c in nxt):
                units.append(nxt)
                skip_next = True
            continue
        if tok in GENERIC:
            continue
        if any(c.isdigit() for c in tok):
            if "-" in tok:
                units.append(tok)  # "101-19", "101-a": a unit inside the building
            elif len(tok) == 6 and tok.isdigit():
                postcodes.append(tok)  # a postcode: compared on its own
            elif len(tok) <= 5:
                numbers.add(tok)  # "235", "2a", "1007"
                place.add(tok)
            continue
        if len(tok) >= 2:
            place.add(tok)
    if len(place) < MIN_SHARED or not numbers:
        return None
    unit = "/".join(sorted(units))
    return AddressKey(frozenset(place), frozenset(numbers), unit, postcodes[0] if postcodes else "")


def phone_key(text: str, country: str | None = None) -> str | None:
    """E.164 form of a phone number (``+74951234567``), or None if it does not parse."""
    try:
        num = phonenumbers.parse(text, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", text)
        return "+" + digits if len(digits) >= 9 else None
    if not phonenumbers.is_possible_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def phone_country(text: str, country: str | None = None) -> str | None:
    """The ISO country code the number's calling code belongs to."""
    try:
        num = phonenumbers.parse(text, (country or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(num)
    return region.lower() if region and region != "ZZ" else None


def email_key(text: str) -> str | None:
    text = text.strip().lower().removeprefix("mailto:")
    return text if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z0-9-]+", text) else None


def domain_of(text: str) -> str | None:
    """The web domain of a website or e-mail address, without ``www.``."""
    text = text.strip().lower()
    if "@" in text and "/" not in text:
        host = text.rsplit("@", 1)[1]
    else:
        host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    host = host.removeprefix("www.").strip(".")
    return host if "." in host else None
