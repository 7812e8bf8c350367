"""The portfolio index kept between delta rescreens: reused while the portfolio's names
stay as they were, rebuilt when parties are imported, renamed or removed, rebuilt from a
corrupt cache file, and giving the same results as an index built afresh."""

from __future__ import annotations

import logging
import pickle
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import raw_file
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.match.index import Record
from tracewire.screen.batch import read_rows
from tracewire.store import Store
from tracewire.store.diff import Diff
from tracewire.workflow import Actor, Monitor, load_diff
from tracewire.workflow.monitor import _reverse_hits
from tracewire.workflow.portfolio_index import PREFIX, build_index

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "portfolio.csv"
ANA = Actor("ana", "analyst")

pytestmark = pytest.mark.slow  # each test builds the index of a real list


@dataclass
class Updated:
    """A store with the example portfolio screened against UN 2022, then UN 2026 loaded."""

    store: Store
    diff: Diff
    screener: Screener
    cache: Path

    def monitor(self) -> Monitor:
        return Monitor(self.store, cache_dir=self.cache)

    def files(self) -> list[Path]:
        return sorted(self.cache.glob(f"{PREFIX}*.pickle"))


@pytest.fixture
def updated(store_url: str, tmp_path: Path) -> Updated:
    un_2022 = raw_file("un_sc_consolidated_2022-09-15", "un.xml")
    un_2026 = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    store = Store(store_url)
    load_paths(store, [un_2022])
    monitor = Monitor(store)
    assert not monitor.import_rows(read_rows(EXAMPLE), ANA, "portfolio.csv").errors
    monitor.screen(Screener.from_store(store), ANA)
    (report,) = load_paths(store, [un_2026])
    diff = load_diff(store, report.version.dataset, report.version.seq)
    return Updated(store, diff, Screener.from_store(store), tmp_path / "cache")


def _targets(u: Updated, monitor: Monitor) -> list[Record]:
    changed = monitor._changed_ids([u.diff])
    return [r for r in u.screener.index.records if r.entity.id in changed]


def _hits(u: Updated, monitor: Monitor, cached: bool) -> list[tuple[str, str, float, bool]]:
    """Every (party, entry, score, match) the delta finds, with the monitor's kept index
    or with one built afresh."""
    parties = {p.id: p for p in monitor.portfolio.parties()}
    index = monitor.portfolio_index.get(list(parties.values())) if cached else None
    hits = _reverse_hits(u.screener, _targets(u, monitor), parties, None, index)
    return sorted(
        (pid, r.entity.id, r.score, r.match) for pid, results in hits.items() for r in results
    )


def test_second_rescreen_reuses_the_index(updated: Updated) -> None:
    monitor = updated.monitor()
    first = monitor.rescreen(updated.screener, [updated.diff], ANA)
    assert first.outcome.opened  # the update brings new matches
    kept = monitor.portfolio_index
    assert (kept.built, kept.loaded, kept.reused) == (1, 0, 0)
    assert len(updated.files()) == 1

    # the same monitor again: the index it holds
    again = monitor.rescreen(updated.screener, [updated.diff], ANA)
    assert (kept.built, kept.loaded, kept.reused) == (1, 0, 1)
    assert again.parties == first.parties and again.entities == first.entities

    # another process (a new monitor on the same folder): the cache file
    other = updated.monitor()
    other.rescreen(updated.screener, [updated.diff], ANA)
    assert (other.portfolio_index.built, other.portfolio_index.loaded) == (0, 1)


def test_kept_index_gives_the_results_of_a_fresh_one(updated: Updated) -> None:
    updated.monitor().rescreen(updated.screener, [updated.diff], ANA)  # writes the cache
    monitor = updated.monitor()
    cached = _hits(updated, monitor, cached=True)
    assert monitor.portfolio_index.loaded == 1 and monitor.portfolio_index.built == 0
    fresh = _hits(updated, monitor, cached=False)
    assert cached and cached == fresh
    # and the index itself is the one a rebuild makes: same keys, entries and rarities
    parties = list(monitor.portfolio.parties())
    kept, rebuilt = monitor.portfolio_index.get(parties), build_index(parties)
    assert kept.postings == rebuilt.postings
    assert [r.entity.id for r in kept.records] == [r.entity.id for r in rebuilt.records]
    assert all(kept.weight(k) == rebuilt.weight(k) for k in rebuilt.postings)


