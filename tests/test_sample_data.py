"""The embedded sample list (``tracewire demo``) is valid FtM and matches the published lists.

The first half checks the file on its own: every line is an FtM entity whose properties
exist on its schema and whose values are already clean, and every Sanction and
relationship points at an entity of the sample. The second half, which runs when
``../shared/data`` is present, re-reads the published list files with the plain ``csv``
and ``json`` modules (not with tracewire's parsers) and checks that each listing, name,
identifier, date and address in the sample is found in the source records the sample
cites, so the sample cannot drift from the published data.

How a sample entity cites its sources: each ``Sanction`` has a ``source_id`` naming the
publisher's record: the OFAC ent_num (``46431``), the UK unique id (``RUS2262``) or, for
the EU, ``<framework CELEX>/<annex>/<record>`` (``32014R0269/I.ENTITIES/141``). A party's
source records are the records of its sanctions.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from followthemoney import model

import tracewire
from tests.conftest import raw_file
from tracewire.model import Entity

SAMPLE = Path(tracewire.__file__).parent / "data" / "sample" / "tracewire_sample.ftm.json"
DATASET = "tracewire_sample"
OFAC = "US Office of Foreign Assets Control"
EU = "European Union"
UK = "UK Foreign, Commonwealth & Development Office"
AUTHORITY_COUNTRY = {OFAC: "us", EU: "eu", UK: "gb"}
RELATIONS = {
    "Ownership": ("owner", "asset"),
    "Directorship": ("director", "organization"),
    "UnknownLink": ("subject", "object"),
}
NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
ID_PROPS = (
    "innCode",
    "ogrnCode",
    "okpoCode",
    "uscCode",
    "registrationNumber",
    "taxNumber",
    "idNumber",
)
#: names taken from GUIDE §4 rather than a list file (CNA's traditional-script spelling)
GUIDE_NAMES = {"廈門林巴賀航空發動機股份有限公司"}
#: a distinctive word of each party, for checking that a relationship's source record
#: speaks of both of its ends
KEYWORD = {
    "tw-sample-iemz-kupol": "kupol",
    "tw-sample-almaz-antey": "almaz",
    "tw-sample-tsk-vektor": "vektor",
    "tw-sample-artem-yamshchikov": "yamshchikov",
    "tw-sample-xiamen-limbach": "limbach",
    "tw-sample-redlepus-tsk-vektor": "redlepus",
    "tw-sample-juhang-aviation": "juhang",
    "tw-sample-beijing-xichao": "xichao",
    "tw-sample-li-xinyang": "xinyang",
    "tw-sample-libss": "libbs",
    "tw-sample-anastasiya-tarshinova": "tarshinova",
    "tw-sample-sichuan-aee": "sichuan",
    "tw-sample-hunan-haotyanyi": "haotyanyi",
    "tw-sample-trading-house-vector": "tradinghousevector",
}


def norm(text: str) -> str:
    """Letters and digits only, case-folded: punctuation and spacing vary between lists."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


# -- the sample on its own ---------------------------------------------------------------
@cache
def sample_lines() -> tuple[dict, ...]:
    with SAMPLE.open(encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh if line.strip())


@cache
def sample() -> dict[str, Entity]:
    return {d["id"]: Entity.from_ftm(d) for d in sample_lines()}


def sanctions_of(party_id: str) -> list[Entity]:
    return [
        e for e in sample().values() if e.schema == "Sanction" and e.get("entity") == [party_id]
    ]


def parties() -> list[Entity]:
    return [e for e in sample().values() if e.matchable]


def test_every_line_is_an_ftm_entity_of_the_sample() -> None:
    lines = sample_lines()
    assert len(lines) == len(sample()), "duplicate entity ids"
    for data in lines:
        entity = Entity.from_ftm(data)
        assert entity.id.startswith("tw-sample-"), entity.id
        assert entity.dataset == DATASET and data["datasets"] == [DATASET]
        assert entity.to_ftm() == data, f"{entity.id} does not round-trip"


