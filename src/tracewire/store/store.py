"""The versioned entity store.

Every load of a dataset becomes a new version, written in a single transaction: a
reader sees the previous version until the new one is complete, and a load that fails
leaves nothing behind. Loading bytes whose sha256 the dataset already has is a no-op.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event, func, insert, select
from sqlalchemy.engine import Connection

from tracewire.errors import (
    StoreError,
    UnknownDatasetError,
    UnknownEntityError,
    UnknownVersionError,
)
from tracewire.model import Entity
from tracewire.sources.base import ParseResult, ParseWarning
from tracewire.store.migrate import begin_immediate, upgrade
from tracewire.store.notify import announce
from tracewire.store.schema import (
    blobs,
    pending_rescreens,
    refs,
    version_entities,
    versions,
)

BATCH = 2000
#: PostgreSQL advisory lock id held by a load for its whole transaction ("twld")
PG_LOAD_LOCK = 0x74776C64
#: how long a load waits for another one to finish (seconds)
LOAD_WAIT = 600.0


@dataclass
class VersionInfo:
    id: int
    dataset: str
    seq: int
    format: str
    source: str
    sha256: str
    publisher_date: str | None
    loaded_at: datetime
    entity_count: int
    schema_counts: dict[str, int]
    rows: dict[str, int]
    warnings: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "version": self.seq,
            "format": self.format,
            "source": self.source,
            "sha256": self.sha256,
            "publisher_date": self.publisher_date,
            "loaded_at": self.loaded_at.isoformat(),
            "entity_count": self.entity_count,
            "schema_counts": self.schema_counts,
            "rows": self.rows,
            "warning_count": len(self.warnings),
        }


@dataclass
class LoadReport:
    version: VersionInfo
    created: bool  # False: the same bytes were already loaded (no-op)
    warnings: list[ParseWarning] = field(default_factory=list)
    #: when the same bytes are an older version than the current one: the current one
    current: VersionInfo | None = None

    def to_dict(self) -> dict[str, Any]:
        data = self.version.to_dict()
        data["created"] = self.created
        data["current_version"] = (self.current or self.version).seq
        data["warnings"] = [w.to_dict() for w in self.warnings]
        return data


#: how long a connection waits to switch a fresh database to WAL while another holds it
WAL_SWITCH_SECONDS = 30.0


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    # switching the journal mode answers "database is locked" at once, without the
    # busy timeout, when another process opening the same fresh file holds it: retry
    deadline = time.monotonic() + WAL_SWITCH_SECONDS
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


class Store:
    """Versioned store of list entities over SQLAlchemy (SQLite file or PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- versions -----------------------------------------------------------------------
    @staticmethod
    def _version(row: Any) -> VersionInfo:
        loaded = row.loaded_at
        if loaded.tzinfo is None:
            loaded = loaded.replace(tzinfo=UTC)
        return VersionInfo(
            id=row.id,
            dataset=row.dataset,
            seq=row.seq,
            format=row.format,
            source=row.source,
            sha256=row.sha256,
            publisher_date=row.publisher_date,
            loaded_at=loaded,
            entity_count=row.entity_count,
            schema_counts=json.loads(row.schema_counts),
            rows=json.loads(row.rows),
            warnings=json.loads(row.warnings),
        )

    def datasets(self) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(versions.c.dataset).distinct().order_by(versions.c.dataset))
            return [r[0] for r in rows]

    def versions(self, dataset: str) -> list[VersionInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(versions).where(versions.c.dataset == dataset).order_by(versions.c.seq)
            ).all()
        if not rows:
            raise UnknownDatasetError(f"No dataset named {dataset!r} is loaded")
        return [self._version(r) for r in rows]

    def version(self, dataset: str, seq: int | None = None) -> VersionInfo:
        """A version by number; the latest when ``seq`` is None. Negative counts back."""
        all_versions = self.versions(dataset)
        if seq is None:
            return all_versions[-1]
        if seq < 0 and -seq <= len(all_versions):
            return all_versions[seq]
        for v in all_versions:
            if v.seq == seq:
                return v
        raise UnknownVersionError(
            f"Dataset {dataset!r} has no version {seq} (versions 1 to {all_versions[-1].seq})"
        )

    def current_versions(self) -> list[VersionInfo]:
        with self.engine.connect() as conn:
            latest = (
                select(versions.c.dataset, func.max(versions.c.seq).label("seq"))
                .group_by(versions.c.dataset)
                .subquery()
            )
            rows = conn.execute(
                select(versions)
                .join(
                    latest,
                    (versions.c.dataset == latest.c.dataset) & (versions.c.seq == latest.c.seq),
                )
                .order_by(versions.c.dataset)
            ).all()
        return [self._version(r) for r in rows]

    def versions_stamp(self) -> tuple[int, int]:
        """(versions stored, the highest version id): a cheap check for a new version.

        Versions are only ever added (a load, or ``lists use`` storing an older one
        again as the next), each committed with a new id, so the stamp moves whenever
        the current versions may have changed; a service polls it and reads the full
        :meth:`current_versions` only when it moved."""
        with self.engine.connect() as conn:
            count, top = conn.execute(select(func.count(), func.max(versions.c.id))).one()
        return int(count), int(top or 0)

    # -- loading ------------------------------------------------------------------------
    def find_sha(self, dataset: str, sha256: str) -> VersionInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(versions)
                .where(versions.c.dataset == dataset, versions.c.sha256 == sha256)
                .order_by(versions.c.seq.desc())
                .limit(1)
            ).first()
        return None if row is None else self._version(row)

    def load(self, result: ParseResult, source: str, sha256: str) -> LoadReport:
        """Store a parse result as the dataset's next version, atomically.

        Loads are serialised (an advisory lock on PostgreSQL, SQLite's write lock taken
        up front): the check for the same bytes, the next version number and the writes
        happen in one transaction that no other load interleaves with. The version is
        recorded as pending a portfolio rescreen in that same transaction."""
        existing = self.find_sha(result.dataset, sha256)
        if existing is not None:
            return LoadReport(existing, created=False)
        entities = _dedupe(result)
        if not entities:
            raise StoreError(
                f"{source}: the file(s) hold no entities; nothing was loaded "
                f"(the previous version of {result.dataset!r} is unchanged)"
            )
        schema_counts: dict[str, int] = {}
        for e in entities:
            schema_counts[e.schema] = schema_counts.get(e.schema, 0) + 1
        with self.engine.connect() as conn:
            self._lock_loads(conn)
            # again under the lock: another process may have loaded these bytes meanwhile
            same = conn.execute(
                select(versions)
                .where(versions.c.dataset == result.dataset, versions.c.sha256 == sha256)
                .order_by(versions.c.seq.desc())
                .limit(1)
            ).first()
            if same is not None:
                conn.rollback()
                return LoadReport(self._version(same), created=False)
            now = datetime.now(UTC)
            seq = (
                conn.execute(
                    select(func.max(versions.c.seq)).where(versions.c.dataset == result.dataset)
                ).scalar()
                or 0
            ) + 1
            pk = conn.execute(
                insert(versions).values(
                    dataset=result.dataset,
                    seq=seq,
                    format=result.format,
                    source=source,
                    sha256=sha256,
                    publisher_date=result.publisher_date,
                    loaded_at=now,
                    entity_count=len(entities),
                    schema_counts=json.dumps(dict(sorted(schema_counts.items()))),
                    rows=json.dumps(result.rows),
                    warnings=json.dumps([w.to_dict() for w in result.warnings]),
                )
            ).inserted_primary_key
            if pk is None:
                raise StoreError("the database returned no id for the new version")
            vid = int(pk[0])
            conn.execute(
                insert(pending_rescreens).values(
                    version_id=vid, dataset=result.dataset, seq=seq, created_at=now
                )
            )
            self._write_entities(conn, vid, entities)
            row = conn.execute(select(versions).where(versions.c.id == vid)).one()
            announce(conn)  # every service sharing the store reloads once this commits
            conn.commit()
        return LoadReport(self._version(row), created=True, warnings=list(result.warnings))

    def _lock_loads(self, conn: Connection) -> None:
        """Serialise loads for the rest of ``conn``'s transaction."""
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOAD_LOCK})")
        elif conn.dialect.name == "sqlite":
            begin_immediate(conn, LOAD_WAIT)

    # -- pending rescreens --------------------------------------------------------------
    def pending_rescreens(self) -> list[VersionInfo]:
        """Versions loaded whose portfolio rescreen has not run yet, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(versions)
                .join(pending_rescreens, pending_rescreens.c.version_id == versions.c.id)
                .order_by(versions.c.id)
            ).all()
        return [self._version(r) for r in rows]

    def rescreened(self, done: Sequence[VersionInfo]) -> None:
        """Mark these versions' rescreens done."""
        if not done:
            return
        with self.engine.begin() as conn:
            conn.execute(
                pending_rescreens.delete().where(
                    pending_rescreens.c.version_id.in_([v.id for v in done])
                )
            )

    def _write_entities(self, conn: Connection, vid: int, entities: Sequence[Entity]) -> None:
        for start in range(0, len(entities), BATCH):
            chunk = entities[start : start + BATCH]
            blob_rows: dict[str, str] = {}
            ve_rows = []
            ref_rows = []
            for e in chunk:
                digest = e.content_hash()
                blob_rows[digest] = e.to_json().decode("utf-8")
                ve_rows.append(
                    {
                        "version_id": vid,
                        "entity_id": e.id,
                        "schema": e.schema,
                        "source_id": e.source_id,
                        "caption": e.caption,
                        "hash": digest,
                    }
                )
                for prop, target in e.edge_refs():
                    ref_rows.append(
                        {"version_id": vid, "entity_id": e.id, "prop": prop, "target_id": target}
                    )
            known = {
                r[0]
                for r in conn.execute(select(blobs.c.hash).where(blobs.c.hash.in_(list(blob_rows))))
            }
            new_blobs = [{"hash": h, "data": d} for h, d in blob_rows.items() if h not in known]
            if new_blobs:
                conn.execute(insert(blobs), new_blobs)
            conn.execute(insert(version_entities), ve_rows)
            if ref_rows:
                conn.execute(insert(refs), ref_rows)

    # -- reading entities ---------------------------------------------------------------
    def entities(self, dataset: str, seq: int | None = None) -> Iterator[Entity]:
        version = self.version(dataset, seq)
        yield from self.version_entities(version)

    def version_entities(self, version: VersionInfo) -> Iterator[Entity]:
        with self.engine.connect() as conn:
            rows = conn.execution_options(stream_results=True).execute(
                select(blobs.c.data)
                .join(version_entities, version_entities.c.hash == blobs.c.hash)
                .where(version_entities.c.version_id == version.id)
                .order_by(version_entities.c.entity_id)
            )
            for (data,) in rows:
                yield Entity.from_ftm(orjson.loads(data), version.dataset)

    def version_hashes(self, version: VersionInfo) -> dict[str, str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(version_entities.c.entity_id, version_entities.c.hash).where(
                    version_entities.c.version_id == version.id
                )
            )
            return {r[0]: r[1] for r in rows}

    def blob(self, digest: str, dataset: str) -> Entity:
        with self.engine.connect() as conn:
            data = conn.execute(select(blobs.c.data).where(blobs.c.hash == digest)).scalar_one()
        return Entity.from_ftm(orjson.loads(data), dataset)

    def get_entity(self, entity_id: str) -> list[tuple[Entity, VersionInfo]]:
        """The entity with this id in the current version of every dataset holding it."""
        current = {v.id: v for v in self.current_versions()}
        if not current:
            raise UnknownEntityError(f"No entity {entity_id!r}: no lists are loaded")
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(version_entities.c.version_id, blobs.c.data)
                .join(blobs, version_entities.c.hash == blobs.c.hash)
                .where(
                    version_entities.c.entity_id == entity_id,
                    version_entities.c.version_id.in_(list(current)),
                )
            ).all()
        if not rows:
            raise UnknownEntityError(f"No entity with id {entity_id!r} in the current lists")
        out = []
        for vid, data in rows:
            v = current[vid]
            out.append((Entity.from_ftm(orjson.loads(data), v.dataset), v))
        return out

    def referencing(self, entity_id: str) -> list[tuple[Entity, str]]:
        """Entities in current versions that point at ``entity_id``, with the property."""
        current = {v.id: v for v in self.current_versions()}
        if not current:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(refs.c.prop, refs.c.version_id, blobs.c.data)
                .join(
                    version_entities,
                    (version_entities.c.version_id == refs.c.version_id)
                    & (version_entities.c.entity_id == refs.c.entity_id),
                )
                .join(blobs, blobs.c.hash == version_entities.c.hash)
                .where(refs.c.target_id == entity_id, refs.c.version_id.in_(list(current)))
            ).all()
        return [
            (Entity.from_ftm(orjson.loads(data), current[vid].dataset), prop)
            for prop, vid, data in rows
        ]


def _dedupe(result: ParseResult) -> list[Entity]:
    """Merge entities that a parser emitted twice under one id; warn about schema clashes."""
    by_id: dict[str, Entity] = {}
    for e in result.entities:
        seen = by_id.get(e.id)
        if seen is None:
            by_id[e.id] = e
            continue
        if seen.schema != e.schema:
            result.warn(
                result.dataset,
                f"entity {e.id} appears as {seen.schema} and {e.schema}; kept {seen.schema}",
            )
        seen.merge(e)
    return list(by_id.values())
