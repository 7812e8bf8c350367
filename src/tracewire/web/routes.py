"""``GET /`` (to the page), ``GET /ui/`` (the page) and ``GET /ui/{asset}`` (its files).

The files are read from the package (``tracewire/web/static``), so an installed wheel
serves the page with no build step. They need no key: the page asks the API for data
with the key the user gives it. They are sent gzipped to a browser that accepts it
(about 22 kB in all), with an ``ETag`` so a reload costs a 304. Every answer forbids
loading anything from another origin (``Content-Security-Policy``), so the page works
offline and cannot leak a query to a third party.
"""

from __future__ import annotations

import gzip
import hashlib
from functools import cache
from importlib.resources import files

from fastapi import APIRouter, Header, Path
from fastapi.responses import RedirectResponse, Response

from tracewire.errors import TracewireError

router = APIRouter(include_in_schema=False)

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # small files: revalidate each load (ETag), so an upgrade is seen at once
    "Cache-Control": "no-cache",
}


class NoSuchAsset(TracewireError):
    status = 404


@cache
def asset(name: str) -> tuple[bytes, bytes, str, str]:
    """(content, gzipped content, media type, etag) of a file of the page."""
    suffix = name[name.rfind(".") :] if "." in name else ""
    media = MEDIA_TYPES.get(suffix)
    resource = files("tracewire.web").joinpath("static", name)
    if media is None or "/" in name or name.startswith(".") or not resource.is_file():
        raise NoSuchAsset(f"no file {name!r} in the web page")
    body = resource.read_bytes()
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    return body, gzip.compress(body, mtime=0), media, etag


def _answer(name: str, if_none_match: str | None, accept_encoding: str | None) -> Response:
    body, zipped, media, etag = asset(name)
    headers = {**HEADERS, "ETag": etag, "Vary": "Accept-Encoding"}
    if if_none_match == etag:
        return Response(status_code=304, headers=headers)
    if "gzip" in (accept_encoding or "").lower():
        return Response(zipped, media_type=media, headers={**headers, "Content-Encoding": "gzip"})
    return Response(body, media_type=media, headers=headers)


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui")
def ui_no_slash() -> RedirectResponse:
    return RedirectResponse("/ui/", status_code=307)


@router.get("/ui/")
def page(
    if_none_match: str | None = Header(None), accept_encoding: str | None = Header(None)
) -> Response:
    return _answer("index.html", if_none_match, accept_encoding)


@router.get("/ui/{name}")
def ui_asset(
    name: str = Path(..., max_length=64),
    if_none_match: str | None = Header(None),
    accept_encoding: str | None = Header(None),
) -> Response:
    return _answer(name, if_none_match, accept_encoding)
