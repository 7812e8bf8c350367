"""The portfolio indexed like a list, kept between delta rescreens.

:meth:`Monitor.rescreen <tracewire.workflow.monitor.Monitor.rescreen>` looks each changed
list entry up in an index of the portfolio's names. Building that index costs in
proportion to the portfolio, not to the list change, so it is kept: in memory for as long
as the :class:`~tracewire.workflow.monitor.Monitor` lives (the API's), and, given a cache
folder, on disk next to the list index (the CLI's ``index`` folder), so the next
``lists update`` finds it.

The cache is keyed by exactly what the index is made of: each active party's id, name and
schema, in portfolio order, plus the code and libraries that turn names into index keys.
Importing a party, changing its name or schema, or removing one changes the key, so the
index is rebuilt exactly when a rebuild would come out different. A new birth date or
country leaves it alone: the index holds names only, and the live party is what gets
scored.

Reuse changes no result. A :class:`~tracewire.match.index.NameIndex` is a function of its
entities in order, so the kept index is the one a rebuild would make. Its key weights
(IDF) depend on the whole indexed set. They only rank which parties become candidates
for a list entry (each pair is then scored with the full list index's weights), but that
ranking decides which parties make the :data:`REVERSE_CANDIDATES` cut. So the index is
never updated in place: adding one party would change every weight, and so the cut. A
stale index is rebuilt whole.

A cache file that cannot be read (corrupt, truncated, from other code) is ignored and
rebuilt; one that cannot be written is skipped. Neither is an error: the cache only saves
time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import threading
from collections.abc import Sequence
from contextlib import suppress
from functools import cache
from importlib import metadata
from pathlib import Path

import orjson

import tracewire.match
from tracewire.match.index import NameIndex
from tracewire.match.screener import INDEX_FORMAT
from tracewire.memory import gc_paused
from tracewire.model import Entity
from tracewire.workflow.portfolio import Party

log = logging.getLogger("tracewire.workflow")

#: the layout of a cache file: (CACHE_FORMAT, key, NameIndex)
CACHE_FORMAT = 1
#: libraries whose behaviour goes into a name's index keys
LIBRARIES = ("followthemoney", "normality", "pypinyin", "rapidfuzz", "rigour", "zhconv")
PREFIX = "portfolio-"


@cache
def _code_tag() -> str:
    """The name-keying code: the match package's source and the libraries it uses. A cache
    file written by other code is not reused (another :class:`NameIndex` could differ)."""
    h = hashlib.sha256(repr((CACHE_FORMAT, INDEX_FORMAT, tracewire.__version__)).encode())
    source = tracewire.match.__file__
    try:
        for path in sorted(Path(source).parent.glob("*.py")) if source else []:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
    except OSError:
        h.update(b"no source")
    for dist in LIBRARIES:
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{dist}={version}".encode())
    return h.hexdigest()


def portfolio_key(parties: Sequence[Party]) -> str:
    """What a portfolio index is made of, hashed: each party's id, name and schema, in
    order, and the code that keys names."""
    content = orjson.dumps([[p.id, p.name, p.schema] for p in parties])
    return hashlib.sha256(_code_tag().encode() + b"\0" + content).hexdigest()


def build_index(parties: Sequence[Party]) -> NameIndex:
    """The portfolio as a list: each party's name under the keys a list entry's gets."""
    entities = []
    for party in parties:
        entity = Entity.make(party.schema or "LegalEntity", party.id, "portfolio")
        entity.properties["name"] = [party.name]
        entities.append(entity)
    with gc_paused():
        return NameIndex(entities)


class PortfolioIndex:
    """The portfolio's :class:`NameIndex`, built once per portfolio state.

    ``built``, ``loaded`` (from the cache file) and ``reused`` (held in memory) count how
    each :meth:`get` was answered.
    """

    def __init__(self, cache_dir: Path | None = None) -> None:
        self.cache_dir = cache_dir
        self.built = 0
        self.loaded = 0
        self.reused = 0
        self._held: tuple[str, NameIndex] | None = None
        self._lock = threading.Lock()

    def path(self, key: str) -> Path | None:
        """The cache file for a portfolio key (None without a cache folder)."""
        return self.cache_dir / f"{PREFIX}{key[:32]}.pickle" if self.cache_dir else None

    def get(self, parties: Sequence[Party]) -> NameIndex:
        """The index of ``parties`` (the active portfolio, in order): kept, or rebuilt."""
        key = portfolio_key(parties)
        with self._lock:
            if self._held is not None and self._held[0] == key:
                self.reused += 1
                return self._held[1]
            index = self._load(key)
            if index is not None:
                self.loaded += 1
            else:
                index = build_index(parties)
                self.built += 1
                self._save(key, index)
            self._held = (key, index)
            return index

    def clear(self) -> None:
        """Forget the index held in memory (the cache file stays)."""
        with self._lock:
            self._held = None

    def _load(self, key: str) -> NameIndex | None:
        path = self.path(key)
        if path is None or not path.exists():
            return None
        try:
            with open(path, "rb") as src, gc_paused():
                found = pickle.load(src)
            fmt, stored_key, index = found
            if fmt == CACHE_FORMAT and stored_key == key and isinstance(index, NameIndex):
                return index
            reason = "written for another portfolio or format"
        except Exception as exc:  # any unreadable file: a cache, rebuilt, never an error
            reason = f"{type(exc).__name__}: {exc}"
        log.warning("ignoring the portfolio index cache %s (%s); rebuilding it", path, reason)
        return None

    def _save(self, key: str, index: NameIndex) -> None:
        path = self.path(key)
        if path is None:
            return
        tmp: str | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".part", dir=path.parent)
            with os.fdopen(fd, "wb") as fh, gc_paused():
                pickle.dump((CACHE_FORMAT, key, index), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            tmp = None
        except Exception as exc:  # a full disk or a read-only folder: rescreen uncached
            log.warning("could not write the portfolio index cache %s (%s)", path, exc)
            return
        finally:
            if tmp is not None:
                with suppress(OSError):
                    os.unlink(tmp)
        # one portfolio, one file: earlier states' files are of no more use
        for old in path.parent.glob(f"{PREFIX}*.pickle"):
            if old != path:
                with suppress(OSError):
                    old.unlink()
