"""The flags of issue 14 §3 that today's rules missed: a third currency (CNY between
Russian and Chinese parties, a break from a party's 12-month currency history), a
recently incorporated firm, minority stakes near the threshold, goods that do not fit
their code, and shippers, notify parties and banks as parties."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.network.factory import case, company, line, owns, party, rules_hit, run, sanction, txn
from tracewire.errors import InputError
from tracewire.network.case import Role
from tracewire.network.case_load import CaseFormatError
from tracewire.network.redflags import RuleSet

GNSS = "8526.91.20"


def test_cny_between_russian_and_chinese_parties_from_2022_is_flagged() -> None:
    c = case(parties=[party("s", "Sino Parts Co., Ltd", country="cn"),
                      party("b", "Volga Components LLC", country="ru"),
                      party("de", "Nordhafen Teile GmbH", country="de")],
             transactions=[
        txn("cny-2023", "payment", "2023-06-01", payment={"currency": "CNY", "payer": "b", "payee": "s"}),
        txn("cny-2021", "payment", "2021-06-01", payment={"currency": "CNY", "payer": "b", "payee": "s"}),
        txn("usd-2023", "payment", "2023-06-01", payment={"currency": "USD", "payer": "b", "payee": "s"}),
        txn("cny-de", "payment", "2023-06-01", payment={"currency": "CNY", "payer": "de", "payee": "s"}),
    ])  # fmt: skip
    found = rules_hit(run(c), "R17-cny-russia-china")
    assert [f.subject.id for f in found] == ["cny-2023"]
    assert "G1" in found[0].citations
    # the rule's source is marked analytical, not official
    assert RuleSet.load().sources["G1"].kind == "analytical"
    assert RuleSet.load().sources["A7"].kind == "official"


def test_currency_outside_a_partys_12_month_history_is_flagged() -> None:
    history = [{"period": "2023-01", "hs_code": GNSS, "currency": "USD"},
               {"period": "2023-04", "hs_code": GNSS, "currency": "USD"},
               {"period": "2021-01", "hs_code": GNSS, "currency": "AED"}]  # fmt: skip
    c = case(parties=[party("s", "Sino Parts Co., Ltd", country="cn"),
                      party("k", "Ala-Too Trade", country="kg", history=history)],
             transactions=[
        txn("aed", "invoice", "2023-09-01", seller="s", buyer="k", goods=[line(GNSS, "GNSS", currency="AED")]),
        txn("usd", "invoice", "2023-09-01", seller="s", buyer="k", goods=[line(GNSS, "GNSS", currency="USD")]),
    ])  # fmt: skip
    [f] = rules_hit(run(c), "R17-fx-baseline")
    assert f.subject.id == "aed" and f.parties == ["k"] and f.data["baseline"] == ["USD"]


def test_recently_incorporated_party_of_any_role_in_a_russian_deal_is_flagged() -> None:
    c = case(parties=[
        party("ae", "Gulf Bridge FZE", country="ae", incorporation_date="2022-06"),
        party("ru", "Volga Components LLC", country="ru", incorporation_date="2005"),
        party("young", "Fresh Start GmbH", country="de", incorporation_date="2019-03-01"),
        party("old", "Alte Handel GmbH", country="de", incorporation_date="2010-01-01"),
        party("fr", "Nouvelle SARL", country="fr", incorporation_date="2023-01-01"),
        party("it", "Vecchia SpA", country="it", incorporation_date="1990"),
    ], transactions=[
        # a non-CHPL deal: R3-new-company (CHPL traders only) says nothing today
        txn("t1", "invoice", "2023-05-01", seller="ae", buyer="ru", goods=[line("6109.10", "T-shirts")]),
        # a new firm within 12 months of its first deal, selling controlled goods to Germany
        txn("t2", "invoice", "2019-09-01", seller="young", buyer="old",
            goods=[line("8479.89", "Machine", export_control="2B001")]),
        # a new firm in a plain EU deal without controlled goods: no flag
        txn("t3", "invoice", "2023-05-01", seller="fr", buyer="it", goods=[line("6109.10", "T-shirts")]),
    ])  # fmt: skip
    found = {f.subject.id: f for f in rules_hit(run(c), "R3-recent-company")}
    assert sorted(found) == ["ae", "young"]
    assert (
        found["ae"].data["reason"] == "after" and found["young"].data["reason"] == "within_months"
    )


def test_recent_company_months_are_settable(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yml"
    rules.write_text("format: tracewire-redflags/1\nrules:\n"
                     "  - {id: R3-recent-company, title: New firm, check: recent_company,\n"
                     "     params: {within_months: 3}, severity: high, sources: [A3]}\n")  # fmt: skip
    c = case(parties=[party("young", "Fresh Start GmbH", country="de", incorporation_date="2019-03-01"),
                      party("ru", "Volga Components LLC", country="ru")],
             transactions=[txn("t", "invoice", "2019-09-01", seller="young", buyer="ru")])  # fmt: skip
    assert rules_hit(run(c), "R3-recent-company")
    assert not rules_hit(run(c, rules=RuleSet.load([rules])), "R3-recent-company")


def _stake_case(stakes: list[tuple[str, str, str]]) -> tuple[object, list[object]]:
    ents = [company("l-a", "Argon Trading")]
    for eid, name, pct in stakes:
        ents += [company(eid, name), sanction(eid), owns(eid, "l-a", pct)]
    return case(parties=[party("a", "Argon Trading", country="ae")]), ents


def _ownership(c: object, ents: list[object], rules: RuleSet | None = None) -> object:
    [f] = [f for f in run(c, ents, rules=rules).findings if f.kind == "ownership"]  # type: ignore[arg-type]
    return f


def test_a_49_percent_ofac_stake_is_high_citing_ofac_guidance() -> None:
    f = _ownership(*_stake_case([("l-x", "Xenon Holding", "49")]))
    assert f.severity == "high" and "near the threshold" in f.title  # type: ignore[attr-defined]
    assert "O1" in f.citations  # type: ignore[attr-defined]
    assert (
        RuleSet.load().sources["O1"].url == "https://ofac.treasury.gov/media/6186/download?inline"
    )


def test_aggregated_minority_stakes_are_high_and_a_small_stake_stays_medium() -> None:
    agg = _ownership(
        *_stake_case([("l-x", "Xenon Holding", "15"), ("l-y", "Yttrium Holding", "15")])
    )
    assert agg.severity == "high" and "together" in agg.title  # type: ignore[attr-defined]
    small = _ownership(*_stake_case([("l-x", "Xenon Holding", "10")]))
    assert small.severity == "medium"  # type: ignore[attr-defined]


def test_minority_stake_severity_is_set_in_a_rules_file(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yml"
    rules.write_text(
        "format: tracewire-redflags/1\nownership: {near_threshold: medium, near_threshold_from: 45}\n"
    )
    c, ents = _stake_case([("l-x", "Xenon Holding", "49")])
    assert _ownership(c, ents, RuleSet.load([rules])).severity == "medium"  # type: ignore[attr-defined]
    loaded = RuleSet.load([rules]).ownership
    assert loaded.aggregated == "high" and loaded.near_threshold_from == 45
    bad = tmp_path / "bad.yml"
    bad.write_text("format: tracewire-redflags/1\nownership: {near_threshold: severe}\n")
    with pytest.raises(InputError, match="bad.yml"):
        RuleSet.load([bad])


REFRIGERATION = "8418.69.00.00"


def test_engine_parts_under_a_refrigeration_code_are_a_mismatch_despite_one_shared_word() -> None:
    c = case(parties=[party("s", "Sino Parts Co., Ltd", country="cn")], transactions=[
        txn("t", seller="s", goods=[
            line(REFRIGERATION, "Refrigeration unit: two-stroke engine, propeller flange"),
            line(REFRIGERATION, "Industrial refrigeration units"),
        ]),
    ])  # fmt: skip
    [f] = rules_hit(run(c), "R19-code-mismatch")
    assert f.subject.id == "t" and f.data["described"] == ["aircraft", "engines"]
    assert "Line 1 " in f.summary


def test_declared_as_and_technical_description_are_compared_and_each_checked() -> None:
    c = case(parties=[party("s", "Sino Parts Co., Ltd", country="cn")], transactions=[
        txn("hidden", seller="s", goods=[line(REFRIGERATION, "Cooling equipment",
            declared_as="Industrial refrigeration units",
            technical_description="Two-stroke piston engine, 2 cylinders, with propeller flange")]),
        txn("honest", seller="s", goods=[line(REFRIGERATION, "Cooling equipment",
            declared_as="Industrial refrigeration units",
            technical_description="Refrigeration unit with freezer compartment")]),
    ])  # fmt: skip
    inv = run(c)
    [found] = rules_hit(inv, "R19-declared-vs-found")
    assert found.subject.id == "hidden" and found.data["found"] == ["aircraft", "engines"]
    [code] = rules_hit(inv, "R19-code-mismatch")
    assert code.subject.id == "hidden" and code.data["fields"] == ["technical_description"]
    assert any(s.ref.endswith(".technical_description") for e in code.evidence for s in e.sources)


def test_a_sanctioned_bank_with_a_bic_is_screened_like_any_party() -> None:
    ents = [company("l-bank", "Oblast Settlement Bank", swiftBic="OSBKRUMM", country="ru"),
            sanction("l-bank")]  # fmt: skip
    c = case(
        parties=[party("s", "Sino Parts Co., Ltd", country="cn"),
                 party("b", "Volga Components LLC", country="ru"),
                 party("bank", "Oblast Settlement Bank", bic="OSBK RU MM")],
        transactions=[txn("pay", "payment", "2024-03-01",
                          payment={"currency": "CNY", "payer": "b", "payee": "s", "bank": "bank"})],
    )  # fmt: skip
    assert c.parties[2].country == "ru" and c.parties[2].bic == "OSBKRUMM"
    inv = run(c, ents)
    assert any(f.kind == "screening" and f.subject.id == "bank" and f.severity == "blocked" for f in inv.findings)  # fmt: skip
    [role] = [f for f in inv.findings if f.kind == "role" and f.subject.id == "pay"]
    assert role.severity == "blocked" and "bank" in role.title
    assert next(v for v in inv.transaction_verdicts if v.subject.id == "pay").verdict == "blocked"


def test_shipper_and_notify_party_are_roles_of_a_deal() -> None:
    ents = [company("l-ship", "Amur Cargo Lines"), sanction("l-ship")]
    c = case(
        parties=[party("s", "Sino Parts Co., Ltd", country="cn"),
                 party("sh", "Amur Cargo Lines", country="ru"),
                 party("np", "Irtysh Notify LLC", country="kz")],
        transactions=[{"id": "bl", "type": "shipment", "date": "2024-03-01",
                       "parties": {"seller": "s", "shipper": "sh", "notify_party": "np"}}],
    )  # fmt: skip
    assert c.transactions[0].in_role(Role.shipper, Role.notify_party) == ["sh", "np"]
    inv = run(c, ents)
    [role] = [f for f in inv.findings if f.kind == "role" and f.subject.id == "bl"]
    assert role.severity == "blocked" and "shipper" in role.title and role.parties == ["sh"]


def test_a_bad_bic_is_reported_with_its_path() -> None:
    with pytest.raises(CaseFormatError, match=r"parties\[0\]\.bic: .*is not a BIC"):
        case(parties=[party("bank", "Some Bank", bic="NOTABIC")])
