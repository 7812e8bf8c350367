"""One listing of the EU Official Journal transcription as FollowTheMoney entities.

A listing is the group of rows that share a framework act, an annex and an entry number
(or, where the annex prints no numbers, a name); see :mod:`tracewire.sources.eu_journal`.
Its rows become one target entity plus one ``Sanction`` per programme and measure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from followthemoney import registry

from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult
from tracewire.sources.eu_journal_values import (
    act_title,
    clean_country,
    eurlex_url,
    former_vessel_name,
    is_artefact,
    parse_dates,
    split_cell,
    split_enumeration,
    split_name,
)
from tracewire.sources.eu_registry_ids import registry_codes

AUTHORITY = "European Union"
NAME_COLUMNS = ("alias", "weakAlias", "previousName")
COUNTRY_COLUMNS = ("country", "nationality", "jurisdiction", "flag")
DATE_COLUMNS = ("birthDate", "incorporationDate")
#: columns copied value by value (after splitting enumerations)
TEXT_COLUMNS = (
    "birthPlace", "position", "passportNumber", "appearance", "ethnicity", "fatherName",
    "motherName", "legalForm", "sector", "registrationNumber", "taxNumber", "idNumber",
    "okpoCode", "leiCode", "swiftBic", "ticker", "mmsi", "notes",
)  # fmt: skip
#: identifier columns searched for INN, OGRN, KPP and USCC numbers
REGISTRY_COLUMNS = ("registrationNumber", "taxNumber", "idNumber", "innCode", "ogrnCode")
_CONTACT_SPLIT = {
    "phone": re.compile(r"[,;/]|\b(?:fax|tel|phone)\b\.?:?", re.I),
    "email": re.compile(r"[,;\s]+|\band\b"),
    "website": re.compile(r"[,;]|\s+(?=https?://|www\.)"),
}
_COUNTRY_PARTS = re.compile(
    r",|/|:|\(|\)|\.\s|\band\b|\bor\b|\bsince\b|\bnow\b|\bformer(?:ly)?\b", re.I
)
_DIGITS = re.compile(r"\d+")
_PARENTHESES = re.compile(r"\([^()]*\)")
_IMO = re.compile(r"\b\d{7}\b")
_PHONE_FIXES = re.compile(r"^\(?(00)|^\+\s*8(?=\s*\()")
_RUSSIAN = re.compile(r"russia|ussr|росси", re.I)


def clean_phone(text: str, regions: Iterable[str]) -> str | None:
    """An E.164 number; national numbers ("8017 230 11 22") read in the entity's countries."""
    number = registry.phone.clean(text)
    if number is not None:
        return number
    # "00963 11 …" is "+963 11 …"; "+ 8 (812) …" is a Russian trunk prefix mis-typed
    text = _PHONE_FIXES.sub(lambda m: "+" if m.group(1) else "8", text)
    for region in regions:
        try:
            parsed = phonenumbers.parse(text, region.upper())
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


@dataclass(slots=True)
class JournalRow:
    """One data row, with where it came from."""

    path: Path
    line: int
    #: the framework act whose annex lists the entity (``celex`` / ``amendedCelex``)
    framework: str
    #: the act the row was transcribed from: the framework's consolidated version, or the
    #: amending act
    source_celex: str
    amendment: bool
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "").strip()


