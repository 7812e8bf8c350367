"""Index files (the cache folder, the file Dask workers read) are signed under
$TRACEWIRE_INDEX_KEY when it is set, and a file whose signature does not hold is never
unpickled; without the key they are plain pickles in a trusted folder."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from tracewire.cli.demo import sample_path
from tracewire.errors import InputError
from tracewire.ingest import load_paths
from tracewire.match import Query, Screener
from tracewire.match.index import NameIndex
from tracewire.screen.cluster import _loaded, _worker_screener, save_index
from tracewire.store import Store
from tracewire.store.index_files import (
    MAGIC,
    index_file_holds,
    read_index_file,
    write_index_file,
)

KEY = "a-test-index-key-of-32-characters"


class Boom:
    """A pickle that runs code when loaded: it leaves a file behind."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def screener(tmp_path: Path) -> Screener:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(store, [sample_path()])
    return Screener.from_store(store)


def test_signed_with_the_key_and_refused_when_changed(
    screener: Screener, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACEWIRE_INDEX_KEY", KEY)
    path = write_index_file(screener.index, tmp_path / "index-a.pickle")
    assert path.read_bytes().startswith(MAGIC) and index_file_holds(path)
    index, refused = read_index_file(path, NameIndex)
    assert refused is None and index is not None and len(index) == len(screener.index)

    # one byte changed in the pickle
    data = bytearray(path.read_bytes())
    data[-10] ^= 1
    changed = tmp_path / "index-b.pickle"
    changed.write_bytes(bytes(data))
    assert read_index_file(changed, NameIndex)[1] is not None
    assert "signature does not hold" in str(read_index_file(changed, NameIndex)[1])
    assert not index_file_holds(changed)
    # the same file under another name (another index's): refused
    moved = tmp_path / "index-c.pickle"
    moved.write_bytes(path.read_bytes())
    assert read_index_file(moved, NameIndex)[0] is None and not index_file_holds(moved)
    # signed under another key
    monkeypatch.setenv("TRACEWIRE_INDEX_KEY", "another-key-of-enough-characters")
    assert read_index_file(path, NameIndex)[0] is None and not index_file_holds(path)


def test_an_unsigned_pickle_is_never_loaded_with_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "index-x.pickle"
    path.write_bytes(pickle.dumps(Boom(marker)))
    monkeypatch.setenv("TRACEWIRE_INDEX_KEY", KEY)
    index, refused = read_index_file(path, NameIndex)
    assert index is None and "not signed" in str(refused)
    assert not marker.exists()
    # a Dask worker says so, and runs nothing
    _loaded.clear()
    with pytest.raises(InputError, match="not signed"):
        _worker_screener(str(path), 0.8)
    assert not marker.exists()


def test_without_the_key_plain_pickles_as_before(
    screener: Screener, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACEWIRE_INDEX_KEY", raising=False)
    path = write_index_file(screener.index, tmp_path / "index-p.pickle")
    assert not path.read_bytes().startswith(MAGIC)
    assert pickle.loads(path.read_bytes()).__class__ is NameIndex
    assert read_index_file(path, NameIndex)[0] is not None and index_file_holds(path)
    # a signed file is read too (nothing to check it with: the folder is trusted)
    monkeypatch.setenv("TRACEWIRE_INDEX_KEY", KEY)
    signed = write_index_file(screener.index, tmp_path / "index-s.pickle")
    monkeypatch.delenv("TRACEWIRE_INDEX_KEY")
    assert read_index_file(signed, NameIndex)[0] is not None


def test_cache_folder_rebuilds_over_a_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACEWIRE_INDEX_KEY", KEY)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    load_paths(store, [sample_path()])
    cache = tmp_path / "cache"
    first = Screener.from_store(store, cache_dir=cache)
    assert first.index_source == "built"
    (path,) = cache.glob("index-*.pickle")
    assert index_file_holds(path)
    again = Screener.from_store(store, cache_dir=cache)
    assert again.index_source == "file"
    query = Query(names=["Ivan Petrov"])
    assert [r.to_dict() for r in again.match(query)] == [r.to_dict() for r in first.match(query)]

    # a pickle put in its place (unsigned) is not loaded: rebuilt, and a good file written
    marker = tmp_path / "ran"
    path.write_bytes(pickle.dumps(Boom(marker)))
    rebuilt = Screener.from_store(store, cache_dir=cache)
    assert rebuilt.index_source == "built" and not marker.exists()
    assert index_file_holds(path)

    # Dask's saved file: rewritten when it is not signed under the key
    saved = save_index(first, tmp_path / "dask", "lists-x")
    saved.write_bytes(pickle.dumps(first.index))
    assert not index_file_holds(saved)
    assert save_index(first, tmp_path / "dask", "lists-x") == saved and index_file_holds(saved)
    store.close()
