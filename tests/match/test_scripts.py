"""Names in Hangul, Arabic script, Wade–Giles and Cantonese against the lists' Latin spellings.

Each positive case failed before :mod:`tracewire.match.korean`, :mod:`~.arabic` and
:mod:`~.romanisations`; each negative case is a pair that must stay two names.
"""

from __future__ import annotations

import pytest

from tracewire.match import Query, Screener
from tracewire.match.arabic import arabic_words, romanise
from tracewire.match.korean import hangul_to_latin, readings, syllable
from tracewire.match.names import compare_names, token_similarity
from tracewire.match.normalise import fold, normalise_name
from tracewire.match.normalise import readings as normalise_readings
from tracewire.match.romanisations import (
    korean_variant,
    other_surnames,
    same_surname,
    wade_giles,
    wade_giles_readings,
)
from tracewire.model import Entity

LISTED = [
    ("kju", "KIM Jong Un"),
    ("ryh", "RI Yong Ho"),
    ("crh", "CHOE Ryong Hae"),
    ("pgh", "PARK Geun-hye"),
    ("kyc", "KIM Yong Chol"),
    ("hcm", "HSU Chih-ming"),
    ("zjx", "ZHANG Junxiong"),
    ("wkw", "HUANG Kwok Wah"),
    ("cyc", "LEUNG Chun-ying"),
    ("arh", "Abdulrahman AL-HASSAN"),
    ("mom", "Muhammad UMAR"),
    ("ubl", "Usama BIN LADIN"),
    ("aaz", "Abd al-Aziz AL-QASIM"),
    ("wwe", "WANG Wei"),
    ("jmi", "JIN Min"),
    ("tsm", "Tom SMITH"),
    ("iag", "Iyad ag Ghali"),
    ("bgh", "BAK Gwang Hun"),
]


def person(eid: str, name: str) -> Entity:
    e = Entity.make("Person", eid, "test")
    e.add("name", [name])
    return e


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener.from_entities([person(eid, name) for eid, name in LISTED])


def alerts(screener: Screener, name: str) -> list[str]:
    results = screener.match(Query(names=[name], schema="Person"), limit=5)
    return [r.entity.id for r in results if r.match]


# -- Hangul -----------------------------------------------------------------------------------
def test_hangul_syllables_in_both_systems() -> None:
    assert syllable("정") == "jong" and syllable("정", revised=True) == "jeong"
    assert syllable("철") == "chol" and syllable("철", revised=True) == "cheol"
    assert syllable("택") == "thaek" and syllable("택", revised=True) == "taek"
    assert syllable("은") == "un" and syllable("은", revised=True) == "eun"


def test_hangul_name_family_name_as_lists_spell_it() -> None:
    assert hangul_to_latin("김정은").split() == ["kim", "jong", "un"]
    assert hangul_to_latin("리영호").split() == ["ri", "yong", "ho"]
    assert readings("박근혜") == ["pak geun hye"]
    assert readings("Kim Jong Un") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("김정은", "kju"),  # DPRK spelling on the UN and OFAC lists
        ("리영호", "ryh"),
        ("최룡해", "crh"),
        ("김영철", "kyc"),
        ("박근혜", "pgh"),  # Revised Romanisation, family name as commonly spelt
        ("Kim Jeong-eun", "kju"),  # RR typed in Latin against the DPRK spelling
        ("Pak Kun Hye", "pgh"),  # McCune–Reischauer against RR
        ("Lee Yong Ho", "ryh"),  # 리 / 이: Ri, Lee, Yi
        ("PAK Kwang Hun 박광훈", "bgh"),  # a name written in both scripts at once
    ],
)
def test_korean_name_finds_listed_romanisation(
    screener: Screener, query: str, expected: str
) -> None:
    assert alerts(screener, query)[:1] == [expected]


def test_korean_variant_needs_a_mark_of_one_system() -> None:
    assert korean_variant("jeong", "jong") and korean_variant("eun", "un")
    assert korean_variant("cheol", "chol") and korean_variant("taek", "thaek")
    assert not korean_variant("tom", "dom")  # no eo/eu/ae/aspirate: two names
    assert not korean_variant("bao", "pao")  # two pinyin syllables: two Chinese names
    assert alerts_free("Dom Smith")


def alerts_free(name: str) -> bool:
    s = Screener.from_entities([person("tsm", "Tom SMITH")])
    return not any(r.match for r in s.match(Query(names=[name], schema="Person"), limit=3))


# -- Arabic -----------------------------------------------------------------------------------
def test_arabic_spellings_share_one_key() -> None:
    assert len({fold(w) for w in ("mohammed", "muhammad", "mohamed", "mohamad")}) == 1
    assert fold("qasim") == fold("kassem") == fold("gasim")
    assert fold("ibn") == fold("bin") == fold("ben")
    assert fold("el") == fold("al")
    assert fold("hussein") == fold("husayn")
    assert fold("omar") != fold("amr")


