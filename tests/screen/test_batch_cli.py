"""`tracewire demo`, `match` and `screen` through the CLI, with bad rows and every output."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from typer.testing import CliRunner

from tracewire.cli.demo import sample_path
from tracewire.cli.main import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_demo_then_match(home: Path) -> None:
    res = runner.invoke(app, ["demo"])
    assert res.exit_code == 0, res.output
    assert "tracewire_sample" in res.stdout and "Offline" in res.stdout
    res = runner.invoke(app, ["match", "АО ИЭМЗ Купол", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    top = data["results"][0]
    assert top["id"] == "tw-sample-iemz-kupol" and top["match"] is True
    assert set(top) >= {"id", "dataset", "source_id", "schema", "caption", "score", "match",
                        "explanations"}  # fmt: skip
    res = runner.invoke(app, ["match", "TKS Vector LLC"])
    assert "MATCH" in res.stdout and "TSK Vektor" in res.stdout
    res = runner.invoke(app, ["demo"])  # a second run is a no-op load
    assert "Already loaded" in res.stdout


def test_match_without_lists_says_what_to_do(home: Path) -> None:
    res = runner.invoke(app, ["match", "Anyone"])
    assert res.exit_code == 2 and "no lists are loaded" in res.output


def test_screen_outputs_and_bad_rows(home: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    rows = (EXAMPLES / "counterparties.csv").read_text(encoding="utf-8").splitlines()
    rows.insert(3, "bad-1,,Company,,,,,")  # no name
    rows.insert(5, "bad-2,Some Firm,Spaceship,,,,,")  # unknown schema
    rows.insert(7, 'bad-3,Other Firm,Company,,,,,"frob:1"')  # unknown identifier type
    rows.insert(9, "bad-4,Too,Many,Cells,,,,,,,,,,")
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out_jsonl, out_csv, out_html = tmp_path / "r.jsonl", tmp_path / "r.csv", tmp_path / "r.html"
    res = runner.invoke(
        app,
        [
            "screen",
            str(src),
            "--list",
            str(sample_path()),
            "-o",
            str(out_jsonl),
            "-o",
            str(out_csv),
            "-o",
            str(out_html),
            "--json",
        ],  # fmt: skip
    )
    assert res.exit_code == 0, res.output
    stats = json.loads(res.stdout)
    assert stats["rows"] == 30 and stats["errors"] == 4 and stats["rows_with_alerts"] == 15
    records = [json.loads(line) for line in out_jsonl.read_text().splitlines()]
    assert len(records) == 30
    errors = {r["id"]: (r["line"], r["error"]) for r in records if "error" in r}
    assert errors["bad-1"] == (4, "the row has no name")
    assert "unknown schema" in errors["bad-2"][1] and errors["bad-2"][0] == 6
    assert "unknown identifier type" in errors["bad-3"][1]
    assert "more cells" in errors["bad-4"][1]
    for r in records:
        scores = [x["score"] for x in r["results"]]
        assert scores == sorted(scores, reverse=True)
        assert r["alerts"] == sum(x["match"] for x in r["results"])
    with open(out_csv, encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert {row["input_id"] for row in table} >= {"cp-001", "bad-1"}
    html = out_html.read_text()
    assert "Screening of" in html and "IEMZ Kupol" in html and "unknown schema" in html


def test_screen_jsonl_and_parquet_inputs(home: Path, tmp_path: Path) -> None:
    runner.invoke(app, ["demo"])
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["screen", str(EXAMPLES / "counterparties.jsonl"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert sum(json.loads(line)["alerts"] > 0 for line in out.read_text().splitlines()) == 15
    table = pa.table(
        {"id": ["p1", "p2"], "name": ["Xiamen Limbach Aviation Engine", "Nobody Real"]}
    )
    parquet = tmp_path / "in.parquet"
    pq.write_table(table, parquet)
    res = runner.invoke(app, ["screen", str(parquet)])  # JSON lines to stdout
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["id"] for r in lines] == ["p1", "p2"]
    assert lines[0]["alerts"] == 1 and lines[1]["alerts"] == 0
