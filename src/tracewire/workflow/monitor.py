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
  update removed flag the alerts that stood on them. The portfolio's index is kept
  between rescreens (in memory, and in ``cache_dir`` when given) and rebuilt only when
  the portfolio changed: see :mod:`tracewire.workflow.portfolio_index`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracewire.errors import TracewireError
from tracewire.match import Screener
from tracewire.match.index import COMPATIBLE, NameIndex, Record
from tracewire.match.scoring import MatchResult, PreparedQuery, score_record
from tracewire.model import MATCHABLE_SCHEMATA, get_schema
from tracewire.store import Store
from tracewire.store.diff import Diff, EntityChange, diff_versions
from tracewire.workflow.alerts import MATERIAL_PROPS, MATERIAL_TYPES, AlertBook, Outcome
from tracewire.workflow.audit import AuditTrail
from tracewire.workflow.portfolio import ImportReport, Party, Portfolio
from tracewire.workflow.portfolio_index import PortfolioIndex, build_index
from tracewire.workflow.roles import Actor, User, Users

Progress = Callable[[int, int], None]
#: results per party kept as alerts (those at or above the threshold)
ALERTS_PER_PARTY = 10
#: portfolio parties looked at per changed list entry in a delta rescreen
REVERSE_CANDIDATES = 200


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
        self, store: Store, cache_dir: Path | None = None, home: Path | None = None
    ) -> None:
        """``cache_dir``: where to keep the portfolio's index between processes (the
        CLI's list-index folder); without it the index is kept for this monitor only.
        ``home``: the data folder, where a PostgreSQL store's audit anchor is kept."""
        self.store = store
        self.audit = AuditTrail(store.engine, home=home)
        self.portfolio = Portfolio(store.engine)
        self.alerts = AlertBook(store.engine, self.audit)
        self.users = Users(store.engine)
        self.portfolio_index = PortfolioIndex(cache_dir)

    # -- portfolio ----------------------------------------------------------------------
    def import_rows(
        self, rows: Iterable[tuple[int, dict[str, Any]]], actor: Actor, source: str
    ) -> ImportReport:
        actor.require("analyst", "change the portfolio")
        report = self.portfolio.upsert(rows)
        counts = report.to_dict()
        self.audit.append(
            actor=actor.name,
            kind="portfolio",
            endpoint="portfolio.import",
            subject=f"portfolio:{source}",
            request={
                "summary": f"imported {source}: {counts['added']} added, {counts['updated']} "
                f"updated, {counts['unchanged']} unchanged, {len(report.errors)} rejected",
                "source": source,
                **{k: v for k, v in counts.items() if k != "errors"},
            },
            results={
                "added": report.added,
                "updated": report.updated,
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
    ) -> ScreenRun:
        """Screen every party (or ``party_ids``) against the whole index."""
        actor.require("analyst", "screen the portfolio")
        lists = list_versions(self.store)
        started = time.perf_counter()
        selected = list(self.portfolio.parties(ids=party_ids))
        run = ScreenRun("full" if party_ids is None else "parties", len(selected), 0.0, lists)
        run.entities = len(screener)
        run.datasets = [v["dataset"] for v in lists]
        for n, party in enumerate(selected, start=1):
            # only matches become alerts: what scores below the threshold needs no scoring
            # in full (Screener.match skips it)
            results = screener.match(
                party.query(), limit=ALERTS_PER_PARTY, min_score=screener.threshold
            )
            self.alerts.apply(party, results, lists, actor, run.outcome)
            if progress is not None:
                progress(n, len(selected))
        self.portfolio.mark_screened(p.id for p in selected)
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
        parties = {p.id: p for p in self.portfolio.parties()} if targets else {}
        run = ScreenRun("delta", len(parties), 0.0, lists, entities=len(targets))
        run.datasets = sorted({d.dataset for d in diffs})
        if targets:
            # the kept index if the portfolio's names are as they were, else a rebuild
            index = self.portfolio_index.get(list(parties.values()))
            hits = _reverse_hits(screener, targets, parties, progress, index)
            for party_id in sorted(hits):
                results = sorted(hits[party_id], key=lambda r: (-r.score, r.entity.id))
                self.alerts.apply(
                    parties[party_id], results[:ALERTS_PER_PARTY], lists, actor, run.outcome
                )
        run.outcome.removed = self.alerts.designations_removed(removed, lists, actor)
        run.seconds = time.perf_counter() - started
        self._record(run, actor)
        return run

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
    parties: dict[str, Party],
    progress: Progress | None = None,
    portfolio: NameIndex | None = None,
) -> dict[str, list[MatchResult]]:
    """Matches of the portfolio against ``targets`` only, found from the targets' side.

    The portfolio is indexed like a list (its names under the same keys), and each target
    list entry is looked up in it, so the work grows with what changed, not with the
    portfolio. Each candidate pair is scored exactly as a forward screening scores it:
    the party's query against the list entry, with the full index's token rarities.

    ``portfolio``: the index of ``parties`` (:func:`build_index` of them, in order) when
    kept from an earlier run; it is the index a rebuild would make, so the candidates, and
    the results, are the same either way. The portfolio index's own rarities only rank
    parties for the :data:`REVERSE_CANDIDATES` cut; scores use ``screener.index``.
    """
    if portfolio is None:
        portfolio = build_index(list(parties.values()))
    prepared: dict[str, PreparedQuery] = {}
    hits: dict[str, list[MatchResult]] = {}
    for n, record in enumerate(targets, start=1):
        forms = [form for form, _weak in record.names]
        rids, _hit = portfolio.candidates(forms, record.ids, None, REVERSE_CANDIDATES)
        for rid in rids:
            party = parties[portfolio.records[rid].entity.id]
            if record.entity.schema not in COMPATIBLE.get(party.schema, MATCHABLE_SCHEMATA):
                continue  # persons never match companies, as in a forward screening
            if party.id not in prepared:
                prepared[party.id] = PreparedQuery.prepare(party.query())
            result = score_record(prepared[party.id], record, screener.index, screener.threshold)
            if result.match:
                hits.setdefault(party.id, []).append(result)
        if progress is not None:
            progress(n, len(targets))
    return hits
