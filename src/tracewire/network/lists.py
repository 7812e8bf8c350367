"""The loaded lists as an investigation sees them: parties, their sanctions, their links.

:class:`ListData` holds every entity of the current list versions (or of list files
given directly) in memory, indexed for the network analyses:

- ``things``: parties (people, companies, organisations, vessels, aircraft);
- ``designations``: for each party, its listings (:class:`Designation`), with the
  regime each listing belongs to: ``ofac``, ``eu``, ``uk``, ``un`` or ``other``
  (export-control lists, DoD 1260H, ...), read from the ``Sanction``'s authority, and
  its legal effect (asset freeze, export restriction, sectoral, listing only: see
  :mod:`tracewire.sources.effects`);
- ``relationships``: ``Ownership``, ``Directorship``, ``Family``, ``UnknownLink`` and
  the other FtM edge schemata;
- provenance of each entity: dataset and version, so every hop of a network path can
  name the list version and the publisher's row it came from.

List data is read-only once built. What the analyses derive from it alone (the index of
identifiers, contacts and addresses that listed parties share, :mod:`.shared`; the list
part of the network, :mod:`.graph`) is computed on first use and kept with it
(:meth:`ListData.derived`), so every investigation against the same loaded lists reuses
it: the CLI builds list data once per run, the HTTP service once per index.
"""

from __future__ import annotations

import datetime
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tracewire.model import MATCHABLE_SCHEMATA, Entity
from tracewire.network.findings import SourceRef
from tracewire.sources.effects import LegalEffect, classify
from tracewire.store import Store, VersionInfo

#: words of a Sanction's authority that say which regime it belongs to
REGIME_AUTHORITIES: tuple[tuple[str, str], ...] = (
    ("office of foreign assets control", "ofac"),
    ("ofac", "ofac"),
    (
        "treasury department",
        "ofac",
    ),  # US CSL: "Specially Designated Nationals (SDN) - Treasury Department"
    ("european union", "eu"),
    ("foreign, commonwealth", "uk"),
    ("financial sanctions implementation", "uk"),
    ("hm treasury", "uk"),
    ("united nations", "un"),
)
T = TypeVar("T")
REGIME_LABELS = {"ofac": "OFAC", "eu": "EU", "uk": "UK", "un": "UN", "other": "other lists"}


def regime_of(authority: str) -> str:
    low = authority.lower()
    return next((regime for words, regime in REGIME_AUTHORITIES if words in low), "other")


def version_date(v: VersionInfo) -> datetime.date:
    """The date a list version stood: the publisher's date, else the day it was loaded."""
    if v.publisher_date:
        try:
            return datetime.date.fromisoformat(v.publisher_date[:10])
        except ValueError:
            pass
    return v.loaded_at.date()


def versions_as_of(
    store: Store, when: datetime.date, datasets: Iterable[str] | None = None
) -> tuple[list[VersionInfo], list[str]]:
    """Each dataset's version as it stood on ``when``: the latest dated on or before it
    (:func:`version_date`). Returns (versions, datasets that had no version yet)."""
    wanted = set(datasets) if datasets else None
    chosen, missing = [], []
    for name in store.datasets():
        if wanted is not None and name not in wanted:
            continue
        stood = [v for v in store.versions(name) if version_date(v) <= when]
        if stood:
            chosen.append(max(stood, key=lambda v: (version_date(v), v.seq)))
        else:
            missing.append(name)
    return chosen, missing


@dataclass(frozen=True, slots=True)
class Designation:
    """One listing of a party."""

    regime: str
    authority: str
    program: str
    listing_date: str | None
    sanction_id: str
    dataset: str
    source_id: str | None
    legal: LegalEffect

    @property
    def effect(self) -> str:
        return self.legal.effect

    @property
    def blocking(self) -> bool:
        """Whether the listing freezes assets (the only effect that blocks)."""
        return self.legal.effect == "asset_freeze"

    def describe(self) -> str:
        when = f", listed {self.listing_date}" if self.listing_date else ""
        prog = f" ({self.program})" if self.program else ""
        return f"{self.authority}{prog}{when}: {self.legal.describe()}"


