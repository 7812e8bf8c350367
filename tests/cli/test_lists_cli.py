"""The lists commands, end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tracewire.cli.main import app

runner = CliRunner()

PERSON_A = '{"id": "a", "schema": "Person", "properties": {"name": ["Anna Petrova"]}}\n'
PERSON_B = '{"id": "b", "schema": "Person", "properties": {"name": ["Boris Ivanov"]}}\n'


def test_load_show_diff_export(home: Path, tmp_path: Path) -> None:
    v1 = tmp_path / "v1.ftm.json"
    v1.write_text(PERSON_A)
    v2 = tmp_path / "v2.ftm.json"
    v2.write_text(PERSON_A + PERSON_B)
    res = runner.invoke(app, ["lists", "load", str(v1), "-d", "mine", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["created"] is True
    res = runner.invoke(app, ["lists", "load", str(v1), "-d", "mine"])
    assert "unchanged" in res.stdout
    runner.invoke(app, ["lists", "load", str(v2), "-d", "mine"])
    res = runner.invoke(app, ["lists", "show", "--json"])
    (current,) = json.loads(res.stdout)
    assert (current["dataset"], current["version"], current["entity_count"]) == ("mine", 2, 2)
    res = runner.invoke(app, ["lists", "diff", "mine", "--json"])
    diff = json.loads(res.stdout)
    assert diff["summary"] == {"added": 1, "removed": 0, "changed": 0}
    assert diff["added"][0]["caption"] == "Boris Ivanov"
    out = tmp_path / "export.json"
    res = runner.invoke(app, ["lists", "export", "mine", "-o", str(out)])
    assert res.exit_code == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a", "b"]
    res = runner.invoke(app, ["entity", "b", "--json"])
    assert json.loads(res.stdout)[0]["provenance"]["version"] == 2


def test_bad_file_clear_error_previous_version_kept(home: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.ftm.json"
    good.write_text(PERSON_A)
    runner.invoke(app, ["lists", "load", str(good), "-d", "mine"])
    broken = tmp_path / "broken.ftm.json"
    broken.write_text(PERSON_A + PERSON_B[:30])
    res = runner.invoke(app, ["lists", "load", str(broken), "-d", "mine", "--format", "ftm"])
    assert res.exit_code == 2
    assert "broken.ftm.json, line 2" in res.output
    res = runner.invoke(app, ["lists", "show", "mine", "--json"])
    assert [v["version"] for v in json.loads(res.stdout)] == [1]


def test_unknown_format_and_missing_things(home: Path, tmp_path: Path) -> None:
    junk = tmp_path / "notes.bin"
    junk.write_bytes(b"\x00\x01garbage")
    res = runner.invoke(app, ["lists", "load", str(junk)])
    assert res.exit_code == 2
    assert "notes.bin" in res.output and "not a list format" in res.output
    res = runner.invoke(app, ["lists", "load", str(tmp_path / "missing.csv")])
    assert res.exit_code == 2 and "no such file" in res.output
    res = runner.invoke(app, ["lists", "diff", "nothing"])
    assert res.exit_code == 2 and "nothing" in res.output
    res = runner.invoke(app, ["entity", "no-such-id"])
    assert res.exit_code == 2


def test_home_option(tmp_path: Path, home: Path) -> None:
    other = tmp_path / "elsewhere"
    good = tmp_path / "good.ftm.json"
    good.write_text(PERSON_A)
    res = runner.invoke(app, ["--home", str(other), "lists", "load", str(good)])
    assert res.exit_code == 0
    assert (other / "tracewire.db").exists()
    assert not (home / "tracewire.db").exists()