class ListingBuilder:
    """Builds the target entity and its sanctions from the rows of one listing."""

    def __init__(self, result: ParseResult, pins: dict[str, str]) -> None:
        self.result = result
        self.pins = pins
        self.row: JournalRow | None = None
        #: transcription artefacts dropped, per file: reported once per file
        self.artefacts: dict[Path, list[str]] = {}

    def warn(self, message: str) -> None:
        assert self.row is not None
        self.result.warn(self.row.path, message, self.row.line)

    def add(self, entity: Entity, prop: str, values: str | Iterable[str]) -> None:
        if entity.schema_obj.get(prop) is None:
            self.warn(f"{entity.schema} has no property {prop!r}; value not kept: {values!r}")
            return
        for raw in entity.add(prop, values):
            self.warn(f"{prop}: cannot read {raw!r}")

    def build(self, entity_id: str, dataset: str, rows: list[JournalRow]) -> list[Entity]:
        first = rows[0]
        source_id = "/".join(
            p
            for p in (
                first.framework,
                first.get("annex"),
                first.get("recordId") or first.get("name"),
            )
            if p
        )
        entity = Entity.make(
            first.get("schema"), id=entity_id, dataset=dataset, source_id=source_id
        )
        sanctions: dict[str, Entity] = {}
        for row in rows:
            self.row = row
            self.apply_row(entity, row)
            sanction_id = make_id(entity.id, "sanction", row.get("programKey"), row.get("measure"))
            if sanction_id in sanctions:
                self.warn(
                    f"listed twice in {first.framework} annex {row.get('annex')}; rows merged"
                )
            sanctions[sanction_id] = self.sanction(
                sanction_id, entity, row, sanctions.get(sanction_id)
            )
        return [entity, *sanctions.values()]

    def report_artefacts(self) -> None:
        for path, values in self.artefacts.items():
            kinds = ", ".join(repr(v) for v in dict.fromkeys(values))
            self.result.warn(
                path, f"dropped {len(values)} transcription artefacts ({kinds}) from name cells"
            )
        self.result.count("artefacts_dropped", sum(len(v) for v in self.artefacts.values()))

    # -- the target ---------------------------------------------------------------------
    def apply_row(self, entity: Entity, row: JournalRow) -> None:
        self.apply_names(entity, row)
        for column in COUNTRY_COLUMNS:
            for value in split_cell(row.get(column)):
                self.add_country(entity, column, value)
        for column in DATE_COLUMNS:
            for value in split_cell(row.get(column)):
                parsed = parse_dates(value)
                if entity.schema_obj.get(column) is None:
                    self.warn(f"{entity.schema} has no property {column!r}; {value!r} not kept")
                    continue
                entity.add(column, parsed.dates, cleaned=True)
                if parsed.leftover:
                    self.warn(f"{column}: could not read {parsed.leftover!r} in {value!r}")
        if row.get("gender"):
            self.add(entity, "gender", row.get("gender").lower().strip(" ."))
        for column in TEXT_COLUMNS:
            for value in split_cell(row.get(column)):
                self.add(entity, column, split_enumeration(value))
        for value in split_cell(row.get("imoNumber")):
            self.add(entity, "imoNumber", _IMO.findall(value) or [value])
        for column in ("innCode", "ogrnCode", "kppCode"):
            for value in split_cell(row.get(column)):
                self.add(entity, column, _DIGITS.findall(value) or [value])
        for value in split_cell(row.get("address")):
            self.add_address(entity, value)
        russian = self.russian(entity)
        regions = [c for c in entity.get("country") + entity.get("jurisdiction") if len(c) == 2]
        if russian:
            regions.append("ru")
        for column in ("phone", "email", "website"):
            for value in split_cell(row.get(column)):
                parts = (p.strip(" ,;.") for p in _CONTACT_SPLIT[column].split(value))
                for part in filter(None, parts):
                    if column != "phone":
                        self.add(entity, column, part)
                    elif (number := clean_phone(part, regions)) is not None:
                        entity.add("phone", number, cleaned=True)
                    else:
                        self.warn(f"phone: cannot read {part!r}")
        self.apply_registry_codes(entity, row, russian)

    def apply_names(self, entity: Entity, row: JournalRow) -> None:
        name = row.get("name")
        if entity.schema == "Vessel":
            name, former = former_vessel_name(name)
            if former:
                self.add(entity, "previousName", former)
        parts = split_name(name)
        self.add(entity, "name", parts.latin or name)
        self.add(entity, "alias", parts.scripts)
        if parts.details:
            self.add(entity, "notes", parts.details)
        for column in NAME_COLUMNS:
            for value in split_cell(row.get(column)):
                if is_artefact(value):
                    self.artefacts.setdefault(row.path, []).append(value)
                    continue
                parts = split_name(value)
                if parts.latin:
                    self.add(entity, column, parts.latin)
                self.add(entity, "alias" if column == "alias" else column, parts.scripts)
                if parts.details:
                    self.add(entity, "notes", parts.details)

    def add_country(self, entity: Entity, column: str, value: str) -> None:
        prop = "country" if entity.schema_obj.get(column) is None else column
        for item in split_enumeration(value):
            code = clean_country(item)
            if code is not None:
                entity.add(prop, code, cleaned=True)
                continue
            parts = (p.strip() for p in _COUNTRY_PARTS.split(item))
            codes = [c for c in (clean_country(p) for p in parts if p) if c is not None]
            entity.add(prop, codes, cleaned=True)
            if not codes:
                self.warn(f"{column}: unknown country {item!r}")

    def add_address(self, entity: Entity, value: str) -> None:
        """An address cell; a bare country name ("Russian Federation") goes to ``country``."""
        country = clean_country(value.strip(" ."))
        if country is not None:
            entity.add("country", country, cleaned=True)
            return
        self.add(entity, "address", value)
        # "…, Izhevsk, Pesochnaya Str., 3, Russian Federation (HQ)": the country is last
        last = _PARENTHESES.sub("", value.rsplit(",", 1)[-1]).strip(" .;")
        if last and (country := clean_country(last)) is not None:
            entity.add("country", country, cleaned=True)

    @staticmethod
    def russian(entity: Entity) -> bool:
        """Whether the entity has a Russian link: a country, or an address in Russia."""
        codes = entity.get("country") + entity.get("nationality") + entity.get("jurisdiction")
        texts = entity.get("address") + entity.get("birthPlace")
        return "ru" in codes or any(_RUSSIAN.search(v) for v in texts)

    def apply_registry_codes(self, entity: Entity, row: JournalRow, russian: bool) -> None:
        for column in REGISTRY_COLUMNS:
            for value in split_cell(row.get(column)):
                for prop, code in registry_codes(value, russian):
                    if entity.schema_obj.get(prop) is not None:
                        entity.add(prop, code)

    # -- the sanction -------------------------------------------------------------------
    def sanction(
        self, sanction_id: str, entity: Entity, row: JournalRow, existing: Entity | None
    ) -> Entity:
        sanction = existing or Entity.make(
            "Sanction", id=sanction_id, dataset=entity.dataset, source_id=entity.source_id
        )
        annex = row.get("annex")
        program = act_title(row.framework) + (f", Annex {annex}" if annex else "")
        celex = row.source_celex if row.amendment else self.pins.get(row.framework, row.framework)
        # values built here are valid as they are: skip FtM's (slow) cleaning
        for prop, value in (
            ("entity", entity.id),
            ("authority", AUTHORITY),
            ("country", "eu"),
            ("program", program),
            ("programId", row.get("programKey")),
            ("provisions", row.get("measure")),
            ("recordId", row.get("recordId")),
            ("sourceUrl", eurlex_url(celex)),
        ):
            sanction.add(prop, value, cleaned=True)
        sanction.add("reason", row.get("reason"))
        start = row.get("startDate")
        if start:
            dates = parse_dates(start).dates
            if len(dates) != 1:
                self.warn(f"startDate: could not read {start!r}")
            sanction.add("listingDate", dates[:1], cleaned=True)
            sanction.add("startDate", dates[:1], cleaned=True)
        return sanction
