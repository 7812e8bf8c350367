"""Keeping the portfolio screened: full screenings, and rescreening what a list update changed.

:class:`Monitor` is the workflow over one store: the portfolio, the alerts, the users and
the audit trail. It screens with any :class:`~tracewire.match.Screener` built from that
store:

- :meth:`Monitor.screen`: every party (or the given ones) against everything loaded.
- :meth:`Monitor.rescreen`: after a list update, the portfolio against only the list
  entries the update added or changed materially (from the versions' diff: names,
  dates, countries, identifiers; an entity whose sanctions changed counts as changed; a
  change of notes or addresses does not). The portfolio is indexed and each changed
  entry looked up in it, so the work follows the size of the change; each candidate pair
  is scored with the full index, exactly as a full screening scores it. Entries the
  update removed flag the alerts that stood on them. The portfolio's index lives in the
  store's database, kept up to date by imports and read per changed entry: see
  :mod:`tracewire.workflow.portfolio_index`.
- :meth:`Monitor.rescreen_pending`: the rescreens a load recorded as pending (in the
  transaction that made its version) and that have not run: a load killed after its
  commit leaves one, and the next load, ``portfolio screen`` or service start runs it.
  A full screening settles the pending rescreens it covers, and flags the alerts whose
  list entry is no longer on the lists, as a rescreen would have.

Memory does not grow with the portfolio: screenings read the parties from the store in
chunks of :attr:`Monitor.chunk_rows` by key range (keyset pagination), and a delta
rescreen reads the portfolio's index per changed list entry. The alerts are written
through :class:`~tracewire.workflow.alerts.AlertBook` (the audited path) here, whether
the matching ran here or on a Dask cluster (``cluster``: see
:mod:`tracewire.screen.cluster`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from tracewire.errors import TracewireError
from tracewire.match import Screener
from tracewire.match.index import COMPATIBLE, Record
from tracewire.match.names import NameMatch
from tracewire.match.scoring import (
    MatchResult,
    PreparedQuery,
    ScoreCeiling,
    best_name,
    person_names,
    weigh_features,
)
from tracewire.model import MATCHABLE_SCHEMATA, get_schema
from tracewire.store import Store, VersionInfo
from tracewire.store.diff import Diff, EntityChange, diff_versions
from tracewire.workflow.alerts import MATERIAL_PROPS, MATERIAL_TYPES, AlertBook, Outcome
from tracewire.workflow.audit import AuditTrail
from tracewire.workflow.portfolio import ImportReport, Party, Portfolio
from tracewire.workflow.portfolio_index import IndexReader, PortfolioIndex, iter_parties
from tracewire.workflow.roles import Actor, User, Users
from tracewire.workflow.tables import parties as parties_table

Progress = Callable[[int, int], None]
#: results per party kept as alerts (those at or above the threshold)
ALERTS_PER_PARTY = 10
#: PostgreSQL advisory lock id held while running the pending rescreens ("twrs")
PG_RESCREEN_LOCK = 0x74777273
#: portfolio parties looked at per changed list entry in a delta rescreen
REVERSE_CANDIDATES = 200
#: parties read from the store, screened and marked screened at a time
CHUNK_ROWS = 2_000
#: changed list entries whose lookups in the portfolio index are read together
PREFETCH_ENTRIES = 128
#: prepared party queries a delta rescreen keeps between list entries
PREPARED_KEPT = 50_000
#: alerts a delta rescreen writes in one transaction at most (a never-screened portfolio
#: can have thousands in a chunk of parties)
ALERTS_PER_TRANSACTION = 500


class PartyMatcher(Protocol):
    """Matches chunks of parties somewhere else (a Dask cluster), in order."""

    def match_parties(
        self, chunks: Iterable[list[Party]], limit: int
    ) -> Iterator[tuple[list[Party], list[list[MatchResult]]]]: ...


@dataclass
class ScreenRun:
    """What a screening of the portfolio did."""

    mode: str  # "full", "parties" or "delta"
    parties: int
    seconds: float
    lists: list[dict[str, Any]]
    outcome: Outcome = field(default_factory=Outcome)
    #: list entries screened against (delta: what the update added or changed)
    entities: int = 0
    datasets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "screened": self.parties,
            "entities": self.entities,
            "datasets": self.datasets,
            "seconds": round(self.seconds, 3),
            "lists": self.lists,
            **self.outcome.counts(),
            "alerts": {
                "opened": self.outcome.opened,
                "reopened": self.outcome.reopened,
                "designations_removed": self.outcome.removed,
            },
        }

    def summary(self) -> str:
        c = self.outcome.counts()
        against = (
            f"{self.entities:,} changed list entries of {', '.join(self.datasets)}"
            if self.mode == "delta"
            else "all loaded lists"
        )
        return (
            f"screened {self.parties:,} parties against {against} in {self.seconds:.2f} s: "
            f"{c['opened']} new alerts, {c['reopened']} reopened, {c['suppressed']} "
            f"suppressed by earlier decisions, {c['updated']} updated, "
            f"{c['designations_removed']} designations removed"
        )


def list_versions(store: Store) -> list[dict[str, Any]]:
    return [
        {
            "dataset": v.dataset,
            "version": v.seq,
            "sha256": v.sha256,
            "publisher_date": v.publisher_date,
        }  # fmt: skip
        for v in store.current_versions()
    ]


class Monitor:
    def __init__(
        self, store: Store, home: Path | None = None, chunk_rows: int = CHUNK_ROWS
    ) -> None:
        """``home``: the data folder, where a PostgreSQL store's audit anchor is kept.
        ``chunk_rows``: parties read from the store at a time (screenings, the index)."""
        self.store = store
        self.audit = AuditTrail(store.engine, home=home)
        self.portfolio = Portfolio(store.engine)
        self.alerts = AlertBook(store.engine, self.audit)
        self.users = Users(store.engine)
        self.chunk_rows = chunk_rows
        self.portfolio_index = PortfolioIndex(store.engine, chunk_rows)

    # -- portfolio ----------------------------------------------------------------------
    def import_rows(
        self,
        rows: Iterable[tuple[int, dict[str, Any]]],
        actor: Actor,
        source: str,
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Import parties in chunks, in one transaction (see :meth:`Portfolio.upsert`);
        ``progress`` is called with the rows read so far."""
        actor.require("analyst", "change the portfolio")
        report = self.portfolio.upsert(rows, progress=progress)
        counts = report.to_dict()
        self.audit.append(
            actor=actor.name,
            kind="portfolio",
            endpoint="portfolio.import",
            subject=f"portfolio:{source}",
            request={
                "summary": f"imported {source}: {counts['added']} added, {counts['updated']} "
                f"updated, {counts['unchanged']} unchanged, {report.error_count} rejected",
                "source": source,
                **{k: v for k, v in counts.items() if k != "errors"},
            },
            results={
                # the first KEPT_IDS of each (the parties carry the import's stamp)
                "added": report.added,
                "updated": report.updated,
                "stamp": report.stamp.isoformat() if report.stamp else None,
                "errors": counts["errors"][:100],
            },  # fmt: skip
            lists=list_versions(self.store),
        )
        return report

    def remove_party(self, actor: Actor, party_id: str, key_id: str | None = None) -> None:
        """Stop monitoring a party (its alerts and their history stay)."""
        actor.require("analyst", "change the portfolio")
        self.portfolio.remove(party_id)
        self._note(actor, key_id, "portfolio", "portfolio.remove", f"party:{party_id}",
                   f"party {party_id} removed from the portfolio")  # fmt: skip

    # -- users --------------------------------------------------------------------------
    def add_user(self, actor: Actor, name: str, role: str, key_id: str | None = None) -> User:
        actor.require("admin", "manage users")
        user = self.users.add(name, role)
        self._note(actor, key_id, "user", "users.add", f"user:{name}",
                   f"user {name} added as {role}")  # fmt: skip
        return user

    def set_role(self, actor: Actor, name: str, role: str, key_id: str | None = None) -> User:
        actor.require("admin", "manage users")
        user = self.users.set_role(name, role)
        self._note(actor, key_id, "user", "users.set_role", f"user:{name}",
                   f"user {name} is now {role}")  # fmt: skip
        return user

    def disable_user(self, actor: Actor, name: str, key_id: str | None = None) -> User:
        actor.require("admin", "manage users")
        user = self.users.disable(name)
        self._note(actor, key_id, "user", "users.disable", f"user:{name}",
                   f"user {name} disabled")  # fmt: skip
        return user

    def _note(self, actor: Actor, key_id: str | None, kind: str, endpoint: str, subject: str,
              summary: str) -> None:  # fmt: skip
        self.audit.append(actor=actor.name, key_id=key_id, kind=kind, endpoint=endpoint,
                          subject=subject, request={"summary": summary},
                          lists=list_versions(self.store))  # fmt: skip

    # -- screening ----------------------------------------------------------------------
    def screen(
        self,
        screener: Screener,
        actor: Actor,
        party_ids: Sequence[str] | None = None,
        progress: Progress | None = None,
        versions: Sequence[VersionInfo] | None = None,
        changed_at: datetime | None = None,
        cluster: PartyMatcher | None = None,
    ) -> ScreenRun:
        """Screen every party (or ``party_ids``, or the parties an import added or
        changed: ``changed_at``, its :attr:`ImportReport.stamp`) against the whole index.

        The parties are read in chunks of :attr:`chunk_rows` by key range, matched (here,
        or on ``cluster``), their alerts written and the chunk marked screened before the
        next is read. A full screening also flags the alerts whose list entry is no
        longer in the index (as the rescreen of the load that removed it would have),
        and, given the ``versions`` the screener was built from, settles the pending
        rescreens of those versions and of older ones of their datasets."""
        actor.require("analyst", "screen the portfolio")
        lists = list_versions(self.store)
        started = time.perf_counter()
        where = parties_table.c.updated_at == changed_at if changed_at is not None else None
        full = party_ids is None and changed_at is None
        total = len(set(party_ids)) if party_ids is not None else self.portfolio.count(where=where)
        run = ScreenRun("full" if full else "parties", 0, 0.0, lists)
        run.entities = len(screener)
        run.datasets = [v["dataset"] for v in lists]
        chunks = iter_parties(self.store.engine, self.chunk_rows, where=where, ids=party_ids)
        if cluster is not None:
            matched = cluster.match_parties(chunks, ALERTS_PER_PARTY)
        else:
            matched = (
                (
                    chunk,
                    [
                        # only matches become alerts: what scores below the threshold
                        # needs no scoring in full (Screener.match skips it)
                        screener.match(
                            p.query(), limit=ALERTS_PER_PARTY, min_score=screener.threshold
                        )  # fmt: skip
                        for p in chunk
                    ],
                )
                for chunk in chunks
            )
        for chunk, results in matched:
            # the chunk's alerts in one transaction (one lock of the audit chain, one
            # commit, one anchor line): all of them or none
            self.alerts.apply_many(zip(chunk, results, strict=True), lists, actor, run.outcome)
            self.portfolio.mark_screened(p.id for p in chunk)
            run.parties += len(chunk)
            if progress is not None:
                progress(run.parties, max(total, run.parties))
        if full:
            listed = {r.entity.id for r in screener.index.records}
            gone = self.alerts.live_entity_ids() - listed
            run.outcome.removed = self.alerts.designations_removed(gone, lists, actor)
            if versions is not None:
                self.store.rescreened(_covered(self.store.pending_rescreens(), versions))
        run.seconds = time.perf_counter() - started
        self._record(run, actor)
        return run

    def rescreen(
        self,
        screener: Screener,
        diffs: Sequence[Diff],
        actor: Actor,
        progress: Progress | None = None,
    ) -> ScreenRun:
        """Screen every party against only what ``diffs`` added or changed; flag removals.

        ``screener`` must be built from the store's current versions (the diffs' new side).
        """
        actor.require("analyst", "screen the portfolio")
        lists = list_versions(self.store)
        started = time.perf_counter()
        by_id = {r.entity.id: r for r in screener.index.records}
        changed = self._changed_ids(diffs)
        targets = [by_id[i] for i in sorted(changed) if i in by_id]
        removed = {c.id for d in diffs for c in d.removed if c.id not in by_id}
        total = self.portfolio.count() if targets else 0
        run = ScreenRun("delta", total, 0.0, lists, entities=len(targets))
        run.datasets = sorted({d.dataset for d in diffs})
        if targets:
            self.portfolio_index.sync()  # a rebuild only if never built, or by other code
            hits = _reverse_hits(
                screener, targets, self.portfolio_index.reader(), self.portfolio, progress
            )
            # the alerts of up to :attr:`chunk_rows` parties in one transaction, and no
            # more than ALERTS_PER_TRANSACTION (the chain's lock is held while they are
            # written: other writers, a service's audit records, wait for it)
            group: list[tuple[Party, list[MatchResult]]] = []
            alerts = 0
            for party_id in sorted(hits):
                party, found = hits[party_id]
                best = _best(found, ALERTS_PER_PARTY)
                if group and (
                    len(group) >= self.chunk_rows or alerts + len(best) > ALERTS_PER_TRANSACTION
                ):
                    self.alerts.apply_many(group, lists, actor, run.outcome)
                    group, alerts = [], 0
                group.append((party, best))
                alerts += len(best)
            self.alerts.apply_many(group, lists, actor, run.outcome)
        run.outcome.removed = self.alerts.designations_removed(removed, lists, actor)
        run.seconds = time.perf_counter() - started
        self._record(run, actor)
        return run

    def rescreen_pending(
        self,
        screener: Screener | Callable[[], Screener],
        actor: Actor,
        versions: Sequence[VersionInfo],
        progress: Progress | None = None,
    ) -> ScreenRun | None:
        """Run the rescreens that loads recorded and that have not run yet (a load killed
        after its commit, ``--no-rescreen``), for the list versions the screener covers.

        ``versions``: those the screener is (or will be) built from; ``screener`` may be a
        function that builds it, called only when there is something to rescreen. None
        when nothing was pending or the portfolio is empty (pending rescreens are then
        settled: a party added later is screened when it is imported)."""
        with self._rescreen_lock() as mine:
            if not mine:  # another process (a service worker) is running them now
                return None
            pending = _covered(self.store.pending_rescreens(), versions)
            if not pending:
                return None
            if not self.portfolio.count():
                self.store.rescreened(pending)
                return None
            if not isinstance(screener, Screener):
                screener = screener()
            diffs = [load_diff(self.store, v.dataset, v.seq) for v in pending]
            run = self.rescreen(screener, diffs, actor, progress)
            self.store.rescreened(pending)
            return run

    @contextmanager
    def _rescreen_lock(self) -> Iterator[bool]:
        """On PostgreSQL, whether this process got the pending rescreens to itself (an
        advisory lock held while it runs them), so the service's workers, started at once,
        do not all run them. SQLite's lock would stop every writer: True there."""
        if self.store.engine.dialect.name != "postgresql":
            yield True
            return
        with self.store.engine.connect() as conn:
            got = bool(
                conn.exec_driver_sql(f"SELECT pg_try_advisory_lock({PG_RESCREEN_LOCK})").scalar()
            )
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({PG_RESCREEN_LOCK})")
                    conn.commit()

    def _changed_ids(self, diffs: Sequence[Diff]) -> set[str]:
        """Entities a diff added or changed materially (names, dates, countries, ids: what
        matching uses), and those whose sanctions it added or changed."""
        ids: set[str] = set()
        for d in diffs:
            material = [c for c in d.changed if c.schema == "Sanction" or _material(c)]
            for c in d.added + material:
                if c.schema != "Sanction":
                    ids.add(c.id)
                else:
                    try:
                        found = self.store.get_entity(c.id)
                    except TracewireError:
                        continue
                    for entity, _version in found:
                        ids.update(entity.get("entity"))
        return ids

    def _record(self, run: ScreenRun, actor: Actor) -> None:
        self.audit.append(
            actor=actor.name,
            kind="screening",
            endpoint=f"portfolio.screen.{run.mode}",
            subject="portfolio",
            request={
                "summary": run.summary(),
                "mode": run.mode,
                "parties": run.parties,
                "entities": run.entities,
                "datasets": run.datasets,
            },  # fmt: skip
            results=run.to_dict()["alerts"] | run.outcome.counts(),
            lists=run.lists,
        )


