"""yente's query-by-example matching, answered by tracewire's screener.

A ``/match`` request holds named FtM entities. Each one becomes a :class:`Query`
(:func:`example_query`): its properties are cleaned with FtM's types as yente does
(``"Russia"`` → ``ru``, dates checked), values that do not clean are reported as
warnings rather than silently dropped, and name parts (``firstName``, ``lastName``…)
make a name when none is given. The request's parameters, overridden by the query's own
``threshold``, ``limit`` and datasets, make its :class:`MatchOptions`; then
:func:`screen` scores it and applies yente's filters.

yente's semantics kept: results scoring at or below ``cutoff`` are left out, ``match``
is ``score >= threshold``, ``total.value`` counts the matches among all scored
candidates, results are best first.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tracewire.api.live_index import DEFAULT_DATASET, Snapshot
from tracewire.api.schemas import EntityExample
from tracewire.api.weights import Weighting, reweigh
from tracewire.api.wire import result_base, version_wire
from tracewire.errors import InputError
from tracewire.match import DEFAULT_THRESHOLD, MatchResult, Query
from tracewire.match.names import DEFAULT_PARAMS, NameParams
from tracewire.model import MATCHABLE_SCHEMATA, Entity, get_schema
from tracewire.sources.effects import effect_table

#: results below this score are not returned (yente's SCORE_CUTOFF)
DEFAULT_CUTOFF = 0.5
DEFAULT_LIMIT = 5
#: yente's algorithm names; all accepted so a yente client runs unchanged, all answered
#: by tracewire's one scorer
ALGORITHMS = frozenset(
    {
        "best",
        "default",
        "tracewire",
        "logic-v1",
        "logic-v2",
        "name-based",
        "name-qualified",
        "name-matcher",
        "regression-v1",
        "regression-v2",
        "regression-v3",
        "regression-v4",
        "ofac-249",
    }
)
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
FEATURES: dict[str, str] = {
    "name": "Best pair of a query name and a listed name: equal, transliteration, typo, "
    "initial, spacing or consonant skeleton, weighted by how rare the name parts are.",
    "identifier": "An equal identifier of the same kind (INN, OGRN, LEI, IMO, passport…) "
    "decides a match; a different one of a strong kind counts against it.",
    "birth_date": "Birth dates compared at the precision both sides have.",
    "country": "Countries, nationalities and jurisdictions in common, or none.",
    "gender": "Gender agrees or conflicts.",
    "legal_form": "Organisations only: the same class of legal form on both sides (LLC, JSC, "
    "Co. Ltd…) adds a little.",
}
FEATURE_DOCS = {
    name: {
        "description": text,
        "coefficient": 1.0,
        "url": "/algorithms",
    }
    for name, text in FEATURES.items()
}


@dataclass(frozen=True)
class MatchOptions:
    threshold: float = DEFAULT_THRESHOLD
    cutoff: float = DEFAULT_CUTOFF
    limit: int = DEFAULT_LIMIT
    datasets: frozenset[str] = frozenset()
    exclude_schemata: frozenset[str] = frozenset()
    exclude_ids: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    changed_since: datetime | None = None

    def for_query(self, example: EntityExample, snapshot: Snapshot, key: str) -> MatchOptions:
        """These options with the query's own overrides applied."""
        include = example.include_dataset or example.datasets
        datasets = self.datasets
        if include:
            for name in include:
                if name not in snapshot.by_dataset and name != DEFAULT_DATASET:
                    raise InputError(f"queries.{key}.include_dataset: no dataset named {name!r}")
            datasets = datasets & frozenset(include) if DEFAULT_DATASET not in include else datasets
        if example.exclude_dataset:
            datasets = datasets - frozenset(example.exclude_dataset)
        threshold = self.threshold if example.threshold is None else example.threshold
        return MatchOptions(
            threshold=threshold,
            cutoff=min(self.cutoff, threshold),
            limit=self.limit if example.limit is None else example.limit,
            datasets=datasets,
            exclude_schemata=self.exclude_schemata,
            exclude_ids=self.exclude_ids | frozenset(example.exclude_entity_ids or ()),
            topics=self.topics,
            changed_since=self.changed_since,
        )

    def to_wire(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "cutoff": self.cutoff,
            "limit": self.limit,
            "datasets": sorted(self.datasets),
        }


def parse_since(text: str | None) -> datetime | None:
    """yente's ``changed_since``: ``YYYY-MM-DD`` with an optional ``THH[:MM[:SS]]``."""
    if not text:
        return None
    date, _, time = text.partition("T")
    parts = (time.split(":") + ["00", "00", "00"])[:3] if time else ["00", "00", "00"]
    try:
        return datetime.fromisoformat(f"{date}T{parts[0]:0>2}:{parts[1]:0>2}:{parts[2]:0>2}")
    except ValueError:
        raise InputError(f"changed_since: {text!r} is not a date (YYYY-MM-DD[THH:MM:SS])") from None


