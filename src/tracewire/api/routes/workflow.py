"""The analyst workflow over HTTP: portfolio, alerts and decisions, audit trail, users.

Each request acts as the key's user (``tracewire keys create NAME --user USER``) with that
user's role, or, for a key without a user, as the key with its scope's role (read →
viewer, screen → analyst, admin → admin). Roles decide what a decision may be (see
:mod:`tracewire.workflow.roles`): a 403 names the role needed.

- ``GET /me``: who the key acts as.
- ``GET /portfolio``, ``POST /portfolio`` (JSON parties), ``POST /portfolio/import`` (a CSV
  or JSON lines file, as for ``/screen``), ``DELETE /portfolio/{id}``,
  ``POST /portfolio/screen`` (a full screening of the portfolio).
- ``GET /alerts``, ``GET /alerts/{id}`` (party beside list entry, explanation, changes,
  history), ``POST /alerts/{id}/decision``.
- ``GET /audit``, ``GET /audit/export?format=csv|jsonl``, ``GET /audit/verify``.
- ``GET /users``, ``POST /users`` (admin).
"""

from __future__ import annotations

import asyncio
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path as FilePath
from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field, field_validator

from tracewire.api.auth import require
from tracewire.api.keys import Principal
from tracewire.api.routes.batch import SUFFIXES
from tracewire.api.routes.entities import entity_detail
from tracewire.api.routes.match import ERRORS
from tracewire.api.service import service_of
from tracewire.bounds import MAX_OFFSET, check_text, check_utf8
from tracewire.errors import InputError, UnknownEntityError
from tracewire.model import Entity
from tracewire.screen import read_rows
from tracewire.workflow import Monitor
from tracewire.workflow.alerts import comparison
from tracewire.workflow.monitor import list_versions
from tracewire.workflow.roles import ROLES, STATUSES

router = APIRouter(tags=["Workflow"])

Status = Literal["open", "escalated", "false_positive", "true_match"]


class PartyIn(BaseModel):
    id: str = Field(min_length=1, max_length=255)
    name: str = Field(min_length=1)
    schema_: str | None = Field(None, alias="schema")
    birth_date: str | None = None
    country: str | None = None
    nationality: str | None = None
    gender: str | None = None
    identifiers: str | None = None

    _text = field_validator("*")(
        lambda value: check_text(value) if isinstance(value, str) else value
    )


class PortfolioIn(BaseModel):
    parties: list[PartyIn] = Field(min_length=1, max_length=10_000)
    screen: bool = Field(True, description="Screen the new and changed parties at once.")


class DecisionIn(BaseModel):
    status: Status
    reason: str = Field(min_length=1, max_length=4000)

    _text = field_validator("reason")(check_text)


class UserIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    role: Literal["viewer", "analyst", "reviewer", "admin"]

    _text = field_validator("name")(check_text)


def _monitor(request: Request) -> Monitor:
    service = service_of(request)
    monitor: Monitor | None = getattr(request.app.state, "monitor", None)
    if monitor is None:
        monitor = Monitor(service.store, home=service.config.home)
        request.app.state.monitor = monitor
    return monitor


@router.get("/me", summary="Who the key acts as, with the role", responses=ERRORS)
async def me(who: Principal = Depends(require("read"))) -> dict[str, Any]:
    actor = who.actor()
    return {"name": actor.name, "role": actor.role, "scope": who.scope, "key": who.name}


