"""``GET /entities/{entity_id}``: one listed entity with its sanctions and links.

As in yente, the entities that point at this one are nested under the reverse property
that names the relation (``sanctions`` for a Sanction's ``entity``, ``ownershipAsset``
for an Ownership of which it is the asset, ``directorshipDirector``…), each with its
other ends inlined one level deep; entities this one points at are inlined too.
``nested=false`` leaves them out. tracewire adds the publisher's id per dataset
(``source_ids``) and where each dataset's record came from (``provenance``).
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request, Response

from tracewire.api.auth import require
from tracewire.api.keys import Principal
from tracewire.api.live_index import Snapshot
from tracewire.api.routes.match import ERRORS
from tracewire.api.schemas import EntityDetailResponse
from tracewire.api.service import service_of
from tracewire.api.wire import entity_wire
from tracewire.errors import UnknownEntityError
from tracewire.model import Entity
from tracewire.store import Store

router = APIRouter(tags=["Data access"])


def _lookup(store: Store, entity_id: str, cache: dict[str, Entity | None]) -> Entity | None:
    if entity_id not in cache:
        try:
            cache[entity_id] = store.get_entity(entity_id)[0][0]
        except UnknownEntityError:
            cache[entity_id] = None
    return cache[entity_id]


def _expand(
    data: dict[str, Any],
    entity: Entity,
    skip: str,
    store: Store,
    snapshot: Snapshot,
    cache: dict[str, Entity | None],
) -> dict[str, Any]:
    """Replace the ids of the entities this one points at (other than ``skip``) by them."""
    props = {prop for prop, _target in entity.edge_refs()}
    for prop in props:
        values: list[Any] = []
        for value in data["properties"].get(prop, []):
            other = None if value == skip else _lookup(store, value, cache)
            values.append(value if other is None else entity_wire(other, snapshot, False))
        data["properties"][prop] = values
    return data


def entity_detail(store: Store, snapshot: Snapshot, entity_id: str, nested: bool) -> dict[str, Any]:
    found = store.get_entity(entity_id)
    entity = found[0][0]
    for other, _version in found[1:]:
        entity.merge(other)
    referencing = store.referencing(entity.id)
    sanctioned = any(other.schema == "Sanction" for other, _p in referencing)
    data = entity_wire(entity, snapshot, target=sanctioned)
    data["datasets"] = sorted({e.dataset for e, _v in found} | set(data["datasets"]))
    data["source_ids"] = {e.dataset: e.source_id for e, _v in found if e.source_id}
    data["provenance"] = [v.to_dict() for _e, v in found]
    if not nested:
        return data
    cache: dict[str, Entity | None] = {entity.id: entity}
    _expand(data, entity, entity.id, store, snapshot, cache)
    for other, prop in referencing:
        p = other.schema_obj.get(prop)
        reverse = p.reverse.name if p is not None and p.reverse is not None else prop
        linked = _expand(
            entity_wire(other, snapshot, False), other, entity.id, store, snapshot, cache
        )
        data["properties"].setdefault(reverse, []).append(linked)
    return data


@router.get(
    "/entities/{entity_id}",
    summary="One entity with its sanctions, links and provenance",
    response_model=EntityDetailResponse,
    responses=ERRORS,
)
def get_entity(
    request: Request,
    entity_id: str = Path(..., max_length=255),
    nested: bool = Query(True, description="Inline sanctions, links and linked parties."),
    _who: Principal = Depends(require("read")),
) -> Response:
    service = service_of(request)
    data = entity_detail(service.store, service.index.current, entity_id, nested)
    return Response(orjson.dumps(data), media_type="application/json")
