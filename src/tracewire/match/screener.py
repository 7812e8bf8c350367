"""The screening API that the CLI, the batch runner and the HTTP service all call.

screener = Screener.from_store(store)             # index of all current lists
results = screener.match(Query(names=["TSK Vektor"], schema="Company"))
for r in results:
    print(r.score, r.match, r.entity.caption, r.explanations())
"""

from __future__ import annotations

import hashlib
import heapq
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tracewire.match.index import NameIndex, Record
from tracewire.match.names import DEFAULT_PARAMS, NameMatch, NameParams
from tracewire.match.orgwords import query_schema
from tracewire.match.query import Query
from tracewire.match.scoring import (
    MatchResult,
    PreparedQuery,
    ScoreCeiling,
    candidate_name,
    feature_headroom,
    name_floor,
    score_record,
    weigh_features,
)
from tracewire.memory import gc_paused
from tracewire.model import Entity
from tracewire.store import Store, VersionInfo
from tracewire.store.index_blobs import IndexBlobs
from tracewire.store.index_files import read_index_file, write_index_file

log = logging.getLogger("tracewire.match")

#: score at and above which a result is a match (an alert)
DEFAULT_THRESHOLD = 0.8
#: candidates retrieved per query, whatever the number of results asked for (so that the
#: CLI, batch screening and the service rank the same candidates: a query's top five
#: do not depend on how many results were asked); most fall below the retrieval floor
#: and are never scored in full
CANDIDATES = 90
INDEX_FORMAT = 6  # 2: two-letter deletions, entry sizes and repeated words; 3: posting arrays;
# 4: names keep their compact form, initials and joined neighbours; 5: listings' legal effects;
# 6: identifiers normalised by tracewire.model.identifiers (rigour.ids formats)


def shared_fingerprint(versions: Sequence[VersionInfo]) -> str:
    """The name the index of ``versions`` is shared under in the store
    (:mod:`tracewire.store.index_blobs`): the index format, the code's version (hosts in
    the middle of an upgrade never load each other's index) and the list versions."""
    from tracewire import __version__

    held = sorted((v.dataset, v.seq, v.sha256) for v in versions)
    return hashlib.sha256(repr((INDEX_FORMAT, __version__, held)).encode()).hexdigest()


def bound_holds(params: NameParams) -> bool:
    """Whether names compared with ``params`` score no higher than the retrieval bound
    allows (:func:`~tracewire.match.index.name_bound`): no factor that lets unpaired parts
    weigh less, more typos pass, or family names weigh otherwise."""
    return params is DEFAULT_PARAMS or (
        params.extra_query >= 1.0
        and params.extra_list >= 1.0
        and params.typo_budget <= 1.0
        and (params.family == 1.0 or not params.family_keys)
    )


def headroom(prepared: PreparedQuery) -> float:
    """The most the query's features other than the name can add to a score (the score
    combination's, :func:`~tracewire.match.scoring.feature_headroom`)."""
    return feature_headroom(prepared)


