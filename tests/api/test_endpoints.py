"""GET /search, /entities, /catalog, /healthz, /readyz and the OpenAPI description."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import SAMPLE
from tracewire.api import ServiceConfig, create_app
from tracewire.api.schemas import DataCatalogModel, EntityDetailResponse, SearchResponse


def test_search_ranks_by_name(service: TestClient) -> None:
    response = service.get("/search/default", params={"q": "Kupol Izhevsk"})
    assert response.status_code == 200
    data = SearchResponse.model_validate(response.json())
    assert data.results[0].id == "tw-sample-iemz-kupol"
    assert data.results[0].score is not None and data.total.value == len(data.results)
    assert data.facets["datasets"].values[0].name == SAMPLE


def test_search_filters_and_pages(service: TestClient) -> None:
    people = service.get("/search/default", params={"q": "Yamshchikov", "schema": "Person"}).json()
    assert [r["id"] for r in people["results"]] == ["tw-sample-artem-yamshchikov"]
    firms = service.get("/search/default", params={"q": "TSK Vektor", "schema": "Company"}).json()
    assert len(firms["results"]) > 1 and {r["schema"] for r in firms["results"]} == {"Company"}
    browse = service.get(f"/search/{SAMPLE}", params={"limit": 5}).json()
    assert browse["total"]["value"] == 14 and len(browse["results"]) == 5
    page2 = service.get(f"/search/{SAMPLE}", params={"limit": 5, "offset": 5}).json()
    assert not {r["id"] for r in browse["results"]} & {r["id"] for r in page2["results"]}
    assert service.get("/search/default", params={"q": "!!!"}).status_code == 400
    assert service.get("/search/default", params={"schema": "Rocket"}).status_code == 400


def test_entity_with_sanctions_links_and_provenance(service: TestClient) -> None:
    response = service.get("/entities/tw-sample-tsk-vektor")
    assert response.status_code == 200
    data = response.json()
    EntityDetailResponse.model_validate(data)
    assert data["target"] is True and data["datasets"] == [SAMPLE]
    sanctions = data["properties"]["sanctions"]
    authorities = {a for s in sanctions for a in s["properties"].get("authority", [])}
    assert "US Office of Foreign Assets Control" in authorities
    # links nest under FtM's reverse property, their other end inlined
    owners = data["properties"]["ownershipAsset"][0]["properties"]["owner"]
    assert owners[0]["id"] == "tw-sample-artem-yamshchikov"
    assert owners[0]["caption"] == "Artem Mikhaylovich YAMSHCHIKOV"
    suppliers = {
        link["properties"]["subject"][0]["id"] for link in data["properties"]["unknownLinkFrom"]
    }
    assert "tw-sample-redlepus-tsk-vektor" in suppliers
    kupol = data["properties"]["unknownLinkTo"][0]["properties"]["object"][0]
    assert kupol["id"] == "tw-sample-iemz-kupol"
    assert data["provenance"][0]["dataset"] == SAMPLE and data["source_ids"] == {SAMPLE: "46441"}
    flat = service.get("/entities/tw-sample-tsk-vektor", params={"nested": "false"}).json()
    assert "sanctions" not in flat["properties"]
    assert service.get("/entities/nothing-here").json()["detail"].startswith("No entity")


def test_catalog(service: TestClient) -> None:
    data = DataCatalogModel.model_validate(service.get("/catalog").json())
    sample, default = data.datasets
    assert (sample.name, sample.version, sample.index_current) == (SAMPLE, "1", True)
    assert sample.entity_count == 65 and sample.versions == 1 and sample.sha256
    assert sample.schema_counts["Sanction"] == 33
    assert default.name == "default" and default.children == [SAMPLE]
    assert data.current == [SAMPLE] and data.outdated == []


def test_health_and_docs(service: TestClient) -> None:
    assert service.get("/healthz").json()["status"] == "ok"
    assert service.get("/readyz").json()["status"] == "ok"
    schema = service.get("/openapi.json").json()
    assert {"/match/{dataset}", "/search/{dataset}", "/entities/{entity_id}", "/catalog"} <= set(
        schema["paths"]
    )
    assert schema["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "Authorization"
    assert service.get("/docs").status_code == 404  # CDN scripts: only when asked for
    assert service.get("/redoc").status_code == 404


def test_not_ready_without_lists(home: Path) -> None:
    config = ServiceConfig(home=home, database_url=f"sqlite:///{home / 'empty.db'}", auth=False)
    with TestClient(create_app(config)) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["status"] == "empty"
        assert client.post("/match/some_list", json={"queries": {}}).status_code == 404