def test_properties_exist_and_values_are_clean() -> None:
    for entity in sample().values():
        schema = model.get(entity.schema)
        assert schema is not None and not schema.abstract, entity.schema
        assert entity.properties, entity.id
        for prop_name, values in entity.properties.items():
            prop = schema.get(prop_name)
            assert prop is not None, f"{entity.id}: {entity.schema} has no {prop_name}"
            assert values and len(values) == len(set(values)), f"{entity.id}.{prop_name}"
            for value in values:
                assert prop.type.clean(value) == value, f"{entity.id}.{prop_name}: {value!r}"


def test_sanctions_and_relationships_point_at_sample_entities() -> None:
    entities = sample()
    for entity in entities.values():
        for prop, ref in entity.edge_refs():
            assert ref in entities, f"{entity.id}.{prop} -> missing {ref}"
        if entity.schema == "Sanction":
            assert len(entity.get("entity")) == 1
            assert entities[entity.get("entity")[0]].matchable
            authority = entity.get("authority")
            assert len(authority) == 1 and authority[0] in AUTHORITY_COUNTRY, entity.id
            assert entity.get("country") == [AUTHORITY_COUNTRY[authority[0]]]
            assert entity.get("sourceUrl") and entity.get("summary"), entity.id
        if entity.schema in RELATIONS:
            for prop in RELATIONS[entity.schema]:
                assert len(entity.get(prop)) == 1, f"{entity.id}.{prop}"
            assert entity.get("role") and entity.get("summary"), entity.id
    for party in parties():
        assert sanctions_of(party.id), f"{party.id} has no Sanction"
        assert party.get("name"), party.id


def test_case_facts_kept_from_the_guide() -> None:
    entities = sample()
    kupol, almaz = entities["tw-sample-iemz-kupol"], entities["tw-sample-almaz-antey"]
    assert kupol.get("innCode") == ["1831083343"] and kupol.get("ogrnCode") == ["1021801143374"]
    assert almaz.get("innCode") == ["7731084175"] and almaz.get("ogrnCode") == ["1027739001993"]
    owns = entities["tw-sample-almaz-antey-owns-iemz-kupol"]
    assert owns.get("owner") == [almaz.id] and owns.get("asset") == [kupol.id]
    assert owns.get("role") == ["subsidiary"] and not owns.get("percentage")
    link = entities["tw-sample-tsk-vektor-linked-to-iemz-kupol"]
    assert link.get("role") == ["Linked To"]
    assert entities["tw-sample-redlepus-same-building-juhang"].get("role") == ["same building"]
    # IEMZ Kupol and Xiamen Limbach are not on the UK list of 2026-05 (GUIDE §4)
    for pid in ("tw-sample-iemz-kupol", "tw-sample-xiamen-limbach"):
        assert UK not in {a for s in sanctions_of(pid) for a in s.get("authority")}


# -- the published files -------------------------------------------------------------------
@cache
def ofac_sdn() -> dict[str, list[str]]:
    path = raw_file("ofac_sdn_2024-05-03", "sdn.csv")
    with path.open(encoding="cp1252", newline="") as fh:
        return {row[0]: row for row in csv.reader(fh) if len(row) >= 12}


def _by_ent_num(name: str) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = defaultdict(list)
    with raw_file("ofac_sdn_add_alt_2026", name).open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            out[row[0]].append([c.strip() for c in row])
    return out


@cache
def ofac_alt() -> dict[str, list[list[str]]]:
    return _by_ent_num("alt.csv")


@cache
def ofac_add() -> dict[str, list[list[str]]]:
    return _by_ent_num("add.csv")


@cache
def ofac_names() -> frozenset[str]:
    path = raw_file("ofac_sdn_names_2026-03", "ofac_names.json")
    return frozenset(norm(n) for n in json.loads(path.read_text(encoding="utf-8")))


@cache
def eu_rows(celex: str) -> list[dict[str, str]]:
    path = raw_file("eu_journal_sanctions_opensanctions", "consolidated", f"{celex}.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def uk_table(name: str) -> dict[str, list[dict[str, str]]]:
    path = raw_file("uk_sanctions_list_derived_2026-05", name)
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["unique_id"]].append(row)
    return out


