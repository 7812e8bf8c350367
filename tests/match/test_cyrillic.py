"""Cyrillic names against Latin ones: organisations the lists print in translation,
Ukrainian and Belarusian г as *h* (issue 13; examples from the EU, UK and OFAC lists)."""

from __future__ import annotations

from tests.match.persons import assert_alerts_first, named_entity
from tracewire.match import Query, Screener
from tracewire.match.cyrillic import (
    h_reading,
    joined_signs,
    lookalikes,
    parts,
    readings,
    russian_form,
    same_given_name,
    sign_reading,
    term,
    translated,
)
from tracewire.match.normalise import fold, normalise_name


def _tokens(text: str) -> tuple[str, ...]:
    return normalise_name(text, False).tokens


def test_a_stem_in_any_inflection() -> None:
    for word in ("механический", "механического", "механических", "Механическая"):
        assert term(word) == "mechanical"
    assert term("завода") == "plant"
    assert term("технологий") == "technologies"
    # Belarusian, and Belarusian typed with a Latin i
    assert term("ЭЛЕКТРАТЭХНIЧНЫ") == "electrotechnical"
    # a word that only begins like a stem is no inflection of it
    assert term("Сила") == "forces"
    assert term("Силуанов") is None


def test_an_organisation_reads_as_the_lists_translate_it() -> None:
    # EU: Акционерное Общество ‘Ижевский механический завод’ / JSC ‘Izhevsk Mechanical Plant’
    (reading,) = readings("Акционерное Общество ‘Ижевский механический завод’")
    assert _tokens(reading) == _tokens("Joint Stock Company ‘Izhevsk Mechanical Plant’")
    # UK: Московский кредитный банк / CREDIT BANK OF MOSCOW
    assert sorted(_tokens(readings("Московский кредитный банк")[0])) == sorted(
        _tokens("CREDIT BANK OF MOSCOW")
    )
    # EU, Belarus: a Belarusian legal form and a short place (Мінскі: Minsk)
    (reading,) = readings(
        "Адкрытае акцыянернае таварыства ‘МIНСКI ЭЛЕКТРАТЭХНIЧНЫ ЗАВОД IМЯ В.I.КАЗЛОВА’"
    )
    assert _tokens(reading)[:4] == ("minsk", "electro", "technical", "plant")
    assert normalise_name(reading, False).org_types == ("jsc",)
    # phrases: a railway, the armed forces
    assert translated(
        "Федеральное государственное унитарное предприятие ‘Крымская железная дорога’"
    ) == ("federal state unitary enterprise ‘crimea railway’")
    assert translated("Вооруженные силы Российской Федерации") == (
        "armed forces russian federation"
    )


def test_no_translation_without_a_mark_of_an_organisation() -> None:
    # persons, and words of no organisation, keep their transliteration only
    assert readings("Михаил Владимирович КИЗЕЕВ") == []
    assert readings("Иван и Мария") == []
    assert translated("Голос") is None
    # a firm's own name is no business word: ПАО «Агрегат» is *Agregat*, not *Aggregate*
    assert readings("ПАО «Агрегат»") == []


def test_ukrainian_and_belarusian_g_is_h() -> None:
    # EU: Алег Рыгоравiч МIШЧАНКА / Aleh Ryhoravich MISHCHANKA
    assert h_reading("Алег Рыгоравiч МIШЧАНКА") == "Алеh Рыhоравiч МIШЧАНКА"
    assert normalise_name(readings("Алег Рыгоравiч МIШЧАНКА")[0], True).tokens == (
        "aleh",
        "ryhoravich",
        "mishchanka",
    )
    # a Russian name keeps g (Григорьевич), a Ukrainian one reads h (Сергій: Serhiy)
    assert h_reading("Олег Григорьевич МИЩЕНКО") is None
    assert h_reading("Сергій") == "Серhій"


def test_cyrillic_query_meets_the_english_record() -> None:
    screener = Screener.from_entities(
        [
            named_entity("Company", "izh", "JSC ‘Izhevsk Mechanical Plant’"),
            named_entity("Company", "irz", "LLC Izhevsk Radio Plant"),
            named_entity("Company", "apt", "LLC ‘Automation and Programming Technologies’"),
            named_entity("Company", "cbm", "CREDIT BANK OF MOSCOW"),
            named_entity(
                "Organization", "cec", "Central Election Commission of the Republic of Belarus"
            ),
        ]
    )
    cases = {
        "Акционерное Общество ‘Ижевский механический завод’": "izh",
        "ООО ‘Технологии Автоматизации и Программирования’": "apt",
        "Московский кредитный банк": "cbm",
        "Центральная избирательная комиссия Республики Беларусь": "cec",
    }
    for name, expected in cases.items():
        results = screener.match(Query(names=[name], schema="LegalEntity"), limit=3)
        assert results and results[0].entity.id == expected, name
        assert results[0].score >= screener.threshold, name
        # the other Izhevsk plant is another party
        assert all(r.entity.id != "irz" or r.score < screener.threshold for r in results)


