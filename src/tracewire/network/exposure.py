"""Exposure to designated parties: list matches, ownership, control and network paths.

Each function turns one analysis into findings (:mod:`.findings`):

- :func:`screening_findings`: a case party (or an owner or director of a company
  record) matches a listed party: one finding per legal effect of its listings
  (:mod:`tracewire.sources.effects`), citing only that effect's legal basis: ``blocked``
  for an asset freeze, ``high`` for an export restriction (licence required / export
  prohibited), ``medium`` for a sectoral listing (restricted dealings) or a listing
  without a prohibition (procurement / reputational); ``low`` for a possible match
  below the threshold;
- :func:`identity_findings`: a party that matched no listed party itself but *is* one
  through equal strong identifiers (an INN, OGRN, USCC, LEI or IMO number it shares with
  a listed party, or with another case party that matched one): as for a match, the
  chain of identity edges as evidence;
- :func:`ownership_findings`: the OFAC, EU and UK ownership tests
  (:mod:`.ownership`) over list ``Ownership`` entities and the case's company records,
  seeded with each regime's asset freezes only (the rules extend asset freezes);
- :func:`control_findings`: a person under an asset freeze directs a party;
- :func:`network_findings`: the strongest paths from each party not itself designated
  to designated parties within ``k`` hops. A one-hop path whose only edge is a shared
  address, phone, e-mail or domain is left to rule R7, and a one-hop ownership or
  directorship to the ownership and control findings;
- :func:`role_findings`: a transaction involves a blocked party in some role (the
  designated end user behind an intermediary among them), or a listed party of another
  effect: an export-restricted party receiving the deal's controlled goods (CHPL, or a
  declared control-list classification) is ``high``, receiving other goods ``medium``,
  in another role ``low``; a sectoral or procurement listing ``medium``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from tracewire.network.case import Case, Role
from tracewire.network.findings import Evidence, Finding, SourceRef, Subject
from tracewire.network.goods import controlled, deal_groups
from tracewire.network.graph import ATTRIBUTE_KINDS, Edge, Graph, Path
from tracewire.network.lists import REGIME_LABELS, Designation, ListData
from tracewire.network.nodes import CaseNode, CaseNodes
from tracewire.network.ownership import (
    REGIMES,
    ControlLink,
    OwnershipSeverity,
    Stake,
    Verdict,
    analyse,
)
from tracewire.network.parties import Screening
from tracewire.sources.effects import effect_table, strongest_first

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


def effect_groups(designations: list[Designation]) -> list[tuple[str, list[Designation]]]:
    """The listings grouped by legal effect, strongest first. A party listed without a
    ``Sanction`` (a plain blocklist) is one group of the table's fallback effect."""
    groups: dict[str, list[Designation]] = defaultdict(list)
    for d in designations:
        groups[d.effect].append(d)
    if not groups:
        return [(effect_table().fallback, [])]
    return [(e, groups[e]) for e in strongest_first(groups)]


def effect_citations(effect: str, ds: list[Designation]) -> list[str]:
    """The legal basis of each listing; OFAC's 50 % guidance only beside OFAC asset freezes."""
    keys = [d.legal.basis for d in ds if d.legal.basis]
    if effect == "asset_freeze" and any(d.regime == "ofac" for d in ds):
        keys.append("O1")
    return list(dict.fromkeys(keys))


def _listed(effect: str, ds: list[Designation], party: str, caption: str) -> tuple[str, str]:
    """(title, summary) of a finding that a party is listed with this effect."""
    info = effect_table().info(effect)
    regimes = sorted({d.regime for d in ds})
    who = ", ".join(REGIME_LABELS.get(r, r) for r in regimes) or "a loaded list"
    details = sorted({d.legal.detail for d in ds if d.legal.detail})
    extra = f"; {'; '.join(details)}" if details else ""
    title = {
        "asset_freeze": f"Designated party: asset freeze ({who})",
        "export_restriction": f"Export-restricted party: licence required / export prohibited ({who})",  # fmt: skip
        "sectoral": f"Party under sectoral sanctions: restricted dealings ({who})",
        "listing_only": f"Listed party: procurement / reputational ({who})",
    }[effect]
    summary = f"{party} is {caption}, listed by {who}: {info.label}{extra}. It prohibits {info.prohibits}."  # fmt: skip
    return title, summary


