"""``GET /entities/{entity_id}/network``: the parties around a listed entity, hop by hop.

The answer is a small graph for the web page to draw and expand: ``nodes`` (``id``,
``caption``, ``schema``, ``sanctioned``, ``datasets``, ``hop``: the distance from the
entity asked for) and ``edges`` (``source``, ``target``, ``kind``, ``label``,
``dataset``, ``directed``, ``id``: the relationship entity's id, if any). It is read
from the store's ``refs`` in the current list versions, batched one hop at a time:

- the lists' relationship entities (FtM edge schemata): ``Ownership`` (kind
  ``ownership``, owner → asset), ``Directorship`` (``directorship``), ``Family``
  (``family``), ``UnknownLink`` (``link``, e.g. OFAC's "Linked To") and the other edge
  schemata (``association``), labelled with their ``role`` or ``relationship``;
- a party property pointing at another party (a vessel's ``owner``, a company's
  ``parent``): kind ``link``, labelled with the property;
- identifiers two screened parties share (INN, OGRN, IMO, registration numbers... as
  the screening index groups them): kind ``same_identifier``; a value more than
  :data:`MAX_SHARED` parties carry is too generic to link them;
- ``Sanction`` entities are not nodes: they make their party ``sanctioned``.

``hops`` (1 to 3) says how far to go; at most ``limit`` nodes are returned, and
``truncated`` says when the neighbourhood was larger.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy import select
from sqlalchemy.engine import Connection

from tracewire.api.auth import require
from tracewire.api.keys import Principal
from tracewire.api.live_index import Snapshot
from tracewire.api.routes.match import ERRORS
from tracewire.api.service import service_of
from tracewire.errors import UnknownEntityError
from tracewire.match import Screener
from tracewire.match.index import Record
from tracewire.model import MATCHABLE_SCHEMATA, Entity, get_schema
from tracewire.store import Store
from tracewire.store.schema import blobs, refs, version_entities

router = APIRouter(tags=["Data access"])

EDGE_KINDS = {
    "Ownership": "ownership",
    "Directorship": "directorship",
    "Family": "family",
    "UnknownLink": "link",
}
#: an identifier value held by more parties than this does not link them
MAX_SHARED = 25
#: ids per SQL ``IN (...)``
CHUNK = 500
#: each index's records by entity id, built once per index
_RECORDS: weakref.WeakKeyDictionary[Screener, dict[str, Record]] = weakref.WeakKeyDictionary()


def is_party(schema: str) -> bool:
    """A node of the network: a person, company, organisation, vessel or aircraft."""
    s = get_schema(schema)
    return schema in MATCHABLE_SCHEMATA or s.is_a("LegalEntity") or s.is_a("Vehicle")


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(set(ids))
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class Neighbourhood:
    """Collects the nodes and edges of one request (one connection, current versions)."""

    def __init__(self, conn: Connection, store: Store, snapshot: Snapshot) -> None:
        self.conn = conn
        self.snapshot = snapshot
        self.current = {v.id: v.dataset for v in store.current_versions()}
        self.entities: dict[str, Entity] = {}
        self.datasets: dict[str, set[str]] = {}
        self.hop: dict[str, int] = {}
        self.sanctioned: set[str] = set()
        self.edges: dict[tuple[str, str, str, str], dict[str, Any]] = {}

    # -- reading the store, batched ------------------------------------------------------
    def load(self, ids: Iterable[str]) -> None:
        """Fetch the entities with these ids (merged over the lists that hold them)."""
        wanted = [i for i in set(ids) if i not in self.entities]
        for chunk in _chunks(wanted):
            rows = self.conn.execute(
                select(version_entities.c.version_id, blobs.c.data)
                .join(blobs, version_entities.c.hash == blobs.c.hash)
                .where(
                    version_entities.c.entity_id.in_(chunk),
                    version_entities.c.version_id.in_(list(self.current)),
                )
            ).all()
            for vid, data in rows:
                dataset = self.current[vid]
                entity = Entity.from_ftm(orjson.loads(data), dataset)
                seen = self.entities.get(entity.id)
                if seen is None:
                    self.entities[entity.id] = entity
                else:
                    seen.merge(entity)
                self.datasets.setdefault(entity.id, set()).add(dataset)

    def pointing_at(self, ids: Iterable[str]) -> list[tuple[str, str, Entity]]:
        """(target id, property, entity) for every current entity pointing at ``ids``."""
        out: list[tuple[str, str, Entity]] = []
        for chunk in _chunks(ids):
            rows = self.conn.execute(
                select(refs.c.target_id, refs.c.prop, refs.c.version_id, blobs.c.data)
                .join(
                    version_entities,
                    (version_entities.c.version_id == refs.c.version_id)
                    & (version_entities.c.entity_id == refs.c.entity_id),
                )
                .join(blobs, blobs.c.hash == version_entities.c.hash)
                .where(refs.c.target_id.in_(chunk), refs.c.version_id.in_(list(self.current)))
            ).all()
            for target, prop, vid, data in rows:
                out.append((target, prop, Entity.from_ftm(orjson.loads(data), self.current[vid])))
        return out

    def mark_sanctioned(self, ids: Iterable[str]) -> None:
        for chunk in _chunks(ids):
            rows = self.conn.execute(
                select(refs.c.target_id)
                .join(
                    version_entities,
                    (version_entities.c.version_id == refs.c.version_id)
                    & (version_entities.c.entity_id == refs.c.entity_id),
                )
                .where(
                    refs.c.target_id.in_(chunk),
                    refs.c.version_id.in_(list(self.current)),
                    version_entities.c.schema == "Sanction",
                )
                .distinct()
            ).all()
            self.sanctioned.update(r[0] for r in rows)

    # -- edges ---------------------------------------------------------------------------
    def add_edge(
        self,
        source: str,
        target: str,
        kind: str,
        label: str,
        dataset: str | None,
        directed: bool,
        rel_id: str | None,
    ) -> None:
        if source == target:
            return
        a, b = (source, target) if directed else tuple(sorted((source, target)))
        key = (a, b, kind, rel_id or label)
        self.edges.setdefault(
            key,
            {
                "source": a,
                "target": b,
                "kind": kind,
                "label": label,
                "dataset": dataset,
                "directed": directed,
                "id": rel_id,
            },
        )

    def relationship(self, rel: Entity) -> list[str]:
        """Edges of one relationship entity; the party ids at its ends."""
        schema = rel.schema_obj
        src, dst = schema.edge_source, schema.edge_target
        if not src or not dst:
            return []
        kind = EDGE_KINDS.get(rel.schema, "association")
        label = rel.first("role") or rel.first("relationship") or schema.edge_label or kind
        ends: list[str] = []
        for a in rel.get(src):
            for b in rel.get(dst):
                self.add_edge(a, b, kind, label, rel.dataset, bool(schema.edge_directed), rel.id)
                ends.extend((a, b))
        return ends

    def records(self) -> dict[str, Record]:
        screener = self.snapshot.screener
        found = _RECORDS.get(screener)
        if found is None:
            found = _RECORDS[screener] = {r.entity.id: r for r in screener.index.records}
        return found

    def shared_identifiers(self, ids: Iterable[str]) -> list[str]:
        """Edges to the screened parties sharing an identifier with ``ids``."""
        index = self.snapshot.screener.index
        records = self.records()
        found: list[str] = []
        for nid in ids:
            record = records.get(nid)
            if record is None:
                continue
            for group, values in record.ids.items():
                for value in sorted(values):
                    rids = index.postings.get(f"#{group}:{value}", ())
                    if not 1 < len(rids) <= MAX_SHARED:
                        continue
                    for rid in rids:
                        other = index.records[rid].entity
                        if other.id == nid:
                            continue
                        self.add_edge(
                            nid, other.id, "same_identifier", f"same {group} {value}",
                            None, False, None,
                        )  # fmt: skip
                        found.append(other.id)
        return found

    # -- one hop -------------------------------------------------------------------------
    def expand(self, frontier: list[str]) -> list[str]:
        """Add the edges of ``frontier``'s parties; the ids of the parties they reach."""
        reached: list[str] = []
        for target, prop, other in self.pointing_at(frontier):
            if other.schema == "Sanction":
                self.sanctioned.add(target)
            elif other.schema_obj.edge:
                reached.extend(self.relationship(other))
            elif is_party(other.schema):
                p = other.schema_obj.get(prop)
                label = p.label if p is not None else prop
                self.add_edge(other.id, target, "link", label, other.dataset, True, None)
                reached.append(other.id)
        for nid in frontier:
            entity = self.entities.get(nid)
            if entity is None:
                continue
            if entity.schema_obj.edge:  # a relationship asked for itself: its ends
                reached.extend(self.relationship(entity))
                continue
            out = [(prop, target) for prop, target in entity.edge_refs()]
            self.load(t for _p, t in out)
            for prop, target in out:
                other_entity = self.entities.get(target)
                if other_entity is None or not is_party(other_entity.schema):
                    continue
                p = entity.schema_obj.get(prop)
                label = p.label if p is not None else prop
                self.add_edge(nid, target, "link", label, entity.dataset, True, None)
                reached.append(target)
        reached.extend(self.shared_identifiers(frontier))
        return reached


