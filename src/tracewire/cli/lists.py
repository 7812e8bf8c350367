"""``tracewire lists``: load, update, show, diff and export the sanctions lists."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from tracewire.cli.context import console, emit_json, err_console, state, user_errors
from tracewire.cli.workflow import rescreen_after_load
from tracewire.errors import DownloadError
from tracewire.ingest import load_paths, load_set
from tracewire.sources.fetch import CATALOG, fetch, get_download
from tracewire.sources.registry import formats, plan_loads
from tracewire.store import LoadReport, diff_versions

app = typer.Typer(help="Load, update, inspect and compare sanctions lists.", no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
RescreenOpt = Annotated[
    bool,
    typer.Option(
        help="Rescreen the monitored portfolio against what the new versions changed "
        "(--no-rescreen leaves it pending: the next load, `portfolio screen` or service "
        "start runs it)."
    ),
]


def _print_reports(reports: list[LoadReport]) -> None:
    for r in reports:
        v = r.version
        if r.created:
            counts = ", ".join(f"{n:,} {s}" for s, n in v.schema_counts.items())
            console.print(
                f"[green]loaded[/] [bold]{v.dataset}[/] version {v.seq}: "
                f"{v.entity_count:,} entities ({counts})"
                + (f", published {v.publisher_date}" if v.publisher_date else "")
            )
            for w in r.warnings[:10]:
                console.print(f"  [yellow]warning[/] {w}", highlight=False)
            if len(r.warnings) > 10:
                console.print(
                    f"  [yellow]… {len(r.warnings) - 10} more warnings[/] "
                    f"(tracewire lists show {v.dataset} --json)"
                )
        else:
            console.print(
                f"[dim]unchanged[/] [bold]{v.dataset}[/]: these files are already version "
                f"{v.seq} (sha256 {v.sha256[:12]}…)"
            )


@app.command("load")
def load(
    paths: Annotated[list[Path], typer.Argument(help="List files, or folders of list files.")],
    dataset: Annotated[
        str | None, typer.Option("--dataset", "-d", help="Dataset name (default: the format's).")
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Force a format (see `lists formats`).")
    ] = None,
    rescreen: RescreenOpt = True,
    json: JsonOpt = False,
) -> None:
    """Load list files as a new version of their dataset (same bytes twice: no-op); the
    monitored portfolio is then rescreened against what the new version changed."""
    with user_errors(), console.status("loading…") as status:
        reports = load_paths(
            state.store,
            paths,
            dataset=dataset,
            format_name=format,
            progress=lambda msg: status.update(f"loading {msg}"),
        )
    if json:
        emit_json([r.to_dict() for r in reports])
    else:
        _print_reports(reports)
    if rescreen:
        with user_errors():
            rescreen_after_load(reports)


@app.command("update")
def update(
    datasets: Annotated[
        list[str] | None, typer.Argument(help="Datasets to download (default: all known).")
    ] = None,
    rescreen: RescreenOpt = True,
    json: JsonOpt = False,
) -> None:
    """Download the current official lists from their publishers and load them (and
    rescreen the monitored portfolio against what changed)."""
    names = datasets or sorted(CATALOG)
    reports: list[LoadReport] = []
    failures: list[str] = []
    with user_errors():
        items = [get_download(n) for n in names]
    for item in items:
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=err_console,
            transient=True,
        ) as bar:
            task = bar.add_task(item.dataset, total=None)

            def tick(name: str, done: int, total: int | None, task: TaskID = task) -> None:
                bar.update(task, description=name, completed=done, total=total)

            try:
                files = fetch(item, state.home / "downloads", progress=tick)
            except DownloadError as exc:
                failures.append(str(exc))
                err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
                if "cannot reach" in str(exc) or "OFFLINE" in str(exc):
                    break
                continue
        with user_errors():
            known = formats()
            if item.format in known:
                reports.append(load_set(state.store, known[item.format], files, item.dataset))
            else:
                for fmt, group in plan_loads(files):
                    reports.append(load_set(state.store, fmt, group, item.dataset))
    run = None
    if rescreen:
        with user_errors():
            run = rescreen_after_load(reports, quiet=json)
    if json:
        emit_json(
            {
                "loaded": [r.to_dict() for r in reports],
                "errors": failures,
                "rescreen": run.to_dict() if run else None,
            }
        )
    else:
        _print_reports(reports)
    if failures:
        raise typer.Exit(1)


@app.command("show")
def show(
    dataset: Annotated[
        str | None, typer.Argument(help="Show every version of this dataset.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """The loaded lists (current versions), or the version history of one dataset."""
    with user_errors():
        versions = state.store.versions(dataset) if dataset else state.store.current_versions()
    if json:
        data = [
            v.to_dict() | {"warnings": v.warnings} if dataset else v.to_dict() for v in versions
        ]
        emit_json(data)
        return
    if not versions:
        console.print(
            "No lists loaded yet. Try [bold]tracewire demo[/], [bold]tracewire lists update[/], "
            "or [bold]tracewire lists load PATH[/]."
        )
        return
    table = Table(title=f"versions of {dataset}" if dataset else "loaded lists")
    for col in ("dataset", "version", "entities", "published", "loaded", "warnings", "sha256"):
        table.add_column(col, justify="right" if col in ("version", "entities") else "left")
    for v in versions:
        table.add_row(
            v.dataset,
            str(v.seq),
            f"{v.entity_count:,}",
            v.publisher_date or "—",
            v.loaded_at.strftime("%Y-%m-%d %H:%M"),
            str(len(v.warnings)),
            v.sha256[:12],
        )
    console.print(table)


@app.command("diff")
def diff(
    dataset: Annotated[str, typer.Argument(help="Dataset to compare.")],
    from_version: Annotated[
        int | None, typer.Option("--from", help="Old version (default: the one before --to).")
    ] = None,
    to_version: Annotated[
        int | None, typer.Option("--to", help="New version (default: the latest).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Rows shown per section (text output).")] = 25,
    json: JsonOpt = False,
) -> None:
    """What changed between two versions: entities added, removed and changed."""
    with user_errors():
        d = diff_versions(state.store, dataset, from_version, to_version)
    if json:
        emit_json(d.to_dict())
        return
    console.print(
        f"[bold]{dataset}[/] version {d.old.seq} → {d.new.seq}: "
        f"[green]+{len(d.added)} added[/], [red]-{len(d.removed)} removed[/], "
        f"[yellow]~{len(d.changed)} changed[/]"
    )
    for label, items, colour in (
        ("added", d.added, "green"),
        ("removed", d.removed, "red"),
        ("changed", d.changed, "yellow"),
    ):
        if not items:
            continue
        console.print(f"\n[{colour} bold]{label}[/]")
        for c in items[:limit]:
            fields = f"  ({', '.join(c.fields)})" if c.fields else ""
            console.print(f"  {c.schema:<12} {c.caption}  [dim]{c.id}[/]{fields}", highlight=False)
        if len(items) > limit:
            console.print(f"  … {len(items) - limit} more (--json for all)")


@app.command("export")
def export(
    dataset: Annotated[str, typer.Argument(help="Dataset to export.")],
    format: Annotated[str, typer.Option("--format", help="Output format.")] = "ftm",
    version: Annotated[int | None, typer.Option(help="Version (default: latest).")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Write a dataset version as FollowTheMoney JSON lines."""
    if format != "ftm":
        err_console.print("[bold red]error:[/] only --format ftm is supported")
        raise typer.Exit(2)
    with user_errors():
        entities = state.store.entities(dataset, version)
        if output is None:
            out = sys.stdout.buffer
            for e in entities:
                out.write(e.to_json() + b"\n")
            out.flush()
            return
        tmp = output.with_name(output.name + ".part")
        count = 0
        with open(tmp, "wb") as fh:
            for e in entities:
                fh.write(e.to_json() + b"\n")
                count += 1
        tmp.replace(output)
    err_console.print(f"wrote {count:,} entities to {output}")


@app.command("formats")
def list_formats(json: JsonOpt = False) -> None:
    """The list formats tracewire reads, and which can be downloaded."""
    rows = [
        {"format": f.name, "default_dataset": f.default_dataset, "title": f.title}
        for f in formats().values()
    ]
    if json:
        emit_json({"formats": rows, "downloads": {k: list(v.urls) for k, v in CATALOG.items()}})
        return
    table = Table(title="list formats")
    for col in ("format", "default_dataset", "title"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["format"], r["default_dataset"], r["title"])
    console.print(table)
