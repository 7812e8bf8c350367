"""API keys: created and revoked with ``tracewire keys``, checked on every request.

A key looks like ``tw_3f9a1c2be07d_<43 random characters>``. The part after ``tw_`` up
to the second ``_`` is its public id (shown by ``keys list``, written to the audit log);
the whole key is shown once, at creation. The store keeps a random salt and
``sha256(salt + key)`` per key, never the key itself.

Scopes nest: ``read`` may search, fetch entities and read the catalog; ``screen`` may
also call ``/match``; ``admin`` may also reload the index.

:meth:`KeyRing.verify` remembers a verified key for :data:`CACHE_SECONDS`, so a key
revoked by the CLI (another process) stops working within that time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from tracewire.api.tables import api_keys, create
from tracewire.errors import InputError, TracewireError
from tracewire.workflow.roles import ROLE_SCOPE, SCOPE_ROLE, Actor, Users

SCOPES = ("read", "screen", "admin")
PREFIX = "tw_"
CACHE_SECONDS = 5.0


@dataclass(frozen=True)
class Principal:
    """Who is asking: a key's id, name and scope (``anonymous`` when auth is off), and the
    workflow user the key belongs to, with their role (see :mod:`tracewire.workflow.roles`)."""

    key_id: str | None
    name: str
    scope: str
    user: str | None = None
    role: str | None = None

    @property
    def effective_scope(self) -> str:
        """The key's scope, narrowed to what its user's role may do (a viewer's key reads,
        whatever scope it was given)."""
        if self.role is None:
            return self.scope
        return min(self.scope, ROLE_SCOPE[self.role], key=SCOPES.index)

    def allows(self, needed: str) -> bool:
        return SCOPES.index(self.effective_scope) >= SCOPES.index(needed)

    def actor(self) -> Actor:
        """The workflow actor: the key's user and role, or the key's name and its scope's role."""
        return Actor(self.user or self.name, self.role or SCOPE_ROLE[self.scope])


ANONYMOUS = Principal(None, "anonymous", "admin", None, "admin")


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    name: str
    scope: str
    created_at: datetime
    revoked_at: datetime | None
    user: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "name": self.name,
            "scope": self.scope,
            "user": self.user,
            "created_at": self.created_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
        }


def _digest(salt: str, key: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + key.encode("utf-8")).hexdigest()


def _utc(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def _info(row: Any) -> KeyInfo:
    created = _utc(row.created_at)
    assert created is not None
    return KeyInfo(row.key_id, row.name, row.scope, created, _utc(row.revoked_at), row.user_name)


class KeyRing:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        create(engine)
        self._cache: dict[str, tuple[float, Principal]] = {}
        self._lock = threading.Lock()

    def create(
        self, name: str, scope: str | None = None, user: str | None = None
    ) -> tuple[str, KeyInfo]:
        """A new key (returned once, never stored) and its record. A key for a ``user``
        acts with the user's role; its scope defaults to the one that role needs."""
        name = name.strip()
        if not name:
            raise InputError("a key needs a name")
        if user is not None:
            role = Users(self.engine).get(user).role
            scope = scope or ROLE_SCOPE[role]
        scope = scope or "screen"
        if scope not in SCOPES:
            raise InputError(f"unknown scope {scope!r} (use one of {', '.join(SCOPES)})")
        if user is not None and SCOPES.index(scope) > SCOPES.index(ROLE_SCOPE[role]):
            raise InputError(
                f"user {user!r} is {role}: a key for them may have scope "
                f"{ROLE_SCOPE[role]!r} at most, not {scope!r}"
            )
        if any(k.name == name and k.revoked_at is None for k in self.all_keys()):
            raise InputError(f"an active key named {name!r} exists; revoke it first")
        key_id = secrets.token_hex(6)
        key = f"{PREFIX}{key_id}_{secrets.token_urlsafe(32)}"
        salt = secrets.token_hex(16)
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            conn.execute(
                insert(api_keys).values(
                    key_id=key_id,
                    name=name,
                    scope=scope,
                    salt=salt,
                    hash=_digest(salt, key),
                    created_at=now,
                    user_name=user,
                )
            )
        return key, KeyInfo(key_id, name, scope, now, None, user)

    def all_keys(self) -> list[KeyInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_keys).order_by(api_keys.c.id)).all()
        return [_info(r) for r in rows]

    def revoke(self, name_or_id: str) -> list[KeyInfo]:
        """Revoke the active key(s) with this name or key id; error if there is none."""
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(api_keys).where(
                    (api_keys.c.name == name_or_id) | (api_keys.c.key_id == name_or_id),
                    api_keys.c.revoked_at.is_(None),
                )
            ).all()
            if not rows:
                raise InputError(f"no active key with the name or id {name_or_id!r}")
            conn.execute(
                update(api_keys)
                .where(api_keys.c.id.in_([r.id for r in rows]))
                .values(revoked_at=now)
            )
        with self._lock:
            self._cache.clear()
        return [KeyInfo(r.key_id, r.name, r.scope, _utc(r.created_at) or now, now) for r in rows]

    def verify(self, key: str) -> Principal | None:
        """The principal for a valid, unrevoked key; None otherwise."""
        now = time.monotonic()
        token = hashlib.sha256(key.encode("utf-8")).hexdigest()  # no plain keys in memory
        with self._lock:
            hit = self._cache.get(token)
        if hit is not None and now - hit[0] < CACHE_SECONDS:
            return hit[1]
        principal = self._lookup(key)
        with self._lock:
            if principal is None:
                self._cache.pop(token, None)
            else:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[token] = (now, principal)
        return principal

    def _lookup(self, key: str) -> Principal | None:
        if not key.startswith(PREFIX) or key.count("_") < 2:
            return None
        key_id = key[len(PREFIX) :].split("_", 1)[0]
        with self.engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.hash, _digest(row.salt, key)):
            return None
        if row.user_name is None:
            return Principal(row.key_id, row.name, row.scope)
        try:
            actor = Users(self.engine).actor(row.user_name)
        except TracewireError:  # the user was disabled or removed: the key stops working
            return None
        return Principal(row.key_id, row.name, row.scope, actor.name, actor.role)
