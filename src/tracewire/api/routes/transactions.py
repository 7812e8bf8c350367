"""``POST /screen/transactions``: investigate a case over HTTP, as ``tracewire investigate``.

The body is a case in the case format (README: "The case file"): a JSON document
(``Content-Type: application/json``), or the CSV layout as a zip of its files
(``application/zip``: ``parties.csv``, ``transactions.csv``, ``goods.csv``...; at the
top of the archive or in one folder). The case is validated first: a bad case is
answered 422 with one entry per problem, ``loc`` naming the field (``["body",
"transactions", 2, "goods", 0, "hs_code"]``) or the CSV file and line (``["body",
"goods.csv", "line 3", "hs_code"]``), as FastAPI reports a bad request.

A valid case is investigated against the lists of the service's current index (the
index a request starts with is the one it ends with, even if a reload lands meanwhile)
with the built-in red-flag rules, and the answer is the findings document that
``tracewire investigate --json`` writes (``tracewire-findings/1``). Every request that
reaches validation is audited: the body (for a zip, the case it held, as JSON), the list
versions, and the verdicts and findings returned, or the problems of a refused case.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
import threading
import weakref
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from tracewire.api.auth import require
from tracewire.api.keys import Principal
from tracewire.api.live_index import Snapshot
from tracewire.api.matching import lists_wire
from tracewire.api.routes.match import ERRORS
from tracewire.api.schemas import ErrorResponse
from tracewire.api.service import Service, service_of
from tracewire.errors import InputError
from tracewire.match import Screener
from tracewire.network.case import Case, case_json_schema
from tracewire.network.case_csv import load_case_folder
from tracewire.network.case_load import CaseFormatError, decode_case, parse_case
from tracewire.network.investigate import DEFAULT_HOPS, investigate
from tracewire.network.lists import ListData
from tracewire.network.redflags import RuleSet
from tracewire.report.findings_json import FindingsDocument, findings_document
from tracewire.store import Store

router = APIRouter(tags=["Screening"])

JSON_TYPES = frozenset({"application/json", "text/json"})
ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed"})
#: the files of the CSV layout (tracewire.network.case_csv)
CSV_FILES = frozenset(
    {"parties.csv", "history.csv", "transactions.csv", "goods.csv", "amendments.csv",
     "company_records.csv", "owners.csv", "directors.csv"}
)  # fmt: skip
#: a zip may unpack to at most this much, whatever its compressed size
MAX_UNZIPPED = 64 * 1024 * 1024
#: the name the case goes by in the findings' sources
REQUEST_FILE = "request"


class CaseProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class CaseProblems(BaseModel):
    """One entry per problem, in FastAPI's validation-error shape."""

    detail: list[CaseProblem]


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """The case JSON Schema with its ``$defs`` written in place (OpenAPI resolves ``#/...``
    against the API description, not the schema)."""
    defs = schema.get("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.removeprefix("#/$defs/")])
            return {k: walk(v) for k, v in node.items() if k not in ("$defs", "$schema", "$id")}  # fmt: skip
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    out: dict[str, Any] = walk(schema)
    return out


@cache
def _request_body() -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "application/json": {"schema": _inline(case_json_schema())},
            "application/zip": {
                "schema": {"type": "string", "format": "binary"},
                "description": "the CSV layout's files, zipped",
            },
        },
    }


@cache
def _rules() -> RuleSet:
    return RuleSet.load()


_LISTS: weakref.WeakKeyDictionary[Screener, ListData] = weakref.WeakKeyDictionary()
_LISTS_LOCK = threading.Lock()


def list_data(store: Store, snapshot: Snapshot) -> ListData:
    """The entities of the snapshot's list versions, for the network analyses; built once
    per index and dropped with it."""
    with _LISTS_LOCK:
        data = _LISTS.get(snapshot.screener)
        if data is None:
            versions = snapshot.versions
            data = ListData.from_entities(
                (e for v in versions for e in store.version_entities(v)),
                {v.dataset: v.seq for v in versions},
                [f"{v.dataset} v{v.seq}" for v in versions],
            )
            _LISTS[snapshot.screener] = data
        return data


# -- reading the body --------------------------------------------------------------------------


def _loc(where: str) -> list[str | int]:
    """``transactions[2].goods[0].hs_code`` → ``["transactions", 2, "goods", 0, "hs_code"]``;
    ``goods.csv, line 3: hs_code`` → ``["goods.csv", "line 3", "hs_code"]``."""
    m = re.fullmatch(r"([\w.-]+\.csv), (line \d+)(?:: (.*))?", where, re.DOTALL)
    if m:
        return [m.group(1), m.group(2), *_loc(m.group(3) or "")]
    if where.startswith("line ") or where.startswith("(") or where.lower().endswith(".csv"):
        return [] if where == "(top level)" else [where]
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", where):
        parts.append(int(index) if index else name)
    return parts


def _problems(issues: list[tuple[str, str]]) -> CaseProblems:
    return CaseProblems(
        detail=[CaseProblem(loc=["body", *_loc(w)], msg=m, type="case_format") for w, m in issues]
    )


def _read_json(raw: bytes) -> Case:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFormatError(REQUEST_FILE, [("(body)", f"not UTF-8 text ({exc.reason})")]) from None  # fmt: skip
    if not text.strip():
        raise CaseFormatError(REQUEST_FILE, [("(body)", "the body is empty; send a case")])
    return parse_case(decode_case(text, REQUEST_FILE), REQUEST_FILE)


