"""Telling every process that shares a store that a list version was committed.

Several ``tracewire serve`` processes, on one host or many, may share one PostgreSQL
store, and a list may be loaded by any of them or by ``tracewire lists load`` anywhere.
Each service finds out in two ways:

- **NOTIFY** (PostgreSQL only): a load sends ``NOTIFY tracewire_lists`` in its own
  transaction (:func:`announce`), which PostgreSQL delivers to every listener when, and
  only when, that transaction commits. A :class:`ListListener` in each service holds one
  connection of its own that ``LISTEN``\\ s, and calls back at once.
- **a poll** (both backends, and the fallback when the listening connection is lost):
  every ``TRACEWIRE_API_RELOAD_SECONDS`` the service reads :meth:`Store.versions_stamp
  <tracewire.store.Store.versions_stamp>`, one cheap aggregate over the versions table,
  and compares the full list fingerprint only when the stamp moved.

Either way the service rebuilds its index off the request path and swaps it in whole
(:mod:`tracewire.api.live_index`); a notification only says *look now*, never what to
serve.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

#: the PostgreSQL notification channel of list loads
CHANNEL = "tracewire_lists"
#: seconds between tries to get the listening connection back after it was lost
RECONNECT_SECONDS = 5.0
#: seconds the listener waits for a notification before checking whether to stop
WAIT_SECONDS = 1.0

log = logging.getLogger("tracewire.store")


def announce(conn: Connection) -> None:
    """Notify the store's listeners that ``conn``'s transaction adds a list version
    (PostgreSQL; delivered only if it commits). Nothing on SQLite: services poll it."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"NOTIFY {CHANNEL}")


class ListListener:
    """A thread holding one PostgreSQL connection that ``LISTEN``\\ s for list loads and
    calls ``on_change`` for each (and once after every (re)connection, as a load may have
    committed while it was not listening). On another backend it does nothing."""

    def __init__(self, engine: Engine, on_change: Callable[[], None]) -> None:
        self.engine = engine
        self.on_change = on_change
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: set while the connection listens (for tests and the log)
        self.listening = threading.Event()

    @property
    def supported(self) -> bool:
        return self.engine.dialect.name == "postgresql" and self.engine.dialect.driver == "psycopg"

    def start(self) -> bool:
        """Start listening; False (and no thread) where there is nothing to listen to."""
        if not self.supported or self._thread is not None:
            return False
        self._thread = threading.Thread(target=self._run, name="list-listener", daemon=True)
        self._thread.start()
        return True

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _connect(self) -> Any:
        import psycopg

        args, params = self.engine.dialect.create_connect_args(self.engine.url)
        return psycopg.connect(*args, **params, autocommit=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with self._connect() as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    self._call()  # a load may have committed before we listened
                    while not self._stop.is_set():
                        for _note in conn.notifies(timeout=WAIT_SECONDS):
                            self._call()
            except Exception as exc:  # noqa: BLE001 - the poll covers while we reconnect
                if self._stop.is_set():
                    break
                log.warning(
                    "not listening for list loads (%s); polling until it reconnects",
                    str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                )
            finally:
                self.listening.clear()
            self._stop.wait(RECONNECT_SECONDS)

    def _call(self) -> None:
        try:
            self.on_change()
        except Exception:  # noqa: BLE001 - a callback's failure must not end the listening
            log.exception("list change callback failed")
