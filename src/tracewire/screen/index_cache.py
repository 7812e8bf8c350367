"""The index of the store's current lists, kept in a cache folder between commands (the
CLI's and each service worker's ``TRACEWIRE_HOME/index``), under a name made of the list
versions it holds: rebuilt exactly when a list version changes.

The files are signed under ``$TRACEWIRE_INDEX_KEY`` when it is set, and a file whose
signature does not hold is never unpickled: it is rebuilt and written again
(:mod:`tracewire.store.index_files`). Without the key they are plain pickles and the
folder is trusted like the rest of the data folder.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from tracewire.match import DEFAULT_THRESHOLD, Screener
from tracewire.match.index import NameIndex
from tracewire.screen.cluster import store_index_key
from tracewire.store import Store
from tracewire.store.index_blobs import IndexBlobs
from tracewire.store.index_files import read_index_file, write_index_file

log = logging.getLogger("tracewire.screen")


def cached_screener(
    store: Store,
    datasets: Sequence[str] | None,
    cache_dir: Path,
    threshold: float = DEFAULT_THRESHOLD,
    shared: IndexBlobs | None = None,
) -> Screener:
    """The index of the current version of every (or the named) dataset: from the cache
    folder when a good file of these versions is there, else as
    :meth:`Screener.from_store` gives it (built, or loaded from the store's ``shared``
    blobs), then saved (older files of the folder removed)."""
    versions = [v for v in store.current_versions() if datasets is None or v.dataset in datasets]
    path = cache_dir / f"{store_index_key(versions)}.pickle"
    if path.exists():
        index, refused = read_index_file(path, NameIndex)
        if index is not None:
            return Screener(index, threshold, source="file")
        log.warning("cached index %s not used, building it: %s", path, refused)
    screener = Screener.from_store(
        store, datasets, threshold=threshold, versions=versions, shared=shared
    )
    for old in cache_dir.glob("index-*.pickle"):
        old.unlink(missing_ok=True)
    write_index_file(screener.index, path)
    return screener
