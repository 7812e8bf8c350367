"""Listed parties joined by what they share (identifiers, phones, e-mails, domains,
addresses): on real list data, and in a case whose only way to a designated party runs
through two listed parties at one address."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

from tests.conftest import raw_file
from tests.network.factory import case, company, party, run, sanction
from tracewire.model import Entity
from tracewire.network.contacts import address_key
from tracewire.network.graph import list_graph
from tracewire.network.lists import ListData
from tracewire.network.shared import MAX_SHARED, Link, SharedIndex, shared_index
from tracewire.sources.ofac_csv import FORMATS

SDN = FORMATS[0]


def listed(eid: str, name: str, schema: str = "Company", **props: str) -> Entity:
    """A list entity with its values as the publisher wrote them (not cleaned)."""
    e = Entity.make(schema, eid, "test")
    e.add("name", name)
    for prop, value in props.items():
        e.add(prop, value, cleaned=True)
    return e


def links_between(index: SharedIndex, a: str, b: str) -> list[Link]:
    return [link for link in index.links if {link.a.entity, link.b.entity} == {a, b}]


# -- real lists ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sdn2021() -> ListData:
    folder = "ofac_sdn_fullset_2021-07"
    files = [raw_file(folder, n) for n in ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")]
    return ListData.from_entities(SDN.parse(files, "us_ofac_sdn").entities, {"us_ofac_sdn": 7})


@pytest.fixture(scope="module")
def zala_entities() -> list[Entity]:
    path = raw_file("opensanctions_ftm_fixtures", "zala", "entities.ftm.json")
    with open(path, encoding="utf-8") as fh:
        return [Entity.from_ftm(json.loads(line)) for line in fh if line.strip()]


@pytest.mark.slow
def test_sdn_entries_with_one_street_address_are_linked(sdn2021: ListData) -> None:
    """Every group of SDN entries whose add.csv address is written identically (and names
    a street or building, not just a town) is joined pairwise, unless the group is a hub."""
    index = shared_index(sdn2021)
    by_text: dict[str, set[str]] = defaultdict(set)
    for e in sdn2021.things.values():
        for text in e.get("address"):
            by_text[" ".join(text.lower().split())].add(e.id)
    linked = {frozenset((link.a.entity, link.b.entity)) for link in index.links if link.kind == "same_address"}  # fmt: skip
    groups = [ids for text, ids in by_text.items() if 2 <= len(ids) <= MAX_SHARED and address_key(text)]  # fmt: skip
    assert len(groups) > 50 and len(linked) > 500
    hubs = {" ".join(text.lower().split()) for kind, text in index.hubs if kind == "address"}
    for text, ids in by_text.items():
        if ids in groups and text not in hubs:
            for a in ids:
                assert all(frozenset((a, b)) in linked for b in ids - {a}), text
    # towns and countries alone name no place
    vague = {e for text, ids in by_text.items() if address_key(text) is None for e in ids}
    only_vague = {e for e in vague if all(address_key(t) is None for t in sdn2021.things[e].get("address"))}  # fmt: skip
    assert only_vague and not any(link.a.entity in only_vague for link in index.links if link.kind in ("same_address", "same_building"))  # fmt: skip


def test_sdn_shared_building_with_sources(sdn2021: ListData) -> None:
    """HODA and MERSAD Shipping (IRISL fronts) give one Nicosia address; the link names
    both SDN rows, the dataset and its version."""
    index = shared_index(sdn2021)
    [link] = [x for x in links_between(index, "ofac-15129", "ofac-15134") if x.kind == "same_address"]  # fmt: skip
    assert "Panteli Katelari" in link.a.value
    g = list_graph(sdn2021)
    [edge] = [e for e in g.adj["ofac-15129"] if e.other("ofac-15129") == "ofac-15134" and e.kind == "same_address"]  # fmt: skip
    assert {(s.dataset, s.version, s.entity_id, s.source_id) for s in edge.sources} == {
        ("us_ofac_sdn", 7, "ofac-15129", "15129"),
        ("us_ofac_sdn", 7, "ofac-15134", "15134"),
    }
    # 104 and 88 Smithdown Road, Liverpool: one street, one postcode, two buildings
    assert not links_between(index, "ofac-9600", "ofac-9602")
    # 43 Moskovska Str., Sofia: the registered address of 30 companies of one network is
    # more than MAX_SHARED, too generic to link any two of them
    assert any(kind == "address" and "43 Moskovska" in text for kind, text in index.hubs)
    assert not links_between(index, "ofac-32030", "ofac-32121")


def test_real_network_path_through_a_listed_partys_address(zala_entities: list[Entity]) -> None:
    """OpenSanctions' ZALA network: Aeroscan (not sanctioned) shares its Moscow building
    with the sanctioned LLC CST. A (fictional) case party that gives Aeroscan's phone
    number reaches CST only through that list-to-list link."""
    aeroscan, cst = "NK-iE6m5ryPeTAMZozfECVSL7", "NK-abdzbEBkqyT29GyREbiURZ"
    zala = ListData.from_entities(zala_entities, {e.dataset: 1 for e in zala_entities})
    index = shared_index(zala)
    assert not zala.is_sanctioned(aeroscan) and zala.is_sanctioned(cst)
    [link] = links_between(index, aeroscan, cst)
    assert (
        link.kind in ("same_address", "same_building") and "Perunov" in link.a.value + link.b.value
    )
    c = case(parties=[party("p", "Perun Test Trading LLC", country="kg", phone="+7 (499) 673-05-05")])  # fmt: skip
    inv = run(c, zala_entities)
    [f] = [f for f in inv.findings if f.kind == "network"]
    [path] = [p for p in f.data["paths"] if p["target"] == cst]
    kinds = [k for _a, k, _b in path["edges"]]
    assert kinds[0] == "same_phone" and kinds[1] in ("same_address", "same_building")
    sources = [s for e in f.evidence for s in e.sources]
    assert any(s.kind == "list" and s.entity_id == cst and s.dataset == "mc_fund_freezes" for s in sources)  # fmt: skip


# -- a constructed case --------------------------------------------------------------------


def lists_with_a_front(second_address: bool = True) -> list[Entity]:
    """T (sanctioned) at Hengfeng Building; M (listed, not sanctioned) has an office in
    Jinhui Plaza and, in the same list, the address of T."""
    addresses = ["Room 1502, Jinhui Plaza, 18 Haibin Road, Xiangzhou, Zhuhai"]
    if second_address:
        addresses.append("Unit 5, Hengfeng Bldg, 88 Jinhui Rd, Xiqu, Zhongshan")
    return [
        company("l-t", "Tarragon Defence Works", address="Unit 5, Hengfeng Building, 88 Jinhui Road, Xiqu, Zhongshan"),
        sanction("l-t"),
        company("l-m", "Meridian Components Co., Ltd", address=addresses),
    ]  # fmt: skip


def test_only_path_runs_through_a_list_to_list_shared_address() -> None:
    c = case(parties=[party("a", "Amberline Supply Co., Ltd", country="cn",
                            address="Room 2210, Jinhui Plaza, 18 Haibin Rd, Xiangzhou, Zhuhai")])  # fmt: skip
    inv = run(c, lists_with_a_front())
    [f] = [f for f in inv.findings if f.kind == "network"]
    [path] = f.data["paths"]
    assert path["target"] == "l-t" and path["hops"] == 2
    assert [(k, {a, b}) for a, k, b in path["edges"]] == [
        ("same_building", {"case:party:a", "l-m"}), ("same_address", {"l-m", "l-t"})]  # fmt: skip
    hop = [s for s in f.evidence[0].sources if s.kind == "list"]
    assert {(s.dataset, s.version, s.entity_id) for s in hop} == {("test", 1, "l-m"), ("test", 1, "l-t")}  # fmt: skip
    assert any("Hengfeng" in (s.note or "") for s in hop)
    # the party is not at a listed party's address itself: no R7, the path is the finding
    assert not [x for x in inv.findings if x.rule == "R7-listed-address"]
    # without M's second address there is no way from the party to T
    assert not [f for f in run(c, lists_with_a_front(False)).findings if f.kind == "network"]


def test_hub_guard_on_list_keys() -> None:
    """A phone given by more than MAX_SHARED listed parties links none of them; at
    MAX_SHARED it links all of them."""
    many = [company(f"l-{i}", f"Firm {i}", phone="+971 4 555 0101", country="ae") for i in range(MAX_SHARED + 1)]  # fmt: skip
    index = shared_index(ListData.from_entities(many))
    assert not [link for link in index.links if link.kind == "same_phone"]
    assert index.hubs == {("phone", "+97145550101")}
    index = shared_index(ListData.from_entities(many[:MAX_SHARED]))
    assert len([link for link in index.links if link.kind == "same_phone"]) == MAX_SHARED * (MAX_SHARED - 1) // 2  # fmt: skip


def test_list_keys_are_normalised() -> None:
    ents = [
        # an IMO number with and without its prefix: one vessel, in two lists
        listed("v-uk", "Lark", "Vessel", imoNumber="IMO 9187629"),
        listed("v-eu", "Lark", "Vessel", imoNumber="9187629"),
        # a company's IMO number that happens to equal a vessel's: not the same thing
        listed("c-imo", "Shipmanager Ltd", imoNumber="9187629"),
        # an INN as a tax number and as an INN: the same number, not the same kind
        listed("c-inn", "Alpha OOO", innCode="7731084175"),
        listed("c-tax", "Alpha LLC", taxNumber="77-3108-4175"),
        # a registration number is national: equal numbers in two countries mean nothing
        listed("c-reg-ru", "Beta OOO", registrationNumber="123456", country="ru"),
        listed("c-reg-cn", "Beta Co", registrationNumber="123456", country="cn"),
        # phones as published: national form with the party's country, several in one
        # value, international form; a national number without a country compares with nothing
        listed("c-ph1", "Gamma", phone="8 (495) 123-45-67", country="ru"),
        listed("c-ph2", "Gamma Trade", phone="Tel. +7 495 1234567; fax +7 495 1234568"),
        listed("c-ph3", "Gamma Export", phone="8 (495) 123-45-67"),
        # a web site and an e-mail address on one registrable domain; a social network
        listed("c-w1", "Delta", website="https://www.delta-aero.ru/en", email="info@vk.com"),
        listed("c-w2", "Delta Service", email="sales@spb.delta-aero.ru", website="https://vk.com/delta"),  # fmt: skip
    ]  # fmt: skip
    index = shared_index(ListData.from_entities(ents))
    kinds = {frozenset((x.a.entity, x.b.entity)): x.kind for x in index.links}
    assert kinds[frozenset(("v-uk", "v-eu"))] == "identity"
    assert kinds[frozenset(("v-uk", "c-imo"))] == "same_identifier"
    assert kinds[frozenset(("c-inn", "c-tax"))] == "same_identifier"
    assert frozenset(("c-reg-ru", "c-reg-cn")) not in kinds
    assert kinds[frozenset(("c-ph1", "c-ph2"))] == "same_phone"
    assert frozenset(("c-ph1", "c-ph3")) not in kinds
    assert kinds[frozenset(("c-w1", "c-w2"))] == "same_domain"
    assert ("domain", "vk.com") not in index.keys and ("domain", "delta-aero.ru") in index.keys


def test_list_identity_makes_a_cluster_and_a_finding() -> None:
    """OFAC and EU list one vessel company under two ids with one IMO number; a case party
    matched to an unsanctioned list record with that number is designated too."""
    ents = [
        company("l-ofac", "Sea Lark Shipping Corp", imoNumber="IMO 5566778"), sanction("l-ofac"),
        company("l-other", "Jade Harbour Holdings Inc", imoNumber="5566778"),
    ]  # fmt: skip
    data = ListData.from_entities(ents)
    g = list_graph(data)
    assert g.cluster("l-other") == g.cluster("l-ofac")
    c = case(parties=[party("a", "Jade Harbour Holdings Inc", identifiers={"imo": "5566778"})],
             transactions=[{"id": "t", "type": "payment", "payment": {"currency": "USD", "payer": "a"}}])  # fmt: skip
    inv = run(c, ents)
    ids = [f for f in inv.findings if f.subject.id == "a" and f.kind == "screening"]
    assert ids and ids[0].severity == "blocked"
    assert next(v for v in inv.transaction_verdicts if v.subject.id == "t").verdict == "blocked"
    # the list part of the graph is built once and left as it was
    assert list_graph(data) is g and shared_index(data) is shared_index(data)
    assert not any(n.startswith("case:") for n in g.nodes)


def test_case_party_sharing_an_identifier_with_a_designated_case_party() -> None:
    """Two case parties with one INN are one company: if one is designated, so is the
    other, even under a name that matches nothing."""
    ents = [company("l-x", "Xylem Holding OOO"), sanction("l-x")]
    c = case(
        parties=[party("a", "Totally Different Name LLC", identifiers={"inn": "7700000001"}),
                 party("b", "Xylem Holding OOO", identifiers={"inn": "7700000001"})],
        transactions=[{"id": "t", "type": "invoice", "parties": {"buyer": "a"}}],
    )  # fmt: skip
    inv = run(c, ents)
    [f] = [f for f in inv.findings if f.rule == "screening.identity"]
    assert f.subject.id == "a" and f.severity == "blocked" and f.regimes == ["ofac"]
    assert any("innCode 7700000001" in e.statement for e in f.evidence)
    assert {v.subject.id: v.verdict for v in inv.party_verdicts} == {"a": "blocked", "b": "blocked"}
    assert inv.transaction_verdicts[0].verdict == "blocked"


def test_case_phone_matches_list_phone_in_another_format() -> None:
    red = listed("l-red", "Redstone Industrial Co., Ltd", phone="Tel. +86 760 8812 3456; fax +86 760 8812 3499")  # fmt: skip
    c = case(parties=[party("tel", "Bluefield Supply", country="cn", phone="0760 8812 3499")])
    inv = run(c, [red, sanction("l-red", dataset="test")])
    [f] = [f for f in inv.findings if f.rule == "R7-listed-address"]
    assert f.data["kinds"] == ["same_phone"]
    statement = f.evidence[0].statement
    assert "0760 8812 3499" in statement and re.search(r"\+86 760 8812 3499", statement)
    assert "fax +86 760 8812 3499" in f.evidence[0].sources[1].note
