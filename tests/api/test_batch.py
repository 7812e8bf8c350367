"""``POST /screen``: a batch file in, JSON lines out."""

from __future__ import annotations

from pathlib import Path

import orjson
from fastapi.testclient import TestClient

from tracewire.api.audit import AuditLog

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def lines(response_text: str) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in response_text.splitlines() if line.strip()]


def test_csv_batch_streams_one_record_per_row(service: TestClient) -> None:
    body = (EXAMPLES / "counterparties.csv").read_bytes()
    response = service.post("/screen", content=body, headers={"Content-Type": "text/csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    records = lines(response.text)
    assert len(records) == 26
    assert sum(1 for r in records if r["alerts"]) == 15
    first = records[0]
    assert first["id"] == "cp-001"
    assert first["results"][0]["id"] == "tw-sample-iemz-kupol"  # type: ignore[index]


def test_jsonl_batch_with_bad_rows(service: TestClient) -> None:
    body = b'{"id": "a", "name": "TKS Vector LLC"}\n{"id": "b"}\nnot json\n'
    response = service.post(
        "/screen", content=body, headers={"Content-Type": "application/x-ndjson"}
    )
    records = lines(response.text)
    assert [r["id"] for r in records] == ["a", "b", "3"]
    assert records[0]["alerts"] == 1
    assert records[1]["error"] == "the row has no name"
    assert "invalid JSON" in str(records[2]["error"])


def test_batch_rejects_unknown_type_and_empty_body(service: TestClient) -> None:
    response = service.post("/screen", content=b"x", headers={"Content-Type": "text/plain"})
    assert response.status_code == 400 and "content-type" in response.json()["detail"]
    response = service.post("/screen", content=b"  ", headers={"Content-Type": "text/csv"})
    assert response.status_code == 400 and "empty" in response.json()["detail"]
    response = service.post(
        "/screen?dataset=nope", content=b"name\nX\n", headers={"Content-Type": "text/csv"}
    )
    assert response.status_code == 400


def test_batch_is_audited(service: TestClient) -> None:
    service.post(
        "/screen", content=b"id,name\n1,OOO TSK Vektor\n", headers={"Content-Type": "text/csv"}
    )
    audit: AuditLog = service.app.state.service.audit  # type: ignore[attr-defined]
    (record,) = [r for r in audit.records() if r.endpoint.startswith("/screen")]
    assert record.results == {"batch": [{"rows": 1, "alerts": 1, "errors": 0}]}
