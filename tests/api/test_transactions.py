"""``POST /screen/transactions``: a case in (JSON, or the CSV layout zipped), the findings
document of ``tracewire investigate --json`` out; bad cases are 422 with every problem
located; every request is audited."""

from __future__ import annotations

import copy
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tracewire.api.audit import AuditLog
from tracewire.match import Screener
from tracewire.network.case_load import load_case
from tracewire.network.investigate import investigate
from tracewire.network.lists import ListData
from tracewire.report.findings_json import FindingsDocument
from tracewire.store import Store

CASE = Path(__file__).resolve().parents[2] / "examples" / "garpiya" / "case.json"
URL = "/screen/transactions"


def garpiya() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CASE.read_text(encoding="utf-8"))
    return data


def audit_of(client: TestClient) -> AuditLog:
    audit: AuditLog = client.app.state.service.audit  # type: ignore[attr-defined]
    return audit


def zipped(files: dict[str, str], folder: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(folder + name, text)
    return buf.getvalue()


def by_rule(doc: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in doc["findings"] if f["rule"] == rule]


def test_garpiya_over_http(service: TestClient, sample_store: Store) -> None:
    response = service.post(URL, json=garpiya())
    assert response.status_code == 200, response.text
    doc = response.json()
    FindingsDocument.model_validate(doc)  # the investigate --json schema, nothing undocumented
    assert doc["format"] == "tracewire-findings/1" and doc["case"]["fictional"] is True
    assert doc["lists"] == ["tracewire_sample v1"] and doc["case"]["files"] == ["request"]

    # what the example must find (examples/garpiya/README.md)
    behind = by_rule(doc, "role.behind_intermediary")
    assert {f["subject"]["id"] for f in behind} == {"CT-2023-071", "INV-2023-0398", "INV-2023-0412", "INV-2023-0455"}  # fmt: skip
    [owned] = by_rule(doc, "ownership")
    assert owned["subject"]["id"] == "p-harbourmist" and owned["data"]["ofac"]["total"] == 55
    [mis] = by_rule(doc, "R19-document-mismatch")
    assert mis["data"]["item"] == "ENG-1"
    parties = {v["subject"]["id"]: v["verdict"] for v in doc["verdicts"]["parties"]}
    assert parties == {
        "p-kupol": "blocked", "p-tsk": "blocked", "p-harbourmist": "blocked",
        "p-qiyue": "high", "p-yuanfeng": "high", "p-sibtrans": "medium",
    }  # fmt: skip
    # every deal is blocked but the payment, made before its payer's owners were designated
    txns = {v["subject"]["id"]: v["verdict"] for v in doc["verdicts"]["transactions"]}
    assert {t for t, v in txns.items() if v != "blocked"} == {"PAY-2023-0907"}

    # the same findings as an investigation of the same case against the same lists
    data = ListData.from_store(sample_store)
    local = investigate(load_case(CASE), data, Screener.from_store(sample_store), files=["request"])
    assert sorted((f.rule, f.subject.id, f.severity) for f in local.findings) == sorted(
        (f["rule"], f["subject"]["id"], f["severity"]) for f in doc["findings"]
    )

    # audited: the body, the lists, every verdict and finding returned
    (record,) = [r for r in audit_of(service).records() if r.endpoint.startswith(URL)]
    assert record.status == 200 and record.error is None
    assert record.request["id"] == "garpiya-example"
    assert [v["dataset"] for v in record.lists] == ["tracewire_sample"]
    assert {"id": "p-tsk", "verdict": "blocked"} in record.results["parties"]
    assert len(record.results["findings"]) == len(doc["findings"])


def test_bad_case_is_422_with_every_problem_located(service: TestClient) -> None:
    bad = garpiya()
    bad["transactions"][2]["goods"][0]["hs_code"] = "85A6"
    bad["transactions"][3]["parties"]["buyer"] = "p-nobody"
    bad["parties"][0]["colour"] = "red"
    response = service.post(URL, json=bad)
    assert response.status_code == 422
    problems = {tuple(p["loc"]): p["msg"] for p in response.json()["detail"]}
    assert "not 2 to 12 digits" in problems[("body", "transactions", 2, "goods", 0, "hs_code")]
    assert "unknown field" in problems[("body", "parties", 0, "colour")]
    # references are checked once the fields are valid
    del bad["parties"][0]["colour"]
    bad["transactions"][2]["goods"][0]["hs_code"] = "8526.91"
    response = service.post(URL, json=bad)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "transactions", 3, "parties", "buyer", 0]
    assert problem["msg"] == "unknown party id 'p-nobody'"
    # a name with nothing to screen is found when screening starts
    response = service.post(URL, json={"parties": [{"id": "a", "name": "!!!"}]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "parties", 0, "name"]
    records = [r for r in audit_of(service).records() if r.endpoint.startswith(URL)]
    assert [r.status for r in records] == [422, 422, 422]
    assert records[1].error is not None and "p-nobody" in records[1].error


def test_broken_json_wrong_type_and_empty_body(service: TestClient) -> None:
    response = service.post(URL, content=b'{"parties": [}', headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "line 1, column 14"] and "invalid JSON" in problem["msg"]
    response = service.post(URL, content=b"", headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and "empty" in response.json()["detail"][0]["msg"]
    response = service.post(URL, content=b"[1, 2]", headers={"Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["body"]
    response = service.post(URL, content=b"id,name\n", headers={"Content-Type": "text/csv"})
    assert response.status_code == 415 and "application/zip" in response.json()["detail"]
    response = service.post(URL + "?hops=9", json=garpiya())
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["query", "hops"]


CSV_CASE = {
    "parties.csv": "id,name,kind,country,address,activity\n"
                   "s,Nordhafen Teile GmbH,company,DE,,\n"
                   "b,OOO TSK Vektor,company,RU,\"664048, Irkutsk, ul. Sevastopolskaya, d. 235, kv. 70\",C10.71\n",
    "transactions.csv": "id,type,date,seller,buyer,route_origin,route_transit,route_destination,delivery\n"
                        "t1,invoice,2024-03-01,s,b,DE,TR,RU,ASAP\n",
    "goods.csv": "transaction,hs_code,description,quantity,unit_price,currency\n"
                 "t1,8542.31,Microcontrollers,500,12,EUR\n",
}  # fmt: skip


def test_csv_layout_as_a_zip(service: TestClient) -> None:
    response = service.post(URL, content=zipped(CSV_CASE, "export/"), headers={"Content-Type": "application/zip"})  # fmt: skip
    assert response.status_code == 200, response.text
    doc = response.json()
    rules = {f["rule"] for f in doc["findings"]}
    assert {"screening.match", "R1-transshipment", "R13-route-detour", "R13-vague-delivery",
            "R9-line-of-business-chpl", "R6-residential-address"} <= rules  # fmt: skip
    assert {v["subject"]["id"]: v["verdict"] for v in doc["verdicts"]["transactions"]} == {"t1": "blocked"}  # fmt: skip
    (record,) = [r for r in audit_of(service).records() if r.endpoint.startswith(URL)]
    assert record.request["parties"][1]["activity"] == "C10.71"  # the case the zip held


def test_bad_zip_cases(service: TestClient) -> None:
    def post(body: bytes) -> list[dict[str, Any]]:
        response = service.post(URL, content=body, headers={"Content-Type": "application/zip"})
        assert response.status_code == 422, response.text
        detail: list[dict[str, Any]] = response.json()["detail"]
        return detail

    bad = copy.deepcopy(CSV_CASE)
    bad["parties.csv"] += "x,Xeno,company,Atlantis,,\n"
    [problem] = post(zipped(bad))
    assert problem["loc"] == ["body", "parties.csv", "line 4", "country"]
    assert "unknown country 'Atlantis'" in problem["msg"]
    bad = copy.deepcopy(CSV_CASE)
    bad["goods.csv"] += "t9,8542,Chips,1,1,EUR\n"
    [problem] = post(zipped(bad))
    assert problem["loc"] == ["body", "goods.csv", "line 3", "transaction"]
    [problem] = post(zipped({**CSV_CASE, "partys.csv": "id,name\n"}))
    assert (
        problem["loc"] == ["body", "partys.csv"]
        and "not a file of the CSV layout" in problem["msg"]
    )
    [problem] = post(zipped({"goods.csv": CSV_CASE["goods.csv"]}))
    assert "needs parties.csv" in problem["msg"]
    [problem] = post(b"PK\x03\x04 not really a zip")
    assert problem["loc"] == ["body", "(body)"] and "not a zip archive" in problem["msg"]
    [problem] = post(zipped({"parties.csv": "id,name\n\xff"[:-1] + "a,b,c\n"}))
    assert (
        problem["loc"][:2] == ["body", "parties.csv"]
        and "more cells than columns" in problem["msg"]
    )
    records = [r for r in audit_of(service).records() if r.endpoint.startswith(URL)]
    assert len(records) == 6 and all(
        r.status == 422 and r.request["upload"] == "zip" for r in records
    )


def test_needs_a_screening_key(secured: TestClient, keys: dict[str, str]) -> None:
    assert secured.post(URL, json={"parties": []}).status_code == 401
    response = secured.post(URL, json={"parties": []}, headers={"Authorization": f"ApiKey {keys['read']}"})  # fmt: skip
    assert response.status_code == 403
    response = secured.post(URL, json={"parties": []}, headers={"Authorization": f"ApiKey {keys['screen']}"})  # fmt: skip
    assert response.status_code == 200 and response.json()["findings"] == []
    (record,) = [r for r in audit_of(secured).records() if r.endpoint.startswith(URL)]
    assert record.key_name == "test-screen"


def test_openapi_documents_the_case_body(service: TestClient) -> None:
    op = service.get("/openapi.json").json()["paths"][URL]["post"]
    body = op["requestBody"]["content"]
    assert set(body) == {"application/json", "application/zip"}
    party = body["application/json"]["schema"]["properties"]["parties"]["items"]
    assert "history" in party["properties"] and "$ref" not in json.dumps(body)
    assert {"200", "415", "422"} <= set(op["responses"])
