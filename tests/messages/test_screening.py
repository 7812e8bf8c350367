"""Screening messages: verdicts, and each hit's role, path and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracewire.messages.screening import MessageScreener, Verdict

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "payments" / "messages"


def screen(ms: MessageScreener, name: str) -> Verdict:
    return ms.screen_bytes((EXAMPLES / name).read_bytes(), name)


def hits(v: Verdict, kind: str, action: str | None = None) -> list:  # type: ignore[type-arg]
    return [h for h in v.hits if h.kind == kind and (action is None or h.action == action)]


def test_clean_payment_passes(message_screener: MessageScreener) -> None:
    v = screen(message_screener, "pacs008-clean.xml")
    assert v.verdict == "pass", [h.to_dict() for h in v.hits]
    assert v.hits == []


def test_listed_bic8_blocks_its_branch(message_screener: MessageScreener) -> None:
    v = screen(message_screener, "pacs008-listed-bic.xml")
    assert v.verdict == "block"
    (hit,) = hits(v, "bic")
    assert hit.role == "creditor_agent"
    assert hit.path == "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/CdtrAgt/FinInstnId/BICFI"
    assert hit.party is not None and hit.party["id"] == "tw-example-vtb-bank"
    assert "VTBRRUMM" in hit.explanation


def test_bic_branches(message_screener: MessageScreener) -> None:
    base = (EXAMPLES / "pacs008-clean.xml").read_text()
    for bic, action in (("VTBRRUMM", "block"), ("VTBRRUMM123", "block"), ("VTBRRUMX", None)):
        v = message_screener.screen_bytes(base.replace("BNPAFRPP", bic))
        found = hits(v, "bic")
        assert [h.action for h in found] == ([action] if action else []), bic


def test_listed_creditor_behind_another_spelling(message_screener: MessageScreener) -> None:
    v = screen(message_screener, "pacs008-listed-creditor-spelling.xml")
    assert v.verdict == "hold"
    (hit,) = hits(v, "name")
    assert (hit.role, hit.party["id"]) == ("creditor", "tw-sample-iemz-kupol")  # type: ignore[index]
    assert hit.path == "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm"
    assert hit.score >= 0.8 and "name" in hit.details


def test_intermediary_in_sanctioned_jurisdiction_blocks(message_screener: MessageScreener) -> None:
    v = screen(message_screener, "pacs008-sanctioned-intermediary.xml")
    assert v.verdict == "block"
    assert {h.role for h in hits(v, "country", "block")} == {"intermediary_agent_1"}
    assert any(h.path.endswith("IntrmyAgt1/FinInstnId/PstlAdr/Ctry") for h in v.hits)  # type: ignore[union-attr]


def test_remittance_naming_a_listed_company(message_screener: MessageScreener) -> None:
    v = screen(message_screener, "pain001-remittance-mention.xml")
    assert v.verdict == "hold"
    (hit,) = hits(v, "mention")
    assert hit.party is not None and hit.party["id"] == "tw-sample-tsk-vektor"
    assert hit.path.endswith("RmtInf/Ustrd[1]")  # type: ignore[union-attr]
    # transshipment countries alone are notes, not holds
    assert {h.action for h in hits(v, "country")} == {"note"}


def test_mt103_creditor_in_free_lines(message_screener: MessageScreener) -> None:
    v = screen(message_screener, "mt103-creditor-free-lines.txt")
    assert v.verdict == "hold"
    (hit,) = hits(v, "name")
    assert (hit.role, hit.path) == ("creditor", ":59: lines 2-3")
    assert hit.party["id"] == "tw-sample-redlepus-tsk-vektor"  # type: ignore[index]


def test_mt202cov_underlying_beneficiary(message_screener: MessageScreener) -> None:
    v = screen(message_screener, "mt202cov-underlying.txt")
    (hit,) = hits(v, "name")
    assert hit.role == "underlying_creditor"
    assert hit.party["id"] == "tw-sample-artem-yamshchikov"  # type: ignore[index]


def test_transshipment_with_russia_is_a_hold(message_screener: MessageScreener) -> None:
    v = screen(message_screener, "pacs009-cov-transshipment.xml")
    assert v.verdict == "hold"
    ae = [h for h in hits(v, "country") if h.value == "AE"]
    assert ae and all(h.action == "hold" and "R1" in h.explanation for h in ae)


def test_camt053_entry_party(message_screener: MessageScreener) -> None:
    v = screen(message_screener, "camt053-statement.xml")
    (hit,) = hits(v, "name")
    assert hit.party["id"] == "tw-sample-beijing-xichao"  # type: ignore[index]
    assert "Ntry[2]" in hit.path  # type: ignore[operator]


def test_invalid_iban_is_a_hold(message_screener: MessageScreener) -> None:
    base = (EXAMPLES / "pacs008-clean.xml").read_text()
    v = message_screener.screen_bytes(
        base.replace("DE89370400440532013000", "DE89370400440532013001")
    )
    assert v.verdict == "hold"
    (hit,) = hits(v, "invalid")
    assert hit.path.endswith("DbtrAcct/Id/IBAN") and "IBAN" in hit.explanation  # type: ignore[union-attr]


def test_region_in_address_blocks(message_screener: MessageScreener) -> None:
    base = (EXAMPLES / "pacs008-clean.xml").read_text()
    v = message_screener.screen_bytes(
        base.replace(
            "<TwnNm>Roubaix</TwnNm><Ctry>FR</Ctry>", "<TwnNm>Sevastopol</TwnNm><Ctry>UA</Ctry>"
        )
    )
    assert v.verdict == "block"
    assert any("Crimea" in h.explanation for h in v.hits)


@pytest.mark.parametrize(
    "name",
    ["broken-external-entity.xml", "broken-not-well-formed.xml", "broken-truncated-mt103.txt"],
)
def test_broken_messages_are_held_with_the_place(
    message_screener: MessageScreener, name: str
) -> None:
    v = screen(message_screener, name)
    assert v.verdict == "hold" and v.error
    assert v.hits[0].kind == "error" and v.hits[0].path and v.hits[0].path.startswith("line ")


def test_garbage_never_passes(message_screener: MessageScreener) -> None:
    for data in (b"", b"\x00\xff\xfe", b"<x", b"{1:", b":20:X\n", "\u202e".encode()):
        assert message_screener.screen_bytes(data).verdict == "hold", data


def test_mt_name_wrapped_at_a_word_is_found(message_screener: MessageScreener) -> None:
    text = (
        "{4:\n:20:X\n:32A:261130EUR5,00\n:50K:JOHN SMITH\n:59:/123\nJOINT STOCK COMPANY IZHEVSK\n"
        "ELECTROMECHANICAL PLANT KUPOL\nIZHEVSK RU\n-}"
    )
    v = message_screener.screen_bytes(text)
    (hit,) = hits(v, "name")
    assert hit.path == ":59: lines 2-3" and hit.party["id"] == "tw-sample-iemz-kupol"  # type: ignore[index]


def test_mutated_messages_never_crash(message_screener: MessageScreener) -> None:
    import random

    rng = random.Random(3)
    files = [p.read_bytes() for p in sorted(EXAMPLES.iterdir())]
    for _ in range(80):
        data = bytearray(rng.choice(files))
        for _ in range(rng.randint(1, 4)):
            j = rng.randrange(len(data))
            op = rng.randrange(3)
            if op == 0:
                del data[j : j + rng.randint(1, 20)]
            elif op == 1:
                data[j:j] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 5)))
            else:
                data[j] = rng.choice(b"<>{}:/-\n&;\"'1AZ")
        v = message_screener.screen_bytes(bytes(data))  # never raises
        assert v.verdict in ("pass", "hold", "block")
        if v.error:
            assert v.verdict == "hold" and v.hits[0].kind == "error"


def test_hits_carry_the_listed_party_legal_effects(message_screener: MessageScreener) -> None:
    for name, kind in (
        ("pacs008-listed-bic.xml", "bic"),
        ("pacs008-listed-creditor-spelling.xml", "name"),
        ("pain001-remittance-mention.xml", "mention"),
    ):
        (hit,) = hits(screen(message_screener, name), kind)
        assert hit.party is not None, name
        records = message_screener.screener.index.records
        (record,) = [r for r in records if r.entity.id == hit.party["id"]]
        assert hit.party["effects"] == record.effects, (name, hit.party)
        # the example banks carry no sanction; the sample's parties do
        assert bool(record.effects) == (kind != "bic"), (name, record.effects)


@pytest.fixture(scope="module")
def wrapped_screener(message_screener: MessageScreener) -> MessageScreener:
    """The sample lists and two made-up listed parties whose names fill a 35-character
    MT line."""
    from tracewire.match import Screener
    from tracewire.model import Entity

    made_up = [
        Entity.from_ftm({"id": "t-person", "schema": "Person",
                         "properties": {"name": ["Kasiaryna Uladzimirauna HRUSHEVICH"]}}),
        Entity.from_ftm({"id": "t-company", "schema": "Company",
                         "properties": {"name": ["Zavod Elektromekhanicheskikh Priborov Vostok"]}}),
        Entity.from_ftm({"id": "t-aircraft", "schema": "Company",
                         "properties": {"name": ["Nordvik Shenyang Aircraft Company Limited"]}}),
    ]  # fmt: skip
    records = [r.entity for r in message_screener.screener.index.records]
    return MessageScreener(Screener.from_entities(records + made_up))


@pytest.mark.parametrize(
    ("lines", "party", "path"),
    [
        # the full name line, then the town line: found on the name line alone
        (["KASIARYNA ULADZIMIRAUNA HRUSHEVICH", "MINSK BY"], "t-person", ":59: line 2"),
        # cut at the 35th character inside a word, over lines 1-2 without a separator
        (["ZAVOD ELEKTROMEKHANICHESKIKH PRIBO", "ROV VOSTOK", "MOSCOW RU"], "t-company",
         ":59: lines 2-3"),
        (["JOINT STOCK COMPANY IZHEVSK ELECTRO", "MECHANICAL PLANT KUPOL", "IZHEVSK RU"],
         "tw-sample-iemz-kupol", ":59: lines 2-3"),
        # cut inside the legal form: found only without the space
        (["NORDVIK SHENYANG AIRCRAFT COMPANY L", "IMITED", "SHENYANG CN"], "t-aircraft",
         ":59: lines 2-3"),
    ],
)  # fmt: skip
def test_mt_name_filling_its_line_is_found(
    wrapped_screener: MessageScreener, lines: list[str], party: str, path: str
) -> None:
    text = "{4:\n:20:X\n:32A:261130EUR5,00\n:50K:JOHN SMITH\n:59:/123\n" + "\n".join(lines)
    v = wrapped_screener.screen_bytes(text + "\n-}")
    assert v.verdict in ("hold", "block")
    found = {(h.party or {}).get("id"): h.path for h in hits(v, "name")}
    assert found.get(party) == path


def test_mt_full_line_name_and_clean_town_is_not_held(wrapped_screener: MessageScreener) -> None:
    text = (
        "{4:\n:20:X\n:32A:261130EUR5,00\n:50K:JOHN SMITH\n:59:/123\n"
        "NORVALKEN DRALISMAR TRADING AND PAP\nER GMBH\nHAMBURG DE\n-}"
    )
    assert wrapped_screener.screen_bytes(text).verdict == "pass"


@pytest.fixture(scope="module")
def persons_screener(message_screener: MessageScreener) -> MessageScreener:
    """The sample lists and listed persons whose names an organisation's reading changes:
    a word that is a legal form (*SE*, *KU*), a word made a place's canonical term."""
    from tracewire.match import Screener
    from tracewire.model import Entity

    made_up = [
        Entity.from_ftm({"id": "t-paek", "schema": "Person",
                         "properties": {"name": ["PAEK, Se-Bong"], "nationality": ["kp"]}}),
        Entity.from_ftm({"id": "t-slobodskoy", "schema": "Person",
                         "properties": {"name": ["Dmitry Alekseyevich Slobodskoy"]}}),
        Entity.from_ftm({"id": "t-ku", "schema": "Person",
                         "properties": {"name": ["KU JA HYONG"]}}),
        Entity.from_ftm({"id": "t-vessel", "schema": "Vessel",
                         "properties": {"name": ["FU YUAN YU 7898"]}}),
        Entity.from_ftm({"id": "t-sierra", "schema": "Vessel",
                         "properties": {"name": ["SIERRA"]}}),
        Entity.from_ftm({"id": "t-ash", "schema": "Person",
                         "properties": {"name": ["I. ASH"]}}),
        Entity.from_ftm({"id": "t-calcutta", "schema": "Vessel",
                         "properties": {"name": ["AS CALCUTTA"]}}),
    ]  # fmt: skip
    records = [r.entity for r in message_screener.screener.index.records]
    return MessageScreener(Screener.from_entities(records + made_up))


