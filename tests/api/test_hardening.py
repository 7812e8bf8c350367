"""Hostile input over HTTP (issue 12): every attack gets a clear 4xx, never a 500."""

from __future__ import annotations

import orjson
from fastapi.testclient import TestClient

from tests.api.conftest import person
from tracewire.bounds import MAX_NAME_WORDS, MAX_WORD_CHARS

LONG_WORD = "q" * (MAX_WORD_CHARS + 1)
MANY_WORDS = " ".join(["ivan"] * (MAX_NAME_WORDS + 1))


def test_long_names_get_422_on_match(service: TestClient) -> None:
    for name in (LONG_WORD, MANY_WORDS):
        answer = service.post("/match/default", json={"queries": {"q": person(name)}})
        assert answer.status_code == 422, answer.text
        assert "queries.q" in answer.json()["detail"]


def test_long_names_get_422_on_search(service: TestClient) -> None:
    answer = service.get("/search/default", params={"q": LONG_WORD})
    assert answer.status_code == 422, answer.text
    assert f"at most {MAX_WORD_CHARS} characters" in answer.text


def test_long_names_are_error_rows_in_batch_and_portfolio(service: TestClient) -> None:
    body = b"\n".join(
        orjson.dumps(row)
        for row in ({"id": "a", "name": "TKS Vector LLC"}, {"id": "b", "name": MANY_WORDS})
    )
    answer = service.post("/screen", content=body, headers={"Content-Type": "application/x-ndjson"})
    records = [orjson.loads(line) for line in answer.text.splitlines()]
    assert [r["id"] for r in records] == ["a", "b"]
    assert f"at most {MAX_NAME_WORDS} words" in str(records[1]["error"])
    imported = service.post(
        "/portfolio/import?screen=false",
        content=body,
        headers={"Content-Type": "application/x-ndjson"},
    )
    assert imported.status_code == 200, imported.text
    report = imported.json()["import"]
    assert report["added"] == 1
    assert [e["id"] for e in report["errors"]] == ["b"]
