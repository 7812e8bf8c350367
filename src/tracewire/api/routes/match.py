"""``POST /match/{dataset}``: yente's query-by-example screening, audited.

Request body, query parameters and response follow yente (see
:mod:`tracewire.api.schemas`); ``dataset`` is a loaded list's name or ``default`` for
all of them. Each query may override ``threshold``, ``limit`` and the datasets for
itself. Every request that reaches the screener is written to the audit log, with the
results returned or the reason it was refused.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Depends, Path, Query, Request, Response

from tracewire.api.auth import require
from tracewire.api.errors import error_response
from tracewire.api.keys import Principal
from tracewire.api.live_index import DEFAULT_DATASET
from tracewire.api.matching import (
    ALGORITHMS,
    DEFAULT_CUTOFF,
    DEFAULT_LIMIT,
    FEATURE_DOCS,
    MatchOptions,
    example_query,
    lists_wire,
    parse_since,
    result_wire,
    screen,
)
from tracewire.api.schemas import MAX_LIMIT, EntityMatchQuery, EntityMatchResponse, ErrorResponse
from tracewire.api.service import service_of
from tracewire.errors import InputError, TracewireError
from tracewire.match import DEFAULT_THRESHOLD

router = APIRouter(tags=["Matching"])

#: yente's pattern for ``changed_since``
TS_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$"
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Invalid query (names the field)"},
    401: {"model": ErrorResponse, "description": "No API key, or an unknown or revoked one"},
    403: {"model": ErrorResponse, "description": "The key's scope does not allow this"},
    404: {"model": ErrorResponse, "description": "No such dataset"},
    413: {"model": ErrorResponse, "description": "Request body too large"},
}


@router.post(
    "/match/{dataset}",
    summary="Query by example matcher (yente-compatible)",
    response_model=EntityMatchResponse,
    responses=ERRORS,
)
async def match(
    request: Request,
    body: EntityMatchQuery,
    dataset: str = Path(..., description="A loaded list, or `default` for all of them."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Results per query."),
    threshold: float = Query(
        DEFAULT_THRESHOLD, ge=0.0, le=1.0, description="Score at which a result is a match."
    ),
    cutoff: float = Query(
        DEFAULT_CUTOFF, ge=0.0, le=1.0, description="Results at or below this are left out."
    ),
    algorithm: str = Query("best", description="Any yente algorithm name; all use tracewire's."),
    include_dataset: list[str] = Query([], description="Only these datasets."),
    exclude_dataset: list[str] = Query([], description="Not these datasets."),
    exclude_schema: list[str] = Query([], description="Not these entity types."),
    exclude_entity_ids: list[str] = Query([], max_length=200, description="Not these ids."),
    topics: list[str] = Query([], description="Only entities with one of these topics."),
    changed_since: str | None = Query(
        None, pattern=TS_PATTERN, description="Only entities changed since (YYYY-MM-DD)."
    ),
    who: Principal = Depends(require("screen")),
) -> Response:
    """Screen a batch of parties, each described as a FollowTheMoney entity.

    ```json
    {"queries": {"q1": {"schema": "Person", "properties": {"name": ["John Doe"],
     "birthDate": ["1975-04-21"], "nationality": ["us"]}, "threshold": 0.9}}}
    ```
    The answer has one entry under `responses` per query key, with its results best
    first, each with `score`, `match` and `explanations` (why each feature scored).
    """
    service = service_of(request)
    raw = await request.body()
    endpoint = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    snapshot = service.index.current
    try:
        scope = snapshot.scope(dataset)
        if len(body.queries) > service.config.max_queries:
            raise InputError(
                f"queries: {len(body.queries)} queries in one request; the limit is "
                f"{service.config.max_queries}"
            )
        if not body.queries:
            raise InputError("queries: no queries provided")
        if algorithm not in ALGORITHMS:
            raise InputError(
                f"algorithm: unknown algorithm {algorithm!r} (use one of {', '.join(sorted(ALGORITHMS))})"
            )
        for name in include_dataset:
            if name != DEFAULT_DATASET and name not in snapshot.by_dataset:
                raise InputError(f"include_dataset: no dataset named {name!r} is loaded")
        if include_dataset and DEFAULT_DATASET not in include_dataset:
            scope = scope & frozenset(include_dataset)
        base = MatchOptions(
            threshold=threshold,
            cutoff=min(cutoff, threshold),
            limit=limit,
            datasets=scope - frozenset(exclude_dataset),
            exclude_schemata=frozenset(exclude_schema),
            exclude_ids=frozenset(exclude_entity_ids),
            topics=frozenset(topics),
            changed_since=parse_since(changed_since),
        )
        responses: dict[str, Any] = {}
        audited: dict[str, list[dict[str, Any]]] = {}
        used: set[str] = set()
        for key, example in body.queries.items():
            query, cleaned, warnings = example_query(key, example)
            options = base.for_query(example, snapshot, key)
            try:
                total, results = screen(snapshot, query, options)
            except InputError as exc:
                raise InputError(f"queries.{key}: {exc}") from None
            used |= options.datasets
            responses[key] = {
                "status": 200,
                "results": [result_wire(r, snapshot) for r in results],
                "total": {"value": total, "relation": "eq"},
                "query": {"id": example.id, "schema": example.schema_, "properties": cleaned},
                "options": options.to_wire(),
                "warnings": warnings,
            }
            audited[key] = [
                {
                    "id": r.entity.id,
                    "dataset": r.entity.dataset,
                    "score": round(r.score, 4),
                    "match": r.match,
                }
                for r in results
            ]
    except TracewireError as exc:
        service.audit.record(who, endpoint, exc.status, raw, error=str(exc))
        return error_response(exc.status, str(exc))
    lists = lists_wire(snapshot, frozenset(used))
    service.audit.record(who, endpoint, 200, raw, lists, audited)
    ignored = [name for name in ("weights", "config") if getattr(body, name)]
    payload = {
        "responses": responses,
        "limit": limit,
        "matcher": FEATURE_DOCS,
        "algorithm": "tracewire",
        "lists": lists,
        "warnings": [
            f"{name} ignored: tracewire's scoring has no per-feature weights" for name in ignored
        ],
    }
    return Response(
        orjson.dumps(payload),
        media_type="application/json",
        headers={"x-batch-size": str(len(responses))},
    )
