"""`GET /audit/verify` over HTTP: a broken chain is an answer (ok false, the problem),
never a 500; a chain that cannot be checked is a 4xx."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.api.conftest import company
from tracewire.store import Store


def _screen(service: TestClient, n: int) -> None:
    for _ in range(n):
        answer = service.post("/match/default", json={"queries": {"q": company("Kupol")}})
        assert answer.status_code == 200


def test_verify_names_the_head_and_a_cut_tail(
    service: TestClient, sample_store: Store, home: Path
) -> None:
    _screen(service, 3)
    held = service.get("/audit/verify").json()
    assert held["ok"] and held["head"]["records"] == 3 and held["anchor"]["unanchored"] == 0
    with sample_store.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text("DELETE FROM audit_log WHERE id > 1"))
    cut = service.get("/audit/verify")
    assert cut.status_code == 200
    assert cut.json()["ok"] is False and "removed from the end" in cut.json()["problem"]
    assert cut.json()["first_bad_id"] == held["head"]["id"]


def test_verify_without_the_key_is_a_client_error(service: TestClient) -> None:
    _screen(service, 1)
    key = Path(os.environ["XDG_CONFIG_HOME"]) / "tracewire" / "audit.key"
    moved = key.with_name("audit.key.moved")
    key.rename(moved)
    try:
        refused = service.get("/audit/verify")
    finally:
        moved.rename(key)
    assert refused.status_code == 400 and "without its key" in refused.json()["detail"]