def network(
    store: Store, snapshot: Snapshot, entity_id: str, hops: int, limit: int
) -> dict[str, Any]:
    """The graph within ``hops`` of ``entity_id`` (see the module's docstring)."""
    with store.engine.connect() as conn:
        hood = Neighbourhood(conn, store, snapshot)
        hood.load([entity_id])
        if entity_id not in hood.entities:
            raise UnknownEntityError(f"No entity with id {entity_id!r} in the current lists")
        hood.hop[entity_id] = 0
        frontier = [entity_id]
        truncated = False
        for depth in range(1, hops + 1):
            reached = hood.expand(frontier)
            fresh = [n for n in dict.fromkeys(reached) if n not in hood.hop]
            hood.load(fresh)
            fresh = [n for n in fresh if n in hood.entities and is_party(hood.entities[n].schema)]
            room = limit - len(hood.hop)
            if len(fresh) > room:
                truncated = True
                fresh = fresh[: max(room, 0)]
            for nid in fresh:
                hood.hop[nid] = depth
            frontier = fresh
            if not frontier:
                break
        # the last ring's own sanctions (the inner rings' came with their expansion)
        hood.mark_sanctioned([n for n, d in hood.hop.items() if d == max(hood.hop.values())])
    nodes = [
        {
            "id": nid,
            "caption": hood.entities[nid].caption,
            "schema": hood.entities[nid].schema,
            "sanctioned": nid in hood.sanctioned,
            "datasets": sorted(hood.datasets.get(nid, set())),
            "hop": depth,
        }
        for nid, depth in hood.hop.items()
    ]
    edges = [e for e in hood.edges.values() if e["source"] in hood.hop and e["target"] in hood.hop]
    return {
        "id": entity_id,
        "hops": hops,
        "nodes": nodes,
        "edges": edges,
        "truncated": truncated,
    }


@router.get(
    "/entities/{entity_id}/network",
    summary="The parties around an entity, within a number of hops",
    responses=ERRORS,
)
def get_network(
    request: Request,
    entity_id: str = Path(..., max_length=255),
    hops: int = Query(1, ge=1, le=3, description="How many links away to go."),
    limit: int = Query(150, ge=2, le=1000, description="Most nodes returned."),
    _who: Principal = Depends(require("read")),
) -> Response:
    service = service_of(request)
    data = network(service.store, service.index.current, entity_id, hops, limit)
    return Response(orjson.dumps(data), media_type="application/json")
