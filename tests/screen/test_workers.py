"""`tracewire screen --workers N`: several processes sharing one index, same output."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracewire.cli.demo import sample_path
from tracewire.cli.main import app
from tracewire.errors import TracewireError
from tracewire.match import Screener
from tracewire.screen import BatchOptions, read_rows, screen_rows
from tracewire.screen.parallel import MIN_PARALLEL_ROWS, ScreenPool, plan
from tracewire.sources.registry import dataset_for, plan_loads

from ..conftest import raw_file

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ORDINARY = ["Maria Garcia", "John Smith", "Wei Zhang", "Olga Ivanova", "Ahmed Hassan",
            "Ana Silva", "Kenji Sato", "Fatima Khan", "Peter Novak", "Lucia Rossi"]  # fmt: skip


def _input(tmp_path: Path, listed: list[str], rows: int = 200) -> Path:
    """A CSV of mostly ordinary names, some listed ones (some with a typo), and rows that
    are errors or carry warnings, scattered through it."""
    rng = random.Random(15)
    lines = ["id,name,schema,birth_date,country,nationality,gender,identifiers"]
    for n in range(rows):
        pick = rng.random()
        if pick < 0.2:
            name = rng.choice(listed)
        elif pick < 0.3:
            name = rng.choice(listed)
            i = rng.randrange(1, max(2, len(name) - 1))
            name = name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :]
        else:
            name = rng.choice(ORDINARY)
        name = name.replace('"', "")
        if n % 37 == 5:
            lines.append(f"r{n},,Company,,,,,")  # no name: an error row
        elif n % 29 == 7:
            lines.append(f'r{n},"{name}",,1970-13-45,Atlantis,,,')  # two warnings
        elif n % 53 == 11:
            lines.append(f'r{n},"{name}",Spaceship,,,,,')  # unknown schema: an error row
        else:
            lines.append(f'r{n},"{name}",,,,,,')
    path = tmp_path / "in.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _screen(
    src: Path, lst: Path, out: Path, workers: int, *extra: str
) -> tuple[bytes, bytes, dict]:
    csv_out = out.with_suffix(".csv")
    res = runner.invoke(
        app,
        ["screen", str(src), "--list", str(lst), "-o", str(out), "-o", str(csv_out),
         "--workers", str(workers), "--json", *extra],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    for volatile in ("seconds", "rows_per_second", "outputs"):
        summary.pop(volatile)
    return out.read_bytes(), csv_out.read_bytes(), summary


def _listed_names(lst: Path) -> list[str]:
    names = []
    for fmt, files in plan_loads([lst]):
        for entity in fmt.parse(files, dataset_for(fmt, files)).entities:
            names.extend(entity.get("name"))
    return names


def test_two_workers_same_output_as_one_on_the_sample_list(home: Path, tmp_path: Path) -> None:
    lst = sample_path()
    src = _input(tmp_path, _listed_names(lst))
    one = _screen(src, lst, tmp_path / "one.jsonl", 1)
    two = _screen(src, lst, tmp_path / "two.jsonl", 2)
    assert one == two  # JSON lines and CSV byte for byte, and the summary counts
    records = [json.loads(line) for line in one[0].splitlines()]
    assert [r["id"] for r in records] == [f"r{n}" for n in range(200)]  # input order
    assert one[2]["errors"] > 5 and one[2]["rows_with_warnings"] > 5
    assert one[2]["rows_with_alerts"] > 15


def test_workers_match_one_process_on_stdout_too(home: Path, tmp_path: Path) -> None:
    lst = sample_path()
    src = _input(tmp_path, _listed_names(lst), rows=60)
    outs = []
    for workers in ("1", "3"):
        res = runner.invoke(app, ["screen", str(src), "--list", str(lst), "--workers", workers])
        assert res.exit_code == 0, res.output
        outs.append(res.stdout_bytes)
    assert outs[0] == outs[1] and outs[0].count(b"\n") == 60


@pytest.mark.slow
def test_two_workers_same_output_as_one_on_the_un_list(home: Path, tmp_path: Path) -> None:
    lst = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    src = _input(tmp_path, _listed_names(lst), rows=200)
    one = _screen(src, lst, tmp_path / "one.jsonl", 1)
    two = _screen(src, lst, tmp_path / "two.jsonl", 2)
    assert one == two
    assert one[2]["rows_with_alerts"] > 15


def test_pool_screens_in_other_processes_in_input_order(tmp_path: Path) -> None:
    lst = sample_path()
    entities = []
    for fmt, files in plan_loads([lst]):
        entities.extend(fmt.parse(files, dataset_for(fmt, files)).entities)
    screener = Screener.from_entities(entities)
    src = _input(tmp_path, _listed_names(lst), rows=50)
    options = BatchOptions()
    expected = list(screen_rows(screener, read_rows(src), options))
    with ScreenPool(screener, options, processes=2, chunk_rows=3) as pool:
        got = list(pool.screen(read_rows(src)))
        pids = pool.pids
    assert len(pids) == 2 and os.getpid() not in pids
    assert got == expected


def test_plan() -> None:
    assert plan(1, 10_000) == (1, 500)
    assert plan(2, 300) == (2, 38)  # every worker gets several chunks
    assert plan(4, 3) == (3, 1)  # no idle process
    assert plan(2, 1_000_000) == (2, 500)
    assert plan(2, None) == (2, 250)
    assert plan(None, MIN_PARALLEL_ROWS - 1)[0] == 1  # small inputs: one process by default


def test_bad_worker_count_and_bad_input_with_workers(home: Path, tmp_path: Path) -> None:
    lst = sample_path()
    src = _input(tmp_path, _listed_names(lst), rows=40)
    res = runner.invoke(app, ["screen", str(src), "--list", str(lst), "--workers", "0"])
    assert res.exit_code == 2 and "--workers" in res.output
    # bytes that are not UTF-8 far into the file: a clear error, no output left behind
    broken = tmp_path / "broken.csv"
    broken.write_bytes(src.read_bytes() + b"r99,Caf\xe9 Bad,,,,,,\n")
    out = tmp_path / "out.jsonl"
    res = runner.invoke(
        app, ["screen", str(broken), "--list", str(lst), "-o", str(out), "--workers", "2"]
    )
    assert res.exit_code == 2 and "line 42" in res.output and "UTF-8" in res.output
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_a_worker_killed_is_an_error_not_a_hang(tmp_path: Path) -> None:
    lst = sample_path()
    entities = []
    for fmt, files in plan_loads([lst]):
        entities.extend(fmt.parse(files, dataset_for(fmt, files)).entities)
    screener = Screener.from_entities(entities)
    src = _input(tmp_path, _listed_names(lst), rows=50)
    with ScreenPool(screener, BatchOptions(), processes=2, chunk_rows=3) as pool:
        os.kill(next(iter(pool.pids)), signal.SIGKILL)
        # the executor learns of the death on its own thread: wait for that, or a fast
        # machine screens all 50 rows on the other worker first (seen: no error raised)
        executor = pool._pool
        deadline = time.monotonic() + 30
        while executor is not None and not executor._broken and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.05)
        with pytest.raises(TracewireError, match="worker process died"):
            list(pool.screen(read_rows(src)))
