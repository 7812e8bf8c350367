"""The versioned store: versions, no-op reloads, atomic loads, diffs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tracewire.errors import ListFormatError, StoreError, UnknownDatasetError, UnknownVersionError
from tracewire.ingest import load_paths
from tracewire.model import Entity
from tracewire.sources.base import ParseResult
from tracewire.store import Store, diff_versions


def _person(eid: str, name: str, **props: str) -> Entity:
    e = Entity.make("Person", eid, "t", source_id=eid)
    e.add("name", name)
    for k, v in props.items():
        e.add(k, v)
    return e


def _result(*entities: Entity) -> ParseResult:
    return ParseResult(dataset="t", format="test", entities=list(entities))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    yield store
    store.close()


def test_versions_and_noop(store: Store) -> None:
    r1 = store.load(_result(_person("a", "Anna"), _person("b", "Boris")), "one.json", "sha-1")
    assert r1.created and r1.version.seq == 1 and r1.version.entity_count == 2
    again = store.load(_result(_person("a", "Anna")), "one.json", "sha-1")
    assert not again.created and again.version.seq == 1
    r2 = store.load(_result(_person("a", "Anna"), _person("c", "Chen")), "two.json", "sha-2")
    assert r2.version.seq == 2
    assert [v.seq for v in store.versions("t")] == [1, 2]
    assert [e.id for e in store.entities("t")] == ["a", "c"]
    assert [e.id for e in store.entities("t", 1)] == ["a", "b"]
    assert store.current_versions()[0].seq == 2


def test_unknown_dataset_and_version(store: Store) -> None:
    with pytest.raises(UnknownDatasetError):
        store.versions("nope")
    store.load(_result(_person("a", "Anna")), "x", "sha")
    with pytest.raises(UnknownVersionError, match="no version 7"):
        store.version("t", 7)


def test_failed_write_leaves_previous_version(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.load(_result(_person("a", "Anna")), "one", "sha-1")
    original = Store._write_entities

    def explode(self: Store, conn, vid, entities):  # type: ignore[no-untyped-def]
        original(self, conn, vid, entities[:1])  # half the work is done...
        raise RuntimeError("disk full")  # ...then the write fails

    monkeypatch.setattr(Store, "_write_entities", explode)
    with pytest.raises(RuntimeError):
        store.load(_result(_person("x", "Xavier"), _person("y", "Yuri")), "two", "sha-2")
    monkeypatch.undo()
    assert [v.seq for v in store.versions("t")] == [1]
    assert [e.id for e in store.entities("t")] == ["a"]
    # and the next good load takes the next number cleanly
    assert store.load(_result(_person("z", "Zoe")), "three", "sha-3").version.seq == 2


def test_empty_result_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="no entities"):
        store.load(_result(), "empty.csv", "sha-e")


def test_duplicate_ids_are_merged(store: Store) -> None:
    a1 = _person("a", "Anna")
    a2 = _person("a", "Anna K.", birthDate="1970")
    report = store.load(_result(a1, a2), "dup", "sha-d")
    assert report.version.entity_count == 1
    (anna,) = list(store.entities("t"))
    assert anna.get("name") == ["Anna", "Anna K."]
    assert anna.get("birthDate") == ["1970"]


def test_diff_fields(store: Store) -> None:
    store.load(_result(_person("a", "Anna"), _person("b", "Boris")), "1", "s1")
    store.load(
        _result(_person("a", "Anna", birthDate="1970-01-02"), _person("c", "Chen")), "2", "s2"
    )
    d = diff_versions(store, "t", None, None)
    assert (d.old.seq, d.new.seq) == (1, 2)
    assert [c.id for c in d.added] == ["c"]
    assert [c.id for c in d.removed] == ["b"]
    assert [c.id for c in d.changed] == ["a"]
    assert d.changed[0].fields == {"birthDate": {"added": ["1970-01-02"], "removed": []}}
    data = d.to_dict()
    assert data["summary"] == {
        "added": 1,
        "removed": 1,
        "changed": 1,
        "entities": {"added": 1, "removed": 1, "changed": 1},
        "schemata": {"Person": {"added": 1, "removed": 1, "changed": 1}},
    }


def test_referencing(store: Store) -> None:
    person = _person("p", "Pavel")
    sanction = Entity.make("Sanction", "p-sanction", "t")
    sanction.add("entity", "p", cleaned=True)
    sanction.add("program", "TEST")
    store.load(_result(person, sanction), "1", "s1")
    refs = store.referencing("p")
    assert [(e.id, prop) for e, prop in refs] == [("p-sanction", "entity")]
    ((found, version),) = store.get_entity("p")
    assert found.caption == "Pavel" and version.seq == 1


def test_bad_file_leaves_store_untouched(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "list.ftm.json"
    good.write_text('{"id": "a", "schema": "Person", "properties": {"name": ["Anna"]}}\n')
    load_paths(store, [good], dataset="t")
    bad = tmp_path / "list2.ftm.json"
    bad.write_text(
        '{"id": "b", "schema": "Person", "properties": {"name": ["Bob"]}}\n{"id": "c", "sc'
    )
    with pytest.raises(ListFormatError, match="line 2"):
        load_paths(store, [bad], dataset="t", format_name="ftm")
    assert [e.id for e in store.entities("t")] == ["a"]
    assert len(store.versions("t")) == 1
