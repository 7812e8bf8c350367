"""bench.speed's query file: one set of queries for two versions of the matcher."""

from __future__ import annotations

import json
from pathlib import Path

from bench.speed import write_queries


def test_query_file_round_trips_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "queries.json"
    queries = ["Ivan Petrov", "通亚 有限公司", "AL-QAIDA (AQ)"]
    write_queries(path, queries)
    assert json.loads(path.read_text(encoding="utf-8")) == queries
    assert sorted(p.name for p in tmp_path.iterdir()) == ["queries.json"]
    write_queries(path, queries[:1])  # replaced, not appended
    assert json.loads(path.read_text(encoding="utf-8")) == queries[:1]
