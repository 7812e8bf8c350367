"""Users and roles of the workflow: who may take which decision.

Roles nest: ``viewer`` < ``analyst`` < ``reviewer`` < ``admin``.

- ``viewer`` reads alerts, parties and the audit trail.
- ``analyst`` also screens, imports parties, and decides open alerts: false positive,
  escalated (to a reviewer), or back to open.
- ``reviewer`` also confirms true matches and decides escalated or closed alerts (the four
  eyes on what an analyst escalated).
- ``admin`` also manages users and the service.

Users are created with ``tracewire users add NAME --role ROLE``; an API key created with
``--user NAME`` acts as that user. A key without a user takes the role of its scope
(``read`` → viewer, ``screen`` → analyst, ``admin`` → admin).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from tracewire.errors import InputError, NotFoundError, PermissionDenied
from tracewire.workflow.tables import create, users

ROLES = ("viewer", "analyst", "reviewer", "admin")
#: the API scope a role's keys get (see tracewire.api.keys)
ROLE_SCOPE = {"viewer": "read", "analyst": "screen", "reviewer": "screen", "admin": "admin"}
SCOPE_ROLE = {"read": "viewer", "screen": "analyst", "admin": "admin"}
STATUSES = ("open", "escalated", "false_positive", "true_match")


@dataclass(frozen=True)
class Actor:
    """Who acts: a name (user, key or OS user) and a role."""

    name: str
    role: str

    def at_least(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    def require(self, role: str, what: str) -> None:
        if not self.at_least(role):
            raise PermissionDenied(f"{self.name} ({self.role}) may not {what}: it needs {role}")

    def check_decision(self, current: str, new: str) -> None:
        """Raise :class:`PermissionDenied` unless this actor may move an alert current → new."""
        if new not in STATUSES:
            raise InputError(f"unknown status {new!r} (use one of {', '.join(STATUSES)})")
        if new == current:
            raise InputError(f"the alert is already {current}")
        self.require("analyst", "decide alerts")
        if new == "true_match":
            self.require("reviewer", "confirm a true match")
        if current != "open":
            self.require("reviewer", f"change the decision on an alert that is {current}")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role}


@dataclass(frozen=True)
class User:
    name: str
    role: str
    created_at: datetime
    disabled_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "created_at": self.created_at.isoformat(),
            "disabled_at": self.disabled_at.isoformat() if self.disabled_at else None,
        }


def _utc(v: datetime | None) -> datetime | None:
    return v.replace(tzinfo=UTC) if v is not None and v.tzinfo is None else v


class Users:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create(engine)

    def add(self, name: str, role: str) -> User:
        name = name.strip()
        if not name:
            raise InputError("a user needs a name")
        if role not in ROLES:
            raise InputError(f"unknown role {role!r} (use one of {', '.join(ROLES)})")
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            if conn.execute(select(users.c.name).where(users.c.name == name)).first():
                raise InputError(f"a user named {name!r} exists (tracewire users set-role)")
            conn.execute(insert(users).values(name=name, role=role, created_at=now))
        return User(name, role, now, None)

    def set_role(self, name: str, role: str) -> User:
        if role not in ROLES:
            raise InputError(f"unknown role {role!r} (use one of {', '.join(ROLES)})")
        with self.engine.begin() as conn:
            done = conn.execute(update(users).where(users.c.name == name).values(role=role))
        if not done.rowcount:
            raise NotFoundError(f"no user named {name!r}")
        return self.get(name)

    def disable(self, name: str) -> User:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(users)
                .where(users.c.name == name, users.c.disabled_at.is_(None))
                .values(disabled_at=datetime.now(UTC))
            )
        if not done.rowcount:
            raise NotFoundError(f"no active user named {name!r}")
        return self.get(name)

    def get(self, name: str) -> User:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).first()
        if row is None:
            raise NotFoundError(f"no user named {name!r} (tracewire users add NAME --role ROLE)")
        created = _utc(row.created_at)
        assert created is not None
        return User(row.name, row.role, created, _utc(row.disabled_at))

    def all(self) -> list[User]:
        with self.engine.connect() as conn:
            names = [r[0] for r in conn.execute(select(users.c.name).order_by(users.c.name))]
        return [self.get(n) for n in names]

    def actor(self, name: str, default_role: str = "admin") -> Actor:
        """The actor for ``name``: the user's role if it is a user, else ``default_role``."""
        try:
            user = self.get(name)
        except NotFoundError:
            return Actor(name, default_role)
        if user.disabled_at is not None:
            raise PermissionDenied(f"the user {name!r} is disabled")
        return Actor(user.name, user.role)
