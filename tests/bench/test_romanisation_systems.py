"""bench.romanisation_systems: a listed person's Cyrillic name in other romanisations."""

from __future__ import annotations

from bench.aliaspairs import split_of
from bench.romanisation_systems import _GERMAN, _UKRAINIAN_2010, build, language

from tracewire.model import Entity


def person(eid: str, *names: str) -> Entity:
    e = Entity.make("Person", eid, "test")
    e.add("name", [names[0]])
    e.add("alias", list(names[1:]))
    return e


def test_language_by_letters() -> None:
    assert language("Дзмiтрый Уладзімiравiч ДЗЯМІДАЎ") == "be"
    assert language("Олександр Сергійович") == "uk"
    assert language("Александр Сергеевич") == "ru"


def test_tables_written_here() -> None:
    assert _GERMAN("Виктор Аркадьевич ШЕВЦОВ") == "Wiktor Arkadjewitsch SCHEWZOW"
    assert _GERMAN("Юрий Евгеньевич") == "Jurij Jewgenjewitsch"
    assert _UKRAINIAN_2010("Юрій Олексійович Євтушенко") == "Yurii Oleksiiovych Yevtushenko"


def test_queries_leave_out_what_the_record_already_prints() -> None:
    systems = {
        "ru": {"upper": str.upper, "german": _GERMAN},
        "uk": {"ukrainian_2010": _UKRAINIAN_2010},
        "be": {},
    }
    entities = [
        person("kiz", "Mikhail Vladimirovich KIZEEV", "Михаил Владимирович КИЗЕЕВ"),
        person("lat", "John SMITH"),
        person("one", "Иван", "Ivan"),  # one word: not a person's full name
    ]
    queries, strip = build(entities, systems, {"kiz": {"kiz", "kiz-uk"}}, per_person=0)
    assert strip == {"kiz"}
    # "upper" leaves it in Cyrillic: still another writing; German differs from the record
    assert sorted(q.deviation for q in queries) == ["ru/german", "ru/upper"]
    german = next(q for q in queries if q.deviation == "ru/german")
    assert german.names == ["Michail Wladimirowitsch KISEJEW"]
    assert german.expected == ["kiz"] and german.tolerated == ["kiz-uk"]
    assert german.suite == split_of("kiz")
    # one system per person
    queries, _ = build(entities, systems, per_person=1)
    assert len(queries) == 1
