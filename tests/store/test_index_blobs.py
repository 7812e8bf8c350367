"""Screening indexes shared through the store: one process builds, the others load the
signed copy; anything wrong with a stored blob means building, never trusting it."""

from __future__ import annotations

import os
import pickle
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, update

from tests.store.test_notify import SAMPLE, sample_v2
from tracewire.cli.demo import sample_path
from tracewire.errors import InputError
from tracewire.ingest import load_paths
from tracewire.match import Query, Screener
from tracewire.match.index import NameIndex
from tracewire.store import Store
from tracewire.store.index_blobs import BLOB_FORMAT, IndexBlobs, index_secret
from tracewire.store.schema import index_blobs

KEY = b"k" * 32


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    load_paths(store, [sample_path()], dataset=SAMPLE)
    yield store
    store.close()


def _rows(store: Store) -> list[tuple[str, int, str]]:
    with store.engine.connect() as conn:
        return [
            (r.fingerprint, r.size, r.built_by)
            for r in conn.execute(select(index_blobs).order_by(index_blobs.c.created_at))
        ]


def _hits(screener: Screener) -> list[tuple[str, float]]:
    return [(r.entity.id, r.score) for r in screener.match(Query(names=["TSK Vektor"]), limit=5)]


def test_a_second_process_loads_the_index_the_first_built(store: Store, tmp_path: Path) -> None:
    first = Screener.from_store(store, shared=IndexBlobs(store.engine, KEY))
    assert first.index_source == "built"
    ((fingerprint, size, built_by),) = _rows(store)
    assert size > 1000 and built_by.endswith(f":{os.getpid()}")
    other = Store(store.url)  # another process: an engine of its own, no cache folder
    try:
        second = Screener.from_store(other, shared=IndexBlobs(other.engine, KEY))
        assert second.index_source == "store"
        assert len(second) == len(first) and _hits(second) == _hits(first)
        assert _hits(first) and _hits(first)[0][1] >= 0.8
        # a cache folder is filled from the store's copy, and used next time
        cached = Screener.from_store(
            other, cache_dir=tmp_path / "idx", shared=IndexBlobs(other.engine, KEY)
        )
        assert cached.index_source == "store" and list((tmp_path / "idx").glob("index-*"))
        again = Screener.from_store(other, cache_dir=tmp_path / "idx")
        assert again.index_source == "file"
        # a new list version is another fingerprint: built again, not the old blob
        load_paths(other, [sample_v2(tmp_path)], dataset=SAMPLE)
        third = Screener.from_store(other, shared=IndexBlobs(other.engine, KEY))
        assert third.index_source == "built" and len(third) == len(first) + 1
        assert [r[0] for r in _rows(store)] == [fingerprint, _rows(store)[1][0]]
    finally:
        other.close()
    # without the key nothing is shared: each builds
    assert Screener.from_store(store).index_source == "built"


