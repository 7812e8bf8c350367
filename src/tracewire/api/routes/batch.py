"""``POST /screen``: a batch file in (CSV or JSON lines), JSON lines streamed out.

The body is the file itself, with the columns of ``tracewire screen`` (``id, name, schema,
birth_date, country, nationality, gender, identifiers``); ``Content-Type`` says which
format (``text/csv``, or ``application/x-ndjson``/``application/jsonl``). The answer
streams one record per input row, in input order, exactly as ``tracewire screen``
writes them (README: Batch output), so a large file is never held in memory twice. Bad
rows get an ``error`` record and the run goes on. One audit record per request counts
the rows, alerts and errors.

The body is read from the request stream in chunks into a temporary file (never whole
into memory), checked as UTF-8 on the way, so a batch file may be far larger than the
other endpoints' 1 MiB: its own limit is ``TRACEWIRE_API_MAX_BATCH_BODY`` (default
64 MiB), 413 above it.
"""

from __future__ import annotations

import codecs
import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path as FilePath

import orjson
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from tracewire.api.auth import require
from tracewire.api.keys import Principal
from tracewire.api.live_index import DEFAULT_DATASET
from tracewire.api.matching import lists_wire
from tracewire.api.routes.match import ERRORS
from tracewire.api.service import service_of
from tracewire.errors import InputError
from tracewire.match import DEFAULT_THRESHOLD
from tracewire.screen import BatchOptions, read_rows, screen_rows

router = APIRouter(tags=["Screening"])

SUFFIXES = {
    "text/csv": ".csv",
    "application/csv": ".csv",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/json-lines": ".jsonl",
}


@router.post(
    "/screen",
    summary="Screen a batch file (CSV or JSON lines); JSON lines stream back",
    responses=ERRORS,
    response_class=StreamingResponse,
)
async def screen_batch(
    request: Request,
    threshold: float = Query(DEFAULT_THRESHOLD, ge=0.0, le=1.0),
    limit: int = Query(5, ge=1, le=50, description="Results kept per row."),
    min_score: float = Query(0.5, ge=0.0, le=1.0, description="Drop results below this."),
    dataset: list[str] = Query([], description="Only these lists (default: all)."),
    who: Principal = Depends(require("screen")),
) -> StreamingResponse:
    service = service_of(request)
    snapshot = service.index.current
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    suffix = SUFFIXES.get(content_type)
    if suffix is None:
        raise InputError(
            f"content-type: send text/csv or application/x-ndjson, not {content_type or 'none'!r}"
        )
    for name in dataset:
        if name != DEFAULT_DATASET and name not in snapshot.by_dataset:
            raise InputError(f"dataset: no dataset named {name!r} is loaded")
    scope = sorted(snapshot.scope(DEFAULT_DATASET) & frozenset(dataset)) if dataset else None
    handle, name = tempfile.mkstemp(suffix=suffix)
    try:
        raw = await _spool(request, handle)
    except BaseException:  # bad bytes, or a body over the limit (413 from BodyLimit)
        os.unlink(name)
        raise
    options = BatchOptions(threshold, limit, min_score, scope)
    endpoint = request.url.path + (f"?{request.url.query}" if request.url.query else "")

    def body_error(exc: InputError) -> str:
        """The reader's message about the body, without the server's temporary file."""
        return str(exc).replace(name, "body")

    rows = screen_rows(snapshot.screener, read_rows(FilePath(name)), options)
    try:  # a header the reader refuses is a 400, before any answer has started
        first = next(rows, None)
    except InputError as exc:
        os.unlink(name)
        raise InputError(body_error(exc)) from None

    def stream() -> Iterator[bytes]:
        counts = {"rows": 0, "alerts": 0, "errors": 0}
        try:
            for record in itertools.chain([first] if first is not None else [], rows):
                counts["rows"] += 1
                counts["alerts"] += record["alerts"]
                counts["errors"] += "error" in record
                if "error" in record:
                    record["error"] = str(record["error"]).replace(name, "body")
                yield orjson.dumps(record) + b"\n"
        except InputError as exc:  # the file cannot be read on
            counts["errors"] += 1
            yield orjson.dumps({"error": body_error(exc)}) + b"\n"
        finally:
            os.unlink(name)
            summary = {"batch": [dict(counts)]}
            lists = lists_wire(snapshot, frozenset(scope or snapshot.by_dataset))
            service.audit.record(who, endpoint, 200, raw[:4096], lists, summary)

    return StreamingResponse(stream(), media_type="application/x-ndjson")


async def _spool(request: Request, handle: int) -> bytes:
    """Write the body to the open file ``handle`` chunk by chunk, refusing bytes that are
    not UTF-8 (naming the line and byte, as for a file) and an empty body. Returns the
    body's first 4 KiB, for the audit record."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    head = b""
    offset = lines = 0  # bytes and line breaks before the chunk being decoded
    blank = True
    with os.fdopen(handle, "wb") as fh:
        async for chunk in request.stream():
            if not chunk:
                continue
            pending = decoder.getstate()[0]
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                _not_utf8(pending + chunk, exc.start, offset - len(pending), lines)
            fh.write(chunk)
            if len(head) < 4096:
                head += chunk[: 4096 - len(head)]
            blank = blank and not chunk.strip()
            offset += len(chunk)
            lines += chunk.count(b"\n")
        pending = decoder.getstate()[0]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            _not_utf8(pending, exc.start, offset - len(pending), lines - pending.count(b"\n"))
    if blank:
        raise InputError("body: the file is empty")
    return head


def _not_utf8(data: bytes, start: int, base: int, lines: int) -> None:
    """Raise the error for the bad byte at ``start`` of ``data`` (``data`` begins at
    byte ``base`` of the body, after ``lines`` line breaks)."""
    line = lines + data.count(b"\n", 0, start) + 1
    raise InputError(
        f"body, line {line}: not UTF-8 text (byte {base + start:,}); save the file as UTF-8"
    )