def test_a_belarusian_or_ukrainian_person_in_the_russian_form() -> None:
    # EU: Дзмiтрый Уладзiмiравiч ДЗЯМIДАЎ (Latin i typed for і) / Dmitriy Vladimirovich DEMIDOV
    assert russian_form("Дзмiтрый Уладзiмiравiч ДЗЯМIДАЎ") == "Дмитрий Владимирович ДЯМИДОВ"
    # EU: Алег Леанiдавiч ВОIНАЎ / Oleg Leonidovich VOINOV; Iван Iосiфавiч БАГУСЛАЎСКI
    assert normalise_name(russian_form("Алег Леанiдавiч ВОIНАЎ") or "", True).tokens == (
        "oleg",
        "leonidovich",
        "voinov",
    )
    assert russian_form("Iван Iосiфавiч БАГУСЛАЎСКI") == "Иван Иосифович БАГУСЛАВСКИЙ"
    assert russian_form("Алена Канстанцінаўна КУНЦЭВIЧ") == "Елена Константиновна КУНЦЕВИЧ"
    # Ukrainian: a patronymic on a stem in й, a female one
    assert russian_form("Олександр Сергійович Петренко") == "Александр Сергеевич Петренко"
    assert russian_form("Оксана Олександрівна Коваль") == "Оксана Александровна Коваль"
    # a Russian name, and an organisation, are no Belarusian person
    assert russian_form("Михаил Владимирович КИЗЕЕВ") is None
    assert russian_form("Мiнскi трактарны завод") is None


def test_the_soft_sign_before_a_vowel() -> None:
    # EU: Лилия Валерьевна ШВЕЦОВА / Lilya Valerievna SHVETSOVA
    reading = sign_reading("Лилия Валерьевна ШВЕЦОВА")
    assert normalise_name(reading or "", True).tokens[1] == "valerievna"
    assert sign_reading("ЮРЬЕВИЧ") == "ЮРИЕВИЧ"
    assert sign_reading("Михаил Владимирович") is None
    assert "Лилия Валериевна ШВЕЦОВА" in readings("Лилия Валерьевна ШВЕЦОВА")


def test_two_names_in_one() -> None:
    # EU: a full name, then its short form after a second legal form
    assert parts("Акционерное общество ‘ШВАБЕ’ АО ‘ШВАБЕ’") == [
        "Акционерное общество ‘ШВАБЕ’",
        "АО ‘ШВАБЕ’",
    ]
    # EU: ... или ... (or)
    assert parts("ФГУП «РНИИРС» или ФГУП «Федеральный Научно-Производственный Центр РНИИРС»") == [
        "ФГУП «РНИИРС»",
        "ФГУП «Федеральный Научно-Производственный Центр РНИИРС»",
    ]
    assert parts("АО ‘Брянский автомобильный завод’") == []
    assert parts("Иван Петров") == []


def test_belarusian_and_russian_forms_and_two_names_on_a_screener() -> None:
    screener = Screener.from_entities(
        [
            named_entity("Person", "dem", "Dmitriy Vladimirovich DEMIDOV"),
            named_entity("Person", "voi", "Oleg Leonidovich VOINOV"),
            named_entity("Person", "shv", "Lilya Valerievna SHVETSOVA"),
            named_entity("Company", "shvabe", "JSC ‘Shvabe’"),
        ]
    )
    cases = {
        "Дзмiтрый Уладзiмiравiч ДЗЯМIДАЎ": ("dem", "Person"),
        "Алег Леанiдавiч ВОIНАЎ": ("voi", "Person"),
        "Лилия Валерьевна ШВЕЦОВА": ("shv", "Person"),
        "Акционерное общество ‘ШВАБЕ’ АО ‘ШВАБЕ’": ("shvabe", "LegalEntity"),
    }
    for name, (expected, schema) in cases.items():
        results = screener.match(Query(names=[name], schema=schema), limit=3)
        assert results and results[0].entity.id == expected, name
        assert results[0].score >= screener.threshold, name


