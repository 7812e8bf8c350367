"""Per-request tuning of the name comparison (:class:`NameParams`, yente's ``config``).

Every factor at 1.0 compares names exactly as without parameters; each factor moves the
score the way its docstring says. The names are entries of the UN consolidated list
(2026-02); tests that need the list itself skip without it.
"""

from __future__ import annotations

import random

import pytest

from tests.conftest import raw_file
from tracewire.match import Query, Screener
from tracewire.match.names import DEFAULT_PARAMS, NameParams, compare_names, scaled_edits
from tracewire.match.normalise import normalise_name
from tracewire.sources.registry import plan_loads


@pytest.fixture(scope="module")
def un() -> Screener:
    ((fmt, files),) = plan_loads([raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")])
    return Screener.from_entities(fmt.parse(files, "un").entities)


def score(un: Screener, name: str, schema: str, listed: str, params: NameParams) -> float:
    """The score of the listed entry captioned ``listed`` for a query."""
    results = un.match(Query(names=[name], schema=schema), limit=50, params=params)
    found = [r.score for r in results if r.entity.caption == listed]
    assert found, (name, listed, [r.entity.caption for r in results])
    return found[0]


def typo(text: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def test_unit_factors_score_exactly_as_no_parameters(un: Screener) -> None:
    """An equal but distinct NameParams takes the tuned code path: with every factor 1.0
    it must give bit-identical scores, names and explanations to the default path."""
    rng = random.Random(11)
    records = rng.sample(un.index.records, 150)
    queries = []
    for record in records:
        name = record.names[0][0].original
        schema = "Person" if record.entity.schema == "Person" else "Organization"
        queries.append(Query(names=[name], schema=schema))
        if len(name) > 6:
            queries.append(Query(names=[typo(name, rng)], schema=schema))
        parts = name.split()
        if len(parts) > 2:  # a part dropped, one from another name added
            queries.append(Query(names=[" ".join(parts[1:] + ["Hassan"])], schema=schema))
    assert len(queries) > 300
    unit = NameParams(family_keys=frozenset({"hassan"}))
    assert unit is not DEFAULT_PARAMS
    for query in queries:
        plain = un.match(query, limit=10)
        tuned = un.match(query, limit=10, params=unit)
        assert [(r.entity.id, r.score, r.name.describe()) for r in plain] == [
            (r.entity.id, r.score, r.name.describe()) for r in tuned
        ], query.names


def test_unmatched_query_parts_weigh_extra_query(un: Screener) -> None:
    def at(factor: float) -> float:
        params = NameParams(extra_query=factor)
        return score(un, "Thomas Lubanga Dyilo", "Person", "THOMAS LUBANGA", params)

    default = at(1.0)
    assert at(0.0) > at(0.5) > default > at(2.0)
    assert at(0.0) == pytest.approx(1.0)  # the query's extra part no longer counts


def test_uncovered_list_parts_weigh_extra_list(un: Screener) -> None:
    def at(factor: float) -> float:
        params = NameParams(extra_list=factor)
        return score(un, "Frank Bwambale", "Person", "FRANK KAKOLELE BWAMBALE", params)

    assert at(0.0) > at(0.5) > at(1.0) > at(2.0) > at(5.0)


def test_the_numbers_cap_follows_its_factor() -> None:
    def at(factor: float) -> float:
        a = normalise_name("Xichao Precision Machinery Branch 2", False)
        b = normalise_name("Xichao Precision Machinery Branch 3", False)
        return compare_names(a, b, params=NameParams(numbers=factor)).score

    assert at(0.0) > at(0.5) > at(1.0) > at(2.0)
    unnumbered = normalise_name("Xichao Precision Machinery Branch", False)
    same = normalise_name("Xichao Precision Machinery Branch 2", False)
    assert compare_names(unnumbered, same, params=NameParams(numbers=3.0)).score > 0.6


def test_the_typo_budget_follows_its_factor(un: Screener) -> None:
    assert scaled_edits(2, 1.0) == 2 and scaled_edits(2, 1.5) == 3 and scaled_edits(1, 0.5) == 0
    # one letter changed in a listed surname: within today's budget, not without typos
    default = score(un, "Germain Katango", "Person", "GERMAIN KATANGA", DEFAULT_PARAMS)
    strict = score(un, "Germain Katango", "Person", "GERMAIN KATANGA", NameParams(typo_budget=0))
    assert strict < default
    # three edits in a seven-letter surname: beyond today's budget, within twice it
    default = score(un, "Sultani Mkeengaa", "Person", "SULTANI MAKENGA", DEFAULT_PARAMS)
    lenient = score(un, "Sultani Mkeengaa", "Person", "SULTANI MAKENGA", NameParams(typo_budget=2))
    assert lenient > default
    # equal and transliterated parts need no budget
    exact = score(un, "Germain Katanga", "Person", "GERMAIN KATANGA", NameParams(typo_budget=0))
    assert exact == 1.0


def test_the_family_name_weighs_its_factor(un: Screener) -> None:
    family = frozenset(normalise_name("Katanga", True).keys)

    def at(listed: str, factor: float) -> float:
        params = NameParams(family=factor, family_keys=family)
        return score(un, "Thomas Katanga", "Person", listed, params)

    # the family name agrees, the given name differs: a heavier family name raises it
    assert at("GERMAIN KATANGA", 2.0) > at("GERMAIN KATANGA", 1.0) > at("GERMAIN KATANGA", 0.5)
    # the family name differs, the given name agrees: a heavier family name lowers it
    assert at("THOMAS LUBANGA", 2.0) < at("THOMAS LUBANGA", 1.0) < at("THOMAS LUBANGA", 0.5)
    # without family keys nothing is the family name
    plain = score(un, "Thomas Katanga", "Person", "GERMAIN KATANGA", NameParams(family=2.0))
    assert plain == at("GERMAIN KATANGA", 1.0)


def test_family_weight_applies_to_person_names_only() -> None:
    a = normalise_name("Katanga Mining Holdings", False)
    b = normalise_name("Katanga Copper Holdings", False)
    params = NameParams(family=3.0, family_keys=frozenset({"katanga"}))
    assert compare_names(a, b, params=params).score == compare_names(a, b).score
