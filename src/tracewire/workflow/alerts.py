"""Alerts and decisions: each match of a monitored party becomes an alert with a status.

An alert is one (party, listed entity) pair. Its status is ``open``, ``escalated``,
``false_positive`` or ``true_match``; every change is a decision with who, when, why and
the list versions in force, kept in the alert's history (and in the audit trail).

A false-positive decision holds while both sides stay as they were when it was taken:
the party's screening fields (its fingerprint) and the list entry's matching-relevant
properties (names, birth and other dates, countries, identifiers, gender: a change of
notes or addresses does not undo a decision). When a later screening still matches the pair but either side
changed (a new alias, a new birth date, new list data), the alert reopens and shows
what changed. Open and escalated alerts just take the newest result. When a list entry
behind an open, escalated or confirmed alert leaves its list, the alert is flagged
``designation_removed`` for the analyst to close.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, bindparam, func, insert, or_, select, update

from tracewire.errors import InputError, NotFoundError
from tracewire.match.scoring import MatchResult
from tracewire.model import Entity
from tracewire.workflow.audit import AuditTrail, event_digest
from tracewire.workflow.portfolio import Party, field_changes
from tracewire.workflow.roles import STATUSES, Actor
from tracewire.workflow.tables import alert_events, alerts, create

#: what happened to a matching pair in a screening
OPENED, REOPENED, SUPPRESSED, UPDATED, UNCHANGED = (
    "opened", "reopened", "suppressed", "updated", "unchanged",
)  # fmt: skip
#: the entity properties compared field by field with the party's
COMPARED = {
    "name": ("name", "alias", "weakAlias", "previousName"),
    "birth_date": ("birthDate",),
    "country": ("country", "nationality", "citizenship", "jurisdiction", "flag"),
    "gender": ("gender",),
}
FEATURE_OF_FIELD = {"birth_date": "birth_date", "country": "country", "gender": "gender",
                    "identifiers": "identifier", "name": "name"}  # fmt: skip


@dataclass
class Alert:
    id: int
    party_id: str
    entity_id: str
    dataset: str
    schema: str
    party_name: str
    entity_caption: str
    score: float
    status: str
    result: dict[str, Any]
    lists: list[dict[str, Any]]
    party_fields: dict[str, Any]
    party_fingerprint: str
    entity_fields: dict[str, list[str]]
    entity_hash: str
    changes: list[dict[str, Any]]
    reopened: bool
    designation_removed: bool
    opened_at: datetime
    updated_at: datetime

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "party_id": self.party_id,
            "party_name": self.party_name,
            "entity_id": self.entity_id,
            "entity_caption": self.entity_caption,
            "dataset": self.dataset,
            "schema": self.schema,
            "score": self.score,
            "status": self.status,
            "opened_at": self.opened_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "reopened": self.reopened,
            "designation_removed": self.designation_removed,
        }


@dataclass
class Event:
    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    reason: str | None
    lists: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "from": self.from_status,
            "to": self.to_status,
            "reason": self.reason,
            "lists": self.lists,
        }


@dataclass
class Outcome:
    """What one screening did to the alerts."""

    opened: list[int] = field(default_factory=list)
    reopened: list[int] = field(default_factory=list)
    suppressed: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)

    def add(self, what: str, alert_id: int) -> None:
        if what != UNCHANGED:
            getattr(self, what).append(alert_id)

    def counts(self) -> dict[str, int]:
        return {
            "opened": len(self.opened),
            "reopened": len(self.reopened),
            "suppressed": len(self.suppressed),
            "updated": len(self.updated),
            "designations_removed": len(self.removed),
        }


def _utc(v: datetime) -> datetime:
    return v if v.tzinfo else v.replace(tzinfo=UTC)


def _alert(row: Any) -> Alert:
    return Alert(
        id=row.id,
        party_id=row.party_id,
        entity_id=row.entity_id,
        dataset=row.dataset,
        schema=row.schema,
        party_name=row.party_name,
        entity_caption=row.entity_caption,
        score=row.score,
        status=row.status,
        result=orjson.loads(row.result),
        lists=orjson.loads(row.lists),
        party_fields=orjson.loads(row.party_fields),
        party_fingerprint=row.party_fingerprint,
        entity_fields=orjson.loads(row.entity_fields),
        entity_hash=row.entity_hash,
        changes=orjson.loads(row.changes or "[]"),
        reopened=bool(row.reopened),
        designation_removed=bool(row.designation_removed),
        opened_at=_utc(row.opened_at),
        updated_at=_utc(row.updated_at),
    )


#: property types whose change can change a match, and so reopens a decision
MATERIAL_TYPES = ("name", "identifier", "country", "gender")
MATERIAL_PROPS = ("birthDate", "deathDate", "incorporationDate", "buildDate")


def material_fields(entity: Entity) -> dict[str, list[str]]:
    """The properties of a list entry that matching uses: names, dates, countries, ids."""
    out: dict[str, list[str]] = {"schema": [entity.schema]}
    for prop, values in entity.properties.items():
        p = entity.schema_obj.get(prop)
        if p is None or not values:
            continue
        if p.type.name in MATERIAL_TYPES or prop in MATERIAL_PROPS:
            out[prop] = sorted(set(values))
    return dict(sorted(out.items()))


def material_hash(fields: dict[str, list[str]]) -> str:
    return hashlib.sha256(orjson.dumps(fields, option=orjson.OPT_SORT_KEYS)).hexdigest()


def entity_changes(old: dict[str, list[str]], new: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Per property, the values added and removed between two versions of a list entry."""
    out = []
    for prop in sorted(set(old) | set(new)):
        a, b = set(old.get(prop, [])), set(new.get(prop, []))
        if a != b:
            out.append(
                {"side": "entity", "field": prop, "added": sorted(b - a), "removed": sorted(a - b)}
            )
    return out


