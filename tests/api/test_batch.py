"""``POST /screen``: a batch file in, JSON lines out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
from fastapi.testclient import TestClient

from tests.api.conftest import MakeClient
from tracewire.api.audit import AuditLog

CSV = {"Content-Type": "text/csv"}
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


def test_batch_body_over_the_other_endpoints_limit_is_screened_in_chunks(
    make_client: MakeClient,
) -> None:
    # 4 KiB for every other endpoint, 256 KiB for batch files
    client = make_client(auth=False, max_body_bytes=4096, max_batch_bytes=256 * 1024)
    rows = [b"id,name"] + [b"%d,Ordinary Person Number %d" % (i, i) for i in range(3000)]
    rows.append(b"last,OOO TSK Vektor")
    body = b"\n".join(rows) + b"\n"
    assert 4096 < len(body) < 256 * 1024

    def chunks() -> Iterator[bytes]:  # sent without Content-Length, in small pieces
        for start in range(0, len(body), 1000):
            yield body[start : start + 1000]

    for content in (body, chunks()):
        response = client.post("/screen", content=content, headers=CSV)
        assert response.status_code == 200
        records = lines(response.text)
        assert len(records) == 3001
        assert records[-1]["id"] == "last" and records[-1]["alerts"] == 1
    # the other endpoints keep their own limit
    big = {"queries": {"q": {"schema": "Person", "properties": {"name": ["x" * 5000]}}}}
    assert client.post("/match/default", json=big).status_code == 413


def test_batch_body_over_the_batch_limit_is_413(make_client: MakeClient) -> None:
    client = make_client(auth=False, max_batch_bytes=8192)
    body = b"id,name\n" + b"1,Ordinary Person\n" * 1000
    response = client.post("/screen", content=body, headers=CSV)
    assert response.status_code == 413
    assert "8,192 bytes" in response.json()["detail"]

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 1000):
            yield body[start : start + 1000]

    assert client.post("/screen", content=chunks(), headers=CSV).status_code == 413


def test_batch_bad_utf8_split_across_chunks_names_line_and_byte(service: TestClient) -> None:
    good = "id,name\n1,Gazprom\n2,Łukasz Nowak\n".encode()
    split = good.index("Ł".encode())  # send the two bytes of Ł in two chunks
    pieces = [good[: split + 1], good[split + 1 :] + b"3,bad \xff here\n"]
    response = service.post("/screen", content=iter(pieces), headers=CSV)
    assert response.status_code == 400
    bad = len(good) + len(b"3,bad ")
    assert response.json()["detail"] == (
        f"body, line 4: not UTF-8 text (byte {bad:,}); save the file as UTF-8"
    )
    # a body that ends inside a character
    response = service.post("/screen", content=iter([good, b"3,x\xc5"]), headers=CSV)
    assert response.status_code == 400 and "line 4" in response.json()["detail"]
    response = service.post("/screen", content=iter([b"  ", b"\n "]), headers=CSV)
    assert response.status_code == 400 and "empty" in response.json()["detail"]
