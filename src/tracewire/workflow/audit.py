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

What the chain alone cannot show (records cut from its end, a chain recomputed by the
public recipe from a changed record on) the **anchor** shows: after each commit the
chain's head is appended, signed with a key held outside the database, to a file beside
the store (see :mod:`tracewire.workflow.anchor`). Alert decisions and status changes are
in the chain too: each alert event's record carries the event's id and digest, and
:meth:`AuditTrail.verify` checks every alert's status and history against the chain.

What :meth:`AuditTrail.verify` checks, and reports without ever raising on what it finds:

- every record's hash and link (a record changed, removed or inserted; a fork);
- no record is unchained once chaining began (a hash removed, or every hash removed from
  records written by a chaining version, which always set ``kind``);
- the newest anchored head is in the chain with its hash (records cut from the end, a
  chain recomputed), and every anchor line's signature holds;
- each alert event is in the chain unchanged, none is missing, none was added; each
  alert's status is the one its last chained event gave it.

Export: JSON lines or CSV, one record per line/row, fields as in :data:`EXPORT_FIELDS`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson
from sqlalchemy import Connection, Engine, Select, Table, func, insert, select, type_coerce
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.types import NullType

from tracewire.csv_cells import SafeWriter
from tracewire.errors import InputError
from tracewire.workflow.anchor import Anchor, AnchorState, Head, anchor_path
from tracewire.workflow.tables import alert_events, alerts, audit_log, create

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


@dataclass
class Verification:
    ok: bool
    records: int
    #: records written before the chain existed (an older store), not covered by it
    unchained: int
    first_bad_id: int | None = None
    problem: str | None = None
    #: the chain's head: records chained, the last one's id and hash (for the operator)
    head: Head | None = None
    #: the anchor file, its newest signed head and the records written after it
    anchor: dict[str, Any] | None = None
    #: what holds but deserves a look (unanchored records, alerts older than the chain)
    warnings: list[str] = field(default_factory=list)
    #: alert statuses and alert events checked against the chain
    alerts_checked: int = 0
    events_checked: int = 0

    #: further problems found after the first
    more_problems: list[str] = field(default_factory=list)

    def fail(self, problem: str, record_id: int | None = None) -> Verification:
        if not self.ok:
            self.more_problems.append(problem)
            return self
        self.ok = False
        self.problem = problem
        self.first_bad_id = record_id
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "unchained": self.unchained,
            "first_bad_id": self.first_bad_id,
            "problem": self.problem,
            "head": self.head.to_dict() if self.head else None,
            "anchor": self.anchor,
            "more_problems": self.more_problems,
            "warnings": self.warnings,
            "alerts_checked": self.alerts_checked,
            "events_checked": self.events_checked,
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


def event_digest(row: dict[str, Any]) -> str:
    """The digest of an ``alert_events`` row, carried by its audit record."""
    fields = [
        row["alert_id"],
        _utc(row["at"]).astimezone(UTC).isoformat(timespec="microseconds"),
        row["actor"],
        row["action"],
        row["from_status"],
        row["to_status"],
        row["reason"],
        row["lists"],
    ]
    return hashlib.sha256(orjson.dumps(fields)).hexdigest()


