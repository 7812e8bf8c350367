"""Steering versions (naming, making current) and refusing files cut short, older or much
smaller than the current version, on the real lists where they show it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import raw_file
from tracewire.cli.main import app
from tracewire.errors import InputError, ListFormatError, LoadRefusedError, UnknownVersionError
from tracewire.ingest import load_paths
from tracewire.model import Entity
from tracewire.sources.base import ParseResult
from tracewire.sources.registry import detect, get_format
from tracewire.store import Store, diff_versions
from tracewire.store.history import (
    LoadPolicy,
    check_new_version,
    make_current,
    resolve_version,
    restored_from,
)

runner = CliRunner()
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _result(n: int, date: str | None = None, dataset: str = "t") -> ParseResult:
    result = ParseResult(dataset, "ftm", publisher_date=date)
    for i in range(n):
        person = Entity.make("Person", f"p{i}", dataset)
        person.add("name", f"Person Number {i}")
        sanction = Entity.make("Sanction", f"p{i}-s", dataset)
        sanction.add("entity", person.id)
        result.entities += [person, sanction]
    return result


# -- making a version current -----------------------------------------------------------
def test_make_current_stores_the_version_again(store_url: str) -> None:
    store = Store(store_url)
    store.load(_result(3, "2024-01-01"), "a.json", "a" * 64)
    store.load(_result(5, "2025-01-01"), "b.json", "b" * 64)
    report = make_current(store, store.version("t", 1))
    assert report.created and report.version.seq == 3
    assert (report.version.sha256, report.version.publisher_date) == ("a" * 64, "2024-01-01")
    assert restored_from(report.version) == 1 and restored_from(store.version("t", 1)) is None
    assert [v.seq for v in store.current_versions()] == [3]
    assert [v.seq for v in store.pending_rescreens()] == [1, 2, 3]  # rescreened as a load
    assert sorted(e.id for e in store.entities("t")) == sorted(e.id for e in store.entities("t", 1))
    # the references came along: what points at p0 in the current lists
    assert [(e.id, prop) for e, prop in store.referencing("p0")] == [("p0-s", "entity")]
    d = diff_versions(store, "t", None, None)
    assert (d.old.seq, d.new.seq) == (2, 3)
    assert d.parties() == {"added": 0, "removed": 2, "changed": 0}
    # the current version already holds these files: nothing new
    again = make_current(store, store.version("t", 1))
    assert not again.created and again.version.seq == 3
    store.close()


def test_resolve_version_by_number_or_date(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    store.load(_result(3, "2024-01-01"), "a.json", "a" * 64)
    store.load(_result(4, "2025-06-30"), "b.json", "b" * 64)
    assert resolve_version(store, "t", None).seq == 2
    assert resolve_version(store, "t", "1").seq == 1
    assert resolve_version(store, "t", "-1").seq == 2
    assert resolve_version(store, "t", "2024-01-01").seq == 1
    today = store.version("t", 1).loaded_at.date().isoformat()
    assert resolve_version(store, "t", today).seq == 2  # no such publisher's date: loaded
    with pytest.raises(UnknownVersionError, match="versions 1: 2024-01-01, 2: 2025-06-30"):
        resolve_version(store, "t", "2023-12-31")
    with pytest.raises(InputError, match="'v2' is not a version of 't'"):
        resolve_version(store, "t", "v2")
    store.close()


# -- the checks before a new version ----------------------------------------------------
def test_checks_and_their_overrides(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    check_new_version(store, _result(1), "first.json", LoadPolicy())  # nothing to compare
    store.load(_result(10, "2025-01-01"), "a.json", "a" * 64)
    check_new_version(store, _result(8, "2025-01-01"), "same-day.json", LoadPolicy())
    with pytest.raises(LoadRefusedError) as info:
        check_new_version(store, _result(7, "2024-12-31"), "old.json", LoadPolicy())
    lines = str(info.value).splitlines()
    assert lines[0] == "old.json: not loaded into 't' (its stored versions are unchanged):"
    assert "published 2024-12-31, before the current version 1 (published 2025-01-01)" in lines[1]
    assert "remove 6 of the 20 entities of the current version 1 (30%" in lines[2]
    check_new_version(
        store, _result(7, "2024-12-31"), "old.json", LoadPolicy(force=True, allow_shrink=True)
    )
    cut = _result(10, "2025-02-01")
    cut.cut_short("cut.json", "the file ends inside this record: it looks cut short", 12)
    with pytest.raises(LoadRefusedError, match="cut.json, line 12: the file ends inside"):
        check_new_version(store, cut, "cut.json", LoadPolicy())
    check_new_version(store, cut, "cut.json", LoadPolicy(allow_truncated=True))
    assert [v.seq for v in store.versions("t")] == [1]
    store.close()


def test_csl_json_total_larger_than_its_records(tmp_path: Path, home: Path) -> None:
    data = json.loads((FIXTURES / "us_csl_sample.json").read_text())
    assert data["total"] == len(data["results"])
    fmt = get_format("us_csl_json")
    assert fmt.parse([FIXTURES / "us_csl_sample.json"], "x").incomplete == []
    data["results"] = data["results"][:4]
    cut = tmp_path / "csl.json"
    cut.write_text(json.dumps(data))
    (warning,) = fmt.parse([cut], "x").incomplete
    assert str(warning) == (
        "csl.json: the file says the list has 6 records ('total') but holds 4: "
        "a cut file, or one page of the API's answer"
    )
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(LoadRefusedError, match="--allow-truncated"):
        load_paths(store, [cut])
    assert store.datasets() == []
    store.close()


@pytest.mark.parametrize(
    ("name", "closing"),
    [("eu_fsf_min.xml", b"</sanctionEntity>"), ("ofac_advanced_min.xml", b"</DistinctParty>")],
)
def test_xml_whose_root_is_not_closed_is_refused(name: str, closing: bytes, tmp_path: Path) -> None:
    data = (FIXTURES / name).read_bytes()
    cut = tmp_path / name
    cut.write_bytes(data[: data.index(closing) + len(closing)] + b"\n")
    fmt = detect([FIXTURES / name])
    with pytest.raises(ListFormatError, match=f"{name}, line .*Premature end of data"):
        fmt.parse([cut], "x")


# -- on the real lists ------------------------------------------------------------------
@pytest.mark.slow
def test_un_2022_to_2026_counts_parties(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    load_paths(store, [raw_file("un_sc_consolidated_2022-09-15", "un.xml")])
    load_paths(store, [raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")])
    summary = diff_versions(store, "un_sc_sanctions", None, None).summary()
    assert (summary["added"], summary["removed"]) == (74, 23)
    assert summary["entities"]["added"] == 148 and summary["entities"]["removed"] == 46
    schemata = summary["schemata"]
    assert (schemata["Person"]["added"], schemata["LegalEntity"]["added"]) == (54, 20)
    assert (schemata["Person"]["removed"], schemata["Sanction"]["removed"]) == (23, 23)
    store.close()


@pytest.mark.slow
def test_ofac_sdn_cut_at_a_line_break_is_refused(tmp_path: Path) -> None:
    data = raw_file("ofac_sdn_2024-05-03", "sdn.csv").read_bytes()
    cut = tmp_path / "sdn.csv"
    cut.write_bytes(data[: data.index(b"\r\n", len(data) // 2) + 2])
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(LoadRefusedError) as info:
        load_paths(store, [cut])
    message = str(info.value)
    assert f"{cut}: not loaded into 'us_ofac_sdn'" in message
    assert "sdn.csv: no 0x1A byte at the end" in message and "cut short" in message
    assert store.datasets() == []
    store.close()


@pytest.mark.slow
def test_ofac_2021_over_2024_and_back(home: Path) -> None:
    sdn_2024 = raw_file("ofac_sdn_2024-05-03", "sdn.csv")
    fullset_2021 = raw_file("ofac_sdn_fullset_2021-07")
    res = runner.invoke(app, ["lists", "load", str(sdn_2024)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["lists", "load", str(fullset_2021)])
    assert res.exit_code == 2
    said = " ".join(res.output.split())
    assert "its newest entry is number 32391, older than the current version 1's newest" in said
    assert "(48907)" in said and "--force" in said
    assert "remove 17,191 of the 36,583 entities" in said and "--allow-shrink" in said
    shown = json.loads(runner.invoke(app, ["lists", "history", "us_ofac_sdn", "--json"]).stdout)
    assert [v["version"] for v in shown] == [1]
    # the user insists, then wants 2024 back
    args = ["lists", "load", str(fullset_2021), "--force", "--allow-shrink"]
    assert runner.invoke(app, args).exit_code == 0
    res = runner.invoke(app, ["lists", "load", str(sdn_2024)])
    said = " ".join(res.output.split())
    assert res.exit_code == 0 and "tracewire lists use us_ofac_sdn 1" in said
    res = runner.invoke(app, ["lists", "use", "us_ofac_sdn", "1"])
    assert res.exit_code == 0, res.output
    shown = json.loads(runner.invoke(app, ["lists", "history", "us_ofac_sdn", "--json"]).stdout)
    assert [(v["version"], v["current"], v["restored_from"]) for v in shown] == [
        (1, False, None),
        (2, False, None),
        (3, True, 1),
    ]
    assert shown[2]["entity_count"] == shown[0]["entity_count"] == 36583
