"""``tracewire``: sanctions and export-control screening from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import tracewire
from tracewire.cli import demo, entity, investigate, lists, messages, screen, serve, workflow
from tracewire.cli.context import state
from tracewire.cli.help import fix_option_types

fix_option_types()

app = typer.Typer(
    name="tracewire",
    help="Screen parties against the official sanctions and export-control lists.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(lists.app, name="lists")
app.command("entity")(entity.show_entity)
app.command("demo")(demo.demo)
app.command("match")(screen.match)
app.command("screen")(screen.screen)
app.command("investigate")(investigate.investigate_cmd)
serve.register(app)
messages.register(app)
workflow.register(app)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"tracewire {tracewire.__version__}")
        raise typer.Exit()


@app.callback()
def main(
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            help="Data folder (database, downloads). Default: $TRACEWIRE_HOME or the "
            "per-user data folder.",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print the version and exit.",
            is_eager=True,
            callback=_print_version,
        ),
    ] = False,
) -> None:
    state.home_override = home
    state._store = None


if __name__ == "__main__":
    app()
