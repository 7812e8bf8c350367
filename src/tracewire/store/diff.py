"""What changed between two versions of a dataset: entities added, removed and changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracewire.store.store import Store, VersionInfo


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "from": self.old.to_dict(),
            "to": self.new.to_dict(),
            "summary": {
                "added": len(self.added),
                "removed": len(self.removed),
                "changed": len(self.changed),
            },
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
    for eid in sorted(new_h.keys() - old_h.keys()):
        e = store.blob(new_h[eid], dataset)
        result.added.append(EntityChange(eid, e.schema, e.caption))
    for eid in sorted(old_h.keys() - new_h.keys()):
        e = store.blob(old_h[eid], dataset)
        result.removed.append(EntityChange(eid, e.schema, e.caption))
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
    return result
