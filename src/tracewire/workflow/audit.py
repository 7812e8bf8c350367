"""The audit trail: every screening, alert and decision, append-only and hash-chained.

Each record holds who (API key id and name, or the CLI user), when, what kind of event
(``request`` for a service call, ``screening``, ``alert``, ``decision``, ``portfolio``,
``rescreen``, ``user``), what it was about (``subject``, e.g. ``alert:12``), the request or
payload, the list versions in force and the results. The table refuses UPDATE and DELETE
(triggers), and each record's ``hash`` is ``sha256`` over its own fields and the previous
record's hash, so a record changed or removed behind the database's back (or the triggers
dropped) shows in :meth:`AuditTrail.verify` as the first record whose hash no longer
holds. Writers take a lock for the read-previous-then-insert step (``BEGIN IMMEDIATE`` on
SQLite, an advisory lock on PostgreSQL), and a unique index on ``prev_hash`` makes a fork
of the chain impossible even so.

Export: JSON lines or CSV, one record per line/row, fields as in :data:`EXPORT_FIELDS`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any

import orjson
from sqlalchemy import Connection, Engine, Select, func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from tracewire.csv_cells import SafeWriter
from tracewire.workflow.tables import audit_log, create

GENESIS = "0" * 64
#: the fields of an exported record, in order (CSV columns; JSON keys)
EXPORT_FIELDS = (
    "id", "at", "kind", "actor", "key_id", "endpoint", "subject", "status",
    "request_sha256", "request", "lists", "results", "error", "prev_hash", "hash",
)  # fmt: skip
_PG_LOCK = 0x7472_6163  # advisory lock id of the audit chain ("trac")
_SQLITE_RETRY = 0.0005  # seconds between tries at SQLite's write lock


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    key_id: str | None
    key_name: str
    endpoint: str
    status: int
    request_sha256: str
    request: Any
    lists: list[dict[str, Any]]
    results: Any
    error: str | None
    kind: str
    subject: str | None
    prev_hash: str | None
    hash: str | None

    @property
    def actor(self) -> str:
        return self.key_name

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "kind": self.kind,
            "actor": self.key_name,
            "key_id": self.key_id,
            "endpoint": self.endpoint,
            "subject": self.subject,
            "status": self.status,
            "request_sha256": self.request_sha256,
            "request": self.request,
            "lists": self.lists,
            "results": self.results,
            "error": self.error,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }

    def summary(self) -> str:
        """One line for people: what happened."""
        if self.kind == "request":
            return f"{self.endpoint} → {self.status}" + (f" ({self.error})" if self.error else "")
        if isinstance(self.request, dict) and self.request.get("summary"):
            return str(self.request["summary"])
        return self.endpoint


@dataclass(frozen=True)
class Verification:
    ok: bool
    records: int
    #: records written before the chain existed (an older store), not covered by it
    unchained: int
    first_bad_id: int | None = None
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "unchained": self.unchained,
            "first_bad_id": self.first_bad_id,
            "problem": self.problem,
        }


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _chain_hash(prev: str, row: dict[str, Any]) -> str:
    """The hash of a record: its stored fields (as text) and the previous record's hash."""
    fields = [
        prev,
        _utc(row["at"]).astimezone(UTC).isoformat(timespec="microseconds"),
        row["key_id"] or "",
        row["key_name"],
        row["kind"] or "",
        row["subject"] or "",
        row["endpoint"],
        str(row["status"]),
        row["request_sha256"],
        row["request"],
        row["lists"],
        row["results"],
        row["error"] or "",
    ]
    return hashlib.sha256(orjson.dumps(fields)).hexdigest()


def _filtered(q: Select[Any], kind: str | None, subject: str | None) -> Select[Any]:
    """``q`` restricted to one kind of record and one subject, when given."""
    if kind:
        q = q.where(audit_log.c.kind == kind)
    if subject:
        q = q.where(audit_log.c.subject == subject)
    return q