def screening_findings(
    screening: dict[str, Screening], lists: ListData, file: str
) -> list[Finding]:
    """One finding per matched party and legal effect of its listings (see the module
    docstring): an asset freeze blocks; an export restriction is high, a sectoral
    listing or a listing without a prohibition medium."""
    out = []
    table = effect_table()
    for result in screening.values():
        node = result.node
        if result.matches:
            matched = []
            designations: list[Designation] = []
            for m in result.matches:
                detail = "; ".join(str(v.get("detail", "")) for v in m.explanations().values())
                matched.append(
                    Evidence(
                        statement=f"'{m.name.query}' matches '{m.name.candidate}' of "
                        f"{m.entity.caption} ({m.entity.dataset}), score {m.score:.2f}: {detail}",
                        sources=[_case_ref(node, file), lists.source(m.entity)],
                    )
                )
                designations.extend(lists.designations.get(m.entity.id, []))
            best = result.matches[0]
            for effect, ds in effect_groups(designations):
                regimes = sorted({d.regime for d in ds})
                title, summary = _listed(effect, ds, node.label, best.entity.caption)
                evidence = matched + _listing_evidence(lists, ds)
                out.append(
                    Finding(
                        kind="screening",
                        rule="screening.match",
                        title=title,
                        severity=table.info(effect).severity,  # type: ignore[arg-type]
                        subject=_subject(node),
                        summary=f"{summary} (match score {best.score:.2f})",
                        evidence=evidence,
                        citations=effect_citations(effect, ds),
                        parties=_parties(node),
                        regimes=regimes,
                        effect=effect,  # type: ignore[arg-type]
                        data={"matches": [_match_dict(m) for m in result.matches],
                              "listings": [_listing_dict(d) for d in ds]},
                    )
                )  # fmt: skip
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


def _listing_evidence(lists: ListData, ds: list[Designation]) -> list[Evidence]:
    """One evidence line per listing, grouped by its list (collapsed per list in HTML)."""
    return [Evidence(statement=f"Listed: {d.describe()}", sources=[lists.designation_source(d)],
                     group=d.authority or d.dataset) for d in ds]  # fmt: skip


def _listing_dict(d: Designation) -> dict[str, object]:
    return {"sanction": d.sanction_id, "dataset": d.dataset, "authority": d.authority, "regime": d.regime,
            "program": d.program, "title": d.title, "listing_date": d.listing_date, **d.legal.to_dict()}  # fmt: skip


