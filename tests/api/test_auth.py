"""API keys, scopes and the audit log."""

from __future__ import annotations

import hashlib
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from tests.api.conftest import SAMPLE, MakeClient, company
from tracewire.api import ServiceConfig
from tracewire.api import keys as keys_module
from tracewire.api.audit import AuditLog
from tracewire.api.tables import api_keys
from tracewire.cli.main import app as cli
from tracewire.errors import InputError
from tracewire.store import Store

BODY = {"queries": {"q": company("TSK Vektor")}}


def auth(key: str, scheme: str = "ApiKey") -> dict[str, str]:
    return {"Authorization": f"{scheme} {key}"}


def test_a_key_is_required(secured: TestClient) -> None:
    response = secured.post("/match/default", json=BODY)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "ApiKey"
    assert "tracewire keys create" in response.json()["detail"]
    assert (
        secured.post("/match/default", json=BODY, headers=auth("tw_0_nonsense")).status_code == 401
    )
    # health checks and the API description stay open
    assert secured.get("/healthz").status_code == 200
    assert secured.get("/readyz").status_code == 200
    assert secured.get("/openapi.json").status_code == 200


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        ("read", {"search", "entity", "catalog"}),
        ("screen", {"search", "entity", "catalog", "match"}),
        ("admin", {"search", "entity", "catalog", "match", "reload"}),
    ],
)
def test_scopes(secured: TestClient, keys: dict[str, str], scope: str, allowed: set[str]) -> None:
    headers = auth(keys[scope])
    calls = {
        "search": lambda: secured.get("/search/default", params={"q": "kupol"}, headers=headers),
        "entity": lambda: secured.get("/entities/tw-sample-iemz-kupol", headers=headers),
        "catalog": lambda: secured.get("/catalog", headers=headers),
        "match": lambda: secured.post("/match/default", json=BODY, headers=headers),
        "reload": lambda: secured.post("/admin/reload", headers=headers),
    }
    for name, call in calls.items():
        status = call().status_code
        assert status == (200 if name in allowed else 403), (scope, name, status)


def test_bearer_and_bare_keys(secured: TestClient, keys: dict[str, str]) -> None:
    key = keys["screen"]
    assert secured.post("/match/default", json=BODY, headers=auth(key, "Bearer")).status_code == 200
    bare = {"Authorization": key}
    assert secured.post("/match/default", json=BODY, headers=bare).status_code == 200


def test_keys_cli_stores_only_a_salted_hash(
    home: Path, secured: TestClient, sample_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    created = runner.invoke(cli, ["keys", "create", "onboarding", "--scope", "screen", "--json"])
    assert created.exit_code == 0, created.output
    info = orjson.loads(created.stdout)
    key = info["key"]
    assert key.startswith(f"tw_{info['key_id']}_")
    with sample_store.engine.connect() as conn:
        row = conn.execute(select(api_keys).where(api_keys.c.key_id == info["key_id"])).one()
        dump = repr(conn.execute(select(api_keys)).all())
    assert key not in dump
    assert row.hash == hashlib.sha256(bytes.fromhex(row.salt) + key.encode()).hexdigest()
    assert runner.invoke(cli, ["keys", "create", "onboarding"]).exit_code == 2  # name taken

    assert secured.post("/match/default", json=BODY, headers=auth(key)).status_code == 200
    listed = orjson.loads(runner.invoke(cli, ["keys", "list", "--json"]).stdout)
    assert [k["name"] for k in listed] == ["onboarding"] and "key" not in listed[0]

    monkeypatch.setattr(keys_module, "CACHE_SECONDS", 0.0)
    assert runner.invoke(cli, ["keys", "revoke", "onboarding"]).exit_code == 0
    assert secured.post("/match/default", json=BODY, headers=auth(key)).status_code == 401
    assert runner.invoke(cli, ["keys", "revoke", "onboarding"]).exit_code == 2
    assert runner.invoke(cli, ["keys", "create", "x", "--scope", "root"]).exit_code == 2


def test_no_auth_only_on_loopback(home: Path, make_client: MakeClient) -> None:
    for host in ("127.0.0.1", "::1", "localhost"):
        make_client(auth=False, host=host)
    with pytest.raises(InputError, match="loopback"):
        ServiceConfig(home=home, database_url="sqlite://", host="0.0.0.0", auth=False).check()
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--no-auth"])
    assert result.exit_code == 2 and "loopback" in result.output


def test_every_match_is_audited(
    secured: TestClient, keys: dict[str, str], sample_store: Store
) -> None:
    log = AuditLog(sample_store.engine)
    headers = auth(keys["screen"])
    raw = orjson.dumps(BODY)
    ok = secured.post(
        "/match/default",
        content=raw,
        headers=headers | {"Content-Type": "application/json"},
        params={"threshold": 0.7},
    )
    bad = secured.post(
        "/match/default",
        json={"queries": {"z": {"schema": "Nope", "properties": {}}}},
        headers=headers,
    )
    assert (ok.status_code, bad.status_code) == (200, 400)
    first, second = log.records()
    assert first.key_name == "test-screen" and first.key_id == keys["screen"][3:15]
    assert first.endpoint == "/match/default?threshold=0.7" and first.status == 200
    assert first.request == BODY
    assert first.request_sha256 == hashlib.sha256(raw).hexdigest()
    assert first.lists == ok.json()["lists"] and first.lists[0]["dataset"] == SAMPLE
    returned = ok.json()["responses"]["q"]["results"]
    assert first.results["q"] == [
        {"id": r["id"], "dataset": r["dataset"], "score": r["score"], "match": r["match"]}
        for r in returned
    ]
    assert second.status == 400 and "queries.z.schema" in (second.error or "")
    # unauthenticated attempts never reach the screener and are not screening requests
    secured.post("/match/default", json=BODY)
    assert log.count() == 2


def test_the_audit_log_is_append_only(
    secured: TestClient, keys: dict[str, str], sample_store: Store
) -> None:
    secured.post("/match/default", json=BODY, headers=auth(keys["screen"]))
    with pytest.raises(DBAPIError, match="append-only"), sample_store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET key_name = 'someone else'"))
    with pytest.raises(DBAPIError, match="append-only"), sample_store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
    assert AuditLog(sample_store.engine).count() == 1
