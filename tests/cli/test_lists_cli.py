"""The lists commands, end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import raw_file
from tracewire.cli.main import app

runner = CliRunner()

PERSON_A = '{"id": "a", "schema": "Person", "properties": {"name": ["Anna Petrova"]}}\n'
PERSON_B = '{"id": "b", "schema": "Person", "properties": {"name": ["Boris Ivanov"]}}\n'


def test_load_show_diff_export(home: Path, tmp_path: Path) -> None:
    v1 = tmp_path / "v1.ftm.json"
    v1.write_text(PERSON_A)
    v2 = tmp_path / "v2.ftm.json"
    v2.write_text(PERSON_A + PERSON_B)
    res = runner.invoke(app, ["lists", "load", str(v1), "-d", "mine", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)[0]["created"] is True
    res = runner.invoke(app, ["lists", "load", str(v1), "-d", "mine"])
    assert "unchanged" in res.stdout
    runner.invoke(app, ["lists", "load", str(v2), "-d", "mine"])
    res = runner.invoke(app, ["lists", "show", "--json"])
    (current,) = json.loads(res.stdout)
    assert (current["dataset"], current["version"], current["entity_count"]) == ("mine", 2, 2)
    res = runner.invoke(app, ["lists", "diff", "mine", "--json"])
    diff = json.loads(res.stdout)
    assert {k: diff["summary"][k] for k in ("added", "removed", "changed")} == {
        "added": 1,
        "removed": 0,
        "changed": 0,
    }
    assert diff["added"][0]["caption"] == "Boris Ivanov"
    out = tmp_path / "export.json"
    res = runner.invoke(app, ["lists", "export", "mine", "-o", str(out)])
    assert res.exit_code == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a", "b"]
    res = runner.invoke(app, ["entity", "b", "--json"])
    assert json.loads(res.stdout)[0]["provenance"]["version"] == 2


def test_bad_file_clear_error_previous_version_kept(home: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.ftm.json"
    good.write_text(PERSON_A)
    runner.invoke(app, ["lists", "load", str(good), "-d", "mine"])
    broken = tmp_path / "broken.ftm.json"
    broken.write_text(PERSON_A + PERSON_B[:30])
    res = runner.invoke(app, ["lists", "load", str(broken), "-d", "mine", "--format", "ftm"])
    assert res.exit_code == 2
    assert "broken.ftm.json, line 2" in res.output
    res = runner.invoke(app, ["lists", "show", "mine", "--json"])
    assert [v["version"] for v in json.loads(res.stdout)] == [1]


def test_unknown_format_and_missing_things(home: Path, tmp_path: Path) -> None:
    junk = tmp_path / "notes.bin"
    junk.write_bytes(b"\x00\x01garbage")
    res = runner.invoke(app, ["lists", "load", str(junk)])
    assert res.exit_code == 2
    assert "notes.bin" in res.output and "not a list format" in res.output
    res = runner.invoke(app, ["lists", "load", str(tmp_path / "missing.csv")])
    assert res.exit_code == 2 and "no such file" in res.output
    res = runner.invoke(app, ["lists", "diff", "nothing"])
    assert res.exit_code == 2 and "nothing" in res.output
    res = runner.invoke(app, ["entity", "no-such-id"])
    assert res.exit_code == 2


def test_home_option(tmp_path: Path, home: Path) -> None:
    other = tmp_path / "elsewhere"
    good = tmp_path / "good.ftm.json"
    good.write_text(PERSON_A)
    res = runner.invoke(app, ["--home", str(other), "lists", "load", str(good)])
    assert res.exit_code == 0
    assert (other / "tracewire.db").exists()
    assert not (home / "tracewire.db").exists()


# -- versions a user can steer ----------------------------------------------------------
def _people(*names: str, sanctioned: bool = False) -> str:
    lines = []
    for i, name in enumerate(names):
        pid = f"p{i}-{name.split()[0].lower()}"
        lines.append(
            json.dumps({"id": pid, "schema": "Person", "properties": {"name": [name]}}) + "\n"
        )
        if sanctioned:
            sanction = {"id": f"{pid}-s", "schema": "Sanction",
                        "properties": {"entity": [pid], "program": ["X"]}}  # fmt: skip
            lines.append(json.dumps(sanction) + "\n")
    return "".join(lines)


NAMES = ["Anna Petrova", "Boris Ivanov", "Carla Mendes", "Dmitri Sokolov", "Elena Varga"]


def _ok(args: list[str], input: str | None = None) -> str:
    res = runner.invoke(app, args, input=input)
    assert res.exit_code == 0, res.output
    return res.stdout


def _versions(dataset: str = "mine") -> list[int]:
    return [v["version"] for v in json.loads(_ok(["lists", "show", dataset, "--json"]))]


def test_use_makes_an_older_version_current_audited_and_rescreened(
    home: Path, tmp_path: Path
) -> None:
    v1 = tmp_path / "v1.ftm.json"
    v1.write_text(_people(*NAMES))
    v2 = tmp_path / "v2.ftm.json"
    v2.write_text(_people(*NAMES, "Viktor Bout Kessler"))
    portfolio = tmp_path / "portfolio.csv"
    portfolio.write_text("id,name,schema\nP-1,Viktor Bout Kessler,Person\n")
    _ok(["lists", "load", str(v1), "-d", "mine"])
    _ok(["portfolio", "import", str(portfolio)])
    _ok(["lists", "load", str(v2), "-d", "mine"])
    alerts = json.loads(_ok(["alerts", "list", "--json"]))["alerts"]
    assert len(alerts) == 1 and not alerts[0]["designation_removed"]

    res = runner.invoke(app, ["lists", "use", "mine", "1"])
    assert res.exit_code == 0, res.output
    said = " ".join(res.output.split())
    assert "version 1 is current again, stored as version 3" in said
    assert "1 designations removed" in said  # the portfolio was rescreened
    (alert,) = json.loads(_ok(["alerts", "list", "--json"]))["alerts"]
    assert alert["designation_removed"]
    hist = json.loads(_ok(["lists", "history", "mine", "--json"]))
    assert [(h["version"], h["current"], h["restored_from"]) for h in hist] == [
        (1, False, None),
        (2, False, None),
        (3, True, 1),
    ]
    assert hist[2]["sha256"] == hist[0]["sha256"] and hist[2]["entity_count"] == 5
    res = runner.invoke(app, ["entity", "p5-viktor"])
    assert res.exit_code == 2  # gone from the current lists
    audit = json.loads(_ok(["audit", "list", "--kind", "lists", "--json"]))
    records = audit if isinstance(audit, list) else audit["records"]
    assert any("made version 1 of mine current again" in json.dumps(r) for r in records)
    # a newer version can be made current again too, by number
    _ok(["lists", "use", "mine", "2", "--no-rescreen"])
    assert json.loads(_ok(["lists", "show", "--json"]))[0]["entity_count"] == 6
    # the current one: nothing to do
    res = runner.invoke(app, ["lists", "use", "mine", "4"])
    assert res.exit_code == 0 and "version 4 is already the current one" in res.output
    res = runner.invoke(app, ["lists", "use", "mine", "2"])
    assert "version 4 is current and already holds the files of version 2" in res.output
    assert _versions() == [1, 2, 3, 4]
    res = runner.invoke(app, ["lists", "use", "mine", "9"])
    assert res.exit_code == 2 and "no version 9" in res.output


def test_history_lists_versions(home: Path, tmp_path: Path) -> None:
    v1 = tmp_path / "v1.ftm.json"
    v1.write_text(_people(*NAMES, sanctioned=True))
    _ok(["lists", "load", str(v1), "-d", "mine"])
    out = " ".join(_ok(["lists", "history", "mine"]).split())
    assert "history of mine" in out and "✓" in out and "Person" in out
    (h,) = json.loads(_ok(["lists", "history", "mine", "--json"]))
    assert (h["version"], h["current"], h["parties"], h["entity_count"]) == (1, True, 5, 10)
    res = runner.invoke(app, ["lists", "history", "nothing"])
    assert res.exit_code == 2 and "nothing" in res.output


def test_reloading_an_older_version_offers_to_use_it(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    v1 = tmp_path / "v1.ftm.json"
    v1.write_text(_people(*NAMES))
    v2 = tmp_path / "v2.ftm.json"
    v2.write_text(_people(*NAMES, "Fiona Grant"))
    _ok(["lists", "load", str(v1), "-d", "mine"])
    _ok(["lists", "load", str(v2), "-d", "mine"])
    out = " ".join(_ok(["lists", "load", str(v1), "-d", "mine"]).split())
    assert "these files are version 1" in out and "version 2 is current" in out
    assert "tracewire lists use mine 1" in out
    assert "already version" not in out
    (report,) = json.loads(_ok(["lists", "load", str(v1), "-d", "mine", "--json"]))
    assert (report["version"], report["created"], report["current_version"]) == (1, False, 2)
    assert _versions() == [1, 2]
    out = " ".join(_ok(["lists", "load", str(v1), "-d", "mine", "--yes"]).split())
    assert "version 1 is current again, stored as version 3" in out
    out = " ".join(_ok(["lists", "load", str(v1), "-d", "mine"]).split())
    assert "already version 3, the current one" in out
    # at a keyboard, the question is asked
    monkeypatch.setattr("tracewire.cli.lists._interactive", lambda: True)
    _ok(["lists", "load", str(v2), "-d", "mine", "--no-rescreen"], input="n\n")
    assert _versions() == [1, 2, 3]
    out = _ok(["lists", "load", str(v2), "-d", "mine"], input="y\n")
    assert "Make version 2 of mine current again?" in out
    assert _versions() == [1, 2, 3, 4]


def test_diff_counts_parties_not_sanctions(home: Path, tmp_path: Path) -> None:
    v1 = tmp_path / "v1.ftm.json"
    v1.write_text(_people(*NAMES[:4], sanctioned=True))
    v2 = tmp_path / "v2.ftm.json"
    v2.write_text(_people(*NAMES[:3], "Dmitri Sokolov", "Elena Varga", sanctioned=True)
                  .replace('"X"', '"Y"', 1))  # fmt: skip
    _ok(["lists", "load", str(v1), "-d", "mine"])
    _ok(["lists", "load", str(v2), "-d", "mine"])
    d = json.loads(_ok(["lists", "diff", "mine", "--json"]))
    # +Elena (and her sanction); the first party's sanction changed program
    assert d["summary"]["added"] == 1 and d["summary"]["removed"] == 0
    assert d["summary"]["changed"] == 1
    assert d["summary"]["entities"] == {"added": 2, "removed": 0, "changed": 1}
    assert d["summary"]["schemata"] == {
        "Person": {"added": 1, "removed": 0, "changed": 0},
        "Sanction": {"added": 1, "removed": 0, "changed": 1},
    }
    out = " ".join(_ok(["lists", "diff", "mine"]).split())
    assert "+1 added, -0 removed, ~1 changed parties" in out


def test_diff_of_a_single_version_says_so(home: Path, tmp_path: Path) -> None:
    v1 = tmp_path / "v1.ftm.json"
    v1.write_text(_people(*NAMES))
    _ok(["lists", "load", str(v1), "-d", "mine"])
    out = " ".join(_ok(["lists", "diff", "mine"]).split())
    assert "has only one version (version 1)" in out and "nothing to compare" in out
    d = json.loads(_ok(["lists", "diff", "mine", "--json"]))
    assert d["note"] == "only one version is stored: nothing to compare"


def _dated_store(home: Path) -> None:
    """Three versions of 'dated', published 2021-07-07, 2024-05-03 and 2026-02-27."""
    from tracewire.model import Entity
    from tracewire.sources.base import ParseResult
    from tracewire.store import Store

    store = Store(f"sqlite:///{home / 'tracewire.db'}")
    for n, date in enumerate(("2021-07-07", "2024-05-03", "2026-02-27"), start=1):
        result = ParseResult("dated", "ftm", publisher_date=date)
        for i in range(n + 4):
            e = Entity.make("Person", f"p{i}", "dated")
            e.add("name", NAMES[i % 5] + f" {i}")
            result.entities.append(e)
        store.load(result, f"file{n}.json", f"{n:064d}")
    store.close()


def test_versions_named_by_date(home: Path, tmp_path: Path) -> None:
    _dated_store(home)
    (shown,) = json.loads(_ok(["lists", "show", "dated", "2024-05-03", "--json"]))
    assert (shown["version"], shown["publisher_date"]) == (2, "2024-05-03")
    out = " ".join(_ok(["lists", "show", "dated", "1"]).split())
    assert "dated version 1" in out and "no (version 3 is)" in out
    d = json.loads(_ok(["lists", "diff", "dated", "--from", "2021-07-07", "--to", "2024-05-03",
                        "--json"]))  # fmt: skip
    assert (d["from"]["version"], d["to"]["version"], d["summary"]["added"]) == (1, 2, 1)
    _ok(["lists", "use", "dated", "2021-07-07", "--no-rescreen"])
    assert json.loads(_ok(["lists", "show", "--json"]))[0]["entity_count"] == 5
    res = runner.invoke(app, ["lists", "use", "dated", "1999-01-01"])
    assert res.exit_code == 2 and "no version published or loaded on 1999-01-01" in res.output
    res = runner.invoke(app, ["lists", "diff", "dated", "--from", "last week"])
    assert res.exit_code == 2 and "give its number" in res.output


def test_older_publisher_date_needs_force(home: Path, tmp_path: Path) -> None:
    from tracewire.errors import LoadRefusedError
    from tracewire.sources.base import ParseResult
    from tracewire.store import Store
    from tracewire.store.history import LoadPolicy, check_new_version

    _dated_store(home)
    store = Store(f"sqlite:///{home / 'tracewire.db'}")
    old = ParseResult("dated", "ftm", publisher_date="2022-01-31")
    old.entities = list(store.entities("dated"))
    with pytest.raises(LoadRefusedError) as info:
        check_new_version(store, old, "old.xml", LoadPolicy())
    message = str(info.value)
    assert message.startswith("old.xml: not loaded into 'dated'")
    assert "published 2022-01-31, before the current version 3 (published 2026-02-27)" in message
    assert "--force" in message
    check_new_version(store, old, "old.xml", LoadPolicy(force=True))
    newer = ParseResult("dated", "ftm", publisher_date="2026-03-01")
    newer.entities = old.entities
    check_new_version(store, newer, "new.xml", LoadPolicy())
    store.close()


def test_a_much_smaller_file_needs_allow_shrink(home: Path, tmp_path: Path) -> None:
    v1 = tmp_path / "v1.ftm.json"
    v1.write_text(_people(*NAMES, sanctioned=True))
    cut = tmp_path / "cut.ftm.json"
    cut.write_text(_people(*NAMES[:3], sanctioned=True))
    _ok(["lists", "load", str(v1), "-d", "mine"])
    res = runner.invoke(app, ["lists", "load", str(cut), "-d", "mine"])
    assert res.exit_code == 2
    said = " ".join(res.output.split())
    assert "cut.ftm.json: not loaded into 'mine'" in said
    assert "remove 4 of the 10 entities of the current version 1 (40%" in said
    assert "--allow-shrink" in said
    assert _versions() == [1]
    _ok(["lists", "load", str(cut), "-d", "mine", "--allow-shrink"])
    assert _versions() == [1, 2]


# -- files cut short --------------------------------------------------------------------
OFAC_ROW = '{n},"NAME {n}",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."'


def _ofac(path: Path, numbers: range, end: bytes = b"\r\n\x1a") -> Path:
    rows = [OFAC_ROW.format(n=n) for n in numbers]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\r\n".join(rows).encode("cp1252") + end)
    return path


def test_ofac_file_without_its_end_byte_is_refused(home: Path, tmp_path: Path) -> None:
    whole = _ofac(tmp_path / "a" / "sdn.csv", range(1, 11))
    _ok(["lists", "load", str(whole)])
    cut = _ofac(tmp_path / "b" / "sdn.csv", range(1, 13), end=b"\r\n")
    res = runner.invoke(app, ["lists", "load", str(cut)])
    assert res.exit_code == 2
    said = " ".join(res.output.split())
    assert "sdn.csv: no 0x1A byte at the end" in said and "looks cut short" in said
    assert "--allow-truncated" in said
    assert _versions("us_ofac_sdn") == [1]
    _ok(["lists", "load", str(cut), "--allow-truncated"])
    assert _versions("us_ofac_sdn") == [1, 2]


def test_ofac_older_edition_by_entry_number(home: Path, tmp_path: Path) -> None:
    _ok(["lists", "load", str(_ofac(tmp_path / "new" / "sdn.csv", range(1, 21)))])
    older = _ofac(tmp_path / "old" / "sdn.csv", range(1, 20))
    res = runner.invoke(app, ["lists", "load", str(older)])
    assert res.exit_code == 2
    said = " ".join(res.output.split())
    assert "its newest entry is number 19, older than the current version 1's newest (20)" in said
    assert _versions("us_ofac_sdn") == [1]
    _ok(["lists", "load", str(older), "--force"])
    assert _versions("us_ofac_sdn") == [1, 2]


def test_csl_cut_in_a_record_is_refused(home: Path, tmp_path: Path) -> None:
    sample = raw_file("us_csl_2025-06_sample", "consolidated.csv").read_bytes()
    cut = tmp_path / "consolidated.csv"
    cut.write_bytes(sample[: len(sample) // 2])
    res = runner.invoke(app, ["lists", "load", str(cut)])
    assert res.exit_code == 2
    said = " ".join(res.output.split())
    assert "consolidated.csv" in said and "cut" in said and "--allow-truncated" in said
    res = runner.invoke(app, ["lists", "show", "--json"])
    assert json.loads(res.stdout) == []


def test_a_refused_file_leaves_the_others_loaded(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lists"
    _ofac(folder / "sdn.csv", range(1, 6), end=b"\r\n")
    (folder / "people.ftm.json").write_text(_people(*NAMES))
    res = runner.invoke(app, ["lists", "load", str(folder), "--json"])
    assert res.exit_code == 2
    (report,) = json.loads(res.stdout)
    assert report["created"] and report["entity_count"] == 5
    assert "sdn.csv: no 0x1A byte at the end" in " ".join(res.output.split())
    assert [v["dataset"] for v in json.loads(_ok(["lists", "show", "--json"]))] == ["ftm"]
