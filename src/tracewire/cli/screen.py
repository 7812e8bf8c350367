"""``tracewire match`` (one name) and ``tracewire screen`` (a batch file)."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tracewire.cli.context import (
    console,
    counting_progress,
    emit_json,
    err_console,
    list_screener,
    state,
    user_errors,
)
from tracewire.cli.workflow import audit_cli
from tracewire.errors import InputError
from tracewire.ingest import digest_files
from tracewire.match import DEFAULT_THRESHOLD, Screener
from tracewire.model import Entity
from tracewire.screen import BatchOptions, run_batch
from tracewire.screen.batch import checked_query, count_rows
from tracewire.screen.cluster import (
    DaskScreen,
    StoredIndex,
    files_index_key,
    index_for_workers,
    parse_address,
    save_index,
    store_index_key,
    stored_index,
)
from tracewire.screen.parallel import FileScreener, RowScreener, ScreenPool, check_workers, plan
from tracewire.screen.parts import check_format
from tracewire.screen.run import output_kind
from tracewire.sources.effects import effect_table
from tracewire.sources.registry import dataset_for, plan_loads
from tracewire.store import Store, VersionInfo
from tracewire.store.index_files import index_file_holds

ListOpt = Annotated[
    list[Path] | None,
    typer.Option("--list", help="Screen against this list file directly (repeatable)."),
]
#: exit codes of ``screen --fail-on`` (1: failure, 2: bad input or usage, as everywhere)
EXIT_ALERTS = 3
EXIT_ERRORS = 4


class PartFormat(StrEnum):
    jsonl = "jsonl"
    parquet = "parquet"


class FailOn(StrEnum):
    alerts = "alerts"
    errors = "errors"


ThresholdOpt = Annotated[
    float | None, typer.Option(help="Match threshold (default 0.8).", min=0.0, max=1.0)
]
DatasetOpt = Annotated[
    list[str] | None, typer.Option("--dataset", help="Only these loaded lists (repeatable).")
]


@dataclass
class Lists:
    """What a command screens against: the screener, its labels, and the row warnings of
    list files given with ``--list`` (as ``lists load`` shows them)."""

    screener: Screener
    labels: list[str]
    warnings: list[str] = field(default_factory=list)


def open_screener(lists: Sequence[Path] | None, datasets: Sequence[str] | None) -> Lists:
    """The screener for the named list files, or for the lists in the store."""
    if lists:
        entities: list[Entity] = []
        labels: list[str] = []
        warnings: list[str] = []
        for fmt, files in plan_loads(lists):
            name = dataset_for(fmt, files)
            parsed = fmt.parse(files, name)
            entities.extend(parsed.entities)
            warnings.extend(str(w) for w in parsed.warnings)
            labels.append(f"{name} ({', '.join(f.name for f in files)})")
        return Lists(Screener.from_entities(entities), labels, warnings)
    store = state.store
    versions = loaded_versions(store, datasets)
    screener = list_screener(store, datasets)
    return Lists(screener, [f"{v.dataset} v{v.seq}" for v in versions])


def loaded_versions(store: Store, datasets: Sequence[str] | None) -> list[VersionInfo]:
    """The current versions of the named datasets (all when none is named); InputError
    when no list is loaded, or naming the loaded ones when a named dataset is not."""
    loaded = store.current_versions()
    if not loaded:
        raise InputError(
            "no lists are loaded: run `tracewire demo`, `tracewire lists update` or "
            "`tracewire lists load PATH`, or pass --list PATH"
        )
    unknown = sorted(set(datasets or ()) - {v.dataset for v in loaded})
    if unknown:
        names = ", ".join(repr(d) for d in unknown)
        raise InputError(
            f"--dataset: no dataset named {names} is loaded (loaded: "
            f"{', '.join(sorted(v.dataset for v in loaded))})"
        )
    return [v for v in loaded if not datasets or v.dataset in datasets]


def print_list_warnings(warnings: list[str]) -> None:
    """The row warnings of ``--list`` files, on standard error, as ``lists load`` shows them."""
    for w in warnings[:10]:
        err_console.print(f"  [yellow]warning[/] {w}", highlight=False, soft_wrap=True)
    if len(warnings) > 10:
        err_console.print(
            f"  [yellow]… {len(warnings) - 10} more warnings[/] (tracewire lists load the file, "
            "then tracewire lists show DATASET --json)"
        )


def print_warnings(warnings: list[str]) -> None:
    for w in warnings:
        err_console.print(f"[yellow]warning:[/] {w}", highlight=False, soft_wrap=True)


def match(
    name: Annotated[str, typer.Argument(help="The name to screen.")],
    schema: Annotated[
        str | None,
        typer.Option(help="Person, Organization, Company, LegalEntity, Vessel, Airplane."),
    ] = None,
    birth_date: Annotated[str | None, typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    country: Annotated[
        str | None, typer.Option(help="Country or nationality (code or name).")
    ] = None,
    id: Annotated[
        list[str] | None, typer.Option("--id", help="Identifier TYPE:VALUE, e.g. inn:1831083343.")
    ] = None,
    gender: Annotated[str | None, typer.Option(help="male or female.")] = None,
    limit: Annotated[int, typer.Option(help="Results shown.", min=1, max=100)] = 5,
    threshold: ThresholdOpt = None,
    lists: ListOpt = None,
    dataset: DatasetOpt = None,
    json: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Screen one name; every result says why it scored as it did.

    A value that cannot be read (a date that is no date, an unknown country, an
    identifier failing its check) is left out with a warning."""
    with user_errors():
        query, warnings = checked_query(
            name, schema, birth_date, country, ";".join(id or []), gender
        )
        opened = open_screener(lists, dataset)
        labels = opened.labels
        results = opened.screener.match(query, limit=limit, threshold=threshold, min_score=0.3)
        hits = sum(r.match for r in results)
        audit_cli(
            "cli.match",
            f"match {name!r}: {len(results)} results, {hits} matches",
            {"name": name, "schema": schema, "birth_date": birth_date, "country": country,
             "identifiers": id or [], "gender": gender, "threshold": threshold},
            [{"id": r.entity.id, "dataset": r.entity.dataset, "score": round(r.score, 4),
              "match": r.match} for r in results],
            labels if lists else None,
        )  # fmt: skip
    if json:
        emit_json({"query": name, "lists": labels, "warnings": warnings,
                   "list_warnings": opened.warnings,
                   "results": [r.to_dict() for r in results]})  # fmt: skip
        return
    print_list_warnings(opened.warnings)
    print_warnings(warnings)
    if not results:
        console.print(f"No result for [bold]{name}[/] in {', '.join(labels)}.")
        return
    table = Table(title=f"{name} — screened against {', '.join(labels)}", show_lines=True)
    for col in ("score", "listed party", "why"):
        table.add_column(col)
    for r in results:
        flag = "[bold red]MATCH[/]" if r.match else "[dim]no match[/]"
        party = f"[bold]{r.entity.caption}[/]\n{r.entity.schema} · {r.entity.dataset}\n[dim]{r.entity.id}[/]"
        if r.sanctions:
            party += "\n" + "; ".join(r.sanctions)
        if r.effects:
            party += "\n[bold]" + "; ".join(effect_words(r.effects)) + "[/]"
        why = "\n".join(f"[cyan]{k}[/]: {v['detail']}" for k, v in r.explanations().items())
        table.add_row(f"{r.score:.2f}\n{flag}", party, why)
    console.print(table)


