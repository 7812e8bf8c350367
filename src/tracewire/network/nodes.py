"""The people and companies of a case, each once, as the analyses see them.

Every party becomes a :class:`CaseNode` (``case:party:<id>``), completed with what the
case's company record about it adds (registration number, addresses, incorporation
date). A company record that describes no party becomes a node of its own
(``case:record:<id>``), and so does every owner or director named only by name
(``case:record:<id>/owners[0]``). An owner or director whose ``ref`` names a party or
a record is that node; one without ``ref`` whose name is written exactly as a party's
(or as an earlier owner's or director's, in the same or no country) is that node too.
All of them are screened.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tracewire.match import Query
from tracewire.model.identifiers import IDENTIFIER_TYPES
from tracewire.network.case import Case, CompanyRecord, Director, Owner

QUERY_SCHEMA = {"company": "Company", "person": "Person", "organization": "Organization"}


@dataclass
class CaseNode:
    id: str
    label: str
    kind: str
    path: str  # JSON path of the record in the case file
    party_id: str | None = None
    names: list[str] = field(default_factory=list)
    country: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)  # type → value
    addresses: list[str] = field(default_factory=list)
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    incorporation_date: str | None = None
    business: str | None = None

    def query(self) -> Query:
        return Query(
            names=self.names or [self.label],
            schema=QUERY_SCHEMA.get(self.kind),
            countries=[self.country] if self.country else [],
            identifiers=[(IDENTIFIER_TYPES[k], v) for k, v in self.identifiers.items()],
            id=self.id,
        )

    def ftm_identifiers(self) -> list[tuple[str, str]]:
        return [(IDENTIFIER_TYPES[k], v) for k, v in self.identifiers.items()]


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def party_node_id(party_id: str) -> str:
    return f"case:party:{party_id}"


def record_node_id(record: CompanyRecord) -> str:
    return party_node_id(record.party) if record.party else f"case:record:{record.id}"


class CaseNodes:
    """The nodes of a case, with lookups from party ids and record ids."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.nodes: dict[str, CaseNode] = {}
        self.record_index = {r.id: r for r in case.company_records}
        for i, party in enumerate(case.parties):
            self.nodes[party_node_id(party.id)] = CaseNode(
                id=party_node_id(party.id),
                label=party.name,
                kind=party.kind,
                path=f"parties[{i}]",
                party_id=party.id,
                names=party.names,
                country=party.country,
                identifiers=party.all_identifiers,
                addresses=[party.address] if party.address else [],
                phone=party.phone,
                email=party.email,
                website=party.website,
                incorporation_date=party.incorporation_date,
                business=party.business,
            )
        for i, rec in enumerate(case.company_records):
            self._add_record(i, rec)
        by_name = {_name_key(n): nid for nid, node in self.nodes.items() for n in node.names}
        #: (record id, "owners" / "directors", index) → node id
        self.people: dict[tuple[str, str, int], str] = {}
        for i, rec in enumerate(case.company_records):
            people: list[tuple[str, int, Owner | Director]] = [
                *(("owners", j, o) for j, o in enumerate(rec.owners)),
                *(("directors", j, d) for j, d in enumerate(rec.directors)),
            ]
            for key, j, person in people:
                if person.ref is not None:
                    self.people[(rec.id, key, j)] = self.resolve(person.ref)
                    continue
                # the same name, written the same way, is one node: a party, or one person
                # who owns and directs (a different country keeps them apart)
                name = _name_key(person.name)
                known = by_name.get(name)
                if known is not None and person.country in (None, self.nodes[known].country):
                    self.people[(rec.id, key, j)] = known
                    continue
                nid = f"case:record:{rec.id}/{key}[{j}]"
                self.nodes[nid] = CaseNode(
                    id=nid,
                    label=person.name,
                    kind=person.kind,
                    path=f"company_records[{i}].{key}[{j}]",
                    names=[person.name],
                    country=person.country,
                    identifiers=dict(person.identifiers),
                )
                self.people[(rec.id, key, j)] = nid
                by_name.setdefault(name, nid)

    def _add_record(self, i: int, rec: CompanyRecord) -> None:
        nid = record_node_id(rec)
        node = self.nodes.get(nid)
        if node is None:
            node = CaseNode(
                id=nid,
                label=rec.name or rec.id,
                kind="company",
                path=f"company_records[{i}]",
                names=[rec.name] if rec.name else [],
                country=rec.country,
            )
            self.nodes[nid] = node
        if rec.name and rec.name not in node.names:
            node.names.append(rec.name)
        node.country = node.country or rec.country
        node.incorporation_date = node.incorporation_date or rec.incorporation_date
        for k, v in rec.identifiers.items():
            node.identifiers.setdefault(k, v)
        if rec.registration_number:
            node.identifiers.setdefault("registration", rec.registration_number)
        for addr in rec.addresses:
            if addr not in node.addresses:
                node.addresses.append(addr)

    def resolve(self, ref: str) -> str:
        """Node id of a party id or company record id."""
        if party_node_id(ref) in self.nodes:
            return party_node_id(ref)
        return record_node_id(self.record_index[ref])

    def person_node(self, rec: CompanyRecord, key: str, j: int) -> str:
        """Node id of a record's owner or director (``key``: owners / directors)."""
        return self.people[(rec.id, key, j)]

    def record_paths(self, node_id: str) -> list[str]:
        """JSON paths of the company records about a node."""
        return [
            f"company_records[{i}]"
            for i, r in enumerate(self.case.company_records)
            if record_node_id(r) == node_id
        ]

    def __iter__(self) -> Iterator[CaseNode]:
        return iter(self.nodes.values())

    def __len__(self) -> int:
        return len(self.nodes)
