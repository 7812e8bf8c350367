"""Batch screening: stream rows from a file, screen each, stream results out.

Input: CSV (header row), JSON lines, or Parquet with the columns

    id, name, schema, birth_date, country, nationality, gender, identifiers

(``name`` required; several values in a cell are ``;``-separated; ``identifiers`` are
``TYPE:VALUE;...``). Rows are read, screened and written one at a time, so memory stays
flat for any input size. A row that cannot be screened (no name, unknown schema, bad
identifier…) yields an output record with an ``error`` naming its line, and the run goes on.

Output record (JSON lines, one per input row, in input order)::

    {"id": <input id>, "line": <line/row number>, "query": {...},
     "results": [{"id", "dataset", "source_id", "schema", "caption", "score", "match",
                  "sanctions", "effects", "explanations"}],
     "alerts": <number of results with match=true>, "error": <text, only on bad rows>}
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from tracewire.errors import InputError, TracewireError
from tracewire.match import Query, Screener

INPUT_COLUMNS = ("id", "name", "schema", "birth_date", "country", "nationality", "gender",
                 "identifiers")  # fmt: skip


@dataclass
class BatchOptions:
    threshold: float | None = None
    limit: int = 5
    min_score: float = 0.5
    datasets: Sequence[str] | None = None


def count_rows(path: Path) -> int | None:
    """Rows in the file, cheaply (for the progress bar); None when unknown."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    with open(path, "rb") as fh:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return max(0, lines - 1) if suffix == ".csv" else lines


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line or row number, row) for every row of a CSV, JSON lines or Parquet file."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        yield from _read_parquet(path)
    elif suffix in (".jsonl", ".json", ".ndjson"):
        yield from _read_jsonl(path)
    elif suffix in (".csv", ".txt", ".tsv"):
        yield from _read_csv(path)
    else:
        raise InputError(f"{path}: unknown input type {suffix!r} (use .csv, .jsonl or .parquet)")


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with open(path, encoding="utf-8-sig", errors="strict", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        if reader.fieldnames is None or "name" not in [
            f.strip().lower() for f in reader.fieldnames
        ]:
            raise InputError(f"{path}, line 1: the header needs a 'name' column")
        reader.fieldnames = [f.strip().lower() for f in reader.fieldnames]
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}, after line {line}: not UTF-8 text ({exc.reason})"
                ) from exc
            except csv.Error as exc:
                yield reader.line_num, {"__error__": f"broken CSV row: {exc}"}
                continue
            line = reader.line_num
            if None in row:
                row.pop(None)
                row["__error__"] = "the row has more cells than the header"
            yield line, row


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with open(path, "rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                row = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                yield n, {"__error__": f"invalid JSON: {exc}"}
                continue
            if not isinstance(row, dict):
                yield n, {"__error__": "the line is not a JSON object"}
                continue
            yield n, row


def _read_parquet(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    import pyarrow.parquet as pq

    n = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            n += 1
            yield n, row


def _text(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    if value is None:
        return None
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value).strip() or None


def row_to_query(row: dict[str, Any], line: int) -> Query:
    if "__error__" in row:
        raise InputError(str(row["__error__"]))
    name = _text(row, "name")
    if not name:
        raise InputError("the row has no name")
    countries = ";".join(filter(None, [_text(row, "country"), _text(row, "nationality")]))
    return Query.from_fields(
        name=name,
        schema=_text(row, "schema"),
        birth_date=_text(row, "birth_date"),
        country=countries,
        identifiers=_text(row, "identifiers"),
        gender=_text(row, "gender"),
        id=_text(row, "id") or str(line),
    )


def screen_rows(
    screener: Screener, rows: Iterator[tuple[int, dict[str, Any]]], options: BatchOptions
) -> Iterator[dict[str, Any]]:
    """One output record per input row (see the module docstring for the schema)."""
    for line, row in rows:
        row_id = _text(row, "id") or str(line)
        try:
            query = row_to_query(row, line)
            results = screener.match(
                query,
                limit=options.limit,
                threshold=options.threshold,
                min_score=options.min_score,
                datasets=options.datasets,
            )
        except TracewireError as exc:
            yield {"id": row_id, "line": line, "results": [], "alerts": 0, "error": str(exc)}
            continue
        out = [r.to_dict() for r in results]
        yield {
            "id": row_id,
            "line": line,
            "query": {"name": query.names[0], "schema": query.schema},
            "results": out,
            "alerts": sum(1 for r in out if r["match"]),
        }


def csv_header() -> list[str]:
    return ["input_id", "input_line", "input_name", "error", "rank", "result_id", "dataset",
            "source_id", "schema", "caption", "score", "match", "sanctions", "effects", "why"]  # fmt: skip


def csv_rows(record: dict[str, Any]) -> list[list[Any]]:
    """The CSV rows of one output record: one per result, or one for a row without any."""
    base = [record["id"], record["line"], record.get("query", {}).get("name", ""),
            record.get("error", "")]  # fmt: skip
    if not record["results"]:
        return [base + [""] * 11]
    rows = []
    for rank, r in enumerate(record["results"], start=1):
        why = "; ".join(
            f"{k}: {v['detail']}" for k, v in r["explanations"].items() if v.get("detail")
        )
        rows.append(base + [rank, r["id"], r["dataset"], r["source_id"] or "", r["schema"],
                            r["caption"], r["score"], r["match"], "; ".join(r["sanctions"]),
                            "; ".join(r.get("effects", [])), why])  # fmt: skip
    return rows


def csv_line(values: list[Any]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerow(values)
    return buf.getvalue()
