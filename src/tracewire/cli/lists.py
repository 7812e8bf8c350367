"""``tracewire lists``: load, update, show, diff, use and export the sanctions lists."""

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
from tracewire.errors import DownloadError, LoadRefusedError
from tracewire.ingest import load_set
from tracewire.model.entity import MATCHABLE_SCHEMATA
from tracewire.sources.fetch import CATALOG, fetch, get_download
from tracewire.sources.registry import formats, plan_loads
from tracewire.store import Diff, LoadReport, VersionInfo, diff_versions
from tracewire.store.history import LoadPolicy, make_current, resolve_version, restored_from

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
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force", help="Load a file even if it is older than the current version (by date)."
    ),
]
ShrinkOpt = Annotated[
    bool,
    typer.Option(
        "--allow-shrink",
        help="Load a file even if it removes more than 20% of the current version's entities.",
    ),
]
TruncatedOpt = Annotated[
    bool,
    typer.Option(
        "--allow-truncated",
        help="Load a file even if its own completeness signals say it is cut short.",
    ),
]
VersionArg = Annotated[
    str, typer.Argument(help="Version number, or date (YYYY-MM-DD: published, else loaded).")
]


def _interactive() -> bool:
    """Whether a person is at the keyboard to answer a question."""
    return sys.stdin.isatty()