def eu_row(source_id: str, party: Entity | None = None) -> dict[str, str]:
    """The row ``<celex>/<annex>/<record>``; an annex without record numbers is searched by
    the names of ``party``."""
    celex, annex, *record = source_id.split("/")
    hits = [
        r
        for r in eu_rows(celex)
        if r["annex"] == annex and r["recordId"] == (record[0] if record else "")
    ]
    if not record and party is not None:
        names = {norm(n) for n in party.names}
        hits = [r for r in hits if norm(r["name"]) in names]
    assert len(hits) == 1, f"{source_id}: {len(hits)} rows"
    return hits[0]


def party_of(sanction: Entity) -> Entity:
    return sample()[sanction.first("entity") or ""]


def ofac_records(ent_num: str) -> list[str]:
    """Texts of an SDN entry: sdn.csv row (if in the 2024 file), alt names, addresses."""
    texts = list(ofac_sdn().get(ent_num, []))
    texts += [alt[3] for alt in ofac_alt().get(ent_num, [])]
    texts += [", ".join(p for p in add[2:5] if p != "-0-") for add in ofac_add().get(ent_num, [])]
    return texts


def source_texts(sanction: Entity) -> list[str]:
    """All published text of the record a Sanction cites."""
    authority, sid = sanction.first("authority"), sanction.source_id
    if sid is None:
        return []
    if authority == OFAC:
        return ofac_records(sid)
    if authority == EU:
        return list(eu_row(sid, party_of(sanction)).values())
    names = [r["full_name"] for r in uk_table("subject_names.csv")[sid]]
    return names + [r["raw_value"] for r in uk_table("subject_identifiers.csv")[sid]]


def party_texts(party: Entity) -> str:
    return " | ".join(norm(t) for s in sanctions_of(party.id) for t in source_texts(s))


