"""``tracewire investigate CASE...``: look for sanctions evasion in a case's records."""

from __future__ import annotations

import datetime
import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.markup import escape
from rich.progress import Progress
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
from tracewire.cli.screen import loaded_versions
from tracewire.errors import InputError
from tracewire.match import DEFAULT_THRESHOLD, Screener
from tracewire.model import Entity
from tracewire.network.case import Case
from tracewire.network.case_csv import load_case_folder
from tracewire.network.case_load import load_case
from tracewire.network.investigate import DEFAULT_HOPS, gc_paused, investigate, merge_cases
from tracewire.network.lists import ListData, versions_as_of
from tracewire.network.redflags import RuleSet, describe_checks
from tracewire.report.findings_json import (
    FindingsDocument,
    findings_document,
    write_findings_json,
)
from tracewire.report.investigation_html import render_html
from tracewire.sources.registry import dataset_for, plan_loads


class _Bar:
    """Rich progress bar for the investigation's stages (silent when not a terminal)."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: object | None = None

    def stage(self, name: str, total: int | None = None) -> None:
        if self.task is not None:
            self.progress.remove_task(self.task)  # type: ignore[arg-type]
        self.task = self.progress.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)  # type: ignore[arg-type]


def open_lists(
    lists: list[Path] | None,
    datasets: list[str] | None,
    threshold: float,
    as_of: datetime.date | None = None,
) -> tuple[ListData, Screener | None]:
    """The list entities and a screener: from list files given directly, else the store
    (each list's version as it stood on ``as_of``, when given)."""
    if lists and as_of is not None:
        raise InputError("--as-of screens the store's list versions: load the lists (`tracewire lists load`) instead of --list")  # fmt: skip
    if as_of is not None:
        store = state.store
        versions, missing = versions_as_of(store, as_of, datasets)
        if not versions:
            raise InputError(f"no loaded list has a version dated on or before {as_of} (see `tracewire lists show`)")  # fmt: skip
        data = ListData.from_store(store, datasets, versions)
        data.labels = [f"{label} (as of {as_of})" for label in data.labels]
        data.labels += [f"{name}: no version on or before {as_of}, left out" for name in missing]
        return data, list_screener(store, datasets, threshold, versions)
    if lists:
        entities: list[Entity] = []
        labels = []
        for fmt, files in plan_loads(lists):
            name = dataset_for(fmt, files)
            entities.extend(fmt.parse(files, name).entities)
            labels.append(f"{name} ({', '.join(f.name for f in files)})")
        data = ListData.from_entities(entities, labels=labels)
        return data, Screener.from_entities(entities, threshold)
    store = state.store
    loaded_versions(store, datasets)  # names the loaded datasets when one named is not
    data = ListData.from_store(store, datasets)
    if not data.labels:
        raise InputError(
            "no lists are loaded: run `tracewire demo`, `tracewire lists update` or "
            "`tracewire lists load PATH`, or pass --list PATH"
        )
    screener = list_screener(store, datasets, threshold)
    return data, screener


def _date(text: str | None) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--as-of: {text!r} is not a date (YYYY-MM-DD)") from None


def read_case(path: Path) -> Case:
    if path.is_dir():
        return load_case_folder(path)
    if not path.exists():
        raise InputError(f"{path}: no such case file or folder")
    return load_case(path)


def investigate_cmd(
    cases: Annotated[
        list[Path] | None,
        typer.Argument(help="Case files (.json) or folders of CSV files (see the README)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the HTML report here.")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the findings JSON here ('-': stdout).")
    ] = None,
    rules: Annotated[
        list[Path] | None,
        typer.Option("--rules", help="Your own red-flag rules file (repeatable)."),
    ] = None,
    hops: Annotated[int, typer.Option(help="Hop limit of network paths.")] = DEFAULT_HOPS,
    threshold: Annotated[
        float, typer.Option(help="Screening match threshold.")
    ] = DEFAULT_THRESHOLD,
    lists: Annotated[
        list[Path] | None, typer.Option("--list", help="Use this list file directly (repeatable).")
    ] = None,
    dataset: Annotated[
        list[str] | None, typer.Option("--dataset", help="Only these loaded lists (repeatable).")
    ] = None,
    list_checks: Annotated[
        bool,
        typer.Option(
            "--list-checks",
            help="Print the checks rules can use as a table (with --json: as JSON), and exit.",
        ),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Screen against the lists as they stood on this date (YYYY-MM-DD): each "
            "loaded list's latest version dated on or before it.",
        ),
    ] = None,
) -> None:
    """Investigate case files: screen every party, trace ownership and networks, check
    goods and red flags, and give each party and transaction a verdict with its evidence."""
    if list_checks:
        if json_out is None:
            _print_checks(describe_checks())
        elif str(json_out) == "-":
            emit_json(describe_checks())
        else:
            with user_errors():
                _write_json(json_out, describe_checks())
        return
    with user_errors():
        if not cases:
            raise InputError("give at least one case file (see examples/garpiya/case.json)")
        ruleset = RuleSet.load(rules or [])
        loaded = [(read_case(p), str(p)) for p in cases]
        case = merge_cases(loaded)
        data, screener = open_lists(lists, dataset, threshold, _date(as_of))
        with counting_progress() as progress:
            inv = investigate(
                case, data, screener, ruleset, hops, _Bar(progress), [p for _, p in loaded]
            )
        with gc_paused():
            doc = findings_document(inv)
            if output is not None:
                output.write_text(render_html(doc), encoding="utf-8")
            if json_out is not None and str(json_out) == "-":
                write_findings_json(doc, sys.stdout)
                sys.stdout.write("\n")
            elif json_out is not None:  # written as it is serialised, not held as one string
                with open(json_out, "w", encoding="utf-8") as fh:
                    write_findings_json(doc, fh)
                    fh.write("\n")
    if json_out is not None and str(json_out) == "-":
        return
    _print_summary(doc)
    written = [str(p) for p in (output, json_out) if p is not None]
    if written:
        err_console.print(f"wrote {', '.join(written)} ({inv.timings['total']:.1f} s)")


