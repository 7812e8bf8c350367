"""Screener.match weighs the features only of the candidates whose ceiling can enter
the top results; the results are those of scoring every candidate in full."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bench.identity import reference

from tracewire.match import Query, Screener
from tracewire.match.combine import combination
from tracewire.match.names import NameMatch
from tracewire.match.scoring import PreparedQuery, score_ceiling
from tracewire.model import Entity


def person(eid: str, name: str, birth: str, country: str) -> Entity:
    e = Entity.make("Person", eid, "test")
    e.add("name", [name])
    e.add("birthDate", [birth])
    e.add("nationality", [country])
    return e


def test_ceiling_holds_the_features_headroom_only_when_names_agree() -> None:
    prepared = PreparedQuery.prepare(Query(names=["Ivan Petrov"], birth_dates=["1970-01-01"]))
    # the calibrated name score of either family, plus a birth date's effect from 0.5 on
    families = combination().families.values()
    dob = {"birth_date_day", "birth_date_year", "birth_date_swapped"}
    assert all(f.headroom(dob) == f.effects["birth_date_day"] > 0 for f in families)

    def ceiling(s: float) -> float:
        return score_ceiling(prepared, NameMatch(s, "a", "b", "tokens"))

    assert ceiling(0.7) == pytest.approx(max(f.curve(0.7) + f.headroom(dob) for f in families))
    assert ceiling(0.4) == pytest.approx(max(f.curve(0.4) for f in families))
    assert ceiling(0.999) == 1.0
    with_id = replace(prepared, ids={"inn": {"7707083893"}})  # an equal one decides
    assert score_ceiling(with_id, NameMatch(0.1, "a", "b", "tokens"), 0.0) == 1.0


def test_results_equal_those_of_scoring_every_candidate() -> None:
    # many Petrovs: a birth date or a country lifts a lower name score into the top few
    entities = [
        person(f"p{i}", f"{first} Petrov", f"19{60 + i}-01-01", "RU" if i % 2 else "UA")
        for i, first in enumerate(
            ["Ivan", "Iwan", "Ivana", "Ivo", "Igor", "Pyotr", "Oleg", "Ilya", "Ivanko", "Yvan"]
        )
    ]
    screener = Screener.from_entities(entities)
    for query in (
        Query(names=["Ivan Petrov"]),
        Query(names=["Ivan Petrov"], birth_dates=["1969-01-01"], countries=["RU"]),
        Query(names=["Ivan Petrov"], schema="Person", birth_dates=["1960-01-01"]),
        Query(names=["Ivan Petrov"], countries=["UA"]),
    ):
        for limit in (1, 3, 5):
            want = [r.to_dict() for r in reference(screener, query, limit)]
            assert [r.to_dict() for r in screener.match(query, limit=limit)] == want
            assert len(want) == min(limit, 4)  # the Petrovs the query retrieves
