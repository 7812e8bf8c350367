"""``POST /screen/message`` (a payment message) and ``POST /scan`` (a document).

``/screen/message`` takes the message as the body: ISO 20022 XML or SWIFT MT text (any
content type; the format is told from the bytes). The answer is the verdict as
``tracewire screen-message --json`` writes one: ``verdict`` pass/hold/block, ``hits``
with ``role``, ``path``, ``score`` and ``explanation``, and the ``message`` as read. A
message that cannot be read is still answered 200, with the verdict ``hold`` and the
parse error naming the line or XPath: a filter never passes what it cannot read.

``/scan`` takes a document as the body: ``text/plain``, ``text/html``,
``application/pdf`` or DOCX (``application/vnd.openxmlformats-officedocument.
wordprocessingml.document``); ``?filename=`` may name it. The answer lists the listed
parties it names, in two shapes: ``spans``, one object per span of text with every listed
entry it names (``{"start", "end", "page", "text", "entries": [{"party", "score",
"completeness", "rarity_zipf", "explanation"}]}``, best first; as ``tracewire scan
--json`` and the views show them), and ``mentions``, one per listed entry with its span's
offsets, page and text (the answer before ``spans`` was added, kept unchanged for the
clients that read it). With ``?text=true`` also the ``text`` read, which the offsets
index. A document that cannot be read is 400.

Both are limited in size (413 above it) and audited like ``/match``: the request (for a
document, its size and digest), the list versions and the verdict or mentions; an
answer is sent only once its record is written (503 if it cannot be).
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from tracewire.api.auth import require
from tracewire.api.errors import error_response
from tracewire.api.keys import Principal
from tracewire.api.live_index import Snapshot
from tracewire.api.matching import lists_wire
from tracewire.api.routes.match import AUDIT_FAILED, ERRORS
from tracewire.api.service import service_of
from tracewire.errors import InputError
from tracewire.screen.documents import read_document
from tracewire.screen.mentions import spans_to_dicts

router = APIRouter(tags=["Screening"])

MAX_MESSAGE_BYTES = 1024 * 1024
MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {
    "text/plain": "document.txt",
    "text/html": "document.html",
    "application/xhtml+xml": "document.html",
    "application/pdf": "document.pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "document.docx",
}


#: the answer (404) when the service was started with ``TRACEWIRE_API_MESSAGES=0``
MESSAGES_OFF = (
    "this service screens no payment messages or documents (TRACEWIRE_API_MESSAGES=0); "
    "start it with TRACEWIRE_API_MESSAGES=1"
)


async def _answer(
    request: Request, who: Principal, audited: bytes, status: int, payload: dict[str, Any],
    summary: dict[str, Any] | None, snapshot: Snapshot, error: str | None = None,
) -> Response:  # fmt: skip
    service = service_of(request)
    endpoint = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    lists = lists_wire(snapshot, frozenset(snapshot.by_dataset))
    audit = service.audit
    try:
        committed = await audit.submit_async(
            audit.request_row(who, endpoint, status, audited, lists, summary, error)
        )
        record_id = await audit.committed(committed)
    except Exception:  # noqa: BLE001 - logged by the writer; no answer without a record
        return error_response(503, AUDIT_FAILED)
    if status != 200:
        return error_response(status, error or "")
    body = orjson.dumps(payload | {"lists": lists})
    return Response(body, media_type="application/json", headers={"x-audit-id": str(record_id)})


@router.post(
    "/screen/message",
    summary="Screen a payment message (ISO 20022 XML or SWIFT MT): pass, hold or block",
    responses=ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/xml": {"schema": {"type": "string"}},
                "text/plain": {"schema": {"type": "string"}},
            },
        }
    },
)
async def screen_message(request: Request, who: Principal = Depends(require("screen"))) -> Response:
    """Screen every party (name, BIC, countries) and the free text of one message."""
    snapshot = service_of(request).index.current
    raw = await request.body()
    if len(raw) > MAX_MESSAGE_BYTES:
        msg = f"body: {len(raw)} bytes; a message is at most {MAX_MESSAGE_BYTES}"
        return await _answer(request, who, b"", 413, {}, None, snapshot, msg)
    ms = snapshot.messages  # built with the snapshot, off the request path
    if ms is None:
        return await _answer(request, who, b"", 404, {}, None, snapshot, MESSAGES_OFF)
    verdict = await run_in_threadpool(ms.screen_bytes, raw, "request")
    summary = {
        "verdict": verdict.verdict,
        "hits": [
            {"kind": h.kind, "action": h.action, "role": h.role, "path": h.path,
             "score": round(h.score, 4), "party": (h.party or {}).get("id")}
            for h in verdict.hits
        ],
    }  # fmt: skip
    return await _answer(request, who, raw, 200, verdict.to_dict(), summary, snapshot)


@router.post(
    "/scan",
    summary="Find the listed parties a document names (text, HTML, PDF, DOCX)",
    responses=ERRORS,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in SCAN_TYPES},
        }
    },
)
async def scan(
    request: Request,
    filename: str | None = Query(None, max_length=255, description="The document's name."),
    text: bool = Query(False, description="Also answer the text read (the offsets index it)."),
    who: Principal = Depends(require("screen")),
) -> Response:
    """Every mention of a listed party, with its character offsets and page: ``spans``
    (one per span of text, its listed entries inside) and ``mentions`` (one per entry)."""
    snapshot = service_of(request).index.current
    raw = await request.body()
    digest = {"bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest(), "filename": filename}
    audited = orjson.dumps(digest)
    if len(raw) > MAX_SCAN_BYTES:
        msg = f"body: {len(raw)} bytes; a document is at most {MAX_SCAN_BYTES}"
        return await _answer(request, who, audited, 413, {}, None, snapshot, msg)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    name = filename or SCAN_TYPES.get(content_type, "document")
    ms = snapshot.messages
    if ms is None:
        return await _answer(request, who, audited, 404, {}, None, snapshot, MESSAGES_OFF)

    def work() -> dict[str, Any]:
        doc = read_document(name, raw)
        mentions = ms.mentions.find(doc.text, doc.pages)
        out = {"file": name, "kind": doc.kind, "characters": len(doc.text),
               "spans": spans_to_dicts(mentions),
               "mentions": [m.to_dict() for m in mentions]}  # fmt: skip
        if text:  # the web page shows the mentions in place, for a PDF or DOCX too
            out["text"] = doc.text
        return out

    try:
        payload = await run_in_threadpool(work)
    except InputError as exc:
        return await _answer(request, who, audited, 400, {}, None, snapshot, str(exc))
    summary = {"mentions": [{"party": m["party"]["id"], "start": m["start"], "score": m["score"]}
                            for m in payload["mentions"]]}  # fmt: skip
    return await _answer(request, who, audited, 200, payload, summary, snapshot)
