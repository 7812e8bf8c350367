"""The network: list entities and case parties, joined by what links them.

Nodes are the parties of the loaded lists and of the case (:mod:`.nodes`). Edges, each
with its kind, a strength (``reference.yml`` ``edge_weights``) and the records it rests
on (:class:`~tracewire.network.findings.SourceRef`):

- ``identity``: one party seen twice: a case party matched to a listed party by
  screening, or two nodes (case or listed: one firm on the OFAC and the EU lists) with an
  equal strong identifier (INN, OGRN, USCC, LEI, IMO) and schemata that can be one thing;
- ``ownership``, ``directorship``, ``family``, ``link``, ``association``: the lists'
  relationship entities (FtM edge schemata, read generically from the schema) and the
  owners and directors of the case's company records;
- ``same_identifier``, ``same_address``, ``same_building``, ``same_phone``,
  ``same_email``, ``same_domain``: shared attributes (keys and hub guard in
  :mod:`.shared`), between listed parties (``SharedIndex.links``), between a case party
  and listed parties, and between case parties. An exact key (identifier, phone,
  e-mail, domain) shared by more than ``MAX_SHARED`` nodes links none of them; case
  addresses are compared with every listed address in their (house number, place
  token) buckets of ``MAX_BUCKET`` entries or fewer.

Identity edges and equal strong identifiers merge nodes into *clusters* (one real-world
party seen in several lists and in the case); ownership is analysed over clusters.
:func:`Graph.paths` finds the strongest paths from a case party to designated parties
within ``k`` hops; a path's strength is the product of its edges' strengths.

The list part of the graph (list nodes, the lists' relationships, the links between
listed parties) depends on the list data alone: :func:`list_graph` builds it once per
:class:`~tracewire.network.lists.ListData` and every investigation starts from a copy
of its node and adjacency tables (the nodes and edges themselves are shared, never
changed).
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, field

from followthemoney import model

from tracewire.network.contacts import AddressKey, address_key, phone_key
from tracewire.network.findings import SourceRef
from tracewire.network.lists import ListData
from tracewire.network.nodes import QUERY_SCHEMA, CaseNode, CaseNodes
from tracewire.network.parties import Screening
from tracewire.network.reference import reference
from tracewire.network.shared import (
    MAX_BUCKET,
    MAX_SHARED,
    NATIONAL_IDS,
    STRONG_IDS,
    contact_keys,
    countries_agree,
    edge_kind,
    id_keys,
    shared_index,
)

EDGE_KINDS = {
    "Ownership": "ownership",
    "Directorship": "directorship",
    "Family": "family",
    "UnknownLink": "link",
}
#: kinds that only describe a party's attributes, reported by rules R6/R7 on their own
ATTRIBUTE_KINDS = frozenset(
    {"same_address", "same_building", "same_phone", "same_email", "same_domain"}
)


@dataclass(slots=True)
class Node:
    id: str
    label: str
    origin: str  # "case" or "list"
    schema: str
    sanctioned: bool = False
    regimes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Edge:
    a: str
    b: str
    kind: str
    label: str
    weight: float
    directed: bool = False  # a → b (owner → asset, director → company)
    percentage: float | None = None
    sources: list[SourceRef] = field(default_factory=list)

    def other(self, node: str) -> str:
        return self.b if node == self.a else self.a


@dataclass
class Path:
    start: str
    target: str
    edges: list[Edge]
    strength: float

    @property
    def hops(self) -> int:
        return len(self.edges)


def parse_percentage(values: list[str]) -> float | None:
    for v in values:
        m = re.search(r"\d+(?:[.,]\d+)?", v)
        if m:
            pct = float(m.group(0).replace(",", "."))
            if 0 < pct <= 100:
                return pct
    return None


class Graph:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.adj: dict[str, list[Edge]] = defaultdict(list)
        self._parent: dict[str, str] = {}
        self._designated: set[str] | None = None  # clusters holding a sanctioned node

    def copy(self) -> Graph:
        """A graph with the same nodes, edges and clusters, to add to without changing
        this one (node and edge objects are shared)."""
        g = Graph()
        g.nodes = dict(self.nodes)
        g.adj = defaultdict(list, {k: list(v) for k, v in self.adj.items()})
        g._parent = dict(self._parent)
        return g

    def add_node(self, node: Node) -> None:
        self.nodes.setdefault(node.id, node)

    def add_edge(self, edge: Edge) -> None:
        if edge.a == edge.b or edge.a not in self.nodes or edge.b not in self.nodes:
            return
        self.adj[edge.a].append(edge)
        self.adj[edge.b].append(edge)
        if edge.kind == "identity":
            self._union(edge.a, edge.b)
            self._designated = None

    def edges(self) -> list[Edge]:
        seen: set[int] = set()
        out = []
        for edges in self.adj.values():
            for e in edges:
                if id(e) not in seen:
                    seen.add(id(e))
                    out.append(e)
        return out

    # -- clusters: one real-world party in several lists and the case ---------------------
    def _find(self, x: str) -> str:
        parent = self._parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            # a case node is the preferred representative (its label is the case's)
            if self.nodes[rb].origin == "case" and self.nodes[ra].origin != "case":
                ra, rb = rb, ra
            self._parent[rb] = ra

    def cluster(self, node: str) -> str:
        return self._find(node)

    def designated(self, node: str) -> bool:
        """Is the node, or a node of its cluster, a sanctioned list entity?"""
        if self._designated is None:
            self._designated = {self._find(n) for n, v in self.nodes.items() if v.sanctioned}
        return self._find(node) in self._designated

    def members(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for nid in self.nodes:
            out[self._find(nid)].append(nid)
        return out

    # -- paths ------------------------------------------------------------------------------
    def paths(self, start: str, k: int = 3, limit: int = 5) -> list[Path]:
        """Strongest paths from ``start`` to designated parties outside its own cluster (a
        case party matched to a listed party counts as designated: the path ends there)."""
        own = self._find(start)
        best: dict[str, float] = {start: 1.0}
        heap: list[tuple[float, int, int, str, list[Edge]]] = [(-1.0, 0, 0, start, [])]
        found: dict[str, Path] = {}
        counter = 0
        while heap and len(found) < limit:
            neg, hops, _, node, path = heapq.heappop(heap)
            strength = -neg
            if node != start and self._find(node) != own and self.designated(node):
                found.setdefault(node, Path(start, node, path, strength))
                continue
            if hops >= k:
                continue
            for edge in self.adj.get(node, ()):
                nxt = edge.other(node)
                s = strength * edge.weight
                if s <= best.get(nxt, 0.0) or any(nxt in (e.a, e.b) for e in path):
                    continue
                best[nxt] = s
                counter += 1
                heapq.heappush(heap, (-s, hops + 1, counter, nxt, [*path, edge]))
        return sorted(found.values(), key=lambda p: (-p.strength, p.hops, p.target))


def list_graph(lists: ListData) -> Graph:
    """The list part of the network, built once per list data (see the module docstring)."""

    def build() -> Graph:
        g = Graph()
        for e in lists.things.values():
            g.add_node(Node(e.id, e.caption, "list", e.schema, lists.is_sanctioned(e.id),
                            lists.regimes(e.id)))  # fmt: skip
        weights = reference().edge_weights
        _list_relationships(g, lists, weights)
        for link in shared_index(lists).links:
            a, b = lists.things[link.a.entity], lists.things[link.b.entity]
            g.add_edge(
                Edge(a.id, b.id, link.kind, link.label, weights[link.kind],
                     sources=[lists.source(a, link.a.value), lists.source(b, link.b.value)])
            )  # fmt: skip
        return g

    return lists.derived("graph", build)


def build_graph(
    lists: ListData,
    nodes: CaseNodes,
    screening: dict[str, Screening],
    file: str | None = None,
) -> Graph:
    """The network of the lists and the case; ``file`` names the case in sources."""
    g = list_graph(lists).copy()
    file = file or nodes.case.id
    weights = reference().edge_weights
    for n in nodes:
        g.add_node(Node(n.id, n.label, "case", n.kind))
    _case_records(g, nodes, weights, file)
    for nid, result in screening.items():
        for m in result.matches + result.links:
            g.add_edge(
                Edge(nid, m.entity.id, "identity", f"screening match {m.score:.2f}", 1.0,
                     sources=[lists.source(m.entity, f"matched '{m.name.query}' to "
                                           f"'{m.name.candidate}' (score {m.score:.2f})")])
            )  # fmt: skip
    _shared_attributes(g, lists, nodes, weights, file)
    return g


def _list_relationships(g: Graph, lists: ListData, weights: dict[str, float]) -> None:
    for rel in lists.relationships:
        schema = rel.schema_obj
        src_prop, dst_prop = schema.edge_source, schema.edge_target
        if not src_prop or not dst_prop:
            continue
        kind = EDGE_KINDS.get(rel.schema, "association")
        label = rel.first("role") or rel.first("relationship") or schema.edge_label or kind
        pct = parse_percentage(rel.get("percentage")) if kind == "ownership" else None
        note = rel.first("summary")
        for a in rel.get(src_prop):
            for b in rel.get(dst_prop):
                g.add_edge(
                    Edge(a, b, kind, label, weights.get(kind, 0.5), bool(schema.edge_directed),
                         pct, [lists.source(rel, note)])
                )  # fmt: skip


def _case_records(g: Graph, nodes: CaseNodes, weights: dict[str, float], file: str) -> None:
    for i, rec in enumerate(nodes.case.company_records):
        company = nodes.resolve(rec.party) if rec.party else f"case:record:{rec.id}"
        where = rec.source or "company record"
        for j, owner in enumerate(rec.owners):
            src = nodes.person_node(rec, "owners", j)
            pct = f" {owner.percentage:g}%" if owner.percentage is not None else ""
            ref = SourceRef(kind="case", ref=f"company_records[{i}].owners[{j}]", file=file, note=where)  # fmt: skip
            if owner.former:  # a stake that ended links the two, but owns nothing now
                g.add_edge(Edge(src, company, "link", f"owned{pct} until {owner.until}",
                                weights["link"], True, None, [ref]))  # fmt: skip
                continue
            g.add_edge(
                Edge(src, company, "ownership", f"owns{pct}", weights["ownership"], True,
                     owner.percentage, [ref])
            )  # fmt: skip
        for j, director in enumerate(rec.directors):
            src = nodes.person_node(rec, "directors", j)
            g.add_edge(
                Edge(src, company, "directorship", director.role or "director",
                     weights["directorship"], True, None,
                     [SourceRef(kind="case", ref=f"company_records[{i}].directors[{j}]",
                                file=file, note=where)])
            )  # fmt: skip


@dataclass(slots=True)
class _Member:
    """A holder of a key in the case analysis: a case node or a listed party."""

    node: str
    prop: str
    value: str
    source: SourceRef
    schema: str
    countries: frozenset[str]


def _can_match(a: str, b: str) -> bool:
    """Can a thing of schema ``a`` be a thing of schema ``b`` (a company is no vessel)?"""
    sa, sb = model.get(a), model.get(b)
    return sa is not None and sb is not None and sa.can_match(sb)


def _case_keys(n: CaseNode) -> list[tuple[tuple[str, str], str, str]]:
    keys = list(id_keys(n.ftm_identifiers()))
    phones = [n.phone] if n.phone else []
    keys += contact_keys(phones, [n.email] if n.email else [], [n.website] if n.website else [], n.country)  # fmt: skip
    # a number with no country code to read it with: compared as digits within the case
    no_code = n.phone and not any(k[0] == "phone" for k, _p, _v in keys)
    if no_code and n.phone and (digits := phone_key(n.phone, n.country)) is not None:
        keys.append((("phone", digits), "phone", n.phone))
    return keys


def _shared_attributes(
    g: Graph, lists: ListData, nodes: CaseNodes, weights: dict[str, float], file: str
) -> None:
    """Edges between case nodes and any node that shares an identifier or contact."""
    index = shared_index(lists)
    groups: dict[tuple[str, str], list[_Member]] = defaultdict(list)
    for n in nodes:
        schema = QUERY_SCHEMA.get(n.kind, "LegalEntity")
        countries = frozenset([n.country]) if n.country else frozenset()
        for key, prop, value in _case_keys(n):
            ref = SourceRef(kind="case", ref=n.path, file=file, note=value)
            groups[key].append(_Member(n.id, prop, value, ref, schema, countries))
    for key, case_members in groups.items():
        holders = index.holders(key)
        if len({m.node for m in case_members} | {h.entity for h in holders}) > MAX_SHARED:
            continue
        members = list(case_members)
        for h in holders:
            e = lists.things[h.entity]
            members.append(_Member(e.id, h.prop, h.value, lists.source(e, h.value), e.schema,
                                   index.countries.get(e.id, frozenset())))  # fmt: skip
        done: set[tuple[str, str]] = set()
        for ma in case_members:
            for mb in members:
                pair = (min(ma.node, mb.node), max(ma.node, mb.node))
                if mb.node == ma.node or pair in done:
                    continue
                done.add(pair)
                if (ma.prop in NATIONAL_IDS or mb.prop in NATIONAL_IDS) and not countries_agree(ma.countries, mb.countries):  # fmt: skip
                    continue
                strong = ma.prop in STRONG_IDS and mb.prop in STRONG_IDS and _can_match(ma.schema, mb.schema)  # fmt: skip
                kind = edge_kind(key[0], strong)
                label = f"{ma.prop} {ma.value} = {mb.prop} {mb.value}" if key[0].startswith("id:") else f"{ma.value} = {mb.value}"  # fmt: skip
                g.add_edge(Edge(ma.node, mb.node, kind, label, weights[kind], sources=[ma.source, mb.source]))  # fmt: skip
    _shared_addresses(g, lists, nodes, weights, file)


def _shared_addresses(
    g: Graph, lists: ListData, nodes: CaseNodes, weights: dict[str, float], file: str
) -> None:
    """Edges between a case node's address and every listed or case address naming the
    same building (the list side comes from the list data's index)."""
    index = shared_index(lists)
    entries: list[tuple[str, str, AddressKey]] = []
    for n in nodes:
        for text in n.addresses:
            if (key := address_key(text)) is not None:
                entries.append((n.id, text, key))
    buckets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (_nid, _text, key) in enumerate(entries):
        for num in key.numbers:
            for tok in key.place:
                if tok != num:
                    buckets[(num, tok)].append(i)
    best: dict[tuple[str, str], tuple[str, str, str, str, str, bool]] = {}

    def consider(nid: str, text: str, oid: str, otext: str, relation: str, listed: bool) -> None:
        pair = (min(nid, oid), max(nid, oid))
        have = best.get(pair)
        if have is None or (have[4] == "same_building" and relation == "same_address"):
            best[pair] = (nid, text, oid, otext, relation, listed)

    for i, (nid, text, key) in enumerate(entries):
        for j in sorted(index.address_candidates(key)):
            oid, otext, okey = index.addresses[j]
            if (relation := key.relation(okey)) is not None:
                consider(nid, text, oid, otext, relation, True)
        others: set[int] = set()
        for num in key.numbers:
            for tok in key.place:
                bucket = buckets.get((num, tok), [])
                if tok != num and len(bucket) <= MAX_BUCKET:
                    others.update(j for j in bucket if j > i)
        for j in sorted(others):
            oid, otext, okey = entries[j]
            if oid != nid and (relation := key.relation(okey)) is not None:
                consider(nid, text, oid, otext, relation, False)
    for nid, text, oid, otext, relation, listed in best.values():
        mine = SourceRef(kind="case", ref=nodes.nodes[nid].path, file=file, note=text)
        other = (
            lists.source(lists.things[oid], otext)
            if listed
            else SourceRef(kind="case", ref=nodes.nodes[oid].path, file=file, note=otext)
        )
        label = "same building" if relation == "same_building" else "same address"
        g.add_edge(Edge(nid, oid, relation, label, weights[relation], sources=[mine, other]))