def test_abd_joined_to_its_name_however_written() -> None:
    joined = {"abdrahman"}
    for name in ("abdul rahman", "abd al rahman", "abdelrahman", "abd el rahman", "abdulrahman"):
        assert set(arabic_words(name.split())) == joined, name
    assert arabic_words(["abdullah"]) == ["abdullah"]
    assert arabic_words(["nur", "ad", "din"]) == ["nur", "al", "din"]
    assert arabic_words(["nuruddin"]) == ["nur", "al", "din"]
    assert arabic_words(["an", "sang"]) == ["an", "sang"]  # Korean An: no article


def test_arabic_script_reading() -> None:
    assert romanise("محمد علي").split() == ["muhammad", "ali"]
    assert romanise("عبد الرحمن").split() == ["abd", "al", "rahman"]
    assert romanise("عبدالعزيز").split() == ["abdaziz"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("عبد الرحمن الحسن", "arh"),
        ("محمد عمر", "mom"),
        ("أسامة بن لادن", "ubl"),
        ("عبد العزيز القاسم", "aaz"),
        ("Abdel Rahman El-Hassan", "arh"),
        ("Mohamed Omar", "mom"),
        ("Oussama Ben Laden", "ubl"),
        ("اياد اغ غالي", "iag"),  # first vowel unwritten: Iyad / Ayad
        ("Abdelaziz Al-Kassem", "aaz"),
    ],
)
def test_arabic_name_finds_latin_record(screener: Screener, query: str, expected: str) -> None:
    assert alerts(screener, query)[:1] == [expected]


# -- Wade–Giles and Cantonese ----------------------------------------------------------------
def test_wade_giles_of_pinyin() -> None:
    assert [wade_giles(s) for s in ("zhi", "xu", "cai", "zi", "si", "xiong", "guo", "jue")] == [
        "chih", "hsu", "tsai", "tzu", "ssu", "hsiung", "kuo", "chueh"
    ]  # fmt: skip
    assert wade_giles_readings("Hsu Chih-ming")[0] == "xu zhi ming"
    assert wade_giles_readings("Chang Chun-hsiung")[0] == "zhang jun xiong"
    assert wade_giles_readings("Zhang Wei") == [] and wade_giles_readings("John Smith") == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Xu Zhiming", "hcm"),  # pinyin against Wade–Giles
        ("Chang Chun-hsiung", "zjx"),  # Wade–Giles against pinyin
        ("Wong Kwok Wah", "wkw"),  # Cantonese 黃 Wong against pinyin Huang
        ("Liang Chun-ying", "cyc"),  # pinyin family name against Cantonese Leung
    ],
)
def test_chinese_romanisation_finds_listed_person(
    screener: Screener, query: str, expected: str
) -> None:
    assert alerts(screener, query)[:1] == [expected]


def test_family_names_same_only_as_one_name() -> None:
    assert same_surname("wong", "huang") and same_surname("ng", "wu")
    assert same_surname("pak", "park") and same_surname("choe", "choi")
    assert same_surname("lau", "liu") and same_surname("cheung", "zhang")
    assert not same_surname("wong", "wang") and other_surnames("wong", "wang")
    assert not same_surname("kim", "jin") and other_surnames("kim", "jin")
    assert token_similarity("wong", fold("wong"), "wang", fold("wang"), True) == (0.0, "")
    assert token_similarity("hu", fold("hu"), "wu", fold("wu"), True) == (0.0, "")


@pytest.mark.parametrize("query", ["Wong Wei", "Kim Min", "Jang Wei", "Chen Zhang"])
def test_no_new_false_alerts(screener: Screener, query: str) -> None:
    assert alerts(screener, query) == []


def test_romanisation_pairs_explained() -> None:
    m = compare_names(normalise_name("Wong Kwok Wah", True),
                      normalise_name("HUANG Kwok Wah", True), person=True)  # fmt: skip
    assert ("wong", "huang", "romanisation") in {(p.query, p.candidate, p.kind) for p in m.pairs}


def test_dprk_organisation_in_hangul() -> None:
    assert hangul_to_latin("조선릉라도무역총회사").split() == [
        "korea", "rungrado", "trading", "general", "corporation"
    ]  # fmt: skip
    e = Entity.make("Company", "krg", "test")
    e.add("name", ["KOREA RUNGRADO GENERAL TRADING CORPORATION"])
    s = Screener.from_entities([e])
    results = s.match(Query(names=["조선릉라도무역총회사"], schema="Company"), limit=3)
    assert [r.entity.id for r in results if r.match] == ["krg"]


def test_no_readings_for_cyrillic_typed_with_latin_letters() -> None:
    # Belarusian names are often typed with a Latin i (Лiдзiя): neither Wade–Giles nor a
    # name written in two scripts; only the Russian form of the Belarusian name (.cyrillic)
    assert normalise_readings("Лiдзiя Мiхайлаўна ЯРМОШЫНА") == ["Лидия Михайловна ЯРМОШЫНА"]
    # a Latin AAT typed for the Belarusian ААТ (OJSC): read as the Cyrillic it stands for
    # (.cyrillic.lookalikes), not as a name in two scripts
    assert normalise_readings("AAT ‘Белшина’") == ["ojsc ‘Белшина’", "ААТ ‘Белшина’"]
    assert normalise_readings("Agha Jan Alizai اغا جان عالیزی") == [
        "Agha Jan Alizai", "اغا جان عالیزی"
    ]  # fmt: skip
