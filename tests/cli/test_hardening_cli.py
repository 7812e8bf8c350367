"""Hostile input on the command line (issue 12): a clear error and exit code 2."""

from __future__ import annotations

from pathlib import Path

import orjson
from bench.abuse import deep_chain_case, nested_json
from typer.testing import CliRunner

from tracewire.bounds import MAX_JSON_DEPTH, MAX_NAME_WORDS
from tracewire.cli.demo import sample_path
from tracewire.cli.main import app

runner = CliRunner()


def test_match_refuses_a_name_over_the_bounds(home: Path) -> None:
    res = runner.invoke(app, ["match", " ".join(["ivan"] * (MAX_NAME_WORDS + 1))])
    assert res.exit_code == 2, res.output
    assert f"at most {MAX_NAME_WORDS} words" in res.output


def test_investigate_refuses_a_10000_deep_chain(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "chain.json"
    path.write_bytes(orjson.dumps(deep_chain_case(10_000)))
    res = runner.invoke(app, ["investigate", str(path), "--list", str(sample_path())])
    assert res.exit_code == 2, res.output
    assert "ownership chain 10,000 companies deep" in res.output


def test_investigate_refuses_deeply_nested_json(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    path.write_text(nested_json(100_000), encoding="utf-8")
    res = runner.invoke(app, ["investigate", str(path), "--list", str(sample_path())])
    assert res.exit_code == 2, res.output
    assert f"nested more than {MAX_JSON_DEPTH} levels" in res.output
