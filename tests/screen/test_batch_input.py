"""Batch input that never swallows rows or guesses: broken CSV records, over-long fields,
JSON values of the wrong type and values that cannot be read are error rows or warnings."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tracewire.bounds import MAX_CSV_COLUMNS
from tracewire.errors import InputError
from tracewire.match import Screener
from tracewire.model import Entity
from tracewire.screen import BatchOptions, read_rows, screen_rows
from tracewire.screen.batch import (
    MAX_FIELD_CHARS,
    MAX_RECORD_CHARS,
    checked_query,
    count_rows,
    row_query,
)
from tracewire.screen.partitions import plan_partitions

HEADER = "id,name,country\n"


def rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    return list(read_rows(path))


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def by_line(path: Path) -> dict[int, dict[str, Any]]:
    return dict(rows(path))


def test_unclosed_quote_is_one_error_row_and_the_next_rows_are_read(tmp_path: Path) -> None:
    # the quote opened on row 3 (line 4) is never closed: it used to swallow rows 4-8
    body = "".join(f"r{i},Firm {i},RU\n" for i in range(1, 9)).replace("r3,Firm 3", 'r3,"Firm 3')
    got = by_line(write(tmp_path, HEADER + body))
    assert sorted(got) == list(range(2, 10))
    assert "never closed" in got[4]["__error__"]
    assert [got[n]["name"] for n in range(5, 10)] == [f"Firm {i}" for i in range(4, 9)]
    assert all("__error__" not in got[n] for n in (2, 3, 5, 6, 7, 8, 9))


def test_quote_closed_rows_later_does_not_swallow_them(tmp_path: Path) -> None:
    text = HEADER + 'a,"Alpha,RU\nb,Beta,RU\nc,Gamma "G" Ltd,RU\nd,Delta,RU\n'
    got = by_line(write(tmp_path, text))
    assert "__error__" in got[2] and "runs on over" in got[2]["__error__"]
    assert got[3]["name"] == "Beta" and got[4]["name"] == 'Gamma "G" Ltd'
    assert got[5]["name"] == "Delta"


def test_line_break_inside_a_name_is_an_error_row(tmp_path: Path) -> None:
    text = HEADER + 'a,"Two\nLines",RU\nb,Next,RU\n'
    got = by_line(write(tmp_path, text))
    assert got[2]["id"] == "a" and "line break" in got[2]["__error__"]
    assert "piece of it" in got[3]["__error__"]  # `Lines",RU`: not a row of its own
    assert got[4] == {"id": "b", "name": "Next", "country": "RU"}


def test_line_break_in_an_extra_column_is_kept(tmp_path: Path) -> None:
    text = 'id,name,notes\na,Alpha,"two\nlines"\nb,Beta,\n'
    got = by_line(write(tmp_path, text))
    assert got[2]["notes"] == "two\nlines" and "__error__" not in got[2]
    assert got[4]["name"] == "Beta"


def test_over_long_name_is_an_error_row(tmp_path: Path) -> None:
    long_name = "x" * (MAX_FIELD_CHARS + 1)
    got = by_line(write(tmp_path, HEADER + f"a,{long_name},RU\nb,Short,RU\n"))
    assert "more than the 1,024 allowed" in got[2]["__error__"]
    assert got[3]["name"] == "Short"


def test_quote_running_past_the_record_limit_resumes(tmp_path: Path) -> None:
    body = 'r0,"Open,RU\n' + "".join(f"r{i},Firm {i},RU\n" for i in range(1, 200)) + 'z,"x\n'
    got = by_line(write(tmp_path, HEADER + body))
    assert "never closed" in got[2]["__error__"]
    assert [got[n]["name"] for n in range(3, 202)] == [f"Firm {i}" for i in range(1, 200)]


def test_tsv_input(tmp_path: Path) -> None:
    got = rows(write(tmp_path, "id\tname\na\tAlpha, Inc\n", name="in.tsv"))
    assert got == [(2, {"id": "a", "name": "Alpha, Inc"})]


def test_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("id,name\n1,Kupol\n2,Café\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.csv, line 3: not UTF-8"):
        rows(path)
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    with pytest.raises(InputError, match=r"binary\.csv, line 1: not UTF-8"):
        rows(binary)


def test_garbage_parquet_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.parquet"
    path.write_bytes(b"PAR1" + b"\x00not parquet at all" * 20)
    with pytest.raises(InputError, match=r"garbage\.parquet: not a readable Parquet file"):
        rows(path)
    with pytest.raises(InputError, match="not a readable Parquet file"):
        count_rows(path)


@pytest.mark.parametrize(
    ("value", "kind"),
    [(123, "a number"), (["A", "B"], "a list"), (True, "a boolean"), ({"a": 1}, "an object")],
)
def test_jsonl_name_of_the_wrong_type_is_an_error(value: Any, kind: str) -> None:
    with pytest.raises(InputError, match=f"name: expected text, not {kind}"):
        row_query({"name": value}, 1)


def test_jsonl_rows_of_wrong_types_become_error_rows(tmp_path: Path) -> None:
    lines = ['{"id": "a", "name": 42}', '{"id": "b", "name": false}', '{"id": 7, "name": "Ok"}',
             '{"id": "c", "name": "Ok", "country": 5}']  # fmt: skip
    path = write(tmp_path, "\n".join(lines) + "\n", name="in.jsonl")
    entity = Entity.make("Company", "x1", "t")
    entity.add("name", "Zorblax Widgets")
    screener = Screener.from_entities([entity])
    out = list(screen_rows(screener, read_rows(path), BatchOptions()))
    assert [r["id"] for r in out] == ["a", "b", "7", "c"]
    assert "expected text, not a number 42" in out[0]["error"]
    assert "not a boolean false" in out[1]["error"]
    assert "error" not in out[2]
    assert out[3]["error"].startswith("country: expected text")


def test_jsonl_over_long_line_and_too_many_keys_are_error_rows(tmp_path: Path) -> None:
    long_line = '{"name": "' + "x" * (MAX_RECORD_CHARS * 3) + '"}'
    many_keys = "{" + ",".join(f'"k{i}": 1' for i in range(MAX_CSV_COLUMNS + 1)) + "}"
    lines = ['{"name": "First"}', long_line, '{"name": "Third"}', many_keys, '{"name": "Fifth"}']
    path = write(tmp_path, "\n".join(lines) + "\n", name="in.jsonl")
    got = by_line(path)
    assert sorted(got) == [1, 2, 3, 4, 5]
    assert got[1] == {"name": "First"} and got[3] == {"name": "Third"}
    assert got[5] == {"name": "Fifth"}
    assert "a line of over 65,536 bytes" in got[2]["__error__"]
    assert f"{MAX_CSV_COLUMNS + 1:,} keys" in got[4]["__error__"]
    # the partitions of the file read the same rows, the long line counted in its span
    parts = plan_partitions(path, target_bytes=MAX_RECORD_CHARS, target_rows=1)
    assert len(parts) > 1
    split = [row for part in parts for row in part.rows()]
    assert dict(split) == got


def test_parquet_dates_are_dates(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    table = pa.table({"name": ["A Person"], "birth_date": [datetime.date(1979, 10, 11)]})
    pq.write_table(table, path)
    ((line, row),) = rows(path)
    query, warnings = row_query(row, line)
    assert query.birth_dates == ["1979-10-11"] and warnings == []


def test_values_that_cannot_be_read_are_warned_and_left_out() -> None:
    query, warnings = checked_query(
        "Someone",
        birth_date="1952-13-45;1979",
        country="Narnia;ru",
        identifiers="inn:notanumber;inn:1831083343",
        gender="robot",
    )
    assert query.birth_dates == ["1979"] and query.countries == ["ru"]
    assert query.identifiers == [("innCode", "1831083343")] and query.gender is None
    assert warnings == [
        "birth_date: '1952-13-45' is not a date (YYYY, YYYY-MM or YYYY-MM-DD); ignored",
        "country: 'Narnia' is not a known country; ignored",
        "identifiers: 'notanumber' is not a valid INN; ignored",
        "gender: 'robot' is not male or female; ignored",
    ]


def test_parquet_damaged_inside_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "damaged.parquet"
    pq.write_table(pa.table({"name": [f"Name {i}" for i in range(20_000)]}), path)
    data = bytearray(path.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 64] = b"\xff" * 64  # the footer stays whole
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=r"damaged\.parquet, after row \d+: the Parquet data"):
        rows(path)


def test_a_folder_is_not_an_input_file(tmp_path: Path) -> None:
    (tmp_path / "in.csv").mkdir()
    with pytest.raises(InputError, match=r"in\.csv: a folder, not a file"):
        rows(tmp_path / "in.csv")


def test_too_many_columns_is_refused_naming_file_and_line(tmp_path: Path) -> None:
    """A header of 100,000 columns took a minute to read (issue 12): over the bound the
    whole file is refused before any row, naming the file and line 1."""
    wide = ",".join(["id", "name", *(f"c{i}" for i in range(100_000))])
    path = write(tmp_path, wide + "\n1,Kupol\n", name="wide.csv")
    with pytest.raises(InputError, match=r"wide\.csv, line 1: the header has 100,002 columns"):
        rows(path)
    tsv = write(tmp_path, "\t".join(["name", *(f"c{i}" for i in range(1_000))]) + "\nA\n", "w.tsv")
    with pytest.raises(InputError, match=r"at most 1,000"):
        rows(tsv)
    at_bound = write(tmp_path, ",".join(["name", *(f"c{i}" for i in range(999))]) + "\nA\n")
    assert rows(at_bound) == [(2, {"name": "A"})]


def test_parquet_of_too_many_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.parquet"
    pq.write_table(pa.table({"name": ["A"], **{f"c{i}": [1] for i in range(1_000)}}), path)
    with pytest.raises(InputError, match=r"wide\.parquet: the Parquet schema has 1,001 columns"):
        rows(path)