def _tamper(store: Store, how: str) -> None:
    with store.engine.begin() as conn:
        row = conn.execute(select(index_blobs)).one()
        data = bytes(row.data)
        if how == "flipped byte":
            changes = {"data": data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:]}
        elif how == "truncated":
            changes = {"data": data[: len(data) // 2]}
        elif how == "size lies":
            changes = {"data": data[:100], "size": 100}
        elif how == "other format":
            changes = {"format": BLOB_FORMAT + 1}
        else:
            raise AssertionError(how)
        conn.execute(update(index_blobs).values(**changes))


@pytest.mark.parametrize("how", ["flipped byte", "truncated", "size lies", "other format"])
def test_a_damaged_blob_is_refused_and_replaced_by_a_build(
    store: Store, how: str, caplog: pytest.LogCaptureFixture
) -> None:
    reference = Screener.from_store(store, shared=IndexBlobs(store.engine, KEY))
    _tamper(store, how)
    blobs = IndexBlobs(store.engine, KEY)
    fingerprint = _rows(store)[0][0]
    index, why = blobs.fetch(fingerprint, NameIndex)
    assert index is None and why
    rebuilt = Screener.from_store(store, shared=blobs)
    assert rebuilt.index_source == "built" and _hits(rebuilt) == _hits(reference)
    assert "not used, building it" in caplog.text
    # the bad blob was replaced by the new build: the next process loads it
    assert Screener.from_store(store, shared=IndexBlobs(store.engine, KEY)).index_source == "store"


def test_a_blob_signed_with_another_key_is_never_unpickled(store: Store, tmp_path: Path) -> None:
    """Someone able to write the table but without the hosts' key: code in a pickle."""
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    fingerprint = "f" * 64
    data = zlib.compress(pickle.dumps((fingerprint, Payload())))
    forger = IndexBlobs(store.engine, b"not-the-hosts-key-at-all")
    with store.engine.begin() as conn:
        conn.execute(
            insert(index_blobs).values(
                fingerprint=fingerprint, format=BLOB_FORMAT, size=len(data),
                mac=forger._mac(fingerprint, data), data=data, built_by="x",
                build_seconds=0.0, created_at=store.current_versions()[0].loaded_at,
            )
        )  # fmt: skip
    index, why = IndexBlobs(store.engine, KEY).fetch(fingerprint, NameIndex)
    assert index is None and why is not None and "signature does not hold" in why
    assert not marker.exists()
    # the hosts' own key on it: it would run (what the signature is for)
    index, why = forger.fetch(fingerprint, NameIndex)
    assert marker.exists() and index is None and why is not None


def test_a_blob_moved_to_another_fingerprint_or_of_another_kind_is_refused(store: Store) -> None:
    blobs = IndexBlobs(store.engine, KEY)
    Screener.from_store(store, shared=blobs)
    ((fingerprint, _size, _by),) = _rows(store)
    other = "0" * 64
    with store.engine.begin() as conn:  # the same row copied under another fingerprint
        row = conn.execute(select(index_blobs)).one()._asdict()
        conn.execute(insert(index_blobs).values(**(row | {"fingerprint": other})))
    assert blobs.fetch(other, NameIndex)[0] is None
    assert "signature" in str(blobs.fetch(other, NameIndex)[1])
    # signed for this fingerprint but naming another inside: refused after unpickling
    data = zlib.compress(pickle.dumps(("1" * 64, {"not": "an index"})))
    with store.engine.begin() as conn:
        conn.execute(
            update(index_blobs)
            .where(index_blobs.c.fingerprint == other)
            .values(data=data, size=len(data), mac=blobs._mac(other, data))
        )
    assert blobs.fetch(other, NameIndex) == (None, "it names another fingerprint")
    assert blobs.publish("2" * 64, {"not": "an index"})
    assert blobs.fetch("2" * 64, NameIndex) == (None, "it holds a dict, not a NameIndex")
    assert blobs.fetch(fingerprint, NameIndex)[0] is not None


def test_blobs_over_the_size_limit_are_not_stored_and_old_ones_are_pruned(store: Store) -> None:
    assert not IndexBlobs(store.engine, KEY, max_bytes=1000).publish("a" * 64, "x" * 5000)
    assert _rows(store) == []
    blobs = IndexBlobs(store.engine, KEY, keep=2)
    for n in "abc":
        assert blobs.publish(n * 64, {"n": n})
        time.sleep(0.01)
    assert [r[0][0] for r in _rows(store)] == ["b", "c"]
    assert blobs.fetch("c" * 64, dict) == ({"n": "c"}, None)
    # a reader with a smaller limit never reads a larger blob
    assert "size" in str(IndexBlobs(store.engine, KEY, max_bytes=10).fetch("c" * 64, dict)[1])
    # nor inflates one past it (a small blob of zeros, signed, that inflates to 64 MB)
    assert blobs.publish("d" * 64, b"\0" * 2**26)
    small = IndexBlobs(store.engine, KEY, max_bytes=2**20)
    assert small.fetch("d" * 64, bytes) == (
        None,
        f"it inflates to over {2**20:,} bytes, or is cut short",
    )
    assert blobs.fetch("d" * 64, bytes)[0] == b"\0" * 2**26


def test_processes_woken_at_once_build_once(store: Store) -> None:
    """Two builders at the same moment (hosts woken by one load): on PostgreSQL the build
    lock makes one build and the other load its blob."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("the build lock is PostgreSQL's advisory lock")
    builds: list[int] = []
    start = threading.Barrier(2)
    results: list[str] = []

    def slow_build() -> dict[str, int]:
        builds.append(1)
        time.sleep(1.5)
        return {"built": len(builds)}

    def host() -> None:
        own = Store(store.url)
        try:
            start.wait()
            _index, fetched = IndexBlobs(own.engine, KEY).get_or_build("e" * 64, dict, slow_build)
            results.append(fetched.source)
        finally:
            own.close()

    threads = [threading.Thread(target=host) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(builds) == 1 and sorted(results) == ["built", "store"]
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(index_blobs)).scalar() == 1


def test_the_key_must_be_long_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    assert index_secret() is None
    monkeypatch.setenv("TRACEWIRE_INDEX_KEY", "short")
    with pytest.raises(InputError, match="TRACEWIRE_INDEX_KEY is too short"):
        index_secret()
    monkeypatch.setenv("TRACEWIRE_INDEX_KEY", "a-long-enough-secret")
    assert index_secret() == b"a-long-enough-secret"


def test_serve_refuses_a_short_key_at_start(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from tracewire.cli.main import app

    monkeypatch.setattr(uvicorn.Server, "run", lambda self: None)  # never serves here
    monkeypatch.setenv("TRACEWIRE_INDEX_KEY", "too-short")
    result = CliRunner().invoke(app, ["serve", "--no-auth", "--port", "8997"])
    assert result.exit_code == 2, result.output
    assert "TRACEWIRE_INDEX_KEY is too short" in " ".join(result.output.split())
