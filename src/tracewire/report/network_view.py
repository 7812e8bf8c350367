"""The network around the flagged parties, as the report draws it.

One node per *cluster* (a case party together with the listed entities it was matched
to), so a designated party appears once, under its case name. The view holds the parties
whose verdict is ``medium`` or worse, their neighbours, and the designated parties two
hops away, up to ``MAX_NODES``; edges are the graph's relationships between them plus
``trade`` edges for the deals between case parties. Positions come from a small,
deterministic force-directed layout (the same case gives the same picture).
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from tracewire.network.case import Role
from tracewire.network.findings import RANK
from tracewire.network.investigate import Investigation
from tracewire.network.nodes import party_node_id

MAX_NODES = 60
#: horizontal gaps count this much in the layout's repulsion (labels are wide)
LABEL_SQUEEZE = 0.45
GRAVITY = 0.05
TRADE_PAIRS = (
    (Role.seller, Role.buyer),
    (Role.buyer, Role.end_user),
    (Role.seller, Role.consignee),
    (Role.payer, Role.payee),
)


class ViewNode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    label: str
    origin: Literal["case", "list"]
    designated: bool
    regimes: list[str]
    verdict: str | None = None
    focus: bool = False
    x: float = 0.0
    y: float = 0.0


class ViewEdge(BaseModel):
    model_config = ConfigDict(extra="forbid")

    a: str
    b: str
    kind: str
    label: str
    directed: bool = False


class NetworkView(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nodes: list[ViewNode]
    edges: list[ViewEdge]
    truncated: bool = False


def network_view(inv: Investigation, max_nodes: int = MAX_NODES) -> NetworkView:
    g = inv.graph
    verdict = {party_node_id(v.subject.id): v.verdict for v in inv.party_verdicts}
    focus = [
        g.cluster(nid)
        for nid, v in sorted(verdict.items(), key=lambda kv: -RANK[kv[1]])
        if RANK[v] >= RANK["medium"]
    ]
    focus = list(dict.fromkeys(focus))
    if not focus:
        return NetworkView(nodes=[], edges=[])
    members = g.members()
    adj: dict[str, set[str]] = defaultdict(set)
    edges: dict[tuple[str, str, str], ViewEdge] = {}
    for e in g.edges():
        a, b = g.cluster(e.a), g.cluster(e.b)
        if a == b or e.kind == "identity":
            continue
        adj[a].add(b)
        adj[b].add(a)
        edges.setdefault((a, b, e.kind), ViewEdge(a=a, b=b, kind=e.kind, label=e.label, directed=e.directed))  # fmt: skip

    def designated(c: str) -> bool:
        return any(g.nodes[m].sanctioned for m in members[c])

    chosen = list(focus)
    for c in focus:
        chosen += sorted(adj[c], key=lambda n: (not designated(n), n))
    for c in list(chosen):
        chosen += sorted(n for n in adj[c] if designated(n))
    chosen = list(dict.fromkeys(chosen))
    truncated = len(chosen) > max_nodes
    keep = set(chosen[:max_nodes])

    nodes = []
    for c in chosen[:max_nodes]:
        node = g.nodes[c]
        regimes = sorted({r for m in members[c] for r in g.nodes[m].regimes})
        nodes.append(
            ViewNode(
                id=c, label=node.label, origin="case" if node.origin == "case" else "list",
                designated=designated(c), regimes=regimes, verdict=verdict.get(c),
                focus=c in focus,
            )
        )  # fmt: skip
    out_edges = [e for e in edges.values() if e.a in keep and e.b in keep]
    out_edges += _trade_edges(inv, keep)
    _layout(nodes, out_edges)
    return NetworkView(nodes=nodes, edges=out_edges, truncated=truncated)


def _trade_edges(inv: Investigation, keep: set[str]) -> list[ViewEdge]:
    g = inv.graph
    count: dict[tuple[str, str], int] = defaultdict(int)
    for txn in inv.case.transactions:
        for ra, rb in TRADE_PAIRS:
            for pa in txn.in_role(ra):
                for pb in txn.in_role(rb):
                    a, b = g.cluster(party_node_id(pa)), g.cluster(party_node_id(pb))
                    if a != b and a in keep and b in keep:
                        count[(a, b)] += 1
    return [
        ViewEdge(a=a, b=b, kind="trade", label=f"{n} deal{'s' if n > 1 else ''}", directed=True)
        for (a, b), n in sorted(count.items())
    ]


def _layout(nodes: list[ViewNode], edges: list[ViewEdge], rounds: int = 400) -> None:
    """Fruchterman-Reingold, started on a circle (deterministic), then fitted to the unit
    square. Distances count horizontal gaps as shorter (labels are wide), and a weak pull
    to the centre keeps loose parts near the rest. Each round works on all pairs at once
    (numpy), so the largest picture takes milliseconds, not seconds."""
    n = len(nodes)
    if n == 0:
        return
    index = {node.id: i for i, node in enumerate(nodes)}
    angle = 2 * np.pi * np.arange(n) / n
    xy = np.column_stack((np.cos(angle), np.sin(angle)))
    pairs = np.array(
        sorted({(index[e.a], index[e.b]) for e in edges if e.a in index and e.b in index}),
        dtype=np.intp,
    ).reshape(-1, 2)
    squeeze = np.array([LABEL_SQUEEZE, 1.0])
    k = 2.0 / math.sqrt(n)
    temp = 0.3
    for _ in range(rounds):
        # repulsion between every two nodes: k² / d along the (squeezed) gap
        gap = (xy[:, None, :] - xy[None, :, :]) * squeeze
        dist = np.maximum(np.hypot(gap[..., 0], gap[..., 1]), 1e-4)
        disp = (gap * (k * k / dist**2)[..., None]).sum(axis=1)
        # attraction along the edges: d² / k
        if len(pairs):
            gap = xy[pairs[:, 0]] - xy[pairs[:, 1]]
            dist = np.maximum(np.hypot(gap[:, 0], gap[:, 1]), 1e-4)
            pull = gap * (dist / k)[:, None]
            np.add.at(disp, pairs[:, 0], -pull)
            np.add.at(disp, pairs[:, 1], pull)
        disp -= xy * GRAVITY
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        xy += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp = max(temp * 0.985, 0.005)
    pos = xy.tolist()
    xs, ys = [p[0] for p in pos], [p[1] for p in pos]
    w, h = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    for node, p in zip(nodes, pos, strict=True):
        node.x = round((p[0] - min(xs)) / w, 4) if n > 1 else 0.5
        node.y = round((p[1] - min(ys)) / h, 4) if n > 1 else 0.5