def _raw_rows(conn: Connection, table: Table) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Every row of ``table`` by id, as (id, its values) or (id, why they cannot be read).

    Values are fetched as the driver gives them and converted here, one row at a time,
    so that a value of the wrong type (SQLite keeps whatever it is given) is one row's
    problem, not an exception ending the scan."""
    dialect = conn.dialect
    processors = {
        c.name: c.type.dialect_impl(dialect).result_processor(dialect, None) for c in table.c
    }
    cols = [type_coerce(c, NullType()).label(c.name) for c in table.c]
    rows = conn.execution_options(stream_results=True).execute(select(*cols).order_by(table.c.id))
    for raw in rows:
        data = raw._asdict()
        rid = data["id"]
        try:
            for name, proc in processors.items():
                if proc is not None and data[name] is not None:
                    data[name] = proc(data[name])
            for name in ("at",):
                if not isinstance(data[name], datetime):
                    raise TypeError(f"{name} is not a time")
        except (ValueError, TypeError) as exc:
            yield rid, f"a value that is not of its type ({exc})"
            continue
        yield rid, data


def _filtered(q: Select[Any], kind: str | None, subject: str | None) -> Select[Any]:
    """``q`` restricted to one kind of record and one subject, when given."""
    if kind:
        q = q.where(audit_log.c.kind == kind)
    if subject:
        q = q.where(audit_log.c.subject == subject)
    return q


_HEAD = "tracewire_audit_head"  # conn.info key: the head written in that transaction
#: conn.info key: (the transaction, the hash of the last record it wrote): the next record
#: of the same transaction (a screening's chunk of alerts) chains on without reading it
_TX_HEAD = "tracewire_audit_tx_head"


class AuditTrail:
    def __init__(
        self, engine: Engine, home: Path | None = None, anchor: Anchor | None = None
    ) -> None:
        """``home``: where the anchor of a database without a file (PostgreSQL) is kept
        (default: the data folder); ``anchor``: another anchor (tests)."""
        self.engine = engine
        self.anchor = anchor if anchor is not None else Anchor(anchor_path(engine.url, home))
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
        record commit together); the caller must have called :meth:`lock` on it first,
        and calls :meth:`anchor_committed` once it committed.
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
                    self.anchor_committed(c)
                    return ids
            except IntegrityError:  # another writer took this place in the chain
                if attempt == 4:
                    raise
        raise AssertionError("unreachable")

    def lock(self, conn: Connection) -> None:
        """Serialise writers of the chain for the rest of ``conn``'s transaction.

        Sets :attr:`contended` when another writer held the lock meanwhile."""
        self.contended = False
        conn.info.pop(_HEAD, None)
        conn.info.pop(_TX_HEAD, None)
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
        transaction = conn.get_transaction()
        written = conn.info.get(_TX_HEAD)
        if transaction is not None and written is not None and written[0] is transaction:
            prev = written[1]  # this transaction's own last record, under its lock
        else:
            prev = conn.execute(self._last_hash).scalar() or GENESIS
        chained = []
        for row in rows:
            linked = dict(row, prev_hash=prev)  # the caller's rows stay as they were
            linked["hash"] = prev = _chain_hash(prev, linked)
            chained.append(linked)
        if len(chained) == 1:
            pk = conn.execute(self._insert, chained[0]).inserted_primary_key
            assert pk is not None
            ids = [int(pk[0])]
        else:
            ids = [int(i) for i in conn.execute(self._insert_many, chained).scalars()]
        conn.info[_HEAD] = (ids[-1], prev)
        # the transaction object itself (kept alive here, so never another's identity)
        conn.info[_TX_HEAD] = (conn.get_transaction(), prev)
        return ids

    def anchor_committed(self, conn: Connection) -> None:
        """Anchor the head that ``conn``'s committed transaction wrote (if it wrote one).

        One signed line per transaction, not fsynced: cheap enough for every commit."""
        head = conn.info.pop(_HEAD, None)
        if head is not None:
            self.anchor.append(*head)

    def anchor_head(self) -> Verification:
        """Check the chain and anchor its head now (``tracewire audit anchor``), e.g. for
        a chain written before anchoring existed. Nothing is anchored if the chain or
        an existing anchor does not hold."""
        result = self.verify(require_anchor=False)
        if result.ok and result.head is not None:
            self.anchor.key(create=True)
            self.anchor.append(result.head.id, result.head.hash)
            if self.anchor.error:
                raise InputError(f"cannot write the audit anchor: {self.anchor.error}")
        return result

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

    def verify(self, head: Head | None = None, require_anchor: bool = True) -> Verification:
        """Recompute the chain and check it against its anchor and the alerts; the first
        problem found, with the record it concerns. Never raises for what it finds in
        the database or the anchor; :class:`InputError` when they cannot be read at all
        (no audit table, an anchor without its key).

        ``head``: a head kept by the operator (``tracewire audit head``), whose record
        must be in the chain with that hash and that many records up to it.
        ``require_anchor``: a chain without an anchor file is a problem (default).
        """
        anchor = self.anchor.read()
        result = Verification(True, 0, 0)
        for line, problem in anchor.problems:  # a forged or damaged anchor line comes first
            result.fail(f"the audit anchor {self.anchor.path}, line {line}: {problem}")
        try:
            with self.engine.connect() as conn:
                _snapshot(conn)
                walk = _Walk(result, anchor, head)
                walk.run(conn)
                # records cut from the end explain missing alert events: said first
                _check_anchor(self.anchor.path, anchor, walk, result, require_anchor)
                if result.ok and head is not None:
                    _check_head(head, walk, result)
                if result.ok:
                    _check_alerts(conn, walk, result)
        except SQLAlchemyError as exc:
            raise InputError(f"cannot read the audit trail: {str(exc).splitlines()[0]}") from None
        loose = self.anchor.loose_key()
        if loose:
            result.warnings.append(loose)
        return result

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


def _snapshot(conn: Connection) -> None:
    """Read the chain and the alerts in one snapshot: a decision committed meanwhile is
    either wholly in what is read (its record, event and status) or not at all."""
    if conn.dialect.name == "postgresql":
        conn.execution_options(isolation_level="REPEATABLE READ")
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")  # deferred: a read snapshot, writers go on (WAL)


class _Walk:
    """One pass over the chain in id order: links, hashes, the anchored head, and what
    the alert records say."""

    def __init__(self, result: Verification, anchor: AnchorState, head: Head | None) -> None:
        self.result = result
        self.anchor_id = anchor.head.id if anchor.head else None
        self.anchor_hash = anchor.head.hash if anchor.head else None
        self.anchor_at = anchor.head.at if anchor.head else None
        self.anchor_line = anchor.head.line if anchor.head else None
        self.head_id = head.id if head else None
        #: the hash and the chained records up to the kept head, when reached
        self.at_head: tuple[str, int] | None = None
        self.seen_anchor = False
        self.last_id: int | None = None
        self.chained = 0
        self.after_anchor = 0
        #: alert id -> (its status after its last chained event, that record's id)
        self.status: dict[int, tuple[str, int]] = {}
        #: alert event id -> (its digest, the record carrying it)
        self.events: dict[int, tuple[str, int]] = {}
        self.first_chained_alert: int | None = None

    def run(self, conn: Connection) -> bool:
        """False when the chain is broken (the result says where)."""
        r = self.result
        prev: str | None = None
        for rid, row in _raw_rows(conn, audit_log):
            r.records += 1
            self.last_id = rid
            if isinstance(row, str):
                r.fail(f"record {rid} has {row}: it was changed behind the chain", rid)
                return False
            digest = row["hash"]
            if digest is None:
                if prev is not None:
                    r.fail(f"record {rid} has no hash after the chain began: its hash was "
                           "removed", rid)  # fmt: skip
                    return False
                if row["kind"] is not None:
                    r.fail(f"record {rid} has no hash, but was written by a version that "
                           "chains every record (it has a kind): its hash was removed", rid)  # fmt: skip
                    return False
                r.unchained += 1
                continue
            expected_prev = prev or GENESIS
            if row["prev_hash"] != expected_prev:
                r.fail(self._unlinked(conn, rid, row["prev_hash"]), rid)
                return False
            try:
                holds = _chain_hash(expected_prev, row) == digest
            except (TypeError, ValueError, AttributeError, KeyError) as exc:
                r.fail(f"record {rid} has a value that is not of its type ({exc}): it was "
                       "changed behind the chain", rid)  # fmt: skip
                return False
            if not holds:
                r.fail(f"record {rid}'s content was changed (its hash no longer holds)", rid)
                return False
            prev = digest
            self.chained += 1
            r.head = Head(self.chained, rid, digest)
            if self.anchor_id is not None:
                if rid == self.anchor_id:
                    self.seen_anchor = True
                    if digest != self.anchor_hash:
                        r.fail(
                            f"record {rid} is not the one anchored on {self.anchor_at} (anchor "
                            f"line {self.anchor_line}): the chain was rewritten at or before "
                            "it and its hashes recomputed",
                            rid,
                        )
                        return False
                elif rid > self.anchor_id:
                    self.after_anchor += 1
            if rid == self.head_id:
                self.at_head = (digest, self.chained)
            if str(row["endpoint"]).startswith("alert.") and row["kind"] in ("alert", "decision"):
                self._alert_record(rid, row["request"])
        return True

    def _unlinked(self, conn: Connection, rid: int, prev_hash: Any) -> str:
        """Why record ``rid`` does not follow the one before it."""
        other = None
        if isinstance(prev_hash, str):
            other = conn.scalar(
                select(audit_log.c.id)
                .where(audit_log.c.prev_hash == prev_hash, audit_log.c.id != rid)
                .order_by(audit_log.c.id)
                .limit(1)
            )
        if other is not None:
            return (
                f"the chain is forked: records {other} and {rid} both claim to follow the "
                "same record (a record was inserted behind the chain)"
            )
        return f"record {rid} does not follow the one before it (a record was removed or inserted)"

    def _alert_record(self, rid: int, request: str) -> None:
        try:
            data = orjson.loads(request)
        except orjson.JSONDecodeError:
            return
        if not isinstance(data, dict):
            return
        alert, to = data.get("alert"), data.get("to")
        if not isinstance(alert, int) or not isinstance(to, str):
            return
        self.status[alert] = (to, rid)
        if data.get("action") == "opened" and self.first_chained_alert is None:
            self.first_chained_alert = alert
        event, digest = data.get("event"), data.get("event_sha256")
        if isinstance(event, int) and isinstance(digest, str):
            self.events[event] = (digest, rid)


def _check_alerts(conn: Connection, walk: _Walk, r: Verification) -> None:
    """Each alert event in the chain unchanged, none missing or added; each alert's status
    the one its last chained event gave it."""
    first_event = min(walk.events) if walk.events else None
    seen: set[int] = set()
    legacy_events = 0
    for eid, row in _raw_rows(conn, alert_events):
        if isinstance(row, str):
            r.fail(f"alert event {eid} has {row}: it was changed behind the audit chain")
            return
        known = walk.events.get(eid)
        if known is not None:
            seen.add(eid)
            try:
                digest = event_digest(row)
            except (TypeError, ValueError) as exc:
                digest = f"unreadable: {exc}"
            if digest != known[0]:
                r.fail(
                    f"alert event {eid} (alert {row['alert_id']}: {row['action']} → "
                    f"{row['to_status']}) was changed: it no longer matches its audit "
                    f"record {known[1]}",
                    known[1],
                )
                return
            r.events_checked += 1
        elif first_event is not None and eid > first_event:
            r.fail(
                f"alert event {eid} (alert {row['alert_id']}: {row['action']} → "
                f"{row['to_status']} by {row['actor']}) is not in the audit chain: it was "
                "added behind it"
            )
            return
        else:
            legacy_events += 1
    for eid in sorted(set(walk.events) - seen):
        rid = walk.events[eid][1]
        r.fail(f"alert event {eid} (in audit record {rid}) was removed from the alert's "
               "history", rid)  # fmt: skip
        return
    legacy_alerts = 0
    statuses: set[int] = set()
    rows = conn.execute(select(alerts.c.id, type_coerce(alerts.c.status, NullType())))
    for alert_id, status in rows:
        statuses.add(alert_id)
        expected = walk.status.get(alert_id)
        if expected is None:
            if walk.first_chained_alert is not None and alert_id > walk.first_chained_alert:
                r.fail(f"alert {alert_id} ({status}) has no record in the audit chain: it "
                       "was added behind it")  # fmt: skip
                return
            legacy_alerts += 1
            continue
        if status != expected[0]:
            r.fail(
                f"alert {alert_id} is {status} but its last decision in the audit chain "
                f"(record {expected[1]}) made it {expected[0]}: its status was changed "
                "behind the chain",
                expected[1],
            )
            return
        r.alerts_checked += 1
    for alert_id in sorted(set(walk.status) - statuses):
        rid = walk.status[alert_id][1]
        r.fail(f"alert {alert_id} is in the audit chain (record {rid}) but no longer among "
               "the alerts: it was removed", rid)  # fmt: skip
        return
    if legacy_alerts or legacy_events:
        r.warnings.append(
            f"{legacy_alerts} alerts and {legacy_events} alert events are older than the "
            "chain's coverage of alerts: not checked against it"
        )


def _check_anchor(
    path: Path | None,
    anchor: AnchorState,
    walk: _Walk,
    r: Verification,
    require: bool,
) -> None:
    """The chain against its anchor: the newest anchored head is in it, nothing cut."""
    r.anchor = {
        "path": str(path) if path else None,
        "lines": anchor.lines,
        "id": anchor.head.id if anchor.head else None,
        "hash": anchor.head.hash if anchor.head else None,
        "at": anchor.head.at if anchor.head else None,
        "unanchored": walk.after_anchor if anchor.head else walk.chained,
    }
    if not r.ok:  # the chain is broken before the end: nothing to compare
        return
    if anchor.unreadable:
        lines = ", ".join(str(n) for n in anchor.unreadable[:5])
        r.warnings.append(
            f"line {lines} of the audit anchor {path} is not an anchor line (a write cut "
            "short by a crash, or the file edited): ignored"
        )
    if path is None:
        if walk.chained:
            r.warnings.append("an in-memory database has no anchor: records cut from the end "
                              "would go unseen")  # fmt: skip
        return
    head = anchor.head
    if head is None:
        if walk.chained and require:
            r.fail(
                f"the chain's head is not anchored ({path} is missing or empty): records cut "
                "from its end, or a chain recomputed from a changed record, would go "
                "unseen. If this store's chain predates anchoring, anchor it once with "
                "`tracewire audit anchor`"
            )
        return
    if not walk.seen_anchor:
        where = f"the anchor {path} (line {head.line}, {head.at})"
        if walk.last_id is not None and walk.last_id >= head.id:
            r.fail(f"record {head.id}, the head anchored in {where}, is not in the chain: the "
                   "chain was removed or rewritten", head.id)  # fmt: skip
        else:
            last = f"record {walk.last_id}" if walk.last_id is not None else "no record"
            r.fail(
                f"records were removed from the end: the trail ends at {last}, but {where} "
                f"says the chain reached record {head.id}",
                head.id,
            )
        return
    if walk.after_anchor:
        r.warnings.append(
            f"{walk.after_anchor} records after the last anchored head (record {head.id}, "
            f"{head.at}) are not anchored (an anchor write failed, or its line was removed)"
        )


def _check_head(head: Head, walk: _Walk, r: Verification) -> None:
    """The chain against a head the operator kept."""
    if walk.at_head is None:
        r.fail(f"record {head.id}, the kept head, is not in the chain: records were removed "
               "from the end or the chain was rewritten", head.id)  # fmt: skip
    elif walk.at_head[0] != head.hash:
        r.fail(f"record {head.id} is not the kept head (its hash differs): the chain was "
               "rewritten at or before it", head.id)  # fmt: skip
    elif walk.at_head[1] != head.records:
        r.fail(f"the chain holds {walk.at_head[1]} records up to record {head.id}, the kept "
               f"head says {head.records}", head.id)  # fmt: skip


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
