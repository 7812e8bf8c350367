"""The service's side of the audit log: every screening request, who made it, what it returned.

Each ``/match`` (and ``/screen``) request that reaches the screener is written before its
response is sent (so an answered request always has its record): the key that asked, the
time, the endpoint with its query string, the request body and its sha256, the list
versions screened against, every result returned (query key, entity id, dataset, score,
match) and, for a request refused as bad input, the error. The log itself, append-only
and hash-chained, is the workflow's :class:`~tracewire.workflow.audit.AuditTrail`.

**Group commit.** One writer thread per process appends the records: a request hands
its record to the writer and waits for the commit (:meth:`AuditLog.record_async` on the
event loop, :meth:`AuditLog.record` from a thread); the writer takes every record
waiting, appends them to the chain in one transaction (one lock, one read of the last
hash), anchors the new head once (one signed line in the anchor file, not fsynced: see
:mod:`tracewire.workflow.anchor`) and then releases their requests. Under load one
commit carries many records; alone a record is written at once, nothing waits for a
batch to fill. If the commit
fails, every request in the group gets the error and none is answered as if recorded.
At most ``max_pending`` records wait at a time; more wait to be queued. Several worker
processes write one chain: when a commit had to wait for another writer's lock, the
writer pauses a millisecond before its next one, so that back-to-back commits of one
worker cannot keep another's out.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, InvalidStateError
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from tracewire.api.keys import Principal
from tracewire.workflow.anchor import Anchor
from tracewire.workflow.audit import AuditRecord, AuditTrail

__all__ = ["AuditLog", "AuditRecord"]

log = logging.getLogger("tracewire.api")

#: records written in one transaction at most
MAX_BATCH = 512
#: records waiting for the writer at most (a bound on memory under a burst)
MAX_PENDING = 8192
#: the pause after a commit that had to wait for another writer of the chain
YIELD_SECONDS = 0.001

_Item = tuple[dict[str, Any], "Future[int]"]


class AuditLog(AuditTrail):
    def __init__(
        self,
        engine: Engine,
        max_pending: int = MAX_PENDING,
        max_batch: int = MAX_BATCH,
        home: Path | None = None,
        anchor: Anchor | None = None,
    ) -> None:
        super().__init__(engine, home=home, anchor=anchor)
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._slots = threading.BoundedSemaphore(max_pending)
        self._start = threading.Lock()
        self._writer: threading.Thread | None = None
        self._closed = False
        #: transactions committed by the writer and records in them (for tests and stats)
        self.commits = 0
        self.written = 0

    # -- writing ----------------------------------------------------------------------------
    @staticmethod
    def request_row(
        who: Principal,
        endpoint: str,
        status: int,
        body: bytes,
        lists: Sequence[dict[str, Any]] = (),
        results: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> dict[str, Any]:
        return AuditTrail.row(
            actor=who.name,
            key_id=who.key_id,
            kind="request",
            endpoint=endpoint,
            status=status,
            request=body,
            lists=lists,
            results=results or {},
            error=error,
        )

    def record(
        self,
        who: Principal,
        endpoint: str,
        status: int,
        body: bytes,
        lists: Sequence[dict[str, Any]] = (),
        results: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> int:
        """Write a request's record; returns once it is committed (its id)."""
        row = self.request_row(who, endpoint, status, body, lists, results, error)
        return self.submit(row).result()

    async def record_async(
        self,
        who: Principal,
        endpoint: str,
        status: int,
        body: bytes,
        lists: Sequence[dict[str, Any]] = (),
        results: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> int:
        """:meth:`record` for the event loop: other requests run while this one waits."""
        row = self.request_row(who, endpoint, status, body, lists, results, error)
        return await self.committed(await self.submit_async(row))

    async def submit_async(self, row: dict[str, Any]) -> Future[int]:
        """:meth:`submit` without blocking the event loop when ``max_pending`` wait."""
        if not self._slots.acquire(blocking=False):
            await asyncio.to_thread(self._slots.acquire)
        return self._enqueue(row)

    @staticmethod
    async def committed(future: Future[int]) -> int:
        """Wait on the event loop for a submitted record's commit; its id.

        A request cancelled meanwhile (its client went away) still has its record
        written: the wait is shielded from the cancellation.
        """
        return await asyncio.shield(asyncio.wrap_future(future))

    def submit(self, row: dict[str, Any]) -> Future[int]:
        """Queue a record made by :meth:`row` for the writer; the future holds its id
        once committed, or the error that prevented it."""
        self._slots.acquire()
        return self._enqueue(row)

    def _enqueue(self, row: dict[str, Any]) -> Future[int]:
        future: Future[int] = Future()
        with self._start:
            if not self._closed:
                if self._writer is None:
                    self._writer = threading.Thread(
                        target=self._run, name="audit-writer", daemon=True
                    )
                    self._writer.start()
                self._queue.put((row, future))
                return future
        # after close(): written here and now, never dropped
        self._slots.release()
        try:
            future.set_result(self.append_rows([row])[0])
        except Exception as exc:  # noqa: BLE001 - handed to the caller
            future.set_exception(exc)
        return future

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            stop = False
            while len(batch) < self.max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
            self._write(batch)
            if stop:
                return
            if self.contended:
                # another process writes the chain too (another worker): leave it the
                # lock for a moment, or back-to-back commits here could starve it
                time.sleep(YIELD_SECONDS)

    def _write(self, batch: list[_Item]) -> None:
        try:
            ids = self.append_rows([row for row, _ in batch])
        except Exception as exc:  # noqa: BLE001 - every waiting request gets the error
            log.error("audit log write failed for %d record(s): %s", len(batch), exc)
            for _, future in batch:
                self._settle(future, None, exc)
            return
        self.commits += 1
        self.written += len(ids)
        for (_, future), rid in zip(batch, ids, strict=True):
            self._settle(future, rid, None)

    def _settle(self, future: Future[int], rid: int | None, exc: Exception | None) -> None:
        self._slots.release()
        try:
            if exc is not None:
                future.set_exception(exc)
            else:
                assert rid is not None
                future.set_result(rid)
        except InvalidStateError:  # cancelled by its waiter; the record is written anyway
            pass

    def close(self, timeout: float = 30.0) -> None:
        """Write what is queued, then stop the writer (later records are written inline)."""
        with self._start:
            self._closed = True
            writer, self._writer = self._writer, None
            if writer is not None:
                self._queue.put(None)  # after every queued record: nothing is queued later
        if writer is not None:
            writer.join(timeout)
