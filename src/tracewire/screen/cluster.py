"""Batch screening on a Dask cluster (``tracewire screen INPUT --dask ADDRESS``).

The input rows are read here (so that unreadable rows stay error records in their
place) and sent to the cluster in partitions, a few per worker at a time; each worker
loads the index once, from a saved index file versioned by the fingerprint of the
lists it holds, and keeps it for the rest of its life. The records come back in input
order, so that the outputs, counts and audit record are those of a single-process run.

``ADDRESS`` is ``local:N`` (a LocalCluster of N worker processes on this machine) or
the address of a running scheduler (``tcp://HOST:8786``), whose workers must have
tracewire installed and read the index file at the same path (a shared folder).
Needs the ``dask`` extra: ``pip install 'tracewire[dask]'``.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from tracewire.errors import InputError
from tracewire.match import Screener
from tracewire.match.scoring import MatchResult
from tracewire.match.screener import INDEX_FORMAT
from tracewire.memory import gc_paused
from tracewire.screen.batch import BatchOptions, screen_rows
from tracewire.screen.parallel import CHUNKS_IN_FLIGHT, Chunk, Rows
from tracewire.store import VersionInfo

if TYPE_CHECKING:
    from tracewire.workflow.portfolio import Party

# The screeners a worker process has loaded, by index file (one, in practice).
_loaded: dict[tuple[str, float], Screener] = {}
_loading = threading.Lock()


def store_index_key(versions: Sequence[VersionInfo]) -> str:
    """The name of the CLI's cached index of these list versions (as
    :meth:`Screener.from_store` names it), so that an index already cached is reused."""
    fingerprint = hashlib.sha256(
        repr((INDEX_FORMAT, sorted((v.dataset, v.seq, v.sha256) for v in versions))).encode()
    ).hexdigest()[:20]
    return f"index-{fingerprint}"


def files_index_key(digest: str) -> str:
    """The name of the saved index of list files (``--list``) with this digest."""
    return "lists-" + hashlib.sha256(repr((INDEX_FORMAT, digest)).encode()).hexdigest()[:20]


def save_index(screener: Screener, folder: Path, key: str) -> Path:
    """The index file ``folder/KEY.pickle``, written (atomically) unless already there.
    Older saved indexes of list files are removed."""
    path = folder / f"{key}.pickle"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    if key.startswith("lists-"):
        for old in folder.glob("lists-*.pickle"):
            old.unlink(missing_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        pickle.dump(screener.index, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return path


def _worker_screener(index_path: str, threshold: float) -> Screener:
    with _loading:
        screener = _loaded.get((index_path, threshold))
        if screener is None:
            try:
                with open(index_path, "rb") as fh, gc_paused():
                    index = pickle.load(fh)
            except OSError as exc:
                raise InputError(
                    f"{index_path}: a Dask worker cannot read the index file "
                    f"({exc.strerror or exc}); workers must see it at the same path"
                ) from exc
            gc.freeze()
            screener = Screener(index, threshold)
            _loaded.clear()  # one index per worker: an older one goes
            _loaded[(index_path, threshold)] = screener
    return screener


def screen_partition(
    chunk: Chunk, index_path: str, threshold: float, options: BatchOptions
) -> list[dict[str, Any]]:
    """The output records of a partition of rows (run on a Dask worker)."""
    screener = _worker_screener(index_path, threshold)
    return list(screen_rows(screener, iter(chunk), options))


def match_parties_partition(
    parties: list[Party], index_path: str, threshold: float, limit: int
) -> list[list[MatchResult]]:
    """Each party's matches at or above the threshold, best first (run on a Dask worker
    for a portfolio screening: the alerts are written by the driver)."""
    screener = _worker_screener(index_path, threshold)
    return [screener.match(p.query(), limit=limit, min_score=screener.threshold) for p in parties]


def parse_address(address: str) -> tuple[str, int | None]:
    """('local', N) or ('remote', None) for a ``--dask`` value; InputError otherwise."""
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise InputError(f"--dask: {address!r}: local:N needs a number of workers (1 or more)")
        return "local", int(count)
    if "://" in address:
        return "remote", None
    raise InputError(
        f"--dask: {address!r} is neither local:N nor a scheduler address such as tcp://HOST:8786"
    )


class DaskScreen:
    """Rows screened by the workers of a Dask cluster, in partitions, in input order."""

    def __init__(
        self,
        address: str,
        index_path: Path,
        threshold: float,
        options: BatchOptions,
        chunk_rows: int,
        processes: bool = True,
    ) -> None:
        self.kind, self.count = parse_address(address)
        self.address = address
        self.index_path = str(index_path)
        self.threshold = threshold
        self.options = options
        self.chunk_rows = max(1, chunk_rows)
        self.processes = processes
        self._stack = ExitStack()
        self._client: Any = None

    def __enter__(self) -> DaskScreen:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise InputError("--dask needs Dask: pip install 'tracewire[dask]'") from exc
        try:
            if self.kind == "local":
                cluster = self._stack.enter_context(
                    LocalCluster(
                        n_workers=self.count,
                        threads_per_worker=1,
                        processes=self.processes,
                        dashboard_address=None,
                    )
                )
                self._client = self._stack.enter_context(Client(cluster))
            else:
                self._client = self._stack.enter_context(Client(self.address, timeout=10))
        except (OSError, TimeoutError) as exc:
            self._stack.close()
            raise InputError(f"--dask: cannot reach {self.address} ({exc})") from exc
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._client = None
        self._stack.close()

    @property
    def workers(self) -> int:
        info = self._client.scheduler_info() if self._client is not None else {}
        return max(1, len(info.get("workers", {})))

    def screen(self, rows: Rows) -> Iterator[dict[str, Any]]:
        """One output record per input row, in input order (as :func:`screen_rows`)."""
        client = self._client
        if client is None:
            raise RuntimeError("DaskScreen.screen outside its `with` block")
        pending: deque[Any] = deque()
        in_flight = self.workers * CHUNKS_IN_FLIGHT

        def submit(chunk: Chunk) -> None:
            pending.append(
                client.submit(
                    screen_partition,
                    chunk,
                    self.index_path,
                    self.threshold,
                    self.options,
                    pure=False,
                )
            )

        chunk: Chunk = []
        try:
            for item in rows:
                chunk.append(item)
                if len(chunk) >= self.chunk_rows:
                    submit(chunk)
                    chunk = []
                    while len(pending) >= in_flight or (pending and pending[0].done()):
                        yield from pending.popleft().result()
            if chunk:
                submit(chunk)
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    def match_parties(
        self, chunks: Iterable[list[Party]], limit: int
    ) -> Iterator[tuple[list[Party], list[list[MatchResult]]]]:
        """Each chunk of portfolio parties with its parties' matches, in order, matched
        by the workers, a few chunks per worker in flight (so memory holds only those)."""
        client = self._client
        if client is None:
            raise RuntimeError("DaskScreen.match_parties outside its `with` block")
        pending: deque[tuple[list[Party], Any]] = deque()
        in_flight = self.workers * CHUNKS_IN_FLIGHT
        try:
            for chunk in chunks:
                future = client.submit(
                    match_parties_partition, chunk, self.index_path, self.threshold, limit,
                    pure=False,
                )  # fmt: skip
                pending.append((chunk, future))
                while len(pending) >= in_flight or (pending and pending[0][1].done()):
                    done, first = pending.popleft()
                    yield done, first.result()
            while pending:
                done, first = pending.popleft()
                yield done, first.result()
        finally:
            for _chunk, future in pending:
                future.cancel()
