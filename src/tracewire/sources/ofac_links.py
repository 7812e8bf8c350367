"""Relations OFAC names by name: ``Linked To:`` remarks, vessel owners, aircraft operators.

OFAC's legacy CSV names a related party by its primary name (``Linked To: JOINT STOCK
COMPANY IZHEVSK ELECTROMECHANICAL PLANT KUPOL.``, or ``NITC`` in the vessel owner
column). Once a whole list is read, each name is looked up among the list's primary
names (case and spacing aside, with or without a final full stop), then, when that
fails, among its alias names if exactly one entry has it. A match becomes an
``UnknownLink`` (role "Linked To"), an ``Ownership`` (vessel owner) or the airplane's
``operator``. A name that matches no entry or several is kept in ``notes`` and, except
for aircraft operators (often a trade name), reported as a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tracewire.model import Entity
from tracewire.sources.base import ParseResult

LABELS = {"link": "Linked To", "owner": "Vessel owner", "operator": "Aircraft Operator"}


def name_key(name: str) -> str:
    return " ".join(name.upper().split()).rstrip(". ")


@dataclass
class NameIndex:
    """Entity ids by primary name and by alias name."""

    primary: dict[str, list[str]] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)

    def add_primary(self, name: str, eid: str) -> None:
        ids = self.primary.setdefault(name_key(name), [])
        if eid not in ids:
            ids.append(eid)

    def add_alias(self, name: str, eid: str) -> None:
        self.aliases.setdefault(name_key(name), set()).add(eid)

    def lookup(self, name: str) -> tuple[list[str], str]:
        """The ids an entry name refers to, and whether by ``name`` or ``alias``."""
        key = name_key(name)
        if key in self.primary:
            return self.primary[key], "name"
        found = self.aliases.get(key)
        return (sorted(found), "alias") if found else ([], "")


@dataclass(slots=True)
class Pending:
    """A relation seen in an entry, to resolve once every name of the list is known."""

    kind: str  # link, owner, operator
    entity: Entity
    name: str
    file: str
    line: int


def resolve_links(pending: list[Pending], index: NameIndex, result: ParseResult) -> None:
    relations: dict[str, Entity] = {}
    for item in pending:
        entity, label = item.entity, LABELS[item.kind]
        ids, how = index.lookup(item.name)
        ids = [i for i in ids if i != entity.id]
        if len(ids) != 1:
            entity.add("notes", f"{label}: {item.name}")
            result.count(f"{item.kind}s unresolved")
            if item.kind == "operator" and not ids:
                continue
            if ids:
                reason = f"matches {len(ids)} entries by {how} ({', '.join(ids[:5])})"
            else:
                reason = "is not the name of another entry in the files given"
            result.warn(
                item.file,
                f"ent_num {entity.source_id}: {label} {item.name!r} {reason}; kept in notes",
                item.line,
            )
            continue
        target = ids[0]
        result.count(f"{item.kind}s resolved by {how}")
        if item.kind == "operator":
            entity.add("operator", target)
            continue
        # ids are slugs already, so this is make_id(entity.id, "owner"/"linked", target)
        if item.kind == "owner":
            rel = Entity.make("Ownership", f"{entity.id}-owner-{target}", entity.dataset)
            rel.add("owner", target)
            rel.add("asset", entity.id)
        else:
            rel = Entity.make("UnknownLink", f"{entity.id}-linked-{target}", entity.dataset)
            rel.add("subject", entity.id)
            rel.add("object", target)
        rel.add("role", label)
        relations.setdefault(rel.id, rel)
    result.entities.extend(relations.values())