class AuditTrail:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = insert(audit_log)
        #: whether another writer held the chain's lock when :meth:`lock` last waited for it
        self.contended = False
        self._insert_many = insert(audit_log).returning(
            audit_log.c.id, sort_by_parameter_order=True
        )
        self._last_hash = (
            select(audit_log.c.hash)
            .where(audit_log.c.hash.is_not(None))
            .order_by(audit_log.c.id.desc())
            .limit(1)
        )
        create(engine)

    def append(self, *, conn: Connection | None = None, **fields: Any) -> int:
        """Write one record (the keywords of :meth:`row`) at the end of the chain; returns
        its id.

        With ``conn`` the record joins that transaction (e.g. a decision and its audit
        record commit together); the caller must have called :meth:`lock` on it first.
        """
        return self.append_rows([self.row(**fields)], conn)[0]

    @staticmethod
    def row(
        *,
        actor: str,
        kind: str,
        endpoint: str,
        key_id: str | None = None,
        subject: str | None = None,
        status: int = 200,
        request: bytes | str | dict[str, Any] = b"",
        lists: Sequence[dict[str, Any]] = (),
        results: Any = None,
        error: str | None = None,
    ) -> dict[str, Any]:
        """A record's stored fields, stamped now, before its place in the chain is known
        (see :meth:`append_rows`)."""
        if isinstance(request, dict):
            body = orjson.dumps(request, option=orjson.OPT_SORT_KEYS)
        elif isinstance(request, str):
            body = request.encode("utf-8")
        else:
            body = request
        return {
            "at": datetime.now(UTC),
            "key_id": key_id,
            "key_name": actor,
            "kind": kind,
            "subject": subject,
            "endpoint": endpoint,
            "status": status,
            "request_sha256": hashlib.sha256(body).hexdigest(),
            "request": body.decode("utf-8", errors="replace"),
            "lists": orjson.dumps(list(lists)).decode("utf-8"),
            "results": orjson.dumps(results if results is not None else {}).decode("utf-8"),
            "error": error,
        }

    def append_rows(
        self, rows: Sequence[dict[str, Any]], conn: Connection | None = None
    ) -> list[int]:
        """Write records made by :meth:`row` at the end of the chain, in order, in one
        transaction (one lock, one read of the last hash); returns their ids.

        With ``conn`` they join that transaction, as for :meth:`append`.
        """
        if not rows:
            return []
        if conn is not None:
            return self._append(conn, rows)
        for attempt in range(5):
            try:
                with self.engine.connect() as c:
                    self.lock(c)
                    ids = self._append(c, rows)
                    c.commit()
                    return ids
            except IntegrityError:  # another writer took this place in the chain
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    def lock(self, conn: Connection) -> None:
        """Serialise writers of the chain for the rest of ``conn``'s transaction.

        Sets :attr:`contended` when another writer held the lock meanwhile."""
        self.contended = False
        if conn.dialect.name == "sqlite":
            # pysqlite opens its transaction only at the first write; take the write lock now
            if not getattr(conn.connection.dbapi_connection, "in_transaction", False):
                self._begin_immediate(conn)
        elif conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")

    def _begin_immediate(self, conn: Connection) -> None:
        """``BEGIN IMMEDIATE``, trying again every half millisecond while another process
        holds SQLite's write lock (until the connection's busy timeout, at least 5 s).

        SQLite's own busy handler waits longer after every try (up to 100 ms), so a
        process committing back to back (another service worker's audit writer, under
        load) could keep a waiting one out for seconds."""
        raw = conn.connection.dbapi_connection
        assert raw is not None
        timeout_ms = int(raw.execute("PRAGMA busy_timeout").fetchone()[0])
        raw.execute("PRAGMA busy_timeout = 0")
        deadline = time.monotonic() + max(5.0, timeout_ms / 1000)
        try:
            while True:
                try:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                    return
                except OperationalError as exc:
                    if "locked" not in str(exc) or time.monotonic() > deadline:
                        raise
                    self.contended = True
                    time.sleep(_SQLITE_RETRY)
        finally:
            raw.execute(f"PRAGMA busy_timeout = {timeout_ms}")

    def _append(self, conn: Connection, rows: Sequence[dict[str, Any]]) -> list[int]:
        prev = conn.execute(self._last_hash).scalar() or GENESIS
        chained = []
        for row in rows:
            linked = dict(row, prev_hash=prev)  # the caller's rows stay as they were
            linked["hash"] = prev = _chain_hash(prev, linked)
            chained.append(linked)
        if len(chained) == 1:
            pk = conn.execute(self._insert, chained[0]).inserted_primary_key
            assert pk is not None
            return [int(pk[0])]
        result = conn.execute(self._insert_many, chained)
        return [int(i) for i in result.scalars()]

    # -- reading ------------------------------------------------------------------------
    def records(
        self,
        limit: int = 100,
        after_id: int = 0,
        kind: str | None = None,
        subject: str | None = None,
        newest_first: bool = False,
    ) -> list[AuditRecord]:
        """Records in the order written (oldest first, or newest first), after ``after_id``."""
        q = _filtered(select(audit_log), kind, subject)
        if after_id:
            q = q.where(audit_log.c.id < after_id if newest_first else audit_log.c.id > after_id)
        order = audit_log.c.id.desc() if newest_first else audit_log.c.id
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(order).limit(limit)).all()
        return [_record(r) for r in rows]

    def iter_all(self, batch: int = 1000) -> Iterator[AuditRecord]:
        after = 0
        while True:
            chunk = self.records(limit=batch, after_id=after)
            if not chunk:
                return
            yield from chunk
            after = chunk[-1].id

    def count(self, kind: str | None = None, subject: str | None = None) -> int:
        """Records in all, or of one kind / about one subject."""
        q = _filtered(select(func.count()).select_from(audit_log), kind, subject)
        with self.engine.connect() as conn:
            return int(conn.scalar(q) or 0)

    def verify(self) -> Verification:
        """Recompute the chain; the first record whose hash or link does not hold."""
        prev: str | None = None
        n = unchained = 0
        with self.engine.connect() as conn:
            rows = conn.execution_options(stream_results=True).execute(
                select(audit_log).order_by(audit_log.c.id)
            )
            for r in rows:
                n += 1
                if r.hash is None:
                    if prev is not None:
                        return Verification(
                            False, n, unchained, r.id, "a record without a hash after the chain"
                        )
                    unchained += 1
                    continue
                expected_prev = prev or GENESIS
                if r.prev_hash != expected_prev:
                    return Verification(
                        False,
                        n,
                        unchained,
                        r.id,
                        "the record does not follow the one before it (a record was removed "
                        "or inserted)",
                    )
                if _chain_hash(r.prev_hash, r._asdict()) != r.hash:
                    return Verification(
                        False, n, unchained, r.id, "the record's content was changed"
                    )
                prev = r.hash
        return Verification(True, n, unchained)

    def export(self, out: IO[str], fmt: str) -> int:
        """Write every record as JSON lines (``jsonl``) or CSV (``csv``); returns the count."""
        if fmt not in ("jsonl", "csv"):
            raise ValueError(f"unknown audit export format {fmt!r} (use jsonl or csv)")
        writer = SafeWriter(out) if fmt == "csv" else None  # no formula runs in a spreadsheet
        if writer is not None:
            writer.writerow(EXPORT_FIELDS)
        n = 0
        for record in self.iter_all():
            data = record.to_dict()
            if writer is not None:
                writer.writerow(
                    [
                        v if isinstance(v, str | int | type(None)) else orjson.dumps(v).decode()
                        for v in (data[f] for f in EXPORT_FIELDS)
                    ]
                )
            else:
                out.write(orjson.dumps({f: data[f] for f in EXPORT_FIELDS}).decode() + "\n")
            n += 1
        return n


def _record(r: Any) -> AuditRecord:
    try:
        request = orjson.loads(r.request)
    except orjson.JSONDecodeError:
        request = r.request
    return AuditRecord(
        id=r.id,
        at=_utc(r.at),
        key_id=r.key_id,
        key_name=r.key_name,
        endpoint=r.endpoint,
        status=r.status,
        request_sha256=r.request_sha256,
        request=request,
        lists=orjson.loads(r.lists),
        results=orjson.loads(r.results),
        error=r.error,
        kind=r.kind or "request",
        subject=r.subject,
        prev_hash=r.prev_hash,
        hash=r.hash,
    )
