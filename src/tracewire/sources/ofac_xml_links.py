"""What points at an OFAC advanced-XML party: sanctions entries and relationships.

Both come after ``DistinctParties`` and name parties by ``ProfileID``.

``SanctionsEntry`` → one ``Sanction`` per party, id ``make_id(entity id, "sanction",
"sdn" | "cons")`` as the legacy CSV parser makes it, gathering every entry of the party (the consolidated file lists each party
on its own list *and* on "Consolidated List").

``ProfileRelationship`` → by relation type (``From`` → ``To``):

=============================  ===============================================
Owned or Controlled By         Ownership (asset = From, owner = To)
Property in the interest of    Ownership (asset = From, owner = To)
Owns, controls, or operates    Ownership (owner = From, asset = To)
Family member of               Family (person = From, relative = To)
Leader or official of          Directorship (director = From, organization = To)
Principal Executive Officer    Directorship (director = From, organization = To)
anything else ("Associate Of", UnknownLink (subject = From, object = To)
"Linked To", "Providing ...")
=============================  ===============================================

The relation type is kept in ``role`` (``relationship`` for Family). When the two
parties do not fit the roles (a vessel cannot own, a company has no family), the link is
read the other way round if that fits, else as an UnknownLink.
"""

from __future__ import annotations

from pathlib import Path

from tracewire.model import Entity, make_id
from tracewire.sources.base import ParseResult
from tracewire.sources.ofac_xml_party import SOURCE_URL
from tracewire.sources.ofac_xml_values import (
    Element,
    ReferenceValues,
    child,
    child_text,
    children,
    date_text,
    is_true,
    put,
)

AUTHORITY = "US Office of Foreign Assets Control"  # as the legacy CSV parser has it
ISSUER_COUNTRY = "us"
PROGRAM_MEASURE = "program"
UNKNOWN = "unknown"
#: relationship schema -> (id key, the role whose party leads the id); the same ids as
#: the legacy CSV parser gives an owner (``owner``) and a "Linked To" remark (``linked``)
LINK_IDS = {
    "Ownership": ("owner", "asset"),
    "UnknownLink": ("linked", "subject"),
    "Family": ("family", "person"),
    "Directorship": ("director", "director"),
}
RELATIONS: dict[str, tuple[str, str, str]] = {
    "owned or controlled by": ("Ownership", "asset", "owner"),
    "property in the interest of": ("Ownership", "asset", "owner"),
    "owns, controls, or operates": ("Ownership", "owner", "asset"),
    "family member of": ("Family", "person", "relative"),
    "leader or official of": ("Directorship", "director", "organization"),
    "principal executive officer": ("Directorship", "director", "organization"),
}
UNKNOWN_LINK = ("UnknownLink", "subject", "object")
VEHICLES = frozenset({"Vessel", "Airplane"})


def _fits(role: str, schema: str) -> bool:
    """Can a party of this schema take this role of a relationship?"""
    if role in ("person", "relative"):
        return schema == "Person"
    if role in ("owner", "director"):
        return schema not in VEHICLES
    if role == "organization":
        return schema not in VEHICLES and schema != "Person"
    if role == "asset":
        return schema != "Person"
    return True


