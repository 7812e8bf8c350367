"""`tracewire screen --dask`: the same screening on a Dask cluster, the same output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracewire.cli.demo import sample_path
from tracewire.cli.main import app

from ..conftest import required_in_ci
from .test_workers import _input, _listed_names

try:
    import distributed
except ImportError:  # the test extra has it; CI must run these
    distributed = None
runner = CliRunner()


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A LocalCluster of 2 single-threaded workers (threads in this process, for speed)."""
    if distributed is None:
        required_in_ci("dask[distributed] is not installed (the test extra has it)")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def _run(*args: str) -> tuple[bytes, dict]:
    res = runner.invoke(app, ["screen", *args, "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    for volatile in ("seconds", "rows_per_second", "outputs"):
        summary.pop(volatile)
    return Path(args[args.index("-o") + 1]).read_bytes(), summary


def test_dask_same_output_as_one_process_with_list_files(
    home: Path, tmp_path: Path, scheduler: str
) -> None:
    lst = sample_path()
    src = _input(tmp_path, _listed_names(lst))
    common = [str(src), "--list", str(lst)]
    one = _run(*common, "-o", str(tmp_path / "one.jsonl"), "--workers", "1")
    on_dask = _run(*common, "-o", str(tmp_path / "dask.jsonl"), "--dask", scheduler)
    assert one == on_dask  # records byte for byte, in input order; the same counts
    assert one[1]["errors"] > 5 and one[1]["rows_with_alerts"] > 15
    # the workers loaded the index from a file saved under the data folder
    assert len(list((home / "index").glob("lists-*.pickle"))) == 1


def test_dask_same_output_with_the_store_index(home: Path, tmp_path: Path, scheduler: str) -> None:
    assert runner.invoke(app, ["demo"]).exit_code == 0
    src = _input(tmp_path, _listed_names(sample_path()), rows=80)
    one = _run(str(src), "-o", str(tmp_path / "one.jsonl"), "--workers", "1")
    on_dask = _run(str(src), "-o", str(tmp_path / "dask.jsonl"), "--dask", scheduler)
    assert one == on_dask
    # the CLI's cached index of the loaded list versions is what the workers read
    assert len(list((home / "index").glob("index-*.pickle"))) == 1
    assert not list((home / "index").glob("lists-*.pickle"))


def test_dask_bad_options(home: Path, tmp_path: Path) -> None:
    lst = sample_path()
    src = _input(tmp_path, _listed_names(lst), rows=10)
    for extra, says in (
        (["--dask", "somewhere"], "neither local:N nor a scheduler address"),
        (["--dask", "local:0"], "local:N needs a number"),
        (["--dask", "local:2", "--workers", "2"], "one or the other"),
    ):
        res = runner.invoke(app, ["screen", str(src), "--list", str(lst), *extra])
        assert res.exit_code == 2 and says in res.output, res.output


def test_dask_part_files_and_a_failed_run(
    home: Path, tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracewire.screen import cluster

    monkeypatch.setattr(cluster, "MIN_PARTITION_BYTES", 512)  # several partitions
    lst = sample_path()
    src = _input(tmp_path, _listed_names(lst))
    one, summary = _run(str(src), "--list", str(lst), "-o", str(tmp_path / "one.jsonl"))
    folder = tmp_path / "parts"
    res = runner.invoke(app, ["screen", str(src), "--list", str(lst), "-o", str(folder),
                              "--dask", scheduler, "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    parts = sorted(folder.glob("part-*.jsonl"))
    assert len(parts) > 3 and b"".join(p.read_bytes() for p in parts) == one
    # a later run that fails (bytes that are not UTF-8 far into the file) leaves the
    # folder as the last run left it
    bad = tmp_path / "bad.csv"
    bad.write_bytes(src.read_bytes() + b'r999,"Caf\xe9",,,,,,\n')
    res = runner.invoke(app, ["screen", str(bad), "--list", str(lst), "-o", str(folder),
                              "--dask", scheduler])  # fmt: skip
    assert res.exit_code == 2 and "not UTF-8" in res.output, res.output
    assert sorted(folder.glob("part-*.jsonl")) == parts
    assert b"".join(p.read_bytes() for p in parts) == one
    assert not list(folder.glob(".incomplete-*"))