def _describe(changes: Sequence[dict[str, Any]]) -> str:
    parts = []
    for c in changes:
        side = "party" if c["side"] == "party" else "list entry"
        bits = [f"+{v}" for v in c["added"]] + [f"-{v}" for v in c["removed"]]
        parts.append(f"{side} {c['field']}: {', '.join(bits) or c.get('note', 'changed')}")
    return "; ".join(parts)


class AlertBook:
    def __init__(self, engine: Engine, audit: AuditTrail) -> None:
        self.engine = engine
        self.audit = audit
        # built once: a screening writes thousands of alerts, and building a statement
        # per alert (``insert(...).values(...)``) costs more than running it
        self._find = select(alerts).where(
            alerts.c.party_id == bindparam("find_party"),
            alerts.c.entity_id == bindparam("find_entity"),
        )
        self._insert_alert = insert(alerts)
        self._insert_event = insert(alert_events)
        self._update_alert = update(alerts).where(alerts.c.id == bindparam("alert_key"))
        create(engine)

    # -- screening results ----------------------------------------------------------------
    def apply(
        self,
        party: Party,
        results: Sequence[MatchResult],
        lists: list[dict[str, Any]],
        actor: Actor,
        outcome: Outcome | None = None,
    ) -> Outcome:
        """Turn a party's matching results into new, reopened, suppressed or updated alerts
        (one transaction: see :meth:`apply_many`)."""
        return self.apply_many([(party, results)], lists, actor, outcome)

    def apply_many(
        self,
        matched: Iterable[tuple[Party, Sequence[MatchResult]]],
        lists: list[dict[str, Any]],
        actor: Actor,
        outcome: Outcome | None = None,
    ) -> Outcome:
        """:meth:`apply` for many parties (a screening's chunk) in one transaction.

        The alerts, their events and their audit records are written under one lock of
        the audit chain, with one commit and one anchor line: each record is still
        chained to the one before it, and the whole chunk is all or nothing (an error
        part-way leaves the store as it was before the chunk, and ``outcome`` without
        it). Parties without a match cost nothing: no transaction is opened for them.
        ``matched`` should be results already computed: the chain's lock is held while
        it is read."""
        outcome = outcome if outcome is not None else Outcome()
        done: list[tuple[str, int]] = []
        with self.engine.connect() as conn:
            locked = False
            for party, results in matched:
                for result in results:
                    if not result.match:
                        continue
                    if not locked:  # the chain's lock, at the first alert written
                        self.audit.lock(conn)
                        locked = True
                    done.append(self._apply_one(conn, party, result, lists, actor))
            if locked:
                conn.commit()
                self.audit.anchor_committed(conn)
        for what, alert_id in done:
            outcome.add(what, alert_id)
        return outcome

    def _apply_one(
        self,
        conn: Connection,
        party: Party,
        result: MatchResult,
        lists: list[dict[str, Any]],
        actor: Actor,
    ) -> tuple[str, int]:
        entity = result.entity
        fields = material_fields(entity)
        digest = material_hash(fields)
        now = datetime.now(UTC)
        data = result.to_dict()
        row = conn.execute(self._find, {"find_party": party.id, "find_entity": entity.id}).first()
        current = {
            "score": round(result.score, 4),
            "result": orjson.dumps(data).decode(),
            "lists": orjson.dumps(lists).decode(),
            "party_name": party.name,
            "entity_caption": entity.caption,
            "updated_at": now,
            "designation_removed": False,
        }
        if row is None:
            alert_id = conn.execute(
                self._insert_alert,
                {
                    "party_id": party.id,
                    "entity_id": entity.id,
                    "dataset": entity.dataset,
                    "schema": entity.schema,
                    "status": "open",
                    "party_fields": orjson.dumps(party.fields()).decode(),
                    "party_fingerprint": party.fingerprint,
                    "entity_fields": orjson.dumps(fields).decode(),
                    "entity_hash": digest,
                    "changes": "[]",
                    "reopened": False,
                    "opened_at": now,
                    **current,
                },
            ).inserted_primary_key[0]  # type: ignore[index]
            summary = (
                f"alert {alert_id} opened: {party.name} ({party.id}) matches "
                f"{entity.caption} ({entity.dataset}) at {result.score:.2f}"
            )
            self._event(conn, alert_id, actor, "opened", None, "open", None, lists, summary)
            return OPENED, int(alert_id)
        alert = _alert(row)
        same = alert.party_fingerprint == party.fingerprint and alert.entity_hash == digest
        if alert.status == "false_positive" and same:
            return SUPPRESSED, alert.id
        if same:
            conn.execute(self._update_alert, {"alert_key": alert.id, **current})
            return UNCHANGED, alert.id
        changes = field_changes(alert.party_fields, party.fields())
        if alert.entity_hash != digest:
            changes += entity_changes(alert.entity_fields, fields)
        values = current | {
            "party_fields": orjson.dumps(party.fields()).decode(),
            "party_fingerprint": party.fingerprint,
            "entity_fields": orjson.dumps(fields).decode(),
            "entity_hash": digest,
            "changes": orjson.dumps(changes).decode(),
        }
        if alert.status == "false_positive":
            values |= {"status": "open", "reopened": True}
            conn.execute(self._update_alert, {"alert_key": alert.id, **values})
            summary = f"alert {alert.id} reopened: {_describe(changes)}"
            self._event(
                conn, alert.id, actor, "reopened", "false_positive", "open", _describe(changes),
                lists, summary,
            )  # fmt: skip
            return REOPENED, alert.id
        conn.execute(self._update_alert, {"alert_key": alert.id, **values})
        summary = f"alert {alert.id} changed: {_describe(changes)}"
        self._event(conn, alert.id, actor, "changed", alert.status, alert.status,
                    _describe(changes), lists, summary)  # fmt: skip
        return UPDATED, alert.id

    def live_entity_ids(self) -> set[str]:
        """The list entries of the alerts a removal would flag (not false positives, not
        flagged yet)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(alerts.c.entity_id)
                .where(
                    alerts.c.status != "false_positive",
                    alerts.c.designation_removed.is_(False),
                )
                .distinct()
            )
            return {r[0] for r in rows}

    def designations_removed(
        self, entity_ids: set[str], lists: list[dict[str, Any]], actor: Actor
    ) -> list[int]:
        """Flag alerts (other than false positives) whose list entry left the lists."""
        if not entity_ids:
            return []
        flagged = []
        with self.engine.connect() as conn:
            self.audit.lock(conn)
            rows = conn.execute(
                select(alerts.c.id, alerts.c.status, alerts.c.entity_caption).where(
                    alerts.c.entity_id.in_(sorted(entity_ids)),
                    alerts.c.status != "false_positive",
                    alerts.c.designation_removed.is_(False),
                )
            ).all()
            now = datetime.now(UTC)
            for r in rows:
                conn.execute(
                    update(alerts)
                    .where(alerts.c.id == r.id)
                    .values(designation_removed=True, updated_at=now)
                )
                summary = f"alert {r.id}: {r.entity_caption} is no longer on its list"
                self._event(conn, r.id, actor, "designation_removed", r.status, r.status,
                            "the list entry was removed from its list", lists, summary)  # fmt: skip
                flagged.append(r.id)
            conn.commit()
            self.audit.anchor_committed(conn)
        return flagged

    # -- decisions ----------------------------------------------------------------------
    def decide(
        self, alert_id: int, status: str, reason: str, actor: Actor, lists: list[dict[str, Any]]
    ) -> Alert:
        """Record a decision; the role decides what is allowed (see roles.Actor)."""
        reason = (reason or "").strip()
        if not reason:
            raise InputError("a decision needs a reason")
        with self.engine.connect() as conn:
            self.audit.lock(conn)
            row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
            if row is None:
                raise NotFoundError(f"no alert with the id {alert_id}")
            actor.check_decision(row.status, status)
            now = datetime.now(UTC)
            values: dict[str, Any] = {"status": status, "updated_at": now}
            if status != "open":
                values["reopened"] = False
            conn.execute(update(alerts).where(alerts.c.id == alert_id).values(**values))
            summary = (
                f"alert {alert_id} ({row.party_name} / {row.entity_caption}): "
                f"{row.status} → {status} by {actor.name}: {reason}"
            )
            self._event(conn, alert_id, actor, "decided", row.status, status, reason, lists,
                        summary, kind="decision")  # fmt: skip
            conn.commit()
            self.audit.anchor_committed(conn)
        return self.get(alert_id)

    def _event(
        self,
        conn: Connection,
        alert_id: int,
        actor: Actor,
        action: str,
        from_status: str | None,
        to_status: str | None,
        reason: str | None,
        lists: list[dict[str, Any]],
        summary: str,
        kind: str = "alert",
    ) -> None:
        event = {
            "alert_id": alert_id,
            "at": datetime.now(UTC),
            "actor": actor.name,
            "action": action,
            "from_status": from_status,
            "to_status": to_status,
            "reason": reason,
            "lists": orjson.dumps(lists).decode(),
        }
        pk = conn.execute(self._insert_event, event).inserted_primary_key
        assert pk is not None
        # the event's id and digest enter the chain: verify finds it changed or removed
        self.audit.append(
            actor=actor.name,
            kind=kind,
            endpoint=f"alert.{action}",
            subject=f"alert:{alert_id}",
            request={
                "summary": summary,
                "alert": alert_id,
                "action": action,
                "from": from_status,
                "to": to_status,
                "reason": reason,
                "event": int(pk[0]),
                "event_sha256": event_digest(event),
            },  # fmt: skip
            lists=lists,
            conn=conn,
        )

    # -- reading ------------------------------------------------------------------------
    def get(self, alert_id: int) -> Alert:
        with self.engine.connect() as conn:
            row = conn.execute(select(alerts).where(alerts.c.id == alert_id)).first()
        if row is None:
            raise NotFoundError(f"no alert with the id {alert_id}")
        return _alert(row)

    def history(self, alert_id: int) -> list[Event]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(alert_events)
                .where(alert_events.c.alert_id == alert_id)
                .order_by(alert_events.c.id)
            ).all()
        return [
            Event(
                _utc(r.at),
                r.actor,
                r.action,
                r.from_status,
                r.to_status,
                r.reason,
                orjson.loads(r.lists),
            )  # fmt: skip
            for r in rows
        ]

    def _filtered(
        self,
        stmt: Any,
        status: str | None,
        dataset: str | None,
        q: str | None,
        party_id: str | None,
    ) -> Any:
        if status:
            if status not in STATUSES:
                raise InputError(f"unknown status {status!r} (use one of {', '.join(STATUSES)})")
            stmt = stmt.where(alerts.c.status == status)
        if dataset:
            stmt = stmt.where(alerts.c.dataset == dataset)
        if party_id:
            stmt = stmt.where(alerts.c.party_id == party_id)
        if q:
            like = f"%{q.strip().lower()}%"
            stmt = stmt.where(
                or_(
                    func.lower(alerts.c.party_name).like(like),
                    func.lower(alerts.c.entity_caption).like(like),
                    func.lower(alerts.c.party_id).like(like),
                )
            )
        return stmt

    def list(
        self,
        status: str | None = None,
        dataset: str | None = None,
        q: str | None = None,
        party_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Alert]:
        """Alerts, most recently changed first."""
        stmt = self._filtered(select(alerts), status, dataset, q, party_id)
        stmt = stmt.order_by(alerts.c.updated_at.desc(), alerts.c.id.desc())
        with self.engine.connect() as conn:
            rows = conn.execute(stmt.limit(limit).offset(offset)).all()
        return [_alert(r) for r in rows]

    def count(
        self,
        status: str | None = None,
        dataset: str | None = None,
        q: str | None = None,
        party_id: str | None = None,
    ) -> int:
        stmt = self._filtered(select(func.count()).select_from(alerts), status, dataset, q,
                              party_id)  # fmt: skip
        with self.engine.connect() as conn:
            return int(conn.scalar(stmt) or 0)

    def counts_by_status(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(alerts.c.status, func.count()).group_by(alerts.c.status)
            ).all()
        return {s: 0 for s in STATUSES} | {r[0]: int(r[1]) for r in rows}


def comparison(alert: Alert, entity: Entity | None) -> list[dict[str, Any]]:
    """The party's fields beside the list entry's, field by field, with each feature's effect."""
    explanations = alert.result.get("explanations", {})
    out: list[dict[str, Any]] = []
    party = alert.party_fields
    for fld, props in COMPARED.items():
        listed: list[str] = []
        if entity is not None:
            for p in props:
                listed.extend(v for v in entity.get(p) if v not in listed)
        query = [v.strip() for v in (party.get(fld) or "").split(";") if v.strip()]
        if not query and not listed:
            continue
        feature = explanations.get(FEATURE_OF_FIELD[fld], {})
        out.append(
            {
                "field": fld,
                "query": query,
                "list": listed,
                "effect": feature.get("effect", feature.get("score")),
                "detail": feature.get("detail"),
            }
        )
    ids: list[str] = []
    if entity is not None:
        for prop, values in entity.properties.items():
            spec = entity.schema_obj.get(prop)
            if spec is not None and spec.type.name == "identifier":
                ids.extend(f"{prop}:{v}" for v in values)
    query_ids = [v.strip() for v in (party.get("identifiers") or "").split(";") if v.strip()]
    if ids or query_ids:
        feature = explanations.get("identifier", {})
        out.append({"field": "identifiers", "query": query_ids, "list": ids,
                    "effect": feature.get("effect"), "detail": feature.get("detail")})  # fmt: skip
    out.append({"field": "schema", "query": [party.get("schema") or "any"],
                "list": [alert.schema], "effect": None, "detail": None})  # fmt: skip
    return out
