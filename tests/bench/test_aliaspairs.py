"""bench.aliaspairs: a record's own original-script name as a query against its Latin names."""

from __future__ import annotations

from bench.aliaspairs import build_alias_pairs, latin_only, report, script_label, split_of
from bench.metrics import Outcome

from tracewire.model import Entity


def person(eid: str, *names: str) -> Entity:
    e = Entity.make("Person", eid, "test")
    e.add("name", [names[0]])
    e.add("alias", list(names[1:]))
    return e


def test_script_labels() -> None:
    assert [script_label(n) for n in ("Kim Jong Un", "김정은", "محمد علي", "张伟", "Иван")] == [
        "Latin", "Hangul", "Arabic", "Han", "Cyrillic"
    ]  # fmt: skip


def test_queries_from_records_with_names_in_two_scripts() -> None:
    entities = [
        person("kju", "KIM Jong Un", "김정은"),
        person("lat", "John SMITH"),
        person("ivn", "Иван Петров"),  # no Latin name: nothing to find it by
    ]
    queries, strip = build_alias_pairs(entities, {"kju": {"kju", "kju-un"}})
    assert strip == {"kju"}
    [q] = queries
    assert q.names == ["김정은"] and q.expected == ["kju"] and q.tolerated == ["kju-un"]
    assert q.deviation == "Hangul" and q.suite == split_of("kju")
    stripped = latin_only(entities[0])
    assert stripped.names == ["KIM Jong Un"] and entities[0].get("alias") == ["김정은"]


def test_split_is_fixed_by_the_record() -> None:
    splits = {split_of(f"id-{n}") for n in range(40)}
    assert splits == {"alias_dev", "alias_heldout"}
    assert split_of("id-1") == split_of("id-1")


def test_report_per_split_and_script() -> None:
    hit = Outcome("a", "alias_dev", "positive", "Hangul", "Person", candidate_hit=True)
    hit.hit = {"tracewire": True, "logic-v2": False}
    hit.false_alerts = {"tracewire": [], "logic-v2": []}
    text = report([hit], ["tracewire", "logic-v2"])
    assert "dev      Hangul" in text and "1.000" in text and "0.000" in text
