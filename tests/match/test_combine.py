"""The learned score combination (match/combine.py, data/scorer.json) behaves."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from tracewire.errors import InputError
from tracewire.match import Query, Screener
from tracewire.match.combine import (
    KINDS,
    KNOTS,
    MIN_NAME_EFFECT,
    NAME_KINDS,
    NAMES_AGREE,
    combination,
    load,
    name_kinds,
    of_name,
)
from tracewire.match.names import NameMatch, compare_names
from tracewire.match.normalise import normalise_name
from tracewire.match.scoring import PreparedQuery, name_floor, score_ceiling
from tracewire.model import Entity

GRID = [i / 200 for i in range(201)]


def package_text() -> str:
    return (resources.files("tracewire") / "data" / "scorer.json").read_text(encoding="utf-8")


def test_package_table_loads_and_was_trained() -> None:
    model = load(package_text(), "scorer.json")
    assert model.meta.get("made_by") == "python -m bench.train_scorer"
    for family in ("person", "other"):
        assert set(model.families[family].effects) == set(KINDS)
    assert combination() == model


def test_broken_tables_are_errors_naming_the_file() -> None:
    good = json.loads(package_text())
    with pytest.raises(InputError, match="x.json: not JSON"):
        load("{", "x.json")
    falling = dict(good, person=dict(good["person"], curve=[0.0] + [0.9, 0.5] + [1.0] * 8))
    with pytest.raises(InputError, match="x.json: 'person.curve' must increase"):
        load(json.dumps(falling), "x.json")
    flat = list(good["other"]["curve"])
    flat[6] = flat[5]  # a flat stretch squeezes name scores onto one score
    with pytest.raises(InputError, match="x.json: 'other.curve' must increase"):
        load(json.dumps(dict(good, other=dict(good["other"], curve=flat))), "x.json")
    raising = dict(good["person"]["name_effects"], typo=0.1)
    with pytest.raises(InputError, match="'person.name_effects' values must be numbers between"):
        load(json.dumps(dict(good, person=dict(good["person"], name_effects=raising))), "x.json")
    without = {k: v for k, v in good["person"].items() if k != "name_effects"}
    with pytest.raises(InputError, match="'person.name_effects' must give exactly"):
        load(json.dumps(dict(good, person=without)), "x.json")
    missing = dict(good, other=dict(good["other"], effects={"country_agrees": 0.02}))
    with pytest.raises(InputError, match="'other.effects' must give exactly"):
        load(json.dumps(missing), "x.json")
    with pytest.raises(InputError, match="'knots' must be"):
        load(json.dumps(dict(good, knots=[0.0, 1.0])), "x.json")


@pytest.mark.parametrize("person", [True, False])
def test_score_never_falls_as_the_name_score_rises(person: bool) -> None:
    model = combination()
    parts = [model.name_part(s, person) for s in GRID]
    assert parts[0] == 0.0 and parts[-1] == 1.0
    assert all(b > a for a, b in zip(parts, parts[1:], strict=False))  # no flat stretch
    # a name that alerted by itself still alerts
    assert model.name_part(0.8, person) >= 0.8
    # with what the alignment shows: each name kind lowers the part, never raises it,
    # and the part still rises with the name score
    for kind in NAME_KINDS:
        with_kind = [model.name_part(s, person, (kind,)) for s in GRID]
        assert all(b > a for a, b in zip(with_kind, with_kind[1:], strict=False)), kind
        assert all(w <= p for w, p in zip(with_kind, parts, strict=True)), kind
    # with any one feature too (agreeing ones count from NAMES_AGREE on: a step up)
    for kind in KINDS:
        effect = model.effect(kind, person)
        scores = [
            model.name_part(s, person) + (effect if effect < 0 or s >= NAMES_AGREE else 0.0)
            for s in GRID
        ]
        assert all(b >= a - 1e-12 for a, b in zip(scores, scores[1:], strict=False)), kind


def test_the_name_side_inputs_are_learnt() -> None:
    """The trainer learnt effects for what the alignment shows beyond the name score:
    for organisations' names several name kinds take off, a list name mostly left
    uncovered (a short query inside a long name) the most; a learnt effect is never
    negligible (the trainer drops those under its minimum)."""
    model = combination()
    effects = model.family(False).name_effects
    learnt = [k for k in NAME_KINDS if effects[k] < 0]
    assert len(learnt) >= 3, learnt
    assert effects["list_mostly_uncovered"] == min(effects.values())
    assert effects["list_mostly_uncovered"] < effects["list_partly_uncovered"] < 0
    for person in (True, False):
        for kind, effect in model.family(person).name_effects.items():
            assert effect == 0.0 or effect <= -MIN_NAME_EFFECT, kind


def test_name_kinds_of_an_alignment() -> None:
    assert name_kinds("compact", 1.0, 1.0, 0.0, ()) == ("method_compact",)
    assert name_kinds("acronym", 1.0, 1.0, 0.0, ()) == ("method_acronym",)
    assert name_kinds("tokens", 1.0, 1.0, 20.0, ("equal", "equal")) == ()
    kinds = name_kinds("tokens", 0.6, 0.4, 3.0, ("equal", "typo", "typo", "initial"))
    assert set(kinds) == {
        "list_mostly_uncovered",
        "query_partly_unexplained",
        "typos",
        "initial",
        "common_words",
    }
    # a word of each name stands in for one of the other's
    assert name_kinds("tokens", 0.8, 0.8, 12.0, ("equal",), True) == ("substitution",)
    assert name_kinds("tokens", 0.8, 0.8, 12.0, ("typo",)) == ("typo",)
    assert set(name_kinds("skeleton", 1.0, 0.7, 20.0, ("typo", "romanisation"))) == {
        "method_skeleton",
        "list_partly_uncovered",
        "typo",
        "transliteration",
    }


def test_a_short_query_inside_a_long_name_shows_it() -> None:
    """*Central Marine B.V.* is wholly explained by *Central Research Institute of Marine
    Engineering* but covers little of it: the alignment says so (its shares on the
    match), and the name kinds read it."""
    q = normalise_name("Central Marine B.V.", False)
    c = normalise_name("Central Research Institute of Marine Engineering", False)
    match = compare_names(q, c)
    assert match.explained == pytest.approx(1.0)
    assert match.covered < 0.5
    assert "list_mostly_uncovered" in of_name(match)
    same = compare_names(q, normalise_name("Central Marine BV", False))
    assert same.covered == pytest.approx(1.0) and "list_mostly_uncovered" not in of_name(same)


def test_effects_have_the_sign_of_their_evidence() -> None:
    model = combination()
    for person in (True, False):
        for kind in ("birth_date_differs", "country_differs", "gender_differs"):
            assert model.effect(kind, person) < 0, kind
        assert model.effect("identifier_differs", person) < 0
        for kind in ("birth_date_day", "birth_date_year", "country_agrees"):
            assert model.effect(kind, person) >= 0, kind


def test_name_floor_is_where_the_ceiling_reaches_the_target() -> None:
    model = combination()
    for kinds in (set(), {"country_agrees"}, {"birth_date_day", "country_agrees"}):
        for target in (0.5, 0.7, 0.8, 0.9):
            floor = model.name_floor(target, kinds)
            assert model.ceiling(floor + 1e-6, kinds) >= target - 1e-9
            if floor > 0.01:
                assert model.ceiling(floor - 0.01, kinds) < target


def person(eid: str, name: str, birth: str, country: str) -> Entity:
    e = Entity.make("Person", eid, "test")
    e.add("name", [name])
    e.add("birthDate", [birth])
    e.add("nationality", [country])
    e.add("innCode", ["7707083893"])
    return e


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entities(
        [
            person("p1", "Ivan Sergeyevich Petrov", "1970-03-04", "RU"),
            person("p2", "Olga Nikolayevna Smirnova", "1981-07-12", "RU"),
        ]
    )


def score(screener: Screener, query: Query) -> float:
    (result,) = [r for r in screener.match(query, min_score=0.01) if r.entity.id == "p1"]
    return result.score


def test_birth_date_mismatch_lowers_and_agreement_raises(screener: Screener) -> None:
    name = "Ivan Sergeevich Petrov"
    plain = score(screener, Query(names=[name], schema="Person"))
    born = score(screener, Query(names=[name], schema="Person", birth_dates=["1970-03-04"]))
    other = score(screener, Query(names=[name], schema="Person", birth_dates=["1991-01-01"]))
    assert other < plain <= born
    assert plain - other >= 0.1  # a different birth date is strong evidence


def test_identifier_match_raises_to_a_match(screener: Screener) -> None:
    query = Query(names=["Petrov Trading"], identifiers=[("innCode", "7707083893")])
    (top, *_) = screener.match(query)
    assert top.entity.id == "p1" and top.score >= 0.99 and top.match


def test_explanation_shares_add_up_to_the_score(screener: Screener) -> None:
    for query in (
        Query(names=["Ivan Sergeevich Petrov"], schema="Person", birth_dates=["1970"]),
        Query(names=["Ivan Petrov"], schema="Person", countries=["UA"]),
        Query(names=["Ivan Sergeyevich Petrov"], schema="Person", countries=["RU"]),
    ):
        result = screener.match(query, min_score=0.01)[0]
        explained = result.explanations()
        total = explained["name"]["effect"] + sum(
            f["effect"] for k, f in explained.items() if k != "name"
        )
        assert min(1.0, max(0.0, total)) == pytest.approx(result.score, abs=2e-4)
        inputs = explained["name"]["inputs"]
        assert explained["name"]["effect"] == pytest.approx(sum(inputs.values()), abs=3e-4)
        assert inputs["score"] == pytest.approx(
            combination().name_part(result.name.score, True), abs=1e-4
        )
        assert set(inputs) - {"score"} <= set(of_name(result.name))


def test_explanation_shows_each_name_input() -> None:
    """An organisation's query covering little of the list name: the name's part shows
    the curve's share and each name kind's, which add up to it."""
    org = Entity.make("Organization", "o1", "test")
    org.add("name", ["Rosvertol Helicopter Production Plant Progress"])
    screener = Screener.from_entities([org])
    query = Query(names=["Rosvertol Helikopter"], schema="Organization")
    result = screener.match(query, min_score=0.01)[0]
    inputs = result.explanations()["name"]["inputs"]
    kinds = of_name(result.name)
    assert "list_mostly_uncovered" in kinds
    model = combination()
    shown = [k for k in kinds if model.effect_of_name(k, False)]
    assert len(shown) >= 2
    for kind in shown:
        assert inputs[kind] == pytest.approx(model.effect_of_name(kind, False), abs=1e-4)
    assert inputs["score"] == pytest.approx(model.name_part(result.name.score, False), abs=1e-4)
    assert result.name_part == pytest.approx(sum(inputs.values()), abs=3e-4)
    assert result.name_part < inputs["score"]


def test_ceiling_and_floor_of_a_query() -> None:
    prepared = PreparedQuery.prepare(
        Query(names=["Ivan Petrov"], birth_dates=["1970-01-01"], countries=["RU"])
    )
    floor = name_floor(prepared, 0.8)
    assert 0.0 < floor <= 0.8 or combination().name_part(0.8, True) > 0.8
    above = score_ceiling(prepared, NameMatch(floor + 1e-6, "a", "b", "tokens"))
    below = score_ceiling(prepared, NameMatch(max(0.0, floor - 0.02), "a", "b", "tokens"))
    assert above >= 0.8 > below


def test_knots_cover_the_unit_interval() -> None:
    assert KNOTS[0] == 0.0 and KNOTS[-1] == 1.0
    assert list(KNOTS) == sorted(KNOTS)


@pytest.mark.parametrize(
    ("query", "listed", "person", "covered"),
    [("Kupol", "IEMZ Kupol", False, 0.5), ("Zhdanov", "Ivan Zhdanov", True, 0.5),
     ("Xyzzy", "IEMZ Kupol", False, 0.0)],
)  # fmt: skip
def test_short_paths_of_the_alignment_report_its_inputs(
    query: str, listed: str, person: bool, covered: float
) -> None:
    """A comparison with one word pair or none (the alignment's short paths) reports the
    shares the score combination reads, as the full alignment does."""
    m = compare_names(normalise_name(query, person), normalise_name(listed, person), person=person)
    assert m.covered == pytest.approx(covered)
    assert m.explained == (1.0 if covered else 0.0)
    assert (m.matched > 0) is bool(covered)
