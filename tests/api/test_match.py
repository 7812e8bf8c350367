"""POST /match/{dataset}: yente's request in, yente's response out, tracewire's extras."""

from __future__ import annotations

from typing import Any
from unittest.mock import ANY

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import SAMPLE, company, person
from tests.api.yente_examples import DOC_BODIES, DOC_PARAMS
from tracewire.api.schemas import EntityMatchResponse

KUPOL = "tw-sample-iemz-kupol"
YAMSHCHIKOV = "tw-sample-artem-yamshchikov"


def match(
    client: TestClient, queries: dict[str, Any], path: str = "/match/default", **params: Any
) -> dict[str, Any]:
    response = client.post(path, json={"queries": queries}, params=params)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    EntityMatchResponse.model_validate(data)  # the documented schema holds
    return data


def ids(data: dict[str, Any], key: str = "q") -> list[str]:
    return [r["id"] for r in data["responses"][key]["results"]]


@pytest.mark.parametrize("name", sorted(DOC_BODIES))
def test_yente_documentation_examples_are_answered(service: TestClient, name: str) -> None:
    body = DOC_BODIES[name]
    response = service.post("/match/default", json=body, params=DOC_PARAMS)
    assert response.status_code == 200, response.text
    data = EntityMatchResponse.model_validate(response.json())
    assert set(data.responses) == set(body["queries"])
    assert response.headers["x-batch-size"] == str(len(body["queries"]))
    for key, matches in data.responses.items():
        assert matches.status == 200
        assert matches.query.schema_ == body["queries"][key]["schema"]
        # none of these people or companies is in the sample list
        assert not [r for r in matches.results if r.match]


def test_name_parts_find_the_listed_person(service: TestClient) -> None:
    data = match(
        service,
        {
            "q": {
                "schema": "Person",
                "properties": {
                    "firstName": ["Artyom"],
                    "fatherName": ["Mikhailovich"],
                    "lastName": ["Yamshchikov", "Ямщиков"],
                    "birthDate": ["1979-10-11"],
                    "nationality": ["Russia"],
                },
            }
        },
    )
    response = data["responses"]["q"]
    top = response["results"][0]
    assert top["id"] == YAMSHCHIKOV and top["match"] is True
    assert response["total"] == {"value": 1, "relation": "eq"}
    # yente's fields, exactly named
    for field in (
        "caption",
        "schema",
        "properties",
        "datasets",
        "referents",
        "target",
        "first_seen",
        "last_seen",
        "last_change",
        "score",
        "match",
        "explanations",
    ):
        assert field in top
    assert top["datasets"] == [SAMPLE] and top["target"] is True
    # tracewire's additions
    assert top["explanations"]["birth_date"]["score"] > 0
    assert top["explanations"]["name"]["candidate"]
    assert top["features"]["name"] == top["explanations"]["name"]["score"]
    assert "US Office of Foreign Assets Control" in top["sanctions"]
    assert top["list_version"] == 1 and top["source_id"]
    assert data["lists"][0]["dataset"] == SAMPLE and data["lists"][0]["version"] == 1
    # the query is echoed as cleaned: the country name became its code
    assert response["query"]["properties"]["nationality"] == ["ru"]


def test_an_equal_identifier_decides(service: TestClient) -> None:
    data = match(service, {"q": company("Some Plant", innCode=["1831083343"])})
    top = data["responses"]["q"]["results"][0]
    assert top["id"] == KUPOL and top["match"] is True
    assert top["explanations"]["identifier"]["candidate"] == "1831083343"


def test_per_query_options_override_the_request(service: TestClient) -> None:
    strict = person("Artem Yamshchikov") | {"threshold": 0.999}
    short = company("TSK Vektor") | {"limit": 1}
    data = match(
        service, {"plain": person("Artem Yamshchikov"), "strict": strict, "short": short}, limit=5
    )
    plain, strict_r = data["responses"]["plain"], data["responses"]["strict"]
    assert plain["results"][0]["match"] is True
    assert strict_r["results"][0]["id"] == plain["results"][0]["id"]
    assert strict_r["results"][0]["match"] is False
    assert strict_r["options"]["threshold"] == 0.999 and plain["options"]["threshold"] == 0.8
    assert len(data["responses"]["short"]["results"]) == 1
    assert len(ids(data, "plain")) >= 1


