"""Hostile input over HTTP (issue 12): every attack gets a clear 4xx, never a 500."""

from __future__ import annotations

import orjson
import pytest
from bench.abuse import deep_chain_case, nested_json
from fastapi.testclient import TestClient

from tests.api.conftest import MakeClient, person
from tracewire.api.keys import KeyRing
from tracewire.bounds import MAX_CHAIN_DEPTH, MAX_JSON_DEPTH, MAX_NAME_WORDS, MAX_WORD_CHARS
from tracewire.errors import InputError
from tracewire.store import Store
from tracewire.workflow.roles import Users

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


def test_a_deep_ownership_chain_gets_a_clear_422(service: TestClient) -> None:
    body = orjson.dumps(deep_chain_case(2_000))
    assert len(body) < 1_048_576  # under the body limit: the depth bound must answer
    answer = service.post(
        "/screen/transactions", content=body, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 422, answer.text[:300]
    (problem,) = answer.json()["detail"]
    assert problem["loc"] == ["body", "company_records", 1_999]
    assert f"at most {MAX_CHAIN_DEPTH:,}" in problem["msg"]


def test_deeply_nested_json_gets_a_clear_422(service: TestClient) -> None:
    answer = service.post(
        "/screen/transactions",
        content=nested_json(50_000),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 422, answer.text[:300]
    assert f"nested more than {MAX_JSON_DEPTH} levels" in answer.text


def test_a_chain_within_the_bound_is_investigated(service: TestClient) -> None:
    answer = service.post(
        "/screen/transactions",
        content=orjson.dumps(deep_chain_case(60)),
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 200, answer.text[:300]
    verdicts = {v["subject"]["id"]: v["verdict"] for v in answer.json()["verdicts"]["parties"]}
    assert verdicts["p59"] == "blocked"


def test_non_utf8_files_get_400_naming_the_line(service: TestClient) -> None:
    latin1 = "id,name\n1,Müller GmbH\n".encode("latin-1")
    for path in ("/portfolio/import", "/screen"):
        answer = service.post(path, content=latin1, headers={"Content-Type": "text/csv"})
        assert answer.status_code == 400, (path, answer.text)
        assert answer.json()["detail"].startswith("body, line 2: not UTF-8 text")


def test_a_bad_batch_header_is_a_400_without_server_paths(service: TestClient) -> None:
    answer = service.post("/screen", content=b"id,nom\n1,x\n", headers={"Content-Type": "text/csv"})
    assert answer.status_code == 400, answer.text
    assert answer.json() == {"detail": "body, line 1: the header needs a 'name' column"}
    imported = service.post(
        "/portfolio/import", content=b"id,nom\n1,x\n", headers={"Content-Type": "text/csv"}
    )
    assert imported.status_code == 400 and "/tmp" not in imported.text


def test_a_lone_surrogate_is_a_422(service: TestClient) -> None:
    body = b'{"parties": [{"id": "x", "name": "\\ud800"}]}'
    answer = service.post("/portfolio", content=body, headers={"Content-Type": "application/json"})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "parties", 0, "name"]


def test_absurd_offsets_are_a_422(service: TestClient) -> None:
    for path in ("/portfolio", "/alerts"):
        for offset in ("1e23", str(2**63), str(2**62)):
            answer = service.get(path, params={"offset": offset})
            assert answer.status_code == 422, (path, offset, answer.text)


def test_json_answers_say_nosniff_and_docs_are_off(service: TestClient) -> None:
    for path in ("/healthz", "/openapi.json", "/nowhere"):
        assert service.get(path).headers["x-content-type-options"] == "nosniff"
    assert service.get("/docs").status_code == 404  # would load scripts from a CDN


def test_docs_when_asked_for_carry_a_csp(make_client: MakeClient) -> None:
    client = make_client(auth=False, docs=True)
    answer = client.get("/docs")
    assert answer.status_code == 200
    csp = answer.headers["content-security-policy"]
    assert (
        "default-src 'none'" in csp and "script-src 'unsafe-inline' https://cdn.jsdelivr.net" in csp
    )


def test_a_key_cannot_have_a_scope_above_its_users_role(sample_store: Store) -> None:
    Users(sample_store.engine).add("vic", "viewer")
    ring = KeyRing(sample_store.engine)
    with pytest.raises(InputError, match="'read' at most, not 'admin'"):
        ring.create("vic-admin", "admin", user="vic")
    assert ring.create("vic-read", "read", user="vic")[1].scope == "read"


def test_every_endpoint_checks_the_role_as_well_as_the_scope(
    secured: TestClient, sample_store: Store
) -> None:
    users = Users(sample_store.engine)
    users.add("vic", "admin")
    key = KeyRing(sample_store.engine).create("vic-admin", "admin", user="vic")[0]
    users.set_role("vic", "viewer")  # demoted: the admin-scope key stays
    headers = {"Authorization": f"ApiKey {key}"}
    for method, path in (("GET", "/users"), ("POST", "/admin/reload"), ("POST", "/portfolio")):
        answer = secured.request(method, path, headers=headers, json={"parties": []})
        assert answer.status_code == 403, (path, answer.text)
        assert "who is viewer" in answer.json()["detail"]
    assert secured.get("/portfolio", headers=headers).status_code == 200  # reading is allowed
