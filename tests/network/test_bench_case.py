"""The benchmark's generated case stays valid and investigable (no timing here)."""

from __future__ import annotations

from bench.investigate import generate_case, lists

from tracewire.network.case_load import parse_case
from tracewire.network.investigate import investigate


def test_generated_case_is_valid_and_investigable() -> None:
    case = parse_case(generate_case(300, seed=3))
    assert len(case.transactions) == 300 and case.fictional
    data, screener = lists("sample")
    inv = investigate(case, data, screener)
    assert len(inv.transaction_verdicts) == 300
    assert {f.kind for f in inv.findings} >= {"screening", "role", "redflag", "goods"}
