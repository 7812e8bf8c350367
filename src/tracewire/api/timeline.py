"""When each listed entity was first seen, last seen and last changed, from the store.

yente reports ``first_seen``, ``last_seen`` and ``last_change`` for every entity and can
restrict matching to entities ``changed_since`` a date. tracewire derives the same dates
from its own version history: an entity is first seen in the first loaded version that
holds it, last seen in the current version, and last changed in the latest version whose
record of it differs from the version before (including when it reappears after a gap).
An FtM source that carries its own dates (OpenSanctions data) keeps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tracewire.store import Store, VersionInfo


@dataclass(frozen=True, slots=True)
class EntityDates:
    first_seen: datetime
    last_seen: datetime
    last_change: datetime


def wire_time(value: datetime | str | None) -> str | None:
    """A time on the wire: RFC 3339 to the second, in UTC (``2024-05-03T10:00:00Z``).

    yente writes its times without an offset; tracewire adds the ``Z`` so that they are
    valid ``date-time`` values, which yente's clients read the same way. A time given by
    an FtM source as text is normalised too (without an offset it is taken as UTC); text
    that is not a time is left out.
    """
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def entity_dates(store: Store, current: list[VersionInfo]) -> dict[tuple[str, str], EntityDates]:
    """``(dataset, entity id) → dates`` for every entity in the current versions."""
    out: dict[tuple[str, str], EntityDates] = {}
    for head in current:
        first: dict[str, datetime] = {}
        changed: dict[str, datetime] = {}
        previous: dict[str, str] = {}
        for version in store.versions(head.dataset):
            if version.seq > head.seq:
                break
            hashes = store.version_hashes(version)
            for entity_id, digest in hashes.items():
                first.setdefault(entity_id, version.loaded_at)
                if previous.get(entity_id) != digest:
                    changed[entity_id] = version.loaded_at
            previous = hashes
        for entity_id in previous:
            out[(head.dataset, entity_id)] = EntityDates(
                first[entity_id], head.loaded_at, changed[entity_id]
            )
    return out
