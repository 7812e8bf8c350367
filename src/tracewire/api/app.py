"""The FastAPI application: ``create_app(settings)`` wires config, routes and errors.

At startup (the lifespan) the screening index is built from the store, off the event
loop, and warmed with one query; a background task then watches the store for new list
versions. OpenAPI is at ``/openapi.json``; the interactive docs at ``/docs`` and ``/redoc``
load their scripts from a CDN, so they are served only with ``TRACEWIRE_API_DOCS=1``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator
from importlib.metadata import PackageNotFoundError, version

from fastapi import FastAPI

from tracewire.api import errors
from tracewire.api.config import CONFIG_ENV, ServiceConfig
from tracewire.api.headers import SecurityHeaders
from tracewire.api.limits import BodyLimit
from tracewire.api.routes import (
    admin,
    batch,
    catalog,
    entities,
    health,
    lists,
    match,
    messages,
    network,
    search,
    transactions,
    workflow,
)
from tracewire.api.service import Service
from tracewire.web import routes as web

log = logging.getLogger("tracewire.api")

DESCRIPTION = """\
Screen parties against the sanctions and export-control lists loaded in tracewire.

`POST /match/{dataset}` accepts yente's requests and answers in yente's format, so a
yente client only changes its base URL. Send the key as `Authorization: ApiKey <key>`.
"""


def _version() -> str:
    try:
        return version("tracewire")
    except PackageNotFoundError:
        return "0.0.0"


async def _rescreen_pending(service: Service) -> None:
    """The rescreens that loads left pending, off the event loop; a failure is logged and
    leaves them pending for the next start."""
    try:
        await asyncio.to_thread(service.rescreen_pending)
    except Exception:  # noqa: BLE001 - the service serves on; the rescreen stays pending
        log.exception("the pending portfolio rescreen failed; it runs again at the next start")


def create_app(settings: ServiceConfig) -> FastAPI:
    """The service for ``settings``; the index is built when the app starts."""
    settings.check()
    service = Service.open(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(service.index.load)
        watcher = asyncio.create_task(service.watch())
        rescreen = asyncio.create_task(_rescreen_pending(service))
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await rescreen
            service.close()

    app = FastAPI(
        title="tracewire",
        version=_version(),
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url="/docs" if settings.docs else None,
        redoc_url="/redoc" if settings.docs else None,
    )
    app.state.service = service
    errors.install(app)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        larger={"/screen": settings.max_batch_bytes},
    )
    app.add_middleware(SecurityHeaders)
    routers = (match, batch, transactions, messages, search, entities, network, catalog, lists,
               health, admin, workflow, web)  # fmt: skip
    for module in routers:
        app.include_router(module.router)
    return app


def app_from_env() -> FastAPI:
    """uvicorn's factory for worker processes: the config ``tracewire serve`` passed on."""
    text = os.environ.get(CONFIG_ENV)
    return create_app(ServiceConfig.from_json(text) if text else ServiceConfig.from_env())
