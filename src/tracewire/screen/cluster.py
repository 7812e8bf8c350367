"""Batch screening on a Dask cluster (``tracewire screen INPUT --dask ADDRESS``).

The input file is cut into partitions (:mod:`tracewire.screen.partitions`: byte ranges
of a CSV or JSON-lines file that start where a record starts, row ranges of a Parquet
file), and each worker reads its partitions itself, numbering the rows and reporting
broken rows exactly as one process reading the whole file. Each worker loads the index
once and keeps it for the rest of its life, from one of two places
(:func:`index_for_workers`):

- **the store**, when it is shared (PostgreSQL) and ``$TRACEWIRE_INDEX_KEY`` is set: the
  signed copy in the ``index_blobs`` table (:mod:`tracewire.store.index_blobs`), checked
  against its HMAC under the worker's own key before anything is unpickled
  (:class:`StoredIndex`). Workers on other hosts need no shared folder: only the store
  and the key (the same on every host), and the database's credentials in their own
  environment (``$TRACEWIRE_DATABASE_URL``, or libpq's ``PGPASSWORD`` / ``~/.pgpass``:
  the address sent to them carries no password);
- otherwise **a saved index file** versioned by the fingerprint of the lists it holds,
  which the workers must see at the same path.

- With ``-o FOLDER`` each worker writes its partitions' records to part files of their
  own (JSON lines or Parquet, :mod:`tracewire.screen.parts`): no process handles every
  record. This process only cuts the input and writes the manifest.
- With output files (``-o results.jsonl``, ``.csv``, ``.html``, or standard output) the
  records come back here, a few partitions per worker at a time, in input order.

Either way the records, counts and audit record are those of a single-process run.

``ADDRESS`` is ``local:N`` (a LocalCluster of N worker processes on this machine) or
the address of a running scheduler (``tcp://HOST:8786``), whose workers must have
tracewire installed and see the input file, the index file and an output folder at the
same paths (a shared folder). Needs the ``dask`` extra: ``pip install 'tracewire[dask]'``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import orjson

from tracewire.errors import InputError
from tracewire.match import Screener
from tracewire.match.index import NameIndex
from tracewire.match.scoring import MatchResult
from tracewire.match.screener import INDEX_FORMAT, shared_fingerprint
from tracewire.memory import gc_paused, keep_freed_memory, settle
from tracewire.screen.batch import BatchOptions, RowCache, screen_rows
from tracewire.screen.parallel import CHUNKS_IN_FLIGHT
from tracewire.screen.partitions import Partition, plan_partitions
from tracewire.screen.parts import check_format, finish, new_staging, write_part
from tracewire.screen.run import RunStats
from tracewire.store import Store, VersionInfo
from tracewire.store.index_blobs import IndexBlobs, index_secret
from tracewire.store.index_files import index_file_holds, read_index_file, write_index_file

if TYPE_CHECKING:
    from tracewire.workflow.portfolio import Party

#: partitions per worker at least (an even load, a progress bar that moves)
PARTITIONS_PER_WORKER = 16
MIN_PARTITION_BYTES = 16 * 1024
MIN_PARTITION_ROWS = 250
#: partitions whose records come back to this process: a few in memory at a time
RECORDS_PARTITION_BYTES = 512 * 1024
RECORDS_PARTITION_ROWS = 10_000
#: partitions written to part files by the workers: large, one file each
PARTS_PARTITION_BYTES = 64 * 1024 * 1024
PARTS_PARTITION_ROWS = 500_000

# The screeners a worker process has loaded, by index file or stored index (one, in
# practice).
_loaded: dict[tuple[str | StoredIndex, float], Screener] = {}
_loading = threading.Lock()
# Each worker thread's outputs of rows already screened (RowCache), kept from one
# partition to the next: rows repeat across partitions.
_local = threading.local()


def _row_cache() -> RowCache:
    cache: RowCache | None = getattr(_local, "cache", None)
    if cache is None:
        cache = _local.cache = RowCache()
    return cache


@dataclass(frozen=True)
class StoredIndex:
    """The index the workers load from the store's signed index blobs: the store's
    address (without its password) and the blob's fingerprint
    (:func:`~tracewire.match.screener.shared_fingerprint` of the list versions)."""

    url: str
    fingerprint: str

    def load(self) -> NameIndex:
        """The index, read from the store and checked against its signature under this
        process's ``$TRACEWIRE_INDEX_KEY`` (InputError when it is missing, unsigned,
        signed under another key or damaged: nothing unverified is unpickled)."""
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        secret = index_secret()
        if secret is None:
            raise InputError(
                "a Dask worker has no $TRACEWIRE_INDEX_KEY: it cannot check the store's "
                "index; set the same key on every worker"
            )
        # the worker's own address of the store first: it carries its credentials
        url = os.environ.get("TRACEWIRE_DATABASE_URL", "").strip() or self.url
        engine = create_engine(url, poolclass=NullPool)
        try:
            index, refused = IndexBlobs(engine, secret).fetch(self.fingerprint, NameIndex)
        finally:
            engine.dispose()
        if index is None:
            raise InputError(
                f"a Dask worker could not load the index {self.fingerprint[:12]} from the "
                f"store: {refused or 'it is not stored'}"
            )
        return index


def _shared_blobs(store: Store) -> IndexBlobs | None:
    """The store's signed index blobs when it is shared between hosts (not SQLite) and
    ``$TRACEWIRE_INDEX_KEY`` is set; else None."""
    if store.engine.dialect.name == "sqlite":
        return None
    return IndexBlobs.configured(store.engine)


def _stored(store: Store, fingerprint: str) -> StoredIndex:
    url = store.engine.url.set(password=None).render_as_string(hide_password=False)
    return StoredIndex(url, fingerprint)


def share_index(
    screener: Screener, store: Store, versions: Sequence[VersionInfo]
) -> StoredIndex | None:
    """The store's signed copy of ``screener``'s index (of ``versions``), stored now unless
    it is there, for workers to load; None when the store is not shared between hosts
    (SQLite), ``$TRACEWIRE_INDEX_KEY`` is unset, or the copy could not be stored."""
    blobs = _shared_blobs(store)
    if blobs is None:
        return None
    fingerprint = shared_fingerprint(versions)
    if not blobs.has(fingerprint) and not blobs.publish(fingerprint, screener.index):
        return None
    return _stored(store, fingerprint)


def stored_index(store: Store, versions: Sequence[VersionInfo]) -> StoredIndex | None:
    """:func:`share_index` when the copy is already stored (nothing to build here)."""
    blobs = _shared_blobs(store)
    fingerprint = shared_fingerprint(versions)
    if blobs is None or not blobs.has(fingerprint):
        return None
    return _stored(store, fingerprint)


def index_for_workers(
    screener: Screener,
    folder: Path,
    key: str,
    store: Store | None = None,
    versions: Sequence[VersionInfo] | None = None,
) -> Path | StoredIndex:
    """Where the workers of a cluster load ``screener``'s index from: the store's signed
    copy when ``store`` is shared and the key is set (:func:`share_index`), else the
    file ``folder/KEY.pickle`` (:func:`save_index`)."""
    if store is not None and versions is not None:
        shared = share_index(screener, store, versions)
        if shared is not None:
            return shared
    return save_index(screener, folder, key)


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
    if index_file_holds(path):  # there, and signed under the key if one is set
        return path
    folder.mkdir(parents=True, exist_ok=True)
    if key.startswith("lists-"):
        for old in folder.glob("lists-*.pickle"):
            old.unlink(missing_ok=True)
    return write_index_file(screener.index, path)  # signed under $TRACEWIRE_INDEX_KEY


def _worker_screener(index_path: str | StoredIndex, threshold: float) -> Screener:
    with _loading:
        screener = _loaded.get((index_path, threshold))
        if screener is None:
            keep_freed_memory()  # as a forked worker does, not as Dask starts it
            if isinstance(index_path, StoredIndex):
                with gc_paused():
                    index = index_path.load()
            else:
                found, refused = read_index_file(Path(index_path), NameIndex)
                if found is None:
                    raise InputError(
                        f"{index_path}: a Dask worker cannot use the index file: {refused} "
                        "(workers must see it at the same path, with the same "
                        "$TRACEWIRE_INDEX_KEY)"
                    )
                index = found
            settle()
            screener = Screener(index, threshold)
            _loaded.clear()  # one index per worker: an older one goes
            _loaded[(index_path, threshold)] = screener
    return screener


def _preload(index_path: str | StoredIndex, threshold: float) -> int:
    _worker_screener(index_path, threshold)
    return os.getpid()


def screen_partition(
    part: Partition, index_path: str | StoredIndex, threshold: float, options: BatchOptions
) -> bytes:
    """The output records of a partition of the input (run on a Dask worker, which
    reads the partition itself), as one JSON array: one object for Dask to send back
    instead of a few dozen small ones per record (their pickling, on the worker and in
    this process, was most of what returning records cost over part files)."""
    screener = _worker_screener(index_path, threshold)
    return orjson.dumps(list(screen_rows(screener, part.rows(), options, _row_cache())))


def write_partition(
    part: Partition,
    index_path: str | StoredIndex,
    threshold: float,
    options: BatchOptions,
    staging: str,
    output_format: str,
) -> tuple[str, RunStats]:
    """Screen a partition of the input and write its records to a part file of its own
    (run on a Dask worker); the file's name and the counts."""
    screener = _worker_screener(index_path, threshold)
    stats = RunStats(input=part.path)

    def counted() -> Iterator[dict[str, Any]]:
        for record in screen_rows(screener, part.rows(), options, _row_cache()):
            stats.add(record)
            yield record

    name = write_part(counted(), staging, part.number, output_format)
    return name, stats


