"""End to end: ``tracewire investigate`` on the fictional Garpiya case, against the real
designations of the embedded sample list loaded into the test's store, finds every
pattern the case was built around and blocks every transaction."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tracewire.cli.demo import sample_path
from tracewire.cli.main import app
from tracewire.report.findings_json import FindingsDocument

runner = CliRunner()
CASE = Path(__file__).resolve().parents[2] / "examples" / "garpiya" / "case.json"


@pytest.fixture
def report(home: Path, tmp_path: Path) -> tuple[dict[str, Any], str]:
    res = runner.invoke(app, ["lists", "load", str(sample_path()), "--dataset", "tracewire_sample"])
    assert res.exit_code == 0, res.output
    out_json, out_html = tmp_path / "findings.json", tmp_path / "report.html"
    res = runner.invoke(app, ["investigate", str(CASE), "-o", str(out_html), "--json", str(out_json)])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "blocked" in res.stdout
    return json.loads(out_json.read_text(encoding="utf-8")), out_html.read_text(encoding="utf-8")


def by_rule(doc: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in doc["findings"] if f["rule"] == rule]


def test_every_expected_finding(report: tuple[dict[str, Any], str]) -> None:
    doc, _html = report
    assert doc["case"]["fictional"] is True and doc["lists"] == ["tracewire_sample v1"]

    # the blocked end user behind the intermediary
    behind = by_rule(doc, "role.behind_intermediary")
    assert {f["subject"]["id"] for f in behind} == {"CT-2023-071", "INV-2023-0398", "INV-2023-0412", "INV-2023-0455"}  # fmt: skip
    assert all(f["parties"] == ["p-kupol"] and f["data"]["through"] == ["p-tsk"] for f in behind)
    assert all(f["severity"] == "blocked" for f in behind)

    # the intermediary's own designation (and the end user's), with the listings as
    # evidence: one finding per legal effect, each citing its own legal basis
    screened = {(f["subject"]["id"], f["effect"]): f for f in by_rule(doc, "screening.match")}
    tsk = screened["p-tsk", "asset_freeze"]
    assert tsk["severity"] == "blocked" and tsk["regimes"] == ["eu", "ofac", "uk"]
    assert tsk["data"]["matches"][0]["id"] == "tw-sample-tsk-vektor"
    listed = [s for e in tsk["evidence"] for s in e["sources"] if s["kind"] == "list"]
    assert {"46441", "RUS2262"} <= {s.get("source_id") for s in listed}
    assert set(tsk["citations"]) == {"OFAC-SDN", "EU-269", "UK-FREEZE", "O1"}
    assert screened["p-kupol", "asset_freeze"]["regimes"] == ["eu", "ofac"]  # not on the UK list
    # EU 833/2014 Annex IV: an export restriction, not a freeze, with its own basis
    annex_iv = screened["p-kupol", "export_restriction"]
    assert annex_iv["severity"] == "high" and annex_iv["regimes"] == ["eu"]
    assert annex_iv["citations"] == ["EU-833-IV"]
    assert {s.get("source_id") for e in annex_iv["evidence"] for s in e["sources"]} >= {"32014R0833/IV/516"}  # fmt: skip

    # the supplier sharing a building with a designated firm
    [building] = by_rule(doc, "R7-listed-address")
    assert building["subject"]["id"] == "p-qiyue" and building["data"]["kinds"] == ["same_building"]
    assert "tw-sample-redlepus-tsk-vektor" in building["data"]["listed"]

    # the supplier incorporated in 2023
    [young] = by_rule(doc, "R3-new-company")
    assert young["subject"]["id"] == "p-yuanfeng" and young["data"]["incorporation_date"] == "2023-04-11"  # fmt: skip

    # CHPL goods: parts of unmanned aircraft and GNSS modules, bound for Russia
    chpl = by_rule(doc, "CHPL-to-russia-belarus")
    codes = {line["hs6"] for f in chpl for line in f["data"]["lines"]}
    assert codes == {"880730", "852691"}
    assert all(f["severity"] == "high" for f in chpl)

    # the mis-declared goods: engines in the contract, refrigeration units on the waybill
    [mis] = by_rule(doc, "R19-document-mismatch")
    assert mis["data"]["item"] == "ENG-1" and mis["data"]["headings"] == ["8407", "8418"]
    assert set(mis["transactions"]) == {"CT-2023-071", "SH-2023-118"}

    # the CNY payment by a third party, and CNY between two Russian firms
    [payer] = by_rule(doc, "R2-third-party-payer-hub")
    assert payer["subject"]["id"] == "PAY-2023-0907" and payer["parties"] == ["p-harbourmist"]
    [cny] = by_rule(doc, "R17-currency-mismatch")
    assert cny["subject"]["id"] == "INV-2024-0031" and cny["data"]["currency"] == "CNY"

    # the payer is owned 55 % by designated persons: blocked by OFAC and the EU, not the UK
    [owned] = by_rule(doc, "ownership")
    assert owned["subject"]["id"] == "p-harbourmist" and owned["regimes"] == ["ofac", "eu"]
    assert owned["data"]["ofac"]["total"] == 55 and owned["data"]["uk"]["status"] == "minority"

    # a network path from the young supplier to the intermediary, every hop a case record
    [net] = by_rule(doc, "network.paths")
    assert net["subject"]["id"] == "p-yuanfeng" and net["data"]["paths"][0]["hops"] == 3
    assert [k for _a, k, _b in net["data"]["paths"][0]["edges"]] == ["ownership", "directorship", "ownership"]  # fmt: skip
    hops = [s["ref"] for s in net["evidence"][0]["sources"]]
    assert hops == ["company_records[2].owners[0]", "company_records[1].directors[0]", "company_records[1].owners[0]"]  # fmt: skip

    # the residential address, the last-minute consignee change, the forwarder consignee
    assert by_rule(doc, "R6-residential-address")[0]["subject"]["id"] == "p-tsk"
    assert by_rule(doc, "R12-late-change")[0]["subject"]["id"] == "SH-2023-118"
    assert by_rule(doc, "R5-logistics-consignee")[0]["parties"] == ["p-sibtrans"]


def test_verdicts(report: tuple[dict[str, Any], str]) -> None:
    doc, _html = report
    txns = {v["subject"]["id"]: v["verdict"] for v in doc["verdicts"]["transactions"]}
    assert set(txns.values()) == {"blocked"} and len(txns) == 7
    parties = {v["subject"]["id"]: v["verdict"] for v in doc["verdicts"]["parties"]}
    assert parties == {
        "p-kupol": "blocked", "p-tsk": "blocked", "p-harbourmist": "blocked",
        "p-qiyue": "high", "p-yuanfeng": "high", "p-sibtrans": "medium",
    }  # fmt: skip
    ids = {f["id"] for f in doc["findings"]}
    for v in doc["verdicts"]["parties"] + doc["verdicts"]["transactions"]:
        assert v["findings"] and set(v["findings"]) <= ids
        # every verdict states its legal basis: the wording and the documents it rests on
        assert v["basis"] and v["wording"] == v["basis"][0]["wording"], v["subject"]
        assert v["basis"][0]["severity"] == v["verdict"] and v["basis"][0]["citations"]
        assert all(k in doc["citations"] for b in v["basis"] for k in b["citations"])
    by_subject = {v["subject"]["id"]: v for v in doc["verdicts"]["parties"] + doc["verdicts"]["transactions"]}  # fmt: skip
    kupol = by_subject["p-kupol"]
    assert kupol["wording"] == "blocked" and kupol["effects"] == ["asset_freeze", "export_restriction"]  # fmt: skip
    assert [b["wording"] for b in kupol["basis"]][:2] == ["blocked", "licence required / export prohibited"]  # fmt: skip
    assert kupol["basis"][1]["citations"] == ["EU-833-IV"]
    # the payer is blocked by ownership: the OFAC and EU rules, not the UK's
    harbourmist = by_subject["p-harbourmist"]["basis"][0]
    assert harbourmist["effect"] == "asset_freeze" and "UK1" not in harbourmist["citations"]
    assert {"O1", "EU1"} <= set(harbourmist["citations"])
    # the young supplier: red flags, guidance and not a prohibition
    assert by_subject["p-yuanfeng"]["wording"].startswith("red flags") and not by_subject["p-yuanfeng"]["effects"]  # fmt: skip
    # OFAC's 50 % guidance only where an OFAC asset freeze is concerned
    for f in doc["findings"]:
        if "O1" in f["citations"]:
            assert f["effect"] == "asset_freeze" and "ofac" in f["regimes"], f["id"]


def test_findings_file_follows_its_schema(report: tuple[dict[str, Any], str]) -> None:
    doc, _html = report
    FindingsDocument.model_validate(doc)  # extra="forbid": nothing undocumented
    assert all(k in doc["citations"] for f in doc["findings"] for k in f["citations"])
    for f in doc["findings"]:
        assert f["evidence"], f["rule"]


def test_html_report_is_self_contained(report: tuple[dict[str, Any], str]) -> None:
    _doc, html = report
    assert "Fictional case" in html and "<svg" in html and "designated EU/OFAC/UK" in html
    assert "<script" not in html and "<link" not in html
    assert not re.search(r'\ssrc="', html)  # no images or other assets to fetch
    assert "Designated end user behind an intermediary" in html
    # the legal basis of the verdicts, with the primary documents
    assert "licence required / export prohibited" in html and "Council Regulation (EU) No 833/2014" in html  # fmt: skip
    assert "@media print" in html


def test_list_checks_and_missing_case(home: Path) -> None:
    res = runner.invoke(app, ["investigate", "--list-checks"])
    assert res.exit_code == 0 and "route_via" in res.stdout
    res = runner.invoke(app, ["investigate", "nowhere.json"])
    assert res.exit_code == 2 and "no such case file" in res.output
