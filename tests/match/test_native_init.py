"""The result classes a query makes by the hundred (:class:`NameMatch` per name pair,
:class:`MatchResult` per candidate weighed) write their ``__init__`` out instead of taking
the dataclass's, which compiled code runs as interpreted Python: the written ones must
take every field, by the same names and defaults."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from tracewire._compiled import status
from tracewire.match.names import NameMatch
from tracewire.match.scoring import MatchResult
from tracewire.model import Entity


def _values(cls: type) -> dict[str, object]:
    """A value of the field's type for each field, none a default."""
    if cls is NameMatch:
        return {
            "score": 0.25,
            "query": "q",
            "candidate": "c",
            "method": "compact",
            "alignment": (("a",), ("b",), [(0, 0, 0.9, "typo")]),
            "explained": 0.5,
            "covered": 0.75,
            "matched": 2.5,
            "note": "n",
        }
    return {
        "entity": Entity.make("Person", "p", "t"),
        "score": 0.5,
        "match": True,
        "name": NameMatch(0.5, "a", "b", "tokens"),
        "features": [],
        "name_part": 0.25,
        "name_inputs": {"score": 0.25},
        "sanctions": ["s"],
        "effects": ["asset_freeze"],
    }


@pytest.mark.parametrize("cls", [NameMatch, MatchResult])
def test_init_takes_every_field_by_name(cls: type) -> None:
    values = _values(cls)
    assert list(values) == [f.name for f in dataclasses.fields(cls)]
    made = cls(**values)
    assert {f.name: getattr(made, f.name) for f in dataclasses.fields(cls)} == values
    if cls is NameMatch:
        assert pickle.loads(pickle.dumps(made)) == made


def test_name_match_defaults_and_replace() -> None:
    m = NameMatch(0.5, "a", "b", "tokens")
    assert (m.alignment, m.explained, m.covered, m.matched, m.note) == (None, 1.0, 1.0, 0.0, "")
    lowered = dataclasses.replace(m, score=0.3, note="x")
    assert (lowered.score, lowered.note, lowered.query, m.score) == (0.3, "x", "a", 0.5)


def test_match_result_defaults_are_not_shared() -> None:
    name = NameMatch(0.5, "a", "b", "tokens")
    one = MatchResult(Entity.make("Person", "p", "t"), 0.5, False, name)
    two = MatchResult(Entity.make("Person", "q", "t"), 0.5, False, name)
    assert one.features == [] and one.name_inputs == {} and one.sanctions == one.effects == []
    one.features.append("x")  # type: ignore[arg-type]
    one.sanctions.append("s")
    assert two.features == [] and two.sanctions == []


@pytest.mark.skipif(not status().compiled, reason="the matcher runs as pure Python")
@pytest.mark.parametrize("cls", [NameMatch, MatchResult])
def test_compiled_init_is_native(cls: type) -> None:
    # a Python function here is the interpreted one dataclasses generates
    assert type(cls.__dict__["__init__"]).__name__ != "function"
