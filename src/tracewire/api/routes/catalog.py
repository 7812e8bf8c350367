"""``GET /catalog`` (the loaded lists: versions, dates, counts) and ``GET /algorithms``.

The catalog has yente's shape: one entry per loaded list, ``load: true``, its version,
and whether the index being served holds that version (``index_current``); plus the
``default`` collection of all lists. ``outdated`` names lists whose newer version is in
the store but not yet in the index (the next reload picks it up).
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Depends, Request, Response

from tracewire.api.auth import require
from tracewire.api.keys import Principal
from tracewire.api.live_index import DEFAULT_DATASET
from tracewire.api.matching import FEATURE_DOCS
from tracewire.api.routes.match import ERRORS
from tracewire.api.schemas import AlgorithmResponse, DataCatalogModel
from tracewire.api.service import service_of
from tracewire.api.timeline import wire_time
from tracewire.sources.fetch import CATALOG

router = APIRouter(tags=["System information"])


def _title(dataset: str) -> str:
    entry = CATALOG.get(dataset)
    return entry.title if entry is not None else dataset


@router.get(
    "/catalog",
    summary="Loaded lists and their versions",
    response_model=DataCatalogModel,
    responses=ERRORS,
)
def catalog(request: Request, _who: Principal = Depends(require("read"))) -> Response:
    service = service_of(request)
    snapshot = service.index.current
    datasets: list[dict[str, Any]] = []
    current: list[str] = []
    outdated: list[str] = []
    for v in service.store.current_versions():
        indexed = snapshot.by_dataset.get(v.dataset)
        is_current = indexed is not None and indexed.seq == v.seq
        (current if is_current else outdated).append(v.dataset)
        datasets.append(
            {
                "name": v.dataset,
                "title": _title(v.dataset),
                "load": True,
                "version": str(v.seq),
                "index_version": str(indexed.seq) if indexed is not None else None,
                "index_current": is_current,
                "children": [],
                "entity_count": v.entity_count,
                "updated_at": wire_time(v.loaded_at),
                "versions": len(service.store.versions(v.dataset)),
                "publisher_date": v.publisher_date,
                "sha256": v.sha256,
                "source": v.source,
                "format": v.format,
                "schema_counts": v.schema_counts,
            }
        )
    datasets.append(
        {
            "name": DEFAULT_DATASET,
            "title": "All loaded lists",
            "load": True,
            "version": "-".join(f"{d}.{s}" for d, s, _sha in snapshot.fingerprint) or "empty",
            "index_current": not outdated,
            "children": [d["name"] for d in datasets],
            "entity_count": len(snapshot.screener),
            "updated_at": wire_time(snapshot.built_at),
        }
    )
    payload = {
        "datasets": datasets,
        "current": current,
        "outdated": outdated,
        "index_stale": bool(outdated),
        "index_built_at": wire_time(snapshot.built_at),
    }
    return Response(orjson.dumps(payload), media_type="application/json")


@router.get(
    "/algorithms",
    summary="The scoring algorithm",
    response_model=AlgorithmResponse,
    responses=ERRORS,
)
def algorithms(_who: Principal = Depends(require("read"))) -> dict[str, Any]:
    algorithm = {
        "name": "tracewire",
        "description": "tracewire's explained scoring: the best name pair gives the base, "
        "identifiers decide, dates, countries and gender adjust. Every yente algorithm "
        "name is accepted and answered by it.",
        "features": FEATURE_DOCS,
        "docs": FEATURE_DOCS,
    }
    return {"algorithms": [algorithm], "default": "tracewire", "best": "tracewire"}