def _parties(v: VersionInfo) -> int:
    return sum(n for s, n in v.schema_counts.items() if s in MATCHABLE_SCHEMATA)


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
        elif r.current is not None and r.current.seq != v.seq:
            console.print(
                f"[yellow]older version[/] [bold]{v.dataset}[/]: these files are version "
                f"{v.seq} (sha256 {v.sha256[:12]}…"
                + (f", published {v.publisher_date}" if v.publisher_date else "")
                + f"), but version {r.current.seq} is current. Make version {v.seq} current "
                f"again with:\n  tracewire lists use {v.dataset} {v.seq}",
                highlight=False,
            )
        else:
            console.print(
                f"[dim]unchanged[/] [bold]{v.dataset}[/]: these files are already version "
                f"{v.seq}, the current one (sha256 {v.sha256[:12]}…)"
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
    force: ForceOpt = False,
    allow_shrink: ShrinkOpt = False,
    allow_truncated: TruncatedOpt = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Files that are an older stored version: make it current."
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Load list files as a new version of their dataset (same bytes twice: no-op); the
    monitored portfolio is then rescreened against what the new version changed.

    A file cut short, older than the current version or removing more than 20% of its
    entities is refused, and nothing is stored (see --allow-truncated, --force,
    --allow-shrink). Files that are an older stored version are offered as `lists use`."""
    policy = LoadPolicy(force=force, allow_shrink=allow_shrink, allow_truncated=allow_truncated)
    reports: list[LoadReport] = []
    refused: list[LoadRefusedError] = []
    with user_errors(), console.status("loading…") as status:
        for fmt, files in plan_loads(paths, format):
            status.update(f"loading {fmt.name}: {', '.join(f.name for f in files)}")
            try:  # a refused file leaves the others to load (and be rescreened)
                reports.append(load_set(state.store, fmt, files, dataset, policy=policy))
            except LoadRefusedError as exc:
                refused.append(exc)
    if json:
        emit_json([r.to_dict() for r in reports])
    else:
        _print_reports(reports)
    for i, r in enumerate(reports):
        if r.created or r.current is None or r.current.seq == r.version.seq:
            continue
        ask = not json and not yes and _interactive()
        question = f"Make version {r.version.seq} of {r.version.dataset} current again?"
        if yes or (ask and typer.confirm(question, default=False)):
            with user_errors():
                reports[i] = _use(r.version, quiet=json)
    if rescreen:
        with user_errors():
            rescreen_after_load(reports, quiet=json)
    for refusal in refused:
        err_console.print(f"[bold red]error:[/] {refusal}", highlight=False, soft_wrap=True)
    if refused:
        raise typer.Exit(2)


@app.command("update")
def update(
    datasets: Annotated[
        list[str] | None, typer.Argument(help="Datasets to download (default: all known).")
    ] = None,
    rescreen: RescreenOpt = True,
    force: ForceOpt = False,
    allow_shrink: ShrinkOpt = False,
    allow_truncated: TruncatedOpt = False,
    json: JsonOpt = False,
) -> None:
    """Download the current official lists from their publishers and load them (and
    rescreen the monitored portfolio against what changed). A download cut short, older
    or much smaller than the current version is refused as by `lists load`."""
    policy = LoadPolicy(force=force, allow_shrink=allow_shrink, allow_truncated=allow_truncated)
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
            plans = [(known[item.format], files)] if item.format in known else plan_loads(files)
            for fmt, group in plans:
                try:  # a refused download leaves the others to load (and be rescreened)
                    reports.append(load_set(state.store, fmt, group, item.dataset, policy=policy))
                except LoadRefusedError as exc:
                    failures.append(str(exc))
                    err_console.print(f"[bold red]error:[/] {exc}", highlight=False)
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
    version: Annotated[
        str | None,
        typer.Argument(help="Only this version: its number, or date (YYYY-MM-DD)."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """The loaded lists (current versions), the versions of one dataset, or one version."""
    with user_errors():
        if dataset and version is not None:
            versions = [resolve_version(state.store, dataset, version)]
        else:
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
    if version is not None:
        _show_one(versions[0])
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


def _show_one(v: VersionInfo) -> None:
    current = state.store.version(v.dataset)
    table = Table(title=f"{v.dataset} version {v.seq}", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for key, value in (
        ("current", "yes" if v.seq == current.seq else f"no (version {current.seq} is)"),
        ("published", v.publisher_date or "—"),
        ("loaded", v.loaded_at.strftime("%Y-%m-%d %H:%M:%S %Z")),
        ("format", v.format),
        ("source", v.source),
        ("sha256", v.sha256),
        ("parties", f"{_parties(v):,}"),
        ("entities", ", ".join(f"{n:,} {s}" for s, n in v.schema_counts.items())),
        ("warnings", str(len(v.warnings))),
    ):
        table.add_row(key, value)
    console.print(table)
    for w in v.warnings[:10]:
        where = w.get("path") or ""
        if w.get("line") is not None:
            where += f", line {w['line']}"
        console.print(f"  [yellow]warning[/] {where}: {w.get('message')}", highlight=False)
    if len(v.warnings) > 10:
        console.print(f"  … {len(v.warnings) - 10} more (--json for all)")


@app.command("history")
def history(
    dataset: Annotated[str, typer.Argument(help="Dataset whose versions to list.")],
    json: JsonOpt = False,
) -> None:
    """Every stored version of a dataset, oldest first, and which one is current (make
    another current with `tracewire lists use DATASET VERSION`).

    JSON: a list of versions as `lists show --json`, each with `current` (bool),
    `parties` (Person, company, vessel... entities) and `restored_from` (the version a
    `lists use` made current again, else null)."""
    with user_errors():
        versions = state.store.versions(dataset)
    current = versions[-1].seq
    if json:
        emit_json(
            [
                v.to_dict()
                | {
                    "current": v.seq == current,
                    "parties": _parties(v),
                    "restored_from": restored_from(v),
                }
                for v in versions
            ]
        )
        return
    table = Table(title=f"history of {dataset}")
    for col in ("version", "current", "published", "loaded", "parties", "entities", "note"):
        table.add_column(col, justify="right" if col in ("version", "parties") else "left")
    for v in versions:
        back = restored_from(v)
        table.add_row(
            str(v.seq),
            "✓" if v.seq == current else "",
            v.publisher_date or "—",
            v.loaded_at.strftime("%Y-%m-%d %H:%M"),
            f"{_parties(v):,}",
            ", ".join(f"{n:,} {s}" for s, n in v.schema_counts.items()),
            f"= version {back} (lists use)" if back else "",
        )
    console.print(table)


def _use(version: VersionInfo, quiet: bool = False) -> LoadReport:
    """Make ``version`` current, print it, and record it in the audit trail."""
    from tracewire.cli.workflow import _actor, _monitor

    before = state.store.version(version.dataset)
    report = make_current(state.store, version)
    if not report.created:
        if not quiet:
            same = (
                "is already the current one"
                if version.seq == before.seq
                else f"is current and already holds the files of version {version.seq}"
            )
            console.print(
                f"[dim]unchanged[/] [bold]{version.dataset}[/]: version {before.seq} {same}"
            )
        return report
    new = report.version
    monitor = _monitor()
    monitor.audit.append(
        actor=_actor(monitor, None).name,
        kind="lists",
        endpoint="lists.use",
        subject=f"list:{version.dataset}",
        request={
            "summary": f"made version {version.seq} of {version.dataset} current again "
            f"(stored as version {new.seq}; version {before.seq} was current)",
            "dataset": version.dataset,
            "version": version.seq,
            "previous": before.seq,
            "new_version": new.seq,
        },
        lists=[
            {"dataset": v.dataset, "version": v.seq, "sha256": v.sha256}
            for v in state.store.current_versions()
        ],  # fmt: skip
    )
    if not quiet:
        console.print(
            f"[green]current[/] [bold]{version.dataset}[/]: version {version.seq} "
            + (f"(published {version.publisher_date}) " if version.publisher_date else "")
            + f"is current again, stored as version {new.seq} ({new.entity_count:,} entities; "
            f"version {before.seq} was current)",
            highlight=False,
        )
    return report


@app.command("use")
def use(
    dataset: Annotated[str, typer.Argument(help="Dataset.")],
    version: VersionArg,
    rescreen: RescreenOpt = True,
    json: JsonOpt = False,
) -> None:
    """Make an older (or newer) stored version the current one: it is stored again as
    the next version, recorded in the audit trail, and the monitored portfolio is
    rescreened against what changed, as after a load."""
    with user_errors():
        target = resolve_version(state.store, dataset, version)
        report = _use(target, quiet=json)
    if json:
        emit_json(report.to_dict() | {"restored_from": target.seq})
    if rescreen:
        with user_errors():
            rescreen_after_load([report], quiet=json)


def _print_summary(d: Diff) -> None:
    parties = d.parties()
    console.print(
        f"[bold]{d.dataset}[/] version {d.old.seq} → {d.new.seq}: "
        f"[green]+{parties['added']} added[/], [red]-{parties['removed']} removed[/], "
        f"[yellow]~{parties['changed']} changed[/] parties"
    )
    table = Table(title="entities per type")
    for col in ("type", "added", "removed", "changed"):
        table.add_column(col, justify="left" if col == "type" else "right")
    for schema, counts in d.schemata().items():
        table.add_row(schema, *(str(counts[k]) for k in ("added", "removed", "changed")))
    if d.schemata():
        console.print(table)


@app.command("diff")
def diff(
    dataset: Annotated[str, typer.Argument(help="Dataset to compare.")],
    from_version: Annotated[
        str | None,
        typer.Option(
            "--from", help="Old version, by number or date (default: the one before --to)."
        ),
    ] = None,
    to_version: Annotated[
        str | None,
        typer.Option("--to", help="New version, by number or date (default: the current one)."),
    ] = None,
    limit: Annotated[int, typer.Option(help="Rows shown per section (text output).")] = 25,
    json: JsonOpt = False,
) -> None:
    """What changed between two versions: parties added, removed and changed (a party's
    Sanction entities count with it), the entities per type, then each entity."""
    with user_errors():
        new = resolve_version(state.store, dataset, to_version)
        old = None if from_version is None else resolve_version(state.store, dataset, from_version)
        d = diff_versions(state.store, dataset, None if old is None else old.seq, new.seq)
    only_one = d.single and from_version is None and len(state.store.versions(dataset)) == 1
    if json:
        data = d.to_dict()
        if only_one:
            data["note"] = "only one version is stored: nothing to compare"
        emit_json(data)
        return
    if only_one:
        v = d.new
        console.print(
            f"[bold]{dataset}[/] has only one version (version {v.seq}"
            + (f", published {v.publisher_date}" if v.publisher_date else "")
            + "): nothing to compare yet. Load a newer file with `tracewire lists load`.",
            highlight=False,
        )
        return
    if d.single:
        console.print(
            f"[bold]{dataset}[/] version {d.new.seq} against itself: nothing changed.",
            highlight=False,
        )
        return
    _print_summary(d)
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
    version: Annotated[
        str | None, typer.Option(help="Version by number or date (default: the current one).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Write a dataset version as FollowTheMoney JSON lines."""
    if format != "ftm":
        err_console.print("[bold red]error:[/] only --format ftm is supported")
        raise typer.Exit(2)
    with user_errors():
        entities = state.store.version_entities(resolve_version(state.store, dataset, version))
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


def register(root: typer.Typer) -> None:
    """Add ``tracewire lists ...`` to ``root``."""
    root.add_typer(app, name="lists")
