"""Each red-flag rule fires on its pattern and stays quiet on the plain case next to it;
rules are data that a user file can extend, replace or switch off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.network.factory import case, company, line, party, rules_hit, run, sanction, txn
from tracewire.errors import InputError
from tracewire.network.checks import CHECKS
from tracewire.network.redflags import RuleSet, describe_checks
from tracewire.network.reference import reference

GNSS = "8526.91.20"


def parties(**extra: dict[str, object]) -> list[dict[str, object]]:
    base = {
        "s": party("s", "Sino Parts Co., Ltd", country="cn"),
        "b": party("b", "Volga Components LLC", country="ru"),
        "e": party("e", "Ural Instruments JSC", country="ru"),
        "de": party("de", "Nordhafen Teile GmbH", country="de"),
    }
    for pid, fields in extra.items():
        base[pid] = party(pid, str(fields.pop("name", pid)), **fields)
    return list(base.values())


def test_every_rule_cites_known_guidance() -> None:
    ruleset = RuleSet.load()
    known = reference().sources
    assert len(ruleset.rules) >= 15
    for loaded in ruleset.rules:
        assert loaded.rule.sources and all(k in known for k in loaded.rule.sources), loaded.rule.id
        assert loaded.rule.check in CHECKS
    flags = {r.rule.flag for r in ruleset.rules}
    assert {"R1", "R2", "R3", "R5", "R6", "R7", "R10", "R12", "R17", "R19", "CHPL"} <= flags


def test_r1_transshipment() -> None:
    c = case(parties=parties(), transactions=[
        txn("via", seller="s", buyer="b", route={"origin": "cn", "transit": ["kz"], "destination": "ru"}),
        txn("direct", seller="s", buyer="de", route={"origin": "cn", "transit": ["kz"], "destination": "de"}),
    ])  # fmt: skip
    [f] = rules_hit(run(c), "R1-transshipment")
    assert f.transactions == ["via"] and f.severity == "high" and f.citations == ["A1", "A5", "A6"]
    assert f.data["via"] == ["kz"]


def test_r2_third_party_payer() -> None:
    c = case(parties=parties(p={"name": "Pearl Link Ltd", "country": "hk"}, q={"name": "Q GmbH", "country": "de"}), transactions=[
        txn("inv", seller="s", buyer="b", goods=[line(GNSS, "GNSS modules")]),
        txn("pay1", "payment", related=["inv"], payment={"currency": "CNY", "payer": "p", "payee": "s"}),
        txn("pay2", "payment", related=["inv"], payment={"currency": "EUR", "payer": "q", "payee": "s"}),
        txn("pay3", "payment", related=["inv"], payment={"currency": "CNY", "payer": "b", "payee": "s"}),
    ])  # fmt: skip
    inv = run(c)
    hub = rules_hit(inv, "R2-third-party-payer-hub")
    plain = rules_hit(inv, "R2-third-party-payer")
    assert [f.subject.id for f in hub] == ["pay1"] and hub[0].parties == ["p"]
    assert [f.subject.id for f in plain] == ["pay2"]  # pay1's plain hit is superseded


def test_r3_new_company_outside_gecc_trading_chpl() -> None:
    c = case(parties=parties(
        n={"name": "New Star Trading", "country": "kg", "incorporation_date": "2023-03"},
        old={"name": "Old Star Trading", "country": "kg", "incorporation_date": "2021-05-01"},
        eu={"name": "Neue Handel GmbH", "country": "de", "incorporation_date": "2023-01-01"},
        y={"name": "Vague Year LLC", "country": "kg", "incorporation_date": "2022"},
    ), transactions=[
        txn(f"t-{pid}", seller=pid, buyer="b", goods=[line("8542.31.00", "Microcontrollers")])
        for pid in ("n", "old", "eu", "y")
    ] + [txn("no-chpl", seller="n", buyer="b", goods=[line("6109.10", "T-shirts")])])  # fmt: skip
    [f] = rules_hit(run(c), "R3-new-company")
    assert f.subject.id == "n" and f.transactions == ["t-n"] and f.data["hs6"] == ["854231"]


def test_r5_forwarder_as_consignee() -> None:
    c = case(parties=parties(f={"name": "Irkut Freight Forwarding LLC", "country": "ru"},
                             x={"name": "Kedr LLC", "country": "ru"}),
             transactions=[txn("t1", "shipment", seller="s", consignee="f"),
                           txn("t2", "shipment", seller="s", consignee="x", freight_forwarder="x"),
                           txn("t3", "shipment", seller="s", consignee="b")])  # fmt: skip
    found = rules_hit(run(c), "R5-logistics-consignee")
    assert sorted(f.subject.id for f in found) == ["t1", "t2"]
    assert "'Freight'" in next(f.summary for f in found if f.subject.id == "t1")


def test_r6_residential_and_shared_addresses() -> None:
    c = case(parties=parties(
        flat={"name": "Flatco LLC", "country": "ru", "address": "Irkutsk, ul. Lenina, d. 5, kv. 12"},
        one={"name": "Alpha Trading", "country": "ae", "address": "Office 1203, Al Nahda Tower 4, 27 Al Nahda Street, Dubai"},
        two={"name": "Beta Trading", "country": "ae", "address": "Office 1207, Al Nahda Tower 4, 27 Al Nahda Street, Dubai"},
    ))  # fmt: skip
    inv = run(c)
    [res] = rules_hit(inv, "R6-residential-address")
    assert res.subject.id == "flat" and res.data["matched"] == "kv. 12"
    shared = rules_hit(inv, "R6-shared-address")
    assert sorted(f.subject.id for f in shared) == ["one", "two"]


def test_r7_address_and_phone_of_a_listed_party() -> None:
    listed = company("l-red", "Redstone Industrial Co., Ltd",
                     address="Unit 5, Hengfeng Building, 88 Jinhui Road, Xiqu, Zhongshan", phone="+86 760 8812 3456")  # fmt: skip
    c = case(parties=parties(
        near={"name": "Greenfield Supply Co., Ltd", "country": "cn", "address": "Unit 9, Hengfeng Bldg, 88 Jinhui Rd, Xiqu, Zhongshan"},
        tel={"name": "Bluefield Supply Co., Ltd", "country": "cn", "phone": "+86 (760) 8812-3456"},
    ))  # fmt: skip
    found = rules_hit(run(c, [listed, sanction("l-red")]), "R7-listed-address")
    assert {f.subject.id: f.data["kinds"] for f in found} == {
        "near": ["same_building"],
        "tel": ["same_phone"],
    }
    sources = [s for e in found[0].evidence for s in e.sources]
    assert {s.kind for s in sources} == {"case", "list"}
    # the same address is no red flag for a party that is not listed
    assert not rules_hit(run(c, [listed]), "R7-listed-address")


def test_r10_overpayment() -> None:
    goods = [(420, "t1"), (460, "t2"), (1850, "t3"), (480, "t4")]
    c = case(parties=parties(), transactions=[
        txn(tid, seller="s", buyer="b", goods=[line(GNSS, "GNSS modules", unit_price=p, currency="CNY", unit="pcs")])
        for p, tid in goods
    ] + [txn("usd", seller="s", buyer="b", goods=[line(GNSS, "GNSS modules", unit_price=5000, currency="USD")])])  # fmt: skip
    [f] = rules_hit(run(c), "R10-overpayment")
    assert f.subject.id == "t3" and f.data["median"] == 460 and f.data["peers"] == 3


def test_r12_late_changes() -> None:
    c = case(parties=parties(), transactions=[
        txn("late", "shipment", "2024-05-10", seller="s", consignee="b",
            amendments=[{"date": "2024-05-08", "field": "consignee", "old": "Ural Instruments JSC", "new": "Volga Components LLC"}]),
        txn("early", "shipment", "2024-05-10", seller="s", consignee="b",
            amendments=[{"date": "2024-03-01", "field": "consignee", "old": "X", "new": "Y"}]),
        txn("rerouted", "shipment", "2024-05-10", seller="s", consignee="b",
            amendments=[{"date": "2024-01-01", "field": "destination", "old": "Russia", "new": "Kazakhstan"}]),
    ])  # fmt: skip
    inv = run(c)
    assert [f.subject.id for f in rules_hit(inv, "R12-late-change")] == ["late"]
    assert [f.subject.id for f in rules_hit(inv, "R12-rerouted-from-russia")] == ["rerouted"]


def test_payment_currency_inconsistent_with_the_parties() -> None:
    c = case(parties=parties(kg={"name": "Ala-Too Trade", "country": "kg"}), transactions=[
        txn("ru-ru", seller="b", buyer="e", goods=[line(GNSS, "GNSS", currency="CNY")]),
        txn("ru-cn", "payment", payment={"currency": "CNY", "payer": "b", "payee": "s"}),
        txn("ru-kg", "payment", payment={"currency": "CNY", "payer": "b", "payee": "kg"}),
        txn("usd", "payment", payment={"currency": "USD", "payer": "b", "payee": "kg"}),
    ])  # fmt: skip
    found = rules_hit(run(c), "R17-currency-mismatch")
    assert sorted(f.subject.id for f in found) == ["ru-kg", "ru-ru"]
    assert set(found[0].citations) == {"A7", "E1"}


def test_chpl_goods_by_destination_and_tier() -> None:
    c = case(parties=parties(), transactions=[
        txn("to-ru", seller="s", buyer="b", goods=[line("8807.30.00.00", "Parts of unmanned aircraft")],
            route={"destination": "ru"}),
        txn("to-de", seller="s", buyer="de", goods=[line("854231", "MCUs"), line("848210", "Ball bearings")]),
        txn("t3", seller="s", buyer="de", goods=[line("848210", "Ball bearings")]),
    ])  # fmt: skip
    inv = run(c)
    assert [f.subject.id for f in rules_hit(inv, "CHPL-to-russia-belarus")] == ["to-ru"]
    assert [f.subject.id for f in rules_hit(inv, "CHPL-tier-1-2")] == ["to-de"]
    assert [f.subject.id for f in rules_hit(inv, "CHPL-tier-3-4")] == ["t3", "to-de"]


def test_r19_misdescribed_goods() -> None:
    c = case(parties=parties(), transactions=[
        txn("c", "contract", seller="s", buyer="b", goods=[line("8407.10", "Aircraft piston engines", item="E")]),
        txn("sh", "shipment", seller="s", consignee="b", related=["c"],
            goods=[line("8418.69", "Industrial refrigeration units", item="E"),
                   line("8418.69", "GNSS receiver modules")]),
    ])  # fmt: skip
    inv = run(c)
    [doc] = rules_hit(inv, "R19-document-mismatch")
    assert doc.subject.id == "sh" and doc.transactions == ["c", "sh"] and doc.parties == ["s"]
    [code] = rules_hit(inv, "R19-code-mismatch")
    assert code.data["described"] == ["navigation"] and code.data["coded"] == ["refrigeration"]


def test_r8_free_mail_and_phone_of_another_country() -> None:
    c = case(parties=parties(
        fm={"name": "Orion Parts LLC", "country": "kg", "email": "orion.parts@gmail.com"},
        own={"name": "Orion Trade LLC", "country": "kg", "email": "sales@orion-trade.kg"},
        who={"name": "Ivan Petrov", "kind": "person", "country": "ru", "email": "ivan.petrov@gmail.com"},
        ph={"name": "Pamir Supply LLC", "country": "kg", "phone": "+7 495 123 45 67"},
        home={"name": "Tian Shan LLC", "country": "kg", "phone": "+996 312 123 456"},
    ))  # fmt: skip
    inv = run(c)
    assert [f.subject.id for f in rules_hit(inv, "R8-free-mail")] == ["fm"]  # not a person
    [ph] = rules_hit(inv, "R8-phone-country")
    assert ph.subject.id == "ph" and "RU" in ph.summary and ph.severity == "low"


def test_r8_consignee_phone_of_another_country_than_the_destination() -> None:
    # Garpiya-like: goods bound for Kyrgyzstan, the consignee's phone is Russian (+7 495)
    c = case(parties=parties(
        kg={"name": "Pamir Supply LLC", "country": "kg", "phone": "+7 495 123 45 67"},
        nocountry={"name": "Alatoo Trade", "phone": "+7 495 765 43 21"},
        local={"name": "Tian Shan LLC", "country": "kg", "phone": "+996 312 123 456"},
        abroad={"name": "Gulf Links FZE", "country": "ae", "phone": "+971 4 123 4567"},
    ), transactions=[
        txn("t1", seller="s", buyer="abroad", consignee="kg", route={"destination": "kg"}),
        txn("t2", seller="s", buyer="b", consignee="nocountry", route={"destination": "kg"}),
        txn("t3", seller="s", buyer="b", consignee="local", route={"destination": "kg"}),
        txn("t4", seller="s", buyer="b", consignee="kg", route={"destination": "kg"}),
    ])  # fmt: skip
    inv = run(c)
    hits = rules_hit(inv, "R8-phone-destination")
    assert sorted(f.subject.id for f in hits) == ["kg", "nocountry"]
    kg = next(f for f in hits if f.subject.id == "kg")
    assert kg.transactions == ["t1", "t4"] and "KG" in kg.summary and "RU" in kg.summary
    # the finding about the goods' destination stands in for the plainer one on the same
    # party; a buyer abroad with its own country's phone is not flagged
    assert [f.subject.id for f in rules_hit(inv, "R8-phone-country")] == []


def test_r10_cash_for_chpl_goods() -> None:
    c = case(parties=parties(), transactions=[
        txn("cash", seller="s", buyer="b", goods=[line(GNSS, "GNSS modules")],
            payment={"currency": "USD", "method": "Cash", "payer": "b"}),
        txn("wire", seller="s", buyer="b", goods=[line(GNSS, "GNSS modules")],
            payment={"currency": "USD", "method": "wire", "payer": "b"}),
        txn("shirts", seller="s", buyer="b", goods=[line("6109.10", "T-shirts")],
            payment={"currency": "USD", "method": "cash", "payer": "b"}),
    ])  # fmt: skip
    assert [f.subject.id for f in rules_hit(run(c), "R10-cash")] == ["cash"]


def test_r11_one_payer_many_chpl_suppliers() -> None:
    sellers = {f"s{i}": {"name": f"Supplier {i} Co., Ltd", "country": "cn"} for i in range(4)}
    deals = []
    for i in range(3):
        deals += [txn(f"inv{i}", seller=f"s{i}", buyer="b", goods=[line(GNSS, "GNSS modules")]),
                  txn(f"pay{i}", "payment", related=[f"inv{i}"], payment={"currency": "CNY", "payer": "e"})]  # fmt: skip
    # a fourth payee, but of T-shirts: not counted for the other payer
    deals += [txn("inv3", seller="s3", buyer="b", goods=[line("6109.10", "T-shirts")]),
              txn("pay3", "payment", related=["inv3"], payment={"currency": "CNY", "payer": "de"}),
              txn("pay4", "payment", related=["inv0"], payment={"currency": "CNY", "payer": "de"})]  # fmt: skip
    c = case(parties=parties(**sellers), transactions=deals)
    [f] = rules_hit(run(c), "R11-payment-fan-out")
    assert f.subject.id == "e" and f.transactions == ["pay0", "pay1", "pay2"]


def test_r17_bank_in_a_country_of_none_of_the_parties() -> None:
    c = case(parties=parties(), transactions=[
        txn("ae", "payment", payment={"currency": "USD", "payer": "b", "payee": "s", "bank_country": "ae"}),
        txn("cn", "payment", payment={"currency": "USD", "payer": "b", "payee": "s", "bank_country": "cn"}),
    ])  # fmt: skip
    [f] = rules_hit(run(c), "R17-bank-country")
    assert f.subject.id == "ae" and "AE" in f.summary and f.citations == ["A7", "E1"]


def test_three_medium_flags_make_a_transaction_high() -> None:
    c = case(parties=parties(kg={"name": "Ala-Too Trade", "country": "kg"}, f={"name": "Fast Cargo LLC", "country": "ru"}), transactions=[
        txn("inv", seller="b", buyer="e", goods=[line(GNSS, "GNSS", currency="CNY")]),
        txn("t", "shipment", "2024-05-10", seller="kg", consignee="f", related=["inv"],
            goods=[line("9403", "Office furniture", currency="CNY")],
            amendments=[{"date": "2024-05-09", "field": "consignee", "old": "a", "new": "b"}]),
    ])  # fmt: skip
    inv = run(c)
    v = next(v for v in inv.transaction_verdicts if v.subject.id == "t")
    assert v.verdict == "high" and v.reasons[0].startswith("high: 3 red flags together")


# -- rules files ----------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my_rules.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_rules_add_replace_and_disable(tmp_path: Path) -> None:
    mine = write(tmp_path, """
