"""Limits and bad input: 413, 400, 422 naming the field, 404 — never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import MakeClient, company, person

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def limited(make_client: MakeClient) -> TestClient:
    return make_client(auth=False, max_body_bytes=4096, max_queries=3)


def test_body_over_the_limit_is_413(limited: TestClient) -> None:
    big = {"queries": {"q": person("x" * 5000)}}
    response = limited.post("/match/default", json=big)
    assert response.status_code == 413
    assert "4,096 bytes" in response.json()["detail"]


def test_chunked_body_over_the_limit_is_413(limited: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"queries": {"q": {"schema": "Person", "properties": {"name": ["'
        for _ in range(10):
            yield b"x" * 1000
        yield b'"]}}}}'

    response = limited.post("/match/default", content=chunks(), headers=JSON)
    assert response.status_code == 413


def test_body_within_the_limit_passes(limited: TestClient) -> None:
    assert (
        limited.post("/match/default", json={"queries": {"q": company("TSK Vektor")}}).status_code
        == 200
    )


def test_too_many_queries_is_400(limited: TestClient) -> None:
    queries = {f"q{i}": person("Li Xinyang") for i in range(4)}
    response = limited.post("/match/default", json={"queries": queries})
    assert response.status_code == 400
    assert "limit is 3" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "params", "loc"),
    [
        (
            {"queries": {"q": {"properties": {"name": ["X"]}}}},
            {},
            ["body", "queries", "q", "schema"],
        ),
        (
            {"queries": {"q": {"schema": "Person", "properties": {"name": [{"a": 1}]}}}},
            {},
            ["body", "queries", "q", "properties", "name"],
        ),
        (
            {"queries": {"q": person("X") | {"threshold": 2}}},
            {},
            ["body", "queries", "q", "threshold"],
        ),
        ({"queries": "everyone"}, {}, ["body", "queries"]),
        ({}, {}, ["body", "queries"]),
        ({"queries": {"q": person("X")}}, {"threshold": "high"}, ["query", "threshold"]),
        ({"queries": {"q": person("X")}}, {"limit": 0}, ["query", "limit"]),
        ({"queries": {"q": person("X")}}, {"limit": 501}, ["query", "limit"]),
        (
            {"queries": {"q": person("X")}},
            {"exclude_entity_ids": [f"id-{i}" for i in range(201)]},
            ["query", "exclude_entity_ids"],
        ),
        (
            {"queries": {"q": person("X")}},
            {"changed_since": "yesterday"},
            ["query", "changed_since"],
        ),
    ],
)
def test_schema_errors_are_422_naming_the_field(
    service: TestClient, body: object, params: dict[str, object], loc: list[str]
) -> None:
    response = service.post("/match/default", json=body, params=params)
    assert response.status_code == 422, response.text
    locs = [e["loc"][: len(loc)] for e in response.json()["detail"]]
    assert loc in locs, locs


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b"not json", b"[]", b"null", orjson.dumps({"queries": {"q": None}})],
)
def test_broken_bodies_are_client_errors(service: TestClient, raw: bytes) -> None:
    response = service.post("/match/default", content=raw, headers=JSON)
    assert 400 <= response.status_code < 500, response.text


def test_unknown_things_are_404(service: TestClient) -> None:
    assert service.post("/match/nope", json={"queries": {"q": person("X")}}).status_code == 404
    assert service.get("/search/nope", params={"q": "x"}).status_code == 404
    assert service.get("/entities/nope").status_code == 404
    assert service.get("/no/such/path").status_code == 404
