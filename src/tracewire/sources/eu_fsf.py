"""The EU consolidated financial sanctions list: FSF XML export, version 1.1.

The European Commission publishes the list of persons and entities under EU financial
sanctions as ``xmlFullSanctionsList_1_1``: a root ``<export generationDate=…>`` in the
namespace ``http://eu.europa.ec/fpi/fsd/export`` holding one ``<sanctionEntity>`` per
listing, with child elements ``regulation``, ``subjectType`` (``person`` /
``enterprise``), ``nameAlias``, ``citizenship``, ``birthdate``, ``address`` (with
``contactInfo`` key/value pairs), ``identification`` and ``remark``.

Mapping: ``person`` → Person, ``enterprise`` → LegalEntity (the export does not say
whether an enterprise is a company). The id is ``eu-fsf-<logicalId>``. The first strong
name in Latin script is ``name``; other strong names are ``alias`` (original-script names
included, tagged by ``nameLanguage``), ``strong="false"`` names and names remarked as
"low quality" are ``weakAlias``. ``citizenship`` becomes ``nationality`` (the Official
Journal prints it as "Nationality"). A birth year range expands to each year when it
spans up to 10 years, else to its two ends. Each programme of the entity's regulations
gives one ``Sanction`` (authority "European Union", ``listingDate`` = designationDate).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from tracewire.errors import ListFormatError
from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult, read_head
from tracewire.sources.eu_journal_values import (
    clean_country,
    prefix_date,
    split_enumeration,
    year_span,
)
from tracewire.sources.eu_registry_ids import registry_codes

NS = "http://eu.europa.ec/fpi/fsd/export"
ID_PREFIX = "eu-fsf"
AUTHORITY = "European Union"
SCHEMATA = {"person": "Person", "enterprise": "LegalEntity"}
#: identificationTypeCode → FtM property (others go to idNumber with a warning)
ID_PROPS = {
    "passport": "passportNumber",
    "regnumber": "registrationNumber",
    "fiscalcode": "taxNumber",
    "tax": "taxNumber",
    "swiftbic": "swiftBic",
    "imo": "imoNumber",
    **dict.fromkeys(
        [
            "id",
            "other",
            "ssn",
            "nrn",
            "birthcert",
            "nationcert",
            "travelcardid",
            "electionid",
            "residentperm",
            "drivinglicence",
            "tradelic",
        ],
        "idNumber",
    ),
}
CONTACT_PROPS = {"PHONE": "phone", "FAX": "phone", "EMAIL": "email", "WEB": "website"}
GENDERS = {"M": "male", "F": "female"}
#: FSF programme codes whose OpenSanctions-style programme id is not "EU-" + code
PROGRAM_IDS = {"TAQA": "EU-TAQA-EUAQ", "EUAQ": "EU-TAQA-EUAQ"}
UNKNOWN_COUNTRY = "00"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: the XML declaration, comments, doctype and whitespace before the root element
_PROLOG = re.compile(rb"^(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\xef\xbb\xbf)*", re.S)
_ROOT = re.compile(rb"<([A-Za-z_][\w:.-]*)[^>]*>", re.S)
_GENERATION_DATE = re.compile(rb'generationDate\s*=\s*["\']([^"\']*)')


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    for child in el:
        if _local(child.tag) == name:
            yield child


def _texts(el: etree._Element, name: str) -> list[str]:
    return [" ".join(c.text.split()) for c in _children(el, name) if c.text and c.text.strip()]


def _attr(el: etree._Element, name: str) -> str:
    return " ".join((el.get(name) or "").split())


def _country(el: etree._Element) -> str | None:
    code = _attr(el, "countryIso2Code")
    return clean_country(code) if code and code != UNKNOWN_COUNTRY else None


def _place(el: etree._Element, *names: str) -> str | None:
    parts = [
        f"PO Box {_attr(el, n)}" if n == "poBox" and _attr(el, n) else _attr(el, n) for n in names
    ]
    description = _attr(el, "countryDescription")
    if description and description != "UNKNOWN":
        parts.append(description)
    text = ", ".join(p for p in parts if p)
    return text or None


@dataclass(slots=True)
class _EntityReader:
    """The entity being read, with warnings pointing at its sanctionEntity."""

    path: Path
    line: int | None
    result: ParseResult
    entity: Entity

    def warn(self, message: str) -> None:
        self.result.warn(self.path, message, self.line)

    def add(self, prop: str, values: str | list[str] | None) -> None:
        for raw in self.entity.add(prop, values):
            self.warn(f"{prop}: cannot read {raw!r}")


class EuFsfFormat:
    name = "eu_fsf_xml"
    default_dataset = "eu_fsf"
    title = "EU consolidated financial sanctions list (FSF XML 1.1, xmlFullSanctionsList_1_1)"

    def sniff(self, paths: Sequence[Path]) -> bool:
        if not paths:
            return False
        for path in paths:
            head = read_head(path)
            if b"<export" not in head or not (
                b"fpi/fsd/export" in head or b"<sanctionEntity" in head
            ):
                return False
        return True

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        result = ParseResult(dataset=dataset, format=self.name)
        for path in paths:
            self._parse_file(path, dataset, result)
        return result

    def _parse_file(self, path: Path, dataset: str, result: ParseResult) -> None:
        if not read_head(path, 1024).strip():
            raise ListFormatError(path, "the file is empty")
        ids: set[str] = set()
        seen = 0
        element = "/export"
        self._check_root(path, result)
        events = etree.iterparse(
            str(path),
            events=("start", "end"),
            tag=(f"{{{NS}}}sanctionEntity", "sanctionEntity"),
            huge_tree=True,
            resolve_entities=False,
            no_network=True,
        )
        try:
            for event, el in events:
                parent = el.getparent()
                if parent is None or _local(parent.tag) != "export":
                    continue
                if event == "start":
                    element = f"/export/sanctionEntity[@logicalId='{el.get('logicalId')}']"
                    continue
                seen += 1
                for entity in self._entity(path, el, dataset, result):
                    if entity.id in ids:
                        result.warn(path, f"duplicate entry {entity.id}; skipped", el.sourceline)
                        continue
                    ids.add(entity.id)
                    result.entities.append(entity)
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
        except etree.XMLSyntaxError as exc:
            message = exc.msg or str(exc)
            raise ListFormatError(
                path, f"broken XML: {message}", line=exc.lineno, element=element
            ) from exc
        if seen == 0:
            raise ListFormatError(path, "the export holds no sanctionEntity", element="/export")
        result.count("sanctionEntity", seen)

    def _check_root(self, path: Path, result: ParseResult) -> None:
        """The root element must be ``<export>``; its generationDate is the list date."""
        head = _PROLOG.sub(b"", read_head(path, 65536))
        match = _ROOT.match(head)
        if match is None:
            return  # not even a start tag: iterparse reports where the XML breaks
        tag = match.group(1).decode("utf-8", errors="replace").rsplit(":", 1)[-1]
        if tag != "export":
            raise ListFormatError(
                path, f"not an EU FSF export: root element is <{tag}>", element="/"
            )
        found = _GENERATION_DATE.search(match.group(0))
        generated = found.group(1).decode("ascii", errors="replace")[:10] if found else ""
        if _ISO_DATE.match(generated) and prefix_date(*map(int, generated.split("-"))):
            result.publisher_date = max(result.publisher_date or "", generated)
        else:
            result.warn(path, f"unreadable generationDate {generated!r}", 1)

    # -- one sanctionEntity ---------------------------------------------------------------
    def _entity(
        self, path: Path, el: etree._Element, dataset: str, result: ParseResult
    ) -> list[Entity]:
        logical_id = _attr(el, "logicalId") or _attr(el, "euReferenceNumber")
        if not logical_id:
            result.warn(
                path,
                "sanctionEntity without logicalId or euReferenceNumber; skipped",
                el.sourceline,
            )
            return []
        subject = next(_children(el, "subjectType"), None)
        code = _attr(subject, "code") if subject is not None else ""
        schema = SCHEMATA.get(code)
        if schema is None:
            result.warn(path, f"unknown subjectType {code!r}; read as LegalEntity", el.sourceline)
            schema = "LegalEntity"
        result.count(code or "unknown")
        entity = Entity.make(
            schema, id=make_id(ID_PREFIX, logical_id), dataset=dataset, source_id=logical_id
        )
        reader = _EntityReader(path, el.sourceline, result, entity)
        add, warn = reader.add, reader.warn
        self._names(el, reader)
        add("notes", _texts(el, "remark"))
        for info in _children(el, "additionalInformation"):
            add("notes", ": ".join(p for p in (_attr(info, "key"), _attr(info, "value")) if p))
        for node in _children(el, "citizenship"):
            add("nationality", _country(node) or None)
        for node in _children(el, "birthdate"):
            add("birthDate", self._birth_dates(node, warn))
            if entity.schema == "Person":
                add("birthPlace", _place(node, "city", "place", "region"))
                add("birthCountry", _country(node))
        for node in _children(el, "address"):
            add("address", _place(node, "street", "poBox", "zipCode", "city", "place", "region"))
            add("country", _country(node))
            add("notes", _texts(node, "remark"))
            for info in _children(node, "contactInfo"):
                prop = CONTACT_PROPS.get(_attr(info, "key").upper())
                if prop is None:
                    warn(f"unknown contactInfo key {info.get('key')!r}: {info.get('value')!r}")
                else:
                    add(
                        prop, [v.strip() for v in _attr(info, "value").replace(";", ",").split(",")]
                    )
        self._identifications(el, reader)
        return [entity, *self._sanctions(el, reader)]

    def _names(self, el: etree._Element, reader: _EntityReader) -> None:
        entity, add, warn = reader.entity, reader.add, reader.warn
        person = entity.schema == "Person"
        for alias in _children(el, "nameAlias"):
            whole = _attr(alias, "wholeName") or " ".join(
                _attr(alias, n) for n in ("firstName", "middleName", "lastName") if _attr(alias, n)
            )
            if not whole:
                warn("nameAlias without a name")
                continue
            remarks = " ".join(_texts(alias, "remark")).lower()
            weak = _attr(alias, "strong") == "false" or "low quality" in remarks
            latin = _attr(alias, "nameLanguage").upper() in ("", "EN")
            if weak:
                add("weakAlias", whole)
            elif latin and not entity.get("name"):
                add("name", whole)
            else:
                add("alias", whole)
            if person and not weak:
                for attr, prop in (
                    ("firstName", "firstName"),
                    ("middleName", "middleName"),
                    ("lastName", "lastName"),
                ):
                    add(prop, _attr(alias, attr) or None)
            titles = split_enumeration(_attr(alias, "title")) if _attr(alias, "title") else []
            functions = (
                split_enumeration(_attr(alias, "function")) if _attr(alias, "function") else []
            )
            if person:
                add("title", titles)
                add("position", functions)
                add("gender", GENDERS.get(_attr(alias, "gender").upper()))
            else:
                add("notes", functions)
        if not entity.get("name"):
            names = entity.get("alias") or entity.get("weakAlias")
            if names:
                entity.add("name", names[0])
            else:
                warn("sanctionEntity without any name")

    def _birth_dates(self, node: etree._Element, warn: Callable[[str], None]) -> list[str]:
        dates: list[str] = []
        full = _attr(node, "birthdate")
        try:
            if full:
                y, m, d = (int(p) for p in full.split("-"))
                dates.append(prefix_date(y, m, d) or "")
            elif _attr(node, "year"):
                month, day = _attr(node, "monthOfYear"), _attr(node, "dayOfMonth")
                dates.append(
                    prefix_date(
                        int(_attr(node, "year")),
                        int(month) if month else None,
                        int(day) if day else None,
                    )
                    or ""
                )
            start, end = _attr(node, "yearRangeFrom"), _attr(node, "yearRangeTo")
            if start or end:
                dates.extend(year_span(int(start or end), int(end or start)))
        except ValueError:
            dates.append("")
        if "" in dates:
            warn(f"unreadable birthdate: {dict(node.attrib)!r}")
        return [d for d in dates if d]

    def _identifications(self, el: etree._Element, reader: _EntityReader) -> None:
        entity, add, warn = reader.entity, reader.add, reader.warn
        countries = entity.get("country") + entity.get("nationality")
        for node in _children(el, "identification"):
            code = _attr(node, "identificationTypeCode")
            numbers = [n for n in (_attr(node, "number"), _attr(node, "latinNumber")) if n]
            prop = ID_PROPS.get(code.lower())
            if prop is None:
                warn(f"unknown identificationTypeCode {code!r} for {numbers}; kept as idNumber")
            if prop is None or entity.schema_obj.get(prop) is None:
                prop = "idNumber"
            add(prop, numbers)
            russian = "ru" in countries or _country(node) == "ru"
            for number in numbers:
                for code_prop, value in registry_codes(number, russian):
                    if entity.schema_obj.get(code_prop) is not None:
                        entity.add(code_prop, value)
            for remark in _texts(node, "remark"):
                add("notes", f"{numbers[0] if numbers else code}: {remark}")

    def _sanctions(self, el: etree._Element, reader: _EntityReader) -> list[Entity]:
        entity = reader.entity
        designated = _attr(el, "designationDate")[:10] or None
        regulations = list(_children(el, "regulation"))
        if not regulations:
            reader.warn("sanctionEntity without regulation")
        by_programme: dict[str, list[etree._Element]] = {}
        for regulation in regulations or [el]:
            by_programme.setdefault(_attr(regulation, "programme"), []).append(regulation)
        sanctions: list[Entity] = []
        for programme, regs in by_programme.items():
            sanction = Entity.make(
                "Sanction",
                id=make_id(entity.id, "sanction", programme or "eu"),
                dataset=entity.dataset,
                source_id=entity.source_id,
            )
            starts = sorted(d for r in regs if (d := _attr(r, "entryIntoForceDate")[:10]))
            published = sorted(d for r in regs if (d := _attr(r, "publicationDate")[:10]))
            sanction.add("entity", entity.id, cleaned=True)
            sanction.add("authority", AUTHORITY, cleaned=True)
            sanction.add("country", "eu", cleaned=True)
            sanction.add("program", programme or None, cleaned=True)
            sanction.add(
                "programId", PROGRAM_IDS.get(programme, f"EU-{programme}") if programme else None
            )
            sanction.add("listingDate", designated or next(iter(published), None))
            # a regulation may be the regime's founding act, years older than the listing
            sanction.add("startDate", designated or next(iter(starts), None))
            sanction.add("endDate", _attr(el, "delistingDate")[:10] or None)
            sanction.add("reason", _attr(el, "designationDetails") or None)
            sanction.add(
                "summary",
                "; ".join(_attr(r, "numberTitle") for r in regs if _attr(r, "numberTitle")) or None,
            )
            sanction.add("sourceUrl", [u for r in regs for u in _texts(r, "publicationUrl")])
            sanction.add("unscId", _attr(el, "unitedNationId") or None)
            sanction.add("authorityId", _attr(el, "euReferenceNumber") or None)
            sanctions.append(sanction)
        return sanctions


FORMATS = [EuFsfFormat()]
