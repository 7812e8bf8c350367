"""Red flags R4, R9, R13, R14, R15, R16 and R18: each fires on a small case built around
its pattern and stays quiet on the near miss next to it; their optional case fields
also come in through the CSV layout."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.network.factory import case, line, party, person, rules_hit, run, sanction, txn
from tracewire.network.activity import activity_table
from tracewire.network.case_csv import load_case_folder
from tracewire.network.case_load import CaseFormatError
from tracewire.network.checks.shipping import distance_km
from tracewire.network.redflags import RuleSet

MCU = "8542.31.00"  # CHPL tier 1
LAPTOP = "8471.30"  # not CHPL


def ids(findings: list[Any]) -> list[str]:
    return sorted(f.subject.id for f in findings)


def test_new_flags_are_rules_with_citations() -> None:
    rules = {r.rule.id: r.rule for r in RuleSet.load().rules}
    for flag in ("R4", "R9", "R13", "R14", "R15", "R16", "R18"):
        mine = [r for r in rules.values() if r.flag == flag]
        assert mine and all(r.sources for r in mine), flag


# -- R4 --------------------------------------------------------------------------------------


def test_r4_existing_customer_new_to_tier_1_2() -> None:
    c = case(
        parties=[
            party("s", "Sino Parts Co., Ltd", country="cn"),
            # history: laptops only before the cutoff, microcontrollers after
            party("b", "Volga Components LLC", country="ru",
                  history=[{"period": "2020/2021", "hs_code": LAPTOP, "value": 50000, "currency": "EUR"}]),
            # had tier 1 goods before: not new
            party("c", "Kama Electronics", country="ru",
                  history=[{"period": "2021", "hs_code": "8542.32", "value": 9000, "currency": "EUR"}]),
            # a 4-digit code that may hide tier 1 goods: no verdict
            party("e", "Oka Devices", country="ru",
                  history=[{"period": "2021", "hs_code": "8542", "value": 9000, "currency": "EUR"}]),
            # the case's own transactions as history
            party("f", "Don Instruments", country="ru"),
            # no record before the cutoff: not an existing customer
            party("n", "Neva Trade", country="ru"),
        ],
        transactions=[
            txn(f"t-{pid}", date="2023-03-01", seller="s", buyer=pid,
                goods=[line(MCU, "Microcontrollers", value=10000, currency="EUR")])
            for pid in ("b", "c", "e", "f", "n")
        ] + [txn("old-f", date="2021-05-03", seller="s", buyer="f", goods=[line(LAPTOP, "Laptops")])],
    )  # fmt: skip
    found = rules_hit(run(c), "R4-new-tier-1-2")
    assert ids(found) == ["b", "f"]
    b = next(f for f in found if f.subject.id == "b")
    assert b.transactions == ["t-b"] and b.data["hs6"] == ["854231"] and b.data["first_record"] == "2020-01-01"  # fmt: skip
    assert b.evidence[0].sources[0].ref == "parties[1].history[0]"
    assert b.citations == ["A3", "E5", "G7"]
    f = next(f for f in found if f.subject.id == "f")
    assert f.evidence[0].sources[0].ref == "transactions[5].goods[0]"


def test_r4_spike_counts_each_deal_once_and_needs_the_factor() -> None:
    base = {"period": "2020/2021", "hs_code": MCU, "value": 24000, "currency": "EUR"}

    def deals(pid: str, amount: float) -> list[dict[str, Any]]:
        out = []
        for k, day in enumerate(("2022-06-01", "2023-02-20")):
            goods = [line(MCU, "MCUs", value=amount, currency="EUR", item="M")]
            out.append(txn(f"inv-{pid}-{k}", date=day, seller="s", buyer=pid, goods=goods))
            # the contract of the same deal must not be counted again
            out.append(txn(f"ct-{pid}-{k}", "contract", date=day, seller="s", buyer=pid,
                           goods=goods, related=[f"inv-{pid}-{k}"]))  # fmt: skip
        return out

    c = case(
        parties=[party("s", "Sino Parts", country="cn"),
                 party("g", "Grows Fast LLC", country="ru", history=[base]),
                 party("h", "Grows Slowly LLC", country="ru", history=[base])],
        transactions=deals("g", 30000) + deals("h", 15000),
    )  # fmt: skip
    [f] = rules_hit(run(c), "R4-tier-1-2-spike")
    assert f.subject.id == "g" and f.data["currency"] == "EUR"
    assert f.data["after"] == 60000 and f.data["after_months"] == pytest.approx(11.9, abs=0.1)
    assert 5.0 < f.data["ratio"] < 6.0  # h's 2.7 times stays under the factor 3
    assert sorted(f.transactions) == ["inv-g-0", "inv-g-1"]
    assert not rules_hit(run(c), "R4-new-tier-1-2")  # both had tier 1 goods before


# -- R9 --------------------------------------------------------------------------------------


def test_r9_goods_that_do_not_fit_the_line_of_business() -> None:
    c = case(
        parties=[
            party("s", "Sino Parts", country="cn"),
            party("bk", "Golden Crust Bakery", country="kz", activity="C10.71"),
            party("el", "Almaty Electronic Components", country="kz", activity="46.52"),
            party("tr", "Silk Road General Trading", country="kz", business="general trading"),
            party("ru", "Хлебозавод №3", country="ru", business="Хлебозавод"),
        ],
        transactions=[
            txn("bk-mcu", seller="s", buyer="bk", goods=[line(MCU, "Microcontrollers")]),
            txn("bk-van", seller="s", buyer="bk", goods=[line("8704.21", "Delivery van")]),
            txn("bk-oven", seller="s", buyer="bk", goods=[line("8417.20", "Bakery oven"), line(LAPTOP, "Laptop")]),
            txn("el-mcu", seller="s", buyer="el", goods=[line(MCU, "Microcontrollers")]),
            txn("tr-mcu", seller="s", buyer="tr", goods=[line(MCU, "Microcontrollers")]),
            txn("ru-mcu", seller="s", consignee="ru", goods=[line(MCU, "Microcontrollers")]),
        ],
    )  # fmt: skip
    inv = run(c)
    chpl = rules_hit(inv, "R9-line-of-business-chpl")
    assert ids(chpl) == ["bk-mcu", "ru-mcu"]
    bk = next(f for f in chpl if f.subject.id == "bk-mcu")
    assert bk.parties == ["bk"] and bk.data["matched"] == ["10"] and bk.severity == "medium"
    assert [s.ref for s in bk.evidence[0].sources] == ["parties[1]", "nace_hs.yml"]
    ru = next(f for f in chpl if f.subject.id == "ru-mcu")
    assert "Хлебозавод" in ru.summary
    # the van is no CHPL item: the low rule; the MCU hits are not repeated there
    assert ids(rules_hit(inv, "R9-line-of-business")) == ["bk-van"]


def test_activity_table_most_specific_entry_wins() -> None:
    t = activity_table()
    assert t.fit("C26.11", None).fits("854231")  # type: ignore[union-attr]
    assert not t.fit("10.71", None).fits("854231")  # type: ignore[union-attr]
    assert t.fit("46", None).any  # type: ignore[union-attr]
    assert t.fit("C", None) is None  # a section without an entry: no verdict
    assert t.fit(None, "just words") is None


# -- R13 -------------------------------------------------------------------------------------


def test_r13_route_detour() -> None:
    assert distance_km("de", "ru") == pytest.approx(1610, abs=30)
    c = case(parties=[party("s", "Nordhafen Teile GmbH", country="de"), party("b", "Volga LLC", country="ru"),
                      party("cn", "Sino Parts", country="cn"), party("nl", "Dutch BV", country="nl")],
             transactions=[
                 txn("via-tr", seller="s", buyer="b", route={"origin": "de", "transit": ["tr"], "destination": "ru"}),
                 txn("rail", seller="cn", buyer="b", route={"origin": "cn", "transit": ["kz"], "destination": "ru"}),
                 txn("sea", seller="cn", buyer="nl", route={"origin": "cn", "transit": ["sg"], "destination": "nl"}),
                 # origin from the seller's country, destination from the consignee's
                 txn("via-am", seller="s", consignee="b", route={"transit": ["am"]}),
             ])  # fmt: skip
    found = rules_hit(run(c), "R13-route-detour")
    assert ids(found) == ["via-am", "via-tr"]
    tr = next(f for f in found if f.subject.id == "via-tr")
    assert 2.0 < tr.data["ratio"] < 2.5 and tr.data["transit"] == ["tr"]
    assert tr.evidence[0].sources[0].ref == "transactions[0].route"


def test_r13_packaging_and_vague_delivery() -> None:
    c = case(parties=[party("s", "Sino Parts", country="cn"), party("b", "Volga LLC", country="ru")],
             transactions=[
                 txn("post", "shipment", seller="s", consignee="b", route={"mode": "post"},
                     goods=[line(MCU, "MCUs", packaging="2 pallets")]),
                 txn("air", "shipment", seller="s", consignee="b", route={"mode": "air"},
                     goods=[line(MCU, "MCUs", packaging="12 cartons")]),
                 txn("ct", "contract", seller="s", buyer="b", delivery="ASAP",
                     goods=[line(MCU, "MCUs", item="X", packaging="3 wooden crates")]),
                 txn("sh", "shipment", seller="s", consignee="b", related=["ct"], delivery="2024-05-10",
                     goods=[line(MCU, "MCUs", item="X", packaging="1 envelope")]),
                 txn("ct2", "contract", seller="s", buyer="b", delivery="по согласованию сторон",
                     goods=[line(MCU, "MCUs", item="Y", packaging="crates")]),
                 txn("sh2", "shipment", seller="s", consignee="b", related=["ct2"],
                     delivery="within 30 days of payment",
                     goods=[line(MCU, "MCUs", item="Y", packaging="2 crates on 1 pallet")]),
             ])  # fmt: skip
    inv = run(c)
    [mode] = rules_hit(inv, "R13-packaging-mode")
    assert mode.subject.id == "post" and mode.data == {"packaging": "2 pallets", "kinds": ["pallet"], "mode": "post"}  # fmt: skip
    [docs] = rules_hit(inv, "R13-packaging-documents")
    assert (
        docs.subject.id == "sh" and docs.transactions == ["ct", "sh"] and docs.data["item"] == "X"
    )
    vague = rules_hit(inv, "R13-vague-delivery")
    assert ids(vague) == ["ct", "ct2"] and vague[0].severity == "low"


# -- R14 -------------------------------------------------------------------------------------


def test_r14_refusals_and_missing_statements() -> None:
    c = case(parties=[party("s", "Sino Parts", country="cn"),
                      party("b", "Volga LLC", country="ru", due_diligence={"installation": "declined", "training": "accepted"}),
                      party("ok", "Open Books LLC", country="kz", due_diligence={"ownership": "provided"})],
             transactions=[
                 txn("refused", seller="s", buyer="b", goods=[line(LAPTOP, "Laptops")],
                     due_diligence={"end_user_statement": "refused", "end_use": "provided", "note": "buyer: 'confidential'"}),
                 txn("t1-missing", seller="s", buyer="ok", goods=[line(MCU, "MCUs")],
                     due_diligence={"end_user_statement": "missing"}),
                 txn("t3-missing", seller="s", buyer="ok", goods=[line("8482.10", "Ball bearings")],
                     due_diligence={"end_user_statement": "missing"}),
                 txn("fine", seller="s", buyer="ok", goods=[line(MCU, "MCUs")],
                     due_diligence={"end_user_statement": "provided", "installation": "accepted"}),
             ])  # fmt: skip
    inv = run(c)
    [refused] = rules_hit(inv, "R14-refused-details")
    assert refused.subject.id == "refused" and refused.severity == "high"
    assert refused.data["answers"] == {"end_user_statement": "refused"} and refused.parties == ["b"]
    assert "confidential" in refused.evidence[0].statement
    assert refused.evidence[0].sources[0].ref == "transactions[0].due_diligence"
    [declined] = rules_hit(inv, "R14-declined-services")
    assert declined.subject.id == "b" and declined.data["answers"] == {"installation": "declined"}
    assert ids(rules_hit(inv, "R14-no-end-user-statement")) == ["t1-missing"]


# -- R15 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "text", "hit"),
    [
        ("description", "Выполняем работы по проектам специального назначения.", True),
        (
            "registration_text",
            "Licence of the FSB of Russia for works involving state secrets",
            True,
        ),
        ("description", "Our special purpose products serve the state customer.", True),
        (
            "registration_text",
            "Лицензия УФСБ? Нет. Лицензия ФСБ России на работы с гостайной",
            True,
        ),
        ("description", "We structure special purpose vehicle financing for ship owners.", False),
        ("description", "Builder of special purpose machines for the automotive industry.", False),
        ("description", "Bakery and confectionery since 1998.", False),
    ],
)
def test_r15_special_purpose_texts(field: str, text: str, hit: bool) -> None:
    c = case(parties=[party("p", "Test LLC", country="ru", **{field: text})])
    found = rules_hit(run(c), "R15-special-purpose")
    assert bool(found) is hit
    if hit:
        assert found[0].subject.id == "p" and found[0].data["fields"] == [field]
        assert found[0].evidence[0].sources[0].ref == f"parties[0].{field}"


def test_r15_registration_text_of_a_company_record() -> None:
    c = case(parties=[party("p", "Test LLC", country="ru")],
             company_records=[{"id": "r", "party": "p",
                               "registration_text": "ОКВЭД 26.51; лицензия ФСБ на осуществление работ, связанных с использованием сведений, составляющих государственную тайну"}])  # fmt: skip
    [f] = rules_hit(run(c), "R15-special-purpose")
    assert f.subject.id == "p" and f.evidence[0].sources[0].ref == "company_records[0].registration_text"  # fmt: skip


# -- R16 -------------------------------------------------------------------------------------


def test_r16_card_purchases_of_parts_plus_shipping() -> None:
    def card(tid: str, payer: str, day: str, amount: float, mcc: str, method: str = "corporate card") -> dict[str, Any]:  # fmt: skip
        return txn(tid, "payment", date=day, payment={"currency": "USD", "amount": amount, "payer": payer,
                                                     "method": method, "mcc": mcc, "merchant": f"M{mcc}"})  # fmt: skip

    c = case(parties=[party(p, f"Holder {p}", country="us") for p in ("c1", "c2", "c3", "c4")],
             transactions=[
                 card("c1-a", "c1", "2024-01-05", 6000, "5065"), card("c1-b", "c1", "2024-01-20", 5000, "5732"),
                 card("c1-s", "c1", "2024-01-30", 800, "4215"),
                 card("c2-a", "c2", "2024-01-05", 12000, "5065"),  # no shipping spend
                 card("c3-a", "c3", "2024-01-05", 12000, "5065", method="wire"),
                 card("c3-s", "c3", "2024-01-06", 500, "4215", method="wire"),
                 card("c4-a", "c4", "2024-01-05", 12000, "5065"),
                 card("c4-s", "c4", "2024-09-05", 500, "4215"),  # 244 days later
             ])  # fmt: skip
    [f] = rules_hit(run(c), "R16-card-electronics-shipping")
    assert f.subject.id == "c1" and f.data == {
        "purchases": {"USD": 11000.0},
        "shipping_payments": 1,
    }
    assert f.transactions == ["c1-a", "c1-b", "c1-s"]
    assert "Electrical parts and equipment" in f.evidence[0].statement


def test_r16_unknown_mcc_group_is_named(tmp_path: Path) -> None:
    path = tmp_path / "rules.yml"
    path.write_text("format: tracewire-redflags/1\nrules:\n  - {id: X, title: t, check: card_purchases, "
                    "params: {purchases: gadgets}, severity: low, sources: [A1]}\n")  # fmt: skip
    with pytest.raises(Exception, match="unknown MCC group 'gadgets'"):
        RuleSet.load([path])


# -- R18 -------------------------------------------------------------------------------------


def listed_owner() -> list[Any]:
    ivan = person("l-ivan", "Ivan Petrovich Sidorov")
    s = sanction("l-ivan")
    s.add("listingDate", "2023-05-19")
    return [ivan, s]


def test_r18_stake_given_up_near_designation() -> None:
    def rec(rid: str, pid: str, until: str) -> dict[str, Any]:
        return {"id": rid, "party": pid, "owners": [
            {"name": "Ivan Petrovich Sidorov", "kind": "person", "percentage": 51, "until": until},
            {"name": "Anna Sidorova", "kind": "person", "percentage": 51, "since": until},
            {"name": "Sidorov Holding", "kind": "company", "percentage": 49},
        ]}  # fmt: skip

    c = case(parties=[party(p, f"Company {p}", country="ru") for p in ("near", "old", "late")],
             company_records=[rec("r1", "near", "2023-04-30"), rec("r2", "old", "2020-01"),
                              rec("r3", "late", "2024-12-15")])  # fmt: skip
    inv = run(c, listed_owner())
    [near] = rules_hit(inv, "R18-transfer-near-designation")
    assert near.subject.id == "near" and near.severity == "high"
    assert near.data["listing_date"] == "2023-05-19" and near.data["to"] == ["Anna Sidorova 51 % since 2023-04-30", "Sidorov Holding 49 %"]  # fmt: skip
    assert "19 day(s) before its listing" in near.summary
    kinds = [s.kind for e in near.evidence for s in e.sources]
    assert kinds == ["case", "list", "case", "case"]
    # the late transfer is only the weaker flag; 2020 is before anything was listed
    assert ids(rules_hit(inv, "R18-transfer-from-listed")) == ["late"]
    # a former owner owns nothing: no ownership finding for the company
    assert not [f for f in inv.findings if f.kind == "ownership" and f.subject.id == "near"]


def test_r18_current_owner_still_owns() -> None:
    c = case(parties=[party("co", "Company co", country="ru")],
             company_records=[{"id": "r", "party": "co", "owners": [
                 {"name": "Ivan Petrovich Sidorov", "kind": "person", "percentage": 51}]}])  # fmt: skip
    inv = run(c, listed_owner())
    assert [f.subject.id for f in inv.findings if f.kind == "ownership"] == ["co"]
    assert not rules_hit(inv, "R18-transfer-near-designation")


def test_r18_dormant_company_wakes_up() -> None:
    c = case(
        parties=[party("s", "Sino Parts", country="cn")] + [party(p, f"Firm {p}", country="kz") for p in ("dz", "st", "ok")],  # fmt: skip
        transactions=[txn(f"t-{p}", date="2023-03-01", seller="s", buyer=p) for p in ("dz", "st", "ok")],
        company_records=[
            {"id": "r1", "party": "dz", "dormant_from": "2016", "dormant_until": "2022-12-31"},
            {"id": "r2", "party": "st", "status": "Dormant (no accounts filed)", "date": "2023-06-01"},
            {"id": "r3", "party": "ok", "dormant_from": "2010", "dormant_until": "2012"},
        ],
    )  # fmt: skip
    found = rules_hit(run(c), "R18-dormant-active")
    assert ids(found) == ["dz", "st"]
    dz = next(f for f in found if f.subject.id == "dz")
    assert dz.data["while_dormant"] is False and "within 60 day(s)" in dz.summary
    st = next(f for f in found if f.subject.id == "st")
    assert st.data["while_dormant"] is True and st.transactions == ["t-st"]


def test_former_owners_do_not_count_towards_100_percent() -> None:
    rec = {"id": "r", "name": "X", "owners": [
        {"name": "A", "percentage": 60, "until": "2023"}, {"name": "B", "percentage": 60, "since": "2023"}]}  # fmt: skip
    case(company_records=[rec])
    rec["owners"][0].pop("until")  # type: ignore[index]
    with pytest.raises(CaseFormatError, match="current owners add up to 120"):
        case(company_records=[rec])


# -- the CSV layout carries the new fields ----------------------------------------------------


def test_csv_layout_carries_the_optional_fields(tmp_path: Path) -> None:
    folder = tmp_path / "bulk"
    folder.mkdir()
    files = {
        "parties.csv": "id,name,country,activity,description,due_diligence_installation,due_diligence_note\n"
                       "s,Sino Parts,CN,46.52,We make special purpose products,,\n"
                       "b,Golden Crust,KZ,c10.71,,declined,asked twice\n",
        "history.csv": "party,period,hs_code,value,currency\nb,2020/2021,8471.30,50000,EUR\n",
        "transactions.csv": "id,type,date,seller,buyer,payer,delivery,route_mode,payment_currency,payment_method,payment_mcc,due_diligence_end_user_statement\n"
                            "t1,invoice,2023-03-01,s,b,,ASAP,post,,,,refused\n"
                            "t2,payment,2023-03-05,,,b,,,USD,card,5065,\n",
        "goods.csv": "transaction,item,hs_code,description,packaging\nt1,M,8542.31,MCUs,2 pallets\n",
        "company_records.csv": "id,party,status,dormant_from,dormant_until,registration_text\nr1,b,active,2015,2022-12,ОКВЭД 10.71\n",  # fmt: skip
        "owners.csv": "record,name,percentage,since,until\nr1,Old Owner,100,2010,2022-11\nr1,New Owner,100,2022-11,\n",  # fmt: skip
    }  # fmt: skip
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    c = load_case_folder(folder)
    s, b = c.parties
    assert s.activity == "46.52" and s.description and b.activity == "C10.71"
    assert b.due_diligence is not None and b.due_diligence.installation == "declined" and b.due_diligence.note == "asked twice"  # fmt: skip
    assert s.due_diligence is None
    assert b.history[0].period == "2020/2021" and b.history[0].value == 50000
    t1, t2 = c.transactions
    assert t1.delivery == "ASAP" and t1.route is not None and t1.route.mode == "post"
    assert t1.due_diligence is not None and t1.due_diligence.end_user_statement == "refused"
    assert t1.goods[0].packaging == "2 pallets"
    assert t2.payment is not None and t2.payment.mcc == "5065" and t2.payment.method == "card"
    rec = c.company_records[0]
    assert (rec.dormant_from, rec.dormant_until, rec.owners[0].until) == ("2015", "2022-12", "2022-11")  # fmt: skip
    inv = run(c)
    for rule in ("R4-new-tier-1-2", "R9-line-of-business-chpl", "R13-packaging-mode", "R13-vague-delivery",
                 "R14-refused-details", "R14-declined-services", "R15-special-purpose", "R18-dormant-active"):  # fmt: skip
        assert rules_hit(inv, rule), rule


def test_csv_errors_in_new_columns_name_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "parties.csv").write_text("id,name,due_diligence_end_use\na,Alpha,maybe\n")
    (folder / "history.csv").write_text("party,period,hs_code\na,21/22,8542\n")
    with pytest.raises(CaseFormatError) as exc:
        load_case_folder(folder)
    found = dict(exc.value.issues)
    assert "parties.csv, line 2: due_diligence.end_use" in found
    assert "history.csv, line 2: period" in found
    (folder / "history.csv").write_text("party,period,hs_code\nzz,2021,8542\n")
    with pytest.raises(CaseFormatError, match="unknown party id 'zz'"):
        load_case_folder(folder)
