"""The README's workflow walk-through, through the CLI: import the example portfolio,
clear a false positive, load the newer UN list, and see only the changes rescreened."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import raw_file
from tracewire.cli.main import app

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "portfolio.csv"


def _ok(args: list[str]) -> str:
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    return res.stdout


def test_walkthrough(home: Path, tmp_path: Path) -> None:
    un_2022 = raw_file("un_sc_consolidated_2022-09-15", "un.xml")
    un_2026 = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    _ok(["lists", "load", str(un_2022)])
    out = json.loads(_ok(["portfolio", "import", str(EXAMPLE), "--as", "ana", "--json"]))
    assert out["import"]["added"] == 42 and out["screening"]["opened"] == 7

    alerts = json.loads(_ok(["alerts", "list", "--status", "open", "--json"]))["alerts"]
    bosco = next(a for a in alerts if a["party_id"] == "P-2003")
    _ok(["users", "add", "rita", "--role", "analyst"])
    res = runner.invoke(app, ["alerts", "decide", str(bosco["id"]), "--status", "true_match",
                              "--reason", "x", "--as", "rita"])  # fmt: skip
    assert res.exit_code == 1 and "needs reviewer" in " ".join(res.output.split())
    _ok(["alerts", "decide", str(bosco["id"]), "--status", "false_positive",
         "--reason", "customer born 1991 in Ghent", "--as", "rita"])  # fmt: skip
    shown = json.loads(_ok(["alerts", "show", str(bosco["id"]), "--json"]))
    assert shown["status"] == "false_positive"
    assert shown["history"][-1]["actor"] == "rita"

    res = runner.invoke(app, ["lists", "load", str(un_2026)])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    assert "changed list entries of un_sc_sanctions" in said
    assert "3 new alerts, 1 reopened" in said and "2 designations removed" in said
    reopened = json.loads(_ok(["alerts", "show", str(bosco["id"]), "--json"]))
    assert reopened["status"] == "open" and reopened["reopened"]
    assert reopened["changes"][0]["field"] == "country"

    assert "the audit trail holds" in _ok(["audit", "verify"])
    export = tmp_path / "audit.csv"
    _ok(["audit", "export", "-o", str(export)])
    rows = list(csv.DictReader(export.open(encoding="utf-8")))
    kinds = {r["kind"] for r in rows}
    assert {"portfolio", "screening", "alert", "decision", "user"} <= kinds
    assert rows[0]["prev_hash"] == "0" * 64


def test_load_without_rescreen(home: Path) -> None:
    un_2022 = raw_file("un_sc_consolidated_2022-09-15", "un.xml")
    _ok(["portfolio", "import", str(EXAMPLE)])
    res = runner.invoke(app, ["lists", "load", str(un_2022), "--no-rescreen"])
    assert res.exit_code == 0 and "portfolio:" not in res.output
    assert json.loads(_ok(["alerts", "list", "--json"]))["total"] == 0
    # the rescreen left pending runs at the next load, even of the same bytes
    res = runner.invoke(app, ["lists", "load", str(un_2022)])
    assert "unchanged" in res.output and "7 new alerts" in " ".join(res.output.split())
    res = runner.invoke(app, ["lists", "load", str(un_2022)])  # nothing pending now
    assert "portfolio:" not in res.output
    out = json.loads(_ok(["portfolio", "screen", "--json"]))
    assert out["screened"] == 42 and out["opened"] == 0


def test_cli_screenings_are_audited(home: Path, tmp_path: Path) -> None:
    from tracewire.cli.demo import sample_path

    _ok(["lists", "load", str(sample_path()), "-d", "tracewire_sample"])
    _ok(["match", "TKS Vector LLC", "--schema", "Company"])
    batch = tmp_path / "parties.csv"
    batch.write_text("id,name\n1,AO IEMZ Kupol\n2,\n", encoding="utf-8")
    _ok(["screen", str(batch), "-o", str(tmp_path / "out.jsonl")])
    records = json.loads(_ok(["audit", "list", "--kind", "screening", "--json"]))
    by_endpoint = {r["endpoint"]: r for r in records}
    match = by_endpoint["cli.match"]
    assert match["request"]["name"] == "TKS Vector LLC"
    assert any(r["match"] for r in match["results"])
    assert match["lists"][0]["dataset"] == "tracewire_sample"
    screen = by_endpoint["cli.screen"]
    assert screen["request"]["file"] == str(batch) and len(screen["request"]["sha256"]) == 64
    assert screen["results"]["rows"] == 2 and screen["results"]["errors"] == 1
    assert "the audit trail holds" in _ok(["audit", "verify"])
