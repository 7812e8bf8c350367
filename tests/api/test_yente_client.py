"""yente's own client library (``yente-client``, a test-only dependency) reads our answers.

The client is pointed at the test app (its ``transport=`` hook) and used as a yente user
would: ``match`` with yente's documented entities and parameters, ``search``, ``fetch``,
``datasets``, ``healthz``. Its pydantic models must parse every response; multi-query
responses are checked against its models directly.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import SAMPLE
from tests.api.yente_examples import DOC_BODIES, DOC_PARAMS

yente_client = pytest.importorskip("yente_client")
from yente_client import models as ym  # noqa: E402


class _Through(httpx.BaseTransport):
    """yente's client (on httpx) sending through the test app's client, whichever HTTP
    library starlette's test client is built on (httpx, or httpx2 where it is installed)."""

    def __init__(self, app: TestClient) -> None:
        self.app = app

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self.app.request(
            request.method, str(request.url), headers=dict(request.headers),
            content=request.read(),
        )  # fmt: skip
        headers = [(k, v) for k, v in answer.headers.multi_items() if k != "content-encoding"]
        return httpx.Response(answer.status_code, headers=headers, content=answer.content)


@pytest.fixture
def client(secured: TestClient, keys: dict[str, str]) -> Iterator[yente_client.Client]:
    with yente_client.Client(
        api_key=keys["screen"], base_url="http://testserver", transport=_Through(secured)
    ) as c:
        yield c


def test_match_with_the_client(client: yente_client.Client) -> None:
    hits = client.match(
        yente_client.Person(
            firstName="Artem", lastName="Yamshchikov", birthDate="1979-10-11", nationality="ru"
        ),
        threshold=0.8,
        algorithm="logic-v2",
        datasets=[SAMPLE],
        topics=["sanction"],
    )
    assert isinstance(hits, ym.MatchResponse)
    assert hits.top is not None and hits.top.id == "tw-sample-artem-yamshchikov"
    assert hits.matches and hits.total.value == len(hits.matches)
    assert hits.top.explanations["name"].score > 0.8
    assert hits.top.explanations["birth_date"].candidate == "1979-10-11"
    assert hits.top.datasets == [SAMPLE] and hits.top.last_seen is not None

    company = client.match(yente_client.Company(name="Some Plant", innCode="1831083343"))
    assert company.top is not None and company.top.match


def test_documented_bodies_parse_with_the_client_models(
    secured: TestClient, keys: dict[str, str]
) -> None:
    headers = {"Authorization": f"ApiKey {keys['screen']}"}
    for name, body in DOC_BODIES.items():
        response = secured.post("/match/default", json=body, params=DOC_PARAMS, headers=headers)
        assert response.status_code == 200, (name, response.text)
        raw = response.json()
        for key in body["queries"]:
            inner = raw["responses"][key]
            flat = {
                "query": inner["query"],
                "results": inner["results"],
                "total": inner["total"],
                "limit": raw["limit"],
            }
            ym.MatchResponse.model_validate(flat)


def test_other_endpoints_with_the_client(client: yente_client.Client) -> None:
    found = client.search("kupol", datasets=[SAMPLE], schema="Company")
    assert [e.id for e in found.results] == ["tw-sample-iemz-kupol"]
    assert found.facets["countries"].values[0].name == "ru"

    entity = client.fetch("tw-sample-iemz-kupol")
    sanctions = entity.properties["sanctions"]
    assert sanctions and all(isinstance(s, ym.Entity) for s in sanctions)
    assert any("authority" in s.properties for s in sanctions if isinstance(s, ym.Entity))
    assert "sanctions" not in client.fetch("tw-sample-iemz-kupol", nested=False).properties

    catalog = client.datasets()
    assert {d.name for d in catalog.datasets} == {SAMPLE, "default"}
    assert catalog.current == [SAMPLE] and not catalog.index_stale
    assert client.healthz().status == "ok" and client.readyz().status == "ok"
    assert client.algorithms().best == "tracewire"


def test_client_errors_map(client: yente_client.Client) -> None:
    from yente_client.exceptions import BadRequestError, NotFoundError

    with pytest.raises(NotFoundError):
        client.fetch("no-such-entity")
    with pytest.raises(NotFoundError):
        client.match(yente_client.Person(name="X"), datasets=["not_loaded"])
    with pytest.raises(BadRequestError, match="queries.q.properties"):
        client.match(yente_client.Person(birthDate="1970"))


def test_match_with_config_through_the_client(client: yente_client.Client) -> None:
    from yente_client.exceptions import APIError

    person = yente_client.Person(firstName="Artem", lastName="Yamshchikov", birthDate="1979")
    plain = client.match(person, datasets=[SAMPLE])
    tuned = client.match(
        person,
        datasets=[SAMPLE],
        config={"nm_extra_query_name": 1.6, "nm_family_name_weight": 1.3},
    )
    assert isinstance(tuned, ym.MatchResponse)
    assert tuned.top is not None and plain.top is not None
    assert tuned.top.id == plain.top.id == "tw-sample-artem-yamshchikov"
    with pytest.raises(APIError) as caught:
        client.match(person, datasets=[SAMPLE], config={"nm_extra_query_name": -1})
    assert caught.value.status_code == 422
    assert "nm_extra_query_name" in str(caught.value.detail)