@dataclass
class ListData:
    things: dict[str, Entity] = field(default_factory=dict)
    relationships: list[Entity] = field(default_factory=list)
    designations: dict[str, list[Designation]] = field(default_factory=dict)
    addresses: dict[str, Entity] = field(default_factory=dict)  # Address entities by id
    version_of: dict[str, int | None] = field(default_factory=dict)  # dataset → seq
    labels: list[str] = field(default_factory=list)
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def derived(self, name: str, build: Callable[[], T]) -> T:
        """``build()``, computed once per list data and kept under ``name`` (thread-safe:
        concurrent investigations wait for the first to finish building it)."""
        with self._lock:
            if name not in self._derived:
                self._derived[name] = build()
            out: T = self._derived[name]
            return out

    @classmethod
    def from_entities(
        cls,
        entities: Iterable[Entity],
        versions: dict[str, int | None] | None = None,
        labels: list[str] | None = None,
    ) -> ListData:
        data = cls(version_of=dict(versions or {}), labels=list(labels or []))
        sanctions: list[Entity] = []
        for e in entities:
            if e.schema == "Sanction":
                sanctions.append(e)
            elif e.schema == "Address":
                data.addresses[e.id] = e
            elif e.schema_obj.edge:
                data.relationships.append(e)
            elif e.schema in MATCHABLE_SCHEMATA or e.schema_obj.is_a("LegalEntity"):
                if e.id in data.things:
                    data.things[e.id].merge(e)
                else:
                    data.things[e.id] = e
            data.version_of.setdefault(e.dataset, None)
        grouped: dict[str, list[Designation]] = defaultdict(list)
        for s in sanctions:
            authority = s.first("authority") or s.first("country") or s.dataset
            program = s.first("programId") or s.first("program") or ""
            for target in s.get("entity"):
                party = data.things.get(target)
                legal = classify(s, party.get("topics") if party is not None else ())
                grouped[target].append(
                    Designation(
                        regime=regime_of(authority),
                        authority=authority,
                        program=program,
                        listing_date=s.first("listingDate") or s.first("startDate"),
                        sanction_id=s.id,
                        dataset=s.dataset,
                        source_id=s.source_id,
                        legal=legal,
                    )
                )
        data.designations = dict(grouped)
        return data

    @classmethod
    def from_store(
        cls,
        store: Store,
        datasets: Iterable[str] | None = None,
        versions: list[VersionInfo] | None = None,
    ) -> ListData:
        """The current version of every (or the named) dataset in the store, or the
        ``versions`` given (:func:`versions_as_of`)."""
        wanted = set(datasets) if datasets else None
        if versions is None:
            versions = store.current_versions()
        versions = [v for v in versions if wanted is None or v.dataset in wanted]

        def entities() -> Iterable[Entity]:
            for v in versions:
                yield from store.version_entities(v)

        return cls.from_entities(
            entities(),
            {v.dataset: v.seq for v in versions},
            [f"{v.dataset} v{v.seq}" for v in versions],
        )

    def is_sanctioned(self, entity_id: str) -> bool:
        return entity_id in self.designations

    def regimes(self, entity_id: str) -> list[str]:
        return sorted({d.regime for d in self.designations.get(entity_id, [])})

    def entity_addresses(self, entity: Entity) -> list[str]:
        """Address strings of a party, including its linked ``Address`` entities."""
        out = list(entity.get("address"))
        for ref in entity.get("addressEntity"):
            addr = self.addresses.get(ref)
            if addr is not None:
                out.extend(addr.get("full") or [addr.caption])
        return out

    def source(self, entity: Entity, note: str | None = None) -> SourceRef:
        """Where a list entity comes from: dataset, version and the publisher's row id."""
        return SourceRef(
            kind="list",
            dataset=entity.dataset,
            version=self.version_of.get(entity.dataset),
            entity_id=entity.id,
            source_id=entity.source_id,
            note=note,
        )

    def designation_source(self, d: Designation) -> SourceRef:
        return SourceRef(
            kind="list",
            dataset=d.dataset,
            version=self.version_of.get(d.dataset),
            entity_id=d.sanction_id,
            source_id=d.source_id,
            note=d.describe(),
        )
