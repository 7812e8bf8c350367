"""Rows that repeat an earlier row's fields take its output from the RowCache: the
records must be exactly those of screening every row (JSON lines and CSV byte for byte),
in one process, in the worker pool and on Dask."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from tracewire.cli.demo import sample_path
from tracewire.cli.main import app
from tracewire.match import Screener
from tracewire.screen import BatchOptions, read_rows, screen_rows
from tracewire.screen import batch as batch_module
from tracewire.screen.batch import RowCache
from tracewire.screen.parallel import ScreenPool
from tracewire.sources.registry import dataset_for, plan_loads

from .test_workers import _listed_names

runner = CliRunner()


def _screener() -> Screener:
    entities = []
    for fmt, files in plan_loads([sample_path()]):
        entities.extend(fmt.parse(files, dataset_for(fmt, files)).entities)
    return Screener.from_entities(entities)


def _repeating_input(tmp_path: Path, rows: int = 240) -> Path:
    """A CSV whose rows repeat a few dozen names (listed ones, ordinary ones), each with
    and without other fields (values that warn, a schema, an unknown schema, spaces
    around the name), with rows without a name and rows without an id among them."""
    rng = random.Random(11)
    listed = [n.replace('"', "") for n in _listed_names(sample_path())]
    names = rng.sample(listed, 12) + ["Maria Garcia", "John Smith", "Wei Zhang", "Olga Ivanova"]
    lines = ["id,name,schema,birth_date,country,nationality,gender,identifiers"]
    for n in range(rows):
        name = rng.choice(names)
        pick = rng.random()
        if pick < 0.1:
            lines.append(f'r{n},"{name}",,1970-13-45,Atlantis,,,')  # two warnings
        elif pick < 0.2:
            lines.append(f'r{n},"{name}",Person,1970,RU,,male,')
        elif pick < 0.25:
            lines.append(f"r{n},,,,,,,")  # no name: an error row
        elif pick < 0.3:
            lines.append(f'r{n},"{name}",Spaceship,,,,,')  # unknown schema: an error row
        elif pick < 0.35:
            lines.append(f'," {name} ",,,,,,')  # no id (its line is), spaces
        else:
            lines.append(f'r{n},"{name}",,,,,,')
    path = tmp_path / "repeating.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _bytes(records: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def _same_types(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_types(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_types(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def test_cached_rows_give_the_records_of_screening_every_row(tmp_path: Path) -> None:
    screener = _screener()
    src = _repeating_input(tmp_path)
    options = BatchOptions()
    every = list(screen_rows(screener, read_rows(src), options, RowCache(0)))
    cache = RowCache()
    cached = list(screen_rows(screener, read_rows(src), options, cache))
    assert cache.hits > 150  # most rows repeat an earlier one
    assert len(cached) == len(every) == 240
    for a, b in zip(every, cached, strict=True):
        assert _same_types(a, b), (a, b)
    assert _bytes(cached) == _bytes(every)
    assert sum(r["alerts"] for r in every) > 20
    assert sum("warnings" in r for r in every) > 10 and sum("error" in r for r in every) > 10


@pytest.mark.parametrize("chunk_rows", [7, 500])
def test_pool_takes_repeated_rows_from_its_cache_and_gives_the_same_records(
    tmp_path: Path, chunk_rows: int
) -> None:
    """Small chunks: most repeated rows find an answered row in the cache; one chunk of
    every row: each waits for the answer to the first row of its fields (or, when that
    answer is an error record, is screened by the parent)."""
    screener = _screener()
    src = _repeating_input(tmp_path)
    options = BatchOptions()
    every = list(screen_rows(screener, read_rows(src), options, RowCache(0)))
    with ScreenPool(screener, options, processes=2, chunk_rows=chunk_rows) as pool:
        got = list(pool.screen(read_rows(src)))
        hits = pool.cache.hits
    assert hits > 100  # rows the workers were never sent
    assert _bytes(got) == _bytes(every)


def test_cli_output_with_the_cache_is_that_of_screening_every_row(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = _repeating_input(tmp_path)
    lst = str(sample_path())

    def run(name: str, *extra: str) -> tuple[bytes, bytes]:
        out, csv_out = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.csv"
        res = runner.invoke(
            app, ["screen", str(src), "--list", lst, "-o", str(out), "-o", str(csv_out), *extra]
        )
        assert res.exit_code == 0, res.output
        return out.read_bytes(), csv_out.read_bytes()

    one, two = run("one", "--workers", "1"), run("two", "--workers", "2")
    monkeypatch.setattr(batch_module, "ROW_CACHE_ROWS", 0)  # nothing kept: every row screened
    every = run("every", "--workers", "1")
    assert one == every and two == every
    assert len([json.loads(line) for line in every[0].splitlines()]) == 240


def test_cache_keeps_only_plain_records_and_forgets_the_least_recently_used() -> None:
    screener = _screener()
    cache = RowCache(2)
    cache.bind(screener, BatchOptions())
    rows = [{"name": n} for n in ("A", "B", "C")]
    keys = [cache.key(r) for r in rows]
    record = {"id": "1", "line": 2, "query": {"name": "A", "schema": None},
              "results": [{"score": 0.9, "match": True, "explanations": {"name": {"a": 1}}}],
              "alerts": 1}  # fmt: skip
    for key in keys:
        assert key is not None
        cache.put(key, record)
    assert len(cache) == 2 and keys[0] is not None and cache.get(keys[0]) is None
    assert keys[2] is not None
    found = cache.get(keys[2])
    assert found is not None and _same_types(found.record("1", 2), record)
    # what its JSON would not give back as it was is not kept: a tuple, a float that is
    # no number, an error record
    for odd in (
        record | {"results": [{"sanctions": ("x",)}]},
        record | {"results": [{"score": math.nan}]},
        {"id": "1", "line": 2, "results": [], "alerts": 0, "error": "no name"},
    ):
        fresh = RowCache()
        fresh.bind(screener, BatchOptions())
        assert keys[0] is not None
        fresh.put(keys[0], odd)
        assert len(fresh) == 0
    # rows that are not text, or a reader's error rows, have no key
    assert cache.key({"name": ["A", "B"]}) is None
    assert cache.key({"name": "A", "__error__": "broken"}) is None
    assert RowCache(0).key({"name": "A"}) is None
    # another screener or other options: nothing kept from before
    cache.bind(screener, BatchOptions(limit=3))
    assert len(cache) == 0
