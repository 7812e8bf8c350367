"""The flags of issue 14 §3 that today's rules missed: a third currency (CNY between
Russian and Chinese parties, a break from a party's 12-month currency history), a
recently incorporated firm, minority stakes near the threshold, goods that do not fit
their code, and shippers, notify parties and banks as parties."""

from __future__ import annotations

from tests.network.factory import case, line, party, rules_hit, run, txn
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
