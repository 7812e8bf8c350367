"""The monitored portfolio: the counterparties tracewire keeps screened.

A party has the batch-screening columns (``id``, ``name``, ``schema``, ``birth_date``,
``country``/``nationality``, ``gender``, ``identifiers``; see :mod:`tracewire.screen.batch`)
and is imported from the same CSV, JSON lines or Parquet files, or added through the API.
Each party keeps a ``fingerprint`` of those fields: importing a party again with other
fields (a new alias, a corrected birth date) is an update, which makes earlier decisions
on its alerts reopen when it still matches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, bindparam, func, insert, or_, select, update

from tracewire.errors import NotFoundError, TracewireError
from tracewire.match import Query
from tracewire.screen.batch import row_to_query
from tracewire.workflow.tables import create, parties

#: the party fields, as in batch screening files
FIELDS = ("name", "schema", "birth_date", "country", "gender", "identifiers")


@dataclass(frozen=True)
class Party:
    id: str
    name: str
    schema: str | None = None
    birth_date: str | None = None
    country: str | None = None
    gender: str | None = None
    identifiers: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any], line: int) -> Party:
        """A party from a batch-file row; :class:`InputError` if it cannot be screened."""
        query = row_to_query(row, line)  # validates name, schema, identifiers
        countries = ";".join(
            v for v in (_cell(row.get("country")), _cell(row.get("nationality"))) if v
        )
        return cls(
            id=query.id or str(line),
            name=query.names[0],
            schema=query.schema,
            birth_date=";".join(query.birth_dates) or None,
            country=countries or None,
            gender=query.gender,
            identifiers=_cell(row.get("identifiers")),
        )

    def fields(self) -> dict[str, str | None]:
        return {f: getattr(self, f) for f in FIELDS}

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, **self.fields()}

    @property
    def fingerprint(self) -> str:
        canon = {k: _canon(v) for k, v in self.fields().items()}
        return hashlib.sha256(orjson.dumps(canon, option=orjson.OPT_SORT_KEYS)).hexdigest()

    def query(self) -> Query:
        return Query.from_fields(
            name=self.name,
            schema=self.schema,
            birth_date=self.birth_date,
            country=self.country,
            identifiers=self.identifiers,
            gender=self.gender,
            id=self.id,
        )


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    return str(value).strip() or None


def _canon(value: str | None) -> list[str]:
    return sorted({v.strip().casefold() for v in (value or "").split(";") if v.strip()})


def field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Per field, the values added and removed between two versions of a party."""
    out = []
    for f in FIELDS:
        a = {v.strip() for v in (old.get(f) or "").split(";") if v.strip()}
        b = {v.strip() for v in (new.get(f) or "").split(";") if v.strip()}
        if a != b:
            out.append(
                {"side": "party", "field": f, "added": sorted(b - a), "removed": sorted(a - b)}
            )
    return out


#: ids of added and of updated parties, and rejected rows, that an import report keeps
#: (the counts are exact; the parties themselves are in the store, stamped with the import)
KEPT_IDS = 1_000
#: rows read, checked and written per statement batch of an import
IMPORT_CHUNK = 5_000


@dataclass
class ImportReport:
    #: the first :data:`KEPT_IDS` ids added and updated (all of them: ``added_count``...)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    #: (line, id, message) of the first :data:`KEPT_IDS` rows that could not be imported
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    added_count: int = 0
    updated_count: int = 0
    error_count: int = 0
    #: the ``updated_at`` of every party the import added or changed
    stamp: datetime | None = None
    #: rows read (good and bad)
    rows: int = 0

    @property
    def changed(self) -> list[str]:
        """The kept ids of the parties added or changed (see :attr:`changed_count`)."""
        return self.added + self.updated

    @property
    def changed_count(self) -> int:
        return self.added_count + self.updated_count

    def add(self, party_id: str) -> None:
        self.added_count += 1
        if len(self.added) < KEPT_IDS:
            self.added.append(party_id)

    def update(self, party_id: str) -> None:
        self.updated_count += 1
        if len(self.updated) < KEPT_IDS:
            self.updated.append(party_id)

    def reject(self, line: int, party_id: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < KEPT_IDS:
            self.errors.append((line, party_id, message))

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added_count,
            "updated": self.updated_count,
            "unchanged": self.unchanged,
            "rejected": self.error_count,
            "errors": [{"line": ln, "id": i, "error": m} for ln, i, m in self.errors],
        }


