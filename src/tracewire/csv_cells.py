"""CSV the product writes, safe to open in a spreadsheet.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets (CSV or "formula" injection): a listed
name or an audit record written as ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` would
run when an analyst opens the file. As OWASP recommends, such a text cell is written with
a single quote before it, which spreadsheets show as text; numbers are written as they
are. Every CSV writer of tracewire goes through :func:`safe_row`; JSON output is never
changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO, Any

#: first characters a spreadsheet reads as the start of a formula (OWASP, CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a single quote before it when it is text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]


class SafeWriter:
    """:func:`csv.writer` whose every text cell goes through :func:`safe_cell`."""

    def __init__(self, out: IO[str]) -> None:
        self._writer = csv.writer(out)

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow(safe_row(values))


def csv_line(values: Iterable[Any]) -> str:
    """One CSV line (with its line end) of safe cells."""
    buf = io.StringIO()
    SafeWriter(buf).writerow(values)
    return buf.getvalue()
