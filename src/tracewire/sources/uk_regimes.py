"""UK sanctions regimes: the Unique ID prefix, the short regime name, the program key.

Every UK Sanctions List designation has a Unique ID whose three letters name its
regime (``RUS0178`` is under the Russia regulations). The short names are those of the
FCDO summary spreadsheet's "Regime Name" column and of OFSI's "Regime" column (the
full FCDO CSV gives the regulations' titles instead). The keys are OpenSanctions'
program keys (``GB-RUS``), so a UK sanction links up with their program metadata.
Prefix → name was read off the FCDO list of 11 August 2025 (every prefix has exactly
one regime there); name → key from OpenSanctions ``meta/programs/GB-*.yml`` aliases.
"""

from __future__ import annotations

from typing import NamedTuple


class Regime(NamedTuple):
    prefix: str
    name: str
    key: str


REGIMES: tuple[Regime, ...] = (
    Regime("AFG", "Afghanistan", "GB-AFG"),
    Regime("AQD", "ISIL (Da'esh) and Al-Qaida", "GB-ISIL"),
    Regime("BEL", "Belarus", "GB-BLR"),
    Regime("BIH", "Bosnia and Herzegovina", "GB-BH"),
    Regime("CAF", "Central African Republic", "GB-CAR"),
    Regime("CHW", "Chemical Weapons", "GB-CW"),
    Regime("CTD", "Counter-Terrorism (Domestic)", "GB-CT"),
    Regime("CTI", "Counter-Terrorism (International)", "GB-ICT"),
    Regime("CYB", "Cyber", "GB-CYB"),
    Regime("DPR", "Democratic People's Republic of Korea", "GB-DPRK"),
    Regime("DRC", "Democratic Republic of the Congo", "GB-DRC"),
    Regime("GAC", "Global Anti-Corruption", "GB-AC"),
    Regime("GHR", "Global Human Rights", "GB-HR"),
    Regime("GIM", "Global Irregular Migration", "GB-MIGR"),
    Regime("GUB", "Guinea-Bissau", "GB-GNB"),
    Regime("GUC", "Guinea", "GB-GU"),
    Regime("HAI", "Haiti", "GB-HT"),
    Regime("INU", "Iran (Nuclear)", "GB-IRAN-NW"),
    Regime("IRN", "Iran", "GB-IRAN"),
    Regime("IRQ", "Iraq", "GB-IRQ"),
    Regime("LIB", "Libya", "GB-LBY"),
    Regime("MAL", "Mali", "GB-MLI"),
    Regime("MYA", "Myanmar", "GB-MMR"),
    Regime("NIC", "Nicaragua", "GB-NIC"),
    Regime("RUS", "Russia", "GB-RUS"),
    Regime("SOM", "Somalia", "GB-SOM"),
    Regime("SSU", "South Sudan", "GB-SSD"),
    Regime("SUD", "Sudan", "GB-SDN"),
    Regime("SYR", "Syria", "GB-SYR"),
    Regime("VEN", "Venezuela", "GB-VEN"),
    Regime("YEM", "Yemen", "GB-YEM"),
)

_BY_PREFIX = {r.prefix: r for r in REGIMES}
_BY_NAME = {r.name.lower(): r for r in REGIMES}
_BARE = [(r.name.lower().split(" (")[0], r) for r in REGIMES]


def regime_for_id(unique_id: str | None) -> Regime | None:
    """The regime of a UK Sanctions List Unique ID (``RUS0178`` → Russia)."""
    if not unique_id:
        return None
    return _BY_PREFIX.get(unique_id.strip()[:3].upper())


def regime_for_name(name: str | None) -> Regime | None:
    """The regime named by its short name ("Russia"), or by a title naming it
    ("The Russia (Sanctions) (EU Exit) Regulations 2019")."""
    if not name:
        return None
    text = name.strip().lower()
    if text in _BY_NAME:
        return _BY_NAME[text]
    # a title: the longest short name it contains wins ("South Sudan" over "Sudan")
    best: Regime | None = None
    for bare, regime in _BARE:
        if bare in text and (best is None or len(bare) > len(best.name)):
            best = regime
    if best is not None and best.prefix in ("IRN", "INU"):
        return _BY_PREFIX["INU"] if "nuclear" in text else _BY_PREFIX["IRN"]
    if best is not None and best.prefix in ("CTD", "CTI"):
        return _BY_PREFIX["CTI"] if "international" in text else _BY_PREFIX["CTD"]
    return best
