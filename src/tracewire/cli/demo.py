"""``tracewire demo``: the first command a new user runs; works offline."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import httpx
import typer
from rich.table import Table

from tracewire.cli.context import console, state, user_errors
from tracewire.cli.screen import open_screener
from tracewire.ingest import load_paths
from tracewire.match import Query
from tracewire.settings import offline
from tracewire.sources.fetch import CATALOG, resolve_urls

SAMPLE_DATASET = "tracewire_sample"
#: spellings a counterparty file might hold (examples/counterparties.csv has more)
DEMO_QUERIES = (
    "Izhevskiy Elektromekhanicheskiy Zavod Kupol",
    "TKS Vector LLC",
    "廈門林巴賀航空發動機股份有限公司",
    "Artyom Mikhailovich Yamshchikov",
    "Nordhafen Maschinenteile GmbH",
)


def sample_path() -> Path:
    return Path(str(resources.files("tracewire") / "data" / "sample" / "tracewire_sample.ftm.json"))


def network_available() -> bool:
    if offline():
        return False
    url = resolve_urls(CATALOG["us_ofac_sdn"])[0]
    try:
        httpx.head(url, timeout=3.0, follow_redirects=True)
    except httpx.HTTPError:
        return False
    return True


def demo() -> None:
    """Load the embedded sample list (offline) and show what tracewire holds."""
    with user_errors():
        reports = load_paths(state.store, [sample_path()], dataset=SAMPLE_DATASET)
    v = reports[0].version
    verb = "Loaded" if reports[0].created else "Already loaded"
    console.print(
        f"{verb} the embedded sample list [bold]{v.dataset}[/] (version {v.seq}, "
        f"{v.entity_count} entities) into {state.home}"
    )
    table = Table(title="Sample list: parties of the Garpiya drone case (real designations)")
    for col in ("id", "name", "type", "listed by"):
        table.add_column(col)
    store = state.store
    for entity in store.entities(SAMPLE_DATASET):
        if not entity.matchable:
            continue
        authorities = sorted(
            {
                a
                for s, _ in store.referencing(entity.id)
                if s.schema == "Sanction"
                for a in s.get("authority")
            }
        )
        table.add_row(entity.id, entity.caption, entity.schema, ", ".join(authorities))
    console.print(table)
    screener = open_screener(None, [SAMPLE_DATASET]).screener
    hits = Table(title="Screening a few counterparty spellings against it")
    for col in ("counterparty", "best match", "score", "why"):
        hits.add_column(col)
    for name in DEMO_QUERIES:
        results = screener.match(Query(names=[name]), limit=1, min_score=0.3)
        if not results or not results[0].match:
            hits.add_row(name, "[green]clear[/]", f"{results[0].score:.2f}" if results else "—", "")
            continue
        r = results[0]
        hits.add_row(name, f"[bold red]{r.entity.caption}[/]", f"{r.score:.2f}", r.name.describe())
    console.print(hits)
    console.print(
        "Next: [bold]tracewire screen examples/counterparties.csv -o results.html[/] screens a "
        "file; [bold]tracewire match NAME[/] one name; [bold]tracewire entity ID[/] shows a "
        "party with its sources."
    )
    if network_available():
        if sys.stdin.isatty() and typer.confirm(
            "The network is reachable. Download the official lists now?", default=False
        ):
            from tracewire.cli.lists import update

            update(datasets=None, json=False)
        else:
            console.print("To fetch the official lists: [bold]tracewire lists update[/]")
    else:
        console.print(
            "[dim]Offline: to use the official lists, run [bold]tracewire lists update[/] when "
            "online, or load local copies with [bold]tracewire lists load PATH[/].[/]"
        )


def register(app: typer.Typer) -> None:
    """Add ``tracewire demo`` to ``app``."""
    app.command("demo")(demo)