def _best(results: Sequence[MatchResult], limit: int) -> list[MatchResult]:
    """The ``limit`` best results, best first (ties by list entry id)."""
    return sorted(results, key=lambda r: (-r.score, r.entity.id))[:limit]


def _covered(pending: Sequence[VersionInfo], versions: Sequence[VersionInfo]) -> list[VersionInfo]:
    """The pending versions that a screener built from ``versions`` has seen: the same
    version of a dataset or an older one."""
    seen = {v.dataset: v.seq for v in versions}
    return [p for p in pending if p.dataset in seen and p.seq <= seen[p.dataset]]


def _material(change: EntityChange) -> bool:
    schema = get_schema(change.schema)
    for prop in change.fields:
        if prop == "schema" or prop in MATERIAL_PROPS:
            return True
        p = schema.get(prop)
        if p is not None and p.type.name in MATERIAL_TYPES:
            return True
    return False


def load_diff(store: Store, dataset: str, seq: int) -> Diff:
    """What version ``seq`` of ``dataset`` changed: against the version before it, or, for
    the first version, every entity added."""
    new = store.version(dataset, seq)
    earlier = [v for v in store.versions(dataset) if v.seq < new.seq]
    if earlier:
        return diff_versions(store, dataset, earlier[-1].seq, new.seq)
    out = Diff(dataset=dataset, old=new, new=new)
    out.added = [EntityChange(e.id, e.schema, e.caption) for e in store.version_entities(new)]
    return out


