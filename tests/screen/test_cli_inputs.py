"""`match` and `screen` tell the user about every value they could not use, fail clearly on
bad input, say which datasets are loaded, and exit with documented codes for pipelines."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracewire.cli.demo import sample_path
from tracewire.cli.main import app

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = ["--list", str(sample_path())]


def test_match_warns_of_values_it_cannot_use(home: Path) -> None:
    args = ["match", "AO IEMZ Kupol", *SAMPLE, "--birth-date", "1952-13-45",
            "--id", "inn:notanumber", "--country", "Narnia"]  # fmt: skip
    res = runner.invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["warnings"] == [
        "birth_date: '1952-13-45' is not a date (YYYY, YYYY-MM or YYYY-MM-DD); ignored",
        "country: 'Narnia' is not a known country; ignored",
        "identifiers: 'notanumber' is not a valid INN; ignored",
    ]
    assert data["results"][0]["id"] == "tw-sample-iemz-kupol"
    res = runner.invoke(app, args)
    assert res.exit_code == 0
    assert "warning: country: 'Narnia' is not a known country" in res.stderr


def test_screen_warns_per_row_and_sums_the_warnings(home: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "id,name,birth_date,country,identifiers\n"
        "a,AO IEMZ Kupol,1952-13-45,Narnia,inn:notanumber\n"
        "b,TSK Vektor,,ru,\n"
        "c,Nobody Real,1990,Atlantis,\n",
        encoding="utf-8",
    )
    out_jsonl, out_csv = tmp_path / "out.jsonl", tmp_path / "out.csv"
    res = runner.invoke(
        app, ["screen", str(src), *SAMPLE, "-o", str(out_jsonl), "-o", str(out_csv), "--json"]
    )
    assert res.exit_code == 0, res.output
    stats = json.loads(res.stdout)
    assert stats["warnings"] == 4 and stats["rows_with_warnings"] == 2
    records = {r["id"]: r for r in map(json.loads, out_jsonl.read_text().splitlines())}
    assert len(records["a"]["warnings"]) == 3 and "warnings" not in records["b"]
    assert records["c"]["warnings"] == ["country: 'Atlantis' is not a known country; ignored"]
    with open(out_csv, encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert any("'Narnia' is not a known country" in row["warnings"] for row in table)
    out_html = tmp_path / "out.html"
    res = runner.invoke(app, ["screen", str(src), *SAMPLE, "-o", str(out_html)])
    assert "2 rows with warnings (4 values ignored)" in res.stderr
    html = out_html.read_text(encoding="utf-8")
    assert "rows with warnings" in html and "&#x27;Narnia&#x27; is not a known country" in html


def test_unclosed_quote_is_counted_honestly(home: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    lines = ["id,name"] + [f"r{i},Firm Number {i}" for i in range(1, 9)]
    lines[3] = 'r3,"Firm Number 3'  # row 3 opens a quote it never closes
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(app, ["screen", str(src), *SAMPLE, "-o", str(out), "--json"])
    assert res.exit_code == 0, res.output
    stats = json.loads(res.stdout)
    assert stats["rows"] == 8 and stats["errors"] == 1
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["line"] for r in records] == list(range(2, 10))
    assert "never closed" in records[2]["error"] and records[2]["line"] == 4
    assert [r["query"]["name"] for r in records[3:]] == [f"Firm Number {i}" for i in range(4, 9)]


@pytest.mark.parametrize("command", [["match", "Kupol"], ["screen", "in.csv"]])
@pytest.mark.parametrize("value", ["1.5", "-0.1"])
def test_threshold_out_of_range_is_an_error(
    home: Path, tmp_path: Path, command: list[str], value: str
) -> None:
    (tmp_path / "in.csv").write_text("name\nKupol\n", encoding="utf-8")
    command = [str(tmp_path / c) if c.endswith(".csv") else c for c in command]
    res = runner.invoke(app, [*command, *SAMPLE, "--threshold", value])
    assert res.exit_code == 2
    assert "--threshold" in res.output and "Traceback" not in res.output


def test_unknown_dataset_names_the_loaded_ones(home: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["demo"]).exit_code == 0
    (tmp_path / "in.csv").write_text("name\nKupol\n", encoding="utf-8")
    case = str(Path(__file__).resolve().parents[2] / "examples/garpiya/case.json")
    for args in (["screen", str(tmp_path / "in.csv")], ["match", "Kupol"], ["investigate", case]):
        res = runner.invoke(app, [*args, "--dataset", "us_ofac_sdn"])
        assert res.exit_code == 2
        assert "no dataset named 'us_ofac_sdn' is loaded" in res.stderr
        assert "loaded: tracewire_sample" in res.stderr and "no lists are loaded" not in res.stderr
    res = runner.invoke(app, ["match", "Kupol", "--dataset", "tracewire_sample", "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["lists"] == ["tracewire_sample v1"]


def test_fail_on_exit_codes(home: Path, tmp_path: Path) -> None:
    clean, hits, broken = tmp_path / "clean.csv", tmp_path / "hits.csv", tmp_path / "bad.csv"
    clean.write_text("name\nNobody Real Whatsoever\n", encoding="utf-8")
    hits.write_text("name\nAO IEMZ Kupol\n", encoding="utf-8")
    broken.write_text("name,schema\nAO IEMZ Kupol,Spaceship\nAO IEMZ Kupol,\n", encoding="utf-8")
    out = ["-o", str(tmp_path / "out.jsonl")]

    def code(path: Path, *fail_on: str) -> int:
        flags = [x for f in fail_on for x in ("--fail-on", f)]
        return runner.invoke(app, ["screen", str(path), *SAMPLE, *out, *flags]).exit_code

    assert code(hits) == 0 and code(broken) == 0  # without --fail-on, as before
    assert code(clean, "alerts", "errors") == 0
    assert code(hits, "alerts") == 3 and code(hits, "errors") == 0
    assert code(broken, "errors") == 4 and code(broken, "alerts") == 3
    assert code(broken, "alerts", "errors") == 4
    res = runner.invoke(app, ["screen", str(hits), *SAMPLE, "--fail-on", "warnings"])
    assert res.exit_code == 2


def test_version() -> None:
    from tracewire import __version__

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.stdout.strip() == f"tracewire {__version__}"


@pytest.mark.parametrize("command", [["screen"], ["match"], ["lists", "load"], []])
def test_help_shows_flags_as_flags(command: list[str]) -> None:
    res = runner.invoke(app, [*command, "--help"], terminal_width=160)
    assert res.exit_code == 0
    assert "<bool>" not in res.stdout and "list[" not in res.stdout
    assert "--help " in res.stdout


def test_screen_help_documents_exit_codes() -> None:
    res = runner.invoke(app, ["screen", "--help"], terminal_width=160)
    assert "--json  " in res.stdout and "<alerts|errors>" in res.stdout
    assert "3 rows with alerts" in res.stdout


def test_list_checks_is_a_table_and_json_on_request(tmp_path: Path) -> None:
    res = runner.invoke(app, ["investigate", "--list-checks"], terminal_width=200)
    assert res.exit_code == 0
    assert "``" not in res.stdout and "<class" not in res.stdout
    assert "card_purchases" in res.stdout and "min_total:" in res.stdout
    assert "10000.0" in res.stdout
    assert not res.stdout.lstrip().startswith("[")
    res = runner.invoke(app, ["investigate", "--list-checks", "--json", "-"])
    checks = json.loads(res.stdout)
    assert {"check", "description", "params"} <= set(checks[0])
    path = tmp_path / "checks.json"
    res = runner.invoke(app, ["investigate", "--list-checks", "--json", str(path)])
    assert res.exit_code == 0 and json.loads(path.read_text()) == checks


def test_screen_with_a_custom_list_shows_its_row_warnings(home: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("name\nKupol Export Partners\n", encoding="utf-8")
    custom = ["--list", str(FIXTURES / "custom_list.csv")]
    loaded = runner.invoke(app, ["lists", "load", *custom[1:]])
    shown = [line.split("warning", 1)[1].strip() for line in loaded.stdout.splitlines()
             if line.strip().startswith("warning")]  # fmt: skip
    assert shown, loaded.output
    res = runner.invoke(app, ["screen", str(src), *custom, "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 0, res.output
    for warning in shown:
        assert warning in res.stderr.replace("\n", " ")
    res = runner.invoke(app, ["screen", str(src), *custom, "-o", str(tmp_path / "o.jsonl"),
                              "--json"])  # fmt: skip
    assert len(json.loads(res.stdout)["list_warnings"]) == len(shown)
    res = runner.invoke(app, ["match", "Kupol Export Partners", *custom])
    assert shown[0] in res.stderr.replace("\n", " ")


def test_unreadable_inputs_are_clear_errors(home: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("id,name\n1,Kupol\n2,Société Générale\n".encode("latin-1"))
    garbage = tmp_path / "garbage.parquet"
    garbage.write_bytes(b"\x00\x01 not a parquet file \xff" * 50)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8)  # a JPEG, say
    out = tmp_path / "out.jsonl"
    for path, message in [(latin, "latin1.csv, line 3: not UTF-8 text"),
                          (binary, "binary.csv, line 1: not UTF-8 text"),
                          (garbage, "garbage.parquet: not a readable Parquet file")]:  # fmt: skip
        res = runner.invoke(app, ["screen", str(path), *SAMPLE, "-o", str(out)])
        assert res.exit_code == 2, res.output
        assert message in res.stderr.replace("\n", " ")
        assert res.exception is None or isinstance(res.exception, SystemExit)
        assert not out.exists() and not (tmp_path / "out.jsonl.part").exists()


def test_output_that_cannot_be_written_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("name\nKupol\n", encoding="utf-8")
    (tmp_path / "taken.html").mkdir()
    for out, message in [(tmp_path / "nowhere" / "out.html", "cannot write (no folder"),
                         (tmp_path / "taken.html", "taken.html: cannot write")]:  # fmt: skip
        res = runner.invoke(app, ["screen", str(src), *SAMPLE, "-o", str(out)])
        assert res.exit_code == 2, res.output
        assert message in res.stderr.replace("\n", " ")
        assert not list(tmp_path.glob("**/*.part"))
