"""Consolidated Screening List records → FollowTheMoney entities.

Entity ids (prefix ``us-csl``) are chosen to stay stable between publications:

- OFAC-sourced rows (SDN, SSI, FSE, PLC, CMIC, MBS, CAP) carry OFAC's ``entity_number``,
  which is also their ``_id``; it is permanent, so the id is ``us-csl-<entity_number>``.
  One OFAC party can sit on several of these lists (SDN and PLC, SSI and MBS): its rows
  become one entity with one Sanction per list.
- BIS and State rows (EL, DPL, UVL, ISN) carry a 56-hex-digit ``_id`` that was the same in
  the 2023 and 2025 files for the same content, so the id is ``us-csl-<_id>``. It is not
  unique per party: the Entity List and the DPL repeat a party once per address.
- DTC and MEU rows carry a 32-hex-digit ``_id`` that is regenerated with each publication
  (the same MEU and DTC entries have different ids in the 2023 and 2025 files), so the id
  is derived from the list code and the name: ``us-csl-dtc-<name>``. Rows of one list with
  the same name (one debarment per Federal Register notice) become one entity.

Besides the party and its Sanction: identity documents with an issuing country or dates
become ``Passport``/``Identification`` entities (``holder``); digital currency addresses
``CryptoWallet``; ``vessel_owner`` an ``Ownership`` from the party of that name in the file
(or a stub LegalEntity); an OFAC remark "(Linked To: NAME)" an ``UnknownLink`` (role
"Linked To") when exactly one party in the file has that name (else the remark stays in
``notes`` only, counted in ``rows["links_unresolved"]``).
"""

from __future__ import annotations

import re
from pathlib import Path

from followthemoney import model as ftm_model
from followthemoney.types import registry

from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult
from tracewire.sources.bis_dpl import legal_form_schema, person_marked
from tracewire.sources.us_csl_identifiers import (
    COMPANY_ONLY,
    DOCUMENT_PROPS,
    NOTE,
    SANCTION_LISTING_DATE,
    SANCTION_PROVISION,
    SANCTION_START_DATE,
    WALLET,
    IdItem,
    clean_number,
    extra_targets,
    target_of,
)
from tracewire.sources.us_csl_records import CslRecord, SourceList, parse_source
from tracewire.sources.us_csl_values import birth_dates, parse_date, put, split_known_as

PREFIX = "us-csl"
SCHEMATA = {
    "individual": "Person",
    "entity": "LegalEntity",
    "vessel": "Vessel",
    "aircraft": "Airplane",
    "": "LegalEntity",
}
_HEX32 = re.compile(r"^[0-9a-f]{32}$")
#: OFAC remarks "(Linked To: ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC))"
_LINKED_TO = re.compile(r"^\(?Linked To: (.+?)\)?\.?$")
VESSEL_FIELDS = {
    "call_sign": "callSign",
    "vessel_type": "type",
    "gross_tonnage": "tonnage",
    "gross_registered_tonnage": "grossRegisteredTonnage",
    "vessel_flag": "flag",
}
PERSON_FIELDS = {
    "nationalities": "nationality",
    "citizenships": "citizenship",
    "places_of_birth": "birthPlace",
}