def test_portfolio_changes_invalidate_the_index(updated: Updated) -> None:
    monitor = updated.monitor()
    monitor.rescreen(updated.screener, [updated.diff], ANA)
    kept = monitor.portfolio_index
    assert kept.built == 1
    alerted = {a.entity_id for a in monitor.alerts.list(limit=500)}
    # a changed (here: new or renamed) UN person no party matches yet becomes a customer
    entry = next(
        r.entity
        for r in _targets(updated, monitor)
        if r.entity.schema == "Person" and r.entity.id not in alerted
    )
    rows = [(1, {"id": "NEW-1", "name": entry.caption, "schema": "Person"})]
    assert monitor.import_rows(rows, ANA, "new customer").added == ["NEW-1"]
    run = monitor.rescreen(updated.screener, [updated.diff], ANA)
    assert kept.built == 2  # rebuilt, not the index without the new party
    pairs = {(a.party_id, a.entity_id) for a in monitor.alerts.list(limit=500)}
    assert ("NEW-1", entry.id) in pairs
    assert {monitor.alerts.get(i).party_id for i in run.outcome.opened} == {"NEW-1"}
    assert len(updated.files()) == 1  # the earlier portfolio's file is gone

    # a new birth date is not in the index (names only): the index stays
    rows = [(1, {"id": "NEW-1", "name": entry.caption, "schema": "Person",
                 "birth_date": "1970-01-01"})]  # fmt: skip
    assert monitor.import_rows(rows, ANA, "dob").updated == ["NEW-1"]
    monitor.rescreen(updated.screener, [updated.diff], ANA)
    assert (kept.built, kept.reused) == (2, 1)

    # a removed party: rebuilt without it (the kept index would name a party gone)
    before = run.parties
    monitor.remove_party(ANA, "NEW-1")
    run = monitor.rescreen(updated.screener, [updated.diff], ANA)
    assert kept.built == 3 and run.parties == before - 1

    # a renamed party: rebuilt too, and another process sees the change on disk
    party = next(iter(monitor.portfolio.parties()))
    rows = [(1, party.to_dict() | {"name": party.name + " Junior"})]
    assert monitor.import_rows(rows, ANA, "rename").updated == [party.id]
    monitor.rescreen(updated.screener, [updated.diff], ANA)
    assert kept.built == 4
    other = updated.monitor()
    assert _hits(updated, other, cached=True) == _hits(updated, other, cached=False)
    assert other.portfolio_index.loaded == 1 and other.portfolio_index.built == 0


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other pickle", "empty"])
def test_corrupt_cache_file_is_rebuilt(
    updated: Updated, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    updated.monitor().rescreen(updated.screener, [updated.diff], ANA)
    (path,) = updated.files()
    data = path.read_bytes()
    path.write_bytes(
        {
            "garbage": b"not a pickle at all",
            "truncated": data[: len(data) // 2],
            "other pickle": pickle.dumps({"index": [1, 2, 3]}),
            "empty": b"",
        }[damage]
    )
    monitor = updated.monitor()
    with caplog.at_level(logging.WARNING, logger="tracewire.workflow"):
        cached = _hits(updated, monitor, cached=True)
    assert "ignoring the portfolio index cache" in caplog.text
    assert (monitor.portfolio_index.built, monitor.portfolio_index.loaded) == (1, 0)
    assert cached == _hits(updated, monitor, cached=False)
    # rewritten whole: the next process loads it
    other = updated.monitor()
    other.rescreen(updated.screener, [updated.diff], ANA)
    assert (other.portfolio_index.built, other.portfolio_index.loaded) == (0, 1)


def test_unwritable_cache_folder_only_costs_time(
    updated: Updated, caplog: pytest.LogCaptureFixture
) -> None:
    updated.cache.parent.mkdir(parents=True, exist_ok=True)
    updated.cache.write_text("a file where the folder should be")
    monitor = updated.monitor()
    with caplog.at_level(logging.WARNING, logger="tracewire.workflow"):
        run = monitor.rescreen(updated.screener, [updated.diff], ANA)
    assert run.outcome.opened
    assert "could not write the portfolio index cache" in caplog.text
    assert not list(updated.cache.parent.glob("*.part")) and updated.cache.is_file()
    monitor.rescreen(updated.screener, [updated.diff], ANA)
    assert monitor.portfolio_index.reused == 1  # still kept in memory
