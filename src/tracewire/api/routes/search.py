"""``GET /search/{dataset}``: find listed parties by name (yente's search response).

With ``q``, the screener ranks the listed parties by how well one of their names meets
``q`` (typos, transliterations and word order allowed), best first; without it, the
listed parties are browsed in index order. Facets count datasets, entity types and
countries over every hit, not just the page.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from followthemoney import registry

from tracewire.api.auth import require
from tracewire.api.keys import Principal
from tracewire.api.live_index import DEFAULT_DATASET
from tracewire.api.routes.match import ERRORS
from tracewire.api.schemas import SearchResponse
from tracewire.api.service import service_of
from tracewire.api.wire import entity_wire
from tracewire.errors import InputError
from tracewire.match import Query as MatchQuery
from tracewire.match.query import QUERY_SCHEMATA
from tracewire.model import Entity, get_schema

router = APIRouter(tags=["Data access"])
#: name score a search hit needs
MIN_SCORE = 0.3
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction")


def _facets(hits: list[tuple[Entity, float | None]]) -> dict[str, Any]:
    datasets: Counter[str] = Counter()
    schemata: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for entity, _score in hits:
        datasets[entity.dataset] += 1
        schemata[entity.schema] += 1
        for code in {c for p in COUNTRY_PROPS for c in entity.get(p)}:
            countries[code] += 1

    def facet(label: str, counts: Counter[str], names: dict[str, str]) -> dict[str, Any]:
        values = [
            {"name": k, "label": names.get(k, k), "count": n} for k, n in counts.most_common(30)
        ]
        return {"label": label, "values": values}

    schema_labels = {name: get_schema(name).label for name in schemata}
    return {
        "datasets": facet("Data sources", datasets, {}),
        "schema": facet("Entity types", schemata, schema_labels),
        "countries": facet("Countries", countries, dict(registry.country.names)),
    }


@router.get(
    "/search/{dataset}",
    summary="Search listed parties by name",
    response_model=SearchResponse,
    responses=ERRORS,
)
def search(
    request: Request,
    dataset: str = Path(..., description="A loaded list, or `default` for all of them."),
    q: str = Query("", max_length=500, description="Name to look for; empty browses."),
    limit: int = Query(10, ge=1, le=500),
    offset: int = Query(0, ge=0, le=9_500),
    schema: str | None = Query(None, description="Only this entity type (e.g. Person)."),
    include_dataset: list[str] = Query([]),
    exclude_dataset: list[str] = Query([]),
    _who: Principal = Depends(require("read")),
) -> Response:
    snapshot = service_of(request).index.current
    scope = snapshot.scope(dataset)
    if include_dataset and DEFAULT_DATASET not in include_dataset:
        scope = scope & frozenset(include_dataset)
    scope = scope - frozenset(exclude_dataset)
    if schema is not None:
        try:
            get_schema(schema)
        except InputError:
            raise InputError(f"schema: unknown schema {schema!r}") from None
    hits: list[tuple[Entity, float | None]]
    if q.strip():
        try:
            query = MatchQuery(names=[q], schema=schema if schema in QUERY_SCHEMATA else None)
            results = snapshot.screener.match(
                query, limit=offset + limit + 50, min_score=MIN_SCORE, datasets=sorted(scope)
            )
        except InputError as exc:
            raise type(exc)(f"q: {exc}") from None
        hits = [(r.entity, round(r.score, 4)) for r in results]
    else:
        hits = [(rec.entity, None) for rec in snapshot.screener.index.records]
    hits = [
        (e, s) for e, s in hits if e.dataset in scope and (schema is None or e.schema == schema)
    ]
    page = []
    for entity, score in hits[offset : offset + limit]:
        data = entity_wire(entity, snapshot, target=True)
        data["score"] = score
        page.append(data)
    payload = {
        "limit": limit,
        "offset": offset,
        "total": {"value": len(hits), "relation": "eq"},
        "results": page,
        "facets": _facets(hits),
    }
    return Response(orjson.dumps(payload), media_type="application/json")
