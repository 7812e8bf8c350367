"""``GET /lists/{dataset}/versions`` and ``GET /lists/{dataset}/diff``: a list's history.

``versions`` lists every loaded version of a list, newest first, with its provenance
(source, sha256, publisher's date, load time, counts). ``diff`` says what changed between
two versions (default: the latest and the one before), as ``tracewire lists diff``
does: a ``summary`` of parties added, removed and changed (with ``entities``, the same
over every entity, and ``schemata``, per schema), then the first ``limit`` entities of
each kind (``truncated`` says when there were more), each changed entity with its
fields' added and removed values. Versions never change once loaded, so a diff is computed
once and kept (the last :data:`CACHE_SIZE`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter, Depends, Path, Query, Request

from tracewire.api.auth import require
from tracewire.api.keys import Principal
from tracewire.api.routes.match import ERRORS
from tracewire.api.service import service_of
from tracewire.api.timeline import wire_time
from tracewire.sources.fetch import CATALOG
from tracewire.store import Store, VersionInfo
from tracewire.store.diff import diff_versions
from tracewire.store.history import resolve_version

router = APIRouter(tags=["System information"])

CACHE_SIZE = 16
_cache: OrderedDict[tuple[str, str, int, int], dict[str, Any]] = OrderedDict()
_lock = threading.Lock()


def version_detail(v: VersionInfo) -> dict[str, Any]:
    data = v.to_dict()
    data["loaded_at"] = wire_time(v.loaded_at)
    data["warnings"] = v.warnings[:20]
    return data


def _title(dataset: str) -> str:
    entry = CATALOG.get(dataset)
    return entry.title if entry is not None else dataset


def cached_diff(
    store: Store, dataset: str, old: int | str | None, new: int | str | None
) -> dict[str, Any]:
    """The full diff of two versions (by number or date), from the cache when it was asked
    for before."""
    new_v = resolve_version(store, dataset, new)
    if old is None:
        earlier = [v for v in store.versions(dataset) if v.seq < new_v.seq]
        old_v = earlier[-1] if earlier else new_v
    else:
        old_v = resolve_version(store, dataset, old)
    key = (store.url, dataset, old_v.seq, new_v.seq)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    diff = diff_versions(store, dataset, old_v.seq, new_v.seq).to_dict()
    with _lock:
        _cache[key] = diff
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return diff


@router.get(
    "/lists/{dataset}/versions",
    summary="Every loaded version of a list, newest first",
    responses=ERRORS,
)
def list_versions(
    request: Request,
    dataset: str = Path(..., max_length=200),
    _who: Principal = Depends(require("read")),
) -> dict[str, Any]:
    store = service_of(request).store
    versions = store.versions(dataset)
    return {
        "dataset": dataset,
        "title": _title(dataset),
        "versions": [version_detail(v) for v in reversed(versions)],
    }


@router.get(
    "/lists/{dataset}/diff",
    summary="What changed between two versions of a list",
    responses=ERRORS,
)
def list_diff(
    request: Request,
    dataset: str = Path(..., max_length=200),
    old: str | None = Query(
        None,
        max_length=20,
        description="Older version, by number or date YYYY-MM-DD (default: the one before `new`).",
    ),
    new: str | None = Query(
        None,
        max_length=20,
        description="Newer version, by number or date YYYY-MM-DD (default: the current one).",
    ),
    limit: int = Query(50, ge=0, le=5000, description="Entities listed per kind of change."),
    _who: Principal = Depends(require("read")),
) -> dict[str, Any]:
    store = service_of(request).store
    diff = cached_diff(store, dataset, old, new)
    out = {
        "dataset": dataset,
        "title": _title(dataset),
        "from": diff["from"],
        "to": diff["to"],
        "summary": diff["summary"],
        "limit": limit,
        "truncated": any(len(diff[kind]) > limit for kind in ("added", "removed", "changed")),
    }
    for kind in ("added", "removed", "changed"):
        out[kind] = diff[kind][:limit]
    if diff["from"]["version"] == diff["to"]["version"]:
        only = len(store.versions(dataset)) == 1
        out["note"] = (
            "only one version is stored: nothing to compare"
            if only
            else "the same version on both sides: nothing changed"
        )
    return out
