"""Issue 14 §3, a third currency: an invoice or payment in a currency that is neither the
seller's, the buyer's nor the deal's usual one (the currency of the deal's other documents,
or of the other documents between the same two parties). USD and EUR are neutral only
when they are the usual currency or none can be told. And a bank that a payment names
only by its BIC (`payer_bank_bic`, `payee_bank_bic`), screened like a bank party."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.network.factory import case, company, line, party, rules_hit, run, sanction, txn
from tracewire.network.case import Case, Role
from tracewire.network.case_csv import load_case_folder
from tracewire.network.case_load import CaseFormatError
from tracewire.network.investigate import merge_cases

GNSS = "8526.91.20"
RULE = "R17-currency-mismatch"


def _parties() -> list[dict[str, str]]:
    return [party("s", "Sino Parts Co., Ltd", country="cn"),
            party("b", "Volga Components LLC", country="ru"),
            party("k", "Ala-Too Trade", country="kg"),
            party("de", "Nordhafen Teile GmbH", country="de")]  # fmt: skip


def test_usd_on_a_deal_contracted_in_rub_is_flagged_and_the_usual_currency_cited() -> None:
    pay = {"payer": "b", "payee": "s"}
    c = case(parties=_parties(), transactions=[
        txn("ct", "contract", "2023-01-10", seller="s", buyer="b", goods=[line(GNSS, "GNSS", currency="RUB")]),
        txn("inv", "invoice", "2023-02-01", seller="s", buyer="b", related=["ct"],
            goods=[line(GNSS, "GNSS", currency="RUB")]),
        txn("usd", "payment", "2023-03-01", related=["inv"], payment={"currency": "USD", **pay}),
        # another deal, contracted in EUR: a EUR payment is its usual currency
        txn("ct2", "contract", "2023-04-01", seller="s", buyer="b", goods=[line(GNSS, "GNSS", currency="EUR")]),
        txn("eur", "payment", "2023-05-01", related=["ct2"], payment={"currency": "EUR", **pay}),
    ])  # fmt: skip
    [f] = rules_hit(run(c), RULE)
    assert f.subject.id == "usd" and f.data["usual"] == ["RUB"]
    assert sorted(f.data["usual_documents"]) == ["ct", "inv"]
    assert "usual RUB" in f.summary
    cited = {s.ref for e in f.evidence for s in e.sources}
    assert {"transactions[0].goods[0].currency", "transactions[1].goods[0].currency"} <= cited


def test_the_usual_currency_comes_from_documents_between_the_same_two_parties() -> None:
    c = case(parties=_parties(), transactions=[
        # two earlier CNY invoices from the Chinese seller to the Kyrgyz buyer, not linked
        txn("i1", "invoice", "2023-01-10", seller="s", buyer="k", goods=[line(GNSS, "GNSS", currency="CNY")]),
        txn("i2", "invoice", "2023-02-10", seller="s", buyer="k", goods=[line(GNSS, "GNSS", currency="CNY")]),
        # then the buyer pays the seller in EUR, on its own: a break from the pair's usual CNY
        txn("eur", "payment", "2023-03-01", payment={"currency": "EUR", "payer": "k", "payee": "s"}),
        # a USD payment between parties with no other document: no usual currency, neutral
        txn("usd", "payment", "2023-03-01", payment={"currency": "USD", "payer": "k", "payee": "de"}),
    ])  # fmt: skip
    [f] = rules_hit(run(c), RULE)
    assert f.subject.id == "eur" and f.data["usual"] == ["CNY"]
    assert f.data["usual_documents"] == ["i1", "i2"]


def test_a_deal_held_throughout_in_a_third_currency_stays_flagged() -> None:
    # AED is the currency of every document of the deal, but of none of its parties:
    # a usual currency that is itself foreign to the deal excuses nothing
    c = case(parties=_parties(), transactions=[
        txn("ct", "contract", "2023-01-10", seller="s", buyer="b", goods=[line(GNSS, "GNSS", currency="AED")]),
        txn("inv", "invoice", "2023-02-01", seller="s", buyer="b", related=["ct"],
            goods=[line(GNSS, "GNSS", currency="AED")]),
        txn("pay", "payment", "2023-03-01", related=["inv"],
            payment={"currency": "AED", "payer": "b", "payee": "s"}),
        # the deal's own currencies (CNY, the seller's) are never a flag
        txn("cny", "payment", "2023-03-02", related=["inv"],
            payment={"currency": "CNY", "payer": "b", "payee": "s"}),
    ])  # fmt: skip
    found = rules_hit(run(c), RULE)
    assert sorted(f.subject.id for f in found) == ["ct", "inv", "pay"]
    assert all(f.data["usual"] == [] for f in found)


def test_a_bank_named_only_by_bic_is_screened_like_a_bank_party() -> None:
    ents = [company("l-bank", "Oblast Settlement Bank", swiftBic="OSBKRUMM", country="ru"),
            sanction("l-bank")]  # fmt: skip
    c = case(parties=_parties(), transactions=[
        txn("pay", "payment", "2024-03-01",
            payment={"currency": "CNY", "payer": "b", "payee": "s",
                     "payer_bank_bic": "OSBK RU MM", "payee_bank_bic": "BKCHCNBJ"}),
    ])  # fmt: skip
    assert c.transactions[0].payment is not None
    assert c.transactions[0].payment.payer_bank_bic == "OSBKRUMM"
    inv = run(c, ents)
    [hit] = [f for f in inv.findings if f.kind == "screening" and f.severity == "blocked"]
    assert hit.subject.id == "bic:OSBKRUMM"
    [role] = [f for f in inv.findings if f.kind == "role" and f.subject.id == "pay"]
    assert role.severity == "blocked" and "bank" in role.title
    assert next(v for v in inv.transaction_verdicts if v.subject.id == "pay").verdict == "blocked"
    # both banks are bank parties of the payment; the case as loaded is unchanged
    pay = next(t for t in inv.case.transactions if t.id == "pay")
    assert pay.in_role(Role.bank) == ["bic:OSBKRUMM", "bic:BKCHCNBJ"]
    assert len(c.parties) == 4 and Role.bank not in c.transactions[0].parties


def test_a_bic_of_a_bank_party_in_the_case_reuses_that_party() -> None:
    ents = [company("l-bank", "Oblast Settlement Bank", swiftBic="OSBKRUMM", country="ru"),
            sanction("l-bank")]  # fmt: skip
    c = case(parties=[*_parties(), party("osb", "Oblast Settlement Bank", bic="OSBKRUMM")],
             transactions=[txn("pay", "payment", "2024-03-01",
                               payment={"currency": "CNY", "payer": "b", "payee": "s",
                                        "payer_bank_bic": "OSBKRUMM"})])  # fmt: skip
    inv = run(c, ents)
    assert [p.id for p in inv.case.parties] == ["s", "b", "k", "de", "osb"]
    [role] = [f for f in inv.findings if f.kind == "role" and f.subject.id == "pay"]
    assert role.severity == "blocked" and role.parties == ["osb"]


def test_a_bad_payment_bic_is_reported_with_its_path() -> None:
    with pytest.raises(
        CaseFormatError, match=r"transactions\[0\]\.payment\.payee_bank_bic: .*is not a BIC"
    ):
        case(
            parties=_parties(),
            transactions=[
                txn("pay", "payment", payment={"currency": "CNY", "payee_bank_bic": "NOTABIC"})
            ],
        )


def test_a_payer_bank_bic_gives_the_paying_banks_country() -> None:
    c = case(parties=_parties(), transactions=[
        txn("pay", "payment", payment={"currency": "CNY", "payer": "b", "payee": "s",
                                       "payer_bank_bic": "EBILAEAD"})])  # fmt: skip
    [f] = rules_hit(run(c), "R17-bank-country")
    assert f.subject.id == "pay" and "AE" in f.summary


def test_two_case_files_naming_the_same_bank_by_bic_give_one_bank_party() -> None:
    def one(tid: str, pid: str) -> Case:
        return case(id=tid, parties=[party(pid, f"Trader {pid}", country="ru")], transactions=[
            txn(tid, "payment", payment={"currency": "RUB", "payer": pid, "payer_bank_bic": "OSBKRUMM"})])  # fmt: skip

    inv = run(merge_cases([(one("t1", "a"), "a.json"), (one("t2", "b"), "b.json")]))
    assert [p.id for p in inv.case.parties] == ["a", "b", "bic:OSBKRUMM"]
    assert all(t.in_role(Role.bank) == ["bic:OSBKRUMM"] for t in inv.case.transactions)


def test_a_payment_bic_column_in_a_csv_case(tmp_path: Path) -> None:
    (tmp_path / "parties.csv").write_text("id,name,country\nb,Volga Components LLC,RU\n")
    (tmp_path / "transactions.csv").write_text(
        "id,type,payment_currency,payment_payer,payment_payer_bank_bic\n"
        "pay,payment,RUB,b,OSBK RU MM\n"
    )
    c = load_case_folder(tmp_path)
    assert c.transactions[0].payment is not None
    assert c.transactions[0].payment.payer_bank_bic == "OSBKRUMM"
