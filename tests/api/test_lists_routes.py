"""``GET /lists/{dataset}/versions`` and ``GET /lists/{dataset}/diff``."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import SAMPLE, MakeClient
from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.store import Store

DROPPED = "tw-sample-hunan-haotyanyi"
CHANGED = "tw-sample-libss"


def second_version(home: Path) -> Path:
    """The sample with one party (and what points at it) gone and another's alias added."""
    out = []
    for line in sample_path().read_text("utf-8").splitlines():
        record = json.loads(line)
        props = record["properties"]
        if record["id"] == DROPPED or DROPPED in json.dumps(props):
            continue
        if record["id"] == CHANGED:
            props.setdefault("alias", []).append("LIBSS Limited")
        out.append(json.dumps(record, ensure_ascii=False))
    path = home / "sample_v2.ftm.json"
    path.write_text("\n".join(out) + "\n", "utf-8")
    return path


def test_versions_and_diff(home: Path, sample_store: Store, make_client: MakeClient):
    load_paths(sample_store, [second_version(home)], dataset=SAMPLE)
    client = make_client(auth=False)
    versions = client.get(f"/lists/{SAMPLE}/versions").json()
    assert [v["version"] for v in versions["versions"]] == [2, 1]
    assert versions["versions"][0]["loaded_at"].endswith("Z")
    diff = client.get(f"/lists/{SAMPLE}/diff").json()
    assert (diff["from"]["version"], diff["to"]["version"]) == (1, 2)
    removed = {c["id"] for c in diff["removed"]}
    assert DROPPED in removed
    # one party removed, with the entities that hang on it (its sanctions...)
    assert diff["summary"]["entities"]["removed"] == len(diff["removed"]) == len(removed)
    assert diff["summary"]["removed"] == 1
    assert diff["summary"]["schemata"]["Sanction"]["removed"] >= 1
    assert diff["summary"]["added"] == 0
    (change,) = [c for c in diff["changed"] if c["id"] == CHANGED]
    assert change["fields"]["alias"] == {"added": ["LIBSS Limited"], "removed": []}
    # the other way round, and cut to one entity per kind
    back = client.get(f"/lists/{SAMPLE}/diff", params={"old": 2, "new": 1, "limit": 1}).json()
    assert back["summary"]["added"] == diff["summary"]["removed"]
    assert len(back["added"]) == 1 and back["truncated"] is True
    # asked again: the same answer (kept since versions never change)
    assert client.get(f"/lists/{SAMPLE}/diff").json() == diff
    # versions named by date (the publisher's, else the load's)
    today = versions["versions"][0]["loaded_at"][:10]
    by_date = client.get(f"/lists/{SAMPLE}/diff", params={"old": "1", "new": today}).json()
    assert (by_date["from"]["version"], by_date["to"]["version"]) == (1, 2)
    bad = client.get(f"/lists/{SAMPLE}/diff", params={"old": "last week"})
    assert bad.status_code == 400 and "give its number" in bad.text
    missing = client.get(f"/lists/{SAMPLE}/diff", params={"old": "1999-01-01"})
    assert missing.status_code == 404


def test_one_version_diffs_to_nothing(service: TestClient):
    diff = service.get(f"/lists/{SAMPLE}/diff").json()
    assert diff["from"]["version"] == diff["to"]["version"] == 1
    assert diff["note"] == "only one version is stored: nothing to compare"
    assert {k: diff["summary"][k] for k in ("added", "removed", "changed")} == {
        "added": 0,
        "removed": 0,
        "changed": 0,
    }


def test_unknown_list_or_version(service: TestClient):
    missing = service.get("/lists/nope/versions")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]
    bad = service.get(f"/lists/{SAMPLE}/diff", params={"old": 7})
    assert bad.status_code == 404 and "no version 7" in bad.json()["detail"]
