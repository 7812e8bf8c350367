"""EU sanctions transcribed from the Official Journal by OpenSanctions (CSV).

This is a *substitute* for the EU consolidated financial sanctions file (FSF): the
official FSF downloads are too large for the offline test data, so this dataset gives
the EU's designations as OpenSanctions transcribes them from the legal acts
(``datasets/eu/journal_sanctions/data`` in the OpenSanctions repository; the layout is
described in its ``FORMAT.md``). **Licence: CC BY-NC 4.0, non-commercial use only.**

Files and how they load together
--------------------------------
- ``consolidated/{celex}.csv``: all annex entries of one framework act (e.g. Regulation
  269/2014), from the consolidated version pinned in ``consolidation_pins.csv``.
- ``amendments/{celex}.csv``: additions and changes made by one amending act *after* the
  pinned consolidation; OpenSanctions removes them once a newer consolidation absorbs them.
- ``consolidation_pins.csv``: framework act → consolidated version and its date.

Loading the folder (or any set of these files) gives one dataset version: the
consolidated entries, then the amendments in CELEX order. An amendment row for an entry
already loaded *replaces* that entry's rows (it is the newer text of the same listing, and
keeps its id, so a version diff shows a change); other amendment rows are new listings.
Amendments are assumed newer than the pinned consolidation, as the format promises.
A consolidated file loaded on its own picks up ``../consolidation_pins.csv`` if present.

The version date (``publisher_date``) is the newest consolidation date pinned for the
loaded frameworks. Amendment start dates do not move it: some lie in the future
("applies from 25.1.2027"). Without the pins file there is no version date.

Ids
---
The format has no entity id; its key is the printed entry: framework act + annex + entry
number (``recordId``), e.g. ``eu-oj-32014r0269-i-entities-141`` for IEMZ Kupol. Where an
annex prints no numbers (Regulation 881/2002, some Annexes of 833/2014) the name stands in
for the number, so a renamed entry there gets a new id. The same party listed under two
acts (Kupol in 269/2014 and 833/2014) is two entities: the format does not link them, and
merging is left to entity resolution. Rows sharing a key (one entry under two measures)
make one entity with one ``Sanction`` per programme and measure.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from tracewire.errors import ListFormatError
from tracewire.model import make_id
from tracewire.sources.base import ParseResult, read_head, read_text
from tracewire.sources.eu_journal_entity import JournalRow, ListingBuilder
from tracewire.sources.name_values import tidy_names

ID_PREFIX = "eu-oj"
SCHEMATA = frozenset({"Person", "LegalEntity", "Organization", "Company", "Vessel", "Asset"})
ENTITY_COLUMNS = (
    "recordId", "programKey", "annex", "measure", "startDate", "reason", "schema", "name",
    "alias", "weakAlias", "previousName", "country", "nationality", "jurisdiction",
    "birthDate", "birthPlace", "position", "passportNumber", "gender", "appearance",
    "ethnicity", "fatherName", "motherName", "incorporationDate", "legalForm", "sector",
    "registrationNumber", "taxNumber", "idNumber", "innCode", "ogrnCode", "kppCode",
    "okpoCode", "leiCode", "swiftBic", "ticker", "imoNumber", "mmsi", "flag", "address",
    "phone", "email", "website", "notes",
)  # fmt: skip
CONSOLIDATED_HEADER = ("celex", *ENTITY_COLUMNS)
AMENDMENT_HEADER = ("amendedCelex", "amendmentCelex", *ENTITY_COLUMNS)
PINS_FILE = "consolidation_pins.csv"
PINS_HEADER = ("framework_celex", "consolidated_version_pin", "consolidation_date")
_KINDS = {
    "consolidated": CONSOLIDATED_HEADER,
    "amendment": AMENDMENT_HEADER,
    "pins": PINS_HEADER,
}

Key = tuple[str, str, str]


def _first_line(path: Path) -> str:
    head = read_head(path, 4096).decode("utf-8", errors="replace").lstrip("\ufeff")
    return head.splitlines()[0] if head else ""


def file_kind(path: Path) -> str | None:
    """``consolidated``, ``amendment`` or ``pins`` from a file's header, else None."""
    first = _first_line(path)
    for kind, header in _KINDS.items():
        if first.rstrip("\r") == ",".join(header):
            return kind
    return None