def match_parties_partition(
    parties: list[Party], index_path: str | StoredIndex, threshold: float, limit: int
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
        index_path: Path | StoredIndex,
        threshold: float,
        options: BatchOptions,
        total_rows: int | None = None,
        processes: bool = True,
    ) -> None:
        self.kind, self.count = parse_address(address)
        self.address = address
        #: where the workers load the index: a file's path, or the store's signed copy
        self.index_path: str | StoredIndex = (
            index_path if isinstance(index_path, StoredIndex) else str(index_path)
        )
        self.threshold = threshold
        self.options = options
        #: the input's rows (for the size of Parquet partitions); None: unknown
        self.total_rows = total_rows
        self.processes = processes
        self._stack = ExitStack()
        self._client: Any = None

    def __enter__(self) -> DaskScreen:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise InputError("--dask needs Dask: pip install 'tracewire[dask]'") from exc
        try:
            if self.kind == "local":
                # the workers' statistical profiler (a thread sampling the screening
                # thread's stack every 10 ms, for the dashboard this cluster does not
                # have) cost about 4 % of their CPU: off for the cluster made here
                with dask.config.set({"distributed.worker.profile.enabled": False}):
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
        try:
            self._load_index()
        except BaseException:
            self._stack.close()
            raise
        return self

    def _load_index(self) -> None:
        """Each worker of the cluster loads the index now, before the screening starts
        (a worker that joins later loads it with its first partition)."""
        client = self._client
        workers = list(client.scheduler_info().get("workers", {}))
        futures = [
            client.submit(
                _preload, self.index_path, self.threshold, workers=[w],
                allow_other_workers=False, pure=False, key=f"tracewire-index-{uuid.uuid4().hex}",
            )
            for w in workers
        ]  # fmt: skip
        client.gather(futures)

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

    def partitions(self, path: Path, max_bytes: int, max_rows: int) -> list[Partition]:
        """``path`` cut into at least :data:`PARTITIONS_PER_WORKER` partitions per worker
        (for an even load), none over ``max_bytes`` or ``max_rows``."""
        parts = self.workers * PARTITIONS_PER_WORKER
        size = path.stat().st_size if path.exists() else 0
        target_bytes = min(max_bytes, max(MIN_PARTITION_BYTES, size // parts))
        rows = self.total_rows if self.total_rows is not None else 0
        target_rows = min(max_rows, max(MIN_PARTITION_ROWS, rows // parts))
        return plan_partitions(path, target_bytes, target_rows)

    def screen_file(self, path: Path) -> Iterator[dict[str, Any]]:
        """One output record per input row, in input order (as :func:`screen_rows`): the
        workers read the partitions of the input themselves and send the records back."""
        client = self._client
        if client is None:
            raise RuntimeError("DaskScreen.screen_file outside its `with` block")
        parts = deque(self.partitions(path, RECORDS_PARTITION_BYTES, RECORDS_PARTITION_ROWS))
        pending: deque[Any] = deque()
        in_flight = self.workers * CHUNKS_IN_FLIGHT
        try:
            while parts or pending:
                while parts and len(pending) < in_flight:
                    part = parts.popleft()
                    pending.append(
                        client.submit(
                            screen_partition, part, self.index_path, self.threshold,
                            self.options, pure=False, key=f"tracewire-screen-{uuid.uuid4().hex}",
                        )
                    )  # fmt: skip
                yield from orjson.loads(pending.popleft().result())
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

    def write_parts(
        self, path: Path, folder: Path, output_format: str, tick: Callable[[int], None] | None
    ) -> RunStats:
        """Screen ``path`` by partition, each worker writing its records to a part file
        of ``folder`` (see :mod:`tracewire.screen.parts`); the run's counts."""
        from distributed import as_completed

        client = self._client
        if client is None:
            raise RuntimeError("DaskScreen.write_parts outside its `with` block")
        check_format(output_format)
        folder = folder.resolve()
        partitions = self.partitions(path, PARTS_PARTITION_BYTES, PARTS_PARTITION_ROWS)
        staging = new_staging(folder)
        stats = RunStats(input=str(path))
        futures = [
            client.submit(
                write_partition, part, self.index_path, self.threshold, self.options,
                str(staging), output_format, pure=False,
                key=f"tracewire-part-{part.number}-{uuid.uuid4().hex}",
            )
            for part in partitions
        ]  # fmt: skip
        numbers = {
            future.key: part.number for future, part in zip(futures, partitions, strict=True)
        }
        done: dict[int, tuple[str, RunStats]] = {}
        try:
            for future in as_completed(futures):
                name, counts = future.result()
                done[numbers[future.key]] = (name, counts)
                if tick is not None:
                    tick(counts.rows)
        except BaseException:
            for future in futures:
                future.cancel()
            shutil.rmtree(staging, ignore_errors=True)
            raise
        manifest = []
        for part in partitions:
            name, counts = done[part.number]
            stats.add_counts(counts)
            manifest.append({"file": name, "rows": counts.rows, "first_line": part.line})
        finish(folder, staging, output_format, path, manifest)
        stats.outputs.append(str(folder))
        return stats
