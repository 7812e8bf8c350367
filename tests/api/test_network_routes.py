"""``GET /entities/{id}/network``: the parties around a listed entity, hop by hop."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import MakeClient
from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.store import Store

KUPOL = "tw-sample-iemz-kupol"
VEKTOR = "tw-sample-tsk-vektor"
YAMSHCHIKOV = "tw-sample-artem-yamshchikov"


def sample_lines() -> list[dict[str, object]]:
    return [json.loads(line) for line in sample_path().read_text("utf-8").splitlines() if line]


def relationships_of(entity_id: str) -> list[dict[str, object]]:
    """The sample's relationship entities with ``entity_id`` at one end (read from the file)."""
    ends = ("owner", "asset", "director", "organization", "subject", "object", "person", "relative")
    out = []
    for record in sample_lines():
        props = record["properties"]
        assert isinstance(props, dict)
        if record["schema"] == "Sanction":
            continue
        if any(entity_id in props.get(p, []) for p in ends):
            out.append(record)
    return out


def test_one_hop_holds_every_relationship_of_the_list(service: TestClient):
    data = service.get(f"/entities/{KUPOL}/network").json()
    ids = {n["id"] for n in data["nodes"]}
    expected = {KUPOL}
    for rel in relationships_of(KUPOL):
        props = rel["properties"]
        assert isinstance(props, dict)
        for values in props.values():
            expected.update(v for v in values if str(v).startswith("tw-sample-") and v in ids)
        rel_edges = [e for e in data["edges"] if e["id"] == rel["id"]]
        assert len(rel_edges) == 1, rel["id"]
    assert ids == expected
    assert len({e["id"] for e in data["edges"]}) == len(relationships_of(KUPOL))
    root = next(n for n in data["nodes"] if n["id"] == KUPOL)
    assert root["hop"] == 0 and root["sanctioned"] and root["datasets"] == ["tracewire_sample"]
    assert all(n["hop"] == 1 for n in data["nodes"] if n["id"] != KUPOL)
    assert not any(n["schema"] == "Sanction" for n in data["nodes"])
    assert data["truncated"] is False


def test_ownership_is_directed_from_owner_to_asset(service: TestClient):
    data = service.get(f"/entities/{KUPOL}/network").json()
    owns = [e for e in data["edges"] if e["kind"] == "ownership"]
    assert owns == [
        {
            "source": "tw-sample-almaz-antey",
            "target": KUPOL,
            "kind": "ownership",
            "label": "subsidiary",
            "dataset": "tracewire_sample",
            "directed": True,
            "id": "tw-sample-almaz-antey-owns-iemz-kupol",
        }
    ]
    link = next(e for e in data["edges"] if e["source"] == VEKTOR or e["target"] == VEKTOR)
    assert link["kind"] == "link" and link["label"] == "Linked To"


def test_hops_reach_further_and_limit_truncates(service: TestClient):
    one = service.get(f"/entities/{KUPOL}/network", params={"hops": 1}).json()
    two = service.get(f"/entities/{KUPOL}/network", params={"hops": 2}).json()
    assert YAMSHCHIKOV not in {n["id"] for n in one["nodes"]}
    by_id = {n["id"]: n for n in two["nodes"]}
    assert by_id[YAMSHCHIKOV]["hop"] == 2
    assert {n["id"] for n in one["nodes"]} < set(by_id)
    # every edge joins two returned nodes
    assert all(e["source"] in by_id and e["target"] in by_id for e in two["edges"])
    small = service.get(f"/entities/{KUPOL}/network", params={"hops": 2, "limit": 3}).json()
    assert small["truncated"] is True and len(small["nodes"]) == 3


def test_unknown_entity_and_bad_hops_are_client_errors(service: TestClient):
    missing = service.get("/entities/no-such-entity/network")
    assert missing.status_code == 404
    assert "no-such-entity" in missing.json()["detail"]
    assert service.get(f"/entities/{KUPOL}/network", params={"hops": 9}).status_code == 422


def test_shared_identifiers_link_parties(home: Path, make_client: MakeClient, sample_store: Store):
    # two listed companies with the same tax number, in a list of their own
    records = [
        {
            "id": "x-a",
            "schema": "Company",
            "properties": {"name": ["Alpha Trade"], "innCode": ["7701234567"]},
        },
        {
            "id": "x-b",
            "schema": "Company",
            "properties": {"name": ["Beta Logistik"], "innCode": ["7701234567"]},
        },
        {
            "id": "x-c",
            "schema": "Company",
            "properties": {"name": ["Gamma"], "innCode": ["7709999999"]},
        },
    ]
    records += [
        {
            "id": f"x-s-{r['id']}",
            "schema": "Sanction",
            "properties": {"entity": [r["id"]], "authority": ["Test"]},
        }
        for r in records
    ]
    path = home / "shared_ids.ftm.json"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
    load_paths(sample_store, [path], dataset="shared_ids")
    client = make_client(auth=False)
    data = client.get("/entities/x-a/network").json()
    assert {n["id"] for n in data["nodes"]} == {"x-a", "x-b"}
    (edge,) = data["edges"]
    assert edge["kind"] == "same_identifier" and "7701234567" in edge["label"]
    assert all(n["sanctioned"] for n in data["nodes"])


def test_network_needs_a_key_when_auth_is_on(secured: TestClient, keys: dict[str, str]):
    assert secured.get(f"/entities/{KUPOL}/network").status_code == 401
    ok = secured.get(
        f"/entities/{KUPOL}/network", headers={"Authorization": f"ApiKey {keys['read']}"}
    )
    assert ok.status_code == 200
