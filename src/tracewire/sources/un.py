"""UN Security Council consolidated sanctions list, XML (``sc-sanctions.xsd``).

One ``<CONSOLIDATED_LIST dateGenerated=...>`` holds ``INDIVIDUALS/INDIVIDUAL`` (→
``Person``) and ``ENTITIES/ENTITY`` (→ ``LegalEntity``: the list does not say whether an
entity is a company, a bank or an armed group). Each party gets one ``Sanction``.

Ids: ``make_id("unsc", REFERENCE_NUMBER)`` (``QDi.001`` → ``unsc-qdi-001``). The
reference number is the UN's permanent id of a listing, so ids are stable from one
version of the list to the next; ``DATAID`` (the UN database row) becomes the
Sanction's ``recordId``, the reference number its ``unscId`` and the party's
``source_id``.

Mapping: FIRST_NAME..FOURTH_NAME joined in order → ``name`` (FIRST_NAME also
``firstName``, SECOND_NAME ``secondName``: the UN parts are not given/family names,
e.g. Korean names start with the family name); NAME_ORIGINAL_SCRIPT → ``alias``;
aliases by QUALITY: Good / a.k.a. / empty → ``alias``, Low → ``weakAlias``, f.k.a. →
``previousName``; TITLE → ``title``; DESIGNATION → ``position``; NATIONALITY →
``nationality``; dates of birth (EXACT, APPROXIMATELY, BETWEEN; see
:mod:`tracewire.sources.un_values`) → ``birthDate``; place of birth → ``birthPlace``
and ``birthCountry``; documents → ``passportNumber`` / ``idNumber`` /
``taxNumber`` / ``socialSecurityNumber``, with their details in ``notes``; addresses →
``address`` and ``country``; GENDER → ``gender``; COMMENTS1 → ``notes``; UN_LIST_TYPE
→ Sanction ``program`` (and ``programId`` in OpenSanctions' keys, e.g. ``UN-SC1718``);
LISTED_ON → ``listingDate``; the latest LAST_DAY_UPDATED → ``modifiedAt``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from lxml import etree

from tracewire.errors import ListFormatError
from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult, read_head
from tracewire.sources.name_values import tidy_names
from tracewire.sources.un_values import (
    birth_dates,
    collapse,
    document_number,
    document_property,
    original_script_name,
    split_alias,
)
from tracewire.sources.xml_entities import warn_external_entities

AUTHORITY = "United Nations Security Council"
SOURCE_URL = "https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list"
ID_PREFIX = "unsc"
ROOT = "CONSOLIDATED_LIST"
PARTIES = {"INDIVIDUAL": "Person", "ENTITY": "LegalEntity"}

#: UN_LIST_TYPE → sanctions regime, keyed as in OpenSanctions' program metadata
PROGRAM_IDS = {
    "Al-Qaida": "UN-SCISIL",
    "Taliban": "UN-SC1988",
    "DPRK": "UN-SC1718",
    "Iran": "UN-SC1737",
    "Iraq": "UN-SC1518",
    "DRC": "UN-SC1533",
    "Libya": "UN-SC1970",
    "Somalia": "UN-SC2713",
    "CAR": "UN-SC2127",
    "Haiti": "UN-SC2653",
    "Yemen": "UN-SC2140",
    "GB": "UN-SC2048",
    "Sudan": "UN-SC1591",
    "SouthSudan": "UN-SC2206",
    "Mali": "UN-SC2374",
    "Lebanon": "UN-SC1636",
}
NAME_TAGS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
ALIAS_PROPS = {
    "good": "alias",
    "a.k.a.": "alias",
    "": "alias",
    "low": "weakAlias",
    "f.k.a.": "previousName",
}
GENDERS = {"male": "male", "female": "female", "unknown": None}
ADDRESS_PARTS = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
#: child elements of a party that are mapped, or deliberately left out
KNOWN_TAGS = frozenset(
    {
        *NAME_TAGS,
        "DATAID", "VERSIONNUM", "UN_LIST_TYPE", "REFERENCE_NUMBER", "LISTED_ON",
        "NAME_ORIGINAL_SCRIPT", "COMMENTS1", "TITLE", "DESIGNATION", "NATIONALITY",
        "LIST_TYPE", "LAST_DAY_UPDATED", "INDIVIDUAL_ALIAS", "ENTITY_ALIAS",
        "INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS", "INDIVIDUAL_DATE_OF_BIRTH",
        "INDIVIDUAL_PLACE_OF_BIRTH", "INDIVIDUAL_DOCUMENT", "GENDER", "SORT_KEY",
        "SORT_KEY_LAST_MOD", "SUBMITTED_BY", "SUBMITTED_ON", "DELISTED_ON",
    }
)  # fmt: skip


def _text(el: etree._Element, path: str) -> str:
    return collapse(el.findtext(path))


def _texts(el: etree._Element, path: str) -> list[str]:
    return [t for t in (collapse(c.text) for c in el.iterfind(path)) if t]


class _Party:
    """Builds one party and its Sanction from an INDIVIDUAL or ENTITY element."""

    def __init__(self, el: etree._Element, path: Path, dataset: str, result: ParseResult):
        self.el = el
        self.path = path
        self.result = result
        self.line: int | None = el.sourceline
        self.ref = _text(el, "REFERENCE_NUMBER")
        self.dataid = _text(el, "DATAID")
        self.label = self.ref or f"DATAID {self.dataid}"
        if self.ref:
            eid = make_id(ID_PREFIX, self.ref)
        else:
            eid = make_id(ID_PREFIX, "dataid", self.dataid or f"line-{self.line}")
            self.warn("no REFERENCE_NUMBER; the id is made from DATAID, which changes")
        self.entity = Entity.make(PARTIES[str(el.tag)], eid, dataset, self.ref or self.dataid)

    def warn(self, message: str) -> None:
        self.result.warn(self.path, f"{self.el.tag} {self.label}: {message}", self.line)

    def add(self, prop: str, values: str | Iterable[str], what: str) -> None:
        """Add values; anything FtM rejects is warned about and kept in ``notes``."""
        for raw in self.entity.add(prop, values):
            self.warn(f"{what} {raw!r} not understood; kept in notes")
            self.entity.add("notes", f"{what.capitalize()}: {raw}")

    def add_country(self, prop: str, raw: str, what: str) -> None:
        if not raw or not self.entity.add(prop, raw):
            return
        parts = [p for p in _split_countries(raw) if p]
        if len(parts) > 1 and not self.entity.add(prop, parts):
            return
        self.warn(f"{what} {raw!r} is not a country; kept in notes")
        self.entity.add("notes", f"{what.capitalize()}: {raw}")

    # -- sections -------------------------------------------------------------------------
    def build(self) -> list[Entity]:
        el, entity = self.el, self.entity
        for child in el:
            if isinstance(child.tag, str) and child.tag not in KNOWN_TAGS:
                self.warn(f"element <{child.tag}> is not mapped: {collapse(child.text)!r}")
        parts = [_text(el, tag) for tag in NAME_TAGS]
        name = " ".join(p for p in parts if p)
        if not name:
            self.warn("has no name")
        entity.add("name", name)
        if entity.schema == "Person":
            entity.add("firstName", parts[0])
            entity.add("secondName", parts[1])
        for text in _texts(el, "NAME_ORIGINAL_SCRIPT"):
            script_name, label = original_script_name(text)
            entity.add("alias", script_name)
            if label:
                entity.add("notes", f"Original script name {script_name}: {label}")
        for alias in el.iterfind("INDIVIDUAL_ALIAS"):
            self.alias(alias)
        for alias in el.iterfind("ENTITY_ALIAS"):
            self.alias(alias)
        if entity.schema == "Person":
            self.person_details()
        for addr in el.iterfind("INDIVIDUAL_ADDRESS"):
            self.address(addr)
        for addr in el.iterfind("ENTITY_ADDRESS"):
            self.address(addr)
        entity.add("notes", _text(el, "COMMENTS1"))
        updated = _texts(el, "LAST_DAY_UPDATED/VALUE")
        self.add("modifiedAt", max(updated, default=""), "LAST_DAY_UPDATED")
        return [entity, self.sanction(updated)]

    def alias(self, alias: etree._Element) -> None:
        quality = _text(alias, "QUALITY")
        prop = ALIAS_PROPS.get(quality.lower())
        if prop is None:
            self.warn(f"alias quality {quality!r} unknown; taken as a strong alias")
            prop = "alias"
        raw = _text(alias, "ALIAS_NAME")
        if raw:
            names, remark = split_alias(raw)
            self.add(prop, names, "alias")
            note = "; ".join(t for t in (remark, _text(alias, "NOTE")) if t)
            if note:
                self.entity.add("notes", f"Alias {names[0] if names else raw}: {note}")
        if self.entity.schema != "Person":
            return
        self.add("birthDate", _text(alias, "DATE_OF_BIRTH"), "alias date of birth")
        city, country = _text(alias, "CITY_OF_BIRTH"), _text(alias, "COUNTRY_OF_BIRTH")
        self.entity.add("birthPlace", ", ".join(p for p in (city, country) if p))
        self.add_country("birthCountry", country, "alias country of birth")

    def person_details(self) -> None:
        el, entity = self.el, self.entity
        entity.add("title", _texts(el, "TITLE/VALUE"))
        entity.add("position", _texts(el, "DESIGNATION/VALUE"))
        for nationality in _texts(el, "NATIONALITY/VALUE"):
            self.add_country("nationality", nationality, "nationality")
        gender = _text(el, "GENDER")
        if gender and gender.lower() not in GENDERS:
            self.warn(f"gender {gender!r} unknown")
        entity.add("gender", GENDERS.get(gender.lower()))
        for dob in el.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
            self.birth_date(dob)
        for pob in el.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
            place = ", ".join(t for t in (_text(pob, p) for p in ADDRESS_PARTS) if t)
            note = _text(pob, "NOTE")
            entity.add("birthPlace", f"{place} ({note})" if place and note else place or note)
            self.add_country("birthCountry", _text(pob, "COUNTRY"), "country of birth")
        for doc in el.iterfind("INDIVIDUAL_DOCUMENT"):
            self.document(doc)

    def birth_date(self, dob: etree._Element) -> None:
        kind = _text(dob, "TYPE_OF_DATE")
        if kind not in ("", "EXACT", "APPROXIMATELY", "BETWEEN"):
            self.warn(f"date of birth type {kind!r} unknown")
        found = birth_dates(
            _text(dob, "DATE"),
            _text(dob, "YEAR"),
            _text(dob, "FROM_YEAR"),
            _text(dob, "TO_YEAR"),
            _text(dob, "NOTE"),
        )
        self.add("birthDate", found.dates, "date of birth")
        if found.note:
            self.entity.add("notes", f"Date of birth {', '.join(found.dates)}: {found.note}")
        if found.unreadable:
            self.warn(f"date of birth {found.unreadable!r} not understood; kept in notes")
            self.entity.add("notes", f"Date of birth: {found.unreadable}")

    def document(self, doc: etree._Element) -> None:
        kind, kind2 = _text(doc, "TYPE_OF_DOCUMENT"), _text(doc, "TYPE_OF_DOCUMENT2")
        raw = _text(doc, "NUMBER")
        if not raw and kind2 and any(ch.isdigit() for ch in kind2):
            raw = kind2  # "Afghan national identification card (tazkira) number 545167"
        details = [kind2 if kind2 != raw else ""]
        details += [_text(doc, "ISSUING_COUNTRY"), _text(doc, "COUNTRY_OF_ISSUE")]
        issued = ", ".join(
            t for t in (_text(doc, "CITY_OF_ISSUE"), _text(doc, "DATE_OF_ISSUE")) if t
        )
        details += [f"issued {issued}" if issued else "", _text(doc, "NOTE")]
        label = kind or kind2 or "Document"
        if not raw:
            if any(details):
                self.warn(f"{label} without NUMBER; kept in notes")
                self.entity.add("notes", f"{label}: {'; '.join(d for d in details if d)}")
            return
        number = document_number(raw)
        if number != raw:
            details.insert(0, raw)
        self.add(document_property(kind, kind2), number, label)
        if any(details):
            self.entity.add("notes", f"{label} {number}: {'; '.join(d for d in details if d)}")

    def address(self, addr: etree._Element) -> None:
        parts = {p: _text(addr, p) for p in ADDRESS_PARTS}
        note = _text(addr, "NOTE")
        self.add_country("country", parts["COUNTRY"], "address country")
        if any(v for k, v in parts.items() if k != "COUNTRY"):
            line = ", ".join(v for v in parts.values() if v)
            self.entity.add("address", f"{line} ({note})" if note else line)
        elif note:
            self.entity.add("notes", f"Address {parts['COUNTRY']}: {note}".replace(" :", ":"))

    def sanction(self, updated: list[str]) -> Entity:
        list_type = _text(self.el, "UN_LIST_TYPE")
        sanction = Entity.make(
            "Sanction",
            make_id(self.entity.id, "sanction", list_type or ID_PREFIX),
            self.entity.dataset,
            self.entity.source_id,
        )
        sanction.add("entity", self.entity.id)
        sanction.add("authority", AUTHORITY)
        sanction.add("sourceUrl", SOURCE_URL)
        sanction.add("program", list_type)
        if list_type and list_type not in PROGRAM_IDS:
            self.warn(f"UN_LIST_TYPE {list_type!r} has no known program id")
        sanction.add("programId", PROGRAM_IDS.get(list_type))
        sanction.add("unscId", self.ref or None)
        sanction.add("recordId", self.dataid or None)
        for raw in sanction.add("listingDate", _text(self.el, "LISTED_ON")):
            self.warn(f"LISTED_ON {raw!r} is not a date")
        sanction.add("modifiedAt", max(updated, default=""))
        return sanction


def _split_countries(raw: str) -> list[str]:
    """``"Sudan/or South Sudan"`` → ``["Sudan", "South Sudan"]``."""
    out: list[str] = []
    for part in raw.split("/"):
        part = part.strip()
        if part.lower().startswith("or "):
            part = part[3:]
        out.extend(p.strip() for p in part.split(" or "))
    return out


class UnXmlFormat:
    name = "un_xml"
    default_dataset = "un_sc_sanctions"
    title = "UN Security Council consolidated sanctions list (XML, sc-sanctions.xsd)"

    def sniff(self, paths: Sequence[Path]) -> bool:
        for path in paths:
            head = read_head(path, 2048)
            if f"<{ROOT}".encode() not in head:
                return False
        return bool(paths)

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        result = ParseResult(dataset=dataset, format=self.name)
        for path in paths:
            self._parse_file(Path(path), dataset, result)
        for entity in result.entities:
            if entity.matchable:
                tidy_names(entity)
        return result

    def _parse_file(self, path: Path, dataset: str, result: ParseResult) -> None:
        if not read_head(path, 4096).strip():
            raise ListFormatError(path, "the file is empty", line=1)
        warn_external_entities(path, result)
        by_id: dict[str, Entity] = {}
        first_line: dict[str, int | None] = {}
        root: etree._Element | None = None
        last = "the start of the file"
        parties = 0
        context = etree.iterparse(
            str(path), events=("start", "end"), resolve_entities=False, no_network=True
        )
        try:
            for event, el in context:
                if root is None:
                    root = el
                    if el.tag != ROOT:
                        raise ListFormatError(
                            path,
                            f"root element is <{el.tag}>, not <{ROOT}>: "
                            "not a UN Security Council consolidated list",
                            line=el.sourceline,
                            element=f"/{el.tag}",
                        )
                    self._publisher_date(path, el, result)
                    continue
                if event != "end" or el.tag not in PARTIES:
                    continue
                parent = el.getparent()
                if parent is None or parent.getparent() is not root:
                    continue
                party = _Party(el, path, dataset, result)
                last = f"after {el.tag} {party.label} (line {el.sourceline})"
                result.count(str(el.tag))
                parties += 1
                for entity in party.build():
                    existing = by_id.get(entity.id)
                    if existing is None:
                        by_id[entity.id] = entity
                        first_line[entity.id] = el.sourceline
                        result.entities.append(entity)
                        continue
                    if entity.schema != "Sanction":
                        party.warn(
                            f"REFERENCE_NUMBER repeats the entry at line "
                            f"{first_line[entity.id]}; the two are merged"
                        )
                    existing.merge(entity)
                el.clear()
                while el.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            what = "malformed XML" if root is not None else "not an XML file"
            raise ListFormatError(
                path, f"{what}: {exc.msg}", line=exc.lineno, element=last
            ) from exc
        if root is None:
            raise ListFormatError(path, "no XML element found", line=1)
        if not parties:
            result.warn(path, f"<{ROOT}> holds no INDIVIDUAL or ENTITY", root.sourceline)

    @staticmethod
    def _publisher_date(path: Path, root: etree._Element, result: ParseResult) -> None:
        generated = root.get("dateGenerated") or ""
        probe = Entity.make("Sanction", "probe", "probe")
        if probe.add("date", generated[:10]) or not generated:
            result.warn(path, f"dateGenerated {generated!r} is not a date", root.sourceline)
            return
        result.publisher_date = probe.first("date")


FORMATS = [UnXmlFormat()]
