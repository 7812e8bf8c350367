"""The learned score combination: a calibrated name score plus each feature's effect.

The score of a list entry is

    score = curve(name score) + Σ effect(name kind) + Σ effect(feature)   (clamped to 0..1)

where ``curve`` is a strictly increasing piecewise-linear map of the name similarity
with ``curve(0) = 0`` and ``curve(1) = 1`` (one for persons' names, one for other
names); each name kind is what the alignment behind the name score shows beyond the
score (:func:`name_kinds`: the list name mostly left uncovered, the query partly
unexplained, a typo, an initial, a transliteration, names equal only without spaces,
initials, consonant skeletons, common words only), each lowering the name's part by its
effect (never raising it); and each feature the evidence shows (a birth date agreeing to
the day, countries differing, …) adds its fixed effect. An equal identifier still
decides (the score becomes at least 0.99), and positive effects count only when the
names agree (name score ≥ 0.5).

The numbers are in ``data/scorer.json``, made by ``python -m bench.train_scorer``: a
logistic regression on labelled pairs of the benchmark's dev data whose decision
boundary is fixed at the alert threshold, so that 0.8 sits where the dev data put it.
Evaluation is a table look-up and a sum: the explanation shows the name's part with
each of its inputs' shares, and each feature's effect, and they add up to the score.

Because the curve increases and the name kinds only lower the score, the score never
falls when the name score rises, and the curve plus what the features may add bounds
it: :func:`name_floor` is the least name score that can still reach a score, which the
index and the screener use to skip candidates.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from tracewire.errors import InputError

#: the name scores where the curves' values are given (the same for both curves)
KNOTS: tuple[float, ...] = (0.0, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0)
#: every kind of feature evidence (see :mod:`tracewire.match.features`)
KINDS: tuple[str, ...] = (
    "identifier_differs",
    "birth_date_day",
    "birth_date_year",
    "birth_date_swapped",
    "birth_date_close",
    "birth_date_differs",
    "country_agrees",
    "country_differs",
    "gender_differs",
    "legal_form_agrees",
)
#: what the alignment behind the name score shows beyond the score (:func:`name_kinds`):
#: each lowers the name's part by its learnt effect (never raises it, so the curve alone
#: bounds the score: :meth:`Combination.ceiling`)
NAME_KINDS: tuple[str, ...] = (
    "list_mostly_uncovered",
    "list_partly_uncovered",
    "query_partly_unexplained",
    "substitution",
    "typo",
    "typos",
    "initial",
    "transliteration",
    "method_compact",
    "method_acronym",
    "method_skeleton",
    "common_words",
)
#: the pairs cover under this share of the list name's word weight: mostly uncovered
MOSTLY_UNCOVERED = 0.5
#: … under this share: partly uncovered
PARTLY_UNCOVERED = 0.75
#: the pairs explain under this share of the query's word weight: partly unexplained
PARTLY_UNEXPLAINED = 0.75
#: the paired query words weigh (rarity, similarity-weighted, summed) under this: the
#: names share common words only
COMMON_WORDS = 6.0
#: the smallest effect a name kind may have in a table: ``bench.train_scorer`` leaves out
#: a kind whose learnt effect is smaller (and fits again without it)
MIN_NAME_EFFECT = 0.03
FAMILIES = ("person", "other")
#: a feature's positive effect counts only when the names agree this much
NAMES_AGREE = 0.5
MODEL_FILE = "scorer.json"


def name_kinds(
    method: str,
    explained: float,
    covered: float,
    matched: float,
    pair_kinds: Iterable[str],
    substituted: bool = False,
) -> tuple[str, ...]:
    """The :data:`NAME_KINDS` an alignment shows: ``method`` (tokens, compact, acronym,
    skeleton), the shares of the query's and the list name's word weight its pairs
    explain and cover, the paired words' weight, each pair's kind (equal, typo, initial,
    transliteration, romanisation), and whether each name keeps a word the other lacks
    (one stands in for another: *Vertex Logistics* / *Vertex Trading*) —
    :class:`tracewire.match.names.NameMatch`'s fields (see :func:`of_name`)."""
    if method in ("compact", "acronym"):
        return (f"method_{method}",)
    kinds: list[str] = []
    if method == "skeleton":
        kinds.append("method_skeleton")
    if covered < MOSTLY_UNCOVERED:
        kinds.append("list_mostly_uncovered")
    elif covered < PARTLY_UNCOVERED:
        kinds.append("list_partly_uncovered")
    if explained < PARTLY_UNEXPLAINED:
        kinds.append("query_partly_unexplained")
    if substituted:
        kinds.append("substitution")
    kinds_seen = list(pair_kinds)
    typos = kinds_seen.count("typo")
    if typos:
        kinds.append("typo" if typos == 1 else "typos")
    if "initial" in kinds_seen:
        kinds.append("initial")
    if "transliteration" in kinds_seen or "romanisation" in kinds_seen:
        kinds.append("transliteration")
    if matched < COMMON_WORDS:
        kinds.append("common_words")
    return tuple(kinds)


