"""Batch screening on every core of one machine, sharing one built index.

The parent process builds the :class:`~tracewire.match.Screener` once, then forks the
worker processes (``multiprocessing``'s ``fork`` start method): each worker inherits the
index copy-on-write, none builds or loads it again. The parent reads the input rows (so
that unreadable rows stay error records in their place), sends them to the workers in
chunks, and takes the output records back in input order, so that everything after
screening (the outputs, the counts, the audit record, the progress bar) is what it is
with one process. At most a few chunks per worker are in flight at a time: memory stays
flat for any input size.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, runtime_checkable

from tracewire.errors import InputError, TracewireError
from tracewire.match import Screener
from tracewire.screen.batch import BatchOptions, RowCache, Screened, _row_id, screen_rows

Rows = Iterator[tuple[int, dict[str, Any]]]
Chunk = list[tuple[int, dict[str, Any]]]


class RowScreener(Protocol):
    """Screens rows elsewhere (worker processes), records in input order."""

    def screen(self, rows: Rows) -> Iterator[dict[str, Any]]: ...


@runtime_checkable
class FileScreener(Protocol):
    """Reads and screens an input file elsewhere (a cluster), records in input order."""

    def screen_file(self, path: Path) -> Iterator[dict[str, Any]]: ...


#: rows sent to a worker at a time (fewer for small inputs, so that every worker has some)
MAX_CHUNK_ROWS = 500
#: chunks in flight per worker: enough to keep every worker busy, few enough for flat memory
CHUNKS_IN_FLIGHT = 4
#: with the default worker count, inputs shorter than this are screened in one process
#: (starting the workers costs more than they save)
MIN_PARALLEL_ROWS = 200

# What the workers screen with: set in the parent just before the fork, inherited by the
# workers (copy-on-write), never pickled.
_screener: Screener | None = None
_options: BatchOptions | None = None


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_workers(workers: int) -> None:
    if workers < 1:
        raise InputError(f"--workers: {workers} is not a number of processes (1 or more)")
    if workers > 1 and "fork" not in multiprocessing.get_all_start_methods():
        raise InputError(
            "--workers: screening in several processes needs the 'fork' start method, which "
            "this platform lacks; use --workers 1"
        )


def plan(workers: int | None, total_rows: int | None) -> tuple[int, int]:
    """(processes, rows per chunk) for ``workers`` (None: one per core) and an input of
    ``total_rows`` (None: unknown). One process means the single-process path."""
    if workers is None:
        workers = default_workers()
        if total_rows is not None and total_rows < MIN_PARALLEL_ROWS:
            workers = 1
    if workers <= 1:
        return 1, MAX_CHUNK_ROWS
    if total_rows is None:
        return workers, MAX_CHUNK_ROWS // 2
    chunk = max(1, min(MAX_CHUNK_ROWS, math.ceil(total_rows / (workers * CHUNKS_IN_FLIGHT))))
    chunks = math.ceil(total_rows / chunk) if total_rows else 0
    return max(1, min(workers, chunks)), chunk


def _screen_chunk(chunk: Chunk) -> list[dict[str, Any]]:
    assert _screener is not None and _options is not None, "not a forked screening worker"
    # the parent sends each row's fields once per chunk in flight: nothing to keep here
    return list(screen_rows(_screener, iter(chunk), _options, RowCache(0)))


def _worker_start() -> None:
    # The index came over settled (frozen) from the parent: keep the collector off it,
    # so that its pages stay shared with the parent instead of being copied.
    gc.freeze()
    # Ctrl-C is the parent's to handle: it stops the workers
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _ready() -> int:
    return os.getpid()


class ScreenPool:
    """Worker processes screening chunks of rows with the parent's screener.

    Start it (``with ScreenPool(...) as pool``) after the index is built and before any
    thread is started (a progress bar): the workers are forked at the start."""

    def __init__(
        self, screener: Screener, options: BatchOptions, processes: int, chunk_rows: int
    ) -> None:
        check_workers(processes)
        self.screener = screener
        self.options = options
        self.processes = processes
        self.chunk_rows = max(1, chunk_rows)
        self._pool: ProcessPoolExecutor | None = None
        #: the process ids of the workers
        self.pids: set[int] = set()
        #: the outputs of rows already screened, of the last :meth:`screen`
        self.cache = RowCache()

    def __enter__(self) -> ScreenPool:
        global _screener, _options
        _screener, _options = self.screener, self.options
        try:
            pool = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_start,
            )
            # the workers are forked at the first task: now, not later under a thread
            pool.submit(_ready).result()
            self.pids = {p.pid for p in pool._processes.values() if p.pid is not None}
            self._pool = pool
        finally:
            _screener, _options = None, None  # the workers have their copy
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if exc_type is not None:
            for process in list(pool._processes.values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)

    def screen(self, rows: Rows) -> Iterator[dict[str, Any]]:
        """One output record per input row, in input order (as :func:`screen_rows`).

        A row repeating the deciding fields of a row already screened, or already sent
        to a worker, is not sent: it takes that row's output (this process's
        :class:`RowCache`, filled with what every worker sends back)."""
        pool = self._pool
        if pool is None:
            raise RuntimeError("ScreenPool.screen outside its `with` block")
        cache = self.cache = RowCache()
        cache.bind(self.screener, self.options)
        #: the fields of rows sent and not answered yet, and the rows waiting for them
        awaited: dict[Key, _Awaited] = {}
        # each chunk: the rows sent (a future of their records), and every row's plan
        pending: deque[tuple[Future[list[dict[str, Any]]] | None, list[_Planned]]] = deque()
        in_flight = self.processes * CHUNKS_IN_FLIGHT
        chunk: Chunk = []
        planned: list[_Planned] = []
        try:
            for line, row in rows:
                key = cache.key(row)
                found = None if key is None else cache.get(key)
                if found is not None:
                    planned.append((_CACHED, line, row, key, found))
                elif key is not None and key in awaited:
                    awaited[key].rows += 1
                    planned.append((_AWAITS, line, row, key, None))
                else:
                    if key is not None:
                        awaited[key] = _Awaited()
                    planned.append((_SENT, line, row, key, None))
                    chunk.append((line, row))
                if len(planned) >= self.chunk_rows:
                    pending.append((pool.submit(_screen_chunk, chunk) if chunk else None, planned))
                    chunk, planned = [], []
                    while len(pending) >= in_flight or (
                        pending and (pending[0][0] is None or pending[0][0].done())
                    ):
                        yield from self._resolve(*pending.popleft(), awaited)
            if planned:
                pending.append((pool.submit(_screen_chunk, chunk) if chunk else None, planned))
            while pending:
                yield from self._resolve(*pending.popleft(), awaited)
        except BrokenProcessPool as exc:
            raise TracewireError(
                "a screening worker process died (out of memory?); try fewer --workers"
            ) from exc

    def _resolve(
        self,
        future: Future[list[dict[str, Any]]] | None,
        planned: list[_Planned],
        awaited: dict[Key, _Awaited],
    ) -> Iterator[dict[str, Any]]:
        """The records of a chunk's rows, in order: the workers' for the rows sent, the
        cached ones for the others."""
        screened = iter(future.result() if future is not None else ())
        for how, line, row, key, found in planned:
            if how == _CACHED:
                assert found is not None
                yield found.record(_row_id(row, line), line)
                continue
            if how == _SENT:
                record = next(screened)
                if key is not None:
                    waiting = awaited[key]
                    waiting.answer = self.cache.put(key, record)
                    _answered(awaited, key, waiting)
                yield record
                continue
            # the row sent before it with the same fields (in this chunk or an earlier
            # one) has been answered
            assert key is not None
            waiting = awaited[key]
            if waiting.answer is not None:
                self.cache.hits += 1
                record = waiting.answer.record(_row_id(row, line), line)
            else:  # that answer was an error record (not kept): this row is screened here
                one = iter([(line, row)])
                record = next(screen_rows(self.screener, one, self.options, RowCache(0)))
            _answered(awaited, key, waiting)
            yield record


Key = tuple[str | None, ...]
#: how a row of a chunk is answered: sent to a worker, from the cache, or by the answer
#: to a row with the same fields sent before it and not answered yet
_SENT, _CACHED, _AWAITS = 0, 1, 2
#: a row of a chunk: (how, line, row, its key (None: not kept), its cached output)
_Planned = tuple[int, int, dict[str, Any], Key | None, Screened | None]


@dataclass(slots=True)
class _Awaited:
    """The fields of a row sent to a worker, not answered yet."""

    #: rows still to answer with it: the one sent and those waiting for its answer
    rows: int = 1
    answer: Screened | None = None


def _answered(awaited: dict[Key, _Awaited], key: Key, waiting: _Awaited) -> None:
    waiting.rows -= 1
    if waiting.rows == 0:
        del awaited[key]
