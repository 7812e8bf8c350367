"""Reading OFAC's legacy CSV files: which file is which, and their rows.

The files are headerless, so a file's role is told by its first line: 12 columns is a
primary file (``sdn.csv``/``cons_prim.csv``), 6 an address file, 5 an alias file
(third column ``aka``/``fka``/``nka``), 2 a comments file (its name says
``comments``). Rows are cp1252 with CRLF line ends, ``-0-`` for an empty field and a
0x1A byte closing the file: a file without it is cut short (:func:`has_end_marker`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tracewire.errors import ListFormatError
from tracewire.sources.base import read_head

COLUMNS = {"primary": 12, "add": 6, "alt": 5, "comments": 2}
ALT_TYPES = frozenset({"aka", "fka", "nka"})

Row = list[str | None]


def sniff_role(path: Path) -> str | None:
    """The role of an OFAC legacy CSV file from its first line, or None."""
    head = read_head(path).decode("cp1252", errors="replace").lstrip("\ufeff")
    lines = head.splitlines()
    if not lines or not lines[0].strip():
        return None
    try:
        row = next(csv.reader([lines[0]]))
    except (csv.Error, StopIteration):
        return None
    if not row or not row[0].isdigit():
        return None
    if len(row) == 2:
        return "comments" if "comment" in path.name.lower() else None
    if "-0-" not in head:  # OFAC's empty-field marker: every file but comments has it
        return None
    if len(row) == 12:
        return "primary"
    if not row[1].isdigit():
        return None
    if len(row) == 6:
        return "add"
    if len(row) == 5 and row[2].strip().lower() in ALT_TYPES:
        return "alt"
    return None


def has_end_marker(path: Path) -> bool:
    """Whether the file ends with OFAC's 0x1A end-of-file byte (blanks after it allowed):
    the only sign OFAC gives that a file is whole."""
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - 64))
        tail = fh.read()
    return tail.rstrip(b" \t\r\n").endswith(b"\x1a")


def _check_bytes(path: Path, data: bytes) -> None:
    if not data.strip(b"\x1a \t\r\n"):
        raise ListFormatError(path, "the file is empty")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ListFormatError(path, "NUL byte: not a cp1252 text file (UTF-16?)", line=line)


def not_ofac(path: Path) -> ListFormatError:
    """The error for a file ``sniff_role`` does not recognise."""
    _check_bytes(path, read_head(path))
    return ListFormatError(path, "not an OFAC legacy CSV file", line=1)


def decode(path: Path) -> str:
    """The file's text: cp1252 without the closing 0x1A; ListFormatError naming the line
    of a NUL byte, of UTF-8 text, or of a byte cp1252 does not define."""
    data = path.read_bytes()
    _check_bytes(path, data)
    if not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            first = next(i for i, b in enumerate(data) if b > 127)
            line = data[:first].count(b"\n") + 1
            raise ListFormatError(path, "the file is UTF-8; OFAC's CSV files are cp1252", line)
    try:
        return data.decode("cp1252").rstrip("\x1a")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        message = f"cannot decode byte 0x{data[exc.start]:02x} as cp1252"
        raise ListFormatError(path, message, line=line) from exc


def read_rows(path: Path, role: str) -> list[tuple[int, Row]]:
    """(line, fields) of every row; ``-0-`` and blank fields are None, others stripped
    except the last (remarks), which a comments row may continue mid-word.

    A row with the wrong number of columns, a quote left open or an ent_num that is not
    a number means the file is damaged (or another file): ListFormatError naming the line.
    """
    ncols = COLUMNS[role]
    reader = csv.reader(io.StringIO(decode(path), newline=""), strict=True)
    rows: list[tuple[int, Row]] = []
    start = 1
    try:
        for row in reader:
            end = reader.line_num
            if row:
                if end != start:
                    raise ListFormatError(path, "a quoted field runs over a line break", start)
                if len(row) != ncols:
                    message = f"expected {ncols} columns, found {len(row)} (truncated or damaged?)"
                    raise ListFormatError(path, message, line=start)
                if not row[0].strip().isdigit():
                    raise ListFormatError(path, f"ent_num {row[0]!r} is not a number", start)
                values: Row = [v if v and v != "-0-" else None for v in map(str.strip, row)]
                if values[-1] is not None:  # text cut off at 1,000 characters may end in a space
                    values[-1] = row[-1]
                rows.append((start, values))
            start = end + 1
    except csv.Error as exc:
        raise ListFormatError(path, f"broken CSV: {exc}", line=start) from exc
    return rows
