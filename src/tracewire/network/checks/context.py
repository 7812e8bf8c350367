"""What a red-flag check sees: the case, indexed, plus the graph and reference data."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ConfigDict

from tracewire.network.case import Case, Party, Role, Transaction
from tracewire.network.findings import Evidence, SourceRef, Subject
from tracewire.network.goods import GoodsTable, chpl_item, deal_groups, goods_table
from tracewire.network.graph import Graph
from tracewire.network.lists import ListData
from tracewire.network.nodes import CaseNodes, party_node_id
from tracewire.network.reference import ChplItem, Reference, reference

#: a country set: the name of a set (reference.yml or a rules file) or a list of codes
CountrySetRef = str | list[str]
#: a keyword set: the name of a set in a rules file, or a list of words / regexes
KeywordSetRef = str | list[str]


class Params(BaseModel):
    """Base of every check's parameters; unknown parameters are errors."""

    model_config = ConfigDict(extra="forbid")


@dataclass
class Hit:
    """One thing a check found, before the rule turns it into a finding."""

    subject: Subject
    summary: str
    evidence: list[Evidence] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    transactions: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class RuleContext:
    case: Case
    file: str
    nodes: CaseNodes
    graph: Graph
    lists: ListData
    ref: Reference
    country_sets: dict[str, frozenset[str]]
    keyword_sets: dict[str, list[str]]
    goods: GoodsTable = field(default_factory=goods_table)
    #: work several checks share, computed once per investigation (keyed by the check)
    memo: dict[Any, Any] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        case: Case,
        nodes: CaseNodes,
        graph: Graph,
        lists: ListData,
        country_sets: dict[str, frozenset[str]] | None = None,
        keyword_sets: dict[str, list[str]] | None = None,
        file: str | None = None,
    ) -> RuleContext:
        ref = reference()
        sets = dict(ref.country_sets) | dict(country_sets or {})
        return cls(case, file or case.id, nodes, graph, lists, ref, sets, dict(keyword_sets or {}))

    # -- lookups ------------------------------------------------------------------------
    @cached_property
    def parties(self) -> dict[str, tuple[int, Party]]:
        return {p.id: (i, p) for i, p in enumerate(self.case.parties)}

    @cached_property
    def txn_index(self) -> dict[str, int]:
        return {t.id: i for i, t in enumerate(self.case.transactions)}

    @cached_property
    def deal_groups(self) -> list[list[int]]:
        """Transaction indexes grouped into deals (:func:`~tracewire.network.goods.deal_groups`)."""
        return deal_groups(self.case)

    @cached_property
    def deals(self) -> dict[str, list[Transaction]]:
        """Transaction id → every transaction of its deal (joined by ``related``)."""
        out: dict[str, list[Transaction]] = {}
        for group in self.deal_groups:
            txns = [self.case.transactions[i] for i in group]
            for t in txns:
                out[t.id] = txns
        return out

    @cached_property
    def roles_of(self) -> dict[str, set[Role]]:
        """Party id → every role it plays anywhere in the case."""
        out: dict[str, set[Role]] = {}
        for t in self.case.transactions:
            for role, pid in t.roles():
                out.setdefault(pid, set()).add(role)
        return out

    def party(self, pid: str) -> Party:
        return self.parties[pid][1]

    def node(self, pid: str) -> Any:
        return self.nodes.nodes[party_node_id(pid)]

    def countries(self, ref: CountrySetRef | None) -> frozenset[str]:
        if ref is None:
            return frozenset()
        if isinstance(ref, str):
            return self.country_sets[ref]
        return frozenset(c.lower() for c in ref)

    def keywords(self, ref: KeywordSetRef) -> re.Pattern[str]:
        words = self.keyword_sets[ref] if isinstance(ref, str) else ref
        return re.compile("|".join(f"(?:{w})" for w in words), re.IGNORECASE)

    @cached_property
    def _chpl(self) -> dict[str, list[tuple[int, ChplItem]]]:
        out: dict[str, list[tuple[int, ChplItem]]] = {}
        for txn in self.case.transactions:
            lines = [(j, item) for j, line in enumerate(txn.goods) if (item := chpl_item(line.hs_code))]  # fmt: skip
            out[txn.id] = lines
        return out

    def chpl_lines(self, txn: Transaction) -> list[tuple[int, ChplItem]]:
        """(line index, CHPL entry) of the transaction's goods lines on the CHPL."""
        return self._chpl.get(txn.id, [])

    def deal_destinations(self, txn: Transaction) -> set[str]:
        """Where the deal's goods go: route destinations, else the end users' countries."""
        deal = self.deals.get(txn.id, [txn])
        dests = {t.route.destination for t in deal if t.route and t.route.destination}
        if not dests:
            for t in deal:
                for pid in t.in_role(Role.end_user, Role.consignee):
                    country = self.party(pid).country
                    if country:
                        dests.add(country)
        return dests

    # -- evidence -----------------------------------------------------------------------
    def party_ref(self, pid: str, note: str | None = None) -> SourceRef:
        return SourceRef(kind="case", ref=f"parties[{self.parties[pid][0]}]", file=self.file, note=note)  # fmt: skip

    def txn_ref(self, txn: Transaction, suffix: str = "", note: str | None = None) -> SourceRef:
        path = f"transactions[{self.txn_index[txn.id]}]{suffix}"
        return SourceRef(kind="case", ref=path, file=self.file, note=note)

    def case_ref(self, path: str, note: str | None = None) -> SourceRef:
        return SourceRef(kind="case", ref=path, file=self.file, note=note)

    def party_label(self, pid: str) -> str:
        p = self.party(pid)
        return f"{p.name} ({p.country.upper()})" if p.country else p.name

    def party_subject(self, pid: str) -> Subject:
        return Subject(type="party", id=pid, label=self.party(pid).name)

    def txn_subject(self, txn: Transaction) -> Subject:
        label = f"{txn.type} {txn.id}" + (f" of {txn.date}" if txn.date else "")
        return Subject(type="transaction", id=txn.id, label=label)


CheckFunc = Callable[[RuleContext, Any], Iterable[Hit]]


@dataclass(frozen=True)
class CheckSpec:
    name: str
    func: CheckFunc
    params: type[Params]
    doc: str


CHECKS: dict[str, CheckSpec] = {}


def check(name: str, params: type[Params]) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check under ``name``; its docstring is its published description."""

    def register(func: CheckFunc) -> CheckFunc:
        CHECKS[name] = CheckSpec(name, func, params, (func.__doc__ or "").strip())
        return func

    return register
