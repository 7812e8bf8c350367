"""``tracewire screen-message`` (payment messages) and ``tracewire scan`` (documents).

``screen-message --json`` prints ``{"lists": [...], "messages": [verdict, ...]}``, each
verdict as :meth:`tracewire.messages.screening.Verdict.to_dict` (``source``, ``verdict``
pass/hold/block, ``kind``, ``reference``, ``error``, ``hits`` with ``kind``, ``action``,
``role``, ``path``, ``value``, ``score``, ``explanation``, ``listed_party``, and the
``message`` as read). ``scan --json`` prints ``{"lists": [...], "documents": [{"file",
"kind", "characters", "spans": [...]}]}``: one object per span of text that names listed
parties, as the table and the HTML report show a row per span (one party is often on
several lists): ``{"start", "end", "page", "text", "entries": [{"party", "score",
"completeness", "rarity_zipf", "explanation"}]}``, the entries best score first
(:func:`tracewire.screen.mentions.spans_to_dicts`). Before session 13 a document had
``mentions``, a mention per listed entry, each repeating its span: ``POST /scan`` still
answers those beside its ``spans``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tracewire.cli.context import console, counting_progress, emit_json, state, user_errors
from tracewire.cli.screen import DatasetOpt, ListOpt, open_screener, print_list_warnings
from tracewire.cli.workflow import audit_cli
from tracewire.errors import InputError
from tracewire.ingest import digest_files
from tracewire.messages.report import render
from tracewire.messages.screening import MessageScreener, Verdict
from tracewire.screen.documents import highlight_html, read_document
from tracewire.screen.mentions import Mention, MentionFinder, by_span, spans_to_dicts

FAIL_LEVELS = {"hold": ("hold", "block"), "block": ("block",)}

FilesArg = Annotated[list[Path], typer.Argument(help="Files, or folders of files.")]


def expand(paths: list[Path]) -> list[Path]:
    """The files named, and the files in the folders named (sorted, hidden ones skipped)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            out.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    if not out:
        raise InputError("no files to read")
    return out


