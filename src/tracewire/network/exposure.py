"""Exposure to designated parties: list matches, ownership, control and network paths.

Each function turns one analysis into findings (:mod:`.findings`):

- :func:`screening_findings`: a case party (or an owner or director of a company
  record) matches a listed party: ``blocked`` when a listing freezes assets
  (``reference.yml`` ``blocking_authorities``), ``high`` for other lists, ``low`` for a
  possible match below the threshold;
- :func:`identity_findings`: a party that matched no listed party itself but *is* one
  through equal strong identifiers (an INN, OGRN, USCC, LEI or IMO number it shares with
  a listed party, or with another case party that matched one): ``blocked`` or ``high``
  as for a match, the chain of identity edges as evidence;
- :func:`ownership_findings`: the OFAC, EU and UK ownership tests
  (:mod:`.ownership`) over list ``Ownership`` entities and the case's company records;
- :func:`control_findings`: a designated person directs a party;
- :func:`network_findings`: the strongest paths from each party not itself designated
  to designated parties within ``k`` hops. A one-hop path whose only edge is a shared
  address, phone, e-mail or domain is left to rule R7, and a one-hop ownership or
  directorship to the ownership and control findings;
- :func:`role_findings`: a transaction involves a blocked party in some role (the
  designated end user behind an intermediary among them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from tracewire.network.case import Case, Role
from tracewire.network.findings import Evidence, Finding, SourceRef, Subject
from tracewire.network.graph import ATTRIBUTE_KINDS, Edge, Graph, Path
from tracewire.network.lists import REGIME_LABELS, Designation, ListData
from tracewire.network.nodes import CaseNode, CaseNodes
from tracewire.network.ownership import REGIMES, ControlLink, Stake, Verdict, analyse
from tracewire.network.parties import Screening

SCREENING_CITATIONS = ["O1"]
COVERED_KINDS = ATTRIBUTE_KINDS | {"ownership", "directorship"}
STATUS_SEVERITY = {"blocked": "blocked", "undetermined": "high", "minority": "medium"}


def _subject(node: CaseNode) -> Subject:
    return Subject(type="party", id=node.party_id or node.id, label=node.label)


def _parties(node: CaseNode) -> list[str]:
    return [node.party_id] if node.party_id else []


def _case_ref(node: CaseNode, file: str) -> SourceRef:
    return SourceRef(kind="case", ref=node.path, file=file)


def cluster_designations(graph: Graph, lists: ListData) -> dict[str, list[Designation]]:
    """Cluster → the listings of every list entity in it."""
    out: dict[str, list[Designation]] = defaultdict(list)
    for members in graph.members().values():
        for m in members:
            if m in lists.designations:
                out[graph.cluster(m)].extend(lists.designations[m])
    return dict(out)


def screening_findings(
    screening: dict[str, Screening], lists: ListData, file: str
) -> list[Finding]:
    out = []
    for result in screening.values():
        node = result.node
        if result.matches:
            evidence = []
            designations: list[Designation] = []
            for m in result.matches:
                detail = "; ".join(str(v.get("detail", "")) for v in m.explanations().values())
                evidence.append(
                    Evidence(
                        statement=f"'{m.name.query}' matches '{m.name.candidate}' of "
                        f"{m.entity.caption} ({m.entity.dataset}), score {m.score:.2f}: {detail}",
                        sources=[_case_ref(node, file), lists.source(m.entity)],
                    )
                )
                for d in lists.designations.get(m.entity.id, []):
                    designations.append(d)
                    evidence.append(
                        Evidence(
                            statement=f"Listed: {d.describe()}",
                            sources=[lists.designation_source(d)],
                        )  # fmt: skip
                    )
            blocking = any(d.blocking for d in designations)
            regimes = sorted({d.regime for d in designations})
            who = ", ".join(REGIME_LABELS.get(r, r) for r in regimes) or "a loaded list"
            best = result.matches[0]
            out.append(
                Finding(
                    kind="screening",
                    rule="screening.match",
                    title=f"Designated party ({who})",
                    severity="blocked" if blocking else "high",
                    subject=_subject(node),
                    summary=f"{node.label} is {best.entity.caption}, listed by {who} "
                    f"(match score {best.score:.2f}).",
                    evidence=evidence,
                    citations=SCREENING_CITATIONS,
                    parties=_parties(node),
                    regimes=regimes,
                    data={"matches": [_match_dict(m) for m in result.matches]},
                )
            )
        elif result.near is not None:
            m = result.near
            out.append(
                Finding(
                    kind="screening",
                    rule="screening.possible_match",
                    title="Possible match below the threshold",
                    severity="low",
                    subject=_subject(node),
                    summary=f"{node.label} resembles {m.entity.caption} ({m.entity.dataset}), "
                    f"score {m.score:.2f}: review.",
                    evidence=[
                        Evidence(
                            statement=f"'{m.name.query}' vs '{m.name.candidate}': {m.name.describe()}",
                            sources=[_case_ref(node, file), lists.source(m.entity)],
                        )
                    ],
                    parties=_parties(node),
                    data={"matches": [_match_dict(m)]},
                )
            )
    return out


def identity_findings(
    graph: Graph,
    screening: dict[str, Screening],
    lists: ListData,
    designations: dict[str, list[Designation]],
) -> list[Finding]:
    """Parties designated through identity edges only (see the module docstring)."""
    out = []
    for nid, result in screening.items():
        node = result.node
        ds = designations.get(graph.cluster(nid))
        if result.matches or not ds:
            continue
        chain = _identity_chain(graph, nid)
        if not chain:
            continue
        blocking = any(d.blocking for d in ds)
        regimes = sorted({d.regime for d in ds})
        who = ", ".join(REGIME_LABELS.get(r, r) for r in regimes) or "a loaded list"
        evidence = []
        cur = nid
        for e in chain:
            nxt = e.other(cur)
            evidence.append(Evidence(statement=f"{graph.nodes[cur].label} is {graph.nodes[nxt].label}: {e.label}",
                                     sources=list(e.sources)))  # fmt: skip
            cur = nxt
        target = graph.nodes[cur]
        evidence += [Evidence(statement=f"Listed: {d.describe()}", sources=[lists.designation_source(d)]) for d in ds]  # fmt: skip
        out.append(
            Finding(
                kind="screening",
                rule="screening.identity",
                title=f"Same party as a designated party ({who})",
                severity="blocked" if blocking else "high",
                subject=_subject(node),
                summary=f"{node.label} is {target.label} by equal identifiers "
                f"({len(chain)} step(s)), listed by {who}.",
                evidence=evidence,
                citations=SCREENING_CITATIONS,
                parties=_parties(node),
                regimes=regimes,
                data={"chain": [[e.a, e.label, e.b] for e in chain],
                      "designated": [m for m in graph.members()[graph.cluster(nid)] if graph.nodes[m].sanctioned]},
            )
        )  # fmt: skip
    return out


def _identity_chain(graph: Graph, start: str) -> list[Edge]:
    """The shortest chain of identity edges from ``start`` to a sanctioned list node (a
    breadth-first search keeping one link back per node, not a path copy per level)."""
    back: dict[str, Edge | None] = {start: None}
    frontier = [start]
    while frontier:
        nxt: list[str] = []
        for node in frontier:
            for e in graph.adj.get(node, ()):
                if e.kind != "identity":
                    continue
                other = e.other(node)
                if other in back:
                    continue
                back[other] = e
                if graph.nodes[other].sanctioned:
                    chain: list[Edge] = []
                    cur = other
                    while (link := back[cur]) is not None:
                        chain.append(link)
                        cur = link.other(cur)
                    return chain[::-1]
                nxt.append(other)
        frontier = nxt
    return []


def _match_dict(m: object) -> dict[str, object]:
    data = m.to_dict()  # type: ignore[attr-defined]
    return {k: data[k] for k in ("id", "dataset", "source_id", "caption", "score", "sanctions")}


def ownership_stakes(graph: Graph) -> list[Stake]:
    """Every ownership edge, between clusters."""
    out = []
    for e in graph.edges():
        if e.kind == "ownership" and e.directed:
            out.append(Stake(graph.cluster(e.a), graph.cluster(e.b), e.percentage, list(e.sources)))
    return out


def ownership_findings(
    graph: Graph, nodes: CaseNodes, designations: dict[str, list[Designation]], file: str
) -> list[Finding]:
    stakes = ownership_stakes(graph)
    if not stakes:
        return []
    verdicts: dict[str, dict[str, Verdict]] = {}
    for key, regime in REGIMES.items():
        designated = [c for c, ds in designations.items() if any(d.regime == key for d in ds)]
        verdicts[key] = analyse(stakes, designated, regime)
    out = []
    for node in nodes:
        cluster = graph.cluster(node.id)
        if cluster in designations and any(d.blocking for d in designations[cluster]):
            continue  # designated itself: the screening finding says so
        per = {k: v[cluster] for k, v in verdicts.items() if cluster in v}
        if not per:
            continue
        worst = max(per.values(), key=lambda v: ["minority", "undetermined", "blocked"].index(v.status))  # fmt: skip
        evidence = _stake_evidence(graph, per)
        for key, v in per.items():
            evidence.append(Evidence(statement=f"{REGIME_LABELS[key]} ({v.regime.test}): "
                                     f"{_status_text(v)}", sources=[]))  # fmt: skip
        blocked = [k for k, v in per.items() if v.status == "blocked"]
        label = ", ".join(REGIME_LABELS[k] for k in blocked)
        title = {
            "blocked": f"Owned 50 % or more by designated persons ({label})",
            "undetermined": "Designated owners with stakes that may reach the threshold",
            "minority": "Designated persons hold a minority stake",
        }[worst.status]
        citations = [c for v in per.values() for c in v.regime.citations]
        out.append(
            Finding(
                kind="ownership",
                rule="ownership",
                title=title,
                severity=STATUS_SEVERITY[worst.status],  # type: ignore[arg-type]
                subject=_subject(node),
                summary=f"{node.label}: " + "; ".join(
                    f"{REGIME_LABELS[k]} {_status_text(v)}" for k, v in per.items()),
                evidence=evidence,
                citations=list(dict.fromkeys(citations)),
                parties=_parties(node),
                regimes=blocked,
                data={k: _verdict_dict(graph, v) for k, v in per.items()},
            )
        )  # fmt: skip
    return out


def _status_text(v: Verdict) -> str:
    if v.status == "blocked":
        who = f" by {v.controller}" if v.controller else ""
        return f"blocked, {v.total:g} % held{who}"
    if v.status == "undetermined":
        return f"undetermined ({v.total:g} % known; {v.note})"
    return f"not owned ({v.total:g} % held by designated or owned persons)"


def _stake_evidence(graph: Graph, per: dict[str, Verdict]) -> list[Evidence]:
    seen: set[tuple[str, str]] = set()
    out = []
    for v in per.values():
        chains = v.paths or [[h.stake] for h in v.holdings + v.unknown]
        skipped = v.skipped or [0] * len(chains)
        for chain, left_out in zip(chains, skipped, strict=True):
            for i, s in enumerate(chain):
                if (s.owner, s.asset) in seen:
                    continue
                seen.add((s.owner, s.asset))
                pct = f"{s.percentage:g} %" if s.percentage is not None else "an unknown share"
                extra = f" (other records say {', '.join(f'{c:g} %' for c in s.conflicting)})" if s.conflicting else ""  # fmt: skip
                out.append(Evidence(statement=f"{graph.nodes[s.owner].label} owns {pct} of "
                                    f"{graph.nodes[s.asset].label}{extra}", sources=s.sources))  # fmt: skip
                if i == 0 and left_out and len(chain) > 1:
                    out.append(Evidence(statement=f"… {left_out:,} more ownership links between "
                                        f"{graph.nodes[s.asset].label} and "
                                        f"{graph.nodes[chain[1].owner].label}, each 50 % or more "
                                        "(not listed)", sources=[]))  # fmt: skip
    return out


def _verdict_dict(graph: Graph, v: Verdict) -> dict[str, object]:
    def stake(s: Stake) -> dict[str, object]:
        return {"owner": s.owner, "owner_label": graph.nodes[s.owner].label, "asset": s.asset,
                "percentage": s.percentage}  # fmt: skip

    return {
        "status": v.status,
        "test": v.regime.test,
        "total": v.total,
        "holdings": [stake(h.stake) | {"owner_status": h.owner_status} for h in v.holdings],
        "unknown": [stake(h.stake) for h in v.unknown],
        "paths": [[stake(s) for s in path] for path in v.paths],
        "paths_skipped": list(v.skipped),
        "controller": v.controller,
        "note": v.note,
    }


def control_links(graph: Graph, designations: dict[str, list[Designation]]) -> list[ControlLink]:
    out = []
    for e in graph.edges():
        if e.kind != "directorship":
            continue
        director, company = graph.cluster(e.a), graph.cluster(e.b)
        regimes = sorted({d.regime for d in designations.get(director, [])})
        if regimes and company not in designations:
            out.append(ControlLink(director, company, e.label, regimes, list(e.sources)))
    return out


def control_findings(
    graph: Graph, nodes: CaseNodes, designations: dict[str, list[Designation]]
) -> list[Finding]:
    by_company: dict[str, list[ControlLink]] = defaultdict(list)
    for link in control_links(graph, designations):
        by_company[link.company].append(link)
    out = []
    for node in nodes:
        links = by_company.get(graph.cluster(node.id))
        if not links:
            continue
        names = ", ".join(f"{graph.nodes[link.director].label} ({link.role})" for link in links)
        out.append(
            Finding(
                kind="control",
                rule="control.directorship",
                title="Directed by a designated person",
                severity="high",
                subject=_subject(node),
                summary=f"{node.label} is directed by {names}. Under EU and UK rules control "
                "can make it subject to the freeze; OFAC's 50 % rule counts ownership only, "
                "but no dealing with a blocked person acting for it is allowed.",
                evidence=[Evidence(statement=f"{graph.nodes[link.director].label}, designated "
                                   f"({', '.join(REGIME_LABELS[r] for r in link.regimes)}), "
                                   f"is {link.role} of {node.label}", sources=link.sources)
                          for link in links],
                citations=["EU2", "UK1", "O2"],
                parties=_parties(node),
                regimes=sorted({r for link in links for r in link.regimes}),
            )
        )  # fmt: skip
    return out


def network_findings(
    graph: Graph,
    nodes: Iterable[CaseNode],
    designations: dict[str, list[Designation]],
    hops: int,
    tick: Callable[[int], None] | None = None,
) -> list[Finding]:
    out = []
    for node in nodes:
        if tick is not None:
            tick(1)
        if node.party_id is None or graph.cluster(node.id) in designations:
            continue
        paths = [p for p in graph.paths(node.id, hops) if not _covered(p)]
        if not paths:
            continue
        best = paths[0]
        severity = "high" if best.strength >= 0.75 else "medium" if best.strength >= 0.4 else "low"
        evidence = []
        for p in paths:
            hops_text, cur = [], p.start
            for e in p.edges:
                nxt = e.other(cur)
                a, b = graph.nodes[cur].label, graph.nodes[nxt].label
                backward = e.directed and e.a == nxt  # walking against owner → asset
                hops_text.append(f"{a} ←{e.label}— {b}" if backward else f"{a} —{e.label}→ {b}")
                cur = nxt
            evidence.append(Evidence(
                statement=f"{p.hops} hop(s), strength {p.strength:.2f}: " + "; ".join(hops_text),
                sources=[s for e in p.edges for s in e.sources]))  # fmt: skip
        targets = ", ".join(dict.fromkeys(graph.nodes[p.target].label for p in paths))
        out.append(
            Finding(
                kind="network",
                rule="network.paths",
                title=f"Linked to designated parties within {hops} hops",
                severity=severity,  # type: ignore[arg-type]
                subject=_subject(node),
                summary=f"{node.label} is {best.hops} hop(s) from {graph.nodes[best.target].label}"
                f" (strength {best.strength:.2f}); designated parties reached: {targets}.",
                evidence=evidence,
                citations=["A1", "G7"],
                parties=_parties(node),
                data={"paths": [{"target": p.target, "hops": p.hops, "strength": round(p.strength, 4),
                                 "edges": [[e.a, e.kind, e.b] for e in p.edges]} for p in paths]},
            )
        )  # fmt: skip
    return out


def _covered(path: Path) -> bool:
    """A path that other findings already report: one shared attribute (rule R7), or one
    ownership or directorship (ownership and control findings), identity hops aside."""
    real = [e for e in path.edges if e.kind != "identity"]
    return len(real) <= 1 and (not real or real[0].kind in COVERED_KINDS)


def role_findings(
    case: Case, blocked: dict[str, Finding], file: str
) -> list[tuple[Finding, Finding]]:
    """A finding per transaction and blocked party (with the finding that blocks it): the
    party's role, and who fronts it."""
    out = []
    names = {p.id: p.name for p in case.parties}
    for i, txn in enumerate(case.transactions):
        for role, pid in dict.fromkeys(txn.roles()):
            why = blocked.get(pid)
            if why is None:
                continue
            fronts = [p for p in txn.in_role(Role.buyer, Role.intermediary) if p != pid]
            name, role_text = names[pid], role.value.replace("_", " ")
            what = "designated" if why.kind == "screening" else "owned by designated persons"
            if role in (Role.end_user, Role.consignee) and fronts:
                front = ", ".join(names[f] for f in fronts)
                title = f"Designated {role_text} behind an intermediary"
                if why.kind != "screening":
                    title = (
                        f"Blocked {role_text} (owned by designated persons) behind an intermediary"
                    )
                summary = f"The {role_text} of {txn.id}, {name}, is {what}; the deal runs through {front}."  # fmt: skip
                rule = "role.behind_intermediary"
            else:
                title = f"{'Designated party' if why.kind == 'screening' else 'Party owned by designated persons'} as {role_text}"  # fmt: skip
                summary = f"The {role_text} of {txn.id}, {name}, is {what}."
                rule = "role.designated_party"
            out.append((
                Finding(
                    kind="role",
                    rule=rule,
                    title=title,
                    severity="blocked",
                    subject=Subject(type="transaction", id=txn.id, label=f"{txn.type} {txn.id}"),
                    summary=f"{summary} ({why.title}.)",
                    evidence=[Evidence(statement=f"{role.value}: {name}",
                                       sources=[SourceRef(kind="case", ref=f"transactions[{i}]", file=file)]),
                              Evidence(statement=why.summary, sources=[])],
                    citations=list(why.citations),
                    parties=[pid],
                    transactions=[txn.id],
                    regimes=list(why.regimes),
                    data={"role": role.value, "because": "", "through": fronts},
                ), why
            ))  # fmt: skip
    return out
