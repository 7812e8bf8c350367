"""``POST /admin/reload`` (admin scope): rebuild the index from the store now.

The periodic check (``TRACEWIRE_API_RELOAD_SECONDS``) does the same on its own; this is
for a deployment that loads a list and wants it served at once. The rebuild runs in a
worker thread and the new index is swapped in whole (see
:mod:`tracewire.api.live_index`): requests in flight finish on the old one.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi import APIRouter, Depends, Request

from tracewire.api.auth import require
from tracewire.api.keys import Principal
from tracewire.api.routes.match import ERRORS
from tracewire.api.schemas import ReloadResponse
from tracewire.api.service import service_of
from tracewire.api.wire import version_wire

router = APIRouter(tags=["Administration"])


@router.post(
    "/admin/reload",
    summary="Rebuild the index from the store",
    response_model=ReloadResponse,
    responses=ERRORS,
)
async def reload(request: Request, _who: Principal = Depends(require("admin"))) -> dict[str, Any]:
    started = time.perf_counter()
    old, new = await asyncio.to_thread(service_of(request).index.load)
    return {
        "reloaded": old is None or old.fingerprint != new.fingerprint,
        "lists": [version_wire(v) for v in new.versions],
        "previous": [version_wire(v) for v in old.versions] if old is not None else [],
        "seconds": round(time.perf_counter() - started, 3),
    }