def _output_folder(outputs: list[Path], dask: str | None) -> Path | None:
    """The output folder among ``outputs`` (a path without a suffix, or a folder whose
    name does not end as an output file's), or None; InputError unless it is the only
    output of a --dask run."""
    folders = [p for p in outputs if not p.suffix or (p.is_dir() and not _file_kind(p))]
    if not folders:
        return None
    if dask is None:
        raise InputError(
            f"-o {folders[0]}: an output folder (part files written by the workers) needs "
            "--dask, e.g. --dask local:2; or give a file: results.jsonl, .csv or .html"
        )
    if len(outputs) > 1:
        raise InputError(
            f"-o {folders[0]}: an output folder is the only output of its run "
            "(screen to the folder, or to files)"
        )
    return folders[0]


def _file_kind(path: Path) -> bool:
    try:
        output_kind(path)
    except InputError:
        return False
    return True


def effect_words(effects: list[str]) -> list[str]:
    """``asset freeze: blocked``, ``export restriction: licence required / export prohibited``."""
    table = effect_table()
    return [f"{table.info(e).label}: {table.info(e).verdict}" for e in effects]


def screen(
    input: Annotated[Path, typer.Argument(help="CSV, JSON lines or Parquet file of parties.")],
    output: Annotated[
        list[Path] | None,
        typer.Option(
            "--output",
            "-o",
            help="Write .jsonl, .csv or .html (repeatable); with --dask, a folder (a path "
            "without a suffix, or an existing folder): the workers write part files there.",
        ),
    ] = None,
    output_format: Annotated[
        PartFormat,
        typer.Option(
            "--output-format", help="The part files of an output folder (-o FOLDER --dask …)."
        ),
    ] = PartFormat.jsonl,
    threshold: ThresholdOpt = None,
    limit: Annotated[int, typer.Option(help="Results kept per row.", min=1, max=100)] = 5,
    min_score: Annotated[
        float, typer.Option(help="Drop results scoring below this.", min=0.0, max=1.0)
    ] = 0.5,
    lists: ListOpt = None,
    dataset: DatasetOpt = None,
    json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    fail_on: Annotated[
        list[FailOn] | None,
        typer.Option(
            "--fail-on",
            help="Exit 3 when a row has an alert (alerts), 4 when a row could not be screened "
            "(errors); repeatable (both: 4 wins over 3).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Processes screening the rows, sharing one index (default: one per core; "
            "inputs under 200 rows: one). 1: this process only.",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Screen on a Dask cluster: local:N (a LocalCluster of N processes) or a "
            "scheduler address (tcp://HOST:8786). Needs tracewire[dask].",
        ),
    ] = None,
) -> None:
    """Screen every row of a file; results as JSON lines, CSV and an HTML summary.

    Exit codes: 0 done; 1 failed (store, lists); 2 bad input or usage (unreadable file,
    unknown dataset, out-of-range value); with --fail-on, 3 rows with alerts and 4 rows
    that could not be screened."""
    with user_errors():
        if not input.exists():
            raise InputError(f"{input}: no such file")
        if workers is not None:
            check_workers(workers)
        if dask is not None:
            if workers is not None:
                raise InputError("--dask and --workers: give one or the other")
            parse_address(dask)
        folder = _output_folder(output or [], dask)
        if folder is not None:
            check_format(output_format.value)
        index_path: Path | StoredIndex | None = None
        if dask is not None and not lists:
            versions = loaded_versions(state.store, dataset)
            # the store's signed copy (a shared store, with the key), else the saved file
            index_path = stored_index(state.store, versions) or (
                state.home / "index" / f"{store_index_key(versions)}.pickle"
            )
        screener: Screener | None = None
        list_warnings: list[str] = []
        if isinstance(index_path, StoredIndex) or (
            index_path is not None and index_file_holds(index_path)
        ):
            # the Dask workers load the saved index: this process needs none of its own
            labels = [f"{v.dataset} v{v.seq}" for v in versions]
        else:
            opened = open_screener(lists, dataset)
            screener, labels, list_warnings = opened.screener, opened.labels, opened.warnings
        if not json:
            print_list_warnings(list_warnings)
        options = BatchOptions(threshold, limit, min_score, dataset)
        total = count_rows(input)
        processes, chunk_rows = plan(workers, total)
        with ExitStack() as stack:
            # the workers are forked after the build (they share the index) and before
            # the progress bar starts its thread
            pool: RowScreener | FileScreener | None = None
            if dask is not None:
                if screener is not None:  # stored or saved for the workers, unless there
                    if lists:
                        key = files_index_key(digest_files(lists))
                        index_path = save_index(screener, state.home / "index", key)
                    else:
                        versions = loaded_versions(state.store, dataset)
                        index_path = index_for_workers(
                            screener, state.home / "index", store_index_key(versions),
                            state.store, versions,
                        )  # fmt: skip
                assert index_path is not None
                pool = stack.enter_context(
                    DaskScreen(dask, index_path, DEFAULT_THRESHOLD, options, total)
                )
            elif processes > 1:
                assert screener is not None
                pool = stack.enter_context(ScreenPool(screener, options, processes, chunk_rows))
            bar = stack.enter_context(counting_progress())
            task = bar.add_task("screening", total=total)
            if folder is not None:
                assert isinstance(pool, DaskScreen)  # an output folder needs --dask
                start = time.perf_counter()
                stats = pool.write_parts(
                    input, folder, output_format.value, lambda n: bar.advance(task, n)
                )
                stats.seconds = time.perf_counter() - start
            else:
                stats = run_batch(
                    screener,
                    input,
                    output or [],
                    options,
                    labels,
                    tick=lambda n: bar.advance(task, n),
                    stream=None if output else sys.stdout.buffer,
                    pool=pool,
                )
        audit_cli(
            "cli.screen",
            f"screened {input.name}: {stats.rows:,} rows, {stats.rows_with_alerts:,} with "
            f"alerts ({stats.alerts:,} alerts), {stats.errors:,} errors, "
            f"{stats.warnings:,} warnings",
            {"file": str(input), "sha256": digest_files([input]), "threshold": threshold,
             "limit": limit, "min_score": min_score, "datasets": dataset or []},
            stats.to_dict(),
            labels if lists else None,
        )  # fmt: skip
    if json:
        emit_json(stats.to_dict() | {"lists": labels, "list_warnings": list_warnings})
    else:
        err_console.print(
            f"screened {stats.rows:,} rows in {stats.seconds:.1f} s: {stats.rows_with_alerts:,} "
            f"with alerts ({stats.alerts:,} alerts), {stats.errors:,} rows with errors, "
            f"{stats.rows_with_warnings:,} rows with warnings ({stats.warnings:,} values "
            "ignored)" + (" → " + ", ".join(stats.outputs) if stats.outputs else ""),
            highlight=False,
            soft_wrap=True,
        )
    wanted = set(fail_on or ())
    if FailOn.errors in wanted and stats.errors:
        raise typer.Exit(EXIT_ERRORS)
    if FailOn.alerts in wanted and stats.alerts:
        raise typer.Exit(EXIT_ALERTS)


def register(app: typer.Typer) -> None:
    """Add ``tracewire match`` and ``tracewire screen`` to ``app``."""
    app.command("match")(match)
    app.command("screen")(screen)