def pacs008(creditor: str, intermediary: str | None = None, country: str = "DE") -> bytes:
    inter = (
        f"<IntrmyAgt1><FinInstnId><Nm>{intermediary}</Nm></FinInstnId></IntrmyAgt1>"
        if intermediary
        else ""
    )
    return (
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>'
        "<GrpHdr><MsgId>T1</MsgId></GrpHdr><CdtTrfTxInf><PmtId><EndToEndId>E1</EndToEndId>"
        '</PmtId><IntrBkSttlmAmt Ccy="EUR">10.00</IntrBkSttlmAmt><Dbtr><Nm>John Smith</Nm>'
        f"</Dbtr>{inter}<Cdtr><Nm>{creditor}</Nm><PstlAdr><Ctry>{country}</Ctry></PstlAdr></Cdtr>"
        "</CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"
    ).encode()


@pytest.mark.parametrize(
    ("name", "party"),
    [
        ("PAEK, Se-Bong", "t-paek"),
        ("PAEK, SE-BONG", "t-paek"),
        ("Dmitry Alekseyevich Slobodskoy", "t-slobodskoy"),
        ("KU JA HYONG", "t-ku"),
        ("FU YUAN YU 7898", "t-vessel"),
        ("AS CALCUTTA", "t-calcutta"),  # AS, a legal form, is a word of the vessel's name
    ],
)
def test_listed_person_read_as_an_organisation_is_found(
    persons_screener: MessageScreener, name: str, party: str
) -> None:
    v = persons_screener.screen_bytes(pacs008(name))
    assert v.verdict == "hold", [h.to_dict() for h in v.hits]
    assert {(h.role, (h.party or {}).get("id")) for h in hits(v, "name")} == {("creditor", party)}
    text = (
        f"{{4:\n:20:X\n:32A:261130EUR5,00\n:50K:JOHN SMITH\n:59:/123\n{name.upper()}\nCITY DE\n-}}"
    )
    mt = persons_screener.screen_bytes(text)
    assert {(h.path, (h.party or {}).get("id")) for h in hits(mt, "name")} == {
        (":59: line 2", party)
    }