def read_each(paths: list[Path], what: str) -> Iterator[tuple[Path, bytes]]:
    """Each file's bytes, in order, with a progress bar counting files (on a terminal's
    stderr only); an unreadable file is an InputError naming it."""
    with counting_progress() as bar:
        task = bar.add_task(what, total=len(paths))
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
            yield path, data
            bar.advance(task)


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def screen_message(
    files: FilesArg,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write a report: .html or .json.")
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", help="Exit 1 when a message is at this level or worse: hold or block."
        ),
    ] = None,
    lists: ListOpt = None,
    dataset: DatasetOpt = None,
    json: Annotated[bool, typer.Option("--json", help="Print the verdicts as JSON.")] = False,
) -> None:
    """Screen payment messages (ISO 20022 pacs.008/pacs.009/pain.001/camt.053, SWIFT
    MT103/MT202/MT202COV): a pass, hold or block verdict with each hit's field."""
    with user_errors():
        if fail_on is not None and fail_on not in FAIL_LEVELS:
            raise InputError(f"--fail-on: {fail_on!r} is not hold or block")
        if output is not None and output.suffix.lower() not in (".html", ".htm", ".json"):
            raise InputError(f"{output}: unknown report type (use .html or .json)")
        paths = expand(files)
        opened = open_screener(lists, dataset)
        screener, labels = opened.screener, opened.labels
        print_list_warnings(opened.warnings)
        ms = MessageScreener(screener)
        verdicts: list[Verdict] = []
        for path, data in read_each(paths, "screening messages"):
            verdicts.append(ms.screen_bytes(data, str(path)))
        audit_cli(
            "cli.screen-message",
            f"screened {len(verdicts)} message(s): "
            + ", ".join(
                f"{sum(v.verdict == k for v in verdicts)} {k}" for k in ("pass", "hold", "block")
            ),
            {"files": [str(p) for p in paths], "sha256": digest_files(paths)},
            [{"source": v.source, "verdict": v.verdict, "hits": len(v.hits)} for v in verdicts],
            labels if lists else None,
        )
        payload = {"lists": labels, "messages": [v.to_dict() for v in verdicts]}
        if output is not None:
            if output.suffix.lower() == ".json":
                import orjson

                write_atomic(output, orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
            else:
                write_atomic(output, render(verdicts, labels))
    if json:
        emit_json(payload)
    else:
        table = Table(title=f"Payment messages screened against {', '.join(labels)}")
        for col in ("message", "type", "verdict", "hits"):
            table.add_column(col)
        colour = {"pass": "green", "hold": "yellow", "block": "bold red"}
        for v in verdicts:
            lines = [
                f"{h.action} {h.kind} {h.role or ''} [dim]{h.path or ''}[/]: {h.explanation}"
                for h in v.hits
                if h.action != "note"
            ]
            table.add_row(
                v.source, v.kind or "?", f"[{colour[v.verdict]}]{v.verdict}[/]", "\n".join(lines)
            )
        console.print(table)
        if output is not None:
            console.print(f"report → {output}")
    if fail_on is not None and any(v.verdict in FAIL_LEVELS[fail_on] for v in verdicts):
        raise typer.Exit(1)


def scan(
    files: FilesArg,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the text with the mentions marked: .html"),
    ] = None,
    fail_on_mention: Annotated[
        bool, typer.Option("--fail-on-mention", help="Exit 1 when a listed party is mentioned.")
    ] = False,
    lists: ListOpt = None,
    dataset: DatasetOpt = None,
    json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the mentions as JSON: per document, one object per span of text "
            "with every listed entry it names ('spans': start, end, page, text, entries).",
        ),
    ] = False,
) -> None:
    """Find the listed parties that documents name (text, HTML, PDF, DOCX)."""
    with user_errors():
        if output is not None and output.suffix.lower() not in (".html", ".htm"):
            raise InputError(f"{output}: the report is HTML (use .html)")
        paths = expand(files)
        opened = open_screener(lists, dataset)
        screener, labels = opened.screener, opened.labels
        print_list_warnings(opened.warnings)
        finder = MentionFinder(screener)
        documents: list[dict[str, Any]] = []
        pages_html = []
        spans: list[list[list[Mention]]] = []
        total = 0
        for path, data in read_each(paths, "scanning documents"):
            doc = read_document(str(path), data)
            mentions = finder.find(doc.text, doc.pages)
            total += len(mentions)
            spans.append(by_span(mentions))
            documents.append(
                {
                    "file": str(path),
                    "kind": doc.kind,
                    "characters": len(doc.text),
                    "spans": spans_to_dicts(mentions),
                }  # fmt: skip
            )
            pages_html.append(highlight_html(doc, mentions))
        audit_cli(
            "cli.scan",
            f"scanned {len(documents)} document(s): {total} mention(s) of listed parties",
            {"files": [str(p) for p in paths], "sha256": digest_files(paths)},
            [
                {
                    "file": d["file"],
                    "mentions": sum(len(s["entries"]) for s in d["spans"]),
                    "spans": len(d["spans"]),
                }
                for d in documents
            ],
            labels if lists else None,
        )
        if output is not None:
            body = "".join(
                page.split("<body>", 1)[1].rsplit("</body>", 1)[0] for page in pages_html
            )
            head = pages_html[0].split("<body>", 1)[0]
            write_atomic(output, f"{head}<body>{body}</body></html>")
    if json:
        emit_json({"lists": labels, "documents": documents})
    else:
        table = Table(title=f"Listed parties named, against {', '.join(labels)}")
        for col in ("document", "chars", "page", "text", "listed entries", "score"):
            table.add_column(col)
        for d, found in zip(documents, spans, strict=True):
            for group in found:  # a row per span, with each list's entry of its party
                m = group[0]
                table.add_row(
                    str(d["file"]), f"{m.start}-{m.end}", str(m.page or 1), escape(m.text),
                    "\n".join(f"{escape(g.caption)} [dim]{escape(g.entity_id)}[/]" for g in group),
                    "\n".join(f"{g.score:.2f}" for g in group),
                )  # fmt: skip
        console.print(table if total else f"No listed party named in {len(documents)} document(s).")
        if output is not None:
            console.print(f"report → {output}")
    if fail_on_mention and total:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``screen-message`` and ``scan`` to the ``tracewire`` command."""
    app.command("screen-message")(screen_message)
    app.command("scan")(scan)
    _ = state  # the store is opened through open_screener
