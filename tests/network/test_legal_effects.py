"""Verdicts per legal effect: only an asset freeze blocks, the ownership and control rules
extend asset freezes only, an export restriction weighs on the deals that send controlled
goods to the party, and each finding cites the legal basis of its own listings."""

from __future__ import annotations

from typing import Any

from tests.network.factory import case, company, line, party, run, txn
from tracewire.model import Entity
from tracewire.network.findings import Finding
from tracewire.network.investigate import Investigation

EU = "European Union"


def sanction(target: str, authority: str = "US Office of Foreign Assets Control",
             program_id: str = "RUSSIA-EO14024", **props: str) -> Entity:  # fmt: skip
    e = Entity.make("Sanction", f"{target}-{program_id}-{len(props)}-{authority[:4]}", "test")
    e.add("entity", target)
    e.add("authority", authority)
    e.add("programId", program_id)
    for k, v in props.items():
        e.add(k, v)
    return e


EU_833_IV = {"program": "Council Regulation (EU) No 833/2014, Annex IV", "provisions": "Export control"}  # fmt: skip
EU_269_I = {"program": "Council Regulation (EU) No 269/2014, Annex I", "provisions": "Asset freeze"}  # fmt: skip


def screened(inv: Investigation, pid: str) -> list[Finding]:
    return [f for f in inv.findings if f.kind == "screening" and f.subject.id == pid]


def verdict(inv: Investigation, pid: str) -> Any:
    return next(v for v in inv.party_verdicts + inv.transaction_verdicts if v.subject.id == pid)


def test_eu_833_annex_iv_alone_is_an_export_restriction_not_blocked() -> None:
    ents = [company("l-k", "Izhevsk Kupolmash Zavod"), sanction("l-k", EU, "EU-RUS", **EU_833_IV)]
    c = case(parties=[party("k", "Izhevsk Kupolmash Zavod", country="ru")])
    inv = run(c, ents)
    [f] = screened(inv, "k")
    assert f.effect == "export_restriction" and f.severity == "high"
    assert "licence required / export prohibited" in f.title
    assert f.citations == ["EU-833-IV"]  # the regulation, not OFAC's 50 % guidance
    v = verdict(inv, "k")
    assert v.verdict == "high" and v.wording == "licence required / export prohibited"
    assert v.effects == ["export_restriction"] and v.basis[0].citations == ["EU-833-IV"]


def test_a_party_frozen_and_export_restricted_gets_one_finding_per_effect() -> None:
    ents = [company("l-k", "Izhevsk Kupolmash Zavod"),
            sanction("l-k", EU, "EU-UKR", **EU_269_I), sanction("l-k", EU, "EU-RUS", **EU_833_IV)]  # fmt: skip
    inv = run(case(parties=[party("k", "Izhevsk Kupolmash Zavod")]), ents)
    found = {f.effect: f for f in screened(inv, "k")}
    assert found["asset_freeze"].severity == "blocked"
    assert found["asset_freeze"].citations == ["EU-269"]  # no O1: not an OFAC listing
    assert found["export_restriction"].citations == ["EU-833-IV"]
    v = verdict(inv, "k")
    assert v.verdict == "blocked" and v.wording == "blocked"
    assert v.effects == ["asset_freeze", "export_restriction"]
    assert [b.wording for b in v.basis] == ["blocked", "licence required / export prohibited"]


def test_ofac_50_percent_guidance_is_cited_on_ofac_asset_freezes_only() -> None:
    ents = [company("l-o", "Volgograd Turbine Holding"), sanction("l-o")]
    [f] = screened(run(case(parties=[party("o", "Volgograd Turbine Holding")]), ents), "o")
    assert f.effect == "asset_freeze" and f.citations == ["OFAC-SDN", "O1"]


def test_ownership_rules_extend_asset_freezes_only() -> None:
    ents = [company("l-x", "Xenon Arms Plant"), sanction("l-x", EU, "EU-RUS", **EU_833_IV),
            company("l-y", "Yarovit Holding"), sanction("l-y", EU, "EU-UKR", **EU_269_I)]  # fmt: skip
    c = case(
        parties=[party("a", "Alder Trading Ltd"), party("b", "Birch Trading Ltd")],
        company_records=[
            {
                "id": "r1",
                "party": "a",
                "source": "registry",
                "owners": [{"name": "Xenon Arms Plant", "percentage": 60}],
            },  # fmt: skip
            {
                "id": "r2",
                "party": "b",
                "source": "registry",
                "owners": [{"name": "Yarovit Holding", "percentage": 60}],
            },  # fmt: skip
        ],
    )
    inv = run(c, ents)
    owned = {f.subject.id: f for f in inv.findings if f.kind == "ownership"}
    assert "a" not in owned  # an export-restricted owner freezes nothing
    assert owned["b"].severity == "blocked" and owned["b"].regimes == ["eu"]
    assert owned["b"].citations == ["EU1"]  # the EU test only; OFAC and UK found nothing
    assert verdict(inv, "a").verdict != "blocked"


