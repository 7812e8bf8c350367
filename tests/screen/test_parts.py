"""Part files of an output folder (`tracewire screen --dask ... -o FOLDER`): written
atomically, read back as the records they were made from, an earlier run replaced, and
the options checked before anything runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from tracewire.cli.demo import sample_path
from tracewire.cli.main import app
from tracewire.errors import InputError
from tracewire.screen.parts import MANIFEST, finish, new_staging, read_parts, write_part

runner = CliRunner()

RECORDS: list[dict[str, Any]] = [
    {"id": "a1", "line": 2, "query": {"name": "Ivan Petrov", "schema": None},
     "results": [{"id": "x-1", "dataset": "un_sc_sanctions", "source_id": "KPi.1",
                  "schema": "Person", "caption": "PETROV, Ivan", "score": 0.9321,
                  "match": True, "sanctions": ["UN: DPRK"], "effects": ["asset_freeze"],
                  "explanations": {"name": {"score": 0.93, "query_value": "Ivan Petrov",
                                            "list_value": "PETROV Ivan", "method": "tokens",
                                            "detail": "same words"},
                                   "country": {"effect": -0.05, "detail": "other country",
                                               "query_value": "de", "list_value": "kp"}}}],
     "alerts": 1, "warnings": ["country: 'Atlantis' is not a known country; ignored"]},
    {"id": "3", "line": 3, "results": [], "alerts": 0, "error": "the row has no name"},
    {"id": "a4", "line": 4, "query": {"name": "Maria Garcia", "schema": "Person"},
     "results": [], "alerts": 0},
]  # fmt: skip


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_parts_read_back_as_the_records(tmp_path: Path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    folder = tmp_path / "out"
    staging = new_staging(folder)
    names = [write_part(RECORDS[:2], str(staging), 0, fmt), write_part(RECORDS[2:], str(staging), 1, fmt)]  # fmt: skip
    assert names == [f"part-00000.{fmt}", f"part-00001.{fmt}"]
    assert not (folder / MANIFEST).exists()  # nothing finished yet
    finish(folder, staging, fmt, tmp_path / "in.csv",
           [{"file": names[0], "rows": 2, "first_line": 2}, {"file": names[1], "rows": 1, "first_line": 4}])  # fmt: skip
    assert list(read_parts(folder)) == RECORDS
    assert not staging.exists()
    manifest = orjson.loads((folder / MANIFEST).read_bytes())
    assert manifest["rows"] == 3 and manifest["output_format"] == fmt
    if fmt == "jsonl":  # the lines of the single-file output
        joined = b"".join((folder / n).read_bytes() for n in names)
        assert joined == b"".join(orjson.dumps(r) + b"\n" for r in RECORDS)


def test_a_new_run_replaces_the_parts_of_the_last(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    staging = new_staging(folder)
    first = [write_part([r], str(staging), n, "jsonl") for n, r in enumerate(RECORDS)]
    finish(folder, staging, "jsonl", tmp_path / "in.csv",
           [{"file": f, "rows": 1, "first_line": 2 + n} for n, f in enumerate(first)])  # fmt: skip
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    staging = new_staging(folder)
    name = write_part(RECORDS[1:2], str(staging), 0, "jsonl")
    finish(folder, staging, "jsonl", tmp_path / "in.csv",
           [{"file": name, "rows": 1, "first_line": 3}])  # fmt: skip
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST, "notes.txt", "part-00000.jsonl"]
    assert list(read_parts(folder)) == RECORDS[1:2]


def test_a_folder_without_a_finished_run(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no finished run"):
        list(read_parts(tmp_path))


def test_output_folder_options_checked_first(home: Path, tmp_path: Path) -> None:
    lst = sample_path()
    src = tmp_path / "in.csv"
    src.write_text("id,name\nr1,Ann Lee\n", encoding="utf-8")
    for extra, says in (
        (["-o", str(tmp_path / "out")], "needs --dask"),
        (["-o", str(tmp_path / "out"), "-o", str(tmp_path / "r.jsonl"), "--dask", "local:1"],
         "the only output"),
        (["-o", str(tmp_path / "out"), "--dask", "local:1", "--output-format", "xml"],
         "'xml' is not one of"),
    ):  # fmt: skip
        res = runner.invoke(app, ["screen", str(src), "--list", str(lst), *extra])
        assert res.exit_code == 2 and says in res.output, res.output
    assert not (tmp_path / "out").exists()