class Screener:
    def __init__(
        self, index: NameIndex, threshold: float = DEFAULT_THRESHOLD, source: str = "built"
    ) -> None:
        self.index = index
        self.threshold = threshold
        #: where :meth:`from_store` got the index: ``built``, ``file`` (the cache folder)
        #: or ``store`` (another process's build, :mod:`tracewire.store.index_blobs`)
        self.index_source = source
        self._by_id = {r.entity.id: r for r in index.records}

    @classmethod
    def from_entities(
        cls, entities: Iterable[Entity], threshold: float = DEFAULT_THRESHOLD
    ) -> Screener:
        return cls(NameIndex(entities), threshold)

    @classmethod
    def from_store(
        cls,
        store: Store,
        datasets: Sequence[str] | None = None,
        cache_dir: Path | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        versions: Sequence[VersionInfo] | None = None,
        shared: IndexBlobs | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Screener:
        """An index of the current version of every (or the named) dataset, or of the
        ``versions`` given (the lists as they stood on a date).

        With ``cache_dir`` the index is kept on disk under a name made of the versions it
        holds, so it is rebuilt exactly when a list version changes. With ``shared`` (the
        store's signed index blobs, :mod:`tracewire.store.index_blobs`) an index another
        process built for the same versions is loaded instead of built, and one built
        here is stored for the others. :attr:`index_source` says which it was.
        ``progress(done, total)`` is called while an index is built (not when one is
        loaded), counted in screened parties.
        """
        chosen = store.current_versions() if versions is None else versions
        versions = [v for v in chosen if datasets is None or v.dataset in datasets]
        held = sorted((v.dataset, v.seq, v.sha256) for v in versions)
        fingerprint = hashlib.sha256(repr((INDEX_FORMAT, held)).encode()).hexdigest()[:20]
        path = cache_dir / f"index-{fingerprint}.pickle" if cache_dir else None
        # an index is about a million objects: building or loading it with the cyclic
        # collector on sets off full passes over the growing heap (seconds in all)
        if path is not None and path.exists():
            # signed under $TRACEWIRE_INDEX_KEY when it is set: a file whose signature does
            # not hold is never unpickled, it is built again (:mod:`.store.index_files`)
            cached, refused = read_index_file(path, NameIndex)
            if cached is not None:
                return cls(cached, threshold, source="file")
            log.warning("cached index %s not used, building it: %s", path, refused)

        def entities() -> Iterable[Entity]:
            for v in versions:
                yield from store.version_entities(v)

        def build() -> NameIndex:
            return NameIndex(entities(), progress)

        source = "built"
        with gc_paused():
            if shared is None:
                index = build()
            else:
                key = shared_fingerprint(versions)
                index, fetched = shared.get_or_build(key, NameIndex, build)
                source = fetched.source
        if path is not None:
            for old in path.parent.glob("index-*.pickle"):
                old.unlink(missing_ok=True)
            # atomic, through a temporary file of this build's own: the worker processes of
            # one service (one cache folder) are woken by the same list load at once
            write_index_file(index, path)
        return cls(index, threshold, source=source)

    def __len__(self) -> int:
        return len(self.index)

    def candidates(self, query: Query, limit: int = 30) -> list[Entity]:
        prepared = PreparedQuery.prepare(query)
        rids, _hit = self.index.candidates(
            prepared.forms,
            prepared.ids,
            query_schema(query.schema, prepared.forms, bool(prepared.ids)),
            limit,
            floor=name_floor(prepared, self.threshold),
            headroom=0.0,  # name_floor counts what the features may add
        )
        return [self.index.records[rid].entity for rid in rids]

    def score(self, query: Query, entity: Entity) -> MatchResult:
        record = self._by_id.get(entity.id) or Record.from_entity(entity)
        return score_record(PreparedQuery.prepare(query), record, self.index, self.threshold)

    def match(
        self,
        query: Query,
        limit: int = 5,
        threshold: float | None = None,
        min_score: float = 0.0,
        datasets: Sequence[str] | None = None,
        params: NameParams = DEFAULT_PARAMS,
    ) -> list[MatchResult]:
        """Scored results for a query, best first (names compared with ``params``)."""
        if limit < 1:
            return []  # nothing asked for (and the heap below needs one place)
        cut = self.threshold if threshold is None else threshold
        prepared = PreparedQuery.prepare(query, params)
        # every candidate that could reach the threshold (or the minimum score asked for)
        # is scored; tuned comparisons may score above the bound, so all are
        floor = min(cut, min_score) if min_score > 0 else cut
        rids, hit = self.index.candidates(
            prepared.forms,
            prepared.ids,
            query_schema(query.schema, prepared.forms, bool(prepared.ids)),
            max(CANDIDATES, limit),
            floor=name_floor(prepared, floor) if bound_holds(params) else None,
            headroom=0.0,  # name_floor counts what the features may add
        )
        # names first; the features (a tenth of the cost) only for the candidates whose
        # ceiling (name score plus what the features may add) can still enter the top
        # ``limit``: the results are those of scoring every candidate in full
        ceiling_of = ScoreCeiling(prepared)  # the features' headroom worked out once
        named: list[tuple[float, Record, NameMatch]] = []
        for rid in rids:
            record = self.index.records[rid]
            if datasets is not None and record.entity.dataset not in datasets:
                continue
            name = candidate_name(prepared, record, self.index, hit, min_score, ceiling_of)
            if name is not None:
                named.append((ceiling_of(name.score), record, name))
        named.sort(key=lambda item: -item[0])  # stable: ties keep the retrieval order
        results: list[MatchResult] = []
        top: list[float] = []  # min-heap of the best ``limit`` scores so far
        for ceiling, record, name in named:
            # a margin over float rounding (the features add in another order)
            if len(top) >= limit and top[0] > ceiling + 1e-9:
                break
            result = weigh_features(prepared, record, name, cut)
            if result.score >= min_score:
                results.append(result)
                if len(top) < limit:
                    heapq.heappush(top, result.score)
                elif result.score > top[0]:
                    heapq.heapreplace(top, result.score)
        results.sort(key=lambda r: (-r.score, r.entity.id))
        return results[:limit]