format: tracewire-redflags/1
country_sets:
  watch: [ae, tr]
sources:
  INT1: {title: "Our own policy 7.3", url: "https://intranet.example/policy"}
rules:
  - id: OWN-uae-payer
    title: Payer in a watched country
    check: party_matches
    params: {roles: [payer], country_in: watch}
    severity: medium
    sources: [INT1]
  - id: R1-transshipment
    title: Transshipment (our wording)
    check: route_via
    params: {hubs: [kz], toward: [ru]}
    severity: medium
    sources: [A1]
  - id: R8-free-mail
    title: switched off
    check: free_mail
    severity: low
    sources: [A1]
    enabled: false
""")  # fmt: skip
    ruleset = RuleSet.load([mine])
    ids = [r.rule.id for r in ruleset.rules]
    assert "OWN-uae-payer" in ids and "R8-free-mail" not in ids
    assert ruleset.files[-1] == str(mine)
    c = case(parties=parties(u={"name": "Gulf Pay FZE", "country": "ae"}), transactions=[
        txn("t", "payment", route={"transit": ["kz"], "destination": "ru"}, payment={"currency": "USD", "payer": "u"}),
    ])  # fmt: skip
    inv = run(c, rules=ruleset)
    [own] = rules_hit(inv, "OWN-uae-payer")
    assert own.citations == ["INT1"] and own.subject.id == "u"
    [r1] = rules_hit(inv, "R1-transshipment")
    assert r1.title == "Transshipment (our wording)" and r1.severity == "medium"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("rules:\n  - {id: X, title: t, check: nope, severity: low, sources: [A1]}", "unknown check 'nope'"),
        ("rules:\n  - {id: X, title: t, check: route_via, params: {hubz: x}, severity: low, sources: [A1]}", "params.hubz: Extra inputs"),
        ("rules:\n  - {id: X, title: t, check: route_via, params: {hubs: nowhere}, severity: low, sources: [A1]}", "unknown country set 'nowhere'"),
        ("rules:\n  - {id: X, title: t, check: route_via, severity: low, sources: [ZZ9]}", "unknown source 'ZZ9'"),
        ("rules:\n  - {id: X, title: t, check: route_via, severity: blocked, sources: [A1]}", "rules[0].severity"),
        ("rules:\n  - {id: X, title: t, check: route_via, severity: low, sources: []}", "rules[0].sources"),
        ("rules: [\n", "not valid YAML"),
    ],
)  # fmt: skip
def test_bad_rules_files_say_what_and_where(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, "format: tracewire-redflags/1\n" + body)
    with pytest.raises(InputError, match=re.escape(message)) as exc:
        RuleSet.load([path])
    assert str(path) in str(exc.value)


def test_checks_are_described() -> None:
    described = {c["check"]: c for c in describe_checks()}
    assert set(described) == set(CHECKS)
    assert all(c["description"] for c in described.values())
    assert "hubs" in described["route_via"]["params"]


def test_readme_rules_example_loads(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Your own rules", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    ruleset = RuleSet.load([write(tmp_path, block)])
    assert "OWN-watched-payer" in [r.rule.id for r in ruleset.rules]
