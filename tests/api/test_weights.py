"""yente's ``weights`` and ``config`` on ``/match``: each mapped weight moves the score the
way it should, and the response reports what was applied and what ignored.

The listed parties here are made up for the test (loaded beside the sample list), so
that every feature has something to meet: a person with gender, birth date, nationality
and passport, a company with LEI, INN and OGRN codes and a weak alias.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import MakeClient
from tracewire.api.weights import FEATURES, Weighting, combine, reweigh, weighting
from tracewire.ingest import load_paths
from tracewire.match import Query, Screener
from tracewire.store import Store

LISTED = [
    {
        "id": "wt-person",
        "schema": "Person",
        "properties": {
            "name": ["Zorander Quillfeather"],
            "gender": ["male"],
            "birthDate": ["1971-03-14"],
            "nationality": ["fi"],
            "passportNumber": ["FQ4417723"],
        },
    },
    {
        "id": "wt-company",
        "schema": "Company",
        "properties": {
            "name": ["Vantablue Orbital Logistics"],
            "weakAlias": ["Quorvex"],
            "jurisdiction": ["ee"],
            "leiCode": ["5493001KJTIIGC8Y1R12"],
            "innCode": ["7701234567"],
            "ogrnCode": ["1027700132195"],
        },
    },
]


@pytest.fixture
def client(make_client: MakeClient, sample_store: Store, tmp_path: Path) -> TestClient:
    path = tmp_path / "weights_test.ftm.json"
    path.write_text("\n".join(json.dumps(e) for e in LISTED) + "\n", encoding="utf-8")
    load_paths(sample_store, [path], dataset="weights_test")
    return make_client(auth=False)


def person(**props: list[str]) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": ["Zorander Quillfeather"], **props}}


def company(name: str = "Vantablue Orbital Logistics", **props: list[str]) -> dict[str, Any]:
    return {"schema": "Company", "properties": {"name": [name], **props}}


def post(
    client: TestClient,
    query: dict[str, Any],
    weights: dict[str, float] | None = None,
    config: dict[str, Any] | None = None,
    **params: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {"queries": {"q": query}}
    if weights is not None:
        body["weights"] = weights
    if config is not None:
        body["config"] = config
    params.setdefault("cutoff", 0.0)
    response = client.post("/match/weights_test", json=body, params=params)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def result(data: dict[str, Any], entity_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(
        r for r in data["responses"]["q"]["results"] if r["id"] == entity_id
    )
    return found


def score(client: TestClient, query: dict[str, Any], entity_id: str, **weights: float) -> float:
    value: float = result(post(client, query, weights), entity_id)["score"]
    return value


# -- each mapped weight moves its feature's effect -----------------------------------------
@pytest.mark.parametrize(
    ("query", "entity_id", "feature", "stronger", "off"),
    [
        (person(nationality=["se"]), "wt-person", "country_mismatch", -0.4, 0.0),
        (person(birthDate=["1980-03-14"]), "wt-person", "dob_year_disjoint", -0.3, 0.0),
        (person(birthDate=["1971-09-02"]), "wt-person", "dob_day_disjoint", -0.5, 0.0),
        (person(gender=["female"]), "wt-person", "gender_mismatch", -0.4, 0.0),
        (person(passportNumber=["ZZ0000001"]), "wt-person", "orgid_disjoint", -0.4, 0.0),
    ],
)
def test_a_penalty_weight_scales_the_penalty(
    client: TestClient,
    query: dict[str, Any],
    entity_id: str,
    feature: str,
    stronger: float,
    off: float,
) -> None:
    default = score(client, query, entity_id)
    plain = score(client, person(), entity_id)
    assert default < plain  # the evidence counts against the match by default
    assert score(client, query, entity_id, **{feature: stronger}) < default
    assert score(client, query, entity_id, **{feature: off}) > default
    # the yente default weight changes nothing
    assert score(client, query, entity_id, **{feature: FEATURES[feature].v2 or -0.2}) == (
        pytest.approx(default)
    )


def test_dates_in_the_same_year_are_not_weighted_as_different_years(client: TestClient) -> None:
    same_year = person(birthDate=["1971-09-02"])
    default = score(client, same_year, "wt-person")
    assert score(client, same_year, "wt-person", dob_year_disjoint=0.0) == pytest.approx(default)
    other_year = person(birthDate=["1980-03-14"])
    default = score(client, other_year, "wt-person")
    assert score(client, other_year, "wt-person", dob_day_disjoint=0.0) == pytest.approx(default)


def test_name_match_scales_the_name_score(client: TestClient) -> None:
    query = company("Vantablue Orbitel Logistic")  # a near match, below 1.0
    default = score(client, query, "wt-company")
    lower = score(client, query, "wt-company", name_match=0.8)
    higher = score(client, query, "wt-company", name_match=1.1)
    assert lower < default < higher
    assert lower == pytest.approx(default * 0.8, abs=0.001)


def test_weak_alias_match_scales_only_a_weak_alias(client: TestClient) -> None:
    alias = company("Quorvex")
    default = score(client, alias, "wt-company")
    assert score(client, alias, "wt-company", weak_alias_match=0.4) < default
    assert score(client, alias, "wt-company", name_match=0.5) == pytest.approx(default)
    full = company()
    assert score(client, full, "wt-company", weak_alias_match=0.4) == pytest.approx(
        score(client, full, "wt-company")
    )


@pytest.mark.parametrize(
    ("prop", "value", "feature", "other"),
    [
        ("innCode", "7701234567", "inn_code_match", "lei_code_match"),
        ("leiCode", "5493001KJTIIGC8Y1R12", "lei_code_match", "inn_code_match"),
        ("ogrnCode", "1027700132195", "ogrn_code_match", "identifier_match"),
    ],
)
def test_an_identifier_weight_scales_its_kind_only(
    client: TestClient, prop: str, value: str, feature: str, other: str
) -> None:
    query = company("Northwind Harbour Supplies", **{prop: [value]})  # another name
    default = score(client, query, "wt-company")
    assert default >= 0.99  # an equal identifier decides
    assert score(client, query, "wt-company", **{feature: 0.5}) < default
    assert score(client, query, "wt-company", **{feature: 0.0}) < 0.5
    assert score(client, query, "wt-company", **{other: 0.0}) == pytest.approx(default)


def test_weighted_results_are_reranked_cut_and_matched_again(client: TestClient) -> None:
    query = person(nationality=["se"])
    data = post(client, query, {"country_mismatch": -2.0}, threshold=0.5, cutoff=0.5)
    results = data["responses"]["q"]["results"]
    assert all(r["id"] != "wt-person" for r in results)  # now below the cutoff
    data = post(client, query, {"country_mismatch": 0.0}, threshold=0.5)
    results = data["responses"]["q"]["results"]
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert all(r["match"] == (r["score"] >= 0.5) for r in results)
    assert data["responses"]["q"]["total"]["value"] == sum(r["match"] for r in results)


def test_explanations_show_the_weighted_effect(client: TestClient) -> None:
    query = person(nationality=["se"])
    default = result(post(client, query), "wt-person")["explanations"]["country"]["score"]
    weighted = result(post(client, query, {"country_mismatch": -0.6}), "wt-person")
    assert weighted["explanations"]["country"]["score"] == pytest.approx(default * 3)


# -- the report ------------------------------------------------------------------------------
def test_the_response_reports_applied_and_ignored_weights_and_config(client: TestClient) -> None:
    weights = {"country_mismatch": -0.4, "address_prop_match": 0.5, "shoe_size_match": 1.0}
    config = {"nm_name_property": "name", "nm_something_new": 1}
    data = post(client, person(nationality=["se"]), weights, config)
    applied = data["weights"]["applied"]
    assert list(applied) == ["country_mismatch"]
    assert applied["country_mismatch"]["default"] == -0.2
    assert applied["country_mismatch"]["factor"] == pytest.approx(2.0)
    assert "countries" in applied["country_mismatch"]["weighs"]
    ignored = data["weights"]["ignored"]
    assert set(ignored) == {"address_prop_match", "shoe_size_match"}
    assert "address" in ignored["address_prop_match"]
    assert "not a feature" in ignored["shoe_size_match"]
    assert data["config"]["applied"] == {}
    assert set(data["config"]["ignored"]) == {"nm_name_property", "nm_something_new"}
    assert "name property" in data["config"]["ignored"]["nm_name_property"]
    warnings = data["warnings"]
    assert any(w.startswith("weights.address_prop_match ignored:") for w in warnings)
    assert any(w.startswith("config.nm_name_property ignored:") for w in warnings)
    assert not any("country_mismatch" in w for w in warnings)


def test_logic_v1_weights_are_relative_to_logic_v1_defaults(client: TestClient) -> None:
    query = person(birthDate=["1971-09-02"])
    default = score(client, query, "wt-person")
    data = post(client, query, {"dob_day_disjoint": -0.2}, algorithm="logic-v1")
    assert data["weights"]["applied"]["dob_day_disjoint"]["factor"] == pytest.approx(1.0)
    assert result(data, "wt-person")["score"] == pytest.approx(default)
    data = post(client, query, {"dob_day_disjoint": -0.2})  # logic-v2's default is -0.25
    assert data["weights"]["applied"]["dob_day_disjoint"]["factor"] == pytest.approx(0.8)
    assert result(data, "wt-person")["score"] > default


def test_logic_v1_name_features_are_reported_not_applied(client: TestClient) -> None:
    query = company("Vantablue Orbitel Logistic")
    default = score(client, query, "wt-company")
    data = post(client, query, {"name_literal_match": 0.1, "person_name_jaro_winkler": 0.1})
    assert result(data, "wt-company")["score"] == pytest.approx(default)
    assert "name_match" in data["weights"]["ignored"]["name_literal_match"]


def test_no_weights_no_report(client: TestClient) -> None:
    data = post(client, person())
    assert "weights" not in data and "config" not in data
    assert data["warnings"] == []


# -- the rescoring rule is tracewire's -------------------------------------------------------
def test_unit_weights_reproduce_the_screeners_scores(sample_store: Store, tmp_path: Path) -> None:
    """With every factor 1 the rescoring rule gives each result the screener's own score
    (if tracewire's scoring rule changes, this says the weights need to follow)."""
    path = tmp_path / "weights_test.ftm.json"
    path.write_text("\n".join(json.dumps(e) for e in LISTED) + "\n", encoding="utf-8")
    load_paths(sample_store, [path], dataset="weights_test")
    screener = Screener.from_store(sample_store)
    unit = weighting({name: f.v2 or f.v1 or 1.0 for name, f in FEATURES.items()}, {})
    assert unit.factors and all(f == pytest.approx(1.0) for f in unit.factors.values())
    queries = [
        Query(names=["Zorander Quillfeather"], schema="Person", birth_dates=["1980"],
              countries=["se"], gender="female", identifiers=[("passportNumber", "ZZ01")]),
        Query(names=["Quorvex"], schema="Company", countries=["ee"]),
        Query(names=["Anything Else"], identifiers=[("innCode", "7701234567")]),
    ]  # fmt: skip
    for record in screener.index.records:  # every listed party, with evidence for and against
        entity = record.entity
        name = entity.caption
        queries.append(Query(names=[name[:-1]], schema=entity.schema))
        queries.append(
            Query(names=[name], schema=entity.schema, birth_dates=["1970-05-01"],
                  countries=["ru", "cn"], gender="male")
        )  # fmt: skip
    checked = 0
    for query in queries:
        for r in screener.match(query, limit=30, min_score=0.0):
            assert combine(r, query, Weighting()) == pytest.approx(r.score, abs=1e-9)
            assert combine(r, query, unit) == pytest.approx(r.score, abs=1e-9)
            assert reweigh(r, query, unit, 0.8).score == pytest.approx(r.score, abs=1e-9)
            checked += 1
    assert checked > 50


@pytest.mark.slow
def test_unit_weights_reproduce_the_screeners_scores_on_a_real_list(
    shared_data: Path, tmp_path: Path
) -> None:
    """The same on the UN list: real birth dates, nationalities, genders, passports."""
    store = Store(f"sqlite:///{tmp_path / 'un.db'}")
    load_paths(store, [shared_data / "raw" / "un_sc_consolidated_2026-02-27"])
    screener = Screener.from_store(store)
    checked = weighted = 0
    for record in list(screener.index.records)[::4]:
        entity = record.entity
        query = Query(
            names=[entity.caption],
            schema=entity.schema,
            birth_dates=["1969-07-01"],
            countries=["ru"],
            gender="female",
            identifiers=[("passportNumber", "X1234567")],
        )
        for r in screener.match(query, limit=10, min_score=0.0):
            assert combine(r, query, Weighting()) == pytest.approx(r.score, abs=1e-9)
            checked += 1
            w = weighting({"country_mismatch": -0.4, "dob_year_disjoint": 0.0}, {})
            if reweigh(r, query, w, 0.8).score != pytest.approx(r.score):
                weighted += 1
    store.close()
    assert checked > 500 and weighted > 100
