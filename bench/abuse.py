"""Hostile input, repeated (issue 12): every attack must get a clear error, none a crash.

    .venv/bin/python -m bench.abuse

Runs the attacks of the hardening review against a fresh store holding the bundled sample
list: long names, deep ownership chains and deeply nested JSON, malformed bodies, headers
and paging values over HTTP, role and scope mix-ups, script links in rules files, damaged
list files. For each kind it prints how many were tried, how many got a clear error (a
4xx answer, exit code 2, a located message or a warning), how many crashed (a 500, a
traceback, a RecursionError or MemoryError), how many were lost (accepted without a word,
or a bad answer such as a script link), and the worst time and memory of one attempt
(CPU time; peak memory allocated, by tracemalloc).
"""

from __future__ import annotations

from typing import Any

#: the designated person the sample list holds; the top of every generated chain
CHAIN_TOP = "Artem Mikhaylovich Yamshchikov"


def deep_chain_case(depth: int) -> dict[str, Any]:
    """A case of ``depth`` companies, each owning all of the next, the first owned by a
    designated person: an ownership chain ``depth`` companies deep."""
    parties = [
        {"id": f"p{i}", "name": f"Chain Holding {i}", "kind": "company", "country": "CY"}
        for i in range(depth)
    ]
    records = []
    for i in range(depth):
        owner: dict[str, Any] = (
            {"name": f"Chain Holding {i - 1}", "ref": f"p{i - 1}", "kind": "company"}
            if i
            else {"name": CHAIN_TOP, "kind": "person", "country": "RU"}
        )
        records.append({"id": f"r{i}", "party": f"p{i}", "owners": [owner | {"percentage": 100}]})
    return {
        "format": "tracewire-case/1",
        "id": f"chain-{depth}",
        "parties": parties,
        "company_records": records,
        "transactions": [
            {
                "id": "t1",
                "type": "invoice",
                "date": "2024-01-01",
                "parties": {"seller": "p0", "buyer": f"p{depth - 1}"},
            }
        ],
    }


def nested_json(depth: int) -> str:
    """A case whose description is a list nested ``depth`` deep."""
    return '{"id": "deep", "description": ' + "[" * depth + "]" * depth + "}"
