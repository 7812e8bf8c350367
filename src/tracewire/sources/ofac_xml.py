"""OFAC's Advanced Sanctions Data Model XML (``sdn_advanced.xml``, ``cons_advanced.xml``).

The file is one ``Sanctions`` element holding, in this order (sdn_advanced.xsd):
``DateOfIssue`` (→ ``publisher_date``), ``ReferenceValueSets`` (lookup tables),
``Locations``, ``IDRegDocuments``, ``DistinctParties`` (the listed parties),
``ProfileRelationships`` and ``SanctionsEntries``. It is read in one streaming pass with
lxml ``iterparse``: each record is mapped when it ends and then freed, so memory stays
flat on the ~100 MB SDN file. Lookup tables, locations and documents are kept as small
dicts because the records after them point back to them by id.

Entity ids equal those of the OFAC legacy CSV parser (:mod:`tracewire.sources.ofac_csv`):
``make_id("ofac", FixedRef)``, the FixedRef / ProfileID being the CSV ``ent_num``, and
each party's ``Sanction`` is ``make_id(entity id, "sanction", "sdn" | "cons")``. See
:mod:`~tracewire.sources.ofac_xml_party` for the parties and
:mod:`~tracewire.sources.ofac_xml_links` for sanctions and relationships.

Dataset: ``dataset_for`` gives ``us_ofac_cons`` or ``us_ofac_sdn`` by the file name
(``cons`` or ``sdn`` in it); failing that, by the lists named by the ``SanctionsEntry``
elements at the end of the file: any list other than "SDN List" means the consolidated
list (which puts every party on "Consolidated List" too). ``parse`` warns when the
entries contradict the dataset it is given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from tracewire.errors import ListFormatError
from tracewire.model import Entity
from tracewire.sources.base import ParseResult, read_head
from tracewire.sources.ofac_xml_links import LinkMapper
from tracewire.sources.ofac_xml_party import PartyMapper
from tracewire.sources.ofac_xml_values import (
    Element,
    ReferenceValues,
    clark,
    date_text,
    localname,
    read_location,
)
from tracewire.sources.xml_entities import warn_external_entities

SDN_DATASET = "us_ofac_sdn"
CONS_DATASET = "us_ofac_cons"
SDN_LIST = "SDN List"
KNOWN_NAMESPACES = (
    b"http://www.un.org/sanctions/1.0",
    b"sanctionslistservice.ofac.treas.gov",
    b"ADVANCED_XML",
)
#: record element -> the section element it must sit in
RECORDS = {
    "DateOfIssue": "Sanctions",
    "ReferenceValueSets": "Sanctions",
    "Location": "Locations",
    "IDRegDocument": "IDRegDocuments",
    "DistinctParty": "DistinctParties",
    "ProfileRelationship": "ProfileRelationships",
    "SanctionsEntry": "SanctionsEntries",
}
SECTIONS = (
    "Locations",
    "IDRegDocuments",
    "DistinctParties",
    "ProfileRelationships",
    "SanctionsEntries",
)
_ROOT_RE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)[\s>/]")
_LIST_VALUE_RE = re.compile(rb"<(?:\w+:)?List\s+ID=\"(\d+)\"[^>]*>([^<]*)<")
_ENTRY_LIST_RE = re.compile(rb"<(?:\w+:)?SanctionsEntry\s[^>]*\bListID=\"(\d+)\"")


def _first_element(head: bytes) -> str | None:
    """Local name of the first element in the head of an XML file."""
    pos = 0
    while True:
        start = head.find(b"<", pos)
        if start < 0 or start + 1 >= len(head):
            return None
        nxt = head[start + 1 : start + 2]
        if nxt in (b"?", b"!"):
            close = head.find(b">", start)
            if close < 0:
                return None
            pos = close + 1
            continue
        match = _ROOT_RE.match(head, start)
        return match.group(1).decode("ascii", "replace") if match else None


def _syntax_message(exc: etree.XMLSyntaxError) -> str:
    if "encoding" in (exc.msg or "").lower() or "utf-8" in (exc.msg or "").lower():
        return f"undecodable bytes (the file must be UTF-8): {exc.msg}"
    return f"malformed or truncated XML: {exc.msg}"


class OfacAdvancedXmlFormat:
    name = "ofac_advanced_xml"
    default_dataset = SDN_DATASET
    title = "US OFAC Advanced Sanctions Data Model XML (sdn_advanced.xml, cons_advanced.xml)"

    def sniff(self, paths: Sequence[Path]) -> bool:
        for path in paths:
            head = read_head(path, 4096)
            if _first_element(head) != "Sanctions":
                return False
            if not any(ns in head for ns in KNOWN_NAMESPACES) and b"ReferenceValueSets" not in head:
                return False
        return bool(paths)

    def dataset_for(self, paths: Sequence[Path]) -> str:
        """``us_ofac_cons`` for the consolidated (non-SDN) file, else ``us_ofac_sdn``."""
        return CONS_DATASET if any(list_code(p) == "cons" for p in paths) else SDN_DATASET

    def parse(self, paths: Sequence[Path], dataset: str) -> ParseResult:
        result = ParseResult(dataset=dataset, format=self.name)
        for path in paths:
            _FileReader(Path(path), result).run()
            warn_external_entities(Path(path), result)
        return result


def list_code(path: Path) -> str:
    """``cons`` for the consolidated (non-SDN) list, else ``sdn``: by file name, then content."""
    name = path.name.lower()
    if "cons" in name:
        return "cons"
    if "sdn" in name:
        return "sdn"
    lists = _entry_lists(path)
    return "cons" if lists and lists != {SDN_LIST} else "sdn"


def _entry_lists(path: Path) -> set[str]:
    """Names of the lists of the SanctionsEntry elements in the last 256 KiB."""
    head = read_head(path, 1 << 19)
    names = {
        m.group(1): m.group(2).decode("utf-8", "replace").strip()
        for m in _LIST_VALUE_RE.finditer(head)
    }
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - (1 << 18)))
        tail = fh.read()
    return {names.get(m.group(1), m.group(1).decode()) for m in _ENTRY_LIST_RE.finditer(tail)}


class _FileReader:
    """One streaming pass over one file."""

    def __init__(self, path: Path, result: ParseResult) -> None:
        self.path = path
        self.result = result
        self.ns = ""
        self.section = ""
        #: the record being read: (element name, id attribute, its value)
        self.record: tuple[str, str | None, str | None] | None = None
        self.refs: ReferenceValues | None = None
        self.parties: PartyMapper | None = None
        self.links: LinkMapper | None = None
        #: profile id -> (entity id, schema)
        self.known: dict[str, tuple[str, str]] = {}

    def fail(self, message: str, line: int | None = None) -> ListFormatError:
        return ListFormatError(self.path, message, line=line, element=self.where)

    def run(self) -> None:
        self.ns = self._root_namespace()
        tags = [clark(self.ns, t) for t in (*RECORDS, *SECTIONS)]
        handlers = {
            "DateOfIssue": self._date_of_issue,
            "ReferenceValueSets": self._reference_values,
            "Location": self._location,
            "IDRegDocument": self._document,
            "DistinctParty": self._party,
            "ProfileRelationship": self._relation,
            "SanctionsEntry": self._entry,
        }
        with open(self.path, "rb") as fh:
            events = etree.iterparse(
                fh,
                events=("start", "end"),
                tag=tags,
                resolve_entities=False,
                no_network=True,
                huge_tree=True,
                remove_comments=True,
            )
            try:
                for event, el in events:
                    name = localname(el.tag)
                    if event == "start":
                        self._enter(name, el)
                        continue
                    parent = el.getparent()
                    if name in RECORDS and (
                        parent is None or localname(parent.tag) != RECORDS[name]
                    ):
                        continue  # same name elsewhere: part of an enclosing record
                    handler = handlers.get(name)
                    if handler is not None:
                        handler(el)
                    el.clear(keep_tail=False)
                    if parent is not None:
                        while el.getprevious() is not None:
                            del parent[0]
            except etree.XMLSyntaxError as exc:
                raise self.fail(_syntax_message(exc), exc.lineno) from exc
        self._finish()

    def _root_namespace(self) -> str:
        try:
            size = self.path.stat().st_size
            empty = size == 0 or not read_head(self.path, 1 << 16).strip()
        except OSError as exc:
            raise ListFormatError(self.path, f"cannot read the file: {exc}") from exc
        if empty:
            raise ListFormatError(self.path, "the file is empty")
        try:
            root = _root_element(self.path)
        except etree.XMLSyntaxError as exc:
            raise ListFormatError(
                self.path, f"not XML, or not UTF-8: {exc.msg}", line=exc.lineno
            ) from exc
        if root is None:
            raise ListFormatError(self.path, "no XML element found", line=1)
        if localname(root.tag) != "Sanctions":
            raise ListFormatError(
                self.path,
                f"root element is <{localname(root.tag)}>, not the OFAC advanced <Sanctions>",
                line=root.sourceline,
                element=f"/{localname(root.tag)}",
            )
        return etree.QName(root).namespace or ""

    def _enter(self, name: str, el: Element) -> None:
        """Remember where the reader is, for error messages (built only on failure)."""
        if name in SECTIONS:
            self.section, self.record = name, None
        elif RECORDS.get(name) == "Sanctions":
            self.section, self.record = "", (name, None, None)
        else:
            fixed = el.get("FixedRef")
            key, value = ("FixedRef", fixed) if fixed is not None else ("ID", el.get("ID"))
            self.record = (name, key, value)

    @property
    def where(self) -> str:
        path = f"/Sanctions/{self.section}" if self.section else "/Sanctions"
        if self.record is None:
            return path
        name, key, value = self.record
        return f"{path}/{name}" + (f"[@{key}='{value}']" if value is not None else "")

    def _need_refs(self, el: Element) -> tuple[ReferenceValues, PartyMapper, LinkMapper]:
        if self.refs is None or self.parties is None or self.links is None:
            raise self.fail(
                f"<{localname(el.tag)}> comes before <ReferenceValueSets>; cannot resolve its ids",
                el.sourceline,
            )
        return self.refs, self.parties, self.links

    # -- records ----------------------------------------------------------------------
    def _date_of_issue(self, el: Element) -> None:
        self.result.publisher_date = date_text(el, self.ns)
        if self.result.publisher_date is None:
            self.result.warn(self.path, "DateOfIssue has no readable date", el.sourceline)

    def _reference_values(self, el: Element) -> None:
        self.refs = ReferenceValues.from_element(el)
        self.parties = PartyMapper(self.path, self.ns, self.refs, self.result)
        code = list_code(self.path)
        self.links = LinkMapper(self.path, self.ns, self.refs, self.result, self.known, code)
        self.result.count("ReferenceValue", sum(len(t) for t in self.refs.tables.values()))

    def _location(self, el: Element) -> None:
        refs, parties, _ = self._need_refs(el)
        parties.places[el.get("ID") or ""] = read_location(el, self.ns, refs)
        self.result.count("Location")

    def _document(self, el: Element) -> None:
        refs, parties, _ = self._need_refs(el)
        warning = parties.documents.collect(el, self.ns, refs)
        if warning is not None:
            self.result.warn(self.path, warning, el.sourceline)
        self.result.count("IDRegDocument")

    def _party(self, el: Element) -> None:
        _, parties, _ = self._need_refs(el)
        self.result.count("DistinctParty")
        read = parties.read(el)
        if read is None:
            return
        profile_id, entities = read
        party = entities[0]
        if profile_id in self.known:
            self.result.warn(self.path, f"profile {profile_id} is listed twice", el.sourceline)
        self.known[profile_id] = (party.id, party.schema)
        self.result.entities.extend(entities)

    def _relation(self, el: Element) -> None:
        _, _, links = self._need_refs(el)
        self.result.count("ProfileRelationship")
        entity = links.read_relation(el)
        if entity is not None:
            self.result.entities.append(entity)

    def _entry(self, el: Element) -> None:
        _, _, links = self._need_refs(el)
        self.result.count("SanctionsEntry")
        links.read_entry(el)

    def _finish(self) -> None:
        if self.refs is None or self.parties is None or self.links is None:
            raise ListFormatError(
                self.path, "no <ReferenceValueSets>: not a complete OFAC advanced XML file"
            )
        parties, links = self.parties, self.links
        sanctions: list[Entity] = links.finish(parties.sanction_notes)
        self.result.entities.extend(sanctions)
        for label, (count, line) in sorted(parties.unmapped.items()):
            self.result.warn(
                self.path, f"feature type {label!r} has no mapping; kept in notes ({count}x)", line
            )
        for identity, docs in parties.documents.by_identity.items():
            for doc in docs:
                self.result.warn(
                    self.path,
                    f"IDRegDocument for unknown identity {identity}: {doc.kind} {doc.number}",
                    doc.line,
                )
        self._check_dataset(links.lists)

    def _check_dataset(self, lists: dict[str, int]) -> None:
        dataset = self.result.dataset
        for name, count in sorted(lists.items()):
            self.result.count(f"list:{name}", count)
        if not lists:
            return
        is_sdn = set(lists) == {SDN_LIST}
        if (dataset == SDN_DATASET and not is_sdn) or (dataset == CONS_DATASET and is_sdn):
            names = ", ".join(sorted(lists))
            self.result.warn(self.path, f"entries are on {names}, but the dataset is {dataset!r}")


FORMATS = [OfacAdvancedXmlFormat()]


_HEAD_CHUNK = 512


def _root_element(path: Path) -> etree._Element | None:
    """The root element, read from the head of the file only.

    The pull parser is fed small chunks and stopped at the first start tag, so a defect
    further on (bytes that are not UTF-8, a cut file) is left to the full pass, which names
    the element it is in. ``iterparse`` reads ahead by a size that changed in lxml 6 and
    raised such errors here, before any element was known.
    """
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, remove_comments=True
    )
    with open(path, "rb") as fh:
        while chunk := fh.read(_HEAD_CHUNK):
            parser.feed(chunk)
            for _event, element in parser.read_events():
                return element
    parser.close()
    return None