def _reverse_hits(
    screener: Screener,
    targets: Sequence[Record],
    reader: IndexReader,
    portfolio: Portfolio,
    progress: Progress | None = None,
) -> dict[str, tuple[Party, list[MatchResult]]]:
    """Matches of the portfolio against ``targets`` only, found from the targets' side.

    The portfolio is indexed like a list (its names under the same keys, in the store:
    :mod:`tracewire.workflow.portfolio_index`), and each target list entry is looked up
    in it, so the work grows with what changed, not with the portfolio. Each candidate
    pair is scored exactly as a forward screening scores it: the party's query against
    the list entry, with the full index's token rarities. The portfolio index's own
    rarities only rank parties for the :data:`REVERSE_CANDIDATES` cut. The results are
    :func:`score_record`'s: the names of parties printed alike are compared once per
    entry, and the features are weighed only where the score can reach the threshold.

    Only the candidate parties are read from the store; the matches are kept, with
    their party.
    """
    prepared: dict[str, PreparedQuery] = {}
    ceilings: dict[str, ScoreCeiling] = {}
    kept: dict[str, Party] = {}
    hits: dict[str, tuple[Party, list[MatchResult]]] = {}
    index, threshold = screener.index, screener.threshold
    for n, record in enumerate(targets, start=1):
        if n % PREFETCH_ENTRIES == 1:  # what the next entries' lookups read, read at once
            block = targets[n - 1 : n - 1 + PREFETCH_ENTRIES]
            reader.prefetch([([form for form, _weak in r.names], r.ids) for r in block])
        forms = [form for form, _weak in record.names]
        ids = reader.candidates(forms, record.ids, REVERSE_CANDIDATES)
        if len(prepared) > PREPARED_KEPT:
            prepared.clear()
            ceilings.clear()
            kept.clear()
        missing = [i for i in ids if i not in kept]
        if missing:
            kept.update((p.id, p) for p in portfolio.parties(ids=missing))
        # the name comparison depends on the party's name and schema only (its normal
        # forms; whether names compare as persons'): parties printed alike (a portfolio
        # holds many) are compared with the entry once, their own features each
        named: dict[tuple[str, str | None], NameMatch] = {}
        for party_id in ids:
            party = kept.get(party_id)
            if party is None:  # removed since the index was read
                continue
            if record.entity.schema not in COMPATIBLE.get(party.schema, MATCHABLE_SCHEMATA):
                continue  # persons never match companies, as in a forward screening
            query = prepared.get(party.id)
            if query is None:
                query = prepared[party.id] = PreparedQuery.prepare(party.query())
            alike = (party.name, party.schema)
            name = named.get(alike)
            if name is None:
                person = person_names(query, record)
                name = named[alike] = best_name(
                    query.forms, record, index, person, None, query.params
                )
            # what score_record gives, the features weighed only where the score can
            # reach the threshold (ScoreCeiling: as Screener.match skips them)
            ceiling = ceilings.get(party.id)
            if ceiling is None:
                ceiling = ceilings[party.id] = ScoreCeiling(query)
            if ceiling(name.score) + 1e-9 < threshold:  # (a margin over float rounding)
                continue
            result = weigh_features(query, record, copy(name), threshold)
            if result.match:
                hits.setdefault(party.id, (party, []))[1].append(result)
        if progress is not None:
            progress(n, len(targets))
    return hits