def _read_zip(raw: bytes) -> Case:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CaseFormatError(REQUEST_FILE, [("(body)", f"not a zip archive ({exc})")]) from None
    found: dict[str, zipfile.ZipInfo] = {}
    unknown = []
    for info in members:
        name = info.filename.rsplit("/", 1)[-1]
        if name.startswith(".") or info.filename.startswith("__MACOSX/"):
            continue
        if name not in CSV_FILES:
            unknown.append(info.filename)
        elif name in found:
            raise CaseFormatError(REQUEST_FILE, [(name, f"the archive holds {name} twice")])
        else:
            found[name] = info
    if unknown:
        known = ", ".join(sorted(CSV_FILES))
        raise CaseFormatError(REQUEST_FILE, [(n, f"not a file of the CSV layout (known: {known})") for n in unknown])  # fmt: skip
    if "parties.csv" not in found:
        raise CaseFormatError(REQUEST_FILE, [("parties.csv", "a case archive needs parties.csv")])
    if sum(i.file_size for i in found.values()) > MAX_UNZIPPED:
        raise CaseFormatError(REQUEST_FILE, [("(body)", f"the archive unpacks to more than {MAX_UNZIPPED:,} bytes")])  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="tracewire-case-") as tmp:
        folder = Path(tmp) / "case"
        folder.mkdir()
        for name, info in found.items():
            try:
                with archive.open(info) as src:
                    data = src.read(MAX_UNZIPPED + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:  # fmt: skip
                raise CaseFormatError(REQUEST_FILE, [(name, f"cannot be unpacked ({exc})")]) from None  # fmt: skip
            if len(data) > MAX_UNZIPPED:
                raise CaseFormatError(REQUEST_FILE, [(name, "unpacks to too much data")])
            (folder / name).write_bytes(data)
        try:
            return load_case_folder(folder)
        except CaseFormatError as exc:
            inside = Path(exc.path).name if exc.path != str(folder) else None
            issues = [
                (w if inside is None or w.startswith(inside) else f"{inside}, {w}", m)
                for w, m in exc.issues
            ]
            raise CaseFormatError(REQUEST_FILE, issues) from None
        except InputError as exc:  # unreadable CSV: the message names the temporary path
            text = str(exc).replace(str(folder) + "/", "")
            where, _, msg = text.partition(": ")
            raise CaseFormatError(REQUEST_FILE, [(where, msg or text)]) from None


def _audit_body(raw: bytes) -> bytes:
    return raw.replace(b"\x00", b"\\u0000")


def _summary(doc: FindingsDocument) -> dict[str, list[dict[str, Any]]]:
    return {
        "parties": [{"id": v.subject.id, "verdict": v.verdict} for v in doc.verdicts.parties],
        "transactions": [
            {"id": v.subject.id, "verdict": v.verdict} for v in doc.verdicts.transactions
        ],  # fmt: skip
        "findings": [
            {"id": f.id, "rule": f.rule, "severity": f.severity, "subject": f.subject.id}
            for f in doc.findings
        ],  # fmt: skip
    }


def _run(
    service: Service, snapshot: Snapshot, who: Principal, endpoint: str, raw: bytes, kind: str, hops: int
) -> Response:  # fmt: skip
    lists = lists_wire(snapshot, frozenset(snapshot.by_dataset))
    if kind == "zip":
        audited = json.dumps({"upload": "zip", "bytes": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}).encode()  # fmt: skip
    else:
        audited = _audit_body(raw)
    try:
        case = _read_zip(raw) if kind == "zip" else _read_json(raw)
    except CaseFormatError as exc:
        problems = _problems(exc.issues)
        service.audit.record(who, endpoint, 422, audited, lists, None, str(exc)[:4000])
        return JSONResponse(problems.model_dump(), status_code=422)
    if kind == "zip":
        audited = case.model_dump_json(exclude_none=True).encode("utf-8")
    data = list_data(service.store, snapshot)
    try:
        inv = investigate(case, data, snapshot.screener, _rules(), hops, None, [REQUEST_FILE])
    except CaseFormatError as exc:  # e.g. a name with nothing left to screen
        service.audit.record(who, endpoint, 422, audited, lists, None, str(exc)[:4000])
        return JSONResponse(_problems(exc.issues).model_dump(), status_code=422)
    doc = findings_document(inv)
    body = doc.model_dump_json(exclude_none=True)
    service.audit.record(who, endpoint, 200, audited, lists, _summary(doc))
    return Response(body, media_type="application/json")


@router.post(
    "/screen/transactions",
    summary="Investigate a case (JSON, or the CSV layout zipped); the findings come back",
    responses={
        **ERRORS,
        200: {
            "model": FindingsDocument,
            "description": "The findings document (tracewire-findings/1)",
        },  # fmt: skip
        415: {"model": ErrorResponse, "description": "Not JSON or a zip archive"},
        422: {
            "model": CaseProblems,
            "description": "The case is not valid: every problem, located",
        },  # fmt: skip
    },
    openapi_extra={"requestBody": _request_body()},
)
async def screen_transactions(
    request: Request,
    hops: int = Query(DEFAULT_HOPS, ge=1, le=5, description="Hop limit of network paths."),
    who: Principal = Depends(require("screen")),
) -> Response:
    """Screen every party of a case, trace ownership and networks, check goods and the
    red-flag rules, and give each party and transaction a verdict with its evidence
    (the same findings document as `tracewire investigate --json`)."""
    service = service_of(request)
    snapshot = service.index.current
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    kind = "json" if content_type in JSON_TYPES else "zip" if content_type in ZIP_TYPES else None
    if kind is None:
        return JSONResponse(
            {"detail": f"content-type: send application/json (a case) or application/zip "
                       f"(the CSV layout), not {content_type or 'none'!r}"},
            status_code=415,
        )  # fmt: skip
    raw = await request.body()
    endpoint = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return await run_in_threadpool(_run, service, snapshot, who, endpoint, raw, kind, hops)
