"""Downloads from publishers, tested against a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import raw_file
from tests.http_server import serve
from tracewire.cli.main import app
from tracewire.errors import DownloadError
from tracewire.sources import fetch as fetch_mod
from tracewire.sources.fetch import Download, fetch

ITEM = Download("test_list", "ftm", "Test list", ("https://example.invalid/x/list.ftm.json",))
RECORD = '{"id": "a", "schema": "Person", "properties": {"name": ["Anna Petrova"]}}\n'


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    root = tmp_path / "mirror"
    (root / "test_list").mkdir(parents=True)
    (root / "test_list" / "list.ftm.json").write_text(RECORD)
    return root


def test_fetch_from_mirror(mirror: Path, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    with serve(mirror) as url:
        files = fetch(ITEM, tmp_path / "dl", mirror=url, progress=lambda *a: seen.append(a))
    assert [f.read_text() for f in files] == [RECORD]
    assert seen[-1] == ("list.ftm.json", len(RECORD), len(RECORD))


def test_truncated_download_is_refused(mirror: Path, tmp_path: Path) -> None:
    with (
        serve(mirror, truncate={"list.ftm.json"}) as url,
        pytest.raises(DownloadError, match="truncated"),
    ):
        fetch(ITEM, tmp_path / "dl", mirror=url)
    assert not list((tmp_path / "dl").rglob("list.ftm.json"))


def test_missing_file_on_publisher(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with serve(tmp_path / "empty") as url, pytest.raises(DownloadError, match="404"):
        fetch(ITEM, tmp_path / "dl", mirror=url)


def test_unreachable_publisher_says_how_to_load_locally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACEWIRE_OFFLINE", raising=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DownloadError, match="tracewire lists load PATH"):
        fetch(ITEM, tmp_path / "dl", mirror=f"http://127.0.0.1:{port}")


def test_offline_setting_fails_fast(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACEWIRE_OFFLINE", "1")
    with pytest.raises(DownloadError, match="TRACEWIRE_OFFLINE"):
        fetch(ITEM, tmp_path / "dl")


def test_update_command_loads_from_mirror(
    home: Path, mirror: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACEWIRE_OFFLINE")
    monkeypatch.setitem(fetch_mod.CATALOG, "test_list", ITEM)
    runner = CliRunner()
    with serve(mirror) as url:
        monkeypatch.setenv("TRACEWIRE_MIRROR", url)
        res = runner.invoke(app, ["lists", "update", "test_list", "--json"])
        assert res.exit_code == 0, res.output
        loaded = json.loads(res.stdout)["loaded"]
        assert loaded[0]["dataset"] == "test_list" and loaded[0]["created"]
        res = runner.invoke(app, ["lists", "update", "test_list", "--json"])
        assert json.loads(res.stdout)["loaded"][0]["created"] is False


def test_update_real_un_list_from_local_server(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The official UN file, served by a local HTTP server, through `lists update`."""
    source = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    root = tmp_path / "un_mirror" / "un_sc_sanctions"
    root.mkdir(parents=True)
    shutil.copy(source, root / "consolidated.xml")
    monkeypatch.delenv("TRACEWIRE_OFFLINE")
    with serve(tmp_path / "un_mirror") as url:
        monkeypatch.setenv("TRACEWIRE_MIRROR", url)
        res = CliRunner().invoke(app, ["lists", "update", "un_sc_sanctions", "--json"])
    assert res.exit_code == 0, res.output
    (loaded,) = json.loads(res.stdout)["loaded"]
    assert loaded["schema_counts"]["Person"] == 730
    assert loaded["publisher_date"] == "2026-02-27"


def test_update_refuses_a_download_that_empties_the_list(
    home: Path, mirror: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRACEWIRE_OFFLINE")
    monkeypatch.setitem(fetch_mod.CATALOG, "test_list", ITEM)
    runner = CliRunner()
    records = "".join(RECORD.replace('"a"', f'"p{i}"') for i in range(10))
    (mirror / "test_list" / "list.ftm.json").write_text(records)
    with serve(mirror) as url:
        monkeypatch.setenv("TRACEWIRE_MIRROR", url)
        assert runner.invoke(app, ["lists", "update", "test_list"]).exit_code == 0
        (mirror / "test_list" / "list.ftm.json").write_text(RECORD)  # 1 of 10 left
        res = runner.invoke(app, ["lists", "update", "test_list", "--json"])
        assert res.exit_code == 1
        out = json.loads(res.stdout)
        assert out["loaded"] == [] and "remove 10 of the 10 entities" in out["errors"][0]
        res = runner.invoke(app, ["lists", "update", "test_list", "--allow-shrink", "--json"])
        assert res.exit_code == 0 and json.loads(res.stdout)["loaded"][0]["version"] == 2
