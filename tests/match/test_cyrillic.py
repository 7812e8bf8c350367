"""Cyrillic names against Latin ones: organisations the lists print in translation,
Ukrainian and Belarusian г as *h* (issue 13; examples from the EU, UK and OFAC lists)."""

from __future__ import annotations

from tracewire.match import Query, Screener
from tracewire.match.cyrillic import h_reading, readings, term, translated
from tracewire.match.normalise import normalise_name
from tracewire.model import Entity


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


def _entity(schema: str, id_: str, name: str) -> Entity:
    e = Entity.make(schema, id_, "test")
    e.add("name", name)
    return e


def test_cyrillic_query_meets_the_english_record() -> None:
    screener = Screener.from_entities(
        [
            _entity("Company", "izh", "JSC ‘Izhevsk Mechanical Plant’"),
            _entity("Company", "irz", "LLC Izhevsk Radio Plant"),
            _entity("Company", "apt", "LLC ‘Automation and Programming Technologies’"),
            _entity("Company", "cbm", "CREDIT BANK OF MOSCOW"),
            _entity(
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