def parse_date(text: str) -> str | None:
    text = text.strip()
    for fmt in ("%d.%m.%Y", "%d/%m/%Y", "%d %b %Y"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return text if re.fullmatch(r"\d{4}", text) else None


def published_dates(party: Entity) -> set[str]:
    dates: set[str] = set()
    for sanction in sanctions_of(party.id):
        sid = sanction.source_id
        if sid is None:
            continue
        if sanction.first("authority") == EU:
            row = eu_row(sid, party)
            values: Iterable[str] = (row["incorporationDate"], row["birthDate"])
        elif sanction.first("authority") == OFAC:
            values = re.findall(r"Established Date ([^;.]+)", " ".join(ofac_sdn().get(sid, [])))
        else:
            continue
        dates.update(d for v in values if v and (d := parse_date(v)))
    return dates


def test_listings_match_the_published_records() -> None:
    checked = 0
    for sanction in (e for e in sample().values() if e.schema == "Sanction"):
        authority, sid = sanction.first("authority"), sanction.source_id
        party = party_of(sanction)
        names = {norm(n) for n in party.names}
        if authority == EU:
            row = eu_row(sid or "", party)
            assert [row["programKey"]] == sanction.get("programId"), sanction.id
            assert [row["measure"]] == sanction.get("provisions"), sanction.id
            expected = [parse_date(row["startDate"])] if row["startDate"] else []
            assert sanction.get("listingDate") == expected, sanction.id
            assert sanction.get("reason") == ([row["reason"]] if row["reason"] else [])
            assert norm(row["name"]) in names, sanction.id
        elif authority == UK:
            (subject,) = uk_table("subjects.csv")[sid or ""]
            assert sanction.get("listingDate") == [parse_date(subject["date_designated"])]
            assert subject["subject_type"] == (
                "individual" if party.schema == "Person" else "entity"
            )
            for row in uk_table("subject_names.csv")[sid or ""]:
                assert norm(row["full_name"]) in names, (sanction.id, row["full_name"])
        elif sid in ofac_sdn():
            sdn_row = ofac_sdn()[sid]
            assert set(sanction.get("programId")) == set(sdn_row[3].split("] [")), sanction.id
            assert norm(sdn_row[1]) in names, sanction.id
            for alt in ofac_alt().get(sid, []):
                # a.k.a. -> alias (or the primary name), f.k.a. -> previousName
                props = ("previousName",) if alt[2] == "fka" else ("name", "alias")
                kept = {norm(n) for p in props for n in party.get(p)}
                assert norm(alt[3]) in kept, (sid, alt[2], alt[3])
        else:
            # newer than the 2024 SDN file: the names file holds its primary name
            assert names & ofac_names(), f"{sanction.id}: no name in ofac_names.json"
            assert not sanction.get("programId"), f"{sanction.id}: program not verifiable"
            for alt in ofac_alt().get(sid or "", []):
                assert norm(alt[3]) in names, (sid, alt[3])
        checked += 1
    assert checked == sum(1 for e in sample().values() if e.schema == "Sanction")


def test_identifiers_are_in_the_party_records() -> None:
    for party in parties():
        texts = party_texts(party)
        for prop in ID_PROPS:
            for value in party.get(prop):
                assert norm(value) in texts, f"{party.id}.{prop} {value} not published"
    # the key identifiers, stated explicitly against the raw rows
    sdn = ofac_sdn()
    assert "Tax ID No. 1831083343" in sdn["46431"][11]
    assert "Business Registration Number 1021801143374" in sdn["46431"][11]
    assert "Tax ID No. 7731084175" in sdn["16865"][11]
    assert "Registration Number 1027739001993" in sdn["16865"][11]
    assert "Tax ID No. 3849055365" in sdn["46441"][11]
    assert "(USCC) 91440300MA5GN73B4F" in sdn["48590"][11]
    ids = {r["raw_value"].strip() for r in uk_table("subject_identifiers.csv")["RUS2257"]}
    assert ids == {"USCC: 91440300MA5HX80Y1Q"}
    assert eu_row("32014R0269/I.ENTITIES/505")["taxNumber"] == "91350200051193084R"
    assert eu_row("32014R0269/I.ENTITIES/756")["registrationNumber"] == "1217700455213"


def test_names_are_in_the_party_records() -> None:
    reasons = " | ".join(norm(r["reason"]) for r in eu_rows("32014R0269"))
    for party in parties():
        texts = party_texts(party)
        for prop in NAME_PROPS:
            for name in party.get(prop):
                key = norm(name)
                if name in GUIDE_NAMES or key in texts or key in ofac_names():
                    continue
                # weak aliases are spellings printed in the EU reasons, not labelled aliases
                assert prop == "weakAlias" and key in reasons, f"{party.id}: {name!r}"


def test_dates_and_addresses_are_in_the_party_records() -> None:
    for party in parties():
        published = published_dates(party)
        for prop in ("incorporationDate", "birthDate"):
            for value in party.get(prop):
                assert value in published, f"{party.id}.{prop} {value} not published"
        texts = party_texts(party)
        for address in party.get("address"):
            assert norm(address) in texts, f"{party.id}: address {address!r} not published"


def test_relationships_rest_on_their_cited_record() -> None:
    for link in (e for e in sample().values() if e.schema in RELATIONS):
        if link.source_id is None:  # a comparison of two records, checked below
            assert link.id == "tw-sample-redlepus-same-building-juhang"
            continue
        sid = link.source_id
        text = norm(" ".join(ofac_records(sid) if sid.isdigit() else eu_row(sid).values()))
        for prop in RELATIONS[link.schema]:
            end = link.first(prop) or ""
            assert KEYWORD[end] in text, f"{link.id}: {sid} does not mention {end}"
    subsidiary = norm("a subsidiary of Russian state-owned arms company Almaz-Antey")
    assert subsidiary in norm(eu_row("32014R0269/I.ENTITIES/503")["reason"])
    assert (
        "Linked To: JOINT STOCK COMPANY IZHEVSK ELECTROMECHANICAL PLANT KUPOL"
        in (ofac_sdn()["46441"][11])
    )
    # Redlepus (101-19) and Juhang (Room 101-A) share the Xinghua Building
    for record, room in (("504", "101-19"), ("502", "101-A")):
        address = eu_row(f"32014R0269/I.ENTITIES/{record}")["address"]
        assert f"{room}, Xinghua Building" in address or f"{room} Xinghua Building" in address
        assert "1007" in address and "Banxuegang Avenue" in address


@pytest.mark.parametrize("word", ["kupol", "limbach"])
def test_parties_the_uk_does_not_list(word: str) -> None:
    names = uk_table("subject_names.csv")
    assert not [r for rows in names.values() for r in rows if word in r["full_name"].lower()]
