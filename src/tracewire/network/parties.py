"""Every person and company of a case, screened with the matching engine.

Each :class:`~tracewire.network.nodes.CaseNode` (parties in any role, and the owners and
directors of the company records) becomes one :class:`~tracewire.match.Query` holding
*all* its name variants, its country and identifiers; the engine compares every variant
with every listed name and reports which one met which. Results with ``match=True`` are
evidence that the party *is* the listed party; the best result below the threshold but
at or above ``REVIEW_SCORE`` is kept as a possible match for review.

The lists also name parties that are not sanctioned themselves: owners, subsidiaries,
relatives, linked companies. The main screener leaves them out (a hit on them is not a
listing), so :func:`relations_screener` indexes them apart; a match there (``links``)
only joins the case party to the list's relationships, for the ownership and network
analyses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tracewire.errors import InputError
from tracewire.match import MatchResult, Screener
from tracewire.model import Entity
from tracewire.network.case_load import CaseFormatError
from tracewire.network.lists import ListData
from tracewire.network.nodes import CaseNode

#: results kept per query
LIMIT = 10
#: a best result scoring this or more, without a match, is reported for review (low)
REVIEW_SCORE = 0.7


@dataclass
class Screening:
    node: CaseNode
    matches: list[MatchResult] = field(default_factory=list)  # listed (sanctioned) parties
    near: MatchResult | None = None
    links: list[MatchResult] = field(default_factory=list)  # unlisted parties of the lists


def relations_screener(lists: ListData) -> Screener | None:
    """A screener over the lists' parties that no list sanctions but a relationship names."""
    named = {ref for rel in lists.relationships for _prop, ref in rel.edge_refs()}
    targets = []
    for eid in sorted(named):
        e = lists.things.get(eid)
        if e is not None and not lists.is_sanctioned(eid):
            extra = dict(e.extra) | {"target": True}
            targets.append(Entity(e.id, e.schema, e.dataset, e.source_id, e.properties, extra))
    return Screener.from_entities(targets) if targets else None


def screen_nodes(
    screener: Screener | None,
    nodes: Iterable[CaseNode],
    tick: Callable[[int], None] | None = None,
    relations: Screener | None = None,
) -> dict[str, Screening]:
    """Screen every node; without a screener (no lists loaded) nothing matches. A name
    that cannot be screened (no letters or digits left to match) is a
    :class:`CaseFormatError` naming every such record."""
    out: dict[str, Screening] = {}
    unscreenable: list[tuple[str, str]] = []
    for node in nodes:
        result = Screening(node)
        try:
            if screener is not None and (node.names or node.label):
                results = screener.match(node.query(), limit=LIMIT, min_score=0.3)
                result.matches = [r for r in results if r.match]
                if not result.matches and results and results[0].score >= REVIEW_SCORE:
                    result.near = results[0]
            if relations is not None and (node.names or node.label):
                result.links = [r for r in relations.match(node.query(), limit=3) if r.match]
        except InputError as exc:
            unscreenable.append((f"{node.path}.name", str(exc)))
        out[node.id] = result
        if tick is not None:
            tick(1)
    if unscreenable:
        raise CaseFormatError("case", unscreenable)
    return out
