"""OFSI Consolidated List of Financial Sanctions Targets, legacy ``ConList.csv`` layout.

HM Treasury's Office of Financial Sanctions Implementation published this CSV until the
UK Sanctions List replaced it. The first line is ``Last Updated,DD/MM/YYYY``; then a
36-column header (Name 6, Name 1–5, Title, Name Non-Latin Script, ..., DOB, Town of
Birth, Country of Birth, Nationality, Passport Number, ..., Address 1–6, Post/Zip Code,
Country, Other Information, Group Type, Alias Type, Alias Quality, Regime, Listed On,
UK Sanctions List Date Designated, Last Updated, Group ID), then one row per name,
grouped by Group ID. Entity ids are ``gb-hmt-<group id>``.

Multi-valued cells are numbered (``(1) Russia (2) Ukraine``). Dates are ``DD/MM/YYYY``
with ``00`` for an unknown day or month. "Other Information" carries labelled fields
the CSV has no columns for: ``(UK Sanctions List Ref):RUS0296. (UK Statement of
Reasons):... (Gender):Male (Business Reg No):... (IMO number):...``; these are split
out, and the rest is kept as notes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult, read_head
from tracewire.sources.uk_regimes import regime_for_id, regime_for_name
from tracewire.sources.uk_targets import (
    UkTargets,
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

AUTHORITY = "HM Treasury Office of Financial Sanctions Implementation"
PREFIX = "gb-hmt"
REQUIRED = ("name 6", "group type", "alias type", "regime", "group id")
#: columns holding one plain property each (numbered multi-values split)
PLAIN: dict[str, str] = {
    "title": "title",
    "name non-latin script": "alias",
    "town of birth": "birthPlace",
    "country of birth": "birthCountry",
    "nationality": "nationality",
    "passport number": "passportNumber",
    "national identification number": "idNumber",
    "position": "position",
    "country": "country",
}
#: labels inside "Other Information" (lower case, letters only) → property
INFO_PROPS: dict[str, str] = {
    "gender": "gender",
    "phonenumber": "phone",
    "website": "website",
    "emailaddress": "email",
    "typeofentity": "legalForm",
    "imonumber": "imoNumber",
    "currentbelievedflagofship": "flag",
    "previousflags": "pastFlags",
    "typeofship": "type",
    "tonnageofship": "tonnage",
    "hullidentificationnumberhin": "registrationNumber",
}
#: labels inside "Other Information" naming linked parties → (role, designated is subject)
INFO_LINKS: dict[str, tuple[str, bool]] = {
    "subsidiaries": ("parent company", True),
    "parentcompany": ("parent company", False),
    "currentowneroperators": ("owner/operator", False),
    "previousowneroperators": ("previous owner/operator", False),
}
#: Sanction date columns → property
SANCTION_DATES = (
    ("listed on", "listingDate"),
    ("uk sanctions list date designated", "startDate"),
    ("last updated", "modifiedAt"),
)
_REF = re.compile(r"\(UK Sanctions List Ref\)\s*:\s*([A-Z]{3}\d{4})", re.I)
_INFO_LABEL = re.compile(r"\(([A-Z][A-Za-z /'’-]{1,60}?(?:\s*\([A-Za-z]{1,5}\))?)\)\s*:")
_LETTERS = re.compile(r"[^a-z]")


def other_information(text: str) -> tuple[str, dict[str, tuple[str, str]]]:
    """``"free text (Label):value (Label 2):value 2"`` → (free text, {key: (label, value)}),
    the key being the label in lower-case letters only (``"label2"``)."""
    matches = list(_INFO_LABEL.finditer(text))
    if not matches:
        return clean_text(text), {}
    fields: dict[str, tuple[str, str]] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        key = _LETTERS.sub("", m.group(1).lower())
        fields[key] = (m.group(1), clean_text(text[m.end() : end]))
    return clean_text(text[: matches[0].start()]), fields


def _sniff_rows(path: Path) -> list[str] | None:
    """The header row when this is an OFSI ConList.csv (header on line 1 or 2)."""
    head = read_head(path, 8192).decode("utf-8-sig", errors="replace")
    for line in head.splitlines()[:2]:
        cells = [c.strip().strip('"') for c in line.split(",")]
        index = header_index(cells)
        if all(col in index for col in REQUIRED):
            return cells
    return None


class OfsiConsolidatedFormat:
    name = "uk_ofsi"
    default_dataset = "gb_hmt_sanctions"
    title = "OFSI (HM Treasury) Consolidated List, legacy ConList.csv"

    def sniff(self, paths: Sequence[Path]) -> bool:
        return len(paths) == 1 and not paths[0].is_dir() and _sniff_rows(paths[0]) is not None

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        if len(paths) != 1:
            where = paths[1] if paths else "(no file)"
            raise ListFormatError(where, "the OFSI list is one file; load each on its own")
        path = paths[0]
        result = ParseResult(dataset=dataset, format=self.name)
        targets = UkTargets(result, PREFIX, AUTHORITY)
        rows = csv_rows(path, result)
        index: dict[str, int] | None = None
        for line, row in rows:
            found = header_index(row)
            if all(col in found for col in REQUIRED):
                index = found
                break
            if line > 2 or not row or row[0].strip().lower() != "last updated":
                raise ListFormatError(
                    path, "not an OFSI ConList.csv: no 'Name 6 ... Group ID' header", line=line
                )
            dates, _ = parse_date(row[1] if len(row) > 1 else "")
            result.publisher_date = dates[0] if dates and len(dates[0]) == 10 else None
        if index is None:
            raise ListFormatError(path, "no header row (Name 6, ..., Group ID)")
        names = column_names(index)
        for line, cells, entity, new in targets.grouped_rows(
            path, rows, names, "group id", "group type"
        ):
            self._names(path, line, cells, entity, targets)
            self._sanction(path, line, cells, entity, targets)
            if new:
                self._values(path, line, cells, new, entity, targets)
        targets.finish(path)
        return result

    def _names(
        self, path: Path, line: int, cells: dict[str, str], entity: Entity, targets: UkTargets
    ) -> None:
        parts = [cells.get(f"name {i}", "") for i in range(1, 7)]
        kind = clean_text(cells.get("alias type"))
        quality = cells.get("alias quality", "")
        if not targets.first_time(entity.id, "name", kind, quality, *parts):
            return
        given = [clean_text(p) for p in parts[:5]]
        last = clean_text(parts[5])
        prop = name_prop(kind, quality)
        targets.add_name(entity, prop, full_name(given, last), path, line, kind)
        if prop == "name":
            targets.add_person_parts(entity, given, last)

    def _sanction(
        self, path: Path, line: int, cells: dict[str, str], entity: Entity, targets: UkTargets
    ) -> None:
        regime_text = clean_text(cells.get("regime"))
        info = cells.get("other information", "")
        ref = _REF.search(info)
        uk_id = ref.group(1) if ref else None
        regime = regime_for_id(uk_id) or regime_for_name(regime_text)
        program = regime_text or (regime.name if regime else None)
        sanction = targets.sanction(entity, program, regime.key if regime else None)
        for col, prop in SANCTION_DATES:
            value = cells.get(col, "")
            if value and targets.first_time(sanction.id, col, value):
                dates, problem = parse_date(value)
                if problem:
                    targets.result.warn(path, f"{entity.source_id}: {col}: {problem}", line)
                targets.add(sanction, prop, dates, path, line)
        if info and targets.first_time(sanction.id, "other information", info):
            _, fields = other_information(info)
            sanction.add("authorityId", uk_id)
            for key, prop in (("ukstatementofreasons", "reason"), ("unref", "unscId")):
                if key in fields:
                    sanction.add(
                        prop, fields[key][1].rstrip(".") if prop == "unscId" else fields[key][1]
                    )

    def _values(
        self,
        path: Path,
        line: int,
        cells: dict[str, str],
        new: dict[str, str],
        entity: Entity,
        targets: UkTargets,
    ) -> None:
        uid = entity.source_id or ""
        for col in new.keys() & PLAIN.keys():
            targets.add(entity, PLAIN[col], split_numbered(new[col]), path, line)
        lines = [cells.get(f"address {i}", "") for i in range(1, 7)]
        lines.append(cells.get("post/zip code", ""))
        country = cells.get("country", "")
        if any(lines) and targets.first_time(uid, "address", *lines, country):
            targets.add(entity, "address", one_line_address([*lines, country]), path, line)
        for dob in split_numbered(new.get("dob")):
            dates, problem = parse_date(dob)
            if problem:
                targets.result.warn(path, f"{uid}: DOB: {problem}", line)
            targets.add(entity, "birthDate", dates, path, line)
        for number_col, info_col, label in (
            ("passport number", "passport details", "Passport"),
            ("national identification number", "national identification details", "National ID"),
        ):
            details = clean_text(cells.get(info_col))
            if details and targets.first_time(uid, info_col, cells.get(number_col, ""), details):
                number = clean_text(cells.get(number_col))
                entity.add(
                    "notes", f"{label} {number}: {details}" if number else f"{label}: {details}"
                )
        if "other information" in new:
            notes, fields = other_information(new["other information"])
            for key in ("uksanctionslistref", "ukstatementofreasons", "unref"):
                fields.pop(key, None)  # on the sanction
            entity.add("notes", notes or None)
            self._info_fields(path, line, fields, entity, targets)

    def _info_fields(
        self,
        path: Path,
        line: int,
        fields: dict[str, tuple[str, str]],
        entity: Entity,
        targets: UkTargets,
    ) -> None:
        for key, (label, value) in fields.items():
            if not value:
                continue
            if key in INFO_PROPS:
                targets.add(entity, INFO_PROPS[key], split_numbered(value), path, line)
            elif key in INFO_LINKS:
                role, entity_is_subject = INFO_LINKS[key]
                for other in split_numbered(value, pipe=True):
                    targets.link(entity, other, role, entity_is_subject)
            elif key == "yearbuilt":
                targets.add(entity, "buildDate", parse_date(value)[0], path, line)
            elif key.startswith("businessreg"):
                for item in split_numbered(value):
                    for prop, number in registration_numbers(item):
                        targets.add(entity, prop, number, path, line)
            else:
                entity.add("notes", f"{label}: {value}")
