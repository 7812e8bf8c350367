"""Arabic names: false alerts of random common names, and Arabic-script names against
their Latin spellings.

The false pairs alerted in ``bench.common_names`` (random Arabic common names against
the real lists); the true pairs were misses of ``bench.aliaspairs`` (a record's own
Arabic-script name screened against its Latin names).
"""

from __future__ import annotations

import pytest

from tracewire.match import Query, Screener
from tracewire.match.arabic import romanise, skeleton_key
from tracewire.match.names import compare_names
from tracewire.match.normalise import normalise_name
from tracewire.match.orgwords import organisation_words
from tracewire.match.variants import other_ending, same_consonants, short_names_apart
from tracewire.model import Entity


@pytest.mark.parametrize(
    ("query", "listed", "known"),
    [
        ("shahd", "sayed", False),  # fold keys sahd / saed: one edit, written three
        ("eisha", "essa", False),
        ("aicha", "issa", True),
        ("ammar", "umar", True),
        ("hur", "khudr", False),
        ("hussa", "musa", False),  # a misspelt word keeps its first letter
        ("mary", "masri", True),
        ("amir", "amiri", True),  # a nisba
        ("nur", "nuri", True),
        ("marwa", "marwan", True),  # a feminine -a before n
        ("karim", "karimi", True),
        ("amira", "amiri", False),  # a final a for i
        ("said", "sayed", True),  # a y after a vowel is no iotated vowel
        ("amal", "jama", True),
    ],
)
def test_short_names_a_letter_apart_are_other_names(query: str, listed: str, known: bool) -> None:
    assert short_names_apart(query, listed, known)


@pytest.mark.parametrize(
    ("query", "listed", "known"),
    [
        ("haash", "hasan", False),  # a misspelt word: two typing slips, first letter kept
        ("artyom", "artem", True),  # Артём: an iotated vowel, not an edit
        ("semyon", "semen", True),
        ("inja", "injai", True),  # a vowel more after a vowel
        ("fatim", "fatima", False),  # a misspelt word may drop a letter
        ("omar", "omer", True),  # a vowel
        ("khaled", "khalid", True),  # longer than a short name
        ("kha", "khan", True),  # a consonant dropped from a very short word
        ("cates", "gates", True),  # a first letter mistyped (cases.csv)
        ("vukic", "vuchic", True),  # Вукић / Вучић: a digraph is one letter
    ],
)
def test_short_spellings_of_one_name_stay_typos(query: str, listed: str, known: bool) -> None:
    assert not short_names_apart(query, listed, known)


def test_one_consonant_more_must_keep_the_others() -> None:
    assert same_consonants("abul", "abdul")  # a consonant dropped
    assert not same_consonants("maram", "marvan")  # Meriem / Marwan: one more, one other


def test_endings_against_arabic_script() -> None:
    assert other_ending("salma", "salm")  # Salma / سالم
    assert other_ending("hamid", "hamida")  # Hamid / حميدة
    assert other_ending("amir", "amiri")  # Amir / عامري
    assert not other_ending("layla", "layli")  # ليلى: alif maqsura read as ي
    assert not other_ending("shiba", "shibh")  # الشيبة / Shibh: ta marbuta written h
    assert not other_ending("tali", "tala")  # طالع / Tali: a final ain


def test_romanise_reads_persian_and_joined_names() -> None:
    assert romanise("سید مجید فیض جعفرﻯ").split() == ["sayyid", "majid", "fiz", "jfri"]
    assert romanise("ناصر جلاير سرنقی").split()[-1] == "srnghi"  # Persian ق
    assert romanise("صالح قاسمي").split() == ["salih", "qasimi"]  # Arabic: no Persian letter
    assert romanise("حبیب الله رشاد").split()[0] == "habibullah"
    assert romanise("عبد الله").split() == ["abd", "allah"]  # Abd keeps its own join
    assert romanise("احمد طه").split() == ["ahmad", "taha"]
    assert romanise("إبراهيم حسن طالع").split()[-1] == "tala"  # a final ain as a vowel
    assert romanise("ﻛﻤﺎل").strip() == "kamal"  # presentation forms


@pytest.mark.parametrize(
    ("latin", "read"),
    [
        ("motassadeq", "mtsdq"),  # fold keys: motasadek / mcdk
        ("djamel", "jamal"),
        ("chaoui", "shawi"),
        ("ghedeir", "qdir"),
        ("sarnaghi", "srnghi"),
        ("mohamed", "muhammad"),
    ],
)
def test_skeleton_keys_meet_arabic_script_readings(latin: str, read: str) -> None:
    assert skeleton_key(latin) == skeleton_key(read)


def person(a: str, b: str) -> float:
    return compare_names(normalise_name(a, True), normalise_name(b, True), person=True).score


def test_arabic_script_names_against_latin_spellings() -> None:
    assert person("منير المتصدق", "MOUNIR EL MOTASSADEQ") >= 0.8
    assert person("جمال عكاشة", "Djamel Akkacha") >= 0.8
    assert person("عمر محمد قدير", "AMOR MOHAMED GHEDEIR") >= 0.8
    assert person("سید مجید فیض جعفرﻯ", "Seyed Majid Feiz JAFARI") >= 0.8
    # other names with one skeleton stay apart
    assert person("Amir Salma", "عمرو سالم") < 0.8
    assert person("Mary Ahmed", "أحمد عماري") < 0.8
    assert person("Nur Youssef", "یوسف نورﻯ") < 0.8


def test_organisation_words() -> None:
    assert organisation_words(["shahid", "karimi", "industries"])
    assert organisation_words(["jaish", "i", "mohammed"])
    assert not organisation_words(["shahid", "karimi"])


def entity(schema: str, eid: str, *names: str) -> Entity:
    e = Entity.make(schema, eid, "test")
    e.add("name", list(names))
    return e


def test_a_person_query_never_meets_an_entity_named_as_an_organisation() -> None:
    screener = Screener.from_entities(
        [
            entity("LegalEntity", "factory", "SHAHID KARIMI INDUSTRIES"),
            entity("LegalEntity", "army", "JAISH-I-MOHAMMED", "ARMY OF MOHAMMED"),
            entity("LegalEntity", "jarrah", "KHALID JARRAH"),  # BIS: an individual
        ]
    )

    def found(name: str, schema: str | None) -> list[str]:
        results = screener.match(Query(names=[name], schema=schema), limit=5, min_score=0.0)
        return [r.entity.id for r in results if r.match]

    assert "factory" not in found("Karimi Shahid", "Person")
    assert "army" not in found("Aisha Mohammed", "Person")
    assert "army" not in found("Jaish-i-Mohammed", "Person")
    assert "factory" in found("Shahid Karimi Industries", None)  # an unknown schema meets it
    assert "army" in found("Jaish-i-Mohammed", None)
    assert "jarrah" in found("Khalid Jarrah", "Person")