def expand(paths: Sequence[Path]) -> list[Path]:
    """The files named, and the CSV files inside folders named (recursively, sorted)."""
    out: dict[Path, Path] = {}
    for path in paths:
        found = sorted(p for p in path.rglob("*.csv") if p.is_file()) if path.is_dir() else [path]
        for file in found:
            out.setdefault(file.resolve(), file)  # a file named twice is read once
    return list(out.values())


class EuJournalFormat:
    name = "eu_journal_csv"
    default_dataset = "eu_journal_sanctions"
    title = (
        "EU sanctions from the Official Journal, OpenSanctions transcription "
        "(CSV folder; CC BY-NC 4.0, non-commercial use only)"
    )

    def sniff(self, paths: Sequence[Path]) -> bool:
        kinds = [file_kind(p) for p in expand(paths) if p.is_file()]
        return bool(kinds) and None not in kinds and any(k != "pins" for k in kinds)

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        result = ParseResult(dataset=dataset, format=self.name)
        files = expand(paths)
        if not files:
            raise ListFormatError(", ".join(map(str, paths)), "no CSV files found")
        by_kind: dict[str, list[Path]] = {kind: [] for kind in _KINDS}
        for path in files:
            kind = file_kind(path)
            if kind is None:
                self._reject(path)
            by_kind[str(kind)].append(path)
        if not by_kind["pins"]:
            # a file loaded on its own: use the pins beside its folder, if there
            for path in by_kind["consolidated"][:1]:
                sibling = path.resolve().parent.parent / PINS_FILE
                if sibling.is_file() and file_kind(sibling) == "pins":
                    by_kind["pins"].append(sibling)
        pins, pin_dates = self._read_pins(by_kind["pins"])
        groups: dict[Key, list[JournalRow]] = {}
        dates: list[str] = []
        for path in sorted(by_kind["consolidated"], key=lambda p: p.name):
            for row in self._read_rows(path, False, result):
                self._group(groups, row, result)
            if path.stem in pin_dates:
                dates.append(pin_dates[path.stem])
        for path in sorted(by_kind["amendment"], key=lambda p: p.name):
            for row in self._read_rows(path, True, result):
                self._group(groups, row, result)
        builder = ListingBuilder(result, pins)
        for key, rows in groups.items():
            for schema_rows, entity_id in self._split_schemata(key, rows):
                result.entities.extend(builder.build(entity_id, dataset, schema_rows))
        builder.report_artefacts()
        for entity in result.entities:
            if entity.matchable:
                tidy_names(entity)
        # the newest consolidation loaded; amendment start dates may lie in the future
        result.publisher_date = max(dates, default=None)
        return result

    # -- files --------------------------------------------------------------------------
    def _reject(self, path: Path) -> None:
        text = read_text(path)  # raises for empty and undecodable files
        columns = next(csv.reader([text.splitlines()[0]]), [])
        expected = AMENDMENT_HEADER if columns[:1] == ["amendedCelex"] else CONSOLIDATED_HEADER
        missing = [c for c in expected if c not in columns]
        extra = [c for c in columns if c not in expected]
        if len(missing) < len(expected) // 2:
            detail = "; ".join(
                f"{label} column(s) {', '.join(cols)}"
                for label, cols in (("missing", missing), ("unexpected", extra))
                if cols
            )
            detail = detail or "columns out of order"
        else:
            detail = "the header names none of its columns"
        raise ListFormatError(path, f"not an EU journal sanctions CSV: {detail}", line=1)

    def _read_pins(self, paths: list[Path]) -> tuple[dict[str, str], dict[str, str]]:
        """framework CELEX → consolidated version CELEX, and → consolidation date."""
        pins: dict[str, str] = {}
        dates: dict[str, str] = {}
        for path in paths:
            reader = csv.reader(io.StringIO(read_text(path)))
            next(reader, None)
            for row in reader:
                if len(row) == 3 and row[0]:
                    pins[row[0]] = row[1]
                    dates[row[0]] = row[2]
        return pins, dates

    def _read_rows(self, path: Path, amendment: bool, result: ParseResult) -> list[JournalRow]:
        text = read_text(path)
        header = AMENDMENT_HEADER if amendment else CONSOLIDATED_HEADER
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows: list[JournalRow] = []
        line, final = 1, (1, len(header))
        try:
            next(reader)
            line = reader.line_num + 1
            for cells in reader:
                start, line = line, reader.line_num + 1
                if not any(cells):
                    continue
                final = (start, len(cells))
                row = self._make_row(path, start, cells, header, amendment, result)
                if row is not None:
                    rows.append(row)
        except csv.Error as exc:
            raise ListFormatError(path, f"broken CSV: {exc}", line=line) from exc
        if final[1] != len(header) and not text.endswith(("\n", "\r")):
            # a short last row without a line end: the file was cut off
            raise ListFormatError(path, "the file is truncated", line=final[0])
        result.count("rows", len(rows))
        result.count(path.stem, len(rows))
        result.count("amendment_rows" if amendment else "consolidated_rows", len(rows))
        return rows

    def _make_row(
        self,
        path: Path,
        line: int,
        cells: list[str],
        header: tuple[str, ...],
        amendment: bool,
        result: ParseResult,
    ) -> JournalRow | None:
        if len(cells) != len(header):
            result.warn(path, f"row has {len(cells)} cells, expected {len(header)}; skipped", line)
            return None
        data = dict(zip(header, cells, strict=True))
        framework = data["amendedCelex" if amendment else "celex"].strip()
        source = data["amendmentCelex" if amendment else "celex"].strip()
        if source != path.stem:
            result.warn(path, f"CELEX {source!r} differs from the file name", line)
        schema, name = data["schema"].strip(), data["name"].strip()
        if schema not in SCHEMATA:
            result.warn(path, f"unknown schema {schema!r}; row skipped", line)
            return None
        if not name or not framework:
            result.warn(path, "row without name or framework CELEX; skipped", line)
            return None
        return JournalRow(path, line, framework, source, amendment, data)

    # -- listings -----------------------------------------------------------------------
    def _group(
        self, groups: dict[Key, list[JournalRow]], row: JournalRow, result: ParseResult
    ) -> None:
        key = (row.framework, row.get("annex"), row.get("recordId") or "name:" + row.get("name"))
        rows = groups.get(key)
        if rows is None:
            groups[key] = [row]
        elif row.amendment and rows[0].path != row.path:
            # a later act changes the entry: its rows replace the older text
            result.count("superseded_rows", len(rows))
            groups[key] = [row]
        else:
            result.count("merged_rows")
            rows.append(row)

    def _split_schemata(
        self, key: Key, rows: list[JournalRow]
    ) -> list[tuple[list[JournalRow], str]]:
        """Rows may share an entry number across schemata (FORMAT.md); one entity each."""
        framework, annex, ref = key
        ref = ref.removeprefix("name:")
        base = make_id(ID_PREFIX, framework, annex, ref)
        schemata = list(dict.fromkeys(r.get("schema") for r in rows))
        if len(schemata) == 1:
            return [(rows, base)]
        return [
            (
                [r for r in rows if r.get("schema") == schema],
                base if i == 0 else make_id(base, schema),
            )
            for i, schema in enumerate(schemata)
        ]


FORMATS = [EuJournalFormat()]
