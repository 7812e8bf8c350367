"""A naive candidate stage, for running the harness before tracewire's Screener exists.

Every name of every entity, latinised and lower-cased, is compared to the query with
rapidfuzz's ``WRatio`` (token-order and partial-match aware); the best-scoring entities
whose schema the query can match are the candidates. Brute force over all names: slow
(tens of milliseconds a query) but simple and independent of tracewire's index.
"""

from __future__ import annotations

from followthemoney import model
from rapidfuzz import fuzz, process

from bench.name_keys import tokens
from tracewire.match.query import Query
from tracewire.model import Entity


def _norm(name: str) -> str:
    return " ".join(tokens(name))


class NaiveCandidates:
    name = "naive rapidfuzz WRatio over all names"

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = entities
        self.choices: list[str] = []
        self.owner: list[int] = []
        for i, entity in enumerate(entities):
            for name in dict.fromkeys(_norm(n) for n in entity.names):
                if name:
                    self.choices.append(name)
                    self.owner.append(i)

    def candidates(self, query: Query, limit: int = 20) -> list[Entity]:
        schema = model.get(query.schema or "LegalEntity")
        best: dict[int, float] = {}
        for name in query.names:
            norm = _norm(name)
            if not norm:
                continue
            hits = process.extract(
                norm, self.choices, scorer=fuzz.WRatio, limit=limit * 5, score_cutoff=50
            )
            for _, score, idx in hits:
                owner = self.owner[idx]
                entity = self.entities[owner]
                if schema is not None and not schema.can_match(entity.schema_obj):
                    continue
                if score > best.get(owner, -1.0):
                    best[owner] = score
        ranked = sorted(best.items(), key=lambda kv: (-kv[1], self.entities[kv[0]].id))
        return [self.entities[i] for i, _ in ranked[:limit]]