def example_query(key: str, example: EntityExample) -> tuple[Query, dict[str, Any], list[str]]:
    """The query for one example, the properties as cleaned (echoed back), and warnings."""
    where = f"queries.{key}"
    try:
        schema = get_schema(example.schema_)
    except InputError:
        raise InputError(f"{where}.schema: unknown schema {example.schema_!r}") from None
    if schema.name != "Thing" and schema.name not in MATCHABLE_SCHEMATA:
        raise InputError(
            f"{where}.schema: {schema.name} cannot be screened (use one of "
            f"{', '.join(sorted(MATCHABLE_SCHEMATA))}, or Thing for any)"
        )
    entity = Entity.make(schema.name, example.id or key, "query")
    warnings: list[str] = []
    for prop, raw in example.properties.items():
        if schema.get(prop) is None:
            warnings.append(f"{where}.properties.{prop}: {schema.name} has no such property")
            continue
        values = [str(v) for v in (raw if isinstance(raw, list) else [raw])]
        for bad in entity.add(prop, values, fuzzy=True):
            warnings.append(f"{where}.properties.{prop}: {bad!r} is not a valid value")
    if not entity.names:
        entity.add("name", _combined_names(entity))
    if not entity.names:
        raise InputError(
            f"{where}.properties: a query needs a name (name, alias, or name parts such "
            "as firstName and lastName)"
        )
    try:
        query = Query.from_entity(entity)
    except InputError as exc:
        raise type(exc)(f"{where}: {exc}") from None
    return query, entity.properties, warnings


def _combined_names(entity: Entity) -> list[str]:
    """Full names from name parts: every combination of the parts' values (at most 8)."""
    parts = [entity.get(p) for p in NAME_PARTS if entity.get(p)]
    if not parts:
        return []
    return [" ".join(combo) for combo in itertools.islice(itertools.product(*parts), 8)]


def _topics(result: MatchResult) -> set[str]:
    """The entity's FtM topics, and the topic of each legal effect of its listings
    (``sanction``, ``export.control``, ``debarment``), as OpenSanctions tags them."""
    topics = set(result.entity.get("topics"))
    table = effect_table()
    topics.update(table.info(e).topic for e in result.effects)
    if result.sanctions and not result.effects:
        topics.add("sanction")
    return topics


def screen(
    snapshot: Snapshot,
    query: Query,
    options: MatchOptions,
    weights: Weighting | None = None,
    params: NameParams = DEFAULT_PARAMS,
) -> tuple[int, list[MatchResult]]:
    """(number of matches, results to return) for one query, its names compared with
    ``params`` (the request's ``config``), rescored with the request's ``weights`` when
    they change anything (see :mod:`tracewire.api.weights`)."""
    if not options.datasets:
        return 0, []
    weighted = weights is not None and weights.active
    wanted = options.limit * 3 + len(options.exclude_ids)
    scored = snapshot.screener.match(
        query,
        limit=max(30, wanted),
        threshold=options.threshold,
        # weights may raise a score: the cutoff applies once they have
        min_score=0.0 if weighted else options.cutoff,
        datasets=None
        if options.datasets == frozenset(snapshot.by_dataset)
        else sorted(options.datasets),
        params=params,
    )
    if weighted:
        assert weights is not None
        scored = [reweigh(r, query, weights, options.threshold) for r in scored]
        scored.sort(key=lambda r: (-r.score, r.entity.id))
    kept = []
    for result in scored:
        entity = result.entity
        if result.score <= options.cutoff and options.cutoff > 0:
            continue
        if entity.schema in options.exclude_schemata:
            continue
        if options.exclude_ids and (
            entity.id in options.exclude_ids
            or options.exclude_ids.intersection(entity.extra.get("referents") or ())
        ):
            continue
        if options.topics and not options.topics & _topics(result):
            continue
        if options.changed_since is not None:
            dates = snapshot.dates.get((entity.dataset, entity.id))
            if dates is None or dates.last_change.replace(tzinfo=None) < options.changed_since:
                continue
        kept.append(result)
    total = sum(1 for r in kept if r.match)
    return total, kept[: options.limit]


def result_wire(result: MatchResult, snapshot: Snapshot) -> dict[str, Any]:
    """One scored result in yente's ``ScoredEntityResponse`` shape, plus tracewire's."""
    data = result_base(result.entity, snapshot)
    explanations: dict[str, dict[str, Any]] = {
        "name": {
            "score": round(result.name.score, 4),
            "detail": result.name.describe(),
            "query": result.name.query,
            "candidate": result.name.candidate,
            "method": result.name.method,
        }
    }
    for feature in result.features:
        explanations[feature.name] = {
            "score": round(feature.effect, 4),
            "detail": feature.detail,
            "query": feature.query_value,
            "candidate": feature.list_value,
            "method": None,
        }
    version = snapshot.by_dataset.get(result.entity.dataset)
    data.update(
        score=round(result.score, 4),
        match=result.match,
        explanations=explanations,
        features={k: v["score"] for k, v in explanations.items()},
        sanctions=result.sanctions,
        effects=result.effects,
        dataset=result.entity.dataset,
        source_id=result.entity.source_id,
        list_version=version.seq if version is not None else 0,
    )
    return data


def lists_wire(snapshot: Snapshot, datasets: frozenset[str]) -> list[dict[str, Any]]:
    """The versions of ``datasets`` in wire form (shared by the requests that screened the
    same lists on this snapshot: do not change it)."""
    cached = snapshot.lists_cache.get(datasets)
    if cached is None:
        cached = [version_wire(v) for v in snapshot.versions if v.dataset in datasets]
        if len(snapshot.lists_cache) < 1024:
            snapshot.lists_cache[datasets] = cached
    return cached
