"""`tracewire audit verify | head | anchor`: exit 0 when the chain holds (and its head is
printed), 1 when it is broken, 2 when it cannot be checked; never a traceback."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from tracewire.cli.main import app

runner = CliRunner()


def _run(args: list[str], code: int = 0) -> Result:
    res = runner.invoke(app, args)
    assert res.exit_code == code, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res


def _said(res: Result) -> str:
    return " ".join(res.output.split())


_USERS = iter(range(10**6))


def _records(n: int) -> None:
    for _ in range(n):
        _run(["users", "add", f"user{next(_USERS)}", "--role", "analyst", "--as", "admin"])


def _tamper(home: Path, *statements: str) -> None:
    engine = create_engine(f"sqlite:///{home / 'tracewire.db'}")
    with engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own key file (the tests below remove it)."""
    path = tmp_path / "config" / "audit.key"
    monkeypatch.setenv("TRACEWIRE_AUDIT_KEY_FILE", str(path))
    return path


def test_the_key_is_made_in_the_user_config_folder(home: Path) -> None:
    _records(1)
    key = Path(os.environ["XDG_CONFIG_HOME"]) / "tracewire" / "audit.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_verify_prints_the_head_and_its_anchor(home: Path, key_file: Path) -> None:
    _records(3)
    res = _run(["audit", "verify"])
    said = _said(res)
    assert "the audit trail holds: 3 records" in said
    assert "head: 3 chained records, record 3, sha256" in said
    assert "anchored up to record 3" in said
    anchor = home / "tracewire.audit-anchor.jsonl"
    assert len(anchor.read_text().splitlines()) == 3  # one line per commit
    # the key is the user's own, outside the database and its folder
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(anchor.stat().st_mode) == 0o600
    out = json.loads(_run(["audit", "verify", "--json"]).stdout)
    assert out["ok"] and out["head"]["records"] == 3 and out["anchor"]["unanchored"] == 0


def test_a_forked_chain_exits_1_without_a_traceback(home: Path) -> None:
    _records(3)
    _tamper(
        home,
        "DROP INDEX ux_audit_log_prev_hash",
        "INSERT INTO audit_log (at, key_id, key_name, endpoint, status, request_sha256, "
        "request, lists, results, error, kind, subject, prev_hash, hash) SELECT at, key_id, "
        "'mallory', endpoint, status, request_sha256, request, lists, results, error, kind, "
        "subject, prev_hash, hash FROM audit_log WHERE id = 2",
    )
    res = _run(["audit", "verify"], 1)
    assert "forked: records 2 and 4" in _said(res)
    out = json.loads(_run(["audit", "verify", "--json"], 1).stdout)
    assert out["ok"] is False and out["first_bad_id"] == 4


def test_an_unchained_trail_exits_1(home: Path) -> None:
    _records(3)
    _tamper(home, "UPDATE audit_log SET hash = NULL, prev_hash = NULL")
    res = _run(["audit", "verify"], 1)
    assert "unchained" not in _said(res) and "hash was removed" in _said(res)


def test_a_kept_head_finds_a_cut_tail(home: Path, key_file: Path, tmp_path: Path) -> None:
    _records(2)
    head = tmp_path / "head.json"
    _run(["audit", "head", "-o", str(head)])
    kept = json.loads(head.read_text())
    assert kept["records"] == 2 and kept["id"] == 2 and len(kept["mac"]) == 64
    _records(2)
    _run(["audit", "verify", "--head", str(head)])
    # the records after the kept head, and the anchor with them, are gone
    _tamper(home, "DELETE FROM audit_log WHERE id > 1")
    (home / "tracewire.audit-anchor.jsonl").unlink()
    _run(["audit", "anchor"])  # whoever did it anchors the cut chain anew
    res = _run(["audit", "verify", "--head", str(head)], 1)
    assert "record 2, the kept head, is not in the chain" in _said(res)


def test_a_changed_kept_head_is_refused(home: Path, key_file: Path, tmp_path: Path) -> None:
    _records(1)
    head = tmp_path / "head.json"
    _run(["audit", "head", "-o", str(head)])
    kept = json.loads(head.read_text())
    head.write_text(json.dumps(kept | {"records": 5}))
    assert "signature does not hold" in _said(_run(["audit", "verify", "--head", str(head)], 1))


@pytest.mark.parametrize("content", ["not json", "[]", '{"id": 1}'])
def test_a_head_file_that_is_not_one_exits_2(home: Path, tmp_path: Path, content: str) -> None:
    _records(1)
    head = tmp_path / "head.json"
    head.write_text(content)
    res = _run(["audit", "verify", "--head", str(head)], 2)
    assert str(head) in _said(res)
    assert str(tmp_path / "none.json") in _said(
        _run(["audit", "verify", "--head", str(tmp_path / "none.json")], 2)
    )


def test_without_its_key_the_anchor_cannot_be_checked(home: Path, key_file: Path) -> None:
    _records(1)
    key_file.unlink()
    res = _run(["audit", "verify"], 2)
    assert "without its key" in _said(res) and "TRACEWIRE_AUDIT_KEY" in _said(res)


def test_a_key_from_the_environment(
    home: Path, key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACEWIRE_AUDIT_KEY", "k" * 40)
    _records(1)
    assert not key_file.exists()
    _run(["audit", "verify"])
    monkeypatch.setenv("TRACEWIRE_AUDIT_KEY", "another key, 40 characters long........")
    assert "another key" in _said(_run(["audit", "verify"], 1))
    monkeypatch.setenv("TRACEWIRE_AUDIT_KEY", "short")
    assert "too short" in _said(_run(["audit", "verify"], 2))


def test_an_older_chain_is_anchored_once(home: Path) -> None:
    _records(2)
    (home / "tracewire.audit-anchor.jsonl").unlink()  # as a store from before anchoring
    assert "not anchored" in _said(_run(["audit", "verify"], 1))
    assert "anchored record 2" in _said(_run(["audit", "anchor"]))
    _run(["audit", "verify"])
