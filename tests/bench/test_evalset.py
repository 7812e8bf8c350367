"""The accuracy benchmark's generators, on a tiny slice: deterministic, and honest labels.

A handful of hand-written entities (one party listed twice, in two scripts) plus, when
../shared/data is present, the real UN list loaded through tracewire's own parser.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from bench.deviations import APPLIES, DEVIATIONS
from bench.evalset import EvalQuery, PositiveBuilder, build_evalset, digest
from bench.legal_forms import find_form
from bench.name_keys import ListedNames, key, schema_family, tokens
from bench.negatives import NAMES_DIR
from bench.romanise import respell, romanise
from bench.twins import find_twins
from bench.universe import LISTS, RAW, load_universe

from tracewire.model import Entity, make_id


def _entity(schema: str, ds: str, n: int, names: list[str], **props: list[str]) -> Entity:
    entity = Entity.make(schema, id=make_id(ds, n), dataset=ds, source_id=n)
    entity.add("name", names[0])
    entity.add("alias", names[1:])
    for prop, values in props.items():
        entity.add(prop, values)
    return entity


def slice_entities() -> list[Entity]:
    return [
        _entity("Person", "t_us", 1, ["YAMSHCHIKOV, Artem Mikhaylovich", "YAMSHCHIKOV, Artyom"],
                nationality=["ru"],
                birthDate=["1980-03-07"]),
        _entity("Person", "t_eu", 1, ["Artem Mikhaylovich YAMSHCHIKOV", "Артем Михайлович ЯМЩИКОВ"],
                birthDate=["1980-03-07"], gender=["male"]),
        _entity("Person", "t_us", 2, ["Vladimir Vladimirovich PUTIN"], nationality=["ru"]),
        _entity("Person", "t_us", 3, ["Sergei Viktorovich Lavrov"], country=["ru"]),
        _entity("Company", "t_us", 4, ["TSK VEKTOR, OOO"], country=["ru"]),
        _entity("Company", "t_eu", 4, ["OOO TSK Vektor", "ООО ТСК Вектор"], country=["ru"]),
        _entity("Company", "t_us", 5, ["Xiamen Limbach Aviation Engine Co., Ltd"], country=["cn"]),
        _entity("Company", "t_eu", 5, ["Xiamen Limbach Aviation Engine Co., Ltd",
                                       "厦门林巴贺航空发动机股份有限公司"]),
        _entity("LegalEntity", "t_us", 6, ["ISLAMIC REVOLUTIONARY GUARD CORPS"]),
        _entity("Company", "t_us", 7, ["International Trading Development Corporation"]),
        _entity("Vessel", "t_us", 8, ["ADRIAN DARYA 1"]),
        _entity("Vessel", "t_us", 9, ["OSTROV RUSSKIY"]),
        _entity("Vessel", "t_us", 10, ["SEA PIONEER STAR"]),
    ]  # fmt: skip


def test_romanisation_systems_differ() -> None:
    assert romanise("Евгений Юрьевич", "bgn_pcgn") == "Yevgeniy Yuryevich"
    assert romanise("Евгений Юрьевич", "icao_9303") == "Evgenii Iurevich"
    assert romanise("Евгений Цой", "gost_52535") == "Evgenii Tcoi"
    assert romanise("Евгений Хачатурян", "gost_779b") == "Evgenij Xachaturyan"
    assert romanise("ЯМЩИКОВ", "informal") == "YAMSCHIKOV"
    assert respell("Yevgeniy Khodorkovskiy", "icao_9303") == "Evgenii Khodorkovskii"
    assert respell("Zhukov", "informal") == "Jukov"


def test_legal_forms_found_at_either_end() -> None:
    lead, trail = find_form("OOO TSK Vektor"), find_form("TSK VEKTOR, OOO")
    assert lead is not None and lead.cls == "ru_llc" and lead.leading
    assert trail is not None and trail.cls == "ru_llc" and not trail.leading
    cn = find_form("厦门林巴贺航空发动机股份有限公司")
    assert cn is not None and cn.cls == "zh_ltd"
    assert find_form("Ivan Petrov") is None


def test_every_deviation_changes_the_name() -> None:
    seen: set[str] = set()
    for entity in slice_entities():
        for deviation in APPLIES[schema_family(entity.schema)]:
            for name in entity.names:
                for seed in range(3):
                    out = DEVIATIONS[deviation](name, entity, random.Random(seed))
                    if out is None:
                        continue
                    new, detail = out
                    assert detail
                    if deviation == "none":
                        assert new == name
                    else:
                        assert new != name and tokens(new) != tokens(name), (deviation, name)
                    seen.add(deviation)
    assert seen == set(DEVIATIONS)


def test_twins_link_one_party_across_lists() -> None:
    twins = find_twins(slice_entities())
    assert twins[make_id("t_us", 1)] == {make_id("t_eu", 1)}
    assert twins[make_id("t_eu", 4)] == {make_id("t_us", 4)}
    assert make_id("t_us", 2) not in twins


def _check(queries: list[EvalQuery], entities: list[Entity]) -> None:
    by_id = {e.id: e for e in entities}
    listed = ListedNames(entities)
    assert len({q.qid for q in queries}) == len(queries)
    for q in queries:
        q.to_query()  # a valid tracewire Query
        if q.label == "negative":
            assert not q.expected
            for name in q.names:
                assert not listed.is_listed(name), q
                assert not listed.within_listed(name), q
            continue
        assert q.expected and all(x in by_id for x in q.expected)
        assert not set(q.expected) & set(q.tolerated)
        expected_keys = {key(n) for x in q.expected for n in by_id[x].names}
        if q.deviation in ("script_to_latin", "latin_to_script"):
            assert key(q.names[0]) not in expected_keys, q
        elif q.deviation != "none" and q.suite == "generated":
            assert tokens(q.names[0]) != tokens(q.source_name), q
        for date in q.birth_dates:  # never wrong for a positive
            assert any(d.startswith(date) for x in q.expected for d in by_id[x].get("birthDate"))


# the negatives are drawn from ../shared/data's common-name lists
needs_names = pytest.mark.skipif(not NAMES_DIR.is_dir(), reason="../shared/data not present")


@needs_names
def test_generated_set_is_deterministic_and_labelled() -> None:
    entities = slice_entities()
    first = build_evalset(entities, seed=3, scale=0.01, external=False)
    again = build_evalset(slice_entities(), seed=3, scale=0.01, external=False)
    assert digest(first) == digest(again)
    assert digest(first) != digest(build_evalset(entities, seed=4, scale=0.01, external=False))
    _check(first, entities)
    kinds = {q.deviation for q in first}
    assert {"typo", "legal_form", "translit", "script_to_latin", "latin_to_script"} <= kinds
    assert {"common_person", "common_company", "hard_person"} <= kinds


def test_cross_script_expects_the_record_without_that_script() -> None:
    entities = slice_entities()
    builder = PositiveBuilder(entities, ListedNames(entities), seed=1)
    queries = list(builder.cross_script("Person", "script_to_latin", 5))
    assert [q.names for q in queries] == [["Артем Михайлович ЯМЩИКОВ"]]
    assert queries[0].expected == [make_id("t_us", 1)]
    assert queries[0].tolerated == [make_id("t_eu", 1)]


@needs_names
@pytest.mark.skipif(not (RAW / "un_sc_consolidated_2026-02-27").exists(), reason="no shared data")
def test_real_un_slice(tmp_path: Path) -> None:
    spec = [s for s in LISTS if s.label.startswith("UN SC")]
    universe = load_universe(tmp_path, spec, say=lambda _: None)
    if not universe.entities:
        pytest.skip("the UN parser is not available")
    queries = build_evalset(universe.entities, seed=7, scale=0.03, external=False)
    again = build_evalset(universe.entities, seed=7, scale=0.03, external=False)
    assert digest(queries) == digest(again)
    assert sum(q.label == "positive" for q in queries) >= 15
    assert sum(q.label == "negative" for q in queries) >= 20
    _check(queries, universe.entities)


def test_real_pairs_join_lists_by_a_shared_identifier() -> None:
    from bench.realpairs import build_real_pairs, split_of

    ofac = _entity("Company", "ofac", 1, ["TSK VEKTOR, OOO"], innCode=["3849055365"])
    eu = _entity("Company", "eu", 2, ["LLC TSK Vector"], innCode=["3849055365"])
    same = _entity("Company", "uk", 3, ["TSK Vektor OOO"], innCode=["3849055365"])
    alone = _entity("Company", "un", 4, ["Another Party"], innCode=["1111111111"])
    queries = build_real_pairs([ofac, eu, same, alone], {})
    by_source = {q.source_id: q for q in queries}
    # OFAC's and the UK's names are the same words: only the EU's spelling queries them
    assert set(by_source) == {eu.id}
    query = by_source[eu.id]
    assert query.names == ["LLC TSK Vector"] and query.expected == sorted([ofac.id, same.id])
    assert query.tolerated == [eu.id] and query.label == "positive"
    assert query.suite == split_of("innCode:3849055365")
    assert build_real_pairs([ofac, eu, same, alone], {}) == queries  # fixed
