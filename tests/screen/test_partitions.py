"""Input files cut into partitions (``--dask``): the partitions' rows, read one after
another, are exactly the rows one reader reads from the whole file, numbered alike,
broken rows included; for any bytes and any partition size."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracewire.errors import InputError
from tracewire.screen import read_rows
from tracewire.screen.partitions import plan_partitions

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# pieces of CSV that stress the reader: quotes opened and never closed, quotes inside
# unquoted cells, line breaks inside quoted cells (input columns and others), lone CRs,
# CR LF, blank lines, cells too many or too few
PIECES = ["r1,Ann Lee,ru\n", 'r2,"Lee, Ann",\n', 'r3,"Multi\nline",gb\n', "r4,O\"Brien,ie\n",
          'r5,Bob,"note\nover\nlines"\n', 'r6,"open,cn\n', "r7,Kim\r\n", "r8,Ray\rr9,Zed\n",
          "\n", 'r10,"a""b",x\n', "r11,x,y,z\n", 'r12,"c"d,\n', "r13\n", '"', "\r", "é,\n",
          "r14," + "y" * 30 + "\n"]  # fmt: skip


def _whole_and_parts(data: bytes, suffix: str, target: int) -> tuple[Any, Any, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"in{suffix}"
        path.write_bytes(data)
        try:
            whole: Any = list(read_rows(path))
        except InputError as exc:
            whole = str(exc)
        try:
            parts = plan_partitions(path, target, target)
            got: Any = [row for part in parts for row in part.rows()]
        except InputError as exc:
            got, parts = str(exc), []
        return whole, got, len(parts)


@FUZZ
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.integers(1, 120))
def test_csv_partitions_read_as_the_whole_file(pieces: list[str], target: int) -> None:
    data = ("id,name,country\n" + "".join(pieces)).encode("utf-8")
    whole, got, _ = _whole_and_parts(data, ".csv", target)
    assert got == whole


@FUZZ
@given(st.binary(max_size=300), st.integers(1, 80))
def test_any_bytes_partitioned_as_read_whole(data: bytes, target: int) -> None:
    for suffix in (".csv", ".jsonl"):
        whole, got, _ = _whole_and_parts(b"id,name\n" + data, suffix, target)
        assert got == whole


@FUZZ
@given(
    st.lists(st.sampled_from(['{"name": "Ann"}\n', "\n", "{bad\n", '["x"]\n', "\r\n", "é"]),
             max_size=30),
    st.integers(1, 60),
)  # fmt: skip
def test_jsonl_partitions_read_as_the_whole_file(lines: list[str], target: int) -> None:
    whole, got, _ = _whole_and_parts("".join(lines).encode("utf-8"), ".jsonl", target)
    assert got == whole


@pytest.mark.parametrize("name", ["counterparties.csv", "counterparties.jsonl", "portfolio.csv"])
def test_example_files_cut_into_many_partitions(name: str) -> None:
    data = (EXAMPLES / name).read_bytes()
    whole, got, parts = _whole_and_parts(data, Path(name).suffix, 200)
    assert got == whole and len(whole) > 10
    assert parts > 3  # cut indeed


def test_clean_csv_is_cut_near_the_target_size(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    rows = [f'c{n:05d},"Name {n}, Jr",,,' for n in range(5000)]
    path.write_text("id,name,a,b,c\n" + "\n".join(rows) + "\n", encoding="utf-8")
    data = path.read_bytes()
    parts = plan_partitions(path, 10_000, 0)
    assert parts[0].start == len("id,name,a,b,c\n") and parts[-1].end == len(data)
    for a, b in zip(parts, parts[1:], strict=False):
        assert a.end == b.start and data[b.start - 1 : b.start] == b"\n"
        assert 10_000 <= a.end - a.start < 10_000 + 30  # cut at the first line end after
        assert b.line == data[: b.start].count(b"\n") + 1
    assert len(parts) == len(data) // 10_000 + 1
    assert [n for p in parts for n, _ in p.rows()] == list(range(2, 5002))


def test_parquet_partitions_by_rows(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "in.parquet"
    table = pa.table(
        {"id": [f"p{n}" for n in range(1000)], "name": [f"N {n}" for n in range(1000)]}
    )
    pq.write_table(table, path, row_group_size=128)
    whole = list(read_rows(path))
    for target in (1, 100, 128, 300, 999, 5000):
        parts = plan_partitions(path, 0, target)
        assert [row for p in parts for row in p.rows()] == whole
        assert len(parts) == -(-1000 // target)


def test_partition_of_a_missing_file_says_workers_must_see_it(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,name\nr1,Ann\n", encoding="utf-8")
    (part,) = plan_partitions(path, 1000, 1000)
    path.unlink()
    with pytest.raises(InputError, match="workers must see it at the same path"):
        list(part.rows())