class LinkMapper:
    def __init__(
        self,
        path: Path,
        ns: str,
        refs: ReferenceValues,
        result: ParseResult,
        known: dict[str, tuple[str, str]],
        list_code: str,
    ) -> None:
        self.path = path
        self.ns = ns
        self.refs = refs
        self.result = result
        #: profile id -> (entity id, schema), filled while parties are read
        self.known = known
        #: "sdn" or "cons": the last part of Sanction ids, as in the legacy CSV parser
        self.list_code = list_code
        self.sanctions: dict[str, Entity] = {}
        self.listed: dict[str, str] = {}
        #: list name -> number of entries on it
        self.lists: dict[str, int] = {}

    def warn(self, message: str, el: Element) -> None:
        self.result.warn(self.path, message, el.sourceline)

    # -- relationships ----------------------------------------------------------------
    def read_relation(self, el: Element) -> Entity | None:
        from_id, to_id = el.get("From-ProfileID"), el.get("To-ProfileID")
        source = self.known.get(from_id or "")
        target = self.known.get(to_id or "")
        type_id = el.get("RelationTypeID")
        label = self.refs.text("RelationType", type_id)
        if source is None or target is None:
            missing = from_id if source is None else to_id
            self.warn(
                f"ProfileRelationship {el.get('ID')} ({label}) names unknown profile {missing}; skipped",
                el,
            )
            return None
        if label is None:
            self.warn(f"ProfileRelationship {el.get('ID')}: unknown RelationTypeID {type_id}", el)
            label = f"relation type {type_id}"
        schema, from_role, to_role = RELATIONS.get(label.lower(), UNKNOWN_LINK)
        (from_entity, from_schema), (to_entity, to_schema) = source, target
        if not (_fits(from_role, from_schema) and _fits(to_role, to_schema)):
            if _fits(from_role, to_schema) and _fits(to_role, from_schema):
                from_role, to_role = to_role, from_role
                self.result.count("ProfileRelationship read reversed")
            else:
                schema, from_role, to_role = UNKNOWN_LINK
                self.result.count("ProfileRelationship read as UnknownLink")
        roles = {from_role: from_entity, to_role: to_entity}
        key, lead = LINK_IDS[schema]
        other = to_entity if roles[lead] == from_entity else from_entity
        link = Entity.make(
            schema,
            id=make_id(roles[lead], key, other),
            dataset=self.result.dataset,
            source_id=el.get("ID"),
        )
        for role, party_id in roles.items():
            put(link, role, party_id)
        put(link, "relationship" if schema == "Family" else "role", label)
        if is_true(el.get("Former")):
            put(link, "status" if "status" in link.schema_obj.properties else "summary", "former")
        put(link, "summary", child_text(el, self.ns, "Comment"))
        return link

    # -- sanctions --------------------------------------------------------------------
    def read_entry(self, el: Element) -> None:
        q = self.ns
        profile_id = el.get("ProfileID") or ""
        party = self.known.get(profile_id)
        list_name = self.refs.text("List", el.get("ListID")) or f"list {el.get('ListID')}"
        self.lists[list_name] = self.lists.get(list_name, 0) + 1
        if party is None:
            self.warn(
                f"SanctionsEntry {el.get('ID')} names unknown profile {profile_id}; skipped", el
            )
            return
        sanction = self.sanctions.get(profile_id)
        if sanction is None:
            sanction = self._make_sanction(profile_id, party[0])
        put(sanction, "program", list_name)
        for event in children(el, q, "EntryEvent"):
            when = date_text(child(event, q, "Date"), q)
            if when is not None and (
                profile_id not in self.listed or when < self.listed[profile_id]
            ):
                self.listed[profile_id] = when
            basis = self.refs.text("LegalBasis", event.get("LegalBasisID"))
            if basis and basis.lower() != UNKNOWN:
                put(sanction, "reason", basis)
            put(sanction, "summary", child_text(event, q, "Comment"))
        for measure in children(el, q, "SanctionsMeasure"):
            kind = self.refs.text("SanctionsType", measure.get("SanctionsTypeID"))
            comment = (child_text(measure, q, "Comment") or "").strip()
            if (kind or "").lower() == PROGRAM_MEASURE:
                if comment:
                    put(sanction, "programId", comment)
                continue
            if kind is None:
                self.warn(f"SanctionsMeasure {measure.get('ID')}: unknown SanctionsTypeID", measure)
            else:
                put(sanction, "provisions", kind)
            put(sanction, "summary", comment)

    def _make_sanction(self, profile_id: str, entity_id: str) -> Entity:
        sanction = Entity.make(
            "Sanction",
            id=make_id(entity_id, "sanction", self.list_code),
            dataset=self.result.dataset,
            source_id=profile_id,
        )
        put(sanction, "entity", entity_id)
        put(sanction, "authority", AUTHORITY)
        put(sanction, "authorityId", profile_id)
        put(sanction, "country", ISSUER_COUNTRY)
        sanction.add("sourceUrl", SOURCE_URL.format(profile_id), cleaned=True)  # built clean
        self.sanctions[profile_id] = sanction
        return sanction

    def finish(self, notes: dict[str, list[str]]) -> list[Entity]:
        """The Sanctions, completed with listing dates and sanction-related features."""
        for profile_id, sanction in self.sanctions.items():
            put(sanction, "listingDate", self.listed.get(profile_id))
            put(sanction, "summary", notes.get(profile_id))
        for profile_id, (entity_id, _) in self.known.items():
            if profile_id not in self.sanctions:
                self.result.warn(self.path, f"party {entity_id} has no SanctionsEntry")
        return list(self.sanctions.values())
