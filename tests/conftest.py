"""Shared fixtures.

Tests use the real published lists in ``../shared/data`` (beside the project root) when it
is present and skip otherwise; nothing from it is copied into the repository. Every test
that touches the store gets its own ``TRACEWIRE_HOME`` in a temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
RAW = SHARED_DATA / "raw"


def in_ci() -> bool:
    """True under ``CI=true`` (what ``.ci/run`` sets), where nothing required may skip."""
    return os.environ.get("CI", "").strip().lower() == "true"


def required_in_ci(reason: str) -> None:
    """Skip the test, except under CI, where what it needs must be there: fail and say why."""
    if in_ci():
        pytest.fail(f"{reason} (required under CI=true)", pytrace=False)
    pytest.skip(reason)


def raw_file(*parts: str) -> Path:
    """Path to a file under ../shared/data/raw, skipping the test when it is absent."""
    path = RAW.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not present: {path}")
    return path


_AUDIT_ENV = (
    "TRACEWIRE_AUDIT_KEY",
    "TRACEWIRE_AUDIT_KEY_FILE",
    "TRACEWIRE_AUDIT_ANCHOR",
    "TRACEWIRE_INDEX_KEY",
)


@pytest.fixture(autouse=True, scope="session")
def _own_config_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A per-user config folder of the session's own: the audit key made there never
    touches the real one. One for the session, as a service kept across tests keeps the
    key it loaded."""
    saved = {name: os.environ.get(name) for name in ("XDG_CONFIG_HOME", *_AUDIT_ENV)}
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))
    for name in _AUDIT_ENV:
        os.environ.pop(name, None)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _own_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A per-user data folder of the test's own (where a PostgreSQL store's audit anchor
    goes when no home is given): never the real one, nor another test's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip("../shared/data not present")
    return SHARED_DATA


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store database: an SQLite file, and PostgreSQL when
    TRACEWIRE_TEST_POSTGRES_URL names a server (``scripts/postgres-test-server``; CI sets it)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    yield _empty_postgres()


def _empty_postgres() -> str:
    """The test server's URL, its database emptied (skips, or fails under CI, without one)."""
    url = os.environ.get("TRACEWIRE_TEST_POSTGRES_URL")
    if not url:
        required_in_ci("TRACEWIRE_TEST_POSTGRES_URL not set: scripts/postgres-test-server")
        raise AssertionError("unreachable")
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.begin() as conn:  # every table, the schema version and the triggers
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


@pytest.fixture
def postgres_url() -> str:
    """A fresh, empty PostgreSQL store database (``TRACEWIRE_TEST_POSTGRES_URL``)."""
    return _empty_postgres()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh TRACEWIRE_HOME for the test, offline."""
    path = tmp_path / "home"
    monkeypatch.setenv("TRACEWIRE_HOME", str(path))
    monkeypatch.setenv("TRACEWIRE_OFFLINE", "1")
    monkeypatch.delenv("TRACEWIRE_DATABASE_URL", raising=False)
    yield path
