"""Typos in listed names: edit budgets, slips, misspelt words, retrieval of near keys.

The names are real list entries (OFAC SDN, UN, EU); each query is the kind of typo a
counterparty file carries. Tests that need the lists themselves skip without them.
"""

from __future__ import annotations

import pickle

import pytest

from tests.conftest import raw_file
from tracewire.match import Query, Screener
from tracewire.match.index import NameIndex
from tracewire.match.names import compare_names, slip_distance, token_similarity, within_slips
from tracewire.match.normalise import fold, misspelt_generic, normalise_name
from tracewire.model import Entity
from tracewire.sources.registry import plan_loads


def similarity(query: str, listed: str, known: bool = True) -> float:
    return token_similarity(query, fold(query), listed, fold(listed), True, known)[0]


def test_slip_distance_counts_unrelated_letters_twice() -> None:
    assert slip_distance("hqaem", "hatem") == 2  # q added beside a, t dropped
    assert slip_distance("zhaig", "zhavit") == 2  # v dropped, t → g (next key)
    assert slip_distance("mixail", "mikhail") == 2  # х romanised x or kh
    assert slip_distance("petkov", "pankov") == 3  # e → a a slip, t → n not
    assert slip_distance("martin", "malvin") == 4


def test_within_slips_leaves_the_table_early_with_the_same_answer() -> None:
    # the check stops once two rows of the table are over the limit; its answer is the
    # full distance's, for words near and far, swapped letters included
    words = ["hqaem", "hatem", "zhaig", "zhavit", "mixail", "mikhail", "petkov", "pankov"]
    words += ["martin", "malvin", "abdulrahman", "abdurrahman", "ab", "ba", "xyzxyz", "qaem"]
    words += ["ahtem", "tahem", "mohamed", "muhammad", "qwerty", "wqerty", "bratsk", "bragsk"]
    for a in words:
        for b in words:
            for limit in (0, 1, 2, 3):
                for typed_only in (False, True):
                    full = slip_distance(a, b, typed_only) <= limit
                    if full:  # letters only dropped and added pass before the table
                        assert within_slips(a, b, limit, typed_only), (a, b, limit)
                    else:
                        assert not within_slips(a, b, limit, typed_only), (a, b, limit)


def test_two_edits_must_be_slips_with_the_first_letter_kept() -> None:
    assert similarity("muhammad", "mohammed") > 0.8  # two vowels: a romanisation
    assert similarity("peskov", "petkov") > 0.85  # one edit: any letter
    assert similarity("petkov", "pankov") == 0.0  # two letters replaced: another name
    assert similarity("izhevsky", "azovsky") == 0.0  # two edits and another first letter


def test_a_misspelt_word_may_carry_one_more_typing_slip() -> None:
    # OFAC SDN: HASANI, Zhavit; QFEISHEH, Hatem; JAMAL-AL-DIN, Hasan
    for typed, listed in (("zhaig", "zhavit"), ("hqaem", "hatem"), ("haash", "hasan")):
        assert similarity(typed, listed, known=True) == 0.0, typed  # a real name: no
        assert similarity(typed, listed, known=False) > 0.7, typed  # no list knows it
    # ... but only typing slips: two vowels replaced in a short word is another name
    assert similarity("shuhui", "sihai", known=False) == 0.0
    # ... and the first letter stays
    assert similarity("kedr", "kenya", known=False) == 0.0


def test_misspelt_query_word_in_a_real_name() -> None:
    query = normalise_name("QFEISHEH, Hqaem", True)
    listed = normalise_name("QFEISHEH, Hatem", True)
    as_known = compare_names(query, listed, person=True)
    misspelt = compare_names(query, listed, person=True, known=lambda k: k != fold("hqaem"))
    assert as_known.score < 0.8 <= misspelt.score
    assert "'hqaem' ≈ 'hatem' (typo" in misspelt.describe()


def test_typos_that_break_a_fold() -> None:
    # "Bratsk" folds ts → c; "Bragsk" keeps its letters: one edit as written
    assert similarity("bragsk", "bratsk") > 0.85


def test_a_three_letter_word_only_gains_a_letter_inside() -> None:
    assert similarity("vew", "view") > 0.8  # SONG / SOG
    assert similarity("ano", "khano") == 0.0  # not a letter before it
    assert similarity("tsk", "tks") > 0.0  # a swapped letter in an acronym


def test_misspelt_legal_forms_still_come_off() -> None:
    right = normalise_name("A7 Limited Liability Company", None)
    typo = normalise_name("A7 Lijmited Liability Company", None)
    assert typo.keys == right.keys == ("a7",) and typo.org_types == right.org_types
    # a word like a legal form outside one stays a name part
    assert normalise_name("Limitex Trading", None).tokens == ("limitex", "trading")


def test_aero_is_a_word_of_its_own() -> None:
    # OFAC SDN: AERO COURIER CARGO S.A., ZALA AERO GROUP: not "aerospace"
    assert normalise_name("AERO COURIER CARGO S.A.", None).tokens[0] == "aero"


def test_a_misspelt_generic_word_weighs_like_one() -> None:
    assert misspelt_generic("truts") and misspelt_generic("tradnig")
    assert not misspelt_generic("akhtar") and not misspelt_generic("trusov")


