"""The dependencies pyproject.toml declares: each one is used, the heavy or optional ones
are extras, and a missing optional one is a clear error."""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracewire.cli.main import app

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    for stop in "<>=!~[; ":
        requirement = requirement.split(stop, 1)[0]
    return requirement.lower().replace("_", "-")


def _project() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _imported_distributions() -> set[str]:
    modules: set[str] = set()
    for path in (ROOT / "src" / "tracewire").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.add(node.module.split(".")[0])
    by_module = packages_distributions()
    return {_name(d) for m in modules for d in by_module.get(m, [])}


def test_every_dependency_is_imported() -> None:
    declared = {_name(r) for r in _project()["dependencies"]}  # type: ignore[attr-defined]
    unused = declared - _imported_distributions()
    assert not unused, f"declared in pyproject.toml but never imported: {sorted(unused)}"


def test_heavy_and_optional_packages_are_extras() -> None:
    project = _project()
    declared = {_name(r) for r in project["dependencies"]}  # type: ignore[attr-defined]
    extras = project["optional-dependencies"]
    assert not {"odfpy", "pyarrow", "httptools"} & declared
    assert {_name(r) for r in extras["parquet"]} == {"pyarrow"}  # type: ignore[index]
    assert {_name(r) for r in extras["fast"]} == {"httptools"}  # type: ignore[index]
    assert "pyarrow" in {_name(r) for r in extras["test"]}  # type: ignore[index]


def test_parquet_without_pyarrow_is_a_clear_error(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracewire.cli.demo import sample_path

    runner = CliRunner()
    res = runner.invoke(app, ["lists", "load", str(sample_path()), "-d", "tracewire_sample"])
    assert res.exit_code == 0, res.output
    parties = tmp_path / "parties.parquet"
    parties.write_bytes(b"PAR1 not really")
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow → ImportError
    res = runner.invoke(app, ["screen", str(parties), "-o", str(tmp_path / "out.jsonl")])
    assert res.exit_code == 2, res.output
    said = " ".join(res.output.split())
    assert "parties.parquet: reading Parquet needs pyarrow" in said
    assert "tracewire[parquet]" in said and "Traceback" not in said
