"""The root command imports a command's module only when the command line names it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import typer
import typer.main

from tracewire.cli.lazy import LazyGroup
from tracewire.cli.main import COMMANDS, app

HEAVY = ("tracewire.match", "tracewire.store", "followthemoney", "tracewire.api.app")


def _modules_after(args: list[str]) -> set[str]:
    """The modules a fresh interpreter holds after running ``tracewire ARGS``."""
    code = textwrap.dedent(
        f"""
        import sys
        from typer.testing import CliRunner
        from tracewire.cli.main import app
        result = CliRunner().invoke(app, {args!r})
        assert result.exit_code == 0, result.output
        print("\\n".join(sorted(sys.modules)))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_help_and_version_import_no_command() -> None:
    for args in (["--help"], ["--version"]):
        loaded = _modules_after(args)
        assert not [m for m in HEAVY if m in loaded], args
        assert "tracewire.cli.screen" not in loaded


def test_a_command_imports_its_own_module_only() -> None:
    loaded = _modules_after(["lists", "formats"])
    assert "tracewire.cli.lists" in loaded
    for other in ("tracewire.cli.serve", "tracewire.cli.investigate", "tracewire.cli.messages"):
        assert other not in loaded
    assert "tracewire.api.app" not in loaded


def _first_paragraph(text: str | None) -> str:
    return " ".join((text or "").split("\n\n")[0].split())


def test_every_command_is_listed_with_its_own_help() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    listed = {c.name: c.help for c in COMMANDS}
    group.load_all()
    real = {name: cmd.help for name, cmd in group.commands.items()}
    assert list(real) == list(listed)  # nothing registered without an entry, same order
    for name, text in listed.items():
        assert _first_paragraph(real[name]) == text, name
    # what each module registers, with nothing else loaded, is what the table says
    for entry in COMMANDS:
        fresh = typer.Typer()
        __import__(f"tracewire.cli.{entry.module}", fromlist=["register"]).register(fresh)
        assert entry.name in typer.main.get_group(fresh).commands, entry


def test_commands_run_and_unknown_ones_are_refused() -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    result = runner.invoke(app, ["lists", "formats", "--json"])
    assert result.exit_code == 0, result.output
    assert '"ofac_sdn_xml"' in result.output or '"format"' in result.output
    result = runner.invoke(app, ["match", "--help"])
    assert result.exit_code == 0 and "--threshold" in result.output
    result = runner.invoke(app, ["no-such-command"])
    assert result.exit_code == 2 and "No such command" in result.output
