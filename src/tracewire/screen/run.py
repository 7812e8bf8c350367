"""A batch screening run: input file in, JSON lines / CSV / HTML out, written atomically."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from tracewire.csv_cells import csv_line
from tracewire.errors import InputError
from tracewire.match import Screener
from tracewire.report.screening_html import HtmlSummary
from tracewire.screen.batch import (
    BatchOptions,
    csv_header,
    csv_rows,
    read_rows,
    screen_rows,
)
from tracewire.screen.parallel import FileScreener, RowScreener

Tick = Callable[[int], None]


@dataclass
class RunStats:
    input: str
    rows: int = 0
    alerts: int = 0
    rows_with_alerts: int = 0
    errors: int = 0
    #: values left out of a row's query (a date that is no date…), and the rows with any
    warnings: int = 0
    rows_with_warnings: int = 0
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)

    def add(self, record: dict[str, Any]) -> None:
        """Count one output record."""
        self.rows += 1
        if record.get("error"):
            self.errors += 1
        if record.get("warnings"):
            self.warnings += len(record["warnings"])
            self.rows_with_warnings += 1
        if record["alerts"]:
            self.alerts += record["alerts"]
            self.rows_with_alerts += 1

    def add_counts(self, other: RunStats) -> None:
        """Add the counts of another run (a partition of this one)."""
        for name in ("rows", "alerts", "rows_with_alerts", "errors", "warnings",
                     "rows_with_warnings"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "rows": self.rows,
            "rows_with_alerts": self.rows_with_alerts,
            "alerts": self.alerts,
            "errors": self.errors,
            "warnings": self.warnings,
            "rows_with_warnings": self.rows_with_warnings,
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows / self.seconds, 1) if self.seconds else None,
            "outputs": self.outputs,
        }


def output_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    kinds = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".csv": "csv",
             ".html": "html", ".htm": "html"}  # fmt: skip
    if suffix not in kinds:
        raise InputError(f"{path}: unknown output type {suffix!r} (use .jsonl, .csv or .html)")
    return kinds[suffix]


def run_batch(
    screener: Screener | None,
    input_path: Path,
    outputs: list[Path],
    options: BatchOptions,
    lists: list[str] | None = None,
    tick: Tick | None = None,
    stream: IO[bytes] | None = None,
    pool: RowScreener | FileScreener | None = None,
) -> RunStats:
    """Screen every row of ``input_path``; write each output (or JSON lines to ``stream``).
    With a started ``pool``, its worker processes screen the rows (same records, same
    order); without, this process does, with ``screener`` (None only with a pool)."""
    kinds = [(path, output_kind(path)) for path in outputs]
    for path in outputs:  # before the run, not after it
        if not path.parent.is_dir():
            raise InputError(f"{path}: cannot write (no folder {path.parent})")
    stats = RunStats(input=str(input_path))
    html = (
        HtmlSummary(str(input_path), lists or [], options)
        if any(kind == "html" for _, kind in kinds)
        else None
    )
    start = time.perf_counter()
    try:
        _write(screener, input_path, kinds, options, stats, stream, tick, html, pool)
    except BaseException:
        for path, _kind in kinds:  # no half-written output is left behind
            path.with_name(path.name + ".part").unlink(missing_ok=True)
        raise
    stats.seconds = time.perf_counter() - start
    for path, kind in kinds:
        tmp = path.with_name(path.name + ".part")
        try:
            if kind == "html" and html is not None:
                tmp.write_text(html.render(stats.to_dict()), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
        stats.outputs.append(str(path))
    return stats


def _write(
    screener: Screener | None,
    input_path: Path,
    kinds: list[tuple[Path, str]],
    options: BatchOptions,
    stats: RunStats,
    stream: IO[bytes] | None,
    tick: Tick | None,
    html: HtmlSummary | None,
    pool: RowScreener | FileScreener | None,
) -> None:
    with ExitStack() as stack:
        writers: list[tuple[str, IO[Any]]] = []
        for path, kind in kinds:
            if kind == "html":
                continue
            tmp = path.with_name(path.name + ".part")
            try:
                out: IO[Any] = stack.enter_context(open(tmp, "w", encoding="utf-8", newline=""))
            except OSError as exc:
                raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
            if kind == "csv":
                out.write(csv_line(csv_header()))
            writers.append((kind, out))
        records: Iterator[dict[str, Any]]
        if isinstance(pool, FileScreener):  # reads the input by partition itself
            records = pool.screen_file(input_path)
        elif pool is not None:
            records = pool.screen(read_rows(input_path))
        elif screener is not None:
            records = screen_rows(screener, read_rows(input_path), options)
        else:
            raise RuntimeError("run_batch: neither a screener nor a pool")
        for record in records:
            stats.add(record)
            for kind, fh in writers:
                if kind == "jsonl":
                    fh.write(orjson.dumps(record).decode("utf-8") + "\n")
                else:
                    for row in csv_rows(record):
                        fh.write(csv_line(row))
            if stream is not None:
                stream.write(orjson.dumps(record) + b"\n")
            if html is not None:
                html.add(record)
            if tick is not None:
                tick(1)
