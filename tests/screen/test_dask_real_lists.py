"""`tracewire screen --dask local:2` on the real UN and OFAC SDN lists: the same records
(ids, scores, explanations, in input order) as one process, from CSV, JSON lines and
Parquet input, to a file or to part files written by the workers (JSON lines, Parquet).

A LocalCluster of two worker processes, as a user starts it; partitions are made small
so that a few hundred rows are cut into many, spread over both workers."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import orjson
import pytest
from bench.speed import ordinary_names
from typer.testing import CliRunner

from tracewire.cli.main import app
from tracewire.screen import cluster
from tracewire.screen.parts import MANIFEST, read_parts

from ..conftest import raw_file, required_in_ci
from .test_workers import _listed_names

runner = CliRunner()
pytestmark = pytest.mark.slow


@pytest.fixture
def dask_available() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        required_in_ci("dask[distributed] is not installed (the test extra has it)")


@pytest.fixture
def real_lists(home: Path) -> list[str]:
    """UN and OFAC SDN loaded into the test's own store; their listed names."""
    un = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    sdn = raw_file("ofac_sdn_2024-05-03", "sdn.csv")
    for path in (un, sdn):
        res = runner.invoke(app, ["lists", "load", str(path)])
        assert res.exit_code == 0, res.output
    return _listed_names(un) + _listed_names(sdn)


def _rows(listed: list[str], count: int = 300) -> list[dict[str, Any]]:
    """Mostly ordinary names, listed names as printed and with a typo (some with a
    country or birth year that the explanations speak of), and a few error rows."""
    rng = random.Random(15)
    ordinary = ordinary_names(rng, count)
    rows: list[dict[str, Any]] = []
    for n in range(count):
        pick = rng.random()
        row: dict[str, Any] = {"id": f"q{n}", "name": ordinary[n]}
        if pick < 0.2:
            row["name"] = rng.choice(listed)
        elif pick < 0.3:
            name = rng.choice(listed)
            i = rng.randrange(1, max(2, len(name) - 1))
            row["name"] = name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :]
        if n % 7 == 3:
            row["country"] = rng.choice(["ir", "kp", "ru", "sy", "de", "Atlantis"])
        if n % 11 == 5:
            row["birth_date"] = str(rng.randrange(1940, 1990))
        if n % 41 == 9:
            row["name"] = ""  # an error row
        rows.append(row)
    return rows


def _write_inputs(tmp_path: Path, rows: list[dict[str, Any]]) -> dict[str, Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = ["id", "name", "country", "birth_date"]
    csv_path = tmp_path / "in.csv"
    with open(csv_path, "w", encoding="utf-8") as fh:
        fh.write(",".join(columns) + "\n")
        for row in rows:
            cells = [row.get(c, "") for c in columns]
            fh.write(",".join('"' + c.replace('"', '""') + '"' for c in cells) + "\n")
    jsonl_path = tmp_path / "in.jsonl"
    jsonl_path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    parquet_path = tmp_path / "in.parquet"
    table = pa.table({c: [r.get(c) for r in rows] for c in columns})
    pq.write_table(table, parquet_path, row_group_size=64)
    return {"csv": csv_path, "jsonl": jsonl_path, "parquet": parquet_path}


def _screen(*args: str) -> dict[str, Any]:
    res = runner.invoke(app, ["screen", *args, "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    for volatile in ("seconds", "rows_per_second", "outputs", "input"):
        summary.pop(volatile)
    return summary


def _records(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_dask_local_cluster_same_records_as_one_process_on_real_lists(
    dask_available: None,
    real_lists: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("pyarrow")
    monkeypatch.setattr(cluster, "MIN_PARTITION_BYTES", 1024)  # many partitions
    monkeypatch.setattr(cluster, "MIN_PARTITION_ROWS", 25)
    inputs = _write_inputs(tmp_path, _rows(real_lists))

    one, one_summary = {}, {}
    for kind, src in inputs.items():
        out = tmp_path / f"one-{kind}.jsonl"
        one_summary[kind] = _screen(str(src), "-o", str(out), "--workers", "1")
        one[kind] = out
    records = _records(one["csv"])
    # real hits among the rows, and rows with country and birth-date explanations
    assert one_summary["csv"]["rows"] == 300 and one_summary["csv"]["errors"] >= 5
    assert 40 <= one_summary["csv"]["rows_with_alerts"] <= 200
    why = {k for r in records for res in r["results"] for k in res["explanations"]}
    assert {"name", "country"} <= why
    # the rows, ids and results are the same whatever the input format
    for kind in ("jsonl", "parquet"):
        assert [(r["id"], r["results"]) for r in _records(one[kind])] == [
            (r["id"], r["results"]) for r in records
        ]

    # 1. CSV in, a file out: the records come back to this process, in input order
    out = tmp_path / "dask.jsonl"
    assert _screen(str(inputs["csv"]), "-o", str(out), "--dask", "local:2") == one_summary["csv"]
    assert out.read_bytes() == one["csv"].read_bytes()

    # 2. JSON lines in, part files out: `cat part-*.jsonl` is the single-process output
    folder = tmp_path / "parts-jsonl"
    summary = _screen(str(inputs["jsonl"]), "-o", str(folder), "--dask", "local:2")
    assert summary == one_summary["jsonl"]
    manifest = json.loads((folder / MANIFEST).read_text())
    assert len(manifest["parts"]) >= 4 and manifest["rows"] == 300
    joined = b"".join((folder / p["file"]).read_bytes() for p in manifest["parts"])
    assert joined == one["jsonl"].read_bytes()
    assert not list(folder.glob(".incomplete-*"))

    # 3. Parquet in (row groups of 64), Parquet parts out: the same records read back
    folder = tmp_path / "parts-parquet"
    summary = _screen(
        str(inputs["parquet"]), "-o", str(folder), "--dask", "local:2",
        "--output-format", "parquet",
    )  # fmt: skip
    assert summary == one_summary["parquet"]
    assert {p.suffix for p in folder.glob("part-*")} == {".parquet"}
    assert list(read_parts(folder)) == _records(one["parquet"])