def test_per_query_datasets(service: TestClient) -> None:
    only_sample = company("TSK Vektor") | {"datasets": [SAMPLE]}
    excluded = company("TSK Vektor") | {"exclude_dataset": [SAMPLE]}
    data = match(service, {"a": only_sample, "b": excluded})
    assert ids(data, "a") and ids(data, "b") == []
    bad = service.post(
        "/match/default", json={"queries": {"k": company("X") | {"datasets": ["nope"]}}}
    )
    assert bad.status_code == 400 and "queries.k.include_dataset" in bad.json()["detail"]


def test_dataset_in_the_path(service: TestClient) -> None:
    assert ids(match(service, {"q": company("TSK Vektor")}, path=f"/match/{SAMPLE}"))
    missing = service.post("/match/us_ofac_sdn", json={"queries": {"q": company("TSK Vektor")}})
    assert missing.status_code == 404 and "us_ofac_sdn" in missing.json()["detail"]


def test_yente_filters(service: TestClient) -> None:
    query = {"q": company("TSK Vektor")}
    found = ids(match(service, query))
    assert "tw-sample-tsk-vektor" in found
    assert "tw-sample-tsk-vektor" not in ids(
        match(service, query, exclude_entity_ids=["tw-sample-tsk-vektor"])
    )
    assert ids(match(service, query, exclude_schema=["Company"])) == []
    assert ids(match(service, query, exclude_dataset=[SAMPLE])) == []
    assert ids(match(service, query, include_dataset=[SAMPLE])) == found
    assert ids(match(service, query, topics=["sanction"])) == found
    assert ids(match(service, query, topics=["crime.war"])) == []
    assert ids(match(service, query, changed_since="2000-01-01")) == found
    assert ids(match(service, query, changed_since="2999-01-01T00:00")) == []


def test_cutoff_and_threshold(service: TestClient) -> None:
    query = {"q": company("TSK Vektor")}
    everything = match(service, query, cutoff=0.0, limit=50)["responses"]["q"]["results"]
    default = match(service, query)["responses"]["q"]["results"]
    assert len(everything) > len(default)
    assert all(r["score"] > 0.5 for r in default)
    low = match(service, query, threshold=0.3)["responses"]["q"]
    assert low["total"]["value"] == sum(r["match"] for r in low["results"])
    assert all(r["match"] == (r["score"] >= 0.3) for r in low["results"])


def test_values_that_do_not_clean_are_reported(service: TestClient) -> None:
    data = match(
        service, {"q": person("Artem Yamshchikov", birthDate=["31/02/1990"], shoeSize=["44"])}
    )
    warnings = data["responses"]["q"]["warnings"]
    assert any("queries.q.properties.birthDate" in w and "31/02/1990" in w for w in warnings)
    assert any("queries.q.properties.shoeSize" in w for w in warnings)


def test_weights_and_config_without_counterpart_are_reported_ignored(
    service: TestClient,
) -> None:
    body = {
        "queries": {"q": company("TSK Vektor")},
        "weights": {"name_literal": 0.8},
        "config": {"nm_name_property": "alias"},
    }
    response = service.post("/match/default", json=body)
    assert response.status_code == 200
    data = response.json()
    assert data["weights"] == {"applied": {}, "ignored": {"name_literal": ANY}}
    assert set(data["config"]["ignored"]) == {"nm_name_property"}
    assert any(w.startswith("weights.name_literal ignored") for w in data["warnings"])
    plain = service.post("/match/default", json={"queries": body["queries"]}).json()
    assert data["responses"]["q"]["results"] == plain["responses"]["q"]["results"]


@pytest.mark.parametrize(
    ("query", "params", "needle"),
    [
        ({"schema": "Person", "properties": {"birthDate": ["1970"]}}, {}, "queries.q.properties"),
        ({"schema": "Spaceship", "properties": {"name": ["X"]}}, {}, "queries.q.schema"),
        ({"schema": "Address", "properties": {"full": ["X"]}}, {}, "queries.q.schema"),
        ({"schema": "Person", "properties": {"name": ["!!!"]}}, {}, "queries.q"),
        (person("X"), {"algorithm": "magic"}, "algorithm"),
        (person("X"), {"include_dataset": "nope"}, "include_dataset"),
    ],
)
def test_bad_queries_are_400_naming_the_field(
    service: TestClient, query: dict[str, Any], params: dict[str, Any], needle: str
) -> None:
    response = service.post("/match/default", json={"queries": {"q": query}}, params=params)
    assert response.status_code == 400, response.text
    assert needle in response.json()["detail"]