def test_one_given_name_in_russian_ukrainian_and_belarusian() -> None:
    def same(a: str, b: str) -> bool:
        return same_given_name(fold(a.lower()), fold(b.lower()))

    # EU: Aliaksandr Ryhoravich LUKASHENKA; Volodymyr / Vladimir; Mykola / Nikolai
    assert same("Alexander", "Aliaksandr") and same("Oleksandr", "Aleksandr")
    assert same("Vladimir", "Uladzimir") and same("Volodymyr", "Vladimir")
    assert same("Nikolai", "Mykola") and same("Sergei", "Siarhei")
    # the patronymics made of them, male and female
    assert same("Vladimirovich", "Uladzimiravich") and same("Grigoryevich", "Ryhoravich")
    assert same("Oleksandrivna", "Aleksandrovna")
    # a name is no patronymic, and two names stay two
    assert not same("Vladimir", "Vladimirovich")
    assert not same("Yelena", "Alena") and not same("Maria", "Marina")
    assert not same("Ivan", "Ivan")


def test_a_sign_inside_a_romanised_word_joins_it() -> None:
    # GOST 7.79 system B, ISO 9 and BGN/PCGN write the soft sign inside the word
    assert joined_signs("Oleg Anatol`evich VOLOSHIN") == "Oleg Anatolevich VOLOSHIN"
    assert joined_signs("Aleksandr MALʹKEVIČ") == "Aleksandr MALKEVIČ"
    assert normalise_name(joined_signs("Yanina Valer’yevna OKHOTA") or "", True).tokens == (
        "yanina",
        "valeryevna",
        "okhota",
    )
    # an apostrophe of another kind of name stays (O'Brien, Jama'at, Ma'mun)
    assert joined_signs("O'Brien") is None
    assert joined_signs("Jama'at al-Tawhid") is None and joined_signs("Ma'mun") is None
    assert joined_signs("Иван") is None


def test_belarusian_and_ukrainian_forms_of_latin_names_on_a_screener() -> None:
    screener = Screener.from_entities(
        [
            named_entity("Person", "luk", "Aliaksandr Ryhoravich LUKASHENKA"),
            named_entity("Person", "mak", "Uladzimir Uladzimiravich MAKEI"),
            named_entity("Person", "aza", "Mykola Yanovych AZAROV"),
            named_entity("Person", "vol", "Oleg Anatolyevich VOLOSHIN"),
        ]
    )
    cases = {
        "Alexander Lukashenko": "luk",
        "Александр Григорьевич Лукашенко": "luk",
        "Vladimir Makei": "mak",
        "Nikolai Azarov": "aza",
        "Oleg Anatol`evich VOLOSHIN": "vol",
    }
    assert_alerts_first(screener, cases, "Person")
    # another given name and surname stays under the threshold
    results = screener.match(Query(names=["Mikhail Lukin"], schema="Person"), limit=3)
    assert all(r.score < screener.threshold for r in results)


def test_latin_lookalikes_typed_in_a_cyrillic_name() -> None:
    # the EU's journal: a Latin C, O or P typed for the Cyrillic letter it looks like
    assert lookalikes("Общество C Ограниченной Ответственностью новелко") == (
        "Общество С Ограниченной Ответственностью новелко"
    )
    assert lookalikes("AO “Ctpatиm-Tex”") == "АО “Стратим-Тех”"
    assert lookalikes("Технология Pазвития") == "Технология Развития"
    # and a Cyrillic one typed in a Latin word
    assert lookalikes("JSС ‘Krasmash’") == "JSC ‘Krasmash’"
    # Latin words of their own, and names in one script, stay
    kazakh = "Kazakh: “United Trading Group” Жауапкершілігі Шектеулі Серіктестігі"
    assert lookalikes(kazakh) == kazakh
    assert lookalikes("Rosneft") == "Rosneft"
    assert lookalikes("Общество") == "Общество"
    assert "Общество С Ограниченной Ответственностью ‘ПСВ Технологии’" in readings(
        "Общество C Ограниченной Ответственностью ‘ПСВ Технологии’"
    )


def test_lookalikes_on_a_screener() -> None:
    screener = Screener.from_entities(
        [
            named_entity("Company", "psv", "PSV Technologies LLC"),
            named_entity("Company", "nov", "LLC NOVELCO"),
            named_entity("Company", "rh", "JSC Russian Helicopters"),
            named_entity("Company", "cbm", "CREDIT BANK OF MOSCOW"),
        ]
    )
    cases = {
        "Общество C Ограниченной Ответственностью ‘ПСВ Технологии’": "psv",
        "Общество C Ограниченной Ответственностью новелко": "nov",
        "AO Вертолеты России": "rh",
    }
    assert_alerts_first(screener, cases, "LegalEntity")
