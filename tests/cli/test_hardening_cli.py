"""Hostile input on the command line (issue 12): a clear error and exit code 2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tracewire.bounds import MAX_NAME_WORDS
from tracewire.cli.main import app

runner = CliRunner()


def test_match_refuses_a_name_over_the_bounds(home: Path) -> None:
    res = runner.invoke(app, ["match", " ".join(["ivan"] * (MAX_NAME_WORDS + 1))])
    assert res.exit_code == 2, res.output
    assert f"at most {MAX_NAME_WORDS} words" in res.output
