"""The workflow endpoints: portfolio in, alerts out, decisions by role, audit trail."""

from __future__ import annotations

import csv
import io

import orjson
from fastapi.testclient import TestClient

from tracewire.api.keys import KeyRing
from tracewire.store import Store
from tracewire.workflow.roles import Users

PARTIES = [
    {"id": "cust-1", "name": "TKS Vector LLC", "schema": "Company", "country": "RU"},
    {"id": "cust-2", "name": "Izhevsky Electromechanical Plant Kupol", "schema": "Company"},
    {"id": "cust-3", "name": "Nordlicht Maschinenbau GmbH", "schema": "Company", "country": "DE"},
]


def _auth(key: str) -> dict[str, str]:
    return {"Authorization": f"ApiKey {key}"}


def _keys(store: Store) -> dict[str, str]:
    users = Users(store.engine)
    ring = KeyRing(store.engine)
    out = {}
    for name, role in (("ana", "analyst"), ("revi", "reviewer"), ("vic", "viewer")):
        users.add(name, role)
        out[name] = ring.create(f"{name}-key", user=name)[0]
    return out


def test_portfolio_to_alerts_to_decisions(secured: TestClient, sample_store: Store) -> None:
    keys = _keys(sample_store)
    ana, revi, vic = (_auth(keys[n]) for n in ("ana", "revi", "vic"))
    me = secured.get("/me", headers=ana).json()
    assert me == {"name": "ana", "role": "analyst", "scope": "screen", "key": "ana-key"}

    assert secured.post("/portfolio", json={"parties": PARTIES}, headers=vic).status_code == 403
    answer = secured.post("/portfolio", json={"parties": PARTIES}, headers=ana)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["import"]["added"] == 3 and body["screening"]["screened"] == 3
    assert body["screening"]["opened"] >= 2

    listing = secured.get("/alerts", params={"status": "open"}, headers=vic).json()
    by_party = {a["party_id"]: a for a in listing["alerts"]}
    assert {"cust-1", "cust-2"} <= set(by_party) and "cust-3" not in by_party
    assert listing["counts"]["open"] == listing["total"]
    vector = by_party["cust-1"]
    assert "VEKTOR" in vector["entity_caption"].upper()

    detail = secured.get(f"/alerts/{vector['id']}", headers=vic).json()
    assert detail["party"]["name"] == "TKS Vector LLC"
    assert detail["entity"]["id"] == vector["entity_id"]
    assert detail["result"]["explanations"]["name"]["query_value"]
    fields = {row["field"]: row for row in detail["comparison"]}
    assert fields["name"]["query"] == ["TKS Vector LLC"] and fields["name"]["list"]
    assert [h["action"] for h in detail["history"]] == ["opened"]

    decide = f"/alerts/{vector['id']}/decision"
    refused = secured.post(decide, json={"status": "true_match", "reason": "same"}, headers=ana)
    assert refused.status_code == 403 and "reviewer" in refused.json()["detail"]
    bad = secured.post(decide, json={"status": "maybe", "reason": "x"}, headers=ana)
    assert bad.status_code == 422
    assert secured.post(decide, json={"status": "escalated", "reason": ""},
                        headers=ana).status_code == 422  # fmt: skip
    escalated = secured.post(decide, json={"status": "escalated", "reason": "INN matches"},
                             headers=ana)  # fmt: skip
    assert escalated.status_code == 200 and escalated.json()["status"] == "escalated"
    done = secured.post(decide, json={"status": "true_match", "reason": "confirmed"},
                        headers=revi).json()  # fmt: skip
    assert done["status"] == "true_match"
    assert [(h["actor"], h["to"]) for h in done["history"]] == [
        ("ana", "open"), ("ana", "escalated"), ("revi", "true_match")
    ]  # fmt: skip

    audit = secured.get("/audit", params={"kind": "decision"}, headers=vic).json()
    summaries = [r["summary"] for r in audit["records"]]
    assert any("escalated → true_match by revi: confirmed" in s for s in summaries)
    # the total counts the records of that kind, not every record
    everything = secured.get("/audit", headers=vic).json()["total"]
    assert audit["total"] == len(audit["records"]) < everything
    assert secured.get("/audit/verify", headers=vic).json()["ok"] is True
    assert secured.get("/audit/export", headers=ana).status_code == 403
    exported = secured.get("/audit/export", params={"format": "csv"}, headers=revi)
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert any(r["kind"] == "decision" and r["actor"] == "revi" for r in rows)
    assert secured.get("/alerts/999999", headers=vic).status_code == 404


def test_portfolio_file_upload_reports_bad_rows(service: TestClient) -> None:
    body = "id,name,schema\nr1,AO IEMZ Kupol,Company\nr2,,Company\nr3,Someone,Planet\n"
    answer = service.post("/portfolio/import", content=body,
                          headers={"Content-Type": "text/csv"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    report = answer.json()["import"]
    assert report["added"] == 1
    assert {(e["line"], e["id"]) for e in report["errors"]} == {(3, "r2"), (4, "r3")}
    jsonl = orjson.dumps({"id": "r1", "name": "AO IEMZ Kupol", "schema": "Company"})
    again = service.post("/portfolio/import?screen=false", content=jsonl,
                         headers={"Content-Type": "application/x-ndjson"})  # fmt: skip
    assert again.json()["import"]["unchanged"] == 1
    listed = service.get("/portfolio").json()
    assert listed["total"] == 1 and listed["parties"][0]["id"] == "r1"
    assert service.delete("/portfolio/r1").json() == {"removed": "r1"}
    assert service.delete("/portfolio/r1").status_code == 404
    assert service.post("/portfolio/import", content=b"x",
                        headers={"Content-Type": "text/plain"}).status_code == 400  # fmt: skip


def test_users_admin_only(secured: TestClient, sample_store: Store) -> None:
    keys = _keys(sample_store)
    admin_key = KeyRing(sample_store.engine).create("root", "admin")[0]
    new = {"name": "nina", "role": "reviewer"}
    assert secured.post("/users", json=new, headers=_auth(keys["revi"])).status_code == 403
    assert secured.post("/users", json=new, headers=_auth(admin_key)).status_code == 200
    names = {u["name"] for u in secured.get("/users", headers=_auth(admin_key)).json()["users"]}
    assert names == {"ana", "revi", "vic", "nina"}
    Users(sample_store.engine).disable("vic")
    ring = KeyRing(sample_store.engine)
    assert ring.verify(keys["vic"]) is None  # a disabled user's key stops working
