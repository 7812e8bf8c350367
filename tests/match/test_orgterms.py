"""Organisational terms in translation (:mod:`tracewire.match.orgterms`): the words of an
organisation's kind as lists print them in English, in transliterated Russian and as
acronyms read as one word; places as their stems; bracketed parts and a parent's name
read apart."""

from __future__ import annotations

import random

import pytest

from tracewire.match import normalise, orgterms
from tracewire.match.names import compare_names
from tracewire.match.normalise import KIND_KEYS, KIND_WEIGHT, normalise_name, readings
from tracewire.match.orgterms import (
    bracket_parts,
    canonical_terms,
    listed_names,
    subsidiary_parts,
)


def tokens(name: str) -> tuple[str, ...]:
    return normalise_name(name, False).tokens


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # acronym / English / transliteration / Cyrillic of one kind
        ("JSC NPO Elektromashina", "Scientific and Production Association Elektromashina JSC"),
        ("OAO NPO Bazalt", "Акционерное Общество ‘Научно-Производственное Объединение ‘Базальт’”"),
        ("Research and Production Enterprise Polet", "Nauchno-Proizvodstvennoe Predpriyatie Polet"),
        ("AO NPP Svyaz", "Scientific Production Enterprise Svyaz"),
        ("Special Design Bureau", "Spetsialnoe Konstruktorskoe Byuro"),
        ("SKB", "Special Construction Bureau"),
        ("Votkinsk Plant", "Votkinskiy Zavod"),
        ("NTC Metrotek", "Nauchno-Tekhnicheskii Tsentr Metrotek"),
        ("Central Research Institute Tsiklon", "AO TsNII Tsiklon"),
        ("Sarapul Radioworks", "Sarapulsky Radiozavod"),
        ("Shipyard Zaliv", "Verf Zaliv"),
        ("Plant No. 9", "Zavod N9"),
        ("First Crimean Insurance Company", "Krymskaya Pervaya Strakhovaya Kompaniya"),
        ("Special Design Bureau of Computer Engineering", "SKB Vychislitelnoi Tekhniki"),
        ("Torgovyi Dom Promelektronika", "TD Promelektronika"),
    ],
)
def test_one_kind_in_its_translations_reads_alike(one: str, other: str) -> None:
    a, b = tokens(one), tokens(other)
    assert [w for w in a if w not in b] == [] or [w for w in b if w not in a] == [], (a, b)
    assert compare_names(normalise_name(one, False), normalise_name(other, False)).score >= 0.9


def test_state_enterprise_acronyms_are_a_legal_form() -> None:
    fgup = normalise_name("FGUP NPP Gamma", False)
    written = normalise_name("Federal State Unitary Enterprise NPP Gamma", False)
    fsue = normalise_name("FSUE NPP GAMMA", False)
    assert (
        fgup.tokens
        == written.tokens
        == fsue.tokens
        == ("science", "production", "enterprise", "gamma")
    )
    assert "gov" in fgup.org_types and "gov" in fsue.org_types


def test_npo_is_not_a_non_profit_here() -> None:
    # rigour reads NPO as an NGO and drops it as a legal form
    assert tokens("OAO NPO Bazalt") == ("science", "production", "association", "bazalt")


def test_place_adjectives_and_places_meet() -> None:
    assert canonical_terms(["votkinskiy"], []) == canonical_terms(["votkinsk"], []) == ["votkin"]
    assert canonical_terms(["saratovskaya"], []) == ["saratov"]
    assert canonical_terms(["minsk"], []) == ["minsk"]  # too short to be cut


def test_persons_keep_their_words() -> None:
    assert normalise_name("Ivan Zavodsky", True).tokens == ("ivan", "zavodsky")


def test_bracketed_part_is_read_apart() -> None:
    assert bracket_parts("Rosoboronexport OJSC (ROE)") == ["Rosoboronexport OJSC"]
    assert bracket_parts("SP KVANT (Sovmestnoe Predpriyatie Kvantovye Tekhnologii)") == [
        "SP KVANT",
        "Sovmestnoe Predpriyatie Kvantovye Tekhnologii",
    ]
    assert bracket_parts("ACME (UK)") == ["ACME"]
    # a note on the name, not a name: no reading (Ibrahim Said alerted Mahmoud Ibraheem SA'IID)
    assert bracket_parts("Munzir (a.k.a. Mundhir, Monzer) Jamil AL-ASSAD") == []
    assert bracket_parts("El Para (combat name)") == []
    assert "Rosoboronexport OJSC" in readings("Rosoboronexport OJSC (ROE)")


def test_subsidiary_after_its_parent() -> None:
    assert subsidiary_parts("Tactical Missile Corporation, Joint Stock Company Avangard") == [
        "Joint Stock Company Avangard"
    ]
    assert subsidiary_parts("United Shipbuilding Corporation “Sredne-Nevsky Shipyard”") == [
        "Sredne-Nevsky Shipyard"
    ]
    # a legal form after the comma, or only a legal form before it: no parent
    assert subsidiary_parts("Ocean Shipping Company, Ltd") == []
    assert subsidiary_parts("Joint-stock company 'Surgutinvestneft'") == []


def test_a_replaced_distinctive_word_still_differs() -> None:
    # the kind words agree, the name does not: no alert
    a = normalise_name("JSC NPO Almaz", False)
    b = normalise_name("Scientific and Production Association Bazalt", False)
    assert compare_names(a, b, weight=index_weight).score < 0.5


