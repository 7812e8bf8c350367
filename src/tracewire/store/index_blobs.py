"""Screening indexes built once and shared, through the store, by every process using it.

Each ``tracewire serve`` host, woken by a list load, used to rebuild the name index of the
lists from the store on its own: N hosts, N builds (35,445 parties: tens of seconds each
on a loaded machine). Hosts share the database, not a file system, so the built index is
kept in the database: the ``index_blobs`` table, one row per *fingerprint* (a digest of
the index format, the tracewire version and the list versions the index holds).

- :meth:`IndexBlobs.get_or_build` reads the row for a fingerprint; when there is none it
  takes a PostgreSQL advisory lock of that fingerprint (so that hosts woken by the same
  load do not all build at once: one builds, the others wait for it), reads again, and
  only then builds and :meth:`publishes <IndexBlobs.publish>` the index.
- A row is written in one transaction (replacing a bad row of the same fingerprint, and
  pruning all but the :data:`KEEP` newest fingerprints), so a reader sees a whole blob or
  none. A blob larger than :data:`MAX_BYTES` is not stored (the host keeps its own build).
- A reader checks, before it inflates or unpickles anything, that the stored size is the
  length of the data and at most :data:`MAX_BYTES`, and that the blob's HMAC-SHA256 under
  the key (over the fingerprint, the blob format and the compressed data) holds; that it
  inflates to at most :data:`MAX_BYTES`; after unpickling, that the blob names the same
  fingerprint and holds an index. Any failure (a corrupt, truncated, foreign or
  moved blob, a database error) is logged and the caller builds the index itself.

**Security.** The blob is a pickle, and unpickling runs whatever code the pickle names:
anyone able to write this table could otherwise run code on every host. So the blobs are
signed with a secret that is *not* in the database, ``$TRACEWIRE_INDEX_KEY`` (16 or more
characters, the same on every host): a blob whose signature does not hold under it is
never unpickled. Without the key nothing is shared and each process builds its own index
(the behaviour before). Whoever holds the key (the hosts' configuration) can still sign
code; protect it as the database password. A non-pickle format (flat arrays) would
remove the code-execution risk altogether, but the index is about a million Python
objects whose layout the matcher owns; the signature keeps the database out of the
trusted set at the cost of one HMAC pass over the blob (about 0.1 s for 40 MB).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import pickle
import socket
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from tracewire.errors import InputError
from tracewire.store.schema import index_blobs

T = TypeVar("T")

#: the layout of a stored blob: a pickle of ``(fingerprint, index)``, zlib-compressed
#: (level 1: 38 MB of index pickle become 12 MB in 0.4 CPU s, inflated in 0.2)
BLOB_FORMAT = 1
ZLIB_LEVEL = 1
#: the shortest secret accepted from $TRACEWIRE_INDEX_KEY
MIN_SECRET = 16
#: the largest blob stored or read (PostgreSQL's ``bytea`` holds at most 1 GB)
MAX_BYTES = 768 * 2**20
#: fingerprints kept: the newest few (hosts still on the previous lists, a CLI on a subset)
KEEP = 4
#: seconds a process waits for another one building the same index before building itself
WAIT_SECONDS = 600.0
#: PostgreSQL advisory lock class of index builds ("twix"); the object is the fingerprint's
PG_BUILD_LOCK = 0x74776978

log = logging.getLogger("tracewire.store")


def index_secret() -> bytes | None:
    """The key from ``$TRACEWIRE_INDEX_KEY``; None when unset (nothing is shared).

    Raises :class:`InputError` for a key shorter than :data:`MIN_SECRET`."""
    secret = os.environ.get("TRACEWIRE_INDEX_KEY", "")
    if not secret:
        return None
    if len(secret) < MIN_SECRET:
        raise InputError(
            f"$TRACEWIRE_INDEX_KEY is too short ({len(secret)} characters; use at least "
            f"{MIN_SECRET}, e.g. 64 random hex digits, the same on every host)"
        )
    return secret.encode("utf-8")


@dataclass
class Fetched:
    """What :meth:`IndexBlobs.get_or_build` did: ``source`` is ``"store"`` (loaded) or
    ``"built"``; ``refused`` says why a stored blob was not used, if one was there."""

    source: str
    seconds: float
    refused: str | None = None


class IndexBlobs:
    """The ``index_blobs`` table of one store, read and written under one key."""

    def __init__(
        self,
        engine: Engine,
        secret: bytes,
        *,
        keep: int = KEEP,
        max_bytes: int = MAX_BYTES,
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        if len(secret) < MIN_SECRET:
            raise InputError(f"the index key is too short (use at least {MIN_SECRET} bytes)")
        self.engine = engine
        self._secret = secret
        self.keep = keep
        self.max_bytes = max_bytes
        self.wait_seconds = wait_seconds

    @classmethod
    def configured(cls, engine: Engine) -> IndexBlobs | None:
        """Blobs under ``$TRACEWIRE_INDEX_KEY``, or None when it is unset."""
        secret = index_secret()
        return cls(engine, secret) if secret is not None else None

    # -- the signature ----------------------------------------------------------------------
    def _mac(self, fingerprint: str, data: bytes) -> str:
        mac = hmac.new(self._secret, digestmod=hashlib.sha256)
        mac.update(f"tracewire index blob\0{BLOB_FORMAT}\0{fingerprint}\0".encode())
        mac.update(data)
        return mac.hexdigest()

    # -- reading ------------------------------------------------------------------------------
    def has(self, fingerprint: str) -> bool:
        """Whether a blob of this format is stored under ``fingerprint`` (not read, not
        checked: :meth:`fetch` does that)."""
        try:
            with self.engine.connect() as conn:
                found = conn.execute(
                    select(index_blobs.c.fingerprint).where(
                        index_blobs.c.fingerprint == fingerprint,
                        index_blobs.c.format == BLOB_FORMAT,
                    )
                ).first()
        except SQLAlchemyError:
            return False
        return found is not None

    def fetch(self, fingerprint: str, kind: type[T]) -> tuple[T | None, str | None]:
        """The stored index of ``fingerprint`` (an instance of ``kind``), or None and why
        not (None when there is simply no blob)."""
        try:
            with self.engine.connect() as conn:
                head = conn.execute(
                    select(
                        index_blobs.c.format,
                        index_blobs.c.size,
                        index_blobs.c.mac,
                        func.length(index_blobs.c.data).label("length"),
                    ).where(index_blobs.c.fingerprint == fingerprint)
                ).first()
                if head is None:
                    return None, None
                if head.format != BLOB_FORMAT:
                    return None, f"blob format {head.format}, not {BLOB_FORMAT}"
                if head.size > self.max_bytes or head.length != head.size:
                    return None, (
                        f"its size is wrong ({head.length:,} bytes stored, {head.size:,} "
                        f"recorded, at most {self.max_bytes:,} read)"
                    )
                raw = conn.execute(
                    select(index_blobs.c.data).where(index_blobs.c.fingerprint == fingerprint)
                ).scalar_one()
        except SQLAlchemyError as exc:
            return None, f"the store could not be read ({type(exc).__name__})"
        data = bytes(raw)
        del raw
        if len(data) != head.size:
            return None, "its size changed while it was read"
        if not hmac.compare_digest(self._mac(fingerprint, data), str(head.mac)):
            return None, (
                "its signature does not hold under $TRACEWIRE_INDEX_KEY (another key, or "
                "the blob was changed): not unpickled"
            )
        inflate = zlib.decompressobj()
        try:
            pickled = inflate.decompress(data, self.max_bytes)
        except zlib.error as exc:
            return None, f"it could not be inflated ({exc})"
        if not inflate.eof or inflate.unconsumed_tail:
            return None, f"it inflates to over {self.max_bytes:,} bytes, or is cut short"
        del data
        try:
            loaded = pickle.loads(pickled)  # noqa: S301 - signed with the hosts' own key
        except Exception as exc:  # noqa: BLE001 - any unpickling failure means: build
            return None, f"it could not be unpickled ({type(exc).__name__})"
        if not (isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == fingerprint):
            return None, "it names another fingerprint"
        if not isinstance(loaded[1], kind):
            return None, f"it holds a {type(loaded[1]).__name__}, not a {kind.__name__}"
        return loaded[1], None

    # -- writing ------------------------------------------------------------------------------
    def publish(self, fingerprint: str, index: object, build_seconds: float = 0.0) -> bool:
        """Store ``index`` under ``fingerprint`` (one transaction, replacing a row of the
        same fingerprint, pruning all but the newest :attr:`keep`); False when it was not
        stored (too large, written by another process meanwhile, or a database error)."""
        pickled = pickle.dumps((fingerprint, index), protocol=pickle.HIGHEST_PROTOCOL)
        if len(pickled) > self.max_bytes:
            log.warning(
                "index %s not shared: %s bytes, over the %s-byte limit",
                fingerprint[:12], f"{len(pickled):,}", f"{self.max_bytes:,}",
            )  # fmt: skip
            return False
        data = zlib.compress(pickled, ZLIB_LEVEL)
        del pickled
        if len(data) > self.max_bytes:  # never larger than the pickle, but say so if it is
            log.warning(
                "index %s not shared: %s bytes, over the %s-byte limit",
                fingerprint[:12], f"{len(data):,}", f"{self.max_bytes:,}",
            )  # fmt: skip
            return False
        row = {
            "fingerprint": fingerprint,
            "format": BLOB_FORMAT,
            "size": len(data),
            "mac": self._mac(fingerprint, data),
            "data": data,
            "built_by": f"{socket.gethostname()}:{os.getpid()}"[:255],
            "build_seconds": float(build_seconds),
            "created_at": datetime.now(UTC),
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(delete(index_blobs).where(index_blobs.c.fingerprint == fingerprint))
                conn.execute(insert(index_blobs).values(**row))
                old = (
                    conn.execute(
                        select(index_blobs.c.fingerprint)
                        .order_by(index_blobs.c.created_at.desc(), index_blobs.c.fingerprint)
                        .offset(self.keep)
                    )
                    .scalars()
                    .all()
                )
                if old:
                    conn.execute(delete(index_blobs).where(index_blobs.c.fingerprint.in_(old)))
        except IntegrityError:  # another process stored the same fingerprint meanwhile
            return False
        except SQLAlchemyError as exc:
            log.warning("index %s not shared: %s", fingerprint[:12], exc)
            return False
        return True

    @contextmanager
    def build_lock(self, fingerprint: str) -> Iterator[bool]:
        """Hold the build lock of ``fingerprint`` (PostgreSQL advisory lock on a connection
        of its own, released when done or when the process dies), waiting up to
        :attr:`wait_seconds` for a process building it; yields whether it is held (False
        on other backends, or after the wait: then build anyway)."""
        if self.engine.dialect.name != "postgresql":
            yield False
            return
        obj = int(fingerprint[:8], 16) - 2**31  # a signed 32-bit key
        try:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except SQLAlchemyError:
            yield False
            return
        held = False
        try:
            deadline = time.monotonic() + self.wait_seconds
            while True:
                held = bool(
                    conn.exec_driver_sql(
                        f"SELECT pg_try_advisory_lock({PG_BUILD_LOCK}, {obj})"
                    ).scalar()
                )
                if held or time.monotonic() >= deadline:
                    break
                time.sleep(0.25)
            yield held
        finally:
            try:
                if held:
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({PG_BUILD_LOCK}, {obj})")
            finally:
                conn.close()

    def get_or_build(
        self, fingerprint: str, kind: type[T], build: Callable[[], T]
    ) -> tuple[T, Fetched]:
        """The index of ``fingerprint``: loaded from the store when a good blob is there,
        else built (once across the processes that wait on the build lock) and stored;
        and what was done."""
        started = time.perf_counter()
        index, refused = self.fetch(fingerprint, kind)
        if index is None:
            with self.build_lock(fingerprint):
                # another process may have built (or replaced a bad blob) while we waited
                index, refused = self.fetch(fingerprint, kind)
                if index is None:
                    if refused is not None:
                        log.warning(
                            "stored index %s not used, building it: %s", fingerprint[:12], refused
                        )
                    index = build()
                    seconds = time.perf_counter() - started
                    self.publish(fingerprint, index, seconds)
                    return index, Fetched("built", seconds, refused)
        return index, Fetched("store", time.perf_counter() - started, refused)
