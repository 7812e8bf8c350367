"""A company's own list as CSV: the documented ``custom`` layout.

Columns (header row required; only ``name`` is mandatory, order free)::

    id             the list's own id for the row (default: the line number)
    schema         Person, Organization, Company, LegalEntity, Vessel, Airplane (default LegalEntity)
    name           primary name
    aliases        strong aliases, ``;``-separated
    weak_aliases   low-quality aliases, ``;``-separated
    previous_names former names, ``;``-separated
    birth_date     YYYY, YYYY-MM or YYYY-MM-DD (persons); ``;`` for several
    birth_place    place of birth
    country        ISO code or country name, ``;``-separated
    nationality    ISO code or country name, ``;``-separated (persons)
    gender         male / female
    address        one-line address, ``;``-separated
    identifiers    ``TYPE:VALUE;...`` (types: see tracewire.model.identifiers)
    program        why the party is on the list (becomes a Sanction)
    effect         what the listing prohibits: asset_freeze, export_restriction, sectoral,
                   listing_only (default: listing_only, a listing without a known legal
                   prohibition; see tracewire.sources.effects)
    listing_date   date of listing
    reason         free text reason
    notes          free text

Unknown columns are reported once as a warning; their values go into ``notes``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from tracewire.errors import InputError, ListFormatError
from tracewire.model import Entity, make_id
from tracewire.model.identifiers import parse_identifiers
from tracewire.sources.base import ParseResult, read_head, read_text
from tracewire.sources.csv_records import check_columns
from tracewire.sources.effects import PROVISIONS_TEXT

PERSON_ONLY = {
    "birth_date": "birthDate",
    "birth_place": "birthPlace",
    "nationality": "nationality",
    "gender": "gender",
}
MULTI = {
    "aliases": "alias",
    "weak_aliases": "weakAlias",
    "previous_names": "previousName",
    "country": "country",
    "address": "address",
}
KNOWN = {
    "id",
    "schema",
    "name",
    "identifiers",
    "program",
    "effect",
    "listing_date",
    "reason",
    "notes",
    *PERSON_ONLY,
    *MULTI,
}
SCHEMATA = {"Person", "Organization", "Company", "LegalEntity", "Vessel", "Airplane"}


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(";") if v.strip()]


class CustomCsvFormat:
    name = "custom_csv"
    default_dataset = "custom"
    title = "tracewire custom list CSV (id,schema,name,aliases,birth_date,country,identifiers,...)"

    def sniff(self, paths: Sequence[Path]) -> bool:
        for path in paths:
            head = read_head(path).decode("utf-8-sig", errors="replace")
            header = {h.strip().lower() for h in head.splitlines()[0].split(",")} if head else set()
            if "name" not in header or not header & {"aliases", "schema", "identifiers"}:
                return False
        return bool(paths)

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        result = ParseResult(dataset=dataset, format=self.name)
        for path in paths:
            self._parse_file(path, dataset, result)
        return result

    def _parse_file(self, path: Path, dataset: str, result: ParseResult) -> None:
        reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
        if reader.fieldnames is None:
            raise ListFormatError(path, "no header row", line=1)
        check_columns(path, len(reader.fieldnames))
        fields = [f.strip().lower() for f in reader.fieldnames]
        reader.fieldnames = fields
        if "name" not in fields:
            raise ListFormatError(path, "the header has no 'name' column", line=1)
        unknown = [f for f in fields if f not in KNOWN]
        if unknown:
            result.warn(path, f"unknown columns kept as notes: {', '.join(unknown)}", line=1)
        try:
            for row in reader:
                line = reader.line_num
                result.count(path.name)
                if None in row:
                    result.warn(path, "row has more cells than the header; skipped", line)
                    continue
                try:
                    entity = self._row(row, dataset, line, unknown, result, path)
                except InputError as exc:
                    result.warn(path, f"row skipped: {exc}", line)
                    continue
                if entity is not None:
                    result.entities.append(entity)
        except csv.Error as exc:
            raise ListFormatError(path, f"broken CSV: {exc}", line=reader.line_num) from exc

    def _row(
        self,
        row: dict[str, str],
        dataset: str,
        line: int,
        unknown: list[str],
        result: ParseResult,
        path: Path,
    ) -> Entity | None:
        cell = {k: (v or "").strip() for k, v in row.items()}
        name = cell.get("name", "")
        if not name:
            raise InputError("empty name")
        effect = cell.get("effect", "").lower()
        if effect and effect not in PROVISIONS_TEXT:
            raise InputError(f"unknown effect {effect!r} (use one of {', '.join(PROVISIONS_TEXT)})")
        schema = cell.get("schema") or "LegalEntity"
        if schema not in SCHEMATA:
            raise InputError(
                f"unknown schema {schema!r} (use one of {', '.join(sorted(SCHEMATA))})"
            )
        source_id = cell.get("id") or str(line)
        entity = Entity.make(schema, make_id(dataset, source_id), dataset, source_id)
        entity.add("name", name)
        rejected: list[str] = []
        for col, prop in MULTI.items():
            if cell.get(col):
                rejected += entity.add(prop, _split(cell[col]))
        for col, prop in PERSON_ONLY.items():
            if cell.get(col):
                if schema != "Person":
                    raise InputError(f"column {col!r} is only for schema Person")
                rejected += entity.add(prop, _split(cell[col]))
        for prop, value in parse_identifiers(cell.get("identifiers", "")):
            if prop == "cryptoWallets":  # a wallet is an entity of its own in FtM
                wallet = Entity.make(
                    "CryptoWallet", make_id(entity.id, "wallet", value), dataset, source_id
                )
                wallet.add("publicKey", value, cleaned=True)
                wallet.add("holder", entity.id, cleaned=True)
                result.entities.append(wallet)
                continue
            if entity.schema_obj.get(prop) is None:
                raise InputError(f"identifier {prop} does not apply to {schema}")
            rejected += entity.add(prop, value)
        notes = [cell["notes"]] if cell.get("notes") else []
        notes += [f"{col}: {cell[col]}" for col in unknown if cell.get(col)]
        entity.add("notes", notes)
        if rejected:
            result.warn(path, f"values not understood: {', '.join(rejected)}", line)
        if cell.get("program") or cell.get("listing_date") or cell.get("reason") or effect:
            sanction = Entity.make("Sanction", make_id(entity.id, "sanction"), dataset, source_id)
            sanction.add("entity", entity.id, cleaned=True)
            sanction.add("program", cell.get("program"))
            sanction.add("provisions", PROVISIONS_TEXT.get(effect))
            sanction.add("reason", cell.get("reason"))
            bad = sanction.add("listingDate", cell.get("listing_date"))
            if bad:
                result.warn(path, f"listing_date not a date: {bad[0]}", line)
            result.entities.append(sanction)
        return entity


FORMATS = [CustomCsvFormat()]