def entity(schema: str, eid: str, *names: str) -> Entity:
    e = Entity.make(schema, eid, "test")
    e.add("name", list(names))
    return e


def test_a_listed_word_counts_once_per_query_word() -> None:
    # EU list: Mohamed Omar Mohamed; the others share "Mohamed"-like words
    index = NameIndex(
        [
            entity("Person", "mom", "Mohamed Omar Mohamed"),
            entity("Organization", "jim", "Jaish-I-Momhammed"),
            entity("Person", "mm", "Mahamed Mahamed"),
            entity("Person", "mogn", "MOHAMMED OMAR GHULAM NABI"),
        ]
    )
    form = normalise_name("Mhamed Omaf Mohamed", True)
    rids, _hit = index.candidates([form], {}, "Person", limit=1)
    assert [index.records[r].entity.id for r in rids] == ["mom"]


def test_index_pickles_without_its_cache() -> None:
    index = NameIndex([entity("Company", "a", "AUCTION LIMITED LIABILITY COMPANY")])
    assert "auction" in index.similar_keys("auctig", "auctig")
    (form, _weak), *_ = index.records[0].names
    assert index.name_weights(form.keys) == tuple(index.weight(k) for k in form.keys)
    again = pickle.loads(pickle.dumps(index))
    assert "_similar" not in again.__dict__ and "_name_weights" not in again.__dict__
    assert "auction" in again.similar_keys("auctig", "auctig")


@pytest.fixture(scope="module")
def lists() -> Screener:
    """OFAC SDN (2024-05) and the UN list (2026-02), as a screener holds them."""
    entities: list[Entity] = []
    for folder, name in (
        ("ofac_sdn_2024-05-03", "sdn.csv"),
        ("un_sc_consolidated_2026-02-27", "UN_consolidated.xml"),
    ):
        ((fmt, files),) = plan_loads([raw_file(folder, name)])
        entities.extend(fmt.parse(files, folder).entities)
    return Screener.from_entities(entities)


@pytest.mark.parametrize(
    ("query", "schema", "listed"),
    [
        ("HASANI, Zhaig", "Person", "HASANI, Zhavit"),  # two slips in a misspelt word
        ("JAMAL-AL-DIN, Haash", "Person", "JAMAL-AL-DIN, Hasan"),
        ("TZARIQ AZIZ", "Person", "AZIZ, Tariq"),  # a typo that breaks the q → k fold
        ("ANTÓNIO INJA", "Person", "ANTÓNIO INJAI"),  # "inja" folds to a 3-letter key
        # a letter dropped and one replaced: only the list side's two-letter deletions
        # meet it; the legal forms agree
        ("AUCTIG LIMITED LIABILITY COMPANY", "Company", "AUCTION LIMITED LIABILITY COMPANY"),
        ("AL-AKHTAR TRUTS INTERNATIONAL", "Organization", "AL-AKHTAR TRUST INTERNATIONAL"),
        ("ADRO COURIER CRAGO S.A.", "Company", "AERO COURIER CARGO S.A."),
    ],
)
def test_typos_of_listed_names_alert(lists: Screener, query: str, schema: str, listed: str) -> None:
    (top, *_) = lists.match(Query(names=[query], schema=schema))
    assert top.entity.caption == listed and top.match, (query, top.entity.caption, top.score)


def test_near_keys_of_a_misspelt_word(lists: Screener) -> None:
    index = lists.index
    assert not index.known("auctig") and index.known("auction")
    assert "auction" in index.similar_keys("auctig", "auctig")
    assert "tarik" in index.similar_keys(fold("tzariq"), "tzariq")
    assert "inai" in index.similar_keys(fold("inja"), "inja")  # UN: ANTÓNIO INJAI
    # a word the lists know gets no second replaced letter: Petkov is not Pankov
    assert all(
        k[0] == "p" and slip_distance("petkov", k) <= 2 for k in index.similar_keys("petkov")
    )


def test_one_replaced_name_part_is_no_typo(lists: Screener) -> None:
    # a hard negative: the distinctive word swapped for another (Kenya → Kedr)
    results = lists.match(Query(names=["AL-HARAMAIN FOUNDATION KEDR"], schema="Organization"))
    assert not any(r.match for r in results), [(r.entity.caption, r.score) for r in results]


def test_legal_form_agreement_is_explained(lists: Screener) -> None:
    (top, *_) = lists.match(Query(names=["AUCTIG LIMITED LIABILITY COMPANY"], schema="Company"))
    assert top.explanations()["legal_form"]["detail"] == "legal form agrees (llc)"


def test_a_short_name_with_another_first_letter_is_another_name() -> None:
    # random common names alerted: Maria Morozov -> MOROZOVA, Daria
    assert similarity("maria", "daria") == 0.0
    assert similarity("mark", "park") == 0.0
    assert similarity("maria", "mariz") > 0.8  # the last letter: still a typo
    assert similarity("hatem", "hqaem", known=False) > 0.7  # a misspelt word keeps its budget


def test_a_first_letter_that_is_a_slip_is_still_a_typo() -> None:
    assert similarity("usama", "osama") > 0.8  # a romanisation (vowels)
    assert similarity("ssad", "asad") > 0.8  # a key next to the right one
