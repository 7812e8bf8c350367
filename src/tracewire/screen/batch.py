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
import datetime
import math
import os
import re
from collections import OrderedDict, deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson
from followthemoney import registry

from tracewire.bounds import MAX_CSV_COLUMNS
from tracewire.errors import InputError, TracewireError
from tracewire.match import Query, Screener
from tracewire.match.query import split_values
from tracewire.model.identifiers import parse_identifiers

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
        return int(_parquet_file(path).metadata.num_rows)
    try:
        with open(path, "rb") as fh:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except OSError:
        return None  # reading says why
    return max(0, lines - 1) if suffix in (".csv", ".tsv", ".txt") else lines


def _pyarrow(path: Path) -> tuple[Any, Any]:
    """``pyarrow`` and ``pyarrow.parquet``: an optional dependency (the ``parquet`` extra)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise InputError(
            f"{path}: reading Parquet needs pyarrow, which is not installed "
            "(pip install 'tracewire[parquet]'); or give the rows as .csv or .jsonl"
        ) from exc
    return pa, pq


def _parquet_file(path: Path) -> Any:
    pa, pq = _pyarrow(path)
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from exc


def input_kind(path: Path) -> str:
    """``csv``, ``jsonl`` or ``parquet``, by the file's name; InputError otherwise."""
    kinds = {".parquet": "parquet", ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl",
             ".csv": "csv", ".txt": "csv", ".tsv": "csv"}  # fmt: skip
    kind = kinds.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            f"{path}: unknown input type {path.suffix.lower()!r} (use .csv, .tsv, .jsonl or .parquet)"
        )
    return kind


def read_rows(
    path: Path, span: tuple[int, int, int] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line or row number, row) for every row of a CSV, JSON lines or Parquet file; with
    ``span``, for the rows of one partition of it (:mod:`tracewire.screen.partitions`)."""
    readers = {"parquet": _read_parquet, "jsonl": _read_jsonl, "csv": _read_csv}
    reader = readers[input_kind(path)]
    if path.is_dir():
        raise InputError(f"{path}: a folder, not a file")
    try:
        yield from reader(path, span)
    except OSError as exc:  # unreadable: permissions, a vanished file, a device error
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc


#: a name (or other input field) longer than this is an error row: no real party has one,
#: and it is the mark of an unclosed quote that ran on over the next rows
MAX_FIELD_CHARS = 1024
#: a record may run over several physical lines (a quoted newline in an extra column); one
#: running on further than this is an unclosed quote, reported and skipped
MAX_RECORD_LINES = 50
MAX_RECORD_CHARS = 64 * 1024


_LONE_CR = re.compile(r"(?<=\r)(?!\n|$)")


class _RecordTooLong(Exception):
    """Raised by :class:`_Lines` inside the CSV reader when a record runs on too far."""


class _NotUtf8(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: not UTF-8 text ({reason}); save the file as UTF-8")


class _Lines:
    """The physical lines of a UTF-8 file, numbered, for :mod:`csv`; lines taken back
    (:meth:`resume_after_first`) are read again, so that parsing can resume after a
    broken record. Each line is decoded on its own, so that bytes that are not UTF-8 are
    reported on their own line (:class:`_NotUtf8`)."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.pending: deque[tuple[int, str]] = deque()
        self.next_number = 1
        #: the byte offset of the next line, and where to stop (None: the end of the file)
        self.offset = 0
        self.end: int | None = None
        #: whether `end` cuts the file (it is not its end)
        self.cut = False
        #: the lines of the last record read again (after a broken one)
        self.broken_from = self.broken_to = 0
        self.taken: list[tuple[int, str]] = []  # the lines of the record being read
        self.taken_chars = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.taken) >= MAX_RECORD_LINES or self.taken_chars > MAX_RECORD_CHARS:
            raise _RecordTooLong
        if not self.pending:
            self._read()
        number, text = self.pending.popleft()
        self.taken.append((number, text))
        self.taken_chars += len(text)
        return text

    def _read(self) -> None:
        if self.end is not None and self.offset >= self.end:
            raise StopIteration
        raw = self.fh.readline()
        if not raw:
            raise StopIteration
        self.offset += len(raw)
        number = self.next_number
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise _NotUtf8(number, exc.reason) from exc
        # a lone CR ends a line too (files from old Mac software)
        pieces = _LONE_CR.split(text) if "\r" in text.rstrip("\r\n") else [text]
        for piece in pieces:
            self.pending.append((self.next_number, piece))
            self.next_number += 1

    def seek(self, offset: int, end: int | None, line: int) -> None:
        """Go on at ``offset`` (the start of line number ``line``), stop at ``end``."""
        self.fh.seek(offset)
        self.pending.clear()
        self.offset, self.next_number = offset, line
        self.broken_from = self.broken_to = 0
        self.stop_at(end)

    def stop_at(self, end: int | None) -> None:
        """Read no line that starts at or after byte ``end``."""
        self.end = end
        self.cut = end is not None and end < os.fstat(self.fh.fileno()).st_size

    def at_record_start(self) -> bool:
        """Whether the next line, at :attr:`offset`, is read as the start of a record
        whatever came before: no line taken back, no broken record running on."""
        return not self.pending and self.broken_to < self.next_number

    def start_record(self) -> None:
        self.taken = []
        self.taken_chars = 0

    @property
    def first_line(self) -> int:
        return self.taken[0][0] if self.taken else self.next_number

    def resume_after_first(self) -> None:
        """Read again every line of this record but its first."""
        self.pending.extendleft(reversed(self.taken[1:]))


