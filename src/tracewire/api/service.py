"""The running service's parts, built once per process and shared by every request.

:class:`Service` holds the config, the store, the live screening index, the API keys
and the audit log. :func:`create_app` puts one on ``app.state.service``; routes reach
it with :func:`service_of`. Its :meth:`~Service.watch` task checks the store for new
list versions every ``reload_seconds`` and swaps in a rebuilt index (see
:mod:`tracewire.api.live_index`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from fastapi import Request

from tracewire.api.audit import AuditLog
from tracewire.api.config import ServiceConfig
from tracewire.api.keys import KeyRing
from tracewire.api.live_index import LiveIndex
from tracewire.store import Store

log = logging.getLogger("tracewire.api")


@dataclass
class Service:
    config: ServiceConfig
    store: Store
    index: LiveIndex
    keys: KeyRing
    audit: AuditLog

    @classmethod
    def open(cls, config: ServiceConfig) -> Service:
        store = Store(config.database_url)
        return cls(
            config=config,
            store=store,
            index=LiveIndex(store, config.home / "index"),
            keys=KeyRing(store.engine),
            audit=AuditLog(store.engine, home=config.home),
        )

    def close(self) -> None:
        self.audit.close()  # the records still queued are written first
        self.store.close()

    async def watch(self) -> None:
        """Reload the index whenever the store has new list versions (runs until cancelled)."""
        interval = self.config.reload_seconds
        if interval <= 0:
            return
        while True:
            await asyncio.sleep(interval)
            try:
                if await asyncio.to_thread(self.index.refresh_if_stale):
                    snap = self.index.current
                    log.info(
                        "index reloaded: %s", ", ".join(f"{d} v{s}" for d, s, _ in snap.fingerprint)
                    )
            except Exception:  # noqa: BLE001 - keep serving the old index; try again later
                log.exception("index reload failed; still serving the previous lists")


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service
