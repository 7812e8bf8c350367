"""The name-score bound (:mod:`tracewire.match.ceiling`): never below the score
:func:`~tracewire.match.scoring.best_name` gives, on made-up names that exercise each
method and, marked slow, on real OFAC names, their typos and ordinary names."""

from __future__ import annotations

import random

import pytest

from tests.conftest import raw_file
from tracewire.match import Query
from tracewire.match.ceiling import name_ceilings
from tracewire.match.index import NameIndex
from tracewire.match.romanisations import SURNAMES, may_be_romanised, same_name
from tracewire.match.scoring import PreparedQuery, best_name, person_names
from tracewire.model import Entity


def _bounds_hold(index: NameIndex, query: Query) -> list[tuple[float, float]]:
    """(bound, score) of each candidate of ``query``; asserts the bound holds."""
    prepared = PreparedQuery.prepare(query)
    rids, hit = index.candidates(prepared.forms, prepared.ids, query.schema, 90, floor=None)
    records = [index.records[rid] for rid in rids]
    persons = [person_names(prepared, r) for r in records]
    bounds = name_ceilings(prepared, records, persons, index, hit)
    out = []
    for record, person, bound in zip(records, persons, bounds, strict=True):
        score = best_name(prepared.forms, record, index, person, hit).score
        assert score <= bound, (query.names, record.entity.caption, score, bound)
        out.append((bound, score))
    return out


def _entity(eid: str, schema: str, *names: str, weak: tuple[str, ...] = ()) -> Entity:
    e = Entity.make(schema, eid, "test")
    e.add("name", list(names))
    if weak:
        e.add("weakAlias", list(weak))
    return e


SMALL = [
    _entity("p1", "Person", "Ivan Petrov", "I. Petrov"),
    _entity("p2", "Person", "Mohammed Omar Mohammed", weak=("Abu Omar",)),
    _entity("p3", "Person", "Wong Kar Wai"),
    _entity("p4", "Person", "Kim Jong Un"),
    _entity("c1", "Company", "People's Liberation Army"),
    _entity("c2", "Company", "Slaywah Trading LLC"),
    _entity("c3", "Company", "Al Qaida"),
    _entity("c4", "Company", "Pacific Solutions Ltd"),
    _entity("c5", "Company", "Branch 2 Bank Melli"),
    _entity("c6", "Company", "القاعدة"),
    _entity("l1", "LegalEntity", "Hsu Shing"),
]


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("Ivan Petrov", "Person"),  # equal: the bound is the score
        ("J Petrov", "Person"),  # an initial against a name
        ("Ivan Petorv", "Person"),  # a typo
        ("Mohamed Omar", None),  # a repeated listed word, a weak alias
        ("Huang Kar Wai", "Person"),  # another romanisation
        ("Kim Chong Un", "Person"),
        ("PLA", "Company"),  # initials
        ("Slay Wah Trading", "Company"),  # joined words
        ("Alqaida", None),  # the compact form; the Arabic spelling's skeleton
        ("Pacific Trading", "Company"),  # a substitution
        ("Branch 3 Bank Melli", "Company"),  # numbers that differ
        ("Xu Shing", "Person"),  # a LegalEntity screened for a person
    ],
)
def test_the_bound_holds_for_each_method(name: str, schema: str | None) -> None:
    index = NameIndex(SMALL)
    found = _bounds_hold(index, Query(names=[name], schema=schema))
    assert found  # the query meets some entry


def test_the_bound_is_the_score_when_every_word_pairs_exactly() -> None:
    index = NameIndex(SMALL)
    found = _bounds_hold(index, Query(names=["Ivan Petrov"], schema="Person"))
    assert max(score for _bound, score in found) == 1.0
    assert max(bound for bound, _score in found) == pytest.approx(1.0, abs=1e-6)


def test_the_bound_is_below_one_for_names_that_share_one_word() -> None:
    """The bound leaves entries out: a name sharing a common word only is bounded well
    below a full match."""
    index = NameIndex(SMALL)
    prepared = PreparedQuery.prepare(Query(names=["Pacific Trading"], schema="Company"))
    record = next(r for r in index.records if r.entity.id == "c4")
    (bound,) = name_ceilings(prepared, [record], [False], index, None)
    assert bound < 0.9


def test_every_romanised_surname_pair_is_seen_as_romanised() -> None:
    for row in SURNAMES:
        for a in row:
            for b in row:
                if a != b and same_name(a, b):
                    assert may_be_romanised(a) and may_be_romanised(b), (a, b)
    for a, b in (("hsu", "xu"), ("chang", "zhang"), ("pak", "park")):
        if same_name(a, b):
            assert may_be_romanised(a) and may_be_romanised(b)
    assert not may_be_romanised("petrov")


@pytest.mark.slow
def test_the_bound_holds_on_real_names() -> None:
    """Property: over OFAC's names as listed, with a typo, and ordinary names (each
    screened unspecified, as a person and as a company: thousands of name pairs), no
    candidate scores above its bound, and most bounds are the score itself."""
    from bench.speed import ordinary_names, typo

    from tracewire.sources.registry import plan_loads

    ((fmt, files),) = plan_loads([raw_file("ofac_sdn_2024-05-03", "sdn.csv")])
    index = NameIndex(fmt.parse(files, "ofac").entities)
    raw_file("popular_names_by_country")
    rng = random.Random(3)
    names = [form.original for r in index.records for form, _ in r.names]
    queries = [rng.choice(names) for _ in range(60)]
    queries += [typo(rng.choice(names), rng) for _ in range(60)]
    queries += ordinary_names(rng, 60)
    pairs = tight = 0
    for name in queries:
        if len(name.split()) > 20:
            continue
        for schema in (None, "Person", "Company"):
            for bound, score in _bounds_hold(index, Query(names=[name], schema=schema)):
                pairs += 1
                tight += bound - score < 1e-6
    assert pairs > 5_000
    assert tight > pairs / 2
