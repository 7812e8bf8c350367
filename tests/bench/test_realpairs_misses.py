"""The classes of ``bench.realpairs_misses`` (a miss's cause, from the names alone)."""

from __future__ import annotations

from typing import Any

import pytest
from bench.realpairs_misses import classify


def miss(
    query: str, best: str, score: float, schema: str = "Company", retrieved: bool = True
) -> dict[str, Any]:
    return {
        "query": query,
        "best_name": best,
        "score": score,
        "schema": schema,
        "retrieved": retrieved,
        "expected_names": [best],
    }


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (miss("NS COLUMBUS", "KEMEROVO", 0.0, "Vessel", False), "vessel renamed"),
        (miss("LLC Citadel", "LIMITED LIABILITY COMPANY MFI SOFT", 0.0), "other name"),
        (miss("Sberbank", "PJSC SBERBANK", 1.0, retrieved=False), "retrieval ranking"),
        (miss("Rosoboronexport OJSC (ROE)", "ROSOBORONEKSPORT OAO", 0.5), "bracketed part"),
        (miss("Tactical Missile Corporation, RKB Globus", "RKB GLOBUS PAO", 0.5), "parent first"),
        (miss("JSC NPO Elektromashina", "JSC Elektromashina", 0.4), "kind words"),
        (miss("JOINT STOCK COMPANY VOTKINSKIY ZAVOD", "Votkinsk Plant", 0.5), "kind words"),
        (miss("PESKOV, Nikolay", "Nikolay Dmitrievich PESKOV", 0.7, "Person"), "person parts"),
        (miss("Metallurg LLC", "SETTLEMENT NON BANK CREDIT ORGANIZATION METALLURG", 0.6), "other"),
    ],
)
def test_classes(case: dict[str, Any], expected: str) -> None:
    assert classify(case, 0.8) == expected