Progress = Callable[[int], None]


class Portfolio:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create(engine)

    def upsert(
        self,
        rows: Iterable[tuple[int, dict[str, Any]]],
        chunk_rows: int = IMPORT_CHUNK,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Add or update parties from (line, row) pairs; bad rows are reported, not fatal.

        The rows are read, checked and written ``chunk_rows`` at a time (one query for the
        chunk's stored parties, one batched insert, one batched update), so memory does
        not grow with the file. The whole import is one transaction all the same: it
        lands completely or not at all (a file that cannot be read to its end, a failed
        write: nothing of it stays). The portfolio's name index (for delta rescreens) is
        kept up to date in the same transaction. ``progress``: called with the rows read.

        An id used twice is rejected on its second line when the first is in the same
        chunk or was added or changed by this import; a repeat of a row already stored
        unchanged is harmless and counted as unchanged.
        """
        from tracewire.workflow import portfolio_index as pindex

        report = ImportReport(stamp=datetime.now(UTC))
        with self.engine.begin() as conn:
            indexed = pindex.is_current(conn)
            if not indexed and conn.execute(select(parties.c.id).limit(1)).first() is None:
                indexed = pindex.start_empty(conn)  # nothing to rebuild: kept from now on
            chunk: list[tuple[int, dict[str, Any]]] = []
            for item in rows:
                chunk.append(item)
                if len(chunk) >= chunk_rows:
                    self._upsert_chunk(conn, chunk, report, indexed)
                    chunk = []
                    if progress is not None:
                        progress(report.rows)
            if chunk:
                self._upsert_chunk(conn, chunk, report, indexed)
                if progress is not None:
                    progress(report.rows)
        return report

    def _upsert_chunk(
        self,
        conn: Connection,
        chunk: list[tuple[int, dict[str, Any]]],
        report: ImportReport,
        indexed: bool,
    ) -> None:
        from tracewire.workflow import portfolio_index as pindex

        now = report.stamp
        report.rows += len(chunk)
        seen: dict[str, int] = {}
        good: list[tuple[int, Party]] = []
        for line, row in chunk:
            row_id = _cell(row.get("id")) or str(line)
            try:
                party = Party.from_row(row, line)
            except TracewireError as exc:
                report.reject(line, row_id, str(exc))
                continue
            if party.id in seen:
                report.reject(line, party.id, f"the id {party.id!r} was already used on line "
                              f"{seen[party.id]}; ids must be unique")  # fmt: skip
                continue
            seen[party.id] = line
            good.append((line, party))
        stored: dict[str, Any] = {}  # id → (id, name, schema, fingerprint, ...) row
        ids = [p.id for _line, p in good]
        for start in range(0, len(ids), 500):
            for kept in conn.execute(
                select(
                    parties.c.id,
                    parties.c.name,
                    parties.c.schema,
                    parties.c.fingerprint,
                    parties.c.removed_at,
                    parties.c.updated_at,
                ).where(parties.c.id.in_(ids[start : start + 500]))
            ):
                stored[kept.id] = kept
        added: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        to_index: list[Party] = []
        to_reindex: list[Party] = []
        for line, party in good:
            old = stored.get(party.id)
            values = party.fields() | {"fingerprint": party.fingerprint, "updated_at": now}
            if old is None:
                added.append({"id": party.id, "added_at": now, "removed_at": None, **values})
                report.add(party.id)
                to_index.append(party)
            elif _same_time(old.updated_at, now):
                report.reject(line, party.id, f"the id {party.id!r} was already used earlier "
                              "in this file; ids must be unique")  # fmt: skip
            elif old.fingerprint != party.fingerprint or old.removed_at is not None:
                changed.append({"b_id": party.id, **values})
                report.update(party.id)
                if (
                    old.removed_at is not None
                    or old.name != party.name
                    or old.schema != party.schema
                ):
                    to_reindex.append(party)
            else:
                report.unchanged += 1
        if added:
            conn.execute(insert(parties), added)
        if changed:
            conn.execute(
                update(parties)
                .where(parties.c.id == bindparam("b_id"))
                .values(removed_at=None, **{k: bindparam(k) for k in (*FIELDS, "fingerprint",
                                                                      "updated_at")}),
                changed,
            )  # fmt: skip
        if indexed:
            pindex.index_parties(conn, to_index, replace=False)
            pindex.index_parties(conn, to_reindex, replace=True)

    def remove(self, party_id: str) -> None:
        from tracewire.workflow import portfolio_index as pindex

        with self.engine.begin() as conn:
            done = conn.execute(
                update(parties)
                .where(parties.c.id == party_id, parties.c.removed_at.is_(None))
                .values(removed_at=datetime.now(UTC))
            )
            pindex.unindex(conn, [party_id])
        if not done.rowcount:
            raise NotFoundError(f"no party with the id {party_id!r} in the portfolio")

    def mark_screened(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            for start in range(0, len(ids), 500):
                conn.execute(
                    update(parties)
                    .where(parties.c.id.in_(ids[start : start + 500]))
                    .values(screened_at=now)
                )

    def get(self, party_id: str) -> Party:
        with self.engine.connect() as conn:
            row = conn.execute(select(parties).where(parties.c.id == party_id)).first()
        if row is None:
            raise NotFoundError(f"no party with the id {party_id!r} in the portfolio")
        return row_party(row)

    def parties(
        self, ids: Iterable[str] | None = None, q: str | None = None, limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[Party]:  # fmt: skip
        """Active parties (all, the given ids, or whose name or id contains ``q``), by id."""
        stmt = select(parties).where(parties.c.removed_at.is_(None)).order_by(parties.c.id)
        if ids is not None:
            stmt = stmt.where(parties.c.id.in_(list(ids)))
        if q:
            like = f"%{q.strip().lower()}%"
            stmt = stmt.where(or_(func.lower(parties.c.name).like(like),
                                  func.lower(parties.c.id).like(like)))  # fmt: skip
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        with self.engine.connect() as conn:
            rows = conn.execute(stmt).all()
        for row in rows:
            yield row_party(row)

    def count(self, q: str | None = None, where: Any = None) -> int:
        """Active parties (whose name or id contains ``q``; meeting ``where``)."""
        stmt = select(func.count()).select_from(parties).where(parties.c.removed_at.is_(None))
        if where is not None:
            stmt = stmt.where(where)
        if q:
            like = f"%{q.strip().lower()}%"
            stmt = stmt.where(or_(func.lower(parties.c.name).like(like),
                                  func.lower(parties.c.id).like(like)))  # fmt: skip
        with self.engine.connect() as conn:
            return int(conn.scalar(stmt) or 0)


def row_party(row: Any) -> Party:
    return Party(
        id=row.id,
        name=row.name,
        schema=row.schema,
        birth_date=row.birth_date,
        country=row.country,
        gender=row.gender,
        identifiers=row.identifiers,
    )


def _same_time(a: datetime | None, b: datetime | None) -> bool:
    """Whether two stored times are the same instant (SQLite gives them back naive, in UTC)."""
    if a is None or b is None:
        return False
    if a.tzinfo is None:
        a = a.replace(tzinfo=UTC)
    if b.tzinfo is None:
        b = b.replace(tzinfo=UTC)
    return a == b
