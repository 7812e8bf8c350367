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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Engine, func, insert, or_, select, update

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


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    #: (line, id, message) of rows that could not be imported
    errors: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        return self.added + self.updated

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": self.unchanged,
            "errors": [{"line": ln, "id": i, "error": m} for ln, i, m in self.errors],
        }


class Portfolio:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create(engine)

    def upsert(self, rows: Iterable[tuple[int, dict[str, Any]]]) -> ImportReport:
        """Add or update parties from (line, row) pairs; bad rows are reported, not fatal.

        The whole import is one transaction: it lands completely or not at all.
        """
        report = ImportReport()
        now = datetime.now(UTC)
        seen: dict[str, int] = {}
        with self.engine.begin() as conn:
            for line, row in rows:
                row_id = _cell(row.get("id")) or str(line)
                try:
                    party = Party.from_row(row, line)
                except TracewireError as exc:
                    report.errors.append((line, row_id, str(exc)))
                    continue
                if party.id in seen:
                    report.errors.append(
                        (line, party.id, f"the id {party.id!r} was already used on line "
                         f"{seen[party.id]}; ids must be unique")
                    )  # fmt: skip
                    continue
                seen[party.id] = line
                old = conn.execute(
                    select(parties.c.fingerprint, parties.c.removed_at).where(
                        parties.c.id == party.id
                    )
                ).first()
                values = party.fields() | {"fingerprint": party.fingerprint, "updated_at": now}
                if old is None:
                    conn.execute(insert(parties).values(id=party.id, added_at=now, **values))
                    report.added.append(party.id)
                elif old.fingerprint != party.fingerprint or old.removed_at is not None:
                    conn.execute(
                        update(parties)
                        .where(parties.c.id == party.id)
                        .values(removed_at=None, **values)
                    )
                    report.updated.append(party.id)
                else:
                    report.unchanged += 1
        return report

    def remove(self, party_id: str) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(parties)
                .where(parties.c.id == party_id, parties.c.removed_at.is_(None))
                .values(removed_at=datetime.now(UTC))
            )
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
        return _party(row)

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
            yield _party(row)

    def count(self, q: str | None = None) -> int:
        stmt = select(func.count()).select_from(parties).where(parties.c.removed_at.is_(None))
        if q:
            like = f"%{q.strip().lower()}%"
            stmt = stmt.where(or_(func.lower(parties.c.name).like(like),
                                  func.lower(parties.c.id).like(like)))  # fmt: skip
        with self.engine.connect() as conn:
            return int(conn.scalar(stmt) or 0)


def _party(row: Any) -> Party:
    return Party(
        id=row.id,
        name=row.name,
        schema=row.schema,
        birth_date=row.birth_date,
        country=row.country,
        gender=row.gender,
        identifiers=row.identifiers,
    )
