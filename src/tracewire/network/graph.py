"""The network: list entities and case parties, joined by what links them.

Nodes are the parties of the loaded lists and of the case (:mod:`.nodes`). Edges, each
with its kind, a strength (``reference.yml`` ``edge_weights``) and the records it rests
on (:class:`~tracewire.network.findings.SourceRef`):

- ``identity``: a case party *is* a listed party, or another case party (a screening
  match, or an equal strong identifier: INN, OGRN, USCC, LEI, IMO);
- ``ownership``, ``directorship``, ``family``, ``link``, ``association``: the lists'
  relationship entities (FtM edge schemata, read generically from the schema) and the
  owners and directors of the case's company records;
- ``same_identifier``, ``same_address``, ``same_building``, ``same_phone``,
  ``same_email``, ``same_domain``: shared attributes. These are only computed where at
  least one side is a case party (co-location among listed parties is what the lists'
  own relationships say), and values shared by more than ``MAX_GROUP`` nodes are
  ignored as too generic.

Identity edges and equal strong identifiers merge nodes into *clusters* (one real-world
party seen in several lists and in the case); ownership is analysed over clusters.
:func:`Graph.paths` finds the strongest paths from a case party to designated parties
within ``k`` hops; a path's strength is the product of its edges' strengths.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from dataclasses import dataclass, field

from tracewire.network.contacts import AddressKey, address_key, domain_of, email_key, phone_key
from tracewire.network.findings import SourceRef
from tracewire.network.lists import ListData
from tracewire.network.nodes import CaseNodes
from tracewire.network.parties import Screening
from tracewire.network.reference import reference

#: identifiers that name one legal person: equal values merge nodes
STRONG_IDS = frozenset({"innCode", "ogrnCode", "uscCode", "leiCode", "imoNumber"})
#: identifiers shared between nodes become same_identifier edges
SHARED_IDS = STRONG_IDS | {"swiftBic", "dunsCode", "taxNumber", "vatCode", "registrationNumber"}
#: an attribute value shared by more nodes than this is too generic to link them
MAX_GROUP = 25
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


def _norm_id(value: str) -> str:
    return re.sub(r"[\s\-./]", "", value).upper()


class Graph:
    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.adj: dict[str, list[Edge]] = defaultdict(list)
        self._parent: dict[str, str] = {}
        self._designated: set[str] | None = None  # clusters holding a sanctioned node

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


def build_graph(
    lists: ListData,
    nodes: CaseNodes,
    screening: dict[str, Screening],
    file: str | None = None,
) -> Graph:
    """The network of the lists and the case; ``file`` names the case in sources."""
    g = Graph()
    file = file or nodes.case.id
    weights = reference().edge_weights
    for e in lists.things.values():
        g.add_node(
            Node(e.id, e.caption, "list", e.schema, lists.is_sanctioned(e.id), lists.regimes(e.id))
        )
    for n in nodes:
        g.add_node(Node(n.id, n.label, "case", n.kind))
    _list_relationships(g, lists, weights)
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


def _shared_attributes(
    g: Graph, lists: ListData, nodes: CaseNodes, weights: dict[str, float], file: str
) -> None:
    """Edges between case nodes and any node that shares an identifier or contact."""
    groups: dict[tuple[str, str], list[tuple[str, SourceRef, str]]] = defaultdict(list)
    case_keys: set[tuple[str, str]] = set()
    for n in nodes:
        ref = SourceRef(kind="case", ref=n.path, file=file)
        for prop, value in n.ftm_identifiers():
            if prop in SHARED_IDS:
                key = ("strong" if prop in STRONG_IDS else prop, _norm_id(value))
                groups[key].append((n.id, ref, f"{prop} {value}"))
                case_keys.add(key)
        for kind, value in _contacts(n.phone, n.email, n.website, n.country):
            groups[(kind, value)].append((n.id, ref, value))
            case_keys.add((kind, value))
    for e in lists.things.values():
        for prop in SHARED_IDS:
            for value in e.get(prop):
                key = ("strong" if prop in STRONG_IDS else prop, _norm_id(value))
                if key in case_keys:
                    groups[key].append((e.id, lists.source(e), f"{prop} {value}"))
        for kind, value in _contacts(
            ";".join(e.get("phone")),
            ";".join(e.get("email")),
            ";".join(e.get("website")),
            e.first("country"),
        ):
            if (kind, value) in case_keys:
                groups[(kind, value)].append((e.id, lists.source(e), value))
    for (kind, _value), members in groups.items():
        if len(members) < 2 or len(members) > MAX_GROUP:
            continue
        if kind == "strong":
            edge_kind = "identity"  # an INN, OGRN, USCC, LEI or IMO names one party
        elif kind in ("phone", "email", "domain"):
            edge_kind = f"same_{kind}"
        else:
            edge_kind = "same_identifier"
        weight = weights[edge_kind]
        first_id, first_ref, first_val = members[0]
        for nid, ref, val in members[1:]:
            if nid.startswith("case:") or first_id.startswith("case:"):
                g.add_edge(Edge(first_id, nid, edge_kind, f"{first_val} = {val}", weight,
                                sources=[first_ref, ref]))  # fmt: skip
    _shared_addresses(g, lists, nodes, weights, file)


def _contacts(
    phones: str | None, emails: str | None, websites: str | None, country: str | None
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    free = reference().free_mail
    for p in (phones or "").split(";"):
        if p.strip() and (key := phone_key(p, country)):
            out.append(("phone", key))
    for m in (emails or "").split(";"):
        if m.strip() and (key := email_key(m)):
            out.append(("email", key))
            dom = domain_of(key)
            if dom and dom not in free:
                out.append(("domain", dom))
    for w in (websites or "").split(";"):
        if w.strip() and (dom := domain_of(w)) and dom not in free:
            out.append(("domain", dom))
    return list(dict.fromkeys(out))


def address_index(entries: list[tuple[str, str, AddressKey]]) -> dict[tuple[str, str], list[int]]:
    """Buckets (house number, place word) → entries, for finding candidate pairs."""
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (_nid, _text, key) in enumerate(entries):
        for num in key.numbers:
            for tok in key.place:
                if tok != num:
                    index[(num, tok)].append(i)
    return index


def _shared_addresses(
    g: Graph, lists: ListData, nodes: CaseNodes, weights: dict[str, float], file: str
) -> None:
    entries: list[tuple[str, str, AddressKey]] = []
    for e in lists.things.values():
        for text in lists.entity_addresses(e):
            if (key := address_key(text)) is not None:
                entries.append((e.id, text, key))
    n_list = len(entries)
    for n in nodes:
        for text in n.addresses:
            if (key := address_key(text)) is not None:
                entries.append((n.id, text, key))
    index = address_index(entries)
    linked: set[tuple[str, str]] = set()
    for i in range(n_list, len(entries)):
        nid, text, key = entries[i]
        candidates: set[int] = set()
        for num in key.numbers:
            for tok in key.place:
                bucket = index.get((num, tok), [])
                if tok != num and len(bucket) <= MAX_GROUP * 4:
                    candidates.update(bucket)
        for j in sorted(candidates):
            oid, otext, okey = entries[j]
            if oid == nid or (min(nid, oid), max(nid, oid)) in linked:
                continue
            relation = key.relation(okey)
            if relation is None:
                continue
            linked.add((min(nid, oid), max(nid, oid)))
            node = nodes.nodes[nid]
            mine = SourceRef(kind="case", ref=node.path, file=file, note=text)
            other = (
                lists.source(lists.things[oid], otext)
                if j < n_list
                else SourceRef(kind="case", ref=nodes.nodes[oid].path, file=file, note=otext)
            )
            label = "same building" if relation == "same_building" else "same address"
            g.add_edge(Edge(nid, oid, relation, label, weights[relation], sources=[mine, other]))