# -- portfolio --------------------------------------------------------------------------
@router.get("/portfolio", summary="The monitored parties", responses=ERRORS)
async def portfolio(
    request: Request,
    q: str | None = Query(None, max_length=200, description="Name or id contains."),
    limit: int = Query(50, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    _who: Principal = Depends(require("read")),
) -> dict[str, Any]:
    monitor = _monitor(request)
    parties = list(monitor.portfolio.parties(q=q, limit=limit, offset=offset))
    return {"total": monitor.portfolio.count(q), "parties": [p.to_dict() for p in parties]}


def _import(request: Request, who: Principal, rows: Any, source: str, screen: bool) -> Any:
    monitor = _monitor(request)
    actor = who.actor()
    report = monitor.import_rows(rows, actor, source)
    run = None
    if screen and report.changed_count:
        screener = service_of(request).index.current.screener
        run = monitor.screen(screener, actor, changed_at=report.stamp)
    return {"import": report.to_dict(), "screening": run.to_dict() if run else None}


@router.post("/portfolio", summary="Add or update parties (JSON)", responses=ERRORS)
async def portfolio_add(
    request: Request, body: PortfolioIn, who: Principal = Depends(require("screen"))
) -> dict[str, Any]:
    rows = [
        (n, p.model_dump(by_alias=True, exclude_none=True))
        for n, p in enumerate(body.parties, start=1)
    ]
    return await asyncio.to_thread(_import, request, who, rows, "api", body.screen)


@router.post(
    "/portfolio/import",
    summary="Add or update parties from a CSV or JSON lines file",
    responses=ERRORS,
)
async def portfolio_import(
    request: Request,
    screen: bool = Query(True, description="Screen the new and changed parties at once."),
    who: Principal = Depends(require("screen")),
) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    suffix = SUFFIXES.get(content_type)
    if suffix is None:
        raise InputError(
            f"content-type: send text/csv or application/x-ndjson, not {content_type or 'none'!r}"
        )
    raw = await request.body()
    if not raw.strip():
        raise InputError("body: the file is empty")
    check_utf8(raw, "body")
    handle, name = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(handle, "wb") as fh:
            fh.write(raw)
        rows = list(read_rows(FilePath(name)))
    except InputError as exc:  # named as the body, not the server's temporary file
        raise InputError(str(exc).replace(name, "body")) from None
    finally:
        os.unlink(name)
    return await asyncio.to_thread(_import, request, who, rows, "api upload", screen)


@router.delete("/portfolio/{party_id}", summary="Stop monitoring a party", responses=ERRORS)
async def portfolio_remove(
    request: Request,
    party_id: str = Path(..., max_length=255),
    who: Principal = Depends(require("screen")),
) -> dict[str, Any]:
    _monitor(request).remove_party(who.actor(), party_id, who.key_id)
    return {"removed": party_id}


@router.post("/portfolio/screen", summary="Screen the whole portfolio now", responses=ERRORS)
async def portfolio_screen(
    request: Request, who: Principal = Depends(require("screen"))
) -> dict[str, Any]:
    monitor = _monitor(request)
    snapshot = service_of(request).index.current
    run = await asyncio.to_thread(
        monitor.screen, snapshot.screener, who.actor(), versions=snapshot.versions
    )
    return run.to_dict()


# -- alerts -----------------------------------------------------------------------------
@router.get("/alerts", summary="Alerts, most recently changed first", responses=ERRORS)
async def alert_list(
    request: Request,
    status: Status | None = Query(None),
    dataset: str | None = Query(None, max_length=200),
    q: str | None = Query(None, max_length=200, description="Party or entry name contains."),
    party_id: str | None = Query(None, max_length=255),
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    _who: Principal = Depends(require("read")),
) -> dict[str, Any]:
    book = _monitor(request).alerts
    found = book.list(status, dataset, q, party_id, limit, offset)
    return {
        "total": book.count(status, dataset, q, party_id),
        "counts": book.counts_by_status(),
        "alerts": [a.summary() for a in found],
    }


def _detail(request: Request, alert_id: int) -> dict[str, Any]:
    service = service_of(request)
    monitor = _monitor(request)
    alert = monitor.alerts.get(alert_id)
    entity_json: dict[str, Any] | None = None
    entity: Entity | None = None
    try:
        found = service.store.get_entity(alert.entity_id)
        entity = found[0][0]
        for other, _v in found[1:]:
            entity.merge(other)
        entity_json = entity_detail(service.store, service.index.current, alert.entity_id, False)
    except UnknownEntityError:
        pass
    party: dict[str, Any] = {"id": alert.party_id, **alert.party_fields}
    return alert.summary() | {
        "party": party,
        "entity": entity_json,
        "result": {
            "score": alert.result.get("score"),
            "match": alert.result.get("match"),
            "sanctions": alert.result.get("sanctions", []),
            "effects": alert.result.get("effects", []),
            "explanations": alert.result.get("explanations", {}),
        },
        "comparison": comparison(alert, entity),
        "changes": alert.changes,
        "lists": alert.lists,
        "history": [e.to_dict() for e in monitor.alerts.history(alert_id)],
    }


@router.get("/alerts/{alert_id}", summary="One alert with its evidence and history",
            responses=ERRORS)  # fmt: skip
async def alert_detail(
    request: Request,
    alert_id: int = Path(..., ge=1, le=2**31 - 1),
    _who: Principal = Depends(require("read")),
) -> dict[str, Any]:
    return await asyncio.to_thread(_detail, request, alert_id)


@router.post("/alerts/{alert_id}/decision", summary="Decide an alert", responses=ERRORS)
async def alert_decide(
    request: Request,
    body: DecisionIn,
    alert_id: int = Path(..., ge=1, le=2**31 - 1),
    who: Principal = Depends(require("screen")),
) -> dict[str, Any]:
    monitor = _monitor(request)
    lists = list_versions(service_of(request).store)
    await asyncio.to_thread(
        monitor.alerts.decide, alert_id, body.status, body.reason, who.actor(), lists
    )
    return await asyncio.to_thread(_detail, request, alert_id)


# -- audit ------------------------------------------------------------------------------
@router.get("/audit", summary="Audit records, newest first", responses=ERRORS)
async def audit_list(
    request: Request,
    before_id: int = Query(0, ge=0, le=2**62, description="Only records older than this id."),
    limit: int = Query(100, ge=1, le=1000),
    kind: str | None = Query(None, max_length=20),
    subject: str | None = Query(None, max_length=300),
    _who: Principal = Depends(require("read")),
) -> dict[str, Any]:
    trail = _monitor(request).audit
    records = trail.records(limit, before_id, kind, subject, newest_first=True)
    return {
        "total": trail.count(kind, subject),
        "records": [
            {
                "id": r.id,
                "at": r.at.isoformat(),
                "actor": r.actor,
                "kind": r.kind,
                "action": r.endpoint,
                "subject": r.subject,
                "summary": r.summary(),
                "status": r.status,
                "hash": r.hash,
            }  # fmt: skip
            for r in records
        ],
    }


@router.get("/audit/verify", summary="Recompute the audit trail's hash chain", responses=ERRORS)
async def audit_verify(
    request: Request, _who: Principal = Depends(require("read"))
) -> dict[str, Any]:
    result = await asyncio.to_thread(_monitor(request).audit.verify)
    return result.to_dict()


@router.get(
    "/audit/export",
    summary="Every audit record (CSV or JSON lines)",
    response_class=StreamingResponse,
    responses=ERRORS,
)
async def audit_export(
    request: Request,
    format: Literal["csv", "jsonl"] = Query("jsonl"),
    who: Principal = Depends(require("read")),
) -> StreamingResponse:
    who.actor().require("reviewer", "export the audit trail")
    trail = _monitor(request).audit

    def chunks() -> Iterator[bytes]:
        buffer = io.StringIO()
        trail.export(buffer, format)
        yield buffer.getvalue().encode("utf-8")

    media = "text/csv" if format == "csv" else "application/x-ndjson"
    headers = {"Content-Disposition": f'attachment; filename="tracewire-audit.{format}"'}
    return StreamingResponse(chunks(), media_type=media, headers=headers)


# -- users ------------------------------------------------------------------------------
@router.get("/users", summary="Users and roles", responses=ERRORS)
async def user_list(request: Request, who: Principal = Depends(require("admin"))) -> Any:
    return {"roles": list(ROLES), "statuses": list(STATUSES),
            "users": [u.to_dict() for u in _monitor(request).users.all()]}  # fmt: skip


@router.post("/users", summary="Add a user", responses=ERRORS)
async def user_add(
    request: Request, body: UserIn, who: Principal = Depends(require("admin"))
) -> dict[str, Any]:
    user = _monitor(request).add_user(who.actor(), body.name, body.role, who.key_id)
    return user.to_dict()
