"""Name-only test screeners: listed entities by name, and what a query alerts on."""

from __future__ import annotations

from collections.abc import Iterable

from tracewire.match import Query, Screener
from tracewire.model import Entity


def person_screener(names: Iterable[str]) -> Screener:
    """A screener of one listed person (dataset ``test``, ids p0, p1, …) per name."""
    entities = []
    for n, name in enumerate(names):
        entity = Entity.make("Person", f"p{n}", "test")
        entity.add("name", name)
        entities.append(entity)
    return Screener.from_entities(entities)


def person_alerts(screener: Screener, name: str) -> list[str]:
    """The captions of the listed persons that ``name``, asked as a person, alerts on."""
    results = screener.match(Query(names=[name], schema="Person"), limit=3)
    return [r.entity.caption for r in results if r.match]


def named_entity(schema: str, id_: str, name: str) -> Entity:
    """A listed entity of ``schema`` (dataset ``test``) with one name."""
    entity = Entity.make(schema, id_, "test")
    entity.add("name", name)
    return entity


def assert_alerts_first(screener: Screener, cases: dict[str, str], schema: str) -> None:
    """Each query name's best result is the expected entry, at or over the threshold."""
    for name, expected in cases.items():
        results = screener.match(Query(names=[name], schema=schema), limit=3)
        assert results and results[0].entity.id == expected, name
        assert results[0].score >= screener.threshold, name
