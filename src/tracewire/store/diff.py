"""What changed between two versions of a dataset: entities added, removed and changed.

People count *parties* (the persons, companies, vessels... that a list names), not the
entities a list holds for them (a UN entry is a Person and its Sanction), so the summary
counts parties: a party is changed when its own entity changed or a sanction on it was
added, removed or changed. ``entities`` counts every entity, and ``schemata`` each schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracewire.model.entity import MATCHABLE_SCHEMATA
from tracewire.store.store import Store, VersionInfo

KINDS = ("added", "removed", "changed")


@dataclass
class EntityChange:
    id: str
    schema: str
    caption: str
    #: property -> {"added": [...], "removed": [...]}
    fields: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "schema": self.schema,
            "caption": self.caption,
            "fields": self.fields,
        }


@dataclass
class Diff:
    dataset: str
    old: VersionInfo
    new: VersionInfo
    added: list[EntityChange] = field(default_factory=list)
    removed: list[EntityChange] = field(default_factory=list)
    changed: list[EntityChange] = field(default_factory=list)
    #: parties in both versions whose sanctions were added, removed or changed
    sanctions_changed: set[str] = field(default_factory=set)

    @property
    def single(self) -> bool:
        """The diff compares a version with itself (e.g. a dataset with one version)."""
        return self.old.seq == self.new.seq

    def parties(self) -> dict[str, int]:
        """Parties added, removed and changed (see the module's notes)."""
        added = {c.id for c in self.added if c.schema in MATCHABLE_SCHEMATA}
        removed = {c.id for c in self.removed if c.schema in MATCHABLE_SCHEMATA}
        changed = {c.id for c in self.changed if c.schema in MATCHABLE_SCHEMATA}
        changed |= self.sanctions_changed - added - removed
        return {"added": len(added), "removed": len(removed), "changed": len(changed)}

    def schemata(self) -> dict[str, dict[str, int]]:
        """Per schema: entities added, removed and changed."""
        out: dict[str, dict[str, int]] = {}
        for kind in KINDS:
            for c in getattr(self, kind):
                counts = out.setdefault(c.schema, dict.fromkeys(KINDS, 0))
                counts[kind] += 1
        return dict(sorted(out.items()))

    def summary(self) -> dict[str, Any]:
        """``added``/``removed``/``changed`` parties, ``entities`` the same over every
        entity, ``schemata`` per schema."""
        return {
            **self.parties(),
            "entities": {k: len(getattr(self, k)) for k in KINDS},
            "schemata": self.schemata(),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "from": self.old.to_dict(),
            "to": self.new.to_dict(),
            "summary": self.summary(),
            "added": [c.to_dict() for c in self.added],
            "removed": [c.to_dict() for c in self.removed],
            "changed": [c.to_dict() for c in self.changed],
        }


def diff_versions(store: Store, dataset: str, old_seq: int | None, new_seq: int | None) -> Diff:
    """Compare two versions (default: the one before the latest, and the latest)."""
    versions = store.versions(dataset)
    new = store.version(dataset, new_seq)
    if old_seq is None:
        earlier = [v for v in versions if v.seq < new.seq]
        old = earlier[-1] if earlier else new
    else:
        old = store.version(dataset, old_seq)
    old_h = store.version_hashes(old)
    new_h = store.version_hashes(new)
    result = Diff(dataset=dataset, old=old, new=new)
    sanctioned: set[str] = set()
    for eid in sorted(new_h.keys() - old_h.keys()):
        e = store.blob(new_h[eid], dataset)
        result.added.append(EntityChange(eid, e.schema, e.caption))
        if e.schema == "Sanction":
            sanctioned.update(e.get("entity"))
    for eid in sorted(old_h.keys() - new_h.keys()):
        e = store.blob(old_h[eid], dataset)
        result.removed.append(EntityChange(eid, e.schema, e.caption))
        if e.schema == "Sanction":
            sanctioned.update(e.get("entity"))
    for eid in sorted(old_h.keys() & new_h.keys()):
        if old_h[eid] == new_h[eid]:
            continue
        a = store.blob(old_h[eid], dataset)
        b = store.blob(new_h[eid], dataset)
        change = EntityChange(eid, b.schema, b.caption)
        if a.schema != b.schema:
            change.fields["schema"] = {"added": [b.schema], "removed": [a.schema]}
        for prop in sorted(set(a.properties) | set(b.properties)):
            va, vb = set(a.get(prop)), set(b.get(prop))
            if va != vb:
                change.fields[prop] = {"added": sorted(vb - va), "removed": sorted(va - vb)}
        if change.fields:
            result.changed.append(change)
            if b.schema == "Sanction":
                sanctioned.update(a.get("entity") + b.get("entity"))
    result.sanctions_changed = {i for i in sanctioned if i in old_h and i in new_h}
    return result
