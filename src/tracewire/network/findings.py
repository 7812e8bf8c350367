"""Findings: what tracewire found, as a chain of evidence an analyst can check.

A :class:`Finding` says what was found (``title``, ``summary``), about whom
(``subject``: a party, a transaction, or the whole case), how serious it is
(``severity``), which rule or analysis produced it (``kind``, ``rule``, ``flag``) and
which published guidance supports it (``citations``: keys of ``reference.yml``
``sources``, as in GUIDE.md §6). Its ``evidence`` is an ordered chain of statements,
each with the records it rests on (:class:`SourceRef`): a path into the case file, a
list entity with its dataset, version and the publisher's row id, or a reference table.

Severities, in order: ``low`` < ``medium`` < ``high`` < ``blocked``. ``blocked`` is
reserved for designated parties, parties owned 50 % or more by them (per regime), and
transactions involving either.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["low", "medium", "high", "blocked"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high", "blocked")
RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}

FindingKind = Literal[
    "screening",  # a party matches a listed party
    "role",  # a transaction involves a designated party in some role
    "ownership",  # owned by designated persons (OFAC / EU / UK rules)
    "control",  # directed by a designated person
    "network",  # paths to designated parties in the relationship graph
    "goods",  # CHPL goods, mis-described goods
    "redflag",  # a red-flag rule of the rules file
]


def worst(severities: list[str], default: Severity = "low") -> Severity:
    best: Severity = default
    for s in severities:
        if RANK[s] > RANK[best]:
            best = s  # type: ignore[assignment]
    return best


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRef(_Out):
    """One record a statement rests on."""

    kind: Literal["case", "list", "reference", "guidance"]
    #: case: JSON path in the case file (``transactions[2].goods[0]``); reference: file
    ref: str | None = None
    file: str | None = Field(default=None, description="case file or reference file name")
    dataset: str | None = None
    version: int | None = None
    entity_id: str | None = None
    source_id: str | None = Field(default=None, description="the publisher's own id for the row")
    key: str | None = Field(default=None, description="guidance key (A1, O2, ...)")
    note: str | None = None


class Evidence(_Out):
    statement: str
    sources: list[SourceRef] = Field(default_factory=list)


class Subject(_Out):
    type: Literal["party", "transaction", "case"]
    id: str
    label: str


class Finding(_Out):
    id: str = ""
    kind: FindingKind
    rule: str = Field(description="rule id or analysis name")
    flag: str | None = Field(default=None, description="red-flag number in GUIDE.md §2 (R1-R19)")
    title: str
    severity: Severity
    subject: Subject
    summary: str
    evidence: list[Evidence] = Field(default_factory=list)
    citations: list[str] = Field(default_factory=list, description="guidance keys")
    parties: list[str] = Field(default_factory=list, description="case party ids involved")
    transactions: list[str] = Field(default_factory=list, description="transaction ids")
    regimes: list[str] = Field(default_factory=list, description="ofac, eu, uk, un, other")
    data: dict[str, Any] = Field(default_factory=dict, description="structured details")


class Verdict(_Out):
    subject: Subject
    verdict: Severity
    findings: list[str] = Field(default_factory=list, description="ids of the findings behind it")
    reasons: list[str] = Field(default_factory=list, description="one line per finding")


def case_ref(path: str, file: str | None = None, note: str | None = None) -> SourceRef:
    return SourceRef(kind="case", ref=path, file=file, note=note)
