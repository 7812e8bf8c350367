"""The service's side of the audit log: every screening request, who made it, what it returned.

Each ``/match`` (and ``/screen``) request that reaches the screener is written before its
response is sent (so an answered request always has its record): the key that asked, the
time, the endpoint with its query string, the request body and its sha256, the list
versions screened against, every result returned (query key, entity id, dataset, score,
match) and, for a request refused as bad input, the error. The log itself, append-only
and hash-chained, is the workflow's :class:`~tracewire.workflow.audit.AuditTrail`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tracewire.api.keys import Principal
from tracewire.workflow.audit import AuditRecord, AuditTrail

__all__ = ["AuditLog", "AuditRecord"]


class AuditLog(AuditTrail):
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
        self.append(
            actor=who.name,
            key_id=who.key_id,
            kind="request",
            endpoint=endpoint,
            status=status,
            request=body,
            lists=lists,
            results=results or {},
            error=error,
        )
