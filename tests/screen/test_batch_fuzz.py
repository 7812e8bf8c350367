"""Property-based fuzzing of the batch readers: well-formed files come back exactly,
one stray quote costs exactly its own row, and any bytes at all give rows or a clear
InputError, never another exception."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracewire.errors import InputError
from tracewire.screen import read_rows

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADER = ["id", "name", "country"]
# any text a cell may hold on one line: no line break, NUL or lone surrogate (not UTF-8)
cell = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n\x00"), max_size=40
)
tricky = st.text(alphabet='ab ,"\t;=', max_size=12)
row = st.tuples(st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True), cell, tricky)


def read(data: bytes, suffix: str = ".csv") -> list[tuple[int, dict[str, Any]]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"in{suffix}"
        path.write_bytes(data)
        return list(read_rows(path))


def written(rows: list[tuple[str, str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buf.getvalue()


@FUZZ
@given(st.lists(row, max_size=12))
def test_well_formed_csv_comes_back_exactly(rows: list[tuple[str, str, str]]) -> None:
    got = read(written(rows).encode("utf-8"))
    assert got == [(n, dict(zip(HEADER, r, strict=True))) for n, r in enumerate(rows, start=2)]


@FUZZ
@given(st.lists(row, min_size=2, max_size=12), st.data())
def test_one_stray_quote_costs_only_its_own_row(
    rows: list[tuple[str, str, str]], data: st.DataObject
) -> None:
    k = data.draw(st.integers(0, len(rows) - 1))
    lines = written(rows).split("\n")
    lines[k + 1] = lines[k + 1].replace(",", ',"', 1)  # a quote opened, never meant
    got = dict(read("\n".join(lines).encode("utf-8")))
    for n, r in enumerate(rows, start=2):
        if n != k + 2:
            assert got[n] == dict(zip(HEADER, r, strict=True)), n


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([".csv", ".tsv", ".jsonl"]))
def test_any_bytes_give_rows_or_a_clear_error(data: bytes, suffix: str) -> None:
    try:
        got = read(b"id,name\n" + data if suffix == ".csv" else data, suffix)
    except InputError as exc:
        assert "line" in str(exc) or "header" in str(exc)
        return
    numbers = [n for n, _ in got]
    assert numbers == sorted(set(numbers))
    assert all(isinstance(r, dict) for _, r in got)


def test_a_stray_quote_closed_by_the_next_line_costs_only_its_own_row() -> None:
    # found by the fuzz test above: the stray quote pairs the line's own quotes
    # otherwise, and the field it leaves open beyond the header's columns is closed
    # by the next line's quote
    rows = [("0", "", ""), ("0", "", ""), ("0", "", ",,"), ("0", "", ",;")]
    lines = written(rows).split("\n")
    lines[3] = lines[3].replace(",", ',"', 1)
    got = dict(read("\n".join(lines).encode("utf-8")))
    assert "quote" in got[4]["__error__"]
    assert got[5] == dict(zip(HEADER, rows[3], strict=True))
    assert [got[n] for n in (2, 3)] == [dict(zip(HEADER, r, strict=True)) for r in rows[:2]]
