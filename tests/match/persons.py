"""A screener of listed persons by name only, and the names a query alerts on."""

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
