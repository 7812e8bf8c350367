"""Countries in payment messages: codes from names, and the jurisdictions screened.

- ``COMPREHENSIVE``: jurisdictions under comprehensive (country-wide) sanctions by the
  US (OFAC: Cuba, Iran, North Korea, Syria as listed in 31 CFR chapter V) and the
  occupied regions of Ukraine under the US, EU and UK regional embargoes (Crimea and
  Sevastopol, the so-called DNR and LNR, and the EU's Zaporizhzhia and Kherson
  measures), found by name in addresses. A payment touching one is ``block``.
- ``HIGH_RISK``: Russia and Belarus, the targets of the export controls whose evasion the
  red-flag rules describe (reference.yml ``russia_belarus``): ``hold``.
- the transshipment points of red-flag rule R1 (reference.yml ``transshipment``): a
  ``note`` alone, a ``hold`` when the same message also touches Russia or Belarus.

Verify these against the issuers' current measures before relying on them.
"""

from __future__ import annotations

import re
from functools import cache

from followthemoney.types import registry

COMPREHENSIVE = {"cu": "Cuba", "ir": "Iran", "kp": "North Korea", "sy": "Syria"}
#: occupied regions named in an address (Latin and Cyrillic spellings, lower case)
REGIONS = {
    "crimea": "Crimea", "krym": "Crimea", "крым": "Crimea", "sevastopol": "Crimea (Sevastopol)",
    "севастополь": "Crimea (Sevastopol)", "simferopol": "Crimea (Simferopol)",
    "donetsk": "the so-called DNR (Donetsk)", "донецк": "the so-called DNR (Donetsk)",
    "luhansk": "the so-called LNR (Luhansk)", "lugansk": "the so-called LNR (Luhansk)",
    "луганск": "the so-called LNR (Luhansk)",
}  # fmt: skip
REGION_RE = re.compile(r"\b(" + "|".join(REGIONS) + r")\b", re.IGNORECASE)


@cache
def _codes() -> frozenset[str]:
    return frozenset(c for c in registry.country.names if len(c) == 2 and c != "zz")


@cache
def transshipment() -> frozenset[str]:
    from tracewire.network.reference import reference

    return frozenset(reference().country_sets.get("transshipment", ()))


@cache
def high_risk() -> frozenset[str]:
    from tracewire.network.reference import reference

    return frozenset(reference().country_sets.get("russia_belarus", ("ru", "by")))


@cache
def country_code(text: str) -> str | None:
    """ISO 3166-1 alpha-2 (lower case) for a code or a country name, else None."""
    text = text.strip()
    if not text:
        return None
    if len(text) == 2:
        code = text.lower()
        return code if code in _codes() else None
    if len(text) < 4 or not re.match(r"^[A-Za-z .'-]+$", text):
        return None
    code = registry.country.clean(text) or ""
    # followthemoney also reads capital cities (MOSCOW → ru); only names of countries
    if code in _codes() and registry.country.names.get(code, "").lower() == text.lower():
        return code
    aliases = {"russia": "ru", "russian federation": "ru", "uae": "ae", "united arab emirates": "ae",
               "usa": "us", "united states": "us", "uk": "gb", "united kingdom": "gb",
               "turkey": "tr", "turkiye": "tr", "iran": "ir", "north korea": "kp",
               "south korea": "kr", "hong kong": "hk", "china": "cn", "belarus": "by",
               "syria": "sy", "cuba": "cu"}  # fmt: skip
    return aliases.get(text.lower())


@cache  # followthemoney builds its table of names on every call
def country_name(code: str) -> str:
    return registry.country.names.get(code.lower(), code.upper())


def region_in(text: str) -> str | None:
    """The occupied region named in an address line, if any."""
    m = REGION_RE.search(text)
    return REGIONS[m.group(1).lower()] if m else None
