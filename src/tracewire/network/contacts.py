"""Addresses, phone numbers, e-mail addresses and web domains, reduced to comparable keys.

Two parties "share an address" when their addresses, reduced by :func:`address_key`,
name the same place. Reduction lower-cases and romanises the text, sets aside P.O.
boxes (a mailbox names no place) and postcodes (six digits anywhere, five digits after
the start of the address, UK and Canadian postcodes), expands the usual abbreviations
(``Bldg`` → building, ``Ave`` → avenue, ``ul.`` → street), sets aside the unit inside a
building (``Rm 101-19``, ``kv. 70``, ``Flat 3``, ``7/F``, ``4th floor``; in an address
with no other house number, ``272-41`` is house 272, unit 41) and drops
words that say nothing about the place (street, district, calle, jalan, the names of
countries, ...). What is left is the set of place tokens (building name, house number,
street and district names, city), the house numbers, the postcode and the unit. Two
addresses are in the **same building** when at least ``MIN_SHARED`` place tokens are
shared, ``MIN_CONTAINMENT`` of the shorter address's place tokens are in the other (a
misspelt name, two edits at most, counts), the house numbers of the one with fewer are
all in the other ("Calle 7 No. 82-65" and "Calle 7 No. 51-37" are not one building),
and their postcodes do not differ; they are at the **same address** when their units
also agree (or neither has one).

Addresses with fewer than ``MIN_SHARED`` place tokens or without a house number
("Moscow, Russia", "P.O. Box 1318, Amman") are too vague to compare and get no key;
so do prison addresses (an inmate's address says nothing about whom they deal with).

Phones are keyed in E.164 (``+74951234567``): the country calling code and the digits
(:func:`phone_keys` finds every number in a text and drops those that do not parse to a
country); web domains by their registrable part (``shop.example.com`` → ``example.com``,
``www.example.com.cn`` → ``example.com.cn``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers
from followthemoney.types import registry
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
    "apto": "apartment", "int": "suite", "etazh": "floor", "level": "floor",
}  # fmt: skip
#: words that introduce the unit inside a building; the next token is the unit number
UNIT_MARKERS = {"room", "apartment", "flat", "suite", "unit", "office", "floor", "kom", "komnata", "pom", "pomeshchenie"}  # fmt: skip
#: words after a number that make it a floor ("7/F", "4th floor", "5 etazh")
FLOOR_WORDS = {"floor", "f"}
#: words that say what kind of place a token is, not which place (in several languages)
GENERIC = {
    "street", "avenue", "road", "lane", "boulevard", "prospekt", "square", "building",
    "house", "number", "district", "subdistrict", "community", "neighborhood",
    "neighbourhood", "city", "province", "region", "oblast", "krai", "republic",
    "peoples", "people", "of", "the", "and", "china", "prc", "russia", "russian",
    "federation", "rf", "zone", "area", "industrial", "park", "village", "town",
    "county", "state", "raion", "rayon", "g", "gorod", "ulitsa", "oblast'", "sub",
    "tower", "block", "center", "centre", "plaza", "mansion", "guangdong",
    # street and area words of other languages
    "calle", "carrera", "avenida", "via", "viale", "rue", "strasse", "ulica", "jalan",
    "jl", "caddesi", "cad", "cd", "sokak", "sok", "mahallesi", "mah", "lu", "jie",
    "hao", "shi", "qu", "sheng", "xian", "zhen", "cun", "colonia", "col", "barrio",
    "fraccionamiento", "fracc", "delegacion", "municipio", "estado", "provincia", "obl",
    "respublika", "resp", "kray", "r-n", "pr-d", "per", "pereulok", "shosse", "nab",
    "naberezhnaya", "proezd", "ploshchad", "bulvar", "mkr", "mikrorayon", "pos",
    "poselok", "selo", "hwy", "highway",
}  # fmt: skip
#: words of country names that are also common in street and place names, kept as places
_COUNTRY_WORDS_KEPT = {
    "central", "union", "global", "holy", "east", "west", "western", "north", "northern",
    "south", "southern", "new", "ocean", "cape", "saint", "island", "islands", "isle",
    "land", "marino", "mariana", "verde", "costa", "rica", "rico", "puerto", "salvador",
    "georgia", "jordan", "chad", "jersey", "diego", "garcia", "martin", "vincent",
    "pierre", "helena", "lucia", "heard", "mcdonald", "norfolk", "christmas", "cook",
    "wales", "scotland", "virgin", "american", "french", "british", "indian", "african",
    "european", "nations", "territory", "territories", "occupied", "outlying",
}  # fmt: skip
#: words of country names: they say which country, not which place in it
COUNTRY_WORDS = frozenset(
    w
    for name in registry.country.names.values()
    for w in re.findall(r"[a-z]+", (ascii_text(name) or "").lower())
    if len(w) >= 4 and w not in _COUNTRY_WORDS_KEPT
) | {"turkey", "turkiye", "uae", "usa", "burma", "syrian", "islamic", "emirates", "arab", "dprk"}  # fmt: skip
COUNTRY_CODES = frozenset(registry.country.names) | {"uk"}

#: a P.O. box, private mailbox or "a/ya": a mailbox at a post office, not a place
PO_BOX = re.compile(
    r"(?:\bp\.?\s?o\.?\s?b(?:ox)?\b|\bpost(?:al)?\s+(?:office\s+)?box\b|\bbox\b|\bpmb\b"
    r"|\bpostfach\b|\bapartado(?:\s+postal)?\b|\bcasilla(?:\s+de\s+correos?)?\b"
    r"|\ba/ya\b|а/я)\.?\s*(?:no\.?\s*)?#?\s*[\w-]*\d[\w-]*",
    re.IGNORECASE,
)
#: UK ("L7 4JQ") and Canadian ("H2L 1K3") postcodes, written in capitals
POSTCODES = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)\b")
#: addresses of prisons: where a person is held says nothing about whom they deal with
NOT_A_PLACE = re.compile(r"\b(?:inmate|incarcerated|correctional|penitentiary|prison)\b", re.I)


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
        few, many = sorted((self.numbers, other.numbers), key=len)
        if not few <= many:
            return None
        small, large = sorted((self.place, other.place), key=len)
        shared += sum(1 for t in small - large if _near(t, large - small))
        if shared / len(small) < MIN_CONTAINMENT:
            return None
        if self.postcode and other.postcode and self.postcode != other.postcode:
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
    if NOT_A_PLACE.search(text):
        return None
    postcodes = [re.sub(r"\s", "", m).lower() for m in POSTCODES.findall(text)]
    text = POSTCODES.sub(" ", PO_BOX.sub(" ", text))
    tokens = [ABBREVIATIONS.get(t, t) for t in _tokens(text)]
    place: set[str] = set()
    numbers: set[str] = set()
    units: list[str] = []
    skip_until = -1  # a unit marker's number, already taken
    last_number = ""  # the number just before this token, if it was one
    for i, tok in enumerate(tokens):
        previous, last_number = last_number, ""
        if i <= skip_until:
            continue
        if tok in FLOOR_WORDS and previous:
            numbers.discard(previous)  # "7/F", "4th floor": a floor, not a house number
            place.discard(previous)
            units.append(f"{previous}f")
            continue
        if tok in UNIT_MARKERS:
            at = i + 2 if i + 1 < len(tokens) and tokens[i + 1] == "number" else i + 1
            nxt = tokens[at] if at < len(tokens) else ""
            if any(c.isdigit() for c in nxt):
                units.append(nxt)
                skip_until = at
            continue
        if tok in GENERIC or tok in COUNTRY_WORDS:
            continue
        if any(c.isdigit() for c in tok):
            if "-" in tok:
                units.append(tok)  # "101-19", "101-a": a unit inside the building
            elif tok.isdigit() and (len(tok) == 6 or (len(tok) == 5 and i > 0)):
                postcodes.append(tok)  # a postcode: compared on its own
            elif len(tok) <= 5:
                numbers.add(tok)  # "235", "2a", "1007"
                place.add(tok)
                last_number = tok
            continue
        if len(tok) >= 2 and not (i == len(tokens) - 1 and tok in COUNTRY_CODES):
            place.add(tok)
    if not numbers:
        # "272-41 Pushkinskaya": with no other house number, the first part is the house
        dashed = next((u for u in units if re.fullmatch(r"\d{1,4}[a-z]?-\w+", u)), None)
        if dashed is not None:
            house, _, rest = dashed.partition("-")
            numbers.add(house)
            place.add(house)
            units[units.index(dashed)] = rest
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


def phone_keys(text: str, country: str | None = None) -> list[str]:
    """Every phone number in a text, in E.164 form; a number is read with ``country`` as
    its home country when it has no ``+`` code, and left out when it does not parse to a
    possible number of some country (digits without a country code compare with nothing)."""
    region = (country or "").upper() or None
    if region is not None and region not in phonenumbers.SUPPORTED_REGIONS:
        region = None
    out: list[str] = []
    try:
        found = [m.number for m in phonenumbers.PhoneNumberMatcher(text, region or "ZZ", leniency=phonenumbers.Leniency.POSSIBLE)]  # fmt: skip
    except Exception:  # noqa: BLE001 - the matcher's own errors mean "no number here"
        found = []
    if not found:
        try:
            found = [phonenumbers.parse(text, region)]
        except phonenumbers.NumberParseException:
            return []
    for num in found:
        if phonenumbers.is_possible_number(num) and phonenumbers.region_code_for_number(num) not in (None, "ZZ"):  # fmt: skip
            out.append(phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164))
    return list(dict.fromkeys(out))


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


#: second-level labels under which organisations register (``example.com.cn``, ``x.co.uk``)
GENERIC_SLDS = frozenset({"com", "net", "org", "gov", "edu", "ac", "co", "or", "ne", "go", "gob", "gouv", "nic", "ltd", "plc", "biz", "info", "int", "sch", "nom", "spb", "msk"})  # fmt: skip


def site_domain(text: str) -> str | None:
    """The registrable part of a website's or e-mail address's domain: the last two labels
    (``mail.gazprom.ru`` → ``gazprom.ru``), three when the second-last is a generic label
    like ``com`` or ``co`` (``shop.example.com.cn`` → ``example.com.cn``)."""
    host = domain_of(text)
    if host is None:
        return None
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in GENERIC_SLDS else 2
    return ".".join(labels[-keep:])