def test_a_bank_name_is_not_read_as_a_person(persons_screener: MessageScreener) -> None:
    """An agent is a financial institution: its name is not asked as a person's; the
    name cache keeps the two apart in both orders."""
    persons_screener.clear_cache()
    for _ in range(2):
        v = persons_screener.screen_bytes(pacs008("Hans Meyer", intermediary="PAEK, SE-BONG"))
        assert hits(v, "name") == [], [h.to_dict() for h in v.hits]
        v = persons_screener.screen_bytes(pacs008("PAEK, SE-BONG", intermediary="Nordbank"))
        assert [(h.role, (h.party or {}).get("id")) for h in hits(v, "name")] == [
            ("creditor", "t-paek")
        ]


def test_the_name_cache_keeps_each_country_apart(persons_screener: MessageScreener) -> None:
    """The same name with another address country is another query (the listed party's
    nationality agrees or not): the cache answers each with its own score."""

    def score(country: str) -> float:
        v = persons_screener.screen_bytes(pacs008("PAEK, SE-BONG", country=country))
        (hit,) = [h for h in hits(v, "name") if (h.party or {}).get("id") == "t-paek"]
        return hit.score

    for order in (("DE", "KP"), ("KP", "DE")):
        persons_screener.clear_cache()
        first, second = (score(c) for c in order)
        again = {order[0]: first, order[1]: second}
        assert again["KP"] > again["DE"]  # nationality agrees / countries differ
        assert (score(order[0]), score(order[1])) == (first, second)  # from the cache


