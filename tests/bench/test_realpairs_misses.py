"""The classes of ``bench.realpairs_misses`` (a miss's cause, from the names alone)."""

from __future__ import annotations

from typing import Any

import pytest
from bench.realpairs_misses import classify, classify_false_alert


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


def alert(query: str, alerted: str, detail: str = "", schema: str = "Company") -> dict[str, Any]:
    return {
        "query": query,
        "alerted": alerted,
        "detail": detail,
        "schema": schema,
        "expected_names": ["PUBLIC JOINT STOCK COMPANY SBERBANK OF RUSSIA"],
    }


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        (alert("Sberbank", "SBERBANK AG"), "same name elsewhere"),
        (
            alert("JSC Element", "ELMONT AG", "'element' ≈ 'elmont' (typo, 0.80)"),
            "typo on a short word",
        ),
        (
            alert("Sberbank", "LIMITED LIABILITY COMPANY SBERBANK INVESTMENTS"),
            "query inside a longer name",
        ),
        (alert("Ivan Petrov", "Ivan Petrovich", schema="Person"), "person"),
        (alert("Foreign Trade Bank", "Bank of Commerce"), "other"),
        # a long word's typo is no short word's
        (
            alert(
                "Surgutneftegaz",
                "Surgutneftegas",
                "'surgutneftegaz' ≈ 'surgutneftegas' (typo, 0.93)",
            ),
            "other",
        ),
    ],
)
def test_false_alert_classes(case: dict[str, Any], expected: str) -> None:
    assert classify_false_alert(case) == expected
