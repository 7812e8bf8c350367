"""Real lists through the whole path: detect, parse, store, version, diff, export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import RAW, raw_file, required_in_ci
from tracewire.cli.main import app
from tracewire.errors import ListFormatError
from tracewire.ingest import load_paths
from tracewire.sources.registry import plan_loads
from tracewire.store import Store, diff_versions

runner = CliRunner()

# every list file in ../shared/data/raw (PROVENANCE.md) and the format that must claim it
LIST_FILES = {
    "ofac_sdn_2024-05-03": {"ofac_sdn_csv"},
    "ofac_sdn_fullset_2021-07": {"ofac_sdn_csv"},
    "ofac_consolidated_nonsdn_2025-12": {"ofac_cons_csv"},
    "un_sc_consolidated_2026-02-27": {"un_xml"},
    "un_sc_consolidated_2022-09-15": {"un_xml"},
    "bis_denied_persons_2023-11": {"bis_dpl"},
    "us_csl_2023-11_partial": {"us_csl_csv"},
    "us_csl_2025-06_sample": {"us_csl_csv"},
    "opensanctions_us_dod_1260h": {"us_dod_1260h"},
    "eu_journal_sanctions_opensanctions/consolidated": {"eu_journal_csv"},
    "opensanctions_ftm_fixtures/zala": {"ftm"},
    "ofac_cons_advanced_xml_2020-03": {"ofac_advanced_xml"},
    "uk_fcdo_sanctions_list_2025-08": {"uk_fcdo"},
    "uk_sanctions_list_derived_2026-05": {"uk_fcdo_derived"},
}


@pytest.mark.parametrize("folder", sorted(LIST_FILES))
def test_every_list_file_is_detected(folder: str) -> None:
    path = raw_file(*folder.split("/"))
    plans = plan_loads([path])
    assert {fmt.name for fmt, _files in plans} == LIST_FILES[folder]
    assert len(plans) == 1, "a folder of one list loads as one version"


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    store = Store(store_url)
    yield store
    store.close()


def test_un_versions_bad_file_and_diff(store: Store, tmp_path: Path) -> None:
    old = raw_file("un_sc_consolidated_2022-09-15", "un.xml")
    new = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    (first,) = load_paths(store, [old])
    assert first.version.publisher_date == "2022-09-15"
    # a truncated copy of the newer file fails, naming the file and line ...
    cut = tmp_path / "consolidated.xml"
    cut.write_bytes(new.read_bytes()[:900_000])
    with pytest.raises(ListFormatError, match=r"consolidated\.xml, line \d+"):
        load_paths(store, [cut], format_name="un_xml")
    # ... and the previous version is intact and queryable
    assert [v.seq for v in store.versions("un_sc_sanctions")] == [1]
    assert sum(1 for _ in store.entities("un_sc_sanctions")) == first.version.entity_count
    (second,) = load_paths(store, [new])
    assert second.version.seq == 2
    d = diff_versions(store, "un_sc_sanctions", None, None)
    people = lambda items: [c for c in items if c.schema in ("Person", "LegalEntity")]  # noqa: E731
    assert (len(people(d.added)), len(people(d.removed))) == (74, 23)
    assert d.changed, "some listings were amended between 2022 and 2026"
    assert all(c.fields for c in d.changed)


def test_ftm_round_trip_of_parsed_lists(home: Path, tmp_path: Path) -> None:
    """Export as FtM, load the export as another dataset, export again: identical."""
    un = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    dpl = raw_file("bis_denied_persons_2023-11", "dpl.txt")
    for path, dataset in ((un, "un_sc_sanctions"), (dpl, "us_bis_denied")):
        assert runner.invoke(app, ["lists", "load", str(path)]).exit_code == 0
        first = tmp_path / f"{dataset}.ftm.json"
        runner.invoke(app, ["lists", "export", dataset, "-o", str(first)])
        res = runner.invoke(app, ["lists", "load", str(first), "-d", f"{dataset}_copy"])
        assert res.exit_code == 0, res.output
        second = tmp_path / f"{dataset}_copy.ftm.json"
        runner.invoke(app, ["lists", "export", f"{dataset}_copy", "-o", str(second)])
        a = [json.loads(line) for line in first.read_text().splitlines()]
        b = [json.loads(line) for line in second.read_text().splitlines()]
        assert a == b and len(a) > 500


def test_ofac_sdn_2024_counts_through_the_store(store: Store) -> None:
    (report,) = load_paths(store, [raw_file("ofac_sdn_2024-05-03", "sdn.csv")])
    counts = report.version.schema_counts
    assert counts["Person"] == 6854
    assert counts["Vessel"] == 851 and counts["Airplane"] == 376
    assert counts["LegalEntity"] + counts["Company"] == 6884
    assert counts["Sanction"] == 14965


def check_raw_folder(raw: Path) -> None:
    """../shared/data is optional on a developer's machine and required in CI."""
    if not raw.exists():
        required_in_ci(f"no shared data at {raw}")
    assert (raw / "ofac_sdn_2024-05-03" / "sdn.csv").exists()


def test_raw_folder_present_in_ci() -> None:
    check_raw_folder(RAW)


@pytest.mark.parametrize("ci", ["true", ""])
def test_raw_folder_check_fails_in_ci_only(
    ci: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", ci)
    outcome = pytest.fail.Exception if ci == "true" else pytest.skip.Exception
    with pytest.raises(outcome, match="no shared data"):
        check_raw_folder(tmp_path / "missing")