def _print_summary(doc: FindingsDocument) -> None:
    colours = {"blocked": "bold red", "high": "red", "medium": "yellow", "low": "dim"}
    table = Table(title=f"{doc.case.title or doc.case.id}: verdicts", show_lines=False)
    for col in ("subject", "verdict", "legal basis", "why"):
        table.add_column(col)
    for v in doc.verdicts.parties + doc.verdicts.transactions[:40]:
        why = v.reasons[0] if v.reasons else ""
        basis = "\n".join(f"{b.wording} [{', '.join(b.citations[:4])}]" for b in v.basis[:2])
        table.add_row(
            f"{v.subject.type} {v.subject.label}",
            f"[{colours[v.verdict]}]{v.verdict}[/]",
            escape(basis),
            why,
        )
    console.print(table)
    counts = ", ".join(f"{n:,} {s}" for s, n in doc.summary.transactions.items() if n)
    console.print(f"transactions: {counts}; {len(doc.findings):,} findings")


_RST_LITERAL = re.compile(r"``(.+?)``")
_CLASS = re.compile(r"<class '([\w.]+)'>")
_QUALIFIED = re.compile(r"\b(?:\w+\.)+(\w+)")


def _print_checks(checks: list[dict[str, Any]]) -> None:
    """The checks as a table: RST literals (````x````) shown as code, types as written."""
    table = Table(title="Checks a rules file can use", show_lines=True)
    table.add_column("check", style="bold", no_wrap=True)
    table.add_column("what it finds")
    table.add_column("parameters (default)")
    for check in checks:
        params = []
        for key, spec in check["params"].items():
            kind = _QUALIFIED.sub(r"\1", _CLASS.sub(r"\1", str(spec["type"])))
            default = spec["default"]
            shown = ", ".join(map(str, default)) if isinstance(default, list) else str(default)
            params.append(f"[cyan]{escape(key)}[/]: {escape(kind)} = {escape(shown)}")
        description = _RST_LITERAL.sub(
            lambda m: f"[cyan]{m.group(1)}[/]", escape(check["description"])
        )
        table.add_row(escape(check["check"]), description, "\n".join(params) or "[dim]none[/]")
    console.print(table)


def _write_json(path: Path, data: Any) -> None:
    """``data`` as indented JSON in ``path``, written whole or not at all."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({exc.strerror})") from exc


def register(app: typer.Typer) -> None:
    """Add ``tracewire investigate`` to ``app``."""
    app.command("investigate")(investigate_cmd)
