"""HTTP errors: tracewire's errors become JSON ``{"detail": ...}`` with their status.

Every :class:`~tracewire.errors.TracewireError` carries the HTTP status it stands for
(bad input 400, unknown dataset or entity 404, ...); the handlers here answer with it
and a message naming what was wrong. Request validation errors stay 422 with FastAPI's
list of ``{loc, msg, type}`` (``loc`` names the field), the format yente's clients read.
An unexpected exception is a 500 that names no internals; it is logged.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from tracewire.errors import TracewireError

log = logging.getLogger("tracewire.api")


class Unauthorized(TracewireError):
    """No API key, or one that is unknown or revoked."""

    status = 401


class Forbidden(TracewireError):
    """The key's scope does not allow this endpoint."""

    status = 403


class BodyTooLarge(TracewireError):
    status = 413


class NotReady(TracewireError):
    status = 503


def error_response(status: int, detail: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "ApiKey"} if status == 401 else None
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


async def _tracewire_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TracewireError)
    if exc.status >= 500:
        log.error("request failed: %s", exc)
    return error_response(exc.status, str(exc))


class SafeJSONResponse(JSONResponse):
    """JSON that renders even when it echoes text that is no valid Unicode (a lone
    surrogate sent as ``"\\ud800"``): such characters go out escaped."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode()


async def _invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return SafeJSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return error_response(500, "internal error; the server log has the details")


def install(app: FastAPI) -> None:
    app.add_exception_handler(TracewireError, _tracewire_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _unexpected)