@pytest.mark.parametrize(
    ("name", "schemas"),
    [
        ("PAEK, Se-Bong", ("Person", "Vessel")),  # SE
        ("FU YUAN YU 7898", ("Person", "Vessel")),  # YU
        ("Dmitry Alekseyevich Slobodskoy", ("Person",)),
        ("Kenmar S.A.", ()),  # ends in its legal form
        ("Dral Oy", ()),
        ("Norvalken Trading GmbH", ()),
        ("John Smith", ()),  # both readings the same
        ("Norvalken Dralismar Trading and Pap", ()),  # only the connective differs
        ("Lunquasil Drakenwit Garden and Optics AB", ()),
    ],
)
def test_other_schemas(name: str, schemas: tuple[str, ...]) -> None:
    from tracewire.messages.screening import other_schemas

    assert other_schemas(name) == schemas


@pytest.mark.parametrize("name", ["AO Sfera", "AS Sfera", "AS Impuls", "AO Sierra"])
def test_a_firm_with_its_legal_form_first_is_not_a_vessel_or_person(
    persons_screener: MessageScreener, name: str
) -> None:
    """A firm's name that starts with its legal form (*AO*, *AS*, *OY*) is asked as a
    person's and a vessel's too (the form may be a name's word: *KU JA HYONG*), but a
    listed person or vessel found only so must have that word in the name it matched:
    *AO Sfera* is not the vessel *SIERRA*, *AS Impuls* not the person *I. ASH*."""
    from tracewire.messages.screening import other_schemas

    assert other_schemas(name) == ("Person", "Vessel")
    for v in (
        persons_screener.screen_bytes(pacs008(name)),
        persons_screener.screen_bytes(
            f"{{4:\n:20:X\n:32A:261130EUR5,00\n:50K:JOHN SMITH\n:59:/123\n{name.upper()}\n-}}"
        ),
    ):
        found = {(h.party or {}).get("id") for h in hits(v, "name")}
        assert not found & {"t-sierra", "t-ash"}, [h.to_dict() for h in v.hits]


