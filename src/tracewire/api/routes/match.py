"""``POST /match/{dataset}``: yente's query-by-example screening, audited.

Request body, query parameters and response follow yente (see
:mod:`tracewire.api.schemas`); ``dataset`` is a loaded list's name or ``default`` for
all of them. Each query may override ``threshold``, ``limit`` and the datasets for
itself. yente's ``weights`` scale the tracewire features that carry the same evidence,
its ``config`` tunes tracewire's name comparison where it has the same setting (see
:mod:`tracewire.api.weights`; a value out of range is 422 naming ``config.<key>``); the
response's ``weights`` and ``config`` say what was applied and what ignored, and why.
Every request that reaches the screener is written to the audit log, with the results
returned or the reason it was refused; the answer names its record (``x-audit-id``),
and if the log cannot be written the answer is 503.
"""

from __future__ import annotations

from typing import Any, get_origin

import orjson
from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

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
from tracewire.api.weights import ConfigValueError, weighting
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
    503: {"model": ErrorResponse, "description": "The audit log could not be written"},
}
AUDIT_FAILED = (
    "the audit log could not be written, so the screening is not answered; retry later "
    "(the server log has the details)"
)


class MatchParams(BaseModel):
    """``/match``'s query parameters (yente's), validated in one step by
    :func:`match_params`."""

    model_config = ConfigDict(frozen=True)

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Results per query.")
    threshold: float = Field(
        DEFAULT_THRESHOLD, ge=0.0, le=1.0, description="Score at which a result is a match."
    )
    cutoff: float = Field(
        DEFAULT_CUTOFF, ge=0.0, le=1.0, description="Results at or below this are left out."
    )
    algorithm: str = Field("best", description="Any yente algorithm name; all use tracewire's.")
    include_dataset: list[str] = Field([], description="Only these datasets.")
    exclude_dataset: list[str] = Field([], description="Not these datasets.")
    exclude_schema: list[str] = Field([], description="Not these entity types.")
    exclude_entity_ids: list[str] = Field([], max_length=200, description="Not these ids.")
    topics: list[str] = Field([], description="Only entities with one of these topics.")
    changed_since: str | None = Field(
        None, pattern=TS_PATTERN, description="Only entities changed since (YYYY-MM-DD)."
    )


_LIST_PARAMS = frozenset(
    name for name, f in MatchParams.model_fields.items() if get_origin(f.annotation) is list
)
_DEFAULT_PARAMS = MatchParams.model_validate({})


def _param_docs() -> list[dict[str, Any]]:
    """The query parameters as OpenAPI describes them (as FastAPI would write them)."""
    schema = MatchParams.model_json_schema()["properties"]
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "schema": schema[name],
            "description": field.description,
        }
        for name, field in MatchParams.model_fields.items()
    ]


def match_params(request: Request) -> MatchParams:
    """The request's query parameters; an invalid one is 422 with its ``loc``, as FastAPI
    writes it. (Declared one by one, FastAPI checked them at about 0.1 ms a request, a
    twentieth of a whole ``/match``.)"""
    if not request.scope.get("query_string"):
        return _DEFAULT_PARAMS
    given = request.query_params
    data = {
        name: given.getlist(name) if name in _LIST_PARAMS else given[name]
        for name in MatchParams.model_fields
        if name in given
    }
    try:
        return MatchParams.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise RequestValidationError([{**e, "loc": ("query", *e["loc"])} for e in errors]) from None


@router.post(
    "/match/{dataset}",
    summary="Query by example matcher (yente-compatible)",
    response_model=EntityMatchResponse,
    responses=ERRORS,
    openapi_extra={"parameters": _param_docs()},
)
async def match(
    request: Request,
    body: EntityMatchQuery,
    dataset: str = Path(..., description="A loaded list, or `default` for all of them."),
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
    params = match_params(request)
    limit, threshold, algorithm = params.limit, params.threshold, params.algorithm
    include_dataset = params.include_dataset
    service = service_of(request)
    raw = await request.body()
    query_string = request.scope.get("query_string", b"").decode("latin-1")
    endpoint = request.scope["path"] + (f"?{query_string}" if query_string else "")
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
        weights = weighting(body.weights, body.config, algorithm)
        base = MatchOptions(
            threshold=threshold,
            cutoff=min(params.cutoff, threshold),
            limit=limit,
            datasets=scope - frozenset(params.exclude_dataset),
            exclude_schemata=frozenset(params.exclude_schema),
            exclude_ids=frozenset(params.exclude_entity_ids),
            topics=frozenset(params.topics),
            changed_since=parse_since(params.changed_since),
        )
        responses: dict[str, Any] = {}
        audited: dict[str, list[dict[str, Any]]] = {}
        used: set[str] = set()
        for key, example in body.queries.items():
            query, cleaned, warnings = example_query(key, example)
            options = base.for_query(example, snapshot, key)
            names, note = weights.name_params(cleaned)
            if note:
                warnings.append(f"queries.{key}: {note}")
            try:
                total, results = screen(snapshot, query, options, weights, names)
            except InputError as exc:
                raise type(exc)(f"queries.{key}: {exc}") from None
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
        try:
            await service.audit.record_async(who, endpoint, exc.status, raw, error=str(exc))
        except Exception:  # noqa: BLE001 - logged by the writer; no answer without a record
            return error_response(503, AUDIT_FAILED)
        if isinstance(exc, ConfigValueError):  # a body field: 422 as FastAPI lists them
            return JSONResponse({"detail": exc.errors()}, status_code=422)
        return error_response(exc.status, str(exc))
    lists = lists_wire(snapshot, frozenset(used))
    # the record goes to the audit writer first; the answer is encoded while it commits
    # and sent only once it has (an answered request always has its record)
    audit = service.audit
    committed = await audit.submit_async(audit.request_row(who, endpoint, 200, raw, lists, audited))
    payload: dict[str, Any] = {
        "responses": responses,
        "limit": limit,
        "matcher": FEATURE_DOCS,
        "algorithm": "tracewire",
        "lists": lists,
        "warnings": weights.warnings(),
    }
    if body.weights or body.config:
        payload.update(weights.report())
    content = orjson.dumps(payload)
    try:
        record_id = await audit.committed(committed)
    except Exception:  # noqa: BLE001 - logged by the writer; no answer without a record
        return error_response(503, AUDIT_FAILED)
    headers = {"x-batch-size": str(len(responses)), "x-audit-id": str(record_id)}
    return Response(content, media_type="application/json", headers=headers)
