"""Bring a store's database to the schema this code needs (Alembic, run from code).

:func:`upgrade` runs on every open of a store (:class:`~tracewire.store.Store`, and each
workflow or service component given an engine). The schema's version is Alembic's
``alembic_version`` row. A store at the head revision costs one small query; an older one
(made by an earlier tracewire, including the stores from before migrations, which have no
``alembic_version``) is upgraded in one transaction, under a lock, so two processes that
open one store at once never both migrate it; a store written by a newer tracewire is
refused with a clear message rather than used.

The revisions live in :mod:`tracewire.store.migrations` and ship with the package.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from tracewire.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")
#: PostgreSQL advisory lock id taken while migrating ("twmg")
PG_MIGRATION_LOCK = 0x74776D67

_done: weakref.WeakSet[Engine] = weakref.WeakSet()
_guard = threading.Lock()


@cache
def scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def head() -> str:
    revision = scripts().get_current_head()
    assert revision is not None
    return revision


def current(conn: Connection) -> str | None:
    """The store's schema revision; None for an empty store or one made before migrations."""
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Upgrade the store to the head revision (once per engine in a process)."""
    if engine in _done:
        return
    with _guard:
        if engine in _done:
            return
        with engine.connect() as conn:
            revision = current(conn)
            conn.rollback()
        if revision != head():
            _check_known(engine, revision)
            with engine.connect() as conn:
                _lock(conn)
                _migrate(conn)
                conn.commit()
        _done.add(engine)


def _check_known(engine: Engine, revision: str | None) -> None:
    if revision is None:
        return
    try:
        scripts().get_revision(revision)
    except Exception as exc:  # noqa: BLE001 - alembic raises several kinds for unknown ids
        raise StoreError(
            f"the store {engine.url.render_as_string(hide_password=True)} has schema "
            f"revision {revision!r}, newer than this tracewire knows (up to {head()!r}): "
            "it was upgraded by a newer tracewire. Upgrade tracewire to use it, or point "
            "TRACEWIRE_HOME / TRACEWIRE_DATABASE_URL at another store."
        ) from exc


def _migrate(conn: Connection) -> None:
    """Every revision between the store's (read again under the lock) and the head."""
    script = scripts()

    def steps(rev: Any, _context: MigrationContext) -> Iterable[Any]:
        return script._upgrade_revs("head", rev)

    context = MigrationContext.configure(
        conn, opts={"fn": steps, "script": script, "transactional_ddl": True}
    )
    revision = context.get_current_revision()
    if revision == head():
        return
    _check_known(conn.engine, revision)
    with Operations.context(context):
        context.run_migrations()


def _lock(conn: Connection) -> None:
    """Hold the store's write lock for the rest of ``conn``'s transaction: PostgreSQL's
    advisory lock; SQLite's ``BEGIN IMMEDIATE`` (its DDL is transactional too)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")
    elif conn.dialect.name == "sqlite":
        begin_immediate(conn, 600.0)


def begin_immediate(conn: Connection, timeout: float) -> None:
    """``BEGIN IMMEDIATE`` on an SQLite connection, waiting up to ``timeout`` seconds while
    another process holds the write lock. pysqlite would open its transaction only at the
    first write, so a read before it could see a state another writer then changes."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    if getattr(raw, "in_transaction", False):
        return
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise StoreError(
                    f"the store is locked by another writer for over {timeout:.0f} s; "
                    "try again when it has finished"
                ) from exc
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