class CslBuilder:
    """Accumulates entities from records of one or more files of one CSL publication."""

    def __init__(self, dataset: str, result: ParseResult) -> None:
        self.dataset = dataset
        self.result = result
        self.entities: dict[str, Entity] = {}
        self.owners: list[tuple[Path, Entity, str]] = []
        self.links: list[tuple[Entity, str]] = []
        self.repaired = 0
        self.repaired_in: Path | None = None
        self._warned_sources: set[str] = set()

    # -- helpers ----------------------------------------------------------------------
    def _warn(self, path: Path, rec: CslRecord, message: str) -> None:
        prefix = "" if rec.line is not None else f"{rec.where()}: "
        self.result.warn(path, prefix + message, rec.line)

    def _add(
        self,
        path: Path,
        rec: CslRecord,
        entity: Entity,
        prop: str,
        values: str | list[str],
        label: str | None = None,
    ) -> None:
        """Add values; to ``notes`` (as ``label: value``) if the schema lacks ``prop``."""
        if entity.schema_obj.get(prop) is None:
            for v in [values] if isinstance(values, str) else values:
                entity.add("notes", f"{label or prop}: {v}")
            return
        for bad in put(entity, prop, values):
            self._warn(path, rec, f"{entity.schema}.{prop}: cannot read {bad!r}; kept in notes")
            entity.add("notes", f"{prop}: {bad}")

    def _make(self, schema: str, eid: str, source_id: str | None = None) -> Entity:
        entity = self.entities.get(eid)
        if entity is None:
            entity = Entity.make(schema, id=eid, dataset=self.dataset, source_id=source_id)
            self.entities[eid] = entity
        return entity

    def _split_known_as(self, path: Path, text: str) -> tuple[str, list[str], list[str]]:
        """A name → (the name, its a.k.a.s, its f.k.a.s), counting '?' repairs."""
        if "?" in text:
            self.repaired += 1
            self.repaired_in = path
        return split_known_as(text)

    # -- records ----------------------------------------------------------------------
    def party_id(self, rec: CslRecord, src: SourceList, name: str) -> tuple[str, str | None]:
        if rec.entity_number.isdigit():
            return make_id(PREFIX, rec.entity_number), rec.entity_number
        if rec.id and not _HEX32.match(rec.id.lower()):
            return make_id(PREFIX, rec.id), rec.id
        return make_id(PREFIX, src.code, name), rec.id or None

    def add(self, path: Path, rec: CslRecord) -> None:
        name, akas, fkas = self._split_known_as(path, rec.name)
        if not name or not rec.source:
            missing = "name" if not name else "source"
            self._warn(path, rec, f"record has no {missing}; skipped")
            self.result.count("records_skipped")
            return
        src = parse_source(rec.source)
        if not src.known and src.text not in self._warned_sources:
            self._warned_sources.add(src.text)
            self._warn(path, rec, f"unknown source list {src.text!r}; kept with code {src.code}")
        self.result.count("records")
        self.result.count(f"list:{src.code}")
        schema = SCHEMATA.get(rec.type.lower())
        if schema is None:
            self._warn(path, rec, f"unknown type {rec.type!r}; read as LegalEntity")
            schema = "LegalEntity"
        if (
            not rec.type
            and legal_form_schema(name) == "LegalEntity"
            and person_marked(name, "; ".join(a.full or "" for a in rec.addresses))
        ):
            schema = "Person"  # BIS rows say so only by a prison address or JR, SR, DR...
        eid, source_id = self.party_id(rec, src, name)
        entity = self.entities.get(eid)
        if entity is None:
            entity = self._make(schema, eid, source_id)
            entity.add("name", name)
        else:
            entity = self._merge_schema(path, rec, entity, schema)
            if name.casefold() not in {n.casefold() for n in entity.names}:
                entity.add("alias", name)
        self._names(path, rec, entity, name, akas, fkas)
        self._details(path, rec, entity)
        sanction = self._sanction(path, rec, entity, src)
        for item in rec.ids:
            self._identifier(path, rec, entity, sanction, item)

    def _merge_schema(self, path: Path, rec: CslRecord, entity: Entity, schema: str) -> Entity:
        if schema == entity.schema or entity.schema_obj.is_a(schema):
            return entity
        if ftm_model.get(schema).is_a(entity.schema):  # type: ignore[union-attr]
            entity.schema = schema
            return entity
        self._warn(path, rec, f"{entity.id} is a {entity.schema} in an earlier row, {schema} here")
        return entity

    def _names(
        self,
        path: Path,
        rec: CslRecord,
        entity: Entity,
        name: str,
        akas: list[str],
        fkas: list[str],
    ) -> None:
        aliases = list(akas)
        previous = list(fkas)
        for text in rec.many("alt_names"):
            alias, more, former = self._split_known_as(path, text)
            aliases.extend([alias, *more])
            previous.extend(former)
        known = {n.casefold() for n in entity.names}
        entity.add("alias", [a for a in aliases if a and a.casefold() not in known])
        entity.add("previousName", previous)
        if entity.schema == "Person" and name.count(", ") == 1:
            last, first = name.split(", ")
            entity.add("lastName", last)
            entity.add("firstName", first)

    def _details(self, path: Path, rec: CslRecord, entity: Entity) -> None:
        for addr in rec.addresses:
            if addr.full:
                full = addr.full.replace("?", "'") if "?" in addr.full else addr.full
                full = full[4:] if full.startswith("and ") else full
                self._add(path, rec, entity, "address", full)
            if addr.country:
                country = registry.country.clean(addr.country)
                if country is not None:
                    entity.add("country", country, cleaned=True)
                elif addr.full is None:
                    self._add(path, rec, entity, "country", addr.country)
        if rec.get("country"):
            self._add(path, rec, entity, "country", rec.get("country"))
        if rec.get("title"):
            self._add(path, rec, entity, "position", rec.get("title"), "Title")
        for key, prop in PERSON_FIELDS.items():
            if rec.many(key):
                self._add(path, rec, entity, prop, rec.many(key), key)
        for text in rec.many("dates_of_birth"):
            dates = birth_dates(text)
            if not dates:
                self._warn(path, rec, f"cannot read birth date {text!r}; kept in notes")
                entity.add("notes", f"Date of birth: {text}")
            self._add(path, rec, entity, "birthDate", dates, "Date of birth")
        for key, prop in VESSEL_FIELDS.items():
            if rec.get(key):
                self._add(path, rec, entity, prop, rec.get(key), key)
        if rec.get("vessel_owner"):
            self.owners.append((path, entity, rec.get("vessel_owner")))
        if rec.get("remarks"):
            entity.add("notes", rec.get("remarks"))
            for part in rec.get("remarks").split("; "):
                m = _LINKED_TO.match(part.strip())
                if m:
                    self.links.append((entity, m.group(1).strip()))

    def _sanction(self, path: Path, rec: CslRecord, entity: Entity, src: SourceList) -> Entity:
        sanction = self._make("Sanction", make_id(entity.id, "sanction", src.code))
        sanction.add("entity", entity.id, cleaned=True)
        put(sanction, "authority", src.text)
        put(sanction, "program", src.name)
        put(sanction, "programId", [src.code, *rec.many("programs")])
        put(sanction, "country", "us")
        for key, prop in (
            ("start_date", "startDate"),
            ("end_date", "endDate"),
            ("federal_register_notice", "authorityId"),
            ("source_information_url", "sourceUrl"),
            ("source_list_url", "programUrl"),
        ):
            if rec.get(key):
                self._add(path, rec, sanction, prop, rec.get(key))
        licence = [
            f"{label}: {rec.get(key)}"
            for key, label in (
                ("license_requirement", "License requirement"),
                ("license_policy", "License policy"),
            )
            if rec.get(key)
        ]
        if licence:
            put(sanction, "summary", " ".join(licence))
        if rec.get("standard_order"):
            sanction.add("provisions", f"Standard order: {rec.get('standard_order')}")
        return sanction

    def _identifier(
        self, path: Path, rec: CslRecord, entity: Entity, sanction: Entity, item: IdItem
    ) -> None:
        target = target_of(item.type)
        number = clean_number(target, item.number)
        if target == SANCTION_PROVISION:
            sanction.add("provisions", item.text())
        elif target in (SANCTION_LISTING_DATE, SANCTION_START_DATE):
            prop = "listingDate" if target == SANCTION_LISTING_DATE else "startDate"
            date = parse_date(number)
            if date is None or (prop == "startDate" and sanction.get("startDate")):
                sanction.add("provisions", item.text())
            else:
                sanction.add(prop, date)
        elif target == WALLET:
            self._wallet(path, rec, entity, item)
        elif target == "alias":
            if number.casefold() not in {n.casefold() for n in entity.names}:
                entity.add("alias", number)
        elif target == NOTE or not number:
            entity.add("notes", item.text())
            self.result.count("ids_in_notes")
        else:
            self._id_property(path, rec, entity, item, target, number)

    def _id_property(
        self, path: Path, rec: CslRecord, entity: Entity, item: IdItem, prop: str, number: str
    ) -> None:
        if prop in COMPANY_ONLY and entity.schema == "LegalEntity":
            entity.schema = "Company"  # only companies have shares, tickers, Russian BIKs
        if prop == "passportNumber" and entity.schema != "Person":
            prop = "idNumber"
        if entity.schema_obj.get(prop) is None:
            entity.add("notes", item.text())
            self.result.count("ids_in_notes")
            return
        if registry.date == entity.schema_obj.get(prop).type:  # type: ignore[union-attr]
            date = parse_date(number)
            number = date or number
        self._add(path, rec, entity, prop, number)
        for extra in extra_targets(item, prop):
            if entity.schema_obj.get(extra) is not None:
                entity.add(extra, number)  # a failed check just leaves the generic property
        if prop in DOCUMENT_PROPS and (item.country or item.issue_date or item.expiration_date):
            self._document(path, rec, entity, item, prop, number)

    def _document(
        self, path: Path, rec: CslRecord, entity: Entity, item: IdItem, prop: str, number: str
    ) -> None:
        schema = "Passport" if prop == "passportNumber" else "Identification"
        doc = self._make(schema, make_id(entity.id, "id", item.type, number))
        doc.add("holder", entity.id, cleaned=True)
        doc.add("number", number)
        doc.add("type", item.type.rstrip(" :-"))
        if schema == "Passport":
            doc.add("passportNumber", number)
        if item.country:
            self._add(path, rec, doc, "country", item.country)
        for value, date_prop in ((item.issue_date, "startDate"), (item.expiration_date, "endDate")):
            if value:
                self._add(path, rec, doc, date_prop, parse_date(value) or value)

    def _wallet(self, path: Path, rec: CslRecord, entity: Entity, item: IdItem) -> None:
        currency = item.type.rsplit(" - ", 1)[-1].strip() if " - " in item.type else None
        wallet = self._make("CryptoWallet", make_id(entity.id, "wallet", item.number))
        wallet.add("publicKey", item.number)
        wallet.add("currencySymbol", currency)
        wallet.add("holder", entity.id, cleaned=True)

    # -- after the last record --------------------------------------------------------
    def _name_index(self) -> dict[str, str | None]:
        """Case-folded name → the one party with it (None when several share it)."""
        index: dict[str, str | None] = {}
        for e in self.entities.values():
            if e.schema_obj.is_a("LegalEntity"):
                for n in {n.casefold() for n in e.names}:
                    index[n] = e.id if n not in index else None
        return index

    def finish(self) -> list[Entity]:
        index = self._name_index()
        for entity, name in self.links:
            target = index.get(name.casefold())
            if target is None or target == entity.id:
                self.result.count("links_unresolved")  # the remark stays in notes
                continue
            link = self._make("UnknownLink", make_id(entity.id, "linked-to", target))
            link.add("subject", entity.id, cleaned=True)
            link.add("object", target, cleaned=True)
            link.add("role", "Linked To")
        for _path, vessel, owner_name in self.owners:
            owner_id = index.get(owner_name.casefold())
            if owner_id is None:
                owner = self._make("LegalEntity", make_id(PREFIX, "owner", owner_name))
                owner.add("name", owner_name)
                owner.add("notes", "Named as a vessel owner in the Consolidated Screening List")
                owner_id = owner.id
                self.result.count("owner_stubs")
            link = self._make("Ownership", make_id(vessel.id, "ownership", owner_id))
            link.add("owner", owner_id, cleaned=True)
            link.add("asset", vessel.id, cleaned=True)
            link.add("role", "Vessel owner")
        if self.repaired_in is not None:
            self.result.warn(
                self.repaired_in,
                f"{self.repaired} names had '?' in place of a lost quote or apostrophe "
                "(e.g. 'Xi?an'); replaced with \"'\"",
            )
        return list(self.entities.values())
