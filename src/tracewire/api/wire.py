"""Entities in yente's wire format (``EntityResponse``), with tracewire's dates.

yente's entity JSON is FollowTheMoney's (``id``, ``schema``, ``properties``) plus
``caption``, ``datasets``, ``referents``, ``target`` and three times. tracewire keeps the
values an FtM source gave (OpenSanctions data carry ``referents`` and dates) and fills
the rest from the store (see :mod:`tracewire.api.timeline`).
"""

from __future__ import annotations

from typing import Any

import orjson

from tracewire.api.live_index import Snapshot
from tracewire.api.timeline import wire_time
from tracewire.model import Entity
from tracewire.store import VersionInfo


def _texts(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def entity_wire(entity: Entity, snapshot: Snapshot | None, target: bool) -> dict[str, Any]:
    """One entity as yente returns it."""
    extra = entity.extra
    dates = snapshot.dates.get((entity.dataset, entity.id)) if snapshot is not None else None
    first = extra.get("first_seen") or (dates.first_seen if dates else None)
    last = extra.get("last_seen") or (dates.last_seen if dates else None)
    change = extra.get("last_change") or (dates.last_change if dates else None)
    return {
        "id": entity.id,
        "caption": entity.caption,
        "schema": entity.schema,
        "properties": {k: list(v) for k, v in entity.properties.items() if v},
        "datasets": _texts(extra.get("datasets")) or [entity.dataset],
        "referents": _texts(extra.get("referents")),
        "target": bool(extra.get("target", target)),
        "first_seen": wire_time(first),
        "last_seen": wire_time(last),
        "last_change": wire_time(change),
    }


#: listed entities kept in wire form per index (a bound on the cache's memory)
WIRE_CACHE_SIZE = 20_000


def result_base(entity: Entity, snapshot: Snapshot) -> dict[str, Any]:
    """A listed entity in wire form for a match result, from the index's cache.

    An entity's wire form is the same in every answer while the index holds it, and
    writing its properties (dozens of names and addresses on some lists) as JSON is a
    fair part of a request's cost; so each index keeps the entities it has answered
    with, their properties already serialised (an ``orjson.Fragment``). The caller gets
    a fresh dict to add the scores to.
    """
    key = (entity.dataset, entity.id)
    base = snapshot.wire_cache.get(key)
    if base is None:
        base = entity_wire(entity, snapshot, target=True)
        base["target"] = True  # every entity in the index is a screening target
        base["properties"] = orjson.Fragment(orjson.dumps(base["properties"]))
        if len(snapshot.wire_cache) < WIRE_CACHE_SIZE:
            snapshot.wire_cache[key] = base
    return dict(base)


def version_wire(version: VersionInfo) -> dict[str, Any]:
    """The short form of a list version, as matches and the audit log cite it."""
    return {
        "dataset": version.dataset,
        "version": version.seq,
        "sha256": version.sha256,
        "loaded_at": wire_time(version.loaded_at),
        "publisher_date": version.publisher_date,
    }
