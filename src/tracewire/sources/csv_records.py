"""Reading a headed CSV list file record by record, with the line each record starts on.

Published CSV lists are large and mostly clean, so one bad record is a warning that names
its line, not a reason to reject the file. A file is rejected (``ListFormatError``) when it
cannot be read as a whole: undecodable bytes, no header, required columns missing, or
damage that makes the rest of the file ambiguous (a quote left open that swallows many
lines, or more malformed records than ``max_bad``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from tracewire.bounds import MAX_CSV_COLUMNS
from tracewire.errors import ListFormatError
from tracewire.sources.base import ParseResult, read_text

#: an unterminated quote at the end of the file spanning more lines than this is not a
#: simply truncated last record but a stray quote that swallowed the rest of the file
MAX_TRUNCATED_SPAN = 20


@dataclass(slots=True)
class CsvRecord:
    line: int
    row: dict[str, str]


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0].rstrip("\r")


def check_columns(path: Path, columns: int) -> None:
    """Refuse a header of more than :data:`~tracewire.bounds.MAX_CSV_COLUMNS` columns (a
    hostile file: each row would cost their number in work)."""
    if columns > MAX_CSV_COLUMNS:
        raise ListFormatError(
            path,
            f"the header has {columns:,} columns; a list file may have at most {MAX_CSV_COLUMNS:,}",
            line=1,
        )


def read_header(path: Path, text: str, required: Collection[str]) -> list[str]:
    """The header of ``text``; ListFormatError if a required column is missing."""
    if "\x00" in text[:4096]:
        raise ListFormatError(path, "NUL bytes: not UTF-8 text (UTF-16, or a binary file)", line=1)
    try:
        header = next(csv.reader(io.StringIO(_first_line(text))))
    except (StopIteration, csv.Error) as exc:
        raise ListFormatError(path, f"cannot read the header row: {exc}", line=1) from exc
    check_columns(path, len(header))
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise ListFormatError(
            path,
            "missing required column(s) " + ", ".join(missing) + f" (header has {len(header)})",
            line=1,
        )
    return header


def iter_records(
    path: Path,
    result: ParseResult,
    required: Collection[str],
    max_bad: int = 10,
    text: str | None = None,
) -> Iterator[CsvRecord]:
    """Yield each data record of a headed UTF-8 CSV file as a dict keyed by header.

    Skips, with a warning naming the line: a repeated header row, a record with the wrong
    number of fields, a record the csv module cannot parse, and a last record cut off by
    the end of the file (which also marks the result ``incomplete``: the file is cut).
    """
    if text is None:
        text = read_text(path)
    header = read_header(path, text, required)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    it = iter(reader)
    next(it)  # header, checked above
    bad = 0
    end = reader.line_num
    last_line = text.count("\n") + 1
    first_bad: int | None = None

    def _bad(line: int, message: str) -> None:
        nonlocal bad, first_bad
        bad += 1
        first_bad = first_bad or line
        result.warn(path, message, line)
        result.count("records_skipped")
        if bad > max_bad:
            raise ListFormatError(
                path,
                f"more than {max_bad} malformed records (the first at line {first_bad}); "
                "the file is damaged or not in this format",
                line=line,
            )

    while True:
        start = end + 1
        try:
            row = next(it)
        except StopIteration:
            break
        except csv.Error as exc:
            end = reader.line_num
            if "unexpected end of data" in str(exc):
                if end - start > MAX_TRUNCATED_SPAN:
                    raise ListFormatError(
                        path,
                        "a quoted field opened here is never closed: it runs "
                        f"{end - start + 1} lines to the end of the file",
                        line=start,
                    ) from exc
                _bad(start, "the last record is cut off by the end of the file; skipped")
                result.incomplete.append(result.warnings[-1])
                break
            span = f"lines {start}-{end}" if end > start else f"line {start}"
            _bad(start, f"malformed CSV record on {span} ({exc}); skipped")
            continue
        end = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if [v.strip() for v in row] == header:
            result.warn(path, "repeated header row; skipped", start)
            result.count("header_rows_skipped")
            continue
        if len(row) != len(header):
            _bad(start, f"record has {len(row)} fields, the header has {len(header)}; skipped")
            if len(row) < len(header) and end == last_line and not text.endswith("\n"):
                result.warn(path, "the file ends inside this record: it looks cut short", start)
                result.incomplete.append(result.warnings[-1])
            continue
        yield CsvRecord(start, dict(zip(header, row, strict=True)))
