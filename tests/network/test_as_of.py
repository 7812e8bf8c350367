"""As of the deal's date: each designation in force at a transaction's date or made
later, and ``investigate --as-of DATE`` against the store's list versions of that date
(the two UN Security Council lists in ../shared/data: 2022-09-15 and 2026-02-27)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import raw_file
from tests.network.factory import case, company, party, run, txn
from tracewire.cli.main import app
from tracewire.model import Entity

runner = CliRunner()


def listed(target: str, date: str, authority: str = "European Union") -> Entity:
    e = Entity.make("Sanction", f"{target}-{date}", "test")
    e.add("entity", target)
    e.add("authority", authority)
    e.add("program", "Council Regulation (EU) No 269/2014, Annex I")
    e.add("provisions", "Asset freeze")
    e.add("listingDate", date)
    return e


def test_a_party_listed_after_the_invoice_is_not_blocked_for_it() -> None:
    ents = [company("l-v", "Vektor Trade House"), listed("l-v", "2024-12-16")]
    c = case(
        parties=[party("s", "Sino Parts Co., Ltd", country="cn"), party("v", "Vektor Trade House", country="ru")],  # fmt: skip
        transactions=[txn("early", date="2023-08-10", seller="s", buyer="v"),
                      txn("late", date="2025-01-20", seller="s", buyer="v")],
    )  # fmt: skip
    inv = run(c, ents)
    by_txn = {f.subject.id: f for f in inv.findings if f.kind == "role"}
    early, late = by_txn["early"], by_txn["late"]
    assert early.rule == "role.designated_later" and early.severity == "high"
    assert early.title == "Vektor Trade House designated 2024-12-16, after this invoice"
    assert early.data["designated_later"][0]["listing_date"] == "2024-12-16"
    assert late.rule == "role.designated_party" and late.severity == "blocked"
    verdicts = {v.subject.id: v for v in inv.transaction_verdicts}
    assert verdicts["early"].verdict == "high"
    assert verdicts["early"].wording == "designated after this deal (not retroactive)"
    assert verdicts["late"].verdict == "blocked"
    # the party is designated now, whatever the dates of its deals
    assert next(v for v in inv.party_verdicts if v.subject.id == "v").verdict == "blocked"


def test_only_the_listings_in_force_are_cited_for_a_deal() -> None:
    ents = [company("l-v", "Vektor Trade House"), listed("l-v", "2022-12-16"),
            listed("l-v", "2024-10-17", "US Office of Foreign Assets Control")]  # fmt: skip
    c = case(
        parties=[party("s", "Sino Parts Co., Ltd", country="cn"), party("v", "Vektor Trade House", country="ru")],  # fmt: skip
        transactions=[txn("t", date="2023-08-10", seller="s", buyer="v")],
    )  # fmt: skip
    [role] = [f for f in run(c, ents).findings if f.kind == "role"]
    assert role.severity == "blocked" and role.regimes == ["eu"]
    assert "O1" not in role.citations and "OFAC-SDN" not in role.citations  # OFAC came later
    assert [x["regime"] for x in role.data["designated_later"]] == ["ofac"]


def test_a_listing_month_that_holds_the_date_counts_as_in_force() -> None:
    ents = [company("l-v", "Vektor Trade House"), listed("l-v", "2023-12")]
    c = case(
        parties=[party("s", "Sino Parts Co., Ltd", country="cn"), party("v", "Vektor Trade House", country="ru")],  # fmt: skip
        transactions=[txn("t", date="2023-12-05", seller="s", buyer="v")],
    )  # fmt: skip
    [role] = [f for f in run(c, ents).findings if f.kind == "role"]
    assert role.severity == "blocked"


def _case(tmp_path: Path) -> Path:
    data: dict[str, Any] = {
        "id": "as-of", "fictional": True,
        "parties": [
            {"id": "seller", "name": "Caribbean Marine Supplies Ltd", "kind": "company", "country": "pa"},
            # listed by the UN on 8 Jul 2025: in the 2026 list, not in the 2022 one
            {"id": "gang", "name": "Gran Grif", "kind": "organization", "country": "ht"},
            # in the 2022 list, delisted by 2026
            {"id": "ajmi", "name": "Hajjaj bin Fahd al Ajmi", "kind": "person", "country": "kw"},
        ],
        "transactions": [
            {"id": "t-gang", "type": "invoice", "date": "2024-05-01", "parties": {"seller": "seller", "buyer": "gang"}},  # fmt: skip
            {"id": "t-ajmi", "type": "invoice", "date": "2022-11-03", "parties": {"seller": "seller", "buyer": "ajmi"}},  # fmt: skip
        ],
    }  # fmt: skip
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _investigate(path: Path, *args: str) -> dict[str, Any]:
    res = runner.invoke(app, ["investigate", str(path), "--json", "-", *args])
    assert res.exit_code == 0, res.output
    doc: dict[str, Any] = json.loads(res.stdout)
    return doc


@pytest.mark.slow
def test_investigate_as_of_uses_the_store_versions_of_that_date(home: Path, tmp_path: Path) -> None:
    old = raw_file("un_sc_consolidated_2022-09-15", "un.xml")
    new = raw_file("un_sc_consolidated_2026-02-27", "UN_consolidated.xml")
    for path in (old, new):
        res = runner.invoke(app, ["lists", "load", str(path)])
        assert res.exit_code == 0, res.output
    path = _case(tmp_path)

    def matched(doc: dict[str, Any]) -> set[str]:
        return {f["subject"]["id"] for f in doc["findings"] if f["rule"] == "screening.match"}

    def verdicts(doc: dict[str, Any]) -> dict[str, str]:
        return {v["subject"]["id"]: v["verdict"] for v in doc["verdicts"]["transactions"]}

    now = _investigate(path)
    assert now["lists"] == ["un_sc_sanctions v2"]
    assert matched(now) == {"gang"}
    # listed in 2025, after the 2024 invoice: relevant, but not blocked for that deal
    [later] = [f for f in now["findings"] if f["rule"] == "role.designated_later"]
    assert later["subject"]["id"] == "t-gang" and "designated 2025-07-08, after this invoice" in later["title"]  # fmt: skip
    assert verdicts(now) == {"t-gang": "high", "t-ajmi": "low"}

    then = _investigate(path, "--as-of", "2023-01-01")
    assert then["lists"] == ["un_sc_sanctions v1 (as of 2023-01-01)"]
    assert matched(then) == {"ajmi"}  # listed then, delisted since
    assert verdicts(then) == {"t-gang": "low", "t-ajmi": "blocked"}

    res = runner.invoke(app, ["investigate", str(path), "--as-of", "2020-01-01"])
    assert res.exit_code == 2 and "no loaded list has a version dated on or before 2020-01-01" in res.output  # fmt: skip
    res = runner.invoke(app, ["investigate", str(path), "--as-of", "yesterday"])
    assert res.exit_code == 2 and "--as-of: 'yesterday' is not a date" in res.output
    res = runner.invoke(
        app, ["investigate", str(path), "--as-of", "2023-01-01", "--list", str(old)]
    )
    assert res.exit_code == 2 and "--as-of screens the store's list versions" in res.output
