"""The UK Sanctions List as a third party normalised it: five CSV files, read together.

``covyr/uk-sanctions-list`` (a coding exercise, list of 2026-04-29) split the official
``UK-Sanctions-List.csv`` into one file per kind of fact, keyed by the Unique ID:

- ``subjects.csv`` (required): unique_id, subject_type (individual / entity / ship),
  un_reference_number, ofsi_group_id, date_designated, last_updated (``DD/MM/YYYY``);
- ``subject_names.csv``: name_type (primary / primary_variation / alias),
  alias_strength (good_quality_aka / low_quality_aka), full_name, name_1..name_6, and
  in later versions name_nonlatin_script;
- ``subject_dobs.csv``: year, month, day, precision (the publisher's ``00/00/1970``
  style dates already split);
- ``subject_identifiers.csv``: raw_value, identifier_type (passport, national,
  business_registration_numbers, imo, hull), additional_info;
- ``subject_countries.csv``: raw_value, country_type (nationality, address, birth),
  and the ISO code the third party resolved.

The files repeat a fact once per row of the official file it came from; values are
added once. The regime is not in these files: it is read off the Unique ID prefix
(:mod:`tracewire.sources.uk_regimes`). Entity ids are those of the official layouts
(``gb-fcdo-rus0178``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult, read_head
from tracewire.sources.uk_fcdo import AUTHORITY, PREFIX
from tracewire.sources.uk_regimes import regime_for_id
from tracewire.sources.uk_targets import Cell, UkTargets, cell_getter, csv_rows, header_index
from tracewire.sources.uk_values import (
    clean_text,
    full_name,
    name_prop,
    parse_date,
    registration_numbers,
)

#: role of a file → the columns that identify it
ROLES: dict[str, frozenset[str]] = {
    "subjects": frozenset({"unique_id", "subject_type", "date_designated"}),
    "names": frozenset({"unique_id", "name_type", "name_6", "full_name"}),
    "dobs": frozenset({"unique_id", "year", "month", "day"}),
    "identifiers": frozenset({"unique_id", "raw_value", "identifier_type"}),
    "countries": frozenset({"unique_id", "raw_value", "country_type"}),
}
ORDER = ("subjects", "names", "dobs", "identifiers", "countries")
IDENTIFIER_PROPS = {
    "passport": "passportNumber",
    "national": "idNumber",
    "imo": "imoNumber",
    "hull": "registrationNumber",
}
COUNTRY_PROPS = {
    "nationality": "nationality",
    "address": "country",
    "birth": "birthCountry",
    "country_of_birth": "birthCountry",
    "address_country": "country",
}
INFO_LABELS = {"passport": "Passport", "national": "National ID"}


def file_role(path: Path) -> str | None:
    """Which of the five files this is, from its header; None for any other file."""
    if path.is_dir():
        return None
    head = read_head(path, 2048).decode("utf-8-sig", errors="replace")
    first = head.splitlines()[0] if head else ""
    columns = {c.strip().strip('"').lower() for c in first.split(",")}
    for role, required in ROLES.items():
        if required <= columns:
            return role
    return None


class FcdoDerivedFormat:
    name = "uk_fcdo_derived"
    default_dataset = "gb_fcdo_sanctions"
    title = (
        "UK Sanctions List split into subjects.csv + subject_{names,dobs,identifiers,countries}.csv"
    )

    def sniff(self, paths: Sequence[Path]) -> bool:
        return bool(paths) and all(file_role(p) is not None for p in paths)

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        files: dict[str, Path] = {}
        for path in paths:
            role = file_role(path)
            if role is None:
                if not read_head(path).strip():
                    raise ListFormatError(path, "the file is empty")
                raise ListFormatError(
                    path, "not one of the five derived UK list files (unknown header)", line=1
                )
            if role in files:
                raise ListFormatError(
                    path, f"two {role} files given ({files[role].name} and {path.name})"
                )
            files[role] = path
        if "subjects" not in files:
            given = ", ".join(p.name for p in paths) or "(no file)"
            raise ListFormatError(given, "subjects.csv (unique_id, subject_type, ...) is required")
        result = ParseResult(dataset=dataset, format=self.name)
        targets = UkTargets(result, PREFIX, AUTHORITY)
        self._subjects(files["subjects"], targets)
        readers = {
            "names": self._names,
            "dobs": self._dobs,
            "identifiers": self._identifiers,
            "countries": self._countries,
        }
        for role in ORDER[1:]:
            if role in files:
                readers[role](files[role], targets)
        targets.finish(files["subjects"])
        return result

    # -- reading -----------------------------------------------------------------------
    def _rows(
        self, path: Path, role: str, targets: UkTargets
    ) -> Iterator[tuple[int, Cell, Entity]]:
        """(line, cell getter, subject) for each row whose subject exists."""
        rows = csv_rows(path, targets.result)
        _, header = next(rows)
        index = header_index(header)
        row_ids = [i for c, i in index.items() if c in ("id", "name_id", "dob_id")]
        uid_col = index["unique_id"]
        seen: set[tuple[str, ...]] = set()
        for line, row in rows:
            if not any(row):
                continue
            targets.result.count(path.name)
            # the files repeat each fact once per official row: handle it once
            key = (
                tuple(row[1:])
                if row_ids == [0]
                else tuple(c for i, c in enumerate(row) if i not in row_ids)
            )
            if key in seen:
                continue
            seen.add(key)
            uid = clean_text(row[uid_col]) if uid_col < len(row) else ""
            entity = targets.targets.get(uid)
            if entity is None:
                targets.result.warn(path, f"{role} row for unknown subject {uid!r} skipped", line)
                continue
            yield line, cell_getter(index, row), entity

    def _subjects(self, path: Path, targets: UkTargets) -> None:
        result = targets.result
        rows = csv_rows(path, result)
        _, header = next(rows)
        index = header_index(header)
        for line, row in rows:
            if not any(c.strip() for c in row):
                continue
            result.count(path.name)
            cell = cell_getter(index, row)
            uid = clean_text(cell("unique_id"))
            if not uid:
                result.warn(path, "subject without a unique_id skipped", line)
                continue
            if uid in targets.targets:
                result.warn(path, f"{uid}: subject listed twice; rows merged", line)
            entity = targets.target(uid, cell("subject_type"), path, line)
            regime = regime_for_id(uid)
            if regime is None:
                result.warn(path, f"{uid}: no known regime has the prefix {uid[:3]!r}", line)
            sanction = targets.sanction(
                entity, regime.name if regime else None, regime.key if regime else None, uid
            )
            sanction.add("unscId", clean_text(cell("un_reference_number")))
            group = clean_text(cell("ofsi_group_id"))
            sanction.add("description", f"OFSI Group ID: {group}" if group else None)
            for col, prop in (("date_designated", "listingDate"), ("last_updated", "modifiedAt")):
                dates, problem = parse_date(cell(col))
                if problem:
                    result.warn(path, f"{uid}: {col}: {problem}", line)
                targets.add(sanction, prop, dates, path, line)

    def _names(self, path: Path, targets: UkTargets) -> None:
        for line, cell, entity in self._rows(path, "names", targets):
            given = [clean_text(cell(f"name_{i}")) for i in range(1, 6)]
            last = clean_text(cell("name_6"))
            name = full_name(given, last) or clean_text(cell("full_name"))
            kind = cell("name_type")
            prop = name_prop(kind, cell("alias_strength"))
            targets.add_name(entity, prop, name, path, line, kind)
            if prop == "name":
                targets.add_person_parts(entity, given, last)
            targets.add(entity, "alias", clean_text(cell("name_nonlatin_script")), path, line)

    def _dobs(self, path: Path, targets: UkTargets) -> None:
        for line, cell, entity in self._rows(path, "dobs", targets):
            year, month, day = (clean_text(cell(c)) for c in ("year", "month", "day"))
            raw = clean_text(cell("raw_value")) or f"{day or '00'}/{month or '00'}/{year}"
            dates, problem = parse_date(raw)
            if problem:
                targets.result.warn(
                    path, f"{entity.source_id}: date of birth {raw!r}: {problem}", line
                )
            targets.add(entity, "birthDate", dates, path, line)

    def _identifiers(self, path: Path, targets: UkTargets) -> None:
        for line, cell, entity in self._rows(path, "identifiers", targets):
            kind = clean_text(cell("identifier_type")).lower()
            value = clean_text(cell("raw_value"))
            if kind.startswith("business_registration"):
                for reg_prop, number in registration_numbers(value):
                    targets.add(entity, reg_prop, number, path, line)
                continue
            prop: str | None = IDENTIFIER_PROPS.get(kind)
            if prop is None:
                targets.result.warn(
                    path,
                    f"{entity.source_id}: unknown identifier type {kind!r}; kept as idNumber",
                    line,
                )
                prop = "idNumber"
            targets.add(entity, prop, value, path, line)
            info = clean_text(cell("additional_info"))
            if info:
                entity.add("notes", f"{INFO_LABELS.get(kind, kind)} {value}: {info}")

    def _countries(self, path: Path, targets: UkTargets) -> None:
        for line, cell, entity in self._rows(path, "countries", targets):
            kind = clean_text(cell("country_type")).lower()
            prop = COUNTRY_PROPS.get(kind)
            raw = clean_text(cell("raw_value"))
            if prop is None:
                targets.result.warn(
                    path,
                    f"{entity.source_id}: unknown country type {kind!r}; kept as country",
                    line,
                )
                prop = "country"
            iso = clean_text(cell("iso")).lower()
            _add_country(targets, entity, prop, raw, iso, path, line)


def _add_country(
    targets: UkTargets, entity: Entity, prop: str, raw: str, iso: str, path: Path, line: int
) -> None:
    """The raw country cleaned by FollowTheMoney; the third party's ISO code if FtM
    cannot read it; a warning if neither gives a country."""
    if not raw and not iso:
        return
    if raw and targets.clean("country", raw) is not None:
        targets.add(entity, prop, raw, path, line)
    elif iso and targets.clean("country", iso) is not None:
        targets.add(entity, prop, iso, path, line)
    else:
        targets.result.warn(path, f"{entity.source_id}: {prop} {raw!r} is not a country", line)