def of_name(name: Any) -> tuple[str, ...]:
    """:func:`name_kinds` of a :class:`tracewire.match.names.NameMatch`."""
    if name.alignment is None:
        return name_kinds(name.method, name.explained, name.covered, name.matched, ())
    query_tokens, list_tokens, pairs = name.alignment
    substituted = len(query_tokens) > len(pairs) < len(list_tokens)
    return name_kinds(
        name.method,
        name.explained,
        name.covered,
        name.matched,
        (p[3] for p in pairs),
        substituted,
    )


@dataclass(frozen=True, slots=True)
class Curve:
    """An increasing piecewise-linear map of [0, 1] onto [0, 1]."""

    values: tuple[float, ...]

    def __call__(self, s: float) -> float:
        if s <= 0.0:
            return 0.0
        if s >= 1.0:
            return 1.0
        i = bisect_right(KNOTS, s) - 1
        x0, x1 = KNOTS[i], KNOTS[i + 1]
        y0, y1 = self.values[i], self.values[i + 1]
        return y0 + (y1 - y0) * (s - x0) / (x1 - x0)

    def inverse(self, target: float) -> float:
        """The least name score the curve maps to ``target`` or above (0 for targets at
        or below 0, above 1 for targets above 1)."""
        if target <= 0.0:
            return 0.0
        if target > 1.0:
            return 1.0 + 1e-9
        for i in range(1, len(KNOTS)):
            y0, y1 = self.values[i - 1], self.values[i]
            if y1 >= target:
                if y1 == y0:
                    return KNOTS[i - 1]
                return KNOTS[i - 1] + (KNOTS[i] - KNOTS[i - 1]) * max(0.0, target - y0) / (y1 - y0)
        return 1.0


@dataclass(frozen=True, slots=True)
class Family:
    curve: Curve
    effects: dict[str, float]
    #: the effect of each of :data:`NAME_KINDS` (each ≤ 0)
    name_effects: dict[str, float]

    def headroom(self, kinds: set[str]) -> float:
        """The most the features of ``kinds`` can add together (one per feature name)."""
        best: dict[str, float] = {}
        for kind in kinds:
            group = kind.split("_")[0]
            best[group] = max(best.get(group, 0.0), self.effects[kind])
        return sum(best.values())


