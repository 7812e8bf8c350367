"""yente's ``config`` on ``/match``: each logic-v2 name-matcher setting tracewire has moves
the name score the documented way, its yente default changes nothing, the others are
reported as ignored, and a value out of range is 422 naming ``config.<key>``.

The listed parties are UN consolidated list entries (and one made-up company with a
branch number), loaded beside the sample list.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import MakeClient
from tracewire.api.schemas import EntityMatchResponse
from tracewire.api.weights import CONFIG, weighting
from tracewire.ingest import load_paths
from tracewire.match.names import DEFAULT_PARAMS, NameParams
from tracewire.store import Store

LISTED = [
    ("nc-lubanga", "Person", "Thomas Lubanga"),
    ("nc-katanga", "Person", "Germain Katanga"),
    ("nc-bwambale", "Person", "Frank Kakolele Bwambale"),
    ("nc-makenga", "Person", "Sultani Makenga"),
    ("nc-xichao", "Company", "Xichao Precision Machinery Branch 2"),
]


@pytest.fixture
def client(make_client: MakeClient, sample_store: Store, tmp_path: Path) -> TestClient:
    path = tmp_path / "config_test.ftm.json"
    rows = [{"id": i, "schema": s, "properties": {"name": [n]}} for i, s, n in LISTED]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    load_paths(sample_store, [path], dataset="config_test")
    return make_client(auth=False)


def person(name: str) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": [name]}}


def post(client: TestClient, query: dict[str, Any], config: dict[str, Any] | None) -> Any:
    body: dict[str, Any] = {"queries": {"q": query}}
    if config is not None:
        body["config"] = config
    return client.post("/match/config_test", json=body, params={"cutoff": 0.0, "limit": 20})


def answer(client: TestClient, query: dict[str, Any], config: dict[str, Any] | None) -> Any:
    response = post(client, query, config)
    assert response.status_code == 200, response.text
    data = response.json()
    EntityMatchResponse.model_validate(data)  # the documented schema holds
    return data


def score(
    client: TestClient, query: dict[str, Any], entity_id: str, **config: float | str
) -> float:
    data = answer(client, query, config or None)
    found = [r for r in data["responses"]["q"]["results"] if r["id"] == entity_id]
    assert found, (entity_id, data["responses"]["q"]["results"])
    value: float = found[0]["score"]
    return value


def test_every_mapped_setting_tunes_a_name_parameter() -> None:
    fields = set(NameParams.__dataclass_fields__) - {"family_keys"}
    mapped = {s.tunes for s in CONFIG.values() if s.tunes is not None}
    assert mapped == fields
    for name, setting in CONFIG.items():
        if setting.tunes is not None:
            assert setting.default is not None and 0 < setting.default <= setting.high, name
    # yente's defaults leave the comparison as it is
    defaults = {name: s.default for name, s in CONFIG.items() if s.default is not None}
    assert weighting({}, defaults).params is DEFAULT_PARAMS


@pytest.mark.parametrize(
    ("key", "query", "entity_id", "raises", "lowers"),
    [
        # query parts the listed name lacks count more (or less)
        ("nm_extra_query_name", person("Thomas Lubanga Dyilo"), "nc-lubanga", 0.0, 1.6),
        # listed parts the query lacks count more (or less)
        ("nm_extra_result_name", person("Frank Bwambale"), "nc-bwambale", 0.0, 0.6),
        # numbers that differ cap the score lower (or not at all)
        (
            "nm_number_mismatch",
            {"schema": "Company", "properties": {"name": ["Xichao Precision Machinery Branch 3"]}},
            "nc-xichao",
            0.0,
            0.6,
        ),
        # fewer edits allowed: a misspelt surname no longer pairs
        ("nm_fuzzy_cutoff_factor", person("Sultani Mkeengaa"), "nc-makenga", 2.0, None),
        ("nm_fuzzy_cutoff_factor", person("Germain Katango"), "nc-katanga", None, 0.0),
        # the family name (from lastName) weighs more: it agrees here, the first name not
        (
            "nm_family_name_weight",
            {"schema": "Person", "properties": {"firstName": ["Thomas"], "lastName": ["Katanga"]}},
            "nc-katanga",
            2.6,
            0.65,
        ),
        # ... and here the first name agrees and the family name does not
        (
            "nm_family_name_weight",
            {"schema": "Person", "properties": {"firstName": ["Thomas"], "lastName": ["Katanga"]}},
            "nc-lubanga",
            0.65,
            2.6,
        ),
    ],
)
def test_a_setting_moves_the_name_score_its_documented_way(
    client: TestClient,
    key: str,
    query: dict[str, Any],
    entity_id: str,
    raises: float | None,
    lowers: float | None,
) -> None:
    default = score(client, query, entity_id)
    setting = CONFIG[key]
    assert setting.default is not None
    assert score(client, query, entity_id, **{key: setting.default}) == default
    if raises is not None:
        assert score(client, query, entity_id, **{key: raises}) > default
    if lowers is not None:
        assert score(client, query, entity_id, **{key: lowers}) < default


def test_applied_settings_are_reported(client: TestClient) -> None:
    config = {"nm_extra_query_name": "1.6", "nm_name_property": "name", "nm_brand_new": 2}
    data = answer(client, person("Thomas Lubanga Dyilo"), config)
    applied = data["config"]["applied"]
    assert list(applied) == ["nm_extra_query_name"]
    assert applied["nm_extra_query_name"]["weight"] == 1.6  # a number as text, as yente reads it
    assert applied["nm_extra_query_name"]["default"] == 0.8
    assert applied["nm_extra_query_name"]["factor"] == pytest.approx(2.0)
    assert "query name parts" in applied["nm_extra_query_name"]["weighs"]
    ignored = data["config"]["ignored"]
    assert set(ignored) == {"nm_name_property", "nm_brand_new"}
    assert "every name property" in ignored["nm_name_property"]
    assert "not a setting" in ignored["nm_brand_new"]
    warnings = data["warnings"]
    assert any(w.startswith("config.nm_name_property ignored:") for w in warnings)
    assert not any("nm_extra_query_name" in w for w in warnings)
    assert "weights" in data  # reported together, as before
    # an ignored setting changes no score
    plain = answer(client, person("Thomas Lubanga Dyilo"), {"nm_name_property": "alias"})
    none = answer(client, person("Thomas Lubanga Dyilo"), None)
    assert plain["responses"]["q"]["results"] == none["responses"]["q"]["results"]


def test_family_weight_without_last_name_is_a_warning(client: TestClient) -> None:
    query = person("Thomas Katanga")
    data = answer(client, query, {"nm_family_name_weight": 2.6})
    warnings = data["responses"]["q"]["warnings"]
    assert any(
        w.startswith("queries.q: config.nm_family_name_weight has no effect") for w in warnings
    )
    plain = answer(client, query, None)
    assert data["responses"]["q"]["results"] == plain["responses"]["q"]["results"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("nm_extra_query_name", -0.1),
        ("nm_extra_query_name", 40),
        ("nm_extra_result_name", "lots"),
        ("nm_number_mismatch", 1.5),
        ("nm_family_name_weight", True),
        ("nm_fuzzy_cutoff_factor", None),
        ("nm_fuzzy_cutoff_factor", "inf"),
    ],
)
def test_bad_values_are_422_naming_the_field(client: TestClient, key: str, value: Any) -> None:
    response = post(client, person("Thomas Lubanga"), {key: value})
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "config", key]
    assert repr(value) in error["msg"] or str(value) in error["msg"]