def identity_findings(
    graph: Graph,
    screening: dict[str, Screening],
    lists: ListData,
    designations: dict[str, list[Designation]],
) -> list[Finding]:
    """Parties designated through identity edges only (see the module docstring)."""
    out = []
    table = effect_table()
    for nid, result in screening.items():
        node = result.node
        ds_all = designations.get(graph.cluster(nid))
        if result.matches or not ds_all:
            continue
        chain = _identity_chain(graph, nid)
        if not chain:
            continue
        steps = []
        cur = nid
        for e in chain:
            nxt = e.other(cur)
            steps.append(Evidence(statement=f"{graph.nodes[cur].label} is {graph.nodes[nxt].label}: {e.label}",
                                  sources=list(e.sources)))  # fmt: skip
            cur = nxt
        target = graph.nodes[cur]
        for effect, ds in effect_groups(ds_all):
            regimes = sorted({d.regime for d in ds})
            title, summary = _listed(effect, ds, node.label, target.label)
            evidence = steps + _listing_evidence(lists, ds)
            out.append(
                Finding(
                    kind="screening",
                    rule="screening.identity",
                    title=title.replace(":", " (same identifiers):", 1),
                    severity=table.info(effect).severity,  # type: ignore[arg-type]
                    subject=_subject(node),
                    summary=f"{summary} Same party by equal identifiers ({len(chain)} step(s)).",
                    evidence=evidence,
                    citations=effect_citations(effect, ds),
                    parties=_parties(node),
                    regimes=regimes,
                    effect=effect,  # type: ignore[arg-type]
                    data={"chain": [[e.a, e.label, e.b] for e in chain],
                          "designated": [m for m in graph.members()[graph.cluster(nid)] if graph.nodes[m].sanctioned],
                          "listings": [_listing_dict(d) for d in ds]},
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


def _minority_severity(per: dict[str, Verdict], sev: OwnershipSeverity) -> tuple[str, str]:
    """(severity, title) of a finding whose worst status is ``minority``."""
    minority = [v for v in per.values() if v.status == "minority"]
    near = any(v.total >= sev.near_threshold_from - 1e-9 for v in minority)
    aggregated = any(len({h.stake.owner for h in v.holdings}) >= 2 for v in minority)
    rank = {"low": 0, "medium": 1, "high": 2}
    options = [(sev.minority, "Designated persons hold a minority stake")]
    if aggregated:
        options.append((sev.aggregated, "Several designated persons hold minority stakes together"))  # fmt: skip
    if near:
        options.append((sev.near_threshold, f"Designated persons hold a stake near the threshold ({sev.near_threshold_from:g} % or more)"))  # fmt: skip
    return max(options, key=lambda o: rank[o[0]])


def ownership_findings(
    graph: Graph,
    nodes: CaseNodes,
    designations: dict[str, list[Designation]],
    file: str,
    severity: OwnershipSeverity | None = None,
) -> list[Finding]:
    """Ownership findings; ``severity`` (the rules file's ``ownership`` section) sets how
    serious minority, near-threshold and aggregated minority stakes are."""
    sev = severity or OwnershipSeverity()
    stakes = ownership_stakes(graph)
    if not stakes:
        return []
    verdicts: dict[str, dict[str, Verdict]] = {}
    for key, regime in REGIMES.items():
        # the ownership rules extend asset freezes only, each regime's own
        designated = [c for c, ds in designations.items() if any(d.regime == key and d.blocking for d in ds)]  # fmt: skip
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
        level = STATUS_SEVERITY[worst.status]
        if worst.status == "minority":
            level, title = _minority_severity(per, sev)
            if level == "high" and "ofac" in per and per["ofac"].status == "minority":
                evidence.append(Evidence(statement="OFAC cautions that entities in which blocked persons hold less than 50 % may be designated or controlled by them (O1)", sources=[]))  # fmt: skip
        # only the rules of the regimes that reach the finding's status apply
        citations = [
            c for v in per.values() if v.status == worst.status for c in v.regime.citations
        ]
        out.append(
            Finding(
                kind="ownership",
                rule="ownership",
                title=title,
                severity=level,  # type: ignore[arg-type]
                subject=_subject(node),
                summary=f"{node.label}: " + "; ".join(
                    f"{REGIME_LABELS[k]} {_status_text(v)}" for k, v in per.items()),
                evidence=evidence,
                citations=list(dict.fromkeys(citations)),
                parties=_parties(node),
                regimes=blocked,
                effect="asset_freeze",
                data={k: _verdict_dict(graph, v) for k, v in per.items()},
            )
        )  # fmt: skip
    return out


#: (regimes under which a party is owned by persons then frozen, the owners' later listings)
OwnedAt = Callable[[str, "datetime.date | None"], tuple[list[str], list[dict[str, Any]]]]


def ownership_at(
    graph: Graph, nodes: CaseNodes, designations: dict[str, list[Designation]]
) -> OwnedAt:
    """``owned_at(party id, date)``: the ownership tests again with only the asset freezes
    in force on that date (by listing date), computed once per date."""
    stakes = ownership_stakes(graph)
    cluster_of = {n.party_id: graph.cluster(n.id) for n in nodes if n.party_id}
    by_date: dict[str, dict[str, dict[str, Verdict]]] = {}
    owned_by: dict[str, set[str]] = defaultdict(set)  # asset → its direct owners
    for st in stakes:
        owned_by[st.asset].add(st.owner)
    ancestors: dict[str, set[str]] = {}

    def listed_by(d: Designation, day: str) -> bool:
        start = _earliest(d.listing_date)
        return start is None or start <= day

    def owned_at(pid: str, when: datetime.date | None) -> tuple[list[str], list[dict[str, Any]]]:
        cluster = cluster_of.get(pid)
        if cluster is None or when is None:
            return [], []
        day = when.isoformat()
        if day not in by_date:
            by_date[day] = {
                key: analyse(stakes, [c for c, ds in designations.items()
                                      if any(d.regime == key and d.blocking and listed_by(d, day) for d in ds)], regime)
                for key, regime in REGIMES.items()
            }  # fmt: skip
        now = [
            k for k, v in by_date[day].items() if cluster in v and v[cluster].status == "blocked"
        ]
        if cluster not in ancestors:
            ancestors[cluster] = _owners_of(owned_by, cluster)
        later = [
            _listing_dict(d)
            for c in sorted(ancestors[cluster])
            for d in designations.get(c, [])
            if d.blocking and not listed_by(d, day)
        ]
        return now, later

    return owned_at


def _owners_of(owned_by: dict[str, set[str]], asset: str) -> set[str]:
    """Everyone holding a stake in ``asset``, directly or through others."""
    seen: set[str] = set()
    todo = [asset]
    while todo:
        for owner in owned_by.get(todo.pop(), ()):
            if owner not in seen:
                seen.add(owner)
                todo.append(owner)
    return seen


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
        # control extends asset freezes only (EU and UK control tests)
        regimes = sorted({d.regime for d in designations.get(director, []) if d.blocking})
        frozen = any(d.blocking for d in designations.get(company, []))
        if regimes and not frozen:
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
        regimes = sorted({r for link in links for r in link.regimes})
        rules = {"eu": "Under EU rules control can make it subject to the freeze [EU2]",
                 "uk": "under UK rules control can make it subject to the freeze [UK1]",
                 "ofac": "OFAC's 50 % rule counts ownership only, but no dealing with a blocked person acting for it is allowed [O2]"}  # fmt: skip
        said = "; ".join(rules[r] for r in regimes if r in rules)
        keys = [{"eu": "EU2", "uk": "UK1", "ofac": "O2"}[r] for r in regimes if r in rules]
        out.append(
            Finding(
                kind="control",
                rule="control.directorship",
                title="Directed by a designated person",
                severity="high",
                subject=_subject(node),
                summary=f"{node.label} is directed by {names}, under an asset freeze. "
                + (said[0].upper() + said[1:] + "." if said else "The freezing regime has no control rule tracewire applies."),
                evidence=[Evidence(statement=f"{graph.nodes[link.director].label}, designated "
                                   f"({', '.join(REGIME_LABELS[r] for r in link.regimes)}), "
                                   f"is {link.role} of {node.label}", sources=link.sources)
                          for link in links],
                citations=keys,
                parties=_parties(node),
                regimes=regimes,
                effect="asset_freeze",
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


#: roles in which a party receives a deal's goods
RECEIVING = (Role.buyer, Role.consignee, Role.end_user)


def role_findings(
    case: Case,
    blocked: dict[str, Finding],
    file: str,
    listed: dict[str, list[Finding]] | None = None,
    owned_at: OwnedAt | None = None,
) -> list[tuple[Finding, Finding]]:
    """A finding per transaction and blocked party (with the finding that blocks it): the
    party's role, and who fronts it; and per transaction and party listed with another
    effect (``listed``: its screening findings), what that listing means for the deal."""
    out = []
    names = {p.id: p.name for p in case.parties}
    deal_of = {i: group for group in deal_groups(case) for i in group}
    for i, txn in enumerate(case.transactions):
        roles = list(dict.fromkeys(txn.roles()))
        # a listed party in several roles: one finding, in its receiving role if it has one
        seen: set[str] = set()
        for role, pid in sorted(roles, key=lambda rp: rp[0] not in RECEIVING):
            if pid in seen or pid in blocked:
                continue
            seen.add(pid)
            for cause in (listed or {}).get(pid, []):
                out.append(
                    (_listed_role(case, names, i, deal_of[i], role, pid, cause, file), cause)
                )
        for role, pid in roles:
            why = blocked.get(pid)
            if why is None:
                continue
            now, later = in_force(why, txn.date)
            if why.kind == "ownership" and owned_at is not None:
                regimes, owner_later = owned_at(pid, txn.date)
                if not regimes and owner_later:  # its owners were frozen only after this document
                    out.append((_designated_later(case, names, i, role, pid, why, owner_later, file, owners=True), why))  # fmt: skip
                    continue
            if later and not now:  # every freeze of the party came after this document
                out.append((_designated_later(case, names, i, role, pid, why, later, file), why))
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
                    citations=_in_force_citations(why, now) if later else list(why.citations),
                    parties=[pid],
                    transactions=[txn.id],
                    regimes=sorted({str(x["regime"]) for x in now}) if later else list(why.regimes),
                    effect="asset_freeze",
                    data={"role": role.value, "because": "", "through": fronts}
                         | ({"in_force": now, "designated_later": later} if later else {}),
                ), why
            ))  # fmt: skip
    return out


def _earliest(date: object) -> str | None:
    """The first day a listing date (``2023``, ``2023-12``, ``2023-12-16``) can mean."""
    if not isinstance(date, str) or len(date) < 4:
        return None
    parts = date[:10].split("-")
    return "-".join([parts[0], *(parts[1:] + ["01", "01"])[:2]])


def in_force(cause: Finding, when: datetime.date | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:  # fmt: skip
    """(listings in force on ``when``, listings made after it) of a screening finding,
    by their listing dates; a listing without a date, or of a month or year that holds
    ``when``, counts as in force. Other findings (ownership) count as in force."""
    listings: list[dict[str, Any]] = list(cause.data.get("listings", [])) if cause.kind == "screening" else []  # fmt: skip
    if when is None or not listings:
        return listings, []
    day = when.isoformat()
    now: list[dict[str, Any]] = []
    later: list[dict[str, Any]] = []
    for listing in listings:
        start = _earliest(listing.get("listing_date"))
        (later if start is not None and start > day else now).append(listing)
    return now, later


def _in_force_citations(cause: Finding, now: list[dict[str, Any]]) -> list[str]:
    """The legal bases of the listings in force: those later than a deal do not apply to it."""
    keys = [str(x["basis"]) for x in now if x.get("basis")]
    if cause.effect == "asset_freeze" and any(x.get("regime") == "ofac" for x in now):
        keys.append("O1")
    return list(dict.fromkeys(keys))


def _designated_later(
    case: Case,
    names: dict[str, str],
    i: int,
    role: Role,
    pid: str,
    cause: Finding,
    later: list[dict[str, Any]],
    file: str,
    owners: bool = False,
) -> Finding:
    """A party of a transaction listed only after the transaction's date: relevant, but
    the deal is not retroactively prohibited (another verdict than the listing's)."""
    txn = case.transactions[i]
    name = names[pid]
    first = min(later, key=lambda x: _earliest(x.get("listing_date")) or "")
    when = str(first.get("listing_date"))
    listed = "; ".join(f"{x.get('authority')} ({x.get('title') or x.get('program')}) {x.get('listing_date')}" for x in later)  # fmt: skip
    return Finding(
        kind="role",
        rule="role.designated_later",
        title=f"{name}'s owners designated {when}, after this {txn.type}"
        if owners
        else f"{name} designated {when}, after this {txn.type}",  # fmt: skip
        severity="high" if cause.effect == "asset_freeze" else "medium",
        subject=Subject(type="transaction", id=txn.id, label=f"{txn.type} {txn.id}"),
        summary=f"{name}, the {role.value.replace('_', ' ')} of {txn.id} of {txn.date}, was "
        + ("owned by designated persons only later " if owners else "listed only later ")
        + f"({listed}). The listing bears on dealings with it from then on; it does not make this {txn.type} unlawful after the fact.",  # fmt: skip
        evidence=[
            Evidence(
                statement=f"{role.value}: {name}; {txn.type} dated {txn.date}",
                sources=[SourceRef(kind="case", ref=f"transactions[{i}]", file=file)],
            ),
            Evidence(statement=cause.summary, sources=[]),
        ],  # fmt: skip
        citations=list(cause.citations),
        parties=[pid],
        transactions=[txn.id],
        regimes=list(cause.regimes),
        effect=cause.effect,
        data={
            "role": role.value,
            "because": "",
            "date": txn.date.isoformat() if txn.date else None,
            "designated_later": later,
        },  # fmt: skip
    )


def _listed_role(
    case: Case,
    names: dict[str, str],
    i: int,
    deal: list[int],
    role: Role,
    pid: str,
    cause: Finding,
    file: str,
) -> Finding:
    """What a listing other than an asset freeze means for one transaction."""
    txn = case.transactions[i]
    now, later = in_force(cause, txn.date)
    if later and not now:
        return _designated_later(case, names, i, role, pid, cause, later, file)
    name = names[pid]
    role_text = role.value.replace("_", " ")
    evidence = [Evidence(statement=f"{role.value}: {name}",
                         sources=[SourceRef(kind="case", ref=f"transactions[{i}]", file=file)])]  # fmt: skip
    goods: list[dict[str, object]] = []
    effect = cause.effect
    if effect == "export_restriction":
        receives = any(pid in case.transactions[j].in_role(*RECEIVING) for j in deal)
        for j in deal:
            for k, line in enumerate(case.transactions[j].goods):
                why = controlled(line)
                if why is None:
                    continue
                goods.append({"transaction": case.transactions[j].id, "line": k, "hs_code": line.hs_code, "why": why})  # fmt: skip
                evidence.append(Evidence(
                    statement=f"{case.transactions[j].id}: '{line.description}' ({line.hs_code or 'no HS code'}) is controlled: {why}",
                    sources=[SourceRef(kind="case", ref=f"transactions[{j}].goods[{k}]", file=file)]))  # fmt: skip
        denied = any("all exports denied" in str(d.get("detail") or "") for d in cause.data.get("listings", []))  # fmt: skip
        if receives and (goods or denied):
            severity = "high"
            what = "controlled goods" if goods else "goods (all exports to it are denied)"
            title = f"Export-restricted {role_text} receives {what}: licence required / export prohibited"  # fmt: skip
            summary = f"The deal of {txn.id} sends {what} to {name}, whose listing requires a licence, often presumed denied, or denies exports outright."  # fmt: skip
        elif receives:
            severity = "medium"
            title = f"Export-restricted {role_text}: licence required for controlled items"
            summary = f"{name} receives the goods of {txn.id}; none is marked controlled (CHPL or a declared classification), but its listing requires a licence for the items it names: check the goods' classification."  # fmt: skip
        else:
            severity = "low"
            title = f"Export-restricted party as {role_text}"
            summary = f"{name} is the {role_text} of {txn.id}; its listing restricts exports to it, and it receives no goods in this deal."  # fmt: skip
    elif effect == "sectoral":
        severity = "medium"
        title = f"Party under sectoral sanctions as {role_text}: restricted dealings"
        summary = f"{name} is the {role_text} of {txn.id}; its listing prohibits only the dealings its directive or annex names (financing, securities, services): check this deal against them."  # fmt: skip
    else:
        severity = "medium"
        title = f"Listed party as {role_text}: procurement / reputational"
        summary = f"{name} is the {role_text} of {txn.id}; its listing prohibits no dealing in itself (a procurement ban or a warning)."  # fmt: skip
    evidence.append(Evidence(statement=cause.summary, sources=[]))
    return Finding(
        kind="role",
        rule=f"role.{effect}",
        title=title,
        severity=severity,  # type: ignore[arg-type]
        subject=Subject(type="transaction", id=txn.id, label=f"{txn.type} {txn.id}"),
        summary=f"{summary} ({cause.title}.)",
        evidence=evidence,
        citations=list(cause.citations),
        parties=[pid],
        transactions=[txn.id],
        regimes=list(cause.regimes),
        effect=effect,
        data={"role": role.value, "because": "", "controlled_goods": goods},
    )