@dataclass(frozen=True, slots=True)
class Combination:
    families: dict[str, Family]
    meta: dict[str, Any]

    def family(self, person: bool) -> Family:
        return self.families["person" if person else "other"]

    def name_part(self, name_score: float, person: bool, kinds: Iterable[str] = ()) -> float:
        """The name's part of the score: the curve of the name score plus the effect of
        each of the alignment's ``kinds`` (:func:`name_kinds`)."""
        family = self.family(person)
        return family.curve(name_score) + sum(family.name_effects[k] for k in kinds)

    def effect_of_name(self, kind: str, person: bool) -> float:
        """The effect of one of :data:`NAME_KINDS` (≤ 0)."""
        return self.family(person).name_effects[kind]

    def name_inputs(
        self, name_score: float, person: bool, kinds: Iterable[str]
    ) -> dict[str, float]:
        """Each input's share of the name's part: ``score`` (the curve of the name score)
        and each of the alignment's ``kinds`` with a non-zero effect; they add up to
        :meth:`name_part`."""
        family = self.family(person)
        out = {"score": family.curve(name_score)}
        for kind in kinds:
            if family.name_effects[kind]:
                out[kind] = family.name_effects[kind]
        return out

    def effect(self, kind: str, person: bool) -> float:
        return self.family(person).effects[kind]

    def ceiling(self, name_score: float, kinds: set[str]) -> float:
        """The highest score a name score can reach with the features of ``kinds``, for
        either family (an upper bound: the family is not known yet)."""
        return max(
            f.curve(name_score) + (f.headroom(kinds) if name_score >= NAMES_AGREE else 0.0)
            for f in self.families.values()
        )

    def name_floor(self, target: float, kinds: set[str]) -> float:
        """The least name score whose result can reach ``target`` with the features of
        ``kinds`` (the name score where :meth:`ceiling` reaches ``target``)."""
        floor = 1.0 + 1e-9
        for f in self.families.values():
            below = f.curve.inverse(target)  # without the features
            with_room = max(NAMES_AGREE, f.curve.inverse(target - f.headroom(kinds)))
            floor = min(floor, below, with_room)
        return floor


def _check(data: Any, source: str) -> Combination:
    def bad(why: str) -> InputError:
        return InputError(f"{source}: {why}")

    if not isinstance(data, dict) or data.get("knots") != list(KNOTS):
        raise bad(f"'knots' must be {list(KNOTS)}")
    families: dict[str, Family] = {}
    for name in FAMILIES:
        entry = data.get(name)
        if not isinstance(entry, dict):
            raise bad(f"no '{name}' table")
        values = entry.get("curve")
        if not isinstance(values, list) or len(values) != len(KNOTS):
            raise bad(f"'{name}.curve' must give {len(KNOTS)} values")
        if not all(isinstance(v, int | float) for v in values):
            raise bad(f"'{name}.curve' values must be numbers")
        if values[0] != 0.0 or values[-1] != 1.0:
            raise bad(f"'{name}.curve' must run from 0 to 1")
        if any(b <= a for a, b in zip(values, values[1:], strict=False)):
            raise bad(f"'{name}.curve' must increase")
        effects = entry.get("effects")
        if not isinstance(effects, dict) or set(effects) != set(KINDS):
            raise bad(f"'{name}.effects' must give exactly {', '.join(KINDS)}")
        if not all(isinstance(v, int | float) and -1.0 <= v <= 1.0 for v in effects.values()):
            raise bad(f"'{name}.effects' values must be numbers between -1 and 1")
        name_effects = entry.get("name_effects")
        if not isinstance(name_effects, dict) or set(name_effects) != set(NAME_KINDS):
            raise bad(f"'{name}.name_effects' must give exactly {', '.join(NAME_KINDS)}")
        if not all(isinstance(v, int | float) and -1.0 <= v <= 0.0 for v in name_effects.values()):
            raise bad(f"'{name}.name_effects' values must be numbers between -1 and 0")
        families[name] = Family(
            Curve(tuple(float(v) for v in values)), dict(effects), dict(name_effects)
        )
    return Combination(families, dict(data.get("meta") or {}))


def load(text: str, source: str = MODEL_FILE) -> Combination:
    """A combination from the JSON text of ``scorer.json`` (checked: a broken file is an
    error naming it, never a silent default)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not JSON: {exc}") from exc
    return _check(data, source)


@cache
def combination() -> Combination:
    """The package's combination (``tracewire/data/scorer.json``), read once."""
    path = resources.files("tracewire") / "data" / MODEL_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"the score combination {path} is missing") from exc
    return load(text, str(path))
