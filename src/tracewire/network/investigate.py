"""One investigation: a case against the loaded lists, from screening to verdicts.

investigation = investigate(case, ListData.from_store(store), screener)
investigation.findings          # every finding, worst first, ids F0001...
investigation.party_verdicts    # blocked / high / medium / low per party
investigation.transaction_verdicts

The steps, in order: build the case's nodes (:mod:`.nodes`); screen every node
(:mod:`.parties`); build the network of list and case entities (:mod:`.graph`); derive
screening, ownership, control and network findings (:mod:`.exposure`); run the red-flag
rules (:mod:`.redflags`); add a finding for every transaction that involves a blocked
party; number the findings and compute verdicts (:mod:`.verdicts`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from tracewire.match import Screener
from tracewire.memory import gc_paused
from tracewire.network.case import Case, with_bic_banks
from tracewire.network.case_load import CaseFormatError
from tracewire.network.checks import RuleContext
from tracewire.network.exposure import (
    cluster_designations,
    control_findings,
    identity_findings,
    network_findings,
    ownership_at,
    ownership_findings,
    role_findings,
    screening_findings,
)
from tracewire.network.findings import Finding, Verdict
from tracewire.network.graph import Graph, build_graph
from tracewire.network.lists import ListData
from tracewire.network.nodes import CaseNodes
from tracewire.network.parties import relations_screener, screen_nodes
from tracewire.network.redflags import RuleSet
from tracewire.network.verdicts import number_findings, verdicts

#: default hop limit of network paths
DEFAULT_HOPS = 3


class Progress(Protocol):
    def stage(self, name: str, total: int | None = None) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class _Silent:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


@dataclass
class Investigation:
    case: Case
    files: list[str]
    lists: ListData
    rules: RuleSet
    nodes: CaseNodes
    graph: Graph
    findings: list[Finding]
    party_verdicts: list[Verdict]
    transaction_verdicts: list[Verdict]
    hops: int
    timings: dict[str, float] = field(default_factory=dict)

    def finding(self, fid: str) -> Finding:
        return next(f for f in self.findings if f.id == fid)


def merge_cases(cases: Sequence[tuple[Case, str]]) -> Case:
    """Several case files as one case; an id used in two files is an error."""
    if len(cases) == 1:
        return cases[0][0]
    merged = Case(id="+".join(c.id for c, _ in cases), title="; ".join(c.title or c.id for c, _ in cases),  # fmt: skip
                  fictional=any(c.fictional for c, _ in cases))  # fmt: skip
    seen: dict[tuple[str, str], str] = {}
    for case, path in cases:
        for kind, items in (("party", case.parties), ("transaction", case.transactions),
                            ("company record", case.company_records)):  # fmt: skip
            for item in items:
                key = (kind, item.id)
                if key in seen:
                    raise CaseFormatError(path, [(f"{kind} {item.id!r}", f"also defined in {seen[key]}; ids must be unique across the case files")])  # fmt: skip
                seen[key] = path
        merged.parties.extend(case.parties)
        merged.transactions.extend(case.transactions)
        merged.company_records.extend(case.company_records)
    return merged


def investigate(
    case: Case,
    lists: ListData,
    screener: Screener | None,
    rules: RuleSet | None = None,
    hops: int = DEFAULT_HOPS,
    progress: Progress | None = None,
    files: Sequence[str] = (),
) -> Investigation:
    """Investigate a case against the lists (see the module docstring for the steps)."""
    with gc_paused():
        return _investigate(case, lists, screener, rules, hops, progress, files)


def _investigate(
    case: Case,
    lists: ListData,
    screener: Screener | None,
    rules: RuleSet | None,
    hops: int,
    progress: Progress | None,
    files: Sequence[str],
) -> Investigation:
    bar = progress or _Silent()
    rules = rules or RuleSet.load()
    case = with_bic_banks(case)  # banks named only by BIC become bank parties
    file = files[0] if len(files) == 1 else case.id
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    nodes = CaseNodes(case)
    bar.stage("screening parties", len(nodes))
    relations = relations_screener(lists) if screener is not None else None
    screening = screen_nodes(screener, nodes, bar.advance, relations)
    timings["screening"] = time.perf_counter() - t0

    t = time.perf_counter()
    bar.stage("building the network", None)
    graph = build_graph(lists, nodes, screening, file)
    designations = cluster_designations(graph, lists)
    findings = screening_findings(screening, lists, file)
    findings += identity_findings(graph, screening, lists, designations)
    findings += ownership_findings(graph, nodes, designations, file, rules.ownership)
    findings += control_findings(graph, nodes, designations)
    bar.stage("network paths", len(nodes))
    findings += network_findings(graph, nodes, designations, hops, bar.advance)
    timings["network"] = time.perf_counter() - t

    t = time.perf_counter()
    bar.stage("red-flag rules", len(rules.rules))
    ctx = RuleContext.build(case, nodes, graph, lists, file=file)
    findings += rules.run(ctx, tick=lambda _rule: bar.advance(1))
    timings["rules"] = time.perf_counter() - t

    t = time.perf_counter()
    bar.stage("verdicts", None)
    blocked: dict[str, Finding] = {}
    listed: dict[str, list[Finding]] = {}
    for f in findings:
        if f.severity == "blocked" and f.kind in ("screening", "ownership"):
            for pid in f.parties:
                blocked.setdefault(pid, f)
        elif f.kind == "screening" and f.effect not in (None, "asset_freeze"):
            for pid in f.parties:
                listed.setdefault(pid, []).append(f)
    owned_at = ownership_at(graph, nodes, designations)
    roles = role_findings(case, blocked, file, listed, owned_at)
    findings += [f for f, _cause in roles]
    number_findings(findings)
    for f, cause in roles:
        f.data["because"] = cause.id
    party_verdicts, txn_verdicts = verdicts(case, findings)
    timings["verdicts"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    return Investigation(
        case=case,
        files=list(files),
        lists=lists,
        rules=rules,
        nodes=nodes,
        graph=graph,
        findings=findings,
        party_verdicts=party_verdicts,
        transaction_verdicts=txn_verdicts,
        hops=hops,
        timings=timings,
    )
