"""The portfolio index kept in the store for delta rescreens, on real lists: a portfolio
screened against UN 2022, then UN 2026 loaded. Each changed UN entry's lookup in the
stored index gives the candidates an in-memory index of the whole portfolio gives (the
index the rescreen used before), the rescreen finds the same parties, and imports,
renames and removals keep the stored index as a rebuild would make it."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from tests.conftest import raw_file
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.match.index import COMPATIBLE, NameIndex, Record
from tracewire.match.scoring import PreparedQuery, score_record
from tracewire.model import MATCHABLE_SCHEMATA
from tracewire.screen.batch import read_rows
from tracewire.store import Store
from tracewire.store.diff import Diff
from tracewire.workflow import Actor, Monitor, load_diff
from tracewire.workflow.monitor import ALERTS_PER_PARTY, REVERSE_CANDIDATES, _reverse_hits
from tracewire.workflow.portfolio import Party
from tracewire.workflow.portfolio_index import build_index
from tracewire.workflow.tables import (
    portfolio_index_state,
    portfolio_keys,
    portfolio_names,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "portfolio.csv"
ANA = Actor("ana", "analyst")

pytestmark = pytest.mark.slow  # each test loads two versions of a real list


def _common_names(n: int, rng: random.Random) -> list[str]:
    folder = raw_file("popular_names_by_country", "common-forenames-by-country.csv").parent
    first: list[str] = []
    last: list[str] = []
    for name, bucket in (
        ("common-forenames-by-country.csv", first),
        ("common-surnames-by-country.csv", last),
    ):
        with open(folder / name, encoding="utf-8-sig", newline="") as fh:
            bucket.extend(r["Romanized Name"].strip() for r in csv.DictReader(fh)
                          if r.get("Romanized Name"))  # fmt: skip
    return [f"{rng.choice(first)} {rng.choice(last)}" for _ in range(n)]


def _typo(text: str, rng: random.Random) -> str:
    i = rng.randrange(1, max(2, len(text) - 2))
    return text[:i] + text[i + 1 : i + 2] + text[i : i + 1] + text[i + 2 :]


@dataclass
class Updated:
    """A store with a portfolio screened against UN 2022, then UN 2026 loaded.

    The portfolio: the example parties, 1,500 ordinary names, 300 persons sharing the
    commonest Arabic forename (so a changed entry meets more parties than the lookup
    keeps), and the names of changed UN entries as printed, with a typo and reordered."""

    store: Store
    diff: Diff
    screener: Screener

    def monitor(self) -> Monitor:
        return Monitor(self.store, chunk_rows=97)


def _portfolio_rows(store: Store, screener: Screener, diff: Diff) -> list[dict[str, Any]]:
    rng = random.Random(15)
    rows: list[dict[str, Any]] = [row for _line, row in read_rows(EXAMPLE)]
    for i, name in enumerate(_common_names(1500, rng)):
        rows.append({"id": f"O-{i:05d}", "name": name, "schema": "Person"})
    for i, name in enumerate(_common_names(300, rng)):
        rows.append({"id": f"M-{i:05d}", "name": "Mohammed " + name.split()[-1],
                     "schema": "Person"})  # fmt: skip
    changed = {c.id for c in diff.added + diff.changed}
    listed = [r for r in screener.index.records if r.entity.id in changed]
    for i, record in enumerate(rng.sample(listed, min(120, len(listed)))):
        name = record.entity.caption
        schema = record.entity.schema
        words = name.split()
        for j, variant in enumerate((name, _typo(name, rng), " ".join(reversed(words)))):
            rows.append({"id": f"U-{i:04d}-{j}", "name": variant, "schema": schema})
        # parties printed alike with other evidence: the rescreen compares their name with
        # an entry once, and weighs each one's own country and birth date
        countries = sorted(record.countries) or ["de"]
        rows.append({"id": f"U-{i:04d}-3", "name": name, "schema": schema,
                     "country": countries[0]})  # fmt: skip
        rows.append({"id": f"U-{i:04d}-4", "name": name, "schema": schema, "country": "br",
                     "birth_date": "1901-01-01" if schema == "Person" else None})  # fmt: skip
    return rows


@pytest.fixture
def updated(store_url: str, tmp_path: Path) -> Updated:
    un_2022 = raw_file("un_sc_consolidated_2022-09-15", "un.xml")
    un_2026 = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    # the portfolio is made from what the update changes: found on a scratch store
    scratch = Store(f"sqlite:///{tmp_path / 'scratch.db'}")
    load_paths(scratch, [un_2022])
    (report,) = load_paths(scratch, [un_2026])
    diff = load_diff(scratch, report.version.dataset, report.version.seq)
    rows = _portfolio_rows(scratch, Screener.from_store(scratch), diff)
    scratch.engine.dispose()

    store = Store(store_url)
    load_paths(store, [un_2022])
    monitor = Monitor(store, chunk_rows=97)
    imported = monitor.import_rows(enumerate(rows, start=1), ANA, "portfolio")
    assert not imported.errors and imported.added_count == len(rows)
    monitor.screen(Screener.from_store(store), ANA)
    (report,) = load_paths(store, [un_2026])
    diff = load_diff(store, report.version.dataset, report.version.seq)
    return Updated(store, diff, Screener.from_store(store))


def _targets(u: Updated, monitor: Monitor) -> list[Record]:
    changed = monitor._changed_ids([u.diff])
    return [r for r in u.screener.index.records if r.entity.id in changed]


def _reference_hits(
    u: Updated, monitor: Monitor, whole: NameIndex, parties: dict[str, Party]
) -> set[tuple[str, str, float]]:
    """What the delta rescreen found with an index of the whole portfolio in memory (the
    code before the stored index), as (party, entry, score) of every match."""
    found = set()
    for record in _targets(u, monitor):
        forms = [form for form, _weak in record.names]
        rids, _hit = whole.candidates(forms, record.ids, None, REVERSE_CANDIDATES)
        for rid in rids:
            party = parties[whole.records[rid].entity.id]
            if record.entity.schema not in COMPATIBLE.get(party.schema, MATCHABLE_SCHEMATA):
                continue
            result = score_record(
                PreparedQuery.prepare(party.query()), record, u.screener.index,
                u.screener.threshold,
            )  # fmt: skip
            if result.match:
                found.add((party.id, record.entity.id, round(result.score, 4)))
    return found


def test_stored_index_gives_the_whole_portfolio_index_candidates(updated: Updated) -> None:
    monitor = updated.monitor()
    parties = {p.id: p for p in monitor.portfolio.parties()}
    whole = build_index(list(parties.values()))
    # imported into an empty portfolio: indexed as imported, nothing to rebuild
    assert not monitor.portfolio_index.sync() and monitor.portfolio_index.rebuilt == 0
    reader = monitor.portfolio_index.reader()
    targets = _targets(updated, monitor)
    assert len(targets) > 50
    cut = 0
    for record in targets:
        forms = [form for form, _weak in record.names]
        rids, _hit = whole.candidates(forms, record.ids, None, REVERSE_CANDIDATES)
        expected = [whole.records[rid].entity.id for rid in rids]
        assert reader.candidates(forms, record.ids, REVERSE_CANDIDATES) == expected, (
            record.entity.caption
        )
        # the lookup met more parties than it keeps: the ranking decided the cut
        cut += len(whole.candidates(forms, record.ids, None, 10_000, floor=None)[0]) > len(rids)
    assert cut >= 5
    assert reader.misses == 0  # each lookup read what it needed in one go
    assert reader.total == len(parties)

    # the same lookups with what blocks of them need read at once first: the same
    # candidates, each posting read once, in fewer queries than entry by entry
    batched = monitor.portfolio_index.reader()
    for start in range(0, len(targets), 50):
        block = targets[start : start + 50]
        batched.prefetch([([form for form, _weak in r.names], r.ids) for r in block])
        before = batched.queries
        for record in block:
            forms = [form for form, _weak in record.names]
            rids, _hit = whole.candidates(forms, record.ids, None, REVERSE_CANDIDATES)
            assert batched.candidates(forms, record.ids, REVERSE_CANDIDATES) == [
                whole.records[rid].entity.id for rid in rids
            ]
        assert batched.queries == before  # the block's lookups read nothing more
    assert batched.misses == 0 and batched.queries < reader.queries / 2


def test_rescreen_finds_the_parties_the_whole_index_found(updated: Updated) -> None:
    monitor = updated.monitor()
    parties = {p.id: p for p in monitor.portfolio.parties()}
    expected = _reference_hits(updated, monitor, build_index(list(parties.values())), parties)
    assert len({p for p, _e, _s in expected}) > 100  # the planted variants, and more
    monitor.portfolio_index.sync()
    found = _reverse_hits(
        updated.screener, _targets(updated, monitor), monitor.portfolio_index.reader(),
        monitor.portfolio,
    )  # fmt: skip
    got = {(pid, r.entity.id, round(r.score, 4)) for pid, (_p, rs) in found.items() for r in rs}
    assert got == expected
    # parties printed alike score apart by their own evidence (the name compared once)
    alike = {(p, e): s for p, e, s in got if p.startswith("U-") and p.endswith(("-0", "-4"))}
    assert any(
        alike.get((p[:-1] + "4", e), s) != s for (p, e), s in alike.items() if p.endswith("-0")
    )

    run = monitor.rescreen(updated.screener, [updated.diff], ANA)
    assert run.mode == "delta" and run.parties == len(parties) and run.outcome.opened
    # each party's best matches are alerts now (new, or kept from the 2022 screening)
    pairs = {(a.party_id, a.entity_id) for a in monitor.alerts.list(limit=100_000)}
    best: dict[str, list[tuple[float, str]]] = {}
    for party_id, entity_id, score in expected:
        best.setdefault(party_id, []).append((-score, entity_id))
    want = {(p, e) for p, found_ in best.items() for _s, e in sorted(found_)[:ALERTS_PER_PARTY]}
    assert want <= pairs


def _index_rows(store: Store) -> tuple[list[Any], list[Any]]:
    with store.engine.connect() as conn:
        names = sorted(tuple(r) for r in conn.execute(select(portfolio_names)))
        keys = sorted(tuple(r) for r in conn.execute(select(portfolio_keys)))
    return names, keys


def test_imports_keep_the_index_as_a_rebuild_makes_it(updated: Updated) -> None:
    monitor = updated.monitor()
    monitor.rescreen(updated.screener, [updated.diff], ANA)
    alerted = {a.entity_id for a in monitor.alerts.list(limit=100_000)}
    entry = next(
        r.entity
        for r in _targets(updated, monitor)
        if r.entity.schema == "Person" and r.entity.id not in alerted
    )
    # a new customer with a changed UN person's name; a party renamed; one removed
    party = next(iter(monitor.portfolio.parties()))
    rows = [
        (1, {"id": "NEW-1", "name": entry.caption, "schema": "Person"}),
        (2, party.to_dict() | {"name": party.name + " Junior"}),
    ]
    report = monitor.import_rows(rows, ANA, "changes")
    assert report.added == ["NEW-1"] and report.updated == [party.id]
    monitor.remove_party(ANA, "O-00007")
    run = monitor.rescreen(updated.screener, [updated.diff], ANA)
    assert monitor.portfolio_index.rebuilt == 0  # kept up to date, not rebuilt
    assert ("NEW-1", entry.id) in {(a.party_id, a.entity_id) for a in monitor.alerts.list(
        limit=100_000)}  # fmt: skip
    assert {monitor.alerts.get(i).party_id for i in run.outcome.opened} >= {"NEW-1"}
    kept = _index_rows(updated.store)
    assert "O-00007" not in {n[0] for n in kept[0]}
    # a rebuild from the portfolio as it now is makes the same rows
    with updated.store.engine.begin() as conn:
        conn.execute(update(portfolio_index_state).values(code="other code"))
    assert monitor.portfolio_index.sync() and monitor.portfolio_index.rebuilt == 1
    assert _index_rows(updated.store) == kept
