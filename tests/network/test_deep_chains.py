"""Deep ownership chains and deep JSON (issue 12, item 2): linear cost, bounded reports,
clear refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.abuse import deep_chain_case, nested_json

from tests.network.factory import run, sample_entities
from tracewire.bounds import MAX_CHAIN_DEPTH, MAX_JSON_DEPTH, MAX_REPORTED_HOPS
from tracewire.network.case_load import CaseFormatError, load_case, parse_case
from tracewire.network.ownership import OFAC, UK, Stake, analyse


@pytest.mark.parametrize("regime", [OFAC, UK])
def test_a_deep_chain_costs_linear_time_and_memory(regime: object) -> None:
    depth = 3_000
    # listed deepest first: a pass per level over the stakes would take depth passes
    stakes = [Stake(f"c{i}", f"c{i + 1}", 100.0) for i in reversed(range(depth))]
    verdicts = analyse(stakes, ["c0"], regime)  # type: ignore[arg-type]
    assert all(verdicts[f"c{i}"].status == "blocked" for i in range(1, depth + 1))
    # a path is the top stake and the stakes nearest the entity, not the whole chain
    refs = sum(len(p) for v in verdicts.values() for p in v.paths)
    assert refs <= MAX_REPORTED_HOPS * depth
    last = verdicts[f"c{depth}"]
    (path,) = last.paths
    assert len(path) == MAX_REPORTED_HOPS
    assert (path[0].owner, path[-1].asset) == ("c0", f"c{depth}")
    assert last.skipped == [depth - MAX_REPORTED_HOPS]
    assert verdicts["c3"].paths[0] == stakes[-3:][::-1] and verdicts["c3"].skipped == [0]


def test_the_ownership_finding_reports_a_bounded_chain() -> None:
    depth = MAX_REPORTED_HOPS * 2
    inv = run(parse_case(deep_chain_case(depth)), sample_entities())
    deepest = next(
        f for f in inv.findings if f.rule == "ownership" and f.subject.id == f"p{depth - 1}"
    )
    assert deepest.severity == "blocked"
    statements = [e.statement for e in deepest.evidence]
    assert len(statements) < MAX_REPORTED_HOPS + 10
    assert any("more ownership links between" in s for s in statements)
    assert statements[0].startswith("Artem Mikhaylovich Yamshchikov owns 100 % of Chain Holding 0")


def test_an_absurdly_deep_chain_is_refused_naming_its_end() -> None:
    with pytest.raises(CaseFormatError) as refused:
        parse_case(deep_chain_case(MAX_CHAIN_DEPTH + 1))
    assert refused.value.issues == [
        (
            f"company_records[{MAX_CHAIN_DEPTH}]",
            f"an ownership chain {MAX_CHAIN_DEPTH + 1:,} companies deep ends here; "
            f"tracewire follows at most {MAX_CHAIN_DEPTH:,}",
        )
    ]


def test_loops_of_owners_are_measured_once_round() -> None:
    data = deep_chain_case(3)
    data["company_records"][0]["owners"][0] |= {"ref": "p2", "name": "Chain Holding 2"}
    parse_case(data)  # a loop of three owners, not an endless chain


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_deeply_nested_json_is_a_case_error(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.json"
    path.write_text(nested_json(depth), encoding="utf-8")
    with pytest.raises(CaseFormatError, match=f"nested more than {MAX_JSON_DEPTH} levels"):
        load_case(path)


def test_a_case_at_the_bounds_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(deep_chain_case(MAX_CHAIN_DEPTH)), encoding="utf-8")
    assert len(load_case(path).parties) == MAX_CHAIN_DEPTH
