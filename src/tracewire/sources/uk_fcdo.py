"""The FCDO UK Sanctions List, in the two layouts the FCDO publishes.

- **Summary** (``.ods``, or the same sheet saved as CSV): one row per designation with
  8 columns: Unique ID, OFSI Group ID, Name, Regime Name, Type, Designation source,
  Date Designated (``29-06-2012``), Sanctions Imposed (comma-separated). Primary
  names only. Title rows above the header are skipped.
- **Full CSV** (``UK-Sanctions-List.csv``): a ``Report Date: 29-Apr-2026`` line, then
  a 58-column header (Last Updated, Unique ID, ..., Name 6, Name 1–5, Name type,
  Alias strength, ..., Hull identification number (HIN)) and one row per name (and
  per address, birth date, ...) of each designation, grouped by Unique ID.

Both give entity ids ``gb-fcdo-<unique id>`` (``gb-fcdo-rus0178``), as does the derived
5-file layout (:mod:`tracewire.sources.uk_fcdo_derived`), so versions diff across
layouts. Each designation has one Sanction (its regime), keyed by program id.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources import ods
from tracewire.sources.base import ParseResult, read_head
from tracewire.sources.uk_regimes import regime_for_id, regime_for_name
from tracewire.sources.uk_targets import (
    UkTargets,
    cell_getter,
    column_names,
    csv_rows,
    header_index,
)
from tracewire.sources.uk_values import (
    clean_text,
    full_name,
    name_prop,
    one_line_address,
    parse_date,
    registration_numbers,
    split_numbered,
)

AUTHORITY = "UK Foreign, Commonwealth & Development Office"
PREFIX = "gb-fcdo"
SUMMARY_REQUIRED = ("unique id", "name", "type")
FULL_REQUIRED = ("unique id", "name 6", "name type", "regime name", "designation type")
#: how many rows may sit above the header (titles, a report date)
HEADER_SEARCH = 20
_REPORT_DATE = re.compile(
    r"report date:?\s*(\d{1,2}[-/ ]\w{3,9}[-/ ]\d{4}|\d{1,2}/\d{1,2}/\d{4})", re.I
)
_FILE_DATE = re.compile(r"([A-Za-z]{3})[a-z]*[ _-]+(\d{1,2})[ _-]+(\d{4})")
#: full-CSV columns holding one plain property each (split on "|" and "(1) ... (2)")
FULL_PLAIN: dict[str, str] = {
    "title": "title",
    "name non-latin script": "alias",
    "other information": "notes",
    "phone number": "phone",
    "website": "website",
    "email address": "email",
    "nationality(/ies)": "nationality",
    "national identifier number": "idNumber",
    "passport number": "passportNumber",
    "position": "position",
    "gender": "gender",
    "town of birth": "birthPlace",
    "country of birth": "birthCountry",
    "type of entity": "legalForm",
    "imo number": "imoNumber",
    "current believed flag of ship": "flag",
    "previous flags": "pastFlags",
    "type of ship": "type",
    "tonnage of ship": "tonnage",
    "hull identification number (hin)": "registrationNumber",
}
#: (column, role, True when the designated party is the link's subject)
FULL_LINKS = (
    ("subsidiaries", "parent company", True),
    ("parent company", "parent company", False),
    ("current owner/operator (s)", "owner/operator", False),
    ("previous owner/operator (s)", "previous owner/operator", False),
)


def _parse_report_date(text: str) -> str | None:
    m = _REPORT_DATE.search(text)
    if m is None:
        return None
    raw = m.group(1).replace(" ", "-").replace("/", "-")
    for fmt in ("%d-%b-%Y", "%d-%B-%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(raw, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _date_from_file_name(path: Path) -> str | None:
    """``FCDO_SL_Mon_Aug 11 2025.ods`` (the name the FCDO gives its download) → 2025-08-11."""
    for m in _FILE_DATE.finditer(path.stem):
        try:
            return datetime.strptime(" ".join(m.groups()), "%b %d %Y").date().isoformat()
        except ValueError:
            continue
    return None


def _head_rows(path: Path) -> list[list[str]]:
    text = read_head(path, 16384).decode("utf-8-sig", errors="replace")
    lines = text.splitlines()[:HEADER_SEARCH]
    if len(text) == 16384 and lines:
        lines = lines[:-1]  # may be cut short
    try:
        return list(csv.reader(lines))
    except csv.Error:
        return []


def _find_header(rows: list[list[str]], required: Sequence[str]) -> int | None:
    for i, row in enumerate(rows):
        index = header_index(row)
        if all(col in index for col in required):
            return i
    return None


def sniff_layout(path: Path) -> str | None:
    """``"ods"``, ``"summary"`` (CSV), ``"full"`` (CSV), ``"damaged ods"`` (a spreadsheet
    that cannot be opened) or None. Reads a few KiB."""
    if ods.is_ods(path):
        head = ods.read_content_head(path)
        ok = b"Unique ID" in head and b"OFSI Group ID" in head and b"Sanctions Imposed" in head
        return "ods" if ok else None
    if ods.looks_like_ods(path):
        return "damaged ods"
    rows = _head_rows(path)
    if _find_header(rows, FULL_REQUIRED) is not None:
        return "full"
    i = _find_header(rows, SUMMARY_REQUIRED)
    if i is not None:
        index = header_index(rows[i])
        if "name type" not in index and ("regime name" in index or "regime" in index):
            return "summary"
    return None


class FcdoSanctionsListFormat:
    name = "uk_fcdo"
    default_dataset = "gb_fcdo_sanctions"
    title = "FCDO UK Sanctions List: summary (.ods or CSV) or full UK-Sanctions-List.csv"

    def sniff(self, paths: Sequence[Path]) -> bool:
        return len(paths) == 1 and sniff_layout(paths[0]) is not None

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        if len(paths) != 1:
            where = paths[1] if paths else "(no file)"
            raise ListFormatError(where, "the UK Sanctions List is one file; load each on its own")
        path = paths[0]
        layout = sniff_layout(path)
        if layout is None:
            if path.stat().st_size == 0:
                raise ListFormatError(path, "the file is empty")
            raise ListFormatError(
                path, "not a UK Sanctions List (no 'Unique ID ... Name' header in the first rows)"
            )
        if layout == "damaged ods":
            raise ListFormatError(
                path,
                "the .ods spreadsheet is damaged (its zip archive is cut short or corrupt); "
                "download it again",
            )
        result = ParseResult(dataset=dataset, format=self.name)
        targets = UkTargets(result, PREFIX, AUTHORITY)
        if layout == "full":
            self._parse_full(path, targets)
        else:
            rows = ods.iter_rows(path) if layout == "ods" else csv_rows(path, result)
            self._parse_summary(path, rows, targets)
            if result.publisher_date is None and layout == "ods":
                result.publisher_date = _date_from_file_name(path)
        targets.finish(path)
        return result

    # -- shared ------------------------------------------------------------------------
    def _header(
        self,
        path: Path,
        rows: Iterator[tuple[int, list[str]]],
        required: Sequence[str],
        result: ParseResult,
    ) -> dict[str, int]:
        for _ in range(HEADER_SEARCH):
            try:
                line, row = next(rows)
            except StopIteration:
                break
            index = header_index(row)
            if all(col in index for col in required):
                return index
            result.publisher_date = result.publisher_date or _parse_report_date(" ".join(row))
        missing = ", ".join(required)
        raise ListFormatError(path, f"no header row with the columns {missing} in the first rows")

    def _sanction(self, targets: UkTargets, entity: Entity, uid: str, regime_text: str) -> Entity:
        regime = regime_for_id(uid) or regime_for_name(regime_text)
        program = regime_text or (regime.name if regime else None)
        return targets.sanction(entity, program, regime.key if regime else None, uid)

    # -- summary -----------------------------------------------------------------------
    def _parse_summary(
        self, path: Path, rows: Iterator[tuple[int, list[str]]], targets: UkTargets
    ) -> None:
        result = targets.result
        index = self._header(path, rows, SUMMARY_REQUIRED, result)
        regime_col = "regime name" if "regime name" in index else "regime"

        def cell(row: list[str], col: str) -> str:
            return clean_text(cell_getter(index, row)(col))

        for line, row in rows:
            if not any(c.strip() for c in row):
                continue
            result.count("rows")
            uid = cell(row, "unique id")
            if not uid:
                result.warn(path, "row without a Unique ID skipped", line)
                continue
            if uid in targets.targets:
                result.warn(path, f"{uid}: Unique ID repeated; rows merged", line)
            entity = targets.target(uid, cell(row, "type"), path, line)
            result.count("designations")
            name = cell(row, "name")
            if name:
                entity.add("name", name)
            sanction = self._sanction(targets, entity, uid, cell(row, regime_col))
            self._designation(targets, sanction, path, line, cell(row, "date designated"))
            sanction.add(
                "provisions", [clean_text(p) for p in cell(row, "sanctions imposed").split(", ")]
            )
            sanction.add("summary", self._source(cell(row, "designation source")))
            group = cell(row, "ofsi group id")
            sanction.add("description", f"OFSI Group ID: {group}" if group else None)

    @staticmethod
    def _source(text: str) -> str | None:
        return f"Designation source: {text}" if text else None

    @staticmethod
    def _designation(
        targets: UkTargets,
        sanction: Entity,
        path: Path,
        line: int,
        text: str,
        prop: str = "listingDate",
    ) -> None:
        dates, problem = parse_date(text)
        if problem:
            targets.result.warn(path, f"{sanction.source_id}: {prop}: {problem}", line)
        targets.add(sanction, prop, dates, path, line)

    # -- full CSV ----------------------------------------------------------------------
    def _parse_full(self, path: Path, targets: UkTargets) -> None:
        result = targets.result
        rows = csv_rows(path, result)
        index = self._header(path, rows, FULL_REQUIRED, result)
        names = column_names(index)
        grouped = targets.grouped_rows(path, rows, names, "unique id", "designation type")
        for line, cells, entity, new in grouped:
            self._full_names(path, line, cells, entity, targets)
            self._full_sanction(path, line, cells, new, entity, targets)
            if new:
                self._full_values(path, line, cells, new, entity, targets)

    def _full_names(
        self, path: Path, line: int, cells: dict[str, str], entity: Entity, targets: UkTargets
    ) -> None:
        uid = entity.source_id or ""
        parts = [cells.get(f"name {i}", "") for i in range(1, 7)]
        kind = clean_text(cells.get("name type"))
        strength = cells.get("alias strength", "")
        if not targets.first_time(uid, "name", kind, strength, *parts):
            return
        given = [clean_text(n) for n in parts[:5]]
        last = clean_text(parts[5])
        prop = name_prop(kind, strength)
        targets.add_name(entity, prop, full_name(given, last), path, line, kind)
        if prop == "name":
            targets.add_person_parts(entity, given, last)

    def _full_sanction(
        self,
        path: Path,
        line: int,
        cells: dict[str, str],
        new: dict[str, str],
        entity: Entity,
        targets: UkTargets,
    ) -> None:
        uid = entity.source_id or ""
        sanction = self._sanction(targets, entity, uid, clean_text(cells.get("regime name")))
        if "date designated" in new:
            self._designation(targets, sanction, path, line, new["date designated"])
        if "last updated" in new:
            self._designation(targets, sanction, path, line, new["last updated"], "modifiedAt")
        for col, prop in (("un reference number", "unscId"), ("uk statement of reasons", "reason")):
            if col in new:
                sanction.add(prop, clean_text(new[col]))
        if "sanctions imposed" in new:
            sanction.add("provisions", split_numbered(new["sanctions imposed"], pipe=True))
        if "designation source" in new:
            sanction.add("summary", self._source(clean_text(new["designation source"])))
        if "ofsi group id" in new:
            sanction.add("description", f"OFSI Group ID: {clean_text(new['ofsi group id'])}")

    def _full_values(
        self,
        path: Path,
        line: int,
        cells: dict[str, str],
        new: dict[str, str],
        entity: Entity,
        targets: UkTargets,
    ) -> None:
        uid = entity.source_id or ""
        for col in new.keys() & FULL_PLAIN.keys():
            targets.add(entity, FULL_PLAIN[col], split_numbered(new[col], pipe=True), path, line)
        lines = [cells.get(f"address line {i}", "") for i in range(1, 7)]
        lines.append(cells.get("address postal code", ""))
        country = cells.get("address country", "")
        if any(lines) and targets.first_time(uid, "address", *lines, country):
            targets.add(entity, "address", one_line_address([*lines, country]), path, line)
        if "address country" in new:
            targets.add(entity, "country", split_numbered(country, pipe=True), path, line)
        if "d.o.b" in new:
            dates, problem = parse_date(new["d.o.b"])
            if problem:
                targets.result.warn(path, f"{uid}: D.O.B: {problem}", line)
            targets.add(entity, "birthDate", dates, path, line)
        if "year built" in new:
            targets.add(entity, "buildDate", parse_date(new["year built"])[0], path, line)
        for number_col, info_col, label in (
            ("passport number", "passport additional information", "Passport"),
            (
                "national identifier number",
                "national identifier additional information",
                "National ID",
            ),
        ):
            info = clean_text(cells.get(info_col))
            if info and targets.first_time(uid, info_col, cells.get(number_col, ""), info):
                number = clean_text(cells.get(number_col))
                entity.add("notes", f"{label} {number}: {info}" if number else f"{label}: {info}")
        if "length of ship" in new:
            entity.add("notes", f"Length of ship: {clean_text(new['length of ship'])}")
        for reg_prop, value in registration_numbers(new.get("business registration number (s)")):
            targets.add(entity, reg_prop, value, path, line)
        for col, role, entity_is_subject in FULL_LINKS:
            for other in split_numbered(new.get(col), pipe=True):
                targets.link(entity, other, role, entity_is_subject)
