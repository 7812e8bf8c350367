"""The audit log: every screening request, who made it, and what it returned.

Each ``/match`` request that reaches the screener is written before its response is
sent (so an answered request always has its record): the key that asked, the time, the
endpoint with its query string, the request body and its sha256, the list versions
screened against, every result returned (query key, entity id, dataset, score, match)
and, for a request refused as bad input, the error. The table is append-only (see
:mod:`tracewire.api.tables`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Engine, func, insert, select

from tracewire.api.keys import Principal
from tracewire.api.tables import audit_log, create


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
    results: dict[str, list[dict[str, Any]]]
    error: str | None


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert = insert(audit_log)  # compiled once, executed with each row's values
        create(engine)

    def record(
        self,
        who: Principal,
        endpoint: str,
        status: int,
        body: bytes,
        lists: Sequence[dict[str, Any]] = (),
        results: dict[str, list[dict[str, Any]]] | None = None,
        error: str | None = None,
    ) -> None:
        row = {
            "at": datetime.now(UTC),
            "key_id": who.key_id,
            "key_name": who.name,
            "endpoint": endpoint,
            "status": status,
            "request_sha256": hashlib.sha256(body).hexdigest(),
            "request": body.decode("utf-8", errors="replace"),
            "lists": orjson.dumps(list(lists)).decode("utf-8"),
            "results": orjson.dumps(results or {}).decode("utf-8"),
            "error": error,
        }
        with self.engine.begin() as conn:
            conn.execute(self._insert, row)

    def records(self, limit: int = 100, after_id: int = 0) -> list[AuditRecord]:
        """Records in the order written (oldest first), after ``after_id``."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(audit_log)
                .where(audit_log.c.id > after_id)
                .order_by(audit_log.c.id)
                .limit(limit)
            ).all()
        out = []
        for r in rows:
            at = r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC)
            try:
                request = orjson.loads(r.request)
            except orjson.JSONDecodeError:
                request = r.request
            out.append(
                AuditRecord(
                    r.id,
                    at,
                    r.key_id,
                    r.key_name,
                    r.endpoint,
                    r.status,
                    r.request_sha256,
                    request,
                    orjson.loads(r.lists),
                    orjson.loads(r.results),
                    r.error,
                )
            )
        return out

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(audit_log)) or 0)
