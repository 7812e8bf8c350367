"""The audit chain's attacks of issue 12 (item 3), repeated: each must be found by
``tracewire audit verify`` (exit 1 naming it, or 2 when it cannot be checked), none
may pass (exit 0: lost) or crash (a traceback).

    .venv/bin/python -m bench.abuse_audit

Builds one store in a temporary folder (the bundled sample list, two parties, their
alerts decided through escalation to a true match, a user added: records of every kind,
anchored), then for each attack copies it, tampers with the database (the append-only
triggers dropped first, as an attacker with database access would) or with the anchor
file, and runs ``tracewire audit verify`` in-process. Prints one row per attack and the
totals: tried, clear error, crash, lost, and the worst time and memory (peak allocated,
by tracemalloc) of one verify. ``rows()`` gives the table's rows to ``bench.abuse``.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from tracewire.cli.demo import sample_path
from tracewire.cli.main import app
from tracewire.workflow.audit import GENESIS, _chain_hash
from tracewire.workflow.tables import audit_log

DB = "tracewire.db"
ANCHOR = "tracewire.audit-anchor.jsonl"
runner = CliRunner()


@dataclass
class Outcome:
    attack: str
    exit_code: int
    crashed: bool
    said: str
    seconds: float
    peak_mb: float

    @property
    def verdict(self) -> str:
        if self.crashed:
            return "crash"
        return "clear error" if self.exit_code in (1, 2) else "lost"


def _cli(home: Path, *args: str) -> tuple[int, bool, str]:
    res = runner.invoke(app, ["--home", str(home), *args])
    crashed = res.exception is not None and not isinstance(res.exception, SystemExit)
    return res.exit_code, crashed, " ".join(res.output.split())


def _build(home: Path) -> None:
    steps = [
        ["lists", "load", str(sample_path()), "-d", "tracewire_sample"],
        ["users", "add", "revi", "--role", "reviewer", "--as", "admin"],
    ]
    parties = home.parent / "parties.csv"
    parties.write_text("id,name,schema\nP1,TKS Vector LLC,Company\nP2,AO IEMZ Kupol,Company\n")
    steps.append(["portfolio", "import", str(parties), "--as", "admin"])
    for args in steps:
        code, crashed, said = _cli(home, *args)
        assert code == 0 and not crashed, said
    code, _, said = _cli(home, "alerts", "list", "--json")
    first = json.loads(said)["alerts"][0]["id"]
    for status, who in (("escalated", "admin"), ("true_match", "revi")):
        args = ["alerts", "decide", str(first), "--status", status, "--reason", "checked"]
        code, crashed, said = _cli(home, *args, "--as", who)
        assert code == 0 and not crashed, said


def _sql(home: Path, *statements: str) -> None:
    conn = sqlite3.connect(home / DB)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _rehash(home: Path, victim: int) -> None:
    """Change record ``victim`` and recompute every hash from it on, by the public recipe."""
    _sql(home, "DROP INDEX IF EXISTS ux_audit_log_prev_hash",
         f"UPDATE audit_log SET key_name = 'mallory' WHERE id = {victim}")  # fmt: skip
    engine = create_engine(f"sqlite:///{home / DB}")
    with engine.begin() as conn:
        rows = [r._asdict() for r in conn.execute(select(audit_log).order_by(audit_log.c.id))]
        prev = GENESIS
        for row in rows:
            if row["id"] >= victim:
                row["prev_hash"], row["hash"] = prev, _chain_hash(prev, row)
                conn.execute(
                    audit_log.update()
                    .where(audit_log.c.id == row["id"])
                    .values(prev_hash=row["prev_hash"], hash=row["hash"])
                )
            prev = row["hash"]
    engine.dispose()


def _forge_anchor(home: Path) -> None:
    engine = create_engine(f"sqlite:///{home / DB}")
    with engine.connect() as conn:
        rid, digest = conn.execute(
            select(audit_log.c.id, audit_log.c.hash).order_by(audit_log.c.id.desc()).limit(1)
        ).one()
    engine.dispose()
    line = {"v": 1, "id": rid, "hash": digest, "at": "2030-01-01T00:00:00+00:00",
            "key": "0" * 16, "mac": "0" * 64}  # fmt: skip
    with (home / ANCHOR).open("a") as fh:
        fh.write(json.dumps(line) + "\n")


def _fork(home: Path) -> None:
    _sql(home, "DROP INDEX ux_audit_log_prev_hash",
         "INSERT INTO audit_log (at, key_id, key_name, endpoint, status, request_sha256, "
         "request, lists, results, error, kind, subject, prev_hash, hash) SELECT at, key_id, "
         "'mallory', endpoint, status, request_sha256, request, lists, results, error, kind, "
         "subject, prev_hash, hash FROM audit_log WHERE id = 2")  # fmt: skip


def _kept_head_then_cut(home: Path) -> list[str]:
    """The operator kept the head; the tail and the anchor are cut, the cut chain
    anchored anew: only the kept head can tell."""
    head = home.parent / "kept-head.json"
    code, _, said = _cli(home, "audit", "head", "-o", str(head))
    assert code == 0, said
    # every trace of the alerts goes with their records, so that the cut chain holds
    _sql(home, "DELETE FROM audit_log WHERE id > 2", "DELETE FROM alert_events",
         "DELETE FROM alerts")  # fmt: skip
    (home / ANCHOR).unlink()
    code, _, said = _cli(home, "audit", "anchor")
    assert code == 0, said
    return ["--head", str(head)]


Tamper = Callable[[Path], list[str] | None]
ATTACKS: list[tuple[str, Tamper]] = [
    ("every hash and prev_hash NULL",
     lambda h: _sql(h, "UPDATE audit_log SET hash = NULL, prev_hash = NULL")),
    ("every hash, prev_hash and kind NULL",
     lambda h: _sql(h, "UPDATE audit_log SET hash = NULL, prev_hash = NULL, kind = NULL")),
    ("the last record's hash NULL",
     lambda h: _sql(h, "UPDATE audit_log SET hash = NULL WHERE id = "
                       "(SELECT max(id) FROM audit_log)")),
    ("the last 3 records deleted",
     lambda h: _sql(h, "DELETE FROM audit_log WHERE id > (SELECT max(id) - 3 FROM audit_log)")),
    ("every record deleted", lambda h: _sql(h, "DELETE FROM audit_log")),
    ("a record in the middle deleted", lambda h: _sql(h, "DELETE FROM audit_log WHERE id = 3")),
    ("a record rewritten", lambda h: _sql(h, "UPDATE audit_log SET key_name = 'x' WHERE id = 2")),
    ("a record rewritten, the chain rehashed", lambda h: _rehash(h, 2)),
    ("rehashed, and a forged anchor line", lambda h: (_rehash(h, 2), _forge_anchor(h))[-1]),
    ("rehashed, and the anchor deleted",
     lambda h: (_rehash(h, 2), (h / ANCHOR).unlink())[-1]),
    ("the tail cut and re-anchored, a head kept", _kept_head_then_cut),
    ("alert status true_match -> false_positive",
     lambda h: _sql(h, "UPDATE alerts SET status = 'false_positive' "
                       "WHERE status = 'true_match'")),
    ("alert event rewritten (to_status, reason)",
     lambda h: _sql(h, "UPDATE alert_events SET to_status = 'false_positive', reason = 'no' "
                       "WHERE to_status = 'true_match'")),
    ("alert event deleted",
     lambda h: _sql(h, "DELETE FROM alert_events WHERE to_status = 'true_match'")),
    ("alert event invented",
     lambda h: _sql(h, "INSERT INTO alert_events (alert_id, at, actor, action, from_status, "
                       "to_status, reason, lists) SELECT alert_id, at, 'revi', 'decided', "
                       "'true_match', 'false_positive', 'cleared', '[]' FROM alert_events "
                       "WHERE to_status = 'true_match'")),
    ("the chain forked (duplicate prev_hash)", _fork),
    ("garbage time", lambda h: _sql(h, "UPDATE audit_log SET at = 'noon' WHERE id = 2")),
    ("garbage bytes in a request",
     lambda h: _sql(h, "UPDATE audit_log SET request = X'00FF80' WHERE id = 2")),
    ("garbage status", lambda h: _sql(h, "UPDATE audit_log SET status = 'teapot' WHERE id = 2")),
    ("garbage hash", lambda h: _sql(h, "UPDATE audit_log SET hash = 'zz' WHERE id = 2")),
    ("garbage alert event time",
     lambda h: _sql(h, "UPDATE alert_events SET at = 'then' WHERE id = 2")),
    ("the audit key removed", lambda h: Path(os.environ["TRACEWIRE_AUDIT_KEY_FILE"]).unlink()),
]  # fmt: skip


def run() -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        key = base / "audit.key"
        os.environ["TRACEWIRE_AUDIT_KEY_FILE"] = str(key)
        clean = base / "clean" / "home"
        clean.mkdir(parents=True)
        _build(clean)
        code, crashed, said = _cli(clean, "audit", "verify")
        assert code == 0 and not crashed, said
        saved_key = key.read_bytes()
        for n, (name, tamper) in enumerate(ATTACKS):
            home = base / f"attack{n}" / "home"
            shutil.copytree(clean, home)
            key.write_bytes(saved_key)
            key.chmod(0o600)
            extra = tamper(home) or []
            tracemalloc.start()
            started = time.process_time()
            code, crashed, said = _cli(home, "audit", "verify", *extra)
            seconds = time.process_time() - started
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            outcomes.append(Outcome(name, code, crashed, said, seconds, peak))
    return outcomes


def rows(outcomes: list[Outcome]) -> dict[str, object]:
    """The totals, as one row of ``bench.abuse``'s table."""
    verdicts = [o.verdict for o in outcomes]
    return {
        "kind": "audit chain",
        "tried": len(outcomes),
        "clear error": verdicts.count("clear error"),
        "crash": verdicts.count("crash"),
        "lost": verdicts.count("lost"),
        "worst s": max(o.seconds for o in outcomes),
        "worst MB": max(o.peak_mb for o in outcomes),
    }


def main() -> None:
    outcomes = run()
    width = max(len(o.attack) for o in outcomes)
    print(f"{'attack':{width}}  exit  verdict      s     MB  what verify said")
    for o in outcomes:
        print(f"{o.attack:{width}}  {o.exit_code:>4}  {o.verdict:11} {o.seconds:5.2f} "
              f"{o.peak_mb:6.1f}  {o.said[:90]}")  # fmt: skip
    total = rows(outcomes)
    print()
    print("tried  clear error  crash  lost  worst s  worst MB")
    print(f"{total['tried']:>5}  {total['clear error']:>11}  {total['crash']:>5}  "
          f"{total['lost']:>4}  {total['worst s']:>7.2f}  {total['worst MB']:>8.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
