"""The clean control beside the Garpiya example: a cold-store operator buying
refrigeration units. Investigated against the embedded sample list, it gives no high or
blocked verdict, and its declared line of business is read before R9 raises a flag."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from tests.network.factory import case, line, party, rules_hit, run, txn
from tracewire.cli.demo import sample_path
from tracewire.cli.main import app
from tracewire.network.activity import activity_table

runner = CliRunner()
CASE = Path(__file__).resolve().parents[2] / "examples" / "cold-store" / "case.json"


def test_control_case_is_clean(home: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["lists", "load", str(sample_path()), "--dataset", "tracewire_sample"])
    assert res.exit_code == 0, res.output
    out = tmp_path / "findings.json"
    res = runner.invoke(app, ["investigate", str(CASE), "--json", str(out)])
    assert res.exit_code == 0, res.output
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert doc["case"]["fictional"] is True
    verdicts = doc["verdicts"]["parties"] + doc["verdicts"]["transactions"]
    assert len(verdicts) == 4  # both parties and both transactions were judged
    bad = [(v["subject"]["id"], v["verdict"]) for v in verdicts if v["verdict"] in ("high", "blocked")]  # fmt: skip
    assert bad == []
    assert not [f for f in doc["findings"] if f["severity"] in ("high", "blocked")]
    assert not [f for f in doc["findings"] if f["rule"].startswith("R9-")]


def test_cold_store_operator_buying_refrigeration_units_fits() -> None:
    t = activity_table()
    for activity, business in [("H52.10", None), (None, "cold storage warehouse"),
                               ("H52", "cold store operator"), (None, "холодильный склад")]:  # fmt: skip
        fit = t.fit(activity, business)
        assert fit is not None and fit.fits("841869"), (activity, business)
    # a plain warehouse still does not take engines or microcontrollers
    assert not t.fit("H52.10", "cold storage").fits("840710")  # type: ignore[union-attr]
    assert not t.fit("52.29", "freight forwarding").fits("841869")  # type: ignore[union-attr]


def test_declared_business_is_read_beside_the_nace_code() -> None:
    c = case(
        parties=[
            party("s", "Frostlager GmbH", country="de"),
            # a broad NACE code whose entry lacks refrigeration, with a declared business
            party("cs", "Aksay Cold Storage", country="kz", activity="H52", business="cold store operator"),
            party("fw", "Steppe Forwarding", country="kz", activity="H52"),
        ],
        transactions=[
            txn("cs-ref", seller="s", buyer="cs", goods=[line("8418.69", "Refrigeration units")]),
            txn("fw-ref", seller="s", buyer="fw", goods=[line("8418.69", "Refrigeration units")]),
        ],
    )  # fmt: skip
    found = rules_hit(run(c), "R9-line-of-business")
    assert sorted(f.subject.id for f in found) == ["fw-ref"]
