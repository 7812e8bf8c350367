"""The running service's parts, built once per process and shared by every request.

:class:`Service` holds the config, the store, the live screening index, the API keys
and the audit log. :func:`create_app` puts one on ``app.state.service``; routes reach
it with :func:`service_of`. Its :meth:`~Service.watch` task checks the store for new
list versions every ``reload_seconds``, and at once when another process announces a
load (PostgreSQL), and swaps in a rebuilt index (see :mod:`tracewire.api.live_index`).
At start it runs the portfolio rescreens that loads left pending
(:meth:`~Service.rescreen_pending`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from fastapi import Request

from tracewire.api.audit import AuditLog
from tracewire.api.config import ServiceConfig
from tracewire.api.keys import KeyRing
from tracewire.api.live_index import LiveIndex
from tracewire.store import Store
from tracewire.store.notify import ListListener
from tracewire.workflow import Actor, Monitor, ScreenRun

#: who the service's own rescreens are recorded as in the audit trail
SERVICE_ACTOR = Actor("tracewire-service", "admin")

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
            index=LiveIndex(store, config.home / "index", messages=config.messages),
            keys=KeyRing(store.engine),
            audit=AuditLog(store.engine, home=config.home),
        )

    def close(self) -> None:
        self.audit.close()  # the records still queued are written first
        self.store.close()

    def rescreen_pending(self) -> ScreenRun | None:
        """Run the portfolio rescreens that loads recorded and never ran (a load killed
        after its commit), against the loaded index."""
        snapshot = self.index.current
        monitor = Monitor(self.store)
        run = monitor.rescreen_pending(snapshot.screener, SERVICE_ACTOR, snapshot.versions)
        if run is not None:
            log.info("pending rescreen: %s", run.summary())
        return run

    async def watch(self) -> None:
        """Reload the index whenever the store has new list versions (runs until cancelled).

        Checks every ``reload_seconds``, and at once when a load on another process or
        host announces itself (PostgreSQL ``NOTIFY``, see :mod:`tracewire.store.notify`).
        ``reload_seconds`` 0 turns both off (``POST /admin/reload`` only)."""
        interval = self.config.reload_seconds
        if interval <= 0:
            return
        loop = asyncio.get_running_loop()
        wake = asyncio.Event()

        def notified() -> None:  # on the listener's thread
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(wake.set)

        listener = ListListener(self.store.engine, notified)
        listener.start()
        try:
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), interval)
                wake.clear()
                try:
                    if await asyncio.to_thread(self.index.refresh_if_stale):
                        snap = self.index.current
                        log.info(
                            "index reloaded: %s",
                            ", ".join(f"{d} v{s}" for d, s, _ in snap.fingerprint),
                        )
                except Exception:  # noqa: BLE001 - keep serving the old index; try again later
                    log.exception("index reload failed; still serving the previous lists")
        finally:
            await asyncio.to_thread(listener.stop)


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service