def _read_csv(
    path: Path, span: tuple[int, int, int] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a CSV (``.tsv``: tab-separated) file, numbered by the line each starts on.

    A record that spans several lines with a line break inside one of the input columns,
    a field over :data:`MAX_FIELD_CHARS`, and a quote never closed are error rows naming
    their first line; reading then goes on from the line after it, so one stray quote
    never swallows the rows that follow.

    ``span`` (start offset, end offset, line number at start) reads only the records
    that start in that byte range, after the header (a partition: see
    :mod:`tracewire.screen.partitions`, which cuts only where a record starts)."""
    with open(path, "rb") as fh:
        lines, reader, fields = csv_open(path, fh)
        if span is not None:
            start, end, line = span
            if start > lines.offset or lines.pending:  # not right after the header
                lines.seek(start, end, line)
            else:
                lines.stop_at(end)
        yield from csv_records(path, lines, reader, fields)


def csv_open(path: Path, fh: IO[bytes]) -> tuple[_Lines, Any, list[str]]:
    """The lines of an open CSV file, its reader, and its header's fields (read)."""
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    lines = _Lines(fh)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except _NotUtf8 as exc:
        raise InputError(f"{path}, {exc}") from exc
    except (csv.Error, _RecordTooLong) as exc:
        raise InputError(f"{path}, line 1: cannot read the header ({_reason(exc)})") from exc
    if header is not None and len(header) > MAX_CSV_COLUMNS:
        raise InputError(
            f"{path}, line 1: the header has {len(header):,} columns; "
            f"an input file may have at most {MAX_CSV_COLUMNS:,}"
        )
    fields = [f.strip().lower() for f in header or []]
    if "name" not in fields:
        raise InputError(f"{path}, line 1: the header needs a 'name' column")
    return lines, reader, fields


def csv_records(
    path: Path, lines: _Lines, reader: Any, fields: list[str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows after the header (see :func:`_read_csv`). Between two rows, the reader
    is at the start of a record where ``lines.at_record_start()``."""
    while True:
        lines.start_record()
        try:
            cells = next(reader)
        except StopIteration:
            return
        except _NotUtf8 as exc:
            raise InputError(f"{path}, {exc}") from exc
        except (csv.Error, _RecordTooLong) as exc:
            first = lines.first_line
            if (
                lines.cut
                and lines.offset >= (lines.end or 0)
                and not lines.pending
                and "unexpected end of data" in str(exc)
            ):
                # a record cut by the end of a partition: never with the cuts made by
                # tracewire.screen.partitions, which are all at the start of a record
                raise InputError(
                    f"{path}, line {first}: a record runs over the end of its partition "
                    f"(byte {lines.end:,})"
                ) from exc
            broken = {"__error__": _broken_record(exc, len(lines.taken))}
            if len(lines.taken) > 1:
                lines.broken_from, lines.broken_to = first, lines.taken[-1][0]
                lines.resume_after_first()
            yield first, broken
            continue
        first = lines.first_line
        if not cells or (len(cells) == 1 and not cells[0].strip()):
            continue  # a blank line
        row: dict[str, Any] = dict(zip(fields, cells, strict=False))
        problem = _cell_problem(row)
        if problem is None and len(lines.taken) > 1 and len(cells) > len(fields):
            # a line break in a cell beyond the header's: a quote opened by mistake (its
            # line's own quotes paired otherwise) that a later line happened to close
            problem = (
                f"broken CSV row: a quote opened on this line runs on over "
                f"{len(lines.taken)} lines ({len(cells)} cells for {len(fields)} "
                "columns); the following lines are read on their own"
            )
        if problem is None and first <= lines.broken_to and len(cells) != len(fields):
            problem = (
                f"{len(cells)} cells for {len(fields)} columns, within the broken "
                f"record of line {lines.broken_from}: a piece of it, not a row of its own"
            )
        if problem is not None:
            error: dict[str, Any] = {"__error__": problem}
            if first > lines.broken_to and not problem.startswith("id:"):
                error["id"] = row.get("id")
            if len(lines.taken) > 1:
                lines.broken_from, lines.broken_to = first, lines.taken[-1][0]
                lines.resume_after_first()
            yield first, error
            continue
        if len(cells) > len(fields):
            row["__error__"] = "the row has more cells than the header"
        yield first, row


def _reason(exc: BaseException) -> str:
    if isinstance(exc, _RecordTooLong):
        return "a quote is never closed"
    return str(exc)


def _broken_record(exc: BaseException, lines: int) -> str:
    if isinstance(exc, _RecordTooLong) or "unexpected end of data" in str(exc):
        return (
            f"a quote opened on this line is never closed (it runs on over {lines} lines); "
            "the following lines are read on their own"
        )
    if lines > 1:
        return (
            f"broken CSV row: a quote opened on this line runs on over {lines} lines ({exc}); "
            "the following lines are read on their own"
        )
    return f"broken CSV row: {exc}"


def _cell_problem(row: dict[str, Any]) -> str | None:
    """Why the input columns of a row cannot be what they claim, or None."""
    for key in INPUT_COLUMNS:
        value = row.get(key)
        if not isinstance(value, str):
            continue
        if "\n" in value or "\r" in value:
            return (
                f"{key}: a line break inside the field (an unclosed quote?); "
                "the following lines are read on their own"
            )
        if len(value) > MAX_FIELD_CHARS:
            return f"{key}: {len(value):,} characters, more than the {MAX_FIELD_CHARS:,} allowed"
    return None


def _read_jsonl(
    path: Path, span: tuple[int, int, int] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a JSON-lines file; ``span`` as for :func:`_read_csv` (no header). A line
    longer than :data:`MAX_RECORD_CHARS` or an object of more than ``MAX_CSV_COLUMNS``
    keys is an error row: it is read past, never held whole."""
    with open(path, "rb") as fh:
        first = 1
        lines = _bounded_lines(fh)
        if span is not None:
            start, end, first = span
            fh.seek(start)
            lines = _until(_bounded_lines(fh), end - start)
        for n, (raw, _size) in enumerate(lines, start=first):
            if raw is None:
                yield n, {"__error__": f"a line of over {MAX_RECORD_CHARS:,} bytes: not a row"}
                continue
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
            if len(row) > MAX_CSV_COLUMNS:
                yield (
                    n,
                    {"__error__": f"{len(row):,} keys; a row may have at most {MAX_CSV_COLUMNS:,}"},
                )
                continue
            yield n, row


def _bounded_lines(fh: IO[bytes]) -> Iterator[tuple[bytes | None, int]]:
    """(line, its size in bytes) for each line of ``fh``; a line longer than
    :data:`MAX_RECORD_CHARS` is read past in pieces and given as ``None``."""
    while raw := fh.readline(MAX_RECORD_CHARS + 1):
        if len(raw) <= MAX_RECORD_CHARS:
            yield raw, len(raw)
            continue
        size = len(raw)
        while not raw.endswith(b"\n") and (raw := fh.readline(MAX_RECORD_CHARS)):
            size += len(raw)
        yield None, size


def _until(
    lines: Iterator[tuple[bytes | None, int]], size: int
) -> Iterator[tuple[bytes | None, int]]:
    """The lines that start within the next ``size`` bytes."""
    for line in lines:
        if size <= 0:
            return
        size -= line[1]
        yield line


def parquet_columns(path: Path) -> Any:
    """The opened Parquet file, its column count checked."""
    parquet = _parquet_file(path)
    columns = parquet.metadata.num_columns
    if columns > MAX_CSV_COLUMNS:
        raise InputError(
            f"{path}: the Parquet schema has {columns:,} columns; "
            f"an input file may have at most {MAX_CSV_COLUMNS:,}"
        )
    return parquet


def _read_parquet(
    path: Path, span: tuple[int, int, int] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows of a Parquet file, numbered from 1; ``span`` (first row, end row, unused)
    reads rows ``first`` to ``end - 1`` (counted from 0) only, from the row groups that
    hold them."""
    pa, _pq = _pyarrow(path)
    parquet = parquet_columns(path)
    first, end = (0, parquet.metadata.num_rows) if span is None else span[:2]
    groups: list[int] = []  # the row groups holding the span
    n = position = 0  # n: the rows before the first group read
    for g in range(parquet.metadata.num_row_groups):
        if position >= end:
            break
        size = parquet.metadata.row_group(g).num_rows
        if position + size <= first:
            n = position = position + size
            continue
        groups.append(g)
        position += size
    batches = parquet.iter_batches(batch_size=4096, row_groups=groups)
    while n < end:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"{path}, after row {n}: the Parquet data is damaged ({exc})") from exc
        for row in batch.to_pylist():
            n += 1
            if n > end:
                return
            if n > first:
                yield n, row


def _text(row: dict[str, Any], key: str) -> str | None:
    """A field as text. Only text is taken as text (a list of texts for the fields that
    take several values, an integer id, a date): a JSON number, boolean, list or object
    where text belongs is an error, never coerced."""
    value = row.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and key != "name" and all(isinstance(v, str) for v in value):
        return ";".join(v.strip() for v in value if v.strip()) or None
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    shown = orjson.dumps(value, default=str).decode("utf-8")
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    raise InputError(f"{key}: expected text, not {_kind(value)} {shown}")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"


def _row_id(row: dict[str, Any], line: int) -> str:
    try:
        return _text(row, "id") or str(line)
    except InputError:
        return str(line)


#: identifier properties whose values FtM can check (check digits, length, shape)
_ID_FORMATS = {"innCode": ("inn", "INN"), "ogrnCode": ("ogrn", "OGRN"),
               "leiCode": ("lei", "LEI"), "imoNumber": ("imo", "IMO number"),
               "swiftBic": ("bic", "SWIFT/BIC code"), "uscCode": ("uscc", "USCC")}  # fmt: skip


def checked_query(
    name: str,
    schema: str | None = None,
    birth_date: str | None = None,
    country: str | None = None,
    identifiers: str | None = None,
    gender: str | None = None,
    id: str | None = None,
) -> tuple[Query, list[str]]:
    """The query for the flat fields of the CLI and of batch rows, and a warning for each
    value that was left out because it cannot be read: a date that is no date, a country
    that is none, an identifier failing its format's check, a gender neither male nor
    female. As the HTTP API does for ``/match``, such a value is reported, not silently
    dropped; a value that cannot even be parsed (``TYPE:VALUE``) is an error."""
    warnings: list[str] = []
    dates = []
    for value in split_values(birth_date):
        if registry.date.clean(value) is None:
            warnings.append(
                f"birth_date: {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); ignored"
            )
        else:
            dates.append(value)
    countries = []
    for value in split_values(country):
        if registry.country.clean(value, fuzzy=True) is None:
            warnings.append(f"country: {value!r} is not a known country; ignored")
        else:
            countries.append(value)
    ids = []
    for prop, value in parse_identifiers(identifiers or ""):
        fmt = _ID_FORMATS.get(prop)
        if fmt is not None and registry.identifier.clean(value, format=fmt[0]) is None:
            warnings.append(f"identifiers: {value!r} is not a valid {fmt[1]}; ignored")
        else:
            ids.append((prop, value))
    sex = None
    if gender and gender.strip():
        sex = registry.gender.clean(gender.strip())
        if sex is None:
            warnings.append(f"gender: {gender.strip()!r} is not male or female; ignored")
    query = Query(
        names=[name],
        schema=schema or None,
        birth_dates=dates,
        countries=countries,
        gender=sex,
        identifiers=ids,
        id=id,
    )
    return query, warnings


def row_to_query(row: dict[str, Any], line: int) -> Query:
    """The query of one input row; InputError when it cannot be screened."""
    return row_query(row, line)[0]


def row_query(row: dict[str, Any], line: int) -> tuple[Query, list[str]]:
    """The query of one input row and its warnings; InputError when it cannot be screened."""
    if "__error__" in row:
        raise InputError(str(row["__error__"]))
    name = _text(row, "name")
    if not name:
        raise InputError("the row has no name")
    countries = ";".join(filter(None, [_text(row, "country"), _text(row, "nationality")]))
    return checked_query(
        name=name,
        schema=_text(row, "schema"),
        birth_date=_text(row, "birth_date"),
        country=countries,
        identifiers=_text(row, "identifiers"),
        gender=_text(row, "gender"),
        id=_row_id(row, line),
    )


#: screened rows kept (per run, per process) for the rows that repeat them: 60 MB at most
#: (about 600 bytes each)
ROW_CACHE_ROWS = 100_000
#: the fields of a row that decide its output record, besides its id and line: every
#: input column but the id (a column added to the input is part of the key)
_DECIDING = tuple(column for column in INPUT_COLUMNS if column != "id")
_NO_RESULTS = b"[]"


def _plain(value: Any) -> bool:
    """Whether ``value`` is made of JSON's own types only (dicts of text keys, lists,
    text, integers, finite floats, booleans, None; no subclass of any), so that reading
    back its JSON gives an equal value of the same types."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return -(1 << 63) <= value < (1 << 64)
    if kind is float:
        return math.isfinite(value)
    if kind is list:
        return all(_plain(v) for v in value)
    if kind is dict:
        return all(type(k) is str and _plain(v) for k, v in value.items())
    return False


@dataclass(frozen=True, slots=True)
class Screened:
    """What a row's output record holds besides its id and line (a row screened without
    an error): the same for every row of the same deciding fields. The results are kept
    as their JSON (a third of the memory of the objects)."""

    name: str
    schema: str | None
    results: bytes
    alerts: int
    warnings: tuple[str, ...]

    def record(self, row_id: str, line: int) -> dict[str, Any]:
        """The output record of a row of these fields, as :func:`screen_rows` makes it
        (the same keys in the same order, the same values of the same types)."""
        results = [] if self.results == _NO_RESULTS else orjson.loads(self.results)
        record = {"id": row_id, "line": line, "query": {"name": self.name, "schema": self.schema},
                  "results": results, "alerts": self.alerts}  # fmt: skip
        if self.warnings:
            record["warnings"] = list(self.warnings)
        return record


class RowCache:
    """The output of rows already screened, by their deciding fields (:data:`_DECIDING`),
    for the rows that repeat them: a batch repeats common names, and screening the same
    fields again gives the same record but for its id and line. Bounded: the least
    recently used are dropped past ``rows`` entries (0: nothing is kept). A cache
    belongs to one screener and one set of options: :meth:`bind` empties it when
    either changes."""

    def __init__(self, rows: int | None = None) -> None:
        self.rows = ROW_CACHE_ROWS if rows is None else rows
        self._kept: OrderedDict[tuple[str | None, ...], Screened] = OrderedDict()
        self._screener: Screener | None = None
        self._options: BatchOptions | None = None
        #: rows answered from the cache
        self.hits = 0

    def __len__(self) -> int:
        return len(self._kept)

    def bind(self, screener: Screener | None, options: BatchOptions) -> None:
        """Use the cache for rows screened by ``screener`` with ``options``."""
        if screener is not self._screener or options != self._options:
            self._kept.clear()
            self._screener, self._options = screener, options

    def key(self, row: dict[str, Any]) -> tuple[str | None, ...] | None:
        """The row's deciding fields, or None when the row is not kept (a reader's
        error row, a field that is not text: those go through :func:`row_query`)."""
        if self.rows <= 0 or "__error__" in row:
            return None
        key = tuple(row.get(field) for field in _DECIDING)
        for value in key:
            if value is not None and type(value) is not str:
                return None
        return key

    def get(self, key: tuple[str | None, ...]) -> Screened | None:
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
            self.hits += 1
        return found

    def put(self, key: tuple[str | None, ...], record: dict[str, Any]) -> Screened | None:
        """Keep the output ``record`` of a row of deciding fields ``key``, unless it is
        an error record or holds anything but JSON's own types (which its JSON would
        not give back as they were); what is kept, or None."""
        query, results, alerts = record.get("query"), record["results"], record["alerts"]
        warnings = record.get("warnings") or []
        if (
            "error" in record
            or type(query) is not dict
            or list(query) != ["name", "schema"]
            or type(query["name"]) is not str
            or not (query["schema"] is None or type(query["schema"]) is str)
            or type(alerts) is not int
            or type(warnings) is not list
            or not all(type(w) is str for w in warnings)
            or type(results) is not list
            or not _plain(results)
        ):
            return None
        name = query["name"]
        kept = self._kept[key] = Screened(
            key[0] if key[0] == name else name,  # one string where they are the same
            query["schema"],
            # a copy: orjson's own bytes keep the few kB of their buffer
            bytes(memoryview(orjson.dumps(results))) if results else _NO_RESULTS,
            alerts,
            tuple(warnings),
        )
        self._kept.move_to_end(key)
        if len(self._kept) > self.rows:
            self._kept.popitem(last=False)
        return kept


def screen_rows(
    screener: Screener,
    rows: Iterator[tuple[int, dict[str, Any]]],
    options: BatchOptions,
    cache: RowCache | None = None,
) -> Iterator[dict[str, Any]]:
    """One output record per input row (see the module docstring for the schema).

    A row whose deciding fields repeat an earlier row's takes that row's output from
    ``cache`` (a :class:`RowCache` of its own when None) instead of being screened
    again: the records are the same."""
    cache = RowCache() if cache is None else cache
    cache.bind(screener, options)
    for line, row in rows:
        row_id = _row_id(row, line)
        key = cache.key(row)
        if key is not None:
            found = cache.get(key)
            if found is not None:
                yield found.record(row_id, line)
                continue
        try:
            query, warnings = row_query(row, line)
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
        record = {
            "id": row_id,
            "line": line,
            "query": {"name": query.names[0], "schema": query.schema},
            "results": out,
            "alerts": sum(1 for r in out if r["match"]),
        }
        if warnings:
            record["warnings"] = warnings
        if key is not None:
            cache.put(key, record)
        yield record


def csv_header() -> list[str]:
    return ["input_id", "input_line", "input_name", "error", "warnings", "rank", "result_id", "dataset",
            "source_id", "schema", "caption", "score", "match", "sanctions", "effects", "why"]  # fmt: skip


def csv_rows(record: dict[str, Any]) -> list[list[Any]]:
    """The CSV rows of one output record: one per result, or one for a row without any."""
    base = [record["id"], record["line"], record.get("query", {}).get("name", ""),
            record.get("error", ""), "; ".join(record.get("warnings", []))]  # fmt: skip
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
