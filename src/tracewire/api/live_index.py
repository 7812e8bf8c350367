"""The screening index the service answers from, swapped whole when a list changes.

A :class:`Snapshot` is immutable: the screener, the list versions it holds, the
entity dates and the message screener (with its mention automaton, built with the index
so that no ``/screen/message`` or ``/scan`` request waits for it). A request takes the current snapshot once, at its start, and uses only
that one, so a reload never changes the lists under a running request. A reload builds
the next snapshot off the request path (in a worker thread) and then replaces the
reference in one assignment: requests that started before keep the old snapshot until
they finish, later ones get the new one, and none waits or fails.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tracewire.api.errors import NotReady
from tracewire.api.timeline import EntityDates, entity_dates
from tracewire.errors import StoreError, UnknownDatasetError
from tracewire.match import Query, Screener
from tracewire.memory import gc_paused, settle
from tracewire.messages.screening import MessageScreener
from tracewire.screen.mentions import MentionFinder
from tracewire.store import Store, VersionInfo
from tracewire.store.index_blobs import IndexBlobs

#: the name yente gives the collection of every loaded list
DEFAULT_DATASET = "default"
Fingerprint = tuple[tuple[str, int, str], ...]


def fingerprint(versions: Sequence[VersionInfo]) -> Fingerprint:
    return tuple(sorted((v.dataset, v.seq, v.sha256) for v in versions))


@dataclass(frozen=True)
class Snapshot:
    screener: Screener
    versions: tuple[VersionInfo, ...]
    dates: dict[tuple[str, str], EntityDates]
    built_at: datetime
    build_seconds: float
    #: payment messages and documents are screened with this one (its mention automaton
    #: is built with the snapshot; see :func:`build_snapshot`); None when the service
    #: screens no messages (``TRACEWIRE_API_MESSAGES=0``)
    messages: MessageScreener | None
    by_dataset: dict[str, VersionInfo] = field(init=False)
    #: listed entities already written in wire form (see :func:`tracewire.api.wire.result_base`)
    wire_cache: dict[tuple[str, str], dict[str, Any]] = field(init=False, repr=False)
    #: list versions in wire form, by the datasets a request screened
    lists_cache: dict[frozenset[str], list[dict[str, Any]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_dataset", {v.dataset: v for v in self.versions})
        object.__setattr__(self, "wire_cache", {})
        object.__setattr__(self, "lists_cache", {})

    @property
    def fingerprint(self) -> Fingerprint:
        return fingerprint(self.versions)

    def scope(self, dataset: str) -> frozenset[str]:
        """The datasets a path's ``{dataset}`` stands for (``default``: all of them)."""
        if dataset == DEFAULT_DATASET:
            return frozenset(self.by_dataset)
        if dataset not in self.by_dataset:
            known = ", ".join([DEFAULT_DATASET, *sorted(self.by_dataset)])
            raise UnknownDatasetError(f"No dataset named {dataset!r} is loaded (known: {known})")
        return frozenset({dataset})


#: names asked once when a snapshot is built, so that no request pays the first-use cost
#: of what the matcher loads on demand (once per process): rigour's territory table (a
#: place in brackets, *Kangze Yuan Logistics (Hong Kong)*: about 2 CPU s), the Arabic
#: readings' tables (0.45 s) and pypinyin, for a Han name beyond the business words that
#: the matcher writes out (1 s)
WARM_NAMES = (
    "warm up",
    "Warm Up Trading Ltd (Hong Kong)",
    "شركة الأمل للتجارة",
    "上海光华机械有限公司",
)


def build_snapshot(store: Store, cache_dir: Path | None, messages: bool = True) -> Snapshot:
    """Index the current version of every list; retried if a load lands meanwhile.
    Without ``messages`` the snapshot has no message screener (nor mention automaton)."""
    started = time.perf_counter()
    for _attempt in range(3):
        versions = store.current_versions()
        datasets = [v.dataset for v in versions]
        shared = IndexBlobs.configured(store.engine)  # one host builds, the others load
        # the cache folder's files are signed under $TRACEWIRE_INDEX_KEY when it is set
        screener = Screener.from_store(store, datasets, cache_dir=cache_dir, shared=shared)
        dates = entity_dates(store, versions)
        if fingerprint(store.current_versions()) == fingerprint(versions):
            break
    else:
        raise StoreError("the lists kept changing while the index was built; try again")
    if len(screener):
        for name in WARM_NAMES:  # first-call costs, off the path
            screener.match(Query(names=[name]), limit=1)
    # the mention automaton of every listed name (seconds on the real lists): built here,
    # before the snapshot is swapped in, not by the first message or document screened
    screens = build_message_screener(screener) if messages else None
    return Snapshot(
        screener=screener,
        versions=tuple(versions),
        dates=dates,
        built_at=datetime.now(UTC),
        build_seconds=time.perf_counter() - started,
        messages=screens,
    )


def build_message_screener(screener: Screener) -> MessageScreener:
    """The message screener of a snapshot's screener, with its mention automaton."""
    return MessageScreener(screener, MentionFinder(screener))


class LiveIndex:
    """Holds the current snapshot and replaces it when the store's lists change.

    Whether they changed is asked cheaply: :meth:`Store.versions_stamp
    <tracewire.store.Store.versions_stamp>` (a count and a max over the versions table)
    is compared with the stamp seen when the snapshot was known current, and the full
    fingerprint of the current versions is read only when the stamp moved. So several
    services sharing one store (hosts, see :mod:`tracewire.store.notify`) can each check
    every few seconds.
    """

    def __init__(self, store: Store, cache_dir: Path | None, messages: bool = True) -> None:
        self.store = store
        self.cache_dir = cache_dir
        #: whether snapshots carry a message screener (see :func:`build_snapshot`)
        self.messages = messages
        self._snapshot: Snapshot | None = None
        #: the versions stamp read when the current snapshot was last known current
        self._stamp: tuple[int, int] | None = None
        self._build_lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._snapshot is not None

    @property
    def current(self) -> Snapshot:
        snapshot = self._snapshot
        if snapshot is None:
            raise NotReady("the screening index is still being built; try again shortly")
        return snapshot

    def _build(self) -> tuple[Snapshot, tuple[int, int]]:
        """A snapshot of the store's current lists, settled before the garbage collector
        sees it (see :mod:`tracewire.memory`), and the versions stamp read before it (a
        load landing meanwhile moves the stamp, so the next check looks again)."""
        stamp = self.store.versions_stamp()
        with gc_paused():
            fresh = build_snapshot(self.store, self.cache_dir, self.messages)
            settle()
        return fresh, stamp

    def load(self) -> tuple[Snapshot | None, Snapshot]:
        """Build a snapshot of the store's current lists and swap it in: (old, new)."""
        with self._build_lock:
            fresh, stamp = self._build()
            old, self._snapshot = self._snapshot, fresh
            self._stamp = stamp
            return old, fresh

    def stale(self) -> bool:
        """Whether the store has list versions the current snapshot does not."""
        snapshot = self._snapshot
        if snapshot is None:
            return True
        stamp = self.store.versions_stamp()
        if stamp == self._stamp:
            return False
        if fingerprint(self.store.current_versions()) != snapshot.fingerprint:
            return True
        self._stamp = stamp  # a version was added but the current ones are the same
        return False

    def refresh_if_stale(self) -> bool:
        """Reload when a list has a new version; True when it did."""
        if not self.stale():
            return False
        with self._build_lock:
            if not self.stale():  # another thread reloaded while we waited
                return False
            fresh, stamp = self._build()
            self._snapshot, self._stamp = fresh, stamp
            return True
