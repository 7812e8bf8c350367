"""What every list parser is and returns.

A parser (a :class:`ListFormat`) turns one publisher's file(s) into entities. It never
writes anywhere: the store takes the :class:`ParseResult` and loads it in one
transaction, so a parser that raises :class:`~tracewire.errors.ListFormatError` leaves
the store exactly as it was.

Parsers must:

- raise ``ListFormatError(path, message, line=..., element=...)`` for input that cannot
  be read (wrong encoding, truncated XML, an empty file, another format);
- record, not drop, data they cannot place: an alias row whose entity is missing, an
  unknown country, a date they cannot read all go to ``warnings``;
- give ``publisher_date`` (ISO date) where the file states one;
- count what they read in ``rows`` (per file or per record kind);
- call :meth:`ParseResult.cut_short` when the file's own completeness signals fail (OFAC's
  closing 0x1A byte missing, a last record cut off by the end of the file, fewer records
  than the publisher's count): the load then refuses the file unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tracewire.model import Entity


@dataclass(slots=True)
class ParseWarning:
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "message": self.message}


@dataclass
class ParseResult:
    dataset: str
    format: str
    entities: list[Entity] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    publisher_date: str | None = None
    rows: dict[str, int] = field(default_factory=dict)
    #: signs that a file is cut short (see :meth:`cut_short`)
    incomplete: list[ParseWarning] = field(default_factory=list)

    def warn(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.warnings.append(ParseWarning(str(Path(path).name), message, line))

    def cut_short(self, path: Path | str, message: str, line: int | None = None) -> None:
        """Record (and warn) that the file looks cut short: ``message`` says why."""
        self.warn(path, message, line)
        self.incomplete.append(self.warnings[-1])

    def count(self, key: str, n: int = 1) -> None:
        self.rows[key] = self.rows.get(key, 0) + n

    def schema_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for e in self.entities:
            counts[e.schema] = counts.get(e.schema, 0) + 1
        return dict(sorted(counts.items()))


class ListFormat(Protocol):
    """A parser for one publisher's format."""

    #: short name used with ``--format`` (e.g. ``ofac_csv``)
    name: str
    #: dataset name used when the user gives none (e.g. ``us_ofac_sdn``)
    default_dataset: str
    #: one line for ``--help`` and the README
    title: str

    def sniff(self, paths: Sequence[Path]) -> bool:
        """True when these files look like this format. Reads at most a few KiB."""
        ...

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        """Parse the files into entities, or raise ListFormatError."""
        ...


def read_head(path: Path, size: int = 4096) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(size)


def read_text(path: Path, encoding: str = "utf-8-sig") -> str:
    """Decode a whole file, naming the line of the first undecodable byte on failure."""
    from tracewire.errors import ListFormatError

    data = path.read_bytes()
    if not data.strip():
        raise ListFormatError(path, "the file is empty")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ListFormatError(
            path, f"cannot decode byte 0x{data[exc.start]:02x} as {encoding}", line=line
        ) from exc
