"""Every CSV tracewire writes is safe to open in a spreadsheet (OWASP, CSV injection): a
text cell that a spreadsheet would run as a formula gets a single quote before it. JSON
output keeps the values as they are."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from typer.testing import CliRunner

from tracewire.cli.main import app
from tracewire.csv_cells import csv_line, safe_cell
from tracewire.workflow.audit import AuditTrail

runner = CliRunner()
FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example","click")', "+1+2",
            "-2+3", "@SUM(A1:A2)", "\tTabbed", "\rReturn"]  # fmt: skip


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cells_are_quoted(value: str) -> None:
    assert safe_cell(value) == "'" + value
    (row,) = csv.reader(io.StringIO(csv_line(["x", value, 3])))
    assert row == ["x", "'" + value, "3"]


@pytest.mark.parametrize("value", ["Kupol", "", "a=b", "1-2", -0.25, 7, None])
def test_other_cells_are_unchanged(value: object) -> None:
    assert safe_cell(value) == value


def test_screen_csv_output_is_neutralised_and_json_is_not(home: Path, tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://evil.example","Zorblax Widgets")'
    custom = tmp_path / "blocklist.csv"
    quoted = evil.replace('"', '""')
    custom.write_text(f'id,schema,name\nz1,Company,"{quoted}"\n', encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id,name\n@row1,=cmd|' /C calc'!A0\n-row2,Zorblax Widgets\n", encoding="utf-8")
    out_csv, out_jsonl = tmp_path / "out.csv", tmp_path / "out.jsonl"
    res = runner.invoke(
        app, ["screen", str(src), "--list", str(custom), "-o", str(out_csv), "-o", str(out_jsonl)]
    )
    assert res.exit_code == 0, res.output
    with open(out_csv, encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert table[0]["input_id"] == "'@row1" and table[0]["input_name"] == "'=cmd|' /C calc'!A0"
    hit = next(row for row in table if row["input_id"] == "'-row2")
    assert hit["caption"] == "'" + evil
    for row in table:
        assert not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
    records = [json.loads(line) for line in out_jsonl.read_text().splitlines()]
    assert records[0]["id"] == "@row1" and records[0]["query"]["name"] == "=cmd|' /C calc'!A0"
    assert records[1]["results"][0]["caption"] == evil


def test_audit_export_csv_is_neutralised(tmp_path: Path) -> None:
    trail = AuditTrail(create_engine(f"sqlite:///{tmp_path / 'audit.db'}"))
    trail.append(actor="@mallory", kind="decision", endpoint="=cmd|' /C calc'!A0",
                 subject="-alert:1", request={"summary": "+evil"})  # fmt: skip
    out = io.StringIO()
    trail.export(out, "csv")
    (row,) = csv.DictReader(io.StringIO(out.getvalue()))
    assert row["actor"] == "'@mallory" and row["endpoint"] == "'=cmd|' /C calc'!A0"
    assert row["subject"] == "'-alert:1"
    out = io.StringIO()
    trail.export(out, "jsonl")
    record = json.loads(out.getvalue())
    assert record["actor"] == "@mallory" and record["subject"] == "-alert:1"
