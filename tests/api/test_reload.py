"""Hot reload: a new list version is served after a reload, and no request fails meanwhile."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import SAMPLE, MakeClient, company
from tracewire.api.live_index import LiveIndex
from tracewire.api.timeline import wire_time
from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.store import Store

NEW_PARTY = "Nordlicht Praezisionsteile GmbH"
QUERY = {"queries": {"q": company(NEW_PARTY)}}


def add_version(store: Store, tmp_path: Path) -> None:
    """Load version 2 of the sample list: version 1 plus one more listed company."""
    text = sample_path().read_text(encoding="utf-8")
    record = {
        "id": "tw-test-nordlicht",
        "schema": "Company",
        "datasets": [SAMPLE],
        "target": True,
        "properties": {"name": [NEW_PARTY], "country": ["de"]},
    }
    extra = json.dumps(record) + "\n"
    path = tmp_path / "v2" / "tracewire_sample.ftm.json"
    path.parent.mkdir()
    path.write_text(text + extra, encoding="utf-8")
    load_paths(store, [path], dataset=SAMPLE)


def hits(client: TestClient) -> list[str]:
    response = client.post("/match/default", json=QUERY)
    assert response.status_code == 200
    return [r["id"] for r in response.json()["responses"]["q"]["results"] if r["match"]]


def test_admin_reload_serves_the_new_version(
    service: TestClient, sample_store: Store, tmp_path: Path
) -> None:
    assert hits(service) == []
    add_version(sample_store, tmp_path)
    catalog = service.get("/catalog").json()
    assert catalog["outdated"] == [SAMPLE] and catalog["index_stale"] is True
    assert hits(service) == []  # still the old index until the reload

    reloaded = service.post("/admin/reload").json()
    assert reloaded["reloaded"] is True
    assert [v["version"] for v in reloaded["previous"]] == [1]
    assert [v["version"] for v in reloaded["lists"]] == [2]
    assert hits(service) == ["tw-test-nordlicht"]
    result = service.post("/match/default", json=QUERY).json()
    assert result["lists"][0]["version"] == 2
    assert result["responses"]["q"]["results"][0]["list_version"] == 2
    catalog = service.get("/catalog").json()
    assert catalog["current"] == [SAMPLE] and not catalog["index_stale"]
    # first seen in version 2, while the old parties keep version 1's date
    kupol = service.get("/entities/tw-sample-iemz-kupol").json()
    nordlicht = service.get("/entities/tw-test-nordlicht").json()
    v1, v2 = sample_store.versions(SAMPLE)
    assert nordlicht["first_seen"] == wire_time(v2.loaded_at) == nordlicht["last_change"]
    assert kupol["first_seen"] == wire_time(v1.loaded_at) == kupol["last_change"]
    assert kupol["last_seen"] == nordlicht["last_seen"] == wire_time(v2.loaded_at)

    assert service.post("/admin/reload").json()["reloaded"] is False  # nothing new


def test_no_request_fails_during_reloads(
    service: TestClient, sample_store: Store, tmp_path: Path
) -> None:
    failures: list[int] = []
    done = threading.Event()
    served = 0

    def hammer() -> None:
        nonlocal served
        while not done.is_set():
            response = service.post(
                "/match/default", json={"queries": {"q": company("TSK Vektor")}}
            )
            if response.status_code != 200 or not response.json()["responses"]["q"]["results"]:
                failures.append(response.status_code)
            served += 1

    workers = [threading.Thread(target=hammer) for _ in range(4)]
    for w in workers:
        w.start()
    add_version(sample_store, tmp_path)
    reloads = 0
    while reloads < 3 or (served < 40 and reloads < 200):
        assert service.post("/admin/reload").status_code == 200
        reloads += 1
    done.set()
    for w in workers:
        w.join()
    assert failures == [] and served > 0
    assert hits(service) == ["tw-test-nordlicht"]


def test_refresh_only_when_the_store_changed(sample_store: Store, tmp_path: Path) -> None:
    index = LiveIndex(sample_store, tmp_path / "index")
    assert index.refresh_if_stale() is True  # nothing loaded yet
    first = index.current
    assert index.refresh_if_stale() is False and index.current is first
    add_version(sample_store, tmp_path)
    assert index.stale()
    assert index.refresh_if_stale() is True
    assert index.current is not first and index.current.by_dataset[SAMPLE].seq == 2


def test_the_watcher_reloads_on_its_own(
    make_client: MakeClient, sample_store: Store, tmp_path: Path
) -> None:
    client = make_client(auth=False, reload_seconds=1)
    add_version(sample_store, tmp_path)
    deadline = time.monotonic() + 20  # a bound, not a speed requirement
    while hits(client) == [] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert hits(client) == ["tw-test-nordlicht"]
