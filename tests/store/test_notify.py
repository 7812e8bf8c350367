"""Telling the services that share a store about a new list version: the stamp they poll,
and PostgreSQL's NOTIFY that wakes them at once."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.store import Store
from tracewire.store.history import make_current
from tracewire.store.notify import ListListener

SAMPLE = "tracewire_sample"


def sample_v2(folder: Path) -> Path:
    """The sample list with one more listed company: a new version when loaded."""
    record = {
        "id": "tw-test-nordlicht",
        "schema": "Company",
        "datasets": [SAMPLE],
        "target": True,
        "properties": {"name": ["Nordlicht Praezisionsteile GmbH"], "country": ["de"]},
    }
    path = folder / "v2" / f"{SAMPLE}.ftm.json"
    path.parent.mkdir(parents=True)
    path.write_text(sample_path().read_text(encoding="utf-8") + json.dumps(record) + "\n")
    return path


def test_the_stamp_moves_with_every_new_version_and_only_then(
    store_url: str, tmp_path: Path
) -> None:
    store = Store(store_url)
    try:
        empty = store.versions_stamp()
        assert empty == (0, 0)
        load_paths(store, [sample_path()], dataset=SAMPLE)
        first = store.versions_stamp()
        assert first != empty
        load_paths(store, [sample_path()], dataset=SAMPLE)  # the same bytes: no new version
        assert store.versions_stamp() == first
        load_paths(store, [sample_v2(tmp_path)], dataset=SAMPLE)
        second = store.versions_stamp()
        assert second != first
        make_current(store, store.versions(SAMPLE)[0])  # version 1 again, stored as 3
        assert store.versions_stamp() not in (first, second)
        assert store.version(SAMPLE).seq == 3
    finally:
        store.close()


def test_a_load_in_another_process_wakes_the_listener(postgres_url: str, tmp_path: Path) -> None:
    store = Store(postgres_url)
    load_paths(store, [sample_path()], dataset=SAMPLE)
    woken = threading.Event()
    listener = ListListener(store.engine, woken.set)
    assert listener.start()
    try:
        assert listener.listening.wait(60), "the listener never connected"
        assert woken.wait(60)  # once after connecting: a load may have come before
        woken.clear()
        other = Store(postgres_url)  # another connection pool, as another process has
        try:
            load_paths(other, [sample_v2(tmp_path)], dataset=SAMPLE)
        finally:
            other.close()
        assert woken.wait(60), "the committed load was not announced"
    finally:
        listener.stop()
        store.close()
    assert not listener.listening.is_set()


def test_sqlite_has_nothing_to_listen_to(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        assert not ListListener(store.engine, lambda: None).start()
    finally:
        store.close()
