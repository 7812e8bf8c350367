"""Evasion detection: what name screening alone misses.

A compliance team holds invoices, shipments, payments, contracts and registry extracts
(a *case*, :mod:`.case`). tracewire screens every party in them, follows ownership and
control per regime (:mod:`.ownership`), walks the network of list relationships and
shared addresses, phones and identifiers (:mod:`.graph`), checks goods against the
Common High Priority List and their descriptions against their codes (:mod:`.goods`),
runs the published red flags as data (:mod:`.redflags`), and gives each party and
transaction a verdict (``blocked`` / ``high`` / ``medium`` / ``low``) made of findings,
each an evidence chain with its sources (:mod:`.findings`).

It detects and explains, for analysts and regulators; it does not advise on trade,
routing or goods.

    from tracewire.network import ListData, RuleSet, investigate, load_case
    inv = investigate(load_case(path), ListData.from_store(store), screener)
"""

from tracewire.network.case import Case
from tracewire.network.case_csv import load_case_folder
from tracewire.network.case_load import CaseFormatError, load_case, parse_case
from tracewire.network.findings import Evidence, Finding, SourceRef, Verdict
from tracewire.network.investigate import Investigation, investigate, merge_cases
from tracewire.network.lists import ListData
from tracewire.network.redflags import RuleSet

__all__ = [
    "Case",
    "CaseFormatError",
    "Evidence",
    "Finding",
    "Investigation",
    "ListData",
    "RuleSet",
    "SourceRef",
    "Verdict",
    "investigate",
    "load_case",
    "load_case_folder",
    "merge_cases",
    "parse_case",
]
