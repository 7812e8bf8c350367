"""``GET /healthz`` (the process answers) and ``GET /readyz`` (it can screen).

Both are open (no key), for load balancers and orchestrators. ``/readyz`` answers 503
until the index is built, and while no list is loaded at all: a screening service with
nothing to screen against must not receive traffic.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from tracewire.api.schemas import StatusResponse
from tracewire.api.service import service_of

router = APIRouter(tags=["System information"])


@router.get("/healthz", summary="Liveness", response_model=StatusResponse)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: the index is built and holds at least one list",
    response_model=StatusResponse,
    responses={503: {"model": StatusResponse, "description": "Not ready"}},
)
def readyz(request: Request) -> JSONResponse:
    index = service_of(request).index
    if not index.ready:
        return JSONResponse({"status": "loading", "detail": "building the index"}, 503)
    if not index.current.versions:
        return JSONResponse(
            {"status": "empty", "detail": "no lists are loaded (tracewire lists load PATH)"}, 503
        )
    return JSONResponse({"status": "ok", "detail": None})
