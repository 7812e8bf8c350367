"""Request and response models of the HTTP service (they make the OpenAPI schema).

The match, search, entity and catalog models follow yente's wire format field for field
(``yente/data/common.py``: ``EntityExample``, ``EntityMatchQuery``, ``EntityMatches``,
``EntityMatchResponse``, ``ScoredEntityResponse``, ``TotalSpec``...), so a client written
for yente reads tracewire's answers unchanged. Where tracewire knows more it adds fields
(``sanctions``, ``list_version``, richer ``explanations``, per-query options, ``lists``,
``warnings``); it never removes or renames one of yente's.

Responses are built as plain dicts and serialised with orjson for speed; these models
document them and the tests validate real responses against them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: most results one query may ask for (yente's MAX_MATCHES)
MAX_LIMIT = 500
#: a property value in a query: text, or a number written as one
Scalar = str | int | float


class ErrorResponse(BaseModel):
    detail: str = Field(..., examples=["No dataset named 'xx' is loaded"])


class StatusResponse(BaseModel):
    status: str = "ok"
    detail: str | None = None


# -- /match request ------------------------------------------------------------------------
class EntityExample(BaseModel):
    """One party to screen, written as a FollowTheMoney entity (yente's query format).

    Besides yente's ``id``, ``schema`` and ``properties``, a query may carry its own
    ``threshold``, ``limit`` and datasets, which override the request's parameters for
    this query only.
    """

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["my-entity-id"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, Scalar | list[Scalar]] = Field(
        ..., examples=[{"name": ["John Doe"], "birthDate": ["1975-04-21"]}]
    )
    threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="tracewire: this query's match threshold."
    )
    limit: int | None = Field(
        None, ge=1, le=MAX_LIMIT, description="tracewire: results returned for this query."
    )
    include_dataset: list[str] | None = Field(
        None, description="tracewire: screen this query against these datasets only."
    )
    datasets: list[str] | None = Field(None, description="tracewire: alias of include_dataset.")
    exclude_dataset: list[str] | None = Field(
        None, description="tracewire: leave these datasets out for this query."
    )
    exclude_entity_ids: list[str] | None = Field(
        None,
        max_length=200,
        description="tracewire: entity ids (e.g. decided false positives) to leave out.",
    )


class EntityMatchQuery(BaseModel):
    queries: dict[str, EntityExample] = Field(
        ...,
        examples=[
            {
                "q1": {
                    "schema": "Company",
                    "properties": {"name": ["TSK Vektor"], "jurisdiction": ["ru"]},
                }
            }
        ],
    )
    weights: dict[str, float] = Field(
        default_factory=dict,
        description="yente feature weights (`country_mismatch`, `dob_year_disjoint`, "
        "`name_match`...): each scales the tracewire feature with the same evidence by "
        "weight / yente's default; the response's `weights` lists those applied and those "
        "ignored, with the reason.",
        examples=[{"country_mismatch": -0.4}],
    )
    config: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict,
        description="yente logic-v2 name-matcher settings (`nm_number_mismatch`...): each "
        "tracewire has applies as value / yente's default to its name comparison; the "
        "response's `config` lists those applied and those ignored, with the reason.",
    )


# -- entities --------------------------------------------------------------------------------
class EntityResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    caption: str
    schema_: str = Field(..., alias="schema")
    properties: dict[str, list[str | EntityResponse]]
    datasets: list[str] = Field(default_factory=list)
    referents: list[str] = Field(default_factory=list)
    target: bool = False
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    last_change: datetime | None = None


class FeatureExplanation(BaseModel):
    """Why one feature scored as it did (yente's ``FeatureResult`` plus ``method``)."""

    score: float = Field(..., description="Name: the name score; others: the score change.")
    detail: str | None = None
    query: str | None = Field(None, description="The query value compared.")
    candidate: str | None = Field(None, description="The listed value it met.")
    method: str | None = Field(None, description="tracewire: how the names were compared.")


class ListVersion(BaseModel):
    dataset: str
    version: int
    sha256: str
    loaded_at: datetime
    publisher_date: str | None = None


class ScoredEntityResponse(EntityResponse):
    score: float
    match: bool
    explanations: dict[str, FeatureExplanation]
    features: dict[str, float] = Field(
        default_factory=dict, description="Each feature's score (yente before 5.0)."
    )
    sanctions: list[str] = Field(
        default_factory=list, description="tracewire: who lists the party (authorities)."
    )
    effects: list[str] = Field(
        default_factory=list,
        description="tracewire: what the party's listings prohibit, strongest first: "
        "asset_freeze (blocked), export_restriction (licence required / export prohibited), "
        "sectoral (restricted dealings), listing_only (procurement / reputational).",
    )
    dataset: str = Field(..., description="tracewire: the list the entity came from.")
    source_id: str | None = Field(None, description="tracewire: the publisher's own id.")
    list_version: int = Field(..., description="tracewire: version of the list in the store.")


class TotalSpec(BaseModel):
    value: int
    relation: str = "eq"


class QueryOptions(BaseModel):
    threshold: float
    cutoff: float
    limit: int
    datasets: list[str]


class EntityMatches(BaseModel):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample
    options: QueryOptions = Field(..., description="tracewire: the options this query ran with.")
    warnings: list[str] = Field(
        default_factory=list, description="tracewire: query values that were ignored, and why."
    )


class FeatureDoc(BaseModel):
    description: str | None
    coefficient: float
    url: str


class AppliedWeight(BaseModel):
    weight: float = Field(..., description="The weight sent.")
    default: float = Field(..., description="yente's default weight for the feature.")
    factor: float = Field(
        ..., description="weight / default: what the tracewire effect is multiplied by."
    )
    weighs: str = Field(..., description="The tracewire evidence it scales.")


class WeightsReport(BaseModel):
    applied: dict[str, AppliedWeight] = Field(default_factory=dict)
    ignored: dict[str, str] = Field(
        default_factory=dict, description="Each ignored name, with the reason."
    )


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    limit: int
    matcher: dict[str, FeatureDoc] = Field(
        default_factory=dict, description="The features scored (yente before 5.0)."
    )
    algorithm: str = Field("tracewire", description="tracewire: the algorithm that scored.")
    lists: list[ListVersion] = Field(
        default_factory=list, description="tracewire: the list versions screened against."
    )
    warnings: list[str] = Field(default_factory=list)
    weights: WeightsReport | None = Field(
        None, description="tracewire, when the request sent `weights`: what they did."
    )
    config: WeightsReport | None = Field(
        None, description="tracewire, when the request sent `config`: what it did."
    )


# -- /search ---------------------------------------------------------------------------------
class SearchFacetItem(BaseModel):
    name: str
    label: str
    count: int = 1


class SearchFacet(BaseModel):
    label: str
    values: list[SearchFacetItem]


class SearchResult(EntityResponse):
    score: float | None = Field(None, description="tracewire: how well the name matched q.")


class SearchResponse(BaseModel):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[SearchResult]
    facets: dict[str, SearchFacet]


# -- /entities ---------------------------------------------------------------------------------
class Provenance(BaseModel):
    dataset: str
    version: int
    format: str
    source: str
    sha256: str
    publisher_date: str | None
    loaded_at: datetime
    entity_count: int


class EntityDetailResponse(EntityResponse):
    """yente's entity (with adjacent entities nested under reverse properties such as
    ``sanctions`` and ``ownershipAsset``) plus where each dataset's record came from."""

    source_ids: dict[str, str] = Field(default_factory=dict)
    provenance: list[Provenance] = Field(default_factory=list)


# -- /catalog, /algorithms ---------------------------------------------------------------------
class DatasetModel(BaseModel):
    name: str
    title: str
    summary: str | None = None
    url: str | None = None
    load: bool = True
    entities_url: str | None = None
    version: str
    index_version: str | None = None
    index_current: bool = False
    children: list[str] = Field(default_factory=list)
    entity_count: int | None = None
    updated_at: datetime | None = None
    # tracewire
    versions: int = Field(0, description="tracewire: versions of the list in the store.")
    publisher_date: str | None = None
    sha256: str | None = None
    source: str | None = None
    format: str | None = None
    schema_counts: dict[str, int] = Field(default_factory=dict)


class DataCatalogModel(BaseModel):
    datasets: list[DatasetModel]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False
    index_built_at: datetime | None = None


class Algorithm(BaseModel):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc]
    docs: dict[str, Any] | None = None


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str


class ReloadResponse(BaseModel):
    reloaded: bool
    lists: list[ListVersion]
    previous: list[ListVersion]
    seconds: float


EntityResponse.model_rebuild()
