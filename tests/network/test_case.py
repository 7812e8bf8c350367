"""The case format: valid files load, bad files fail with every problem at its JSON path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.network.factory import case, line, party, txn
from tracewire.errors import InputError
from tracewire.network.case import Role
from tracewire.network.case_csv import load_case_folder
from tracewire.network.case_load import CaseFormatError, load_case, parse_case
from tracewire.network.investigate import merge_cases

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "garpiya" / "case.json"


def issues(data: object) -> dict[str, str]:
    with pytest.raises(CaseFormatError) as exc:
        parse_case(data, "bad.json")
    return dict(exc.value.issues)


def test_example_case_loads() -> None:
    c = load_case(EXAMPLE)
    assert c.fictional and "FICTIONAL" in (c.description or "")
    assert {p.id for p in c.parties} >= {"p-kupol", "p-tsk"}
    shipment = next(t for t in c.transactions if t.id == "SH-2023-118")
    assert shipment.goods[0].hs_code == "8418690000"  # dots removed, all digits kept
    assert shipment.goods[0].hs6 == "841869"
    assert shipment.route is not None and shipment.route.transit == ["kz"]
    pay = next(t for t in c.transactions if t.type == "payment")
    assert (Role.payer, "p-harbourmist") in pay.roles()  # the payment's payer is a role


def test_values_are_cleaned() -> None:
    c = case(
        parties=[party("a", "Alpha", country="Hong Kong"), party("b", "Beta", country="RU")],
        transactions=[
            txn("t", seller="a", buyer=["b"], goods=[line("8807.30.00", currency="cny")])
        ],  # fmt: skip
    )
    assert [p.country for p in c.parties] == ["hk", "ru"]
    assert c.transactions[0].parties[Role.seller] == ["a"]  # one id or a list
    assert c.transactions[0].goods[0].currency == "CNY"


def test_every_problem_is_named_by_its_path() -> None:
    found = issues(
        {
            "parties": [{"id": "a", "name": "X", "country": "Narnia", "identifiers": {"frob": "1"}}],
            "transactions": [
                {"id": "t", "type": "invoce", "parties": {"seller": "a", "boss": "a"},
                 "goods": [{"hs_code": "84A8", "quantity": -1}], "hs": 1}
            ],
        }
    )  # fmt: skip
    assert "unknown country 'Narnia'" in found["parties[0].country"]
    assert "unknown identifier type 'frob'" in found["parties[0].identifiers"]
    assert "'invoice', 'shipment', 'payment' or 'contract'" in found["transactions[0].type"]
    assert "not allowed here" in found["transactions[0].parties.boss"]
    assert "not 2 to 12 digits" in found["transactions[0].goods[0].hs_code"]
    assert "greater than or equal to 0" in found["transactions[0].goods[0].quantity"]
    assert "unknown field" in found["transactions[0].hs"]


def test_references_and_duplicates() -> None:
    found = issues(
        {
            "parties": [{"id": "a", "name": "X"}, {"id": "a", "name": "Y"}],
            "transactions": [
                {"id": "t", "type": "payment", "related": ["nope"], "parties": {"buyer": ["a", "zz"]},
                 "payment": {"currency": "CNY", "payer": "ghost"}}
            ],
            "company_records": [
                {"id": "r", "party": "a", "owners": [{"name": "O", "ref": "who", "percentage": 60},
                                                     {"name": "P", "percentage": 50}]}
            ],
        }
    )  # fmt: skip
    assert found["parties[1].id"] == "duplicate party id 'a'"
    assert found["transactions[0].parties.buyer[1]"] == "unknown party id 'zz'"
    assert found["transactions[0].related[0]"] == "unknown transaction id 'nope'"
    assert found["transactions[0].payment.payer"] == "unknown party id 'ghost'"
    assert found["company_records[0].owners[0].ref"] == "unknown party or record id 'who'"
    assert "add up to 110" in found["company_records[0].owners"]


def test_bad_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text('{"parties": [\n  {"id": "a",, "name": "X"}]}', encoding="utf-8")
    with pytest.raises(CaseFormatError) as exc:
        load_case(path)
    assert "line 2, column" in str(exc.value) and str(path) in str(exc.value)
    with pytest.raises(InputError, match="no such case file"):
        load_case(tmp_path / "missing.json")


def test_csv_folder_matches_json(tmp_path: Path) -> None:
    folder = tmp_path / "bulk"
    folder.mkdir()
    (folder / "parties.csv").write_text(
        "id,name,aliases,kind,country,address,identifiers,incorporation_date\n"
        "a,Alpha Trading,Alfa;Альфа,company,CN,,uscc:91440300X,2023-05-01\n"
        'b,Beta LLC,,company,RU,"ul. Lenina 5, kv. 3, Moscow",,\n',
        encoding="utf-8",
    )
    (folder / "transactions.csv").write_text(
        "id,type,date,seller,buyer,payer,payment_currency,payment_amount,route_origin,route_transit,route_destination\n"
        "t1,invoice,2024-01-02,a,b,,,,CN,KZ;KG,RU\n"
        "t2,payment,2024-01-09,,,b,CNY,\"1,200.50\",,,\n",
        encoding="utf-8",
    )  # fmt: skip
    (folder / "goods.csv").write_text(
        "transaction,item,hs_code,description,quantity,unit_price,currency\n"
        "t1,G1,8526.91.20,GNSS modules,10,40,CNY\n",
        encoding="utf-8",
    )
    (folder / "company_records.csv").write_text("id,party,incorporation_date\nr1,a,2023-05-01\n")
    (folder / "owners.csv").write_text("record,name,kind,percentage\nr1,Zhang San,person,60\n")
    c = load_case_folder(folder)
    assert c.id == "bulk"
    assert c.parties[0].aliases == ["Alfa", "Альфа"] and c.parties[0].identifiers == {"uscc": "91440300X"}  # fmt: skip
    t1, t2 = c.transactions
    assert t1.route is not None and t1.route.transit == ["kz", "kg"] and t1.goods[0].hs6 == "852691"
    assert t2.payment is not None and t2.payment.amount == 1200.5 and t2.payment.currency == "CNY"
    assert c.company_records[0].owners[0].percentage == 60


def test_csv_errors_name_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "parties.csv").write_text("id,name,country\na,Alpha,CN\nb,Beta,Atlantis\n")
    (folder / "transactions.csv").write_text("id,type,seller\nt1,invoice,a\n")
    (folder / "goods.csv").write_text("transaction,hs_code,quantity\nt1,8526,lots\n")
    with pytest.raises(CaseFormatError) as exc:
        load_case_folder(folder)
    found = dict(exc.value.issues)
    assert "unknown country 'Atlantis'" in found["parties.csv, line 3: country"]
    assert "valid number" in found["goods.csv, line 2: quantity"]
    (folder / "goods.csv").write_text("transaction,hs_code\nt9,8526\n")
    with pytest.raises(CaseFormatError, match="unknown transaction id 't9'"):
        load_case_folder(folder)
    with pytest.raises(InputError, match="needs parties.csv"):
        load_case_folder(tmp_path)


def test_merging_cases_rejects_shared_ids() -> None:
    a = case(id="a", parties=[party("p1", "One")])
    b = case(id="b", parties=[party("p2", "Two")])
    merged = merge_cases([(a, "a.json"), (b, "b.json")])
    assert [p.id for p in merged.parties] == ["p1", "p2"]
    with pytest.raises(CaseFormatError, match="also defined in a.json"):
        merge_cases([(a, "a.json"), (a, "again.json")])


def test_example_is_valid_json_with_a_readme() -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert data["fictional"] is True
    readme = (EXAMPLE.parent / "README.md").read_text(encoding="utf-8")
    assert "fictional" in readme.lower()