def test_control_by_an_export_restricted_director_is_not_a_freeze() -> None:
    ents = [company("l-x", "Xenon Arms Plant"), sanction("l-x", EU, "EU-RUS", **EU_833_IV)]
    c = case(
        parties=[party("a", "Alder Trading Ltd")],
        company_records=[{"id": "r1", "party": "a", "source": "registry",
                          "directors": [{"name": "Xenon Arms Plant", "role": "director"}]}],
    )  # fmt: skip
    assert not [f for f in run(c, ents).findings if f.kind == "control"]


def _deal(goods: list[dict[str, Any]], role: str = "buyer") -> Investigation:
    ents = [company("l-x", "Xenon Arms Plant"), sanction("l-x", EU, "EU-RUS", **EU_833_IV)]
    roles = {"seller": "s", "buyer": "b"}
    roles[role] = "x"
    c = case(
        parties=[party("s", "Sino Parts Co., Ltd", country="cn"),
                 party("b", "Volga Supply LLC", country="ru"), party("x", "Xenon Arms Plant", country="ru")],
        transactions=[txn("t1", goods=goods, **roles)],
    )  # fmt: skip
    return run(c, ents)


def test_controlled_goods_to_an_export_restricted_party_are_high() -> None:
    inv = _deal([line("8526.91.20", "GNSS modules")])  # CHPL tier 2
    [f] = [f for f in inv.findings if f.rule == "role.export_restriction"]
    assert f.severity == "high" and f.effect == "export_restriction"
    assert "licence required / export prohibited" in f.title
    assert f.data["controlled_goods"][0]["why"] == "CHPL tier 2 (HS 852691)"
    assert f.citations == ["EU-833-IV"]
    v = verdict(inv, "t1")
    assert v.verdict == "high" and v.wording == "licence required / export prohibited"


def test_a_declared_control_classification_counts_as_controlled() -> None:
    inv = _deal([line("8409.10", "engine parts", export_control="9A610")])
    [f] = [f for f in inv.findings if f.rule == "role.export_restriction"]
    assert f.severity == "high"
    assert f.data["controlled_goods"][0]["why"] == "declared export-control classification 9A610"


def test_uncontrolled_goods_to_an_export_restricted_party_are_medium() -> None:
    inv = _deal([line("0901.21", "roasted coffee", export_control="EAR99")])
    [f] = [f for f in inv.findings if f.rule == "role.export_restriction"]
    assert f.severity == "medium" and not f.data["controlled_goods"]


def test_an_export_restricted_seller_is_low() -> None:
    inv = _deal([line("8526.91.20", "GNSS modules")], role="seller")
    [f] = [f for f in inv.findings if f.rule == "role.export_restriction"]
    assert f.severity == "low" and f.data["role"] == "seller"


def test_sectoral_and_procurement_listings_are_not_blocked() -> None:
    ents = [
        company("l-s", "Sovkom Capital Bank"),
        sanction(
            "l-s", program_id="UKRAINE-EO13662", provisions="Non-SDN (Consolidated Sanctions List)"
        ),
        company("l-d", "Hangzhou Zhiyuan Avionics"),
        sanction("l-d", "US Department of Defense", "US-DOD-1260H", program="Section 1260H"),
    ]
    c = case(
        parties=[party("s", "Sovkom Capital Bank"), party("d", "Hangzhou Zhiyuan Avionics", country="cn"),
                 party("b", "Alder Trading Ltd")],
        transactions=[txn("t1", seller="d", buyer="b", payer="s")],
    )  # fmt: skip
    inv = run(c, ents)
    [s], [d] = screened(inv, "s"), screened(inv, "d")
    assert (s.effect, s.severity, s.citations) == ("sectoral", "medium", ["OFAC-NONSDN"])
    assert "restricted dealings" in s.title
    assert (d.effect, d.severity, d.citations) == ("listing_only", "medium", ["DOD-1260H"])
    assert "procurement / reputational" in d.title
    assert verdict(inv, "s").wording == "restricted dealings"
    assert verdict(inv, "d").wording == "procurement / reputational"
    t = verdict(inv, "t1")
    assert t.verdict == "medium" and set(t.effects) == {"sectoral", "listing_only"}
    assert not [f for f in inv.findings if f.severity == "blocked"]


def test_a_party_of_a_plain_blocklist_takes_the_fallback_effect() -> None:
    inv = run(case(parties=[party("a", "Tarragon Defence Works")]), [company("l-t", "Tarragon Defence Works")])  # fmt: skip
    [f] = screened(inv, "a")
    assert f.effect == "listing_only" and f.severity == "medium"
