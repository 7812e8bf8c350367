"""Dask workers on a shared (PostgreSQL) store load the index from the store's signed
copy (``index_blobs``), not from a file: a worker on another host needs no shared folder.
A copy whose signature does not hold under the worker's key is refused, never unpickled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from tracewire.cli.demo import sample_path
from tracewire.cli.main import app
from tracewire.errors import InputError
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.screen.batch import BatchOptions, read_rows, screen_rows
from tracewire.screen.cluster import (
    DaskScreen,
    StoredIndex,
    index_for_workers,
    store_index_key,
)
from tracewire.store import Store
from tracewire.store.schema import index_blobs

from ..conftest import required_in_ci
from .test_workers import _input, _listed_names

try:
    import distributed
except ImportError:  # the test extra has it; CI must run these
    distributed = None

KEY = "a-test-index-key-of-32-characters"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _dask() -> None:
    if distributed is None:
        required_in_ci("dask[distributed] is not installed (the test extra has it)")


def test_workers_on_a_shared_store_load_its_signed_index(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACEWIRE_INDEX_KEY", KEY)
    store = Store(postgres_url)
    load_paths(store, [sample_path()])
    versions = store.current_versions()
    screener = Screener.from_store(store)
    folder = tmp_path / "index"
    where = index_for_workers(screener, folder, store_index_key(versions), store, versions)
    assert isinstance(where, StoredIndex)
    assert not folder.exists()  # nothing written for the workers to share
    src = _input(tmp_path, _listed_names(sample_path()), rows=60)
    options = BatchOptions()
    one = list(screen_rows(screener, read_rows(src), options))
    assert sum(1 for r in one if r.get("alerts")) > 5
    # a worker process of its own (another host: it sees no folder of this process)
    with DaskScreen("local:1", where, screener.threshold, options) as cluster:
        on_dask = list(cluster.screen_file(src))
    assert on_dask == one

    # a copy changed in the store (or signed under another key) is refused
    with store.engine.begin() as conn:
        conn.execute(update(index_blobs).values(mac="0" * 64))
    with pytest.raises(InputError, match="signature does not hold"):
        where.load()
    monkeypatch.delenv("TRACEWIRE_INDEX_KEY")
    with pytest.raises(InputError, match=r"no \$TRACEWIRE_INDEX_KEY"):
        where.load()
    store.close()


def test_without_a_shared_store_or_key_the_workers_read_a_file(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(store_url)
    load_paths(store, [sample_path()])
    versions = store.current_versions()
    screener = Screener.from_store(store)
    key = store_index_key(versions)
    if store.engine.dialect.name == "sqlite":  # one host's file: a file, key or not
        monkeypatch.setenv("TRACEWIRE_INDEX_KEY", KEY)
    else:  # PostgreSQL without the key: nothing can be checked, so nothing is shared
        monkeypatch.delenv("TRACEWIRE_INDEX_KEY", raising=False)
    where = index_for_workers(screener, tmp_path / "index", key, store, versions)
    assert where == tmp_path / "index" / f"{key}.pickle" and where.exists()
    store.close()


def test_cli_dask_on_postgres_needs_no_index_folder(
    home: Path, postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACEWIRE_DATABASE_URL", postgres_url)
    monkeypatch.setenv("TRACEWIRE_INDEX_KEY", KEY)
    store = Store(postgres_url)
    load_paths(store, [sample_path()])
    store.close()
    src = _input(tmp_path, _listed_names(sample_path()), rows=60)

    def run(out: Path, *how: str) -> tuple[bytes, dict]:
        res = runner.invoke(app, ["screen", str(src), "-o", str(out), *how, "--json"])
        assert res.exit_code == 0, res.output
        summary = json.loads(res.stdout)
        for volatile in ("seconds", "rows_per_second", "outputs"):
            summary.pop(volatile)
        return out.read_bytes(), summary

    one = run(tmp_path / "one.jsonl", "--workers", "1")  # builds, stores the signed copy
    for cached in (home / "index").glob("*.pickle"):
        cached.unlink()  # the workers (and this process) get no file to read
    assert distributed is not None
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        on_dask = run(tmp_path / "dask.jsonl", "--dask", cluster.scheduler_address)
    assert on_dask == one
    assert not list((home / "index").glob("*.pickle"))  # loaded from the store, not built
