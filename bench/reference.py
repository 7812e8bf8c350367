"""The reference scorer: nomenklatura's logic-v2, as OpenSanctions' yente runs it.

logic-v2 compares two FollowTheMoney proxies. Its score is the best main feature (name
match, or a strong identifier) adjusted by qualifiers (country, birth date, gender
mismatches); see ``nomenklatura/matching/logic_v2/model.py``. nomenklatura itself has no
decision threshold: yente's ``SCORE_THRESHOLD`` is 0.70, and nomenklatura's name bench
(``logicv2-frozen.csv``) calls a match at score >= 0.7, so that is the reference's
threshold here. It runs with ``LogicV2.default_config()`` (nm_* defaults).

nomenklatura is a bench-only dependency (``pip install "nomenklatura==4.17.4"``, which
works with followthemoney 4.11): tracewire itself never imports it.
"""

from __future__ import annotations

from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy

from tracewire.match.query import Query
from tracewire.model import Entity

#: yente's SCORE_THRESHOLD, and the cut of nomenklatura's frozen logic-v2 bench results
THRESHOLD = 0.7
ALGORITHM = "logic-v2"


def nomenklatura_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("nomenklatura")
    except Exception:  # noqa: BLE001
        return None


def query_proxy(query: Query, qid: str = "query") -> EntityProxy:
    """A tracewire query as the FtM proxy a yente /match request would carry."""
    proxy = model.make_entity(query.schema or "LegalEntity")
    proxy.id = query.id or qid
    for name in query.names:
        proxy.add("name", name)
    schema = proxy.schema
    if query.birth_dates and schema.get("birthDate") is not None:
        proxy.add("birthDate", query.birth_dates, quiet=True)
    if query.countries:
        prop = "nationality" if schema.get("nationality") is not None else "country"
        if schema.get(prop) is not None:
            proxy.add(prop, query.countries, quiet=True)
    if query.gender and schema.get("gender") is not None:
        proxy.add("gender", query.gender, quiet=True)
    for prop, value in query.identifiers:
        target = prop if schema.get(prop) is not None else "idNumber"
        if schema.get(target) is not None:
            proxy.add(target, value, quiet=True)
    return proxy


def entity_proxy(entity: Entity) -> EntityProxy:
    data = entity.to_ftm()
    return model.get_proxy(
        {"id": data["id"], "schema": data["schema"], "properties": data["properties"]},
        cleaned=True,
    )


def props_proxy(schema: str, props: dict[str, list[str]], pid: str) -> EntityProxy:
    """A proxy from raw property values (cleaned by FtM), for the pair suites."""
    proxy = model.make_entity(schema)
    proxy.id = pid
    for prop, values in props.items():
        proxy.add(prop, values, quiet=True)
    return proxy


class ReferenceScorer:
    """logic-v2 with its defaults; caches the proxies of list entities."""

    threshold = THRESHOLD
    name = ALGORITHM

    def __init__(self) -> None:
        from nomenklatura.matching import get_algorithm

        algorithm = get_algorithm(ALGORITHM)
        if algorithm is None:
            raise RuntimeError(f"nomenklatura has no {ALGORITHM} algorithm")
        self.algorithm = algorithm
        self._proxies: dict[str, EntityProxy] = {}
        self._queries = 0

    def config(self) -> Any:
        # a fresh config per call: compare() fills in missing defaults in place
        return self.algorithm.default_config()

    def proxy(self, entity: Entity) -> EntityProxy:
        proxy = self._proxies.get(entity.id)
        if proxy is None:
            proxy = self._proxies[entity.id] = entity_proxy(entity)
        return proxy

    def compare(self, query: EntityProxy, candidate: EntityProxy) -> float:
        return float(self.algorithm.compare(query, candidate, self.config()).score)

    def score(self, query: Query, entity: Entity) -> float:
        # each call its own query id: logic-v2 keeps what it learnt of an entity's names
        # by its id, so a fixed id would score every later query as the first one
        self._queries += 1
        return self.compare(query_proxy(query, f"query-{self._queries}"), self.proxy(entity))