def test_short_forms() -> None:
    from tracewire.messages.screening import short_forms

    assert short_forms("PAEK, Se-Bong") == {"se"}
    assert short_forms("AO Sfera") == {"ao"}
    assert short_forms("Kenmar S.A.") == frozenset()  # its last word
    assert short_forms("John Smith") == frozenset()


@pytest.mark.parametrize(
    ("name", "schemas", "forms"),
    [
        ("PAEK, Se-Bong", ("Person", "Vessel"), {"se"}),
        ("AO Sfera", ("Person", "Vessel"), {"ao"}),
        ("Dmitry Alekseyevich Slobodskoy", ("Person",), set()),
        ("Kenmar S.A.", (), set()),
        ("John Smith", (), set()),
    ],
)
def test_other_readings_are_the_schemas_and_short_forms(
    name: str, schemas: tuple[str, ...], forms: set[str]
) -> None:
    from tracewire.messages.screening import other_readings, other_schemas, short_forms

    assert other_readings(name) == (schemas, frozenset(forms))
    assert other_schemas(name) == schemas
    if schemas:
        assert other_readings(name)[1] == short_forms(name)


def test_short_forms_are_worked_out_once_per_name(
    persons_screener: MessageScreener, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A customer's name with a short legal form (*KU JA HYONG*) is read for its forms
    once per screening, not once to choose the schemas and again to filter the results."""
    import tracewire.messages.screening as screening

    calls: list[str] = []
    real = screening.short_forms

    def counted(name: str) -> frozenset[str]:
        calls.append(name)
        return real(name)

    monkeypatch.setattr(screening, "short_forms", counted)
    ms = MessageScreener(persons_screener.screener, persons_screener.mentions, cache_size=0)
    v = ms.screen_bytes(pacs008("KU JA HYONG"))
    assert v.verdict == "hold"
    assert calls.count("KU JA HYONG") == 1


def test_iban_check_is_schwiftys_reading_kept() -> None:
    """An account's IBAN check (country or why it is refused) is schwifty's, kept for the
    next message of the same counterparty."""
    import schwifty
    from schwifty.exceptions import SchwiftyException

    from tracewire.messages.screening import iban_check

    valid = str(schwifty.IBAN.generate("DE", bank_code="37040044", account_code="0532013000"))
    assert iban_check(valid) == ("de", None)
    broken = valid[:-1] + ("1" if valid[-1] != "1" else "2")
    with pytest.raises(SchwiftyException) as refused:
        schwifty.IBAN(broken)
    assert iban_check(broken) == (None, str(refused.value))
    hits_before = iban_check.cache_info().hits
    assert iban_check(broken) == (None, str(refused.value))
    assert iban_check.cache_info().hits == hits_before + 1
