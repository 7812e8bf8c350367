"""``tracewire``: sanctions and export-control screening from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracewire import __version__
from tracewire.cli.help import fix_option_types
from tracewire.cli.lazy import LazyCommand, lazy_group

fix_option_types()

# every command's module is imported when the command line names it (tracewire.cli.lazy);
# the root's --help lists each by this help, the first paragraph of its own
COMMANDS = (
    LazyCommand("entity", "entity",
                "Show one entity: names, identifiers, sanctions, links and where it came from."),
    LazyCommand("demo", "demo",
                "Load the embedded sample list (offline) and show what tracewire holds."),
    LazyCommand("match", "screen", "Screen one name; every result says why it scored as it did."),
    LazyCommand("screen", "screen",
                "Screen every row of a file; results as JSON lines, CSV and an HTML summary."),
    LazyCommand("investigate", "investigate",
                "Investigate case files: screen every party, trace ownership and networks, "
                "check goods and red flags, and give each party and transaction a verdict "
                "with its evidence."),
    LazyCommand("serve", "serve",
                "Serve screening over HTTP: yente-compatible /match, /search, /entities, "
                "/catalog."),
    LazyCommand("screen-message", "messages",
                "Screen payment messages (ISO 20022 pacs.008/pacs.009/pain.001/camt.053, "
                "SWIFT MT103/MT202/MT202COV): a pass, hold or block verdict with each hit's "
                "field."),
    LazyCommand("scan", "messages",
                "Find the listed parties that documents name (text, HTML, PDF, DOCX)."),
    LazyCommand("lists", "lists", "Load, update, inspect and compare sanctions lists."),
    LazyCommand("keys", "serve",
                "API keys of the HTTP service (tracewire serve), stored hashed in the store."),
    LazyCommand("portfolio", "workflow", "The monitored counterparties, kept screened."),
    LazyCommand("alerts", "workflow", "Alerts and decisions."),
    LazyCommand("audit", "workflow", "The append-only, hash-chained audit trail."),
    LazyCommand("users", "workflow", "Users and roles (viewer < analyst < reviewer < admin)."),
)  # fmt: skip

app = typer.Typer(
    name="tracewire",
    help="Screen parties against the official sanctions and export-control lists.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    cls=lazy_group(COMMANDS),
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"tracewire {__version__}")
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
    from tracewire.cli.context import state  # the store and matcher: not for --help

    state.home_override = home
    state._store = None


if __name__ == "__main__":
    app()
