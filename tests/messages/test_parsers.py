"""The ISO 20022 and SWIFT MT parsers: every role, with the path it was read from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracewire.messages import MessageError, PaymentMessage, parse_message

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "payments" / "messages"


def read(name: str) -> PaymentMessage:
    return parse_message((EXAMPLES / name).read_bytes())


def role(msg: PaymentMessage, name: str):  # noqa: ANN201
    found = [p for p in msg.parties if p.role == name]
    assert found, f"no {name} in {[p.role for p in msg.parties]}"
    return found[0]


def test_pacs008_parties_paths_amount_purpose() -> None:
    msg = read("pacs008-clean.xml")
    assert (msg.kind, msg.version, msg.reference) == ("pacs.008", "pacs.008.001.08", "TW-EX-0001")
    cdtr = role(msg, "creditor")
    assert cdtr.name is not None and cdtr.name.text == "Atelier Lumiere Roubaix SARL"
    assert cdtr.name.path == "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm"
    assert cdtr.country is not None and cdtr.country.text == "FR"
    assert cdtr.town is not None and cdtr.town.text == "Roubaix"
    assert cdtr.account is not None and cdtr.account.text == "FR1420041010050500013M02606"
    assert role(msg, "debtor_agent").bic.text == "COBADEFFXXX"  # type: ignore[union-attr]
    assert role(msg, "creditor_agent").kind == "agent"
    assert [a.to_dict() for a in msg.amounts][0]["currency"] == "EUR"
    assert [p.text for p in msg.purposes] == ["GDDS"]
    assert msg.texts[0].kind == "remittance"
    assert msg.texts[0].value.path.endswith("RmtInf/Ustrd[1]")


def test_pacs008_intermediary_agent_with_name_and_address() -> None:
    agent = role(read("pacs008-sanctioned-intermediary.xml"), "intermediary_agent_1")
    assert agent.bic is not None and agent.bic.text == "TWEXIRTHXXX"
    assert agent.name is not None and agent.name.text == "Example Tehran Trade Bank"
    assert agent.country is not None and agent.country.text == "IR"
    assert agent.path.endswith("CdtTrfTxInf[1]/IntrmyAgt1")


def test_pacs009_cov_underlying_customer_roles() -> None:
    msg = read("pacs009-cov-transshipment.xml")
    assert msg.kind == "pacs.009"
    assert role(msg, "debtor").kind == "agent"  # the debtor of a pacs.009 is a bank
    ultimate = role(msg, "underlying_ultimate_creditor")
    assert ultimate.name is not None and ultimate.name.text == "Uralsk Tool Works JSC"
    assert "UndrlygCstmrCdtTrf/UltmtCdtr/Nm" in ultimate.name.path
    assert role(msg, "underlying_debtor").country.text == "AE"  # type: ignore[union-attr]


def test_pain001_initiating_party_and_payment_information() -> None:
    msg = read("pain001-remittance-mention.xml")
    assert msg.kind == "pain.001"
    assert role(msg, "initiating_party").name.text == "Steppe Agro Supply LLP"  # type: ignore[union-attr]
    assert role(msg, "debtor").path == "Document/CstmrCdtTrfInitn/PmtInf[1]/Dbtr"
    cdtr = role(msg, "creditor")
    assert cdtr.path == "Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[1]/Cdtr"
    assert cdtr.account is not None and cdtr.account.text == "004-112233-838"
    assert msg.amounts[0].currency == "USD"
    assert "TSK Vektor" in msg.texts[0].value.text


def test_camt053_entries_related_parties() -> None:
    msg = read("camt053-statement.xml")
    assert msg.kind == "camt.053"
    cdtr = role(msg, "creditor")
    assert cdtr.name is not None and cdtr.name.text.startswith("Beijing Xichao")
    assert cdtr.name.path == (
        "Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/NtryDtls[1]/TxDtls[1]/RltdPties/Cdtr/Pty/Nm"
    )
    assert role(msg, "debtor").account.text == "TR330006100519786457841326"  # type: ignore[union-attr]
    assert role(msg, "account_servicer").bic.text == "COBADEFFXXX"  # type: ignore[union-attr]
    assert {t.kind for t in msg.texts} == {"remittance", "additional_info"}


def test_mt103_free_lines_split_into_name_and_address() -> None:
    msg = read("mt103-creditor-free-lines.txt")
    assert msg.kind == "MT103"
    cdtr = role(msg, "creditor")
    # the name runs over two lines: the second starts with a legal form
    assert cdtr.name is not None and cdtr.name.text == "REDLEPUS VECTOR INDUSTRY SHENZHEN CO LTD"
    assert cdtr.name.path == ":59: lines 2-3"
    assert [a.text for a in cdtr.address] == ["NANSHAN DISTRICT", "SHENZHEN CN"]
    assert cdtr.country is not None and cdtr.country.text == "CN"
    assert cdtr.account is not None and cdtr.account.path == ":59: line 1"
    debtor = role(msg, "debtor")
    assert debtor.name is not None and debtor.name.path == ":50K: line 2"
    assert debtor.town is not None and debtor.town.text == "HAMBURG"
    assert role(msg, "instructed_agent").bic.text == "BKCHCNBJ"  # type: ignore[union-attr]
    assert msg.texts[0].value.path == ":70: line 1"
    assert msg.amounts[0].amount == "48200.00"


def test_mt202cov_sequence_b_structured_50f_59f() -> None:
    msg = read("mt202cov-underlying.txt")
    assert msg.kind == "MT202COV"
    assert role(msg, "creditor").bic.text == "IRVTUS3N"  # type: ignore[union-attr]  # 58A
    ordering = role(msg, "underlying_debtor")
    assert ordering.name is not None and ordering.name.text == "NORDHAFEN MASCHINENTEILE GMBH"
    assert ordering.name.path == "seq B :50F: line 2"
    assert ordering.town is not None and ordering.town.text == "HAMBURG"
    beneficiary = role(msg, "underlying_creditor")
    assert beneficiary.name is not None
    assert beneficiary.name.text == "ARTEM MIKHAYLOVICH YAMSHCHIKOV"  # two 1/ lines
    assert beneficiary.country is not None and beneficiary.country.text == "RU"
    assert role(msg, "underlying_creditor_agent").bic.text == "IRVTUS3N"  # type: ignore[union-attr]
    assert {t.kind for t in msg.texts} == {"remittance", "sender_to_receiver"}


def test_mt202_without_cov() -> None:
    text = (
        "{1:F01DEUTDEFFAXXX0000000000}{2:I202CHASUS33XXXXN}{4:\n:20:REF1\n:21:REL1\n"
        ":32A:261130USD1000,00\n:52D:EXAMPLE BANK\nZURICH CH\n:58A:IRVTUS3N\n-}"
    )
    msg = parse_message(text)
    assert msg.kind == "MT202"
    agent = role(msg, "debtor_agent")
    assert agent.name is not None and agent.name.text == "EXAMPLE BANK"
    assert agent.country is not None and agent.country.text == "CH"


def test_text_block_alone_is_read() -> None:
    msg = parse_message(":20:X1\n:32A:261130EUR5,00\n:50K:JOHN SMITH\n:59:/123\nJANE DOE\n-")
    assert role(msg, "creditor").name.text == "JANE DOE"  # type: ignore[union-attr]


HOSTILE_XML = {
    "billion laughs": (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<Document><FIToFICstmrCdtTrf>&lol2;</FIToFICstmrCdtTrf></Document>",
        "line 1",
    ),
    "external entity": ((EXAMPLES / "broken-external-entity.xml").read_bytes(), "line 2"),
    "utf-16 doctype": (
        '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM '
        '"http://example.invalid/">]>\n<Document/>'.encode("utf-16"),
        "line",
    ),
    "not well formed": ((EXAMPLES / "broken-not-well-formed.xml").read_bytes(), "line 17"),
    "wrong encoding": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:'
        'xsd:pacs.008.001.08"><FIToFICstmrCdtTrf><CdtTrfTxInf><Cdtr><Nm>Müller</Nm></Cdtr>'
        "</CdtTrfTxInf></FIToFICstmrCdtTrf></Document>".encode("latin-1"),
        "line 2",
    ),
    "huge name": (
        b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>'
        b"<CdtTrfTxInf><Cdtr><Nm>" + b"A" * 5000 + b"</Nm></Cdtr></CdtTrfTxInf>"
        b"</FIToFICstmrCdtTrf></Document>",
        "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm",
    ),
    "unsupported": (b"<Document><Foo/></Document>", "Document/Foo"),
    "bad bic": (
        b"<Document><FIToFICstmrCdtTrf><CdtTrfTxInf><CdtrAgt><FinInstnId><BICFI>NOT A BIC"
        b"</BICFI></FinInstnId></CdtrAgt></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>",
        "CdtrAgt/FinInstnId/BICFI",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_XML))
def test_hostile_xml_is_an_error_naming_the_place(case: str) -> None:
    data, where = HOSTILE_XML[case]
    with pytest.raises(MessageError) as err:
        parse_message(data)
    assert err.value.where is not None and where in err.value.where, str(err.value)


HOSTILE_MT = {
    "truncated block 4": ((EXAMPLES / "broken-truncated-mt103.txt").read_text(), "line 7"),
    "unclosed block 3": ("{1:F01COBADEFFAXXX0000000000}{3:{108:X}", "line 1"),
    "non-ascii": ("{1:F01COBADEFFAXXX0000000000}{4:\n:20:X\n:59:MÜLLER\n-}", "line 3"),
    "huge line": ("{4:\n:20:X\n:70:" + "A" * 5000 + "\n-}", "line 3"),
    "no beneficiary": ("{2:I103BKCHCNBJXXXXN}{4:\n:20:X\n:50K:JOHN\n-}", None),
    "bad 59F": ("{4:\n:20:X\n:50K:JOHN\n:59F:/1\nNAME WITHOUT NUMBER\n-}", "line 5"),
    "bad 57A": ("{4:\n:20:X\n:50K:JOHN\n:57A:NOT A BIC\n:59:JANE\n-}", "line 4"),
    "unknown type": ("{2:I999BKCHCNBJXXXXN}{4:\n:20:X\n-}", "line 1"),
    "text before field": ("{4:\nHELLO\n:20:X\n-}", "line 2"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_MT))
def test_hostile_mt_is_an_error_naming_the_line(case: str) -> None:
    text, where = HOSTILE_MT[case]
    with pytest.raises(MessageError) as err:
        parse_message(text.encode("latin-1"))
    if where is not None:
        assert err.value.where == where, str(err.value)


def test_neither_format() -> None:
    with pytest.raises(MessageError, match="neither ISO 20022"):
        parse_message(b"hello")
    with pytest.raises(MessageError, match="empty"):
        parse_message(b"  ")


def test_mt_free_lines_second_line_read_both_ways() -> None:
    text = (
        "{4:\n:20:X\n:50K:JOHN SMITH\n:59:/123\nJOINT STOCK COMPANY IZHEVSK\n"
        "ELECTROMECHANICAL PLANT KUPOL\nIZHEVSK RU\n-}"
    )
    cdtr = role(parse_message(text), "creditor")
    assert cdtr.name is not None and cdtr.name.text == "JOINT STOCK COMPANY IZHEVSK"
    (other,) = cdtr.other_names
    assert other.text == "JOINT STOCK COMPANY IZHEVSK ELECTROMECHANICAL PLANT KUPOL"
    assert other.path == ":59: lines 2-3"


def test_bulk_file_over_the_party_limit_is_an_error() -> None:
    tx = b"<CdtTrfTxInf><Cdtr><Nm>x</Nm></Cdtr></CdtTrfTxInf>"
    data = b"<Document><FIToFICstmrCdtTrf>" + tx * 5001 + b"</FIToFICstmrCdtTrf></Document>"
    with pytest.raises(MessageError) as err:
        parse_message(data)
    assert err.value.where == "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[5001]/Cdtr"


def test_deep_nesting_is_an_error() -> None:
    data = b"<Document>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</Document>"
    with pytest.raises(MessageError, match="depth"):
        parse_message(data)


def test_mt_name_cut_inside_a_word_full_line_is_read_alone_too() -> None:
    # a bank's system cuts the name at the 35th character, inside "ELECTROMECHANICAL"
    text = (
        "{4:\n:20:X\n:50K:JOHN SMITH\n:59:/123\nJOINT STOCK COMPANY IZHEVSK ELECTRO\n"
        "MECHANICAL PLANT KUPOL\nIZHEVSK RU\n-}"
    )
    cdtr = role(parse_message(text), "creditor")
    assert cdtr.name is not None and cdtr.name.path == ":59: lines 2-3"
    assert cdtr.name.text == "JOINT STOCK COMPANY IZHEVSK ELECTRO MECHANICAL PLANT KUPOL"
    assert [(v.text, v.path) for v in cdtr.other_names] == [
        ("JOINT STOCK COMPANY IZHEVSK ELECTRO", ":59: line 2"),
        ("JOINT STOCK COMPANY IZHEVSK ELECTROMECHANICAL PLANT KUPOL", ":59: lines 2-3"),
    ]
    assert [a.text for a in cdtr.address] == ["IZHEVSK RU"]
    # cut at a space: no reading without it
    spaced = text.replace("IZHEVSK ELECTRO\n", "IZHEVSK ELECTR \n").replace("\nMECH", "\nOMECH")
    assert len(role(parse_message(spaced), "creditor").other_names) == 1


def test_mt_full_name_line_before_the_town_line_is_read_alone_too() -> None:
    # 35 characters of name, then the town: the last line is the address as well
    text = (
        "{4:\n:20:X\n:50K:JOHN SMITH\n:59:/123\nSVIATLANA ALIAKSANDRAUNA BANDARENKA\nTEHRAN IR\n-}"
    )
    cdtr = role(parse_message(text), "creditor")
    assert ("SVIATLANA ALIAKSANDRAUNA BANDARENKA", ":59: line 2") in [
        (v.text, v.path) for v in cdtr.other_names
    ]
    assert [a.text for a in cdtr.address] == ["TEHRAN IR"]
    assert cdtr.country is not None and cdtr.country.text == "IR"
    assert cdtr.country.path == ":59: line 3"
    # a legal form on the next line is the name's end only
    legal = text.replace("TEHRAN IR", "LTD")
    assert role(parse_message(legal), "creditor").address == []


def test_mt_short_name_line_is_read_as_before() -> None:
    text = "{4:\n:20:X\n:50K:JOHN SMITH\n:59:/123\nNORDHAFEN GMBH\nHAFENSTRASSE 1\nHAMBURG DE\n-}"
    cdtr = role(parse_message(text), "creditor")
    assert cdtr.name is not None and cdtr.name.text == "NORDHAFEN GMBH"
    assert cdtr.other_names == []
    assert [a.text for a in cdtr.address] == ["HAFENSTRASSE 1", "HAMBURG DE"]


def test_59f_name_lines_cut_inside_a_word() -> None:
    text = (
        "{2:I202ABCDDEFFXXXXN}{3:{119:COV}}{4:\n:20:X\n:21:Y\n:32A:261130USD5,00\n"
        ":58A:ABCDDEFF\n:50F:/123\n1/JOHN SMITH\n3/DE/TOWN\n:59F:/1234\n"
        "1/VTB BANK PUBLIC JOINT STOCK COMPA\n1/NY\n3/RU/MOSCOW\n-}"
    )
    cdtr = role(parse_message(text), "underlying_creditor")
    assert cdtr.name is not None and cdtr.name.text == "VTB BANK PUBLIC JOINT STOCK COMPA NY"
    (glued,) = cdtr.other_names
    assert (glued.text, glued.path) == (
        "VTB BANK PUBLIC JOINT STOCK COMPANY",
        "seq B :59F: lines 2-3",
    )
    # a 1/ line short of its 33 characters is joined with a space only
    short = text.replace(
        "1/VTB BANK PUBLIC JOINT STOCK COMPA\n1/NY", "1/VTB BANK PUBLIC\n1/JOINT STOCK"
    )
    assert role(parse_message(short), "underlying_creditor").other_names == []


def test_iso20022_one_pass_reading_keeps_roles_under_envelopes_and_mixed_namespaces() -> None:
    """The one-pass reader knows each element's ancestors: a party under the underlying
    customer transfer is ``underlying_…``, one under tax remittance is no party, an
    element without the namespace is still read, and the envelope is an ancestor too."""
    ns = "urn:iso:std:iso:20022:tech:xsd:pacs.009.001.08"
    data = (
        f'<AppHdrEnv><Document xmlns="{ns}"><FICdtTrf><GrpHdr><MsgId>M1</MsgId></GrpHdr>'
        "<CdtTrfTxInf><Dbtr><FinInstnId><BICFI>AAAADEFFXXX</BICFI></FinInstnId></Dbtr>"
        '<UndrlygCstmrCdtTrf><Cdtr><Nm xmlns="">Plain Name Ltd</Nm></Cdtr></UndrlygCstmrCdtTrf>'
        "<RmtInf><Strd><TaxRmt><Cdtr><Nm>Tax Office</Nm></Cdtr></TaxRmt></Strd>"
        "<Ustrd>invoice 7</Ustrd></RmtInf></CdtTrfTxInf></FICdtTrf></Document></AppHdrEnv>"
    ).encode()
    msg = parse_message(data)
    assert [(p.role, p.name.text if p.name else None) for p in msg.parties] == [
        ("debtor", None),
        ("underlying_creditor", "Plain Name Ltd"),
    ]
    assert msg.parties[1].name is not None
    assert msg.parties[1].name.path == "Document/FICdtTrf/CdtTrfTxInf[1]/UndrlygCstmrCdtTrf/Cdtr/Nm"
    assert [(t.kind, t.value.text) for t in msg.texts] == [("remittance", "invoice 7")]


def test_iso20022_elements_read_in_any_namespace_or_none_in_document_order() -> None:
    """The pass over a message picks the elements it reads (roles, texts, purpose codes,
    amounts) out of the tree by local name, in any namespace or none, in document order."""
    ns = "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"
    data = (
        f'<Document xmlns="{ns}" xmlns:q="urn:other"><FIToFICstmrCdtTrf><GrpHdr><MsgId>M2'
        "</MsgId></GrpHdr><CdtTrfTxInf>"
        '<IntrBkSttlmAmt xmlns="" Ccy="EUR">5.00</IntrBkSttlmAmt>'
        "<q:Dbtr><q:Nm>Other Space GmbH</q:Nm></q:Dbtr>"
        '<Cdtr xmlns=""><Nm>No Space Ltd</Nm><PstlAdr><Ctry>FR</Ctry></PstlAdr></Cdtr>'
        "<Purp><q:Cd>GDDS</q:Cd></Purp>"
        "<RmtInf><q:Ustrd>first</q:Ustrd><q:Ustrd>second</q:Ustrd></RmtInf>"
        "</CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"
    ).encode()
    msg = parse_message(data)
    assert [(p.role, p.name.text if p.name else None) for p in msg.parties] == [
        ("debtor", "Other Space GmbH"),
        ("creditor", "No Space Ltd"),
    ]
    assert msg.parties[1].country is not None and msg.parties[1].country.text == "FR"
    assert [(t.kind, t.value.text, t.value.path) for t in msg.texts] == [
        ("remittance", "first", "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/RmtInf/Ustrd[1]"),
        ("remittance", "second", "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/RmtInf/Ustrd[2]"),
    ]
    assert [p.text for p in msg.purposes] == ["GDDS"]
    assert [(a.amount, a.currency) for a in msg.amounts] == [("5.00", "EUR")]


def test_local_names_kept_are_bounded() -> None:
    """Hostile input may make up any number of tags: the local names kept stay bounded."""
    from tracewire.messages import iso20022

    tags = "".join(f"<X{i}>a</X{i}>" for i in range(300))
    data = f'<Document xmlns="urn:x:pacs.008.001.08"><FIToFICstmrCdtTrf>{tags}'.encode()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(iso20022, "LOCALS_KEPT", 100)
        mp.setattr(iso20022, "_LOCALS", {})
        parse_message(data + b"</FIToFICstmrCdtTrf></Document>")
        assert len(iso20022._LOCALS) == 100
