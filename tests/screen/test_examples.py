"""The README's examples are files that exist and do what the README says."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from tracewire.cli.main import app
from tracewire.network.case_csv import load_case_folder
from tracewire.network.case_load import load_case

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_every_example_path_in_the_readme_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"\bexamples/[\w./-]*\w/?", readme))
    assert {"examples/blocklist.csv", "examples/garpiya-csv/"} <= paths
    for path in paths:
        assert (ROOT / path).exists(), path
    for gone in ("parties.parquet", "my_blocklist.csv", "exports/2024-q3", "ofac-12345",
                 "one commit earlier", '"alerts": <results'):  # fmt: skip
        assert gone not in readme


def test_blocklist_example_screens_as_documented(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["screen", str(ROOT / "examples/counterparties.csv"),
                              "--list", str(ROOT / "examples/blocklist.csv"), "-o", str(out)])  # fmt: skip
    assert res.exit_code == 0, res.output
    hits = [r["id"] for r in map(json.loads, out.read_text().splitlines()) if r["alerts"]]
    assert hits == ["cp-018", "cp-020", "cp-022"]


def test_csv_case_example_is_the_json_case() -> None:
    folder = load_case_folder(ROOT / "examples/garpiya-csv")
    case = load_case(ROOT / "examples/garpiya/case.json")
    assert folder.parties == case.parties and folder.transactions == case.transactions
    assert folder.company_records == case.company_records
