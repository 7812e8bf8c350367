"""A load killed between its commit and the portfolio rescreen loses nothing.

``lists load`` runs in a child process whose rescreen exits the process on the spot (as a
``kill -9`` would, after the version is committed). The new version then is current, and
its rescreen is pending: the next load (even of the same, unchanged file), a full
``portfolio screen`` or the service's start runs it, with the new alert and the
"designation removed" flag it would have made.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tracewire.api import ServiceConfig, create_app
from tracewire.cli.main import app
from tracewire.settings import database_url
from tracewire.store import Store

runner = CliRunner()

ANNA = {"id": "x-anna", "schema": "Person", "datasets": ["mine"],
        "properties": {"name": ["Anna Kuznetsova Petrovna"], "birthDate": ["1970-02-03"]}}  # fmt: skip
IVAN = {"id": "x-ivan", "schema": "Person", "datasets": ["mine"],
        "properties": {"name": ["Ivan Sergeyevich Delistov"], "birthDate": ["1961-05-06"]}}  # fmt: skip
#: entries both versions hold (so v2 removes one entry in eight, not a suspicious share)
OTHERS = [
    {"id": f"x-other-{n}", "schema": "Company", "datasets": ["mine"],
     "properties": {"name": [f"{word} Logistics Holding"]}}
    for n, word in enumerate(["Harbour", "Quay", "Anchor", "Pier", "Dock", "Berth", "Wharf"])
]  # fmt: skip

CRASH_IN_RESCREEN = """
import os, sys
from tracewire.workflow import monitor

def crash(*args, **kwargs):
    os._exit(9)  # killed after the version's commit, before any rescreen work

monitor.Monitor.rescreen = crash
from tracewire.cli.main import app
app(sys.argv[1:])
"""


def _ftm(path: Path, *entities: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    return path


def _ok(args: list[str]) -> str:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture(scope="module")
def crashed_home(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """v1 (Ivan) loaded and the portfolio screened (an alert on Ivan); then v2 (Anna
    added, Ivan delisted) loaded by a process that dies before rescreening. Made once;
    each test gets a copy."""
    tmp = tmp_path_factory.mktemp("crashed")
    home = tmp / "home"
    v1 = _ftm(tmp / "v1.ftm.json", IVAN, *OTHERS)
    v2 = _ftm(tmp / "v2.ftm.json", ANNA, *OTHERS)
    parties = tmp / "parties.csv"
    parties.write_text(
        "id,name,schema,birth_date\nP-1,Anna Kuznetsova Petrovna,Person,1970-02-03\n"
        "P-2,Ivan Sergeyevich Delistov,Person,1961-05-06\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TRACEWIRE_HOME", str(home))
        mp.setenv("TRACEWIRE_OFFLINE", "1")
        mp.delenv("TRACEWIRE_DATABASE_URL", raising=False)
        _ok(["lists", "load", str(v1), "-d", "mine", "-f", "ftm"])
        out = json.loads(_ok(["portfolio", "import", str(parties), "--json"]))
        assert out["screening"]["opened"] == 1
        child = subprocess.run(
            [sys.executable, "-c", CRASH_IN_RESCREEN, "lists", "load", str(v2), "-d", "mine",
             "-f", "ftm"],
            env=dict(os.environ), capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert child.returncode == 9, child.stdout + child.stderr
        assert "loaded mine version 2" in " ".join(child.stdout.split())
        assert _alerts() == {"P-2": (False, "x-ivan")}  # the rescreen never ran
        assert _pending(home) == [("mine", 2)]
    return home, v2


@pytest.fixture
def crashed(crashed_home: tuple[Path, Path], home: Path) -> Path:
    shutil.copytree(crashed_home[0], home)
    return crashed_home[1]


def _alerts() -> dict[str, tuple[bool, str]]:
    listed = json.loads(_ok(["alerts", "list", "--json"]))["alerts"]
    return {a["party_id"]: (a["designation_removed"], a["entity_id"]) for a in listed}


def _pending(home: Path) -> list[tuple[str, int]]:
    store = Store(database_url(home))
    try:
        return [(v.dataset, v.seq) for v in store.pending_rescreens()]
    finally:
        store.close()


def test_next_load_runs_the_lost_rescreen(crashed: Path, home: Path) -> None:
    res = runner.invoke(app, ["lists", "load", str(crashed), "-d", "mine", "-f", "ftm"])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    assert "unchanged" in said
    assert "1 new alerts" in said and "1 designations removed" in said
    assert _alerts() == {"P-1": (False, "x-anna"), "P-2": (True, "x-ivan")}
    assert _pending(home) == []
    res = runner.invoke(app, ["lists", "load", str(crashed), "-d", "mine", "-f", "ftm"])
    assert "new alerts" not in res.output  # done once


def test_full_screening_restores_the_lost_rescreen(crashed: Path, home: Path) -> None:
    out = json.loads(_ok(["portfolio", "screen", "--json"]))
    assert out["opened"] == 1 and out["designations_removed"] == 1
    assert _alerts() == {"P-1": (False, "x-anna"), "P-2": (True, "x-ivan")}
    assert _pending(home) == []  # the full screening covered version 2


def test_service_start_runs_the_lost_rescreen(crashed: Path, home: Path) -> None:
    config = ServiceConfig(home=home, database_url=database_url(home), reload_seconds=0)
    expected = {"P-1": (False, "x-anna"), "P-2": (True, "x-ivan")}
    with TestClient(create_app(config.with_changes(auth=False))):
        deadline = time.monotonic() + 60
        while _alerts() != expected and time.monotonic() < deadline:
            time.sleep(0.2)
    assert _alerts() == expected
    assert _pending(home) == []


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_one_process_at_a_time_runs_the_pending_rescreens(store_url: str) -> None:
    """The service's workers all start at once: on PostgreSQL the one that holds the lock
    runs the pending rescreens, the others leave them (SQLite: each runs them)."""
    from sqlalchemy import create_engine

    from tracewire.match import Screener
    from tracewire.model import Entity
    from tracewire.sources.base import ParseResult
    from tracewire.workflow import Actor, Monitor
    from tracewire.workflow.monitor import PG_RESCREEN_LOCK

    def version(*records: dict[str, object]) -> ParseResult:
        entities = [Entity.from_ftm(dict(r), "mine") for r in records]
        return ParseResult(dataset="mine", format="ftm", entities=entities)

    store = Store(store_url)
    store.load(version(IVAN, *OTHERS), "v1", "sha-1")
    monitor = Monitor(store)
    admin = Actor("admin", "admin")
    monitor.import_rows([(1, {"id": "P-1", "name": "Anna Kuznetsova Petrovna",
                              "schema": "Person", "birth_date": "1970-02-03"})], admin, "t")  # fmt: skip
    store.load(version(ANNA, *OTHERS), "v2", "sha-2")
    assert [v.seq for v in store.pending_rescreens()] == [1, 2]
    other = create_engine(store_url)
    try:
        with other.connect() as conn:  # another worker runs them
            assert conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({PG_RESCREEN_LOCK})").scalar()
            assert monitor.rescreen_pending(lambda: Screener.from_store(store), admin,
                                            store.current_versions()) is None  # fmt: skip
            assert [v.seq for v in store.pending_rescreens()] == [1, 2]
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({PG_RESCREEN_LOCK})")
        run = monitor.rescreen_pending(lambda: Screener.from_store(store), admin,
                                       store.current_versions())  # fmt: skip
        assert run is not None and len(run.outcome.opened) == 1
        assert store.pending_rescreens() == []
    finally:
        other.dispose()
        store.close()
