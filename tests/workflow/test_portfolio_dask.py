"""A full portfolio screening on a Dask cluster: the workers match, the alerts are written
here through the audited path, and they are the alerts of a screening in this process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import raw_file
from tracewire.cli.main import app
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.screen.batch import BatchOptions, read_rows
from tracewire.screen.cluster import DaskScreen, save_index, store_index_key
from tracewire.store import Store
from tracewire.workflow import Actor, Monitor

distributed = pytest.importorskip("distributed")
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "portfolio.csv"
ANA = Actor("ana", "analyst")
runner = CliRunner()


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster of 2 single-threaded workers (threads in this process, for speed)."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def _store(path: Path, un: Path) -> tuple[Store, Monitor]:
    store = Store(f"sqlite:///{path}")
    load_paths(store, [un])
    monitor = Monitor(store, chunk_rows=9)
    rows = list(read_rows(EXAMPLE))
    listed = [e.caption for e in store.entities("un_sc_sanctions") if e.schema == "Person"]
    rows += [(100 + i, {"id": f"U-{i}", "name": name}) for i, name in enumerate(listed[:40])]
    assert monitor.import_rows(rows, ANA, "portfolio").added_count == len(rows)
    return store, monitor


def test_dask_portfolio_screening_writes_the_same_alerts(tmp_path: Path, scheduler: str) -> None:
    un = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    here_store, here = _store(tmp_path / "here.db", un)
    screener = Screener.from_store(here_store)
    local = here.screen(screener, ANA, versions=here_store.current_versions())

    store, monitor = _store(tmp_path / "dask.db", un)
    key = store_index_key(store.current_versions())
    index_path = save_index(screener, tmp_path / "index", key)
    with DaskScreen(scheduler, index_path, screener.threshold, BatchOptions(), 9) as cluster:
        run = monitor.screen(screener, ANA, versions=store.current_versions(), cluster=cluster)

    def alerts(m: Monitor) -> list[tuple[str, str, float, str]]:
        return sorted((a.party_id, a.entity_id, a.score, a.status)
                      for a in m.alerts.list(limit=10_000))  # fmt: skip

    assert run.parties == local.parties == 82
    assert len(run.outcome.opened) == len(local.outcome.opened) >= 40
    assert alerts(monitor) == alerts(here)
    # written here, each alert audited, the chain unbroken
    result = monitor.audit.verify()
    assert result.ok, result.problem
    assert result.alerts_checked == len(run.outcome.opened)
    records = monitor.audit.records(limit=10_000, kind="alert")
    assert len(records) >= len(run.outcome.opened)


def test_cli_portfolio_screen_on_dask(home: Path, tmp_path: Path, scheduler: str) -> None:
    import json

    assert runner.invoke(app, ["demo"]).exit_code == 0
    res = runner.invoke(app, ["portfolio", "import", str(EXAMPLE), "--no-screen"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["portfolio", "screen", "--dask", scheduler, "--json"])
    assert res.exit_code == 0, res.output
    run = json.loads(res.stdout)
    assert run["screened"] == 42 and run["mode"] == "full"
    listed = json.loads(runner.invoke(app, ["alerts", "list", "--json"]).stdout)
    assert listed["total"] == run["alerts"]["opened"].__len__() == run["opened"]
    # the index the workers read was saved under the data folder
    assert len(list((home / "index").glob("index-*.pickle"))) == 1
    res = runner.invoke(app, ["portfolio", "screen", "--dask", "nowhere"])
    assert res.exit_code == 2 and "neither local:N nor a scheduler address" in res.output