def index_weight(key: str) -> float:
    """The index's weights: a kind word (KIND_WEIGHT) against a rare name word."""
    return KIND_WEIGHT if key in KIND_KEYS else 9.0


def test_kind_words_weigh_little_in_the_index() -> None:
    from tracewire.match import Screener
    from tracewire.model import Entity

    entities = []
    others = [f"Vendor {a}{b}ovo" for a in "bcdfg" for b in "klmnprst"]  # 40 other names
    for i, name in enumerate(["Zavod Almaz", "Plant Bazalt", "Almaz Trading", *others]):
        entity = Entity.make("Company", id=f"c{i}", dataset="t")
        entity.add("name", [name])
        entities.append(entity)
    index = Screener.from_entities(entities).index
    assert index.weight("plant") == KIND_WEIGHT  # rarer than that by its count alone
    assert index.weight("almaz") > index.weight("plant")


def test_a_bracketed_place_names_no_party() -> None:
    # both names carried *Hong Kong* in brackets, read as a name of its own: every
    # Hong Kong firm alerted on every other one at 1.0
    assert bracket_parts("LEADER (HONG KONG) INTERNATIONAL") == ["LEADER INTERNATIONAL"]
    assert "Hong Kong" not in readings("Kangze Yuan International Logistics (Hong Kong) Co., Ltd")
    query = normalise_name("Kangze Yuan International Logistics (Hong Kong) Co., Ltd")
    listed = [
        normalise_name(n)
        for n in ("LEADER (HONG KONG) INTERNATIONAL", *readings("LEADER (HONG KONG) INTERNATIONAL"))
    ]
    queries = [query, *(normalise_name(r) for r in readings(query.original))]
    assert max(compare_names(q, n).score for q in queries for n in listed) < 0.8


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # the sea and the quarters of the compass, translated or transliterated
        ("Sea Bureau of Mechanical Engineering", "Marine Bureau of Machine Building"),
        ("Eastern Shipyard", "Vostochnaya Verf"),
        ("Northern Shipyard", "Severnaya Verf"),
        # research and development enterprise: the EU's English for НПП
        ("Research and Development Enterprise Almaz", "Scientific-Production Enterprise Almaz"),
        ("Aerospace Defence Concern", "Air and Space Defence Concern"),
        # a Russian acronym and its English one (ОДК, United Engine Corporation)
        ("ODK-Klimov", "UEC Klimov"),
        ("OEZ Alabuga", "SEZ Alabuga"),
    ],
)
def test_translated_words_of_a_name_read_alike(one: str, other: str) -> None:
    assert tokens(one) == tokens(other)


def test_names_listed_in_one_alias_are_read_apart() -> None:
    name = (
        "AO Ryazanski Zavod Metallokeramicheskikh Priborov, AO RZMKP, "
        "JSC Ryazan Metal Ceramics Instrumentation Plant, Ryazan Plant of Ceramic Devices"
    )
    parts = [
        "AO Ryazanski Zavod Metallokeramicheskikh Priborov",
        "AO RZMKP",
        "JSC Ryazan Metal Ceramics Instrumentation Plant",
        "Ryazan Plant of Ceramic Devices",
    ]
    assert listed_names(name) == parts
    assert set(parts) <= set(readings(name))
    # a place is no name of its own
    assert listed_names("OOO Vektor, Moscow, JSC Vektor") == ["OOO Vektor", "JSC Vektor"]
    # a parent and its subsidiary, a name and its form after a comma: one name
    assert listed_names("Tactical Missile Corporation, JSC Avangard") == []
    assert listed_names("AGAT, Gavrilov-Yaminskiy Machine-Building Plant, JSC") == []


def _spans_of_every_phrase(
    words: list[str], phrases: tuple[tuple[str, ...], ...]
) -> list[tuple[int, int, int | None]]:
    """:func:`orgterms.phrase_spans` as it was: every phrase tried at every place."""
    out: list[tuple[int, int, int | None]] = []
    i = 0
    while i < len(words):
        for n, phrase in enumerate(phrases):
            if tuple(words[i : i + len(phrase)]) == phrase:
                out.append((i, i + len(phrase), n))
                i += len(phrase)
                break
        else:
            out.append((i, i + 1, None))
            i += 1
    return out


def test_phrase_spans_tries_only_the_phrases_starting_there_with_the_same_answer() -> None:
    """``phrase_spans`` looks up the phrases by their first word: the same spans as trying
    every phrase in order (the first that fits wins, also where two share a start), on
    random runs of phrase words and others, for the three phrase lists it is given."""
    rng = random.Random(12)
    tables = (orgterms._PHRASE_WORDS, orgterms._STATE_PHRASES, normalise._LEGAL_PHRASE_WORDS)
    shared = (("a", "b", "c"), ("a", "b"), ("x",), ("a",), ("b", "a"))  # overlapping starts
    matched = 0
    for phrases in (*tables, shared):
        vocabulary = sorted({w for p in phrases for w in p}) + ["other", "name"]
        for _ in range(400):
            words = [rng.choice(vocabulary) for _ in range(rng.randint(0, 8))]
            if phrases and rng.random() < 0.5:  # a whole phrase somewhere
                k = rng.randint(0, len(words))
                words[k:k] = rng.choice(phrases)
            got = list(orgterms.phrase_spans(words, phrases))
            assert got == _spans_of_every_phrase(words, phrases), words
            matched += sum(n is not None for _a, _b, n in got)
    assert matched > 500
