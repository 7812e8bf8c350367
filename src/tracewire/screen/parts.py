"""Output by partition (``tracewire screen INPUT --dask ... -o FOLDER``).

Each worker writes the records of its partition of the input to a file of its own, so
that no single process writes every record. The folder then holds::

    part-00000.jsonl   (or .parquet)   the records of partition 0, in input order
    part-00001.jsonl                   the records of partition 1, ...
    _manifest.json                     what the run wrote (below)

Read the parts in the order of their number and you have the records of a single
process run, in input order: ``cat FOLDER/part-*.jsonl`` is byte for byte the
``-o results.jsonl`` of the same run.

- **JSON lines** (``--output-format jsonl``, the default): one record per line, exactly
  as the single-file output (see :mod:`tracewire.screen.batch`).
- **Parquet** (``--output-format parquet``, needs pyarrow): one row per record, with the
  columns of :data:`PARQUET_COLUMNS` (:func:`parquet_schema`): the record's fields, each
  result as a struct, and a result's ``explanations`` as JSON text (its keys vary with
  the features that spoke). :func:`read_parts` turns the rows back into the records.

``_manifest.json``: ``{"format": "tracewire-screen-parts/1", "output_format",
"input", "rows", "parts": [{"file", "rows", "first_line"}]}`` (``first_line``: the
input line or row number the part starts at). It is written last: a folder without it
holds no finished run.

The parts are written into ``FOLDER/.incomplete-TOKEN/`` and moved into the folder once
every partition is done; the parts and manifest of an earlier run in the folder are
then replaced. A run that fails leaves the folder as it was.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from tracewire.errors import InputError

FORMATS = ("jsonl", "parquet")
MANIFEST = "_manifest.json"
MANIFEST_FORMAT = "tracewire-screen-parts/1"

#: the Parquet columns and what they hold
PARQUET_COLUMNS = {
    "id": "string: the input row's id (its line number when it has none)",
    "line": "int64: the input line (CSV, JSON lines) or row (Parquet) number",
    "query": "struct<name: string, schema: string>: what was screened; null on an error row",
    "results": "list<struct<id, dataset, source_id, schema, caption: string, score: double, "
    "match: bool, sanctions: list<string>, effects: list<string>, explanations: string "
    "(JSON object)>>",
    "alerts": "int32: results with match = true",
    "error": "string: why the row could not be screened; null otherwise",
    "warnings": "list<string>: values left out of the query; null when none",
}


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError(
            "--output-format parquet needs pyarrow, which is not installed "
            "(pip install 'tracewire[parquet]'); or write JSON lines"
        ) from exc
    return pa, pq


def check_format(output_format: str) -> None:
    """InputError when the parts cannot be written in ``output_format`` here."""
    if output_format not in FORMATS:
        raise InputError(f"--output-format: {output_format!r} is not one of {', '.join(FORMATS)}")
    if output_format == "parquet":
        _pyarrow()


def parquet_schema() -> Any:
    """The Parquet schema of the parts (see :data:`PARQUET_COLUMNS`)."""
    pa, _pq = _pyarrow()
    text = pa.string()
    result = pa.struct(
        [("id", text), ("dataset", text), ("source_id", text), ("schema", text),
         ("caption", text), ("score", pa.float64()), ("match", pa.bool_()),
         ("sanctions", pa.list_(text)), ("effects", pa.list_(text)), ("explanations", text)]
    )  # fmt: skip
    return pa.schema(
        [("id", text), ("line", pa.int64()),
         ("query", pa.struct([("name", text), ("schema", text)])),
         ("results", pa.list_(result)), ("alerts", pa.int32()), ("error", text),
         ("warnings", pa.list_(text))]
    )  # fmt: skip


def _parquet_row(record: dict[str, Any]) -> dict[str, Any]:
    results = [
        r | {"explanations": orjson.dumps(r["explanations"]).decode("utf-8")}
        for r in record["results"]
    ]
    return {"id": record["id"], "line": record["line"], "query": record.get("query"),
            "results": results, "alerts": record["alerts"], "error": record.get("error"),
            "warnings": record.get("warnings")}  # fmt: skip


def _record(row: dict[str, Any]) -> dict[str, Any]:
    """The JSON-lines record of a Parquet row (the inverse of :func:`_parquet_row`)."""
    record: dict[str, Any] = {"id": row["id"], "line": row["line"]}
    if row["query"] is not None:
        record["query"] = row["query"]
    record["results"] = [
        r | {"explanations": orjson.loads(r["explanations"])} for r in row["results"]
    ]
    record["alerts"] = row["alerts"]
    if row["warnings"] is not None:
        record["warnings"] = row["warnings"]
    if row["error"] is not None:
        record["error"] = row["error"]
    return record


def part_name(number: int, output_format: str) -> str:
    return f"part-{number:05d}.{output_format}"


def new_staging(folder: Path) -> Path:
    """A fresh ``FOLDER/.incomplete-TOKEN`` for the parts of one run."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = folder / f".incomplete-{uuid.uuid4().hex[:12]}"
        staging.mkdir()
    except OSError as exc:
        raise InputError(f"{folder}: cannot write ({exc.strerror or exc})") from exc
    return staging


def write_part(
    records: Iterable[dict[str, Any]], staging: str, number: int, output_format: str
) -> str:
    """Write one partition's records to ``staging`` (atomically); the file's name."""
    name = part_name(number, output_format)
    path = Path(staging) / name
    tmp = path.with_name(name + ".part")
    try:
        if output_format == "jsonl":
            with open(tmp, "wb") as fh:
                for record in records:
                    fh.write(orjson.dumps(record) + b"\n")
        else:
            pa, pq = _pyarrow()
            rows = [_parquet_row(r) for r in records]
            pq.write_table(pa.Table.from_pylist(rows, schema=parquet_schema()), tmp)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(
            f"{path}: a worker cannot write its part ({exc.strerror or exc}); workers must "
            "see the output folder at the same path"
        ) from exc
    return name


def finish(
    folder: Path, staging: Path, output_format: str, input_path: Path, parts: list[dict[str, Any]]
) -> None:
    """Move the parts from ``staging`` into ``folder`` (replacing an earlier run's) and
    write the manifest. ``parts``: ``{"file", "rows", "first_line"}`` in input order."""
    try:
        old = [p for p in folder.glob("part-*") if p.suffix in (".jsonl", ".parquet")]
        (folder / MANIFEST).unlink(missing_ok=True)  # no manifest: no finished run
        for path in old:
            path.unlink()
        for part in parts:
            os.replace(staging / part["file"], folder / part["file"])
        manifest = {"format": MANIFEST_FORMAT, "output_format": output_format,
                    "input": str(input_path), "rows": sum(p["rows"] for p in parts),
                    "parts": parts}  # fmt: skip
        tmp = folder / (MANIFEST + ".part")
        tmp.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")
        os.replace(tmp, folder / MANIFEST)
    except OSError as exc:
        raise InputError(f"{folder}: cannot write ({exc.strerror or exc})") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_parts(folder: Path) -> Iterator[dict[str, Any]]:
    """The records of a finished run's parts, in input order (the records of
    ``-o results.jsonl``)."""
    try:
        manifest = orjson.loads((folder / MANIFEST).read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise InputError(f"{folder}: no finished run here ({MANIFEST}: {exc})") from exc
    for part in manifest["parts"]:
        path = folder / part["file"]
        if manifest["output_format"] == "jsonl":
            with open(path, "rb") as fh:
                for line in fh:
                    yield orjson.loads(line)
        else:
            _pa, pq = _pyarrow()
            for row in pq.read_table(path).to_pylist():
                yield _record(row)
