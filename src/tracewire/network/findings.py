"""Findings: what tracewire found, as a chain of evidence an analyst can check.

A :class:`Finding` says what was found (``title``, ``summary``), about whom
(``subject``: a party, a transaction, or the whole case), how serious it is
(``severity``), which rule or analysis produced it (``kind``, ``rule``, ``flag``) and
which published guidance supports it (``citations``: keys of ``reference.yml``
``sources``, as in GUIDE.md §6). Its ``evidence`` is an ordered chain of statements,
each with the records it rests on (:class:`SourceRef`): a path into the case file, a
list entity with its dataset, version and the publisher's row id, or a reference table.

Severities, in order: ``low`` < ``medium`` < ``high`` < ``blocked``. ``blocked`` is
reserved for parties under an asset freeze, parties owned 50 % or more by them (per
regime), and transactions involving either. A finding about a listing carries the
listing's legal ``effect`` (:mod:`tracewire.sources.effects`) and cites only that
effect's legal basis; a verdict states its ``basis``: the wording, legal effect and
citations of the findings behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from tracewire.sources.effects import Effect

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


#: the findings file forbids undocumented keys (``extra="forbid"``), like the case file
_CONFIG = ConfigDict(extra="forbid")


def _list() -> Any:
    return field(default_factory=list)


# The output records are plain dataclasses with slots, not pydantic models: an investigation
# of 100,000 transactions holds about as many findings, each with its evidence and
# sources, and a model instance costs several times the memory (bench/investigate.py).
# Pydantic validates and serialises them as fields of the findings document
# (report/findings_json.py), with the same JSON Schema.


@dataclass(slots=True)
class SourceRef:
    """One record a statement rests on."""

    __pydantic_config__ = _CONFIG

    kind: Literal["case", "list", "reference", "guidance"]
    #: case: JSON path in the case file (``transactions[2].goods[0]``); reference: file
    ref: str | None = None
    file: Annotated[str | None, Field(description="case file or reference file name")] = None
    dataset: str | None = None
    version: int | None = None
    entity_id: str | None = None
    source_id: Annotated[str | None, Field(description="the publisher's own id for the row")] = None  # fmt: skip
    key: Annotated[str | None, Field(description="guidance key (A1, O2, ...)")] = None
    note: str | None = None


@dataclass(slots=True)
class Evidence:
    __pydantic_config__ = _CONFIG

    statement: str
    sources: list[SourceRef] = _list()
    #: the list (or other record set) the item belongs to, e.g. "OFAC": reports group and
    #: collapse the items of one group; None for an item of its own
    group: Annotated[str | None, Field(description="the list this item belongs to, for grouping (e.g. 'OFAC'); null if none")] = None  # fmt: skip


@dataclass(slots=True)
class Subject:
    __pydantic_config__ = _CONFIG

    type: Literal["party", "transaction", "case"]
    id: str
    label: str


@dataclass(slots=True, kw_only=True)
class Finding:
    __pydantic_config__ = _CONFIG

    id: str = ""
    kind: FindingKind
    rule: Annotated[str, Field(description="rule id or analysis name")]
    flag: Annotated[str | None, Field(description="red-flag number in GUIDE.md §2 (R1-R19)")] = None  # fmt: skip
    title: str
    severity: Severity
    subject: Subject
    summary: str
    evidence: list[Evidence] = _list()
    citations: Annotated[list[str], Field(description="guidance keys")] = _list()
    parties: Annotated[list[str], Field(description="case party ids involved")] = _list()
    transactions: Annotated[list[str], Field(description="transaction ids")] = _list()
    regimes: Annotated[list[str], Field(description="ofac, eu, uk, un, other")] = _list()
    effect: Annotated[Effect | None, Field(description="the legal effect of the listings the finding is about: asset_freeze, export_restriction, sectoral, listing_only")] = None  # fmt: skip
    data: Annotated[dict[str, Any], Field(description="structured details")] = field(default_factory=dict)  # fmt: skip


@dataclass(slots=True, kw_only=True)
class Basis:
    """One legal (or guidance) basis of a verdict: the wording, the effect, what it cites."""

    __pydantic_config__ = _CONFIG

    wording: Annotated[str, Field(description="blocked; licence required / export prohibited; restricted dealings; procurement / reputational; ...")]  # fmt: skip
    severity: Severity
    effect: Effect | None = None
    citations: Annotated[list[str], Field(description="legal basis or guidance keys")] = _list()
    findings: Annotated[list[str], Field(description="ids of the findings")] = _list()


@dataclass(slots=True, kw_only=True)
class Verdict:
    __pydantic_config__ = _CONFIG

    subject: Subject
    verdict: Severity
    findings: Annotated[list[str], Field(description="ids of the findings behind it")] = _list()
    reasons: Annotated[list[str], Field(description="one line per finding")] = _list()
    wording: Annotated[str | None, Field(description="the verdict in words: the wording of its first basis")] = None  # fmt: skip
    effects: Annotated[list[Effect], Field(description="legal effects of the listings behind it, strongest first")] = _list()  # fmt: skip
    basis: Annotated[list[Basis], Field(description="the legal basis of the verdict, worst first")] = _list()  # fmt: skip


def case_ref(path: str, file: str | None = None, note: str | None = None) -> SourceRef:
    return SourceRef(kind="case", ref=path, file=file, note=note)
