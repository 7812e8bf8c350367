"""From evidence to a score: the calibrated name score plus each feature's effect.

- The best name pair (any query name against any list name; a weak alias counts 0.9)
  gives the name score; :mod:`tracewire.match.combine`'s curve calibrates it (learned
  from labelled pairs, non-decreasing, 0 stays 0 and 1 stays 1).
- An equal identifier of the same kind (INN, OGRN, USCC, LEI, IMO, passport…) decides:
  the score becomes at least 0.99, whatever the name.
- A different identifier of a strong kind, different birth dates, countries or gender
  lower the score; agreeing ones (and, for organisations, the same class of legal form)
  raise it, and only when the names already agree (score ≥ 0.5), so that they never make
  a match on their own. Each effect is the combination's (``data/scorer.json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

from tracewire.errors import InputError
from tracewire.match.arabic import abd_readings
from tracewire.match.combine import NAMES_AGREE, combination, of_name
from tracewire.match.features import (
    Feature,
    clean_countries,
    clean_dates,
    compare_birth_dates,
    compare_countries,
    compare_gender,
    compare_identifiers,
    compare_legal_forms,
    identifier_groups,
)
from tracewire.match.index import NameIndex, Record, person_flag
from tracewire.match.names import (
    DEFAULT_PARAMS,
    NUMBERS_CAP,
    ORG_MISMATCH_FACTOR,
    NameMatch,
    NameParams,
    compare_names,
)
from tracewire.match.normalise import NameForm, normalise_name, readings, skeleton
from tracewire.match.orgterms import bracket_territories, territories_apart
from tracewire.match.query import Query
from tracewire.model import Entity

WEAK_ALIAS_FACTOR = 0.9


@dataclass(slots=True, init=False)
class MatchResult:
    entity: Entity
    score: float
    match: bool
    name: NameMatch
    features: list[Feature] = field(default_factory=list)
    #: the calibrated name score: the name's part of ``score``
    name_part: float = 0.0
    #: each input's share of ``name_part``: ``score`` (the curve of the name score) and
    #: what the alignment shows beyond it (:func:`tracewire.match.combine.name_kinds`)
    name_inputs: dict[str, float] = field(default_factory=dict)
    sanctions: list[str] = field(default_factory=list)
    #: the legal effects of the party's listings, strongest first: asset_freeze,
    #: export_restriction, sectoral, listing_only (tracewire.sources.effects)
    effects: list[str] = field(default_factory=list)

    def __init__(
        self,
        entity: Entity,
        score: float,
        match: bool,
        name: NameMatch,
        features: list[Feature] | None = None,
        name_part: float = 0.0,
        name_inputs: dict[str, float] | None = None,
        sanctions: list[str] | None = None,
        effects: list[str] | None = None,
    ) -> None:
        # written out, not the dataclass's: compiled, the one dataclasses generates runs as
        # interpreted Python (a query makes one per candidate weighed)
        self.entity = entity
        self.score = score
        self.match = match
        self.name = name
        self.features = [] if features is None else features
        self.name_part = name_part
        self.name_inputs = {} if name_inputs is None else name_inputs
        self.sanctions = [] if sanctions is None else sanctions
        self.effects = [] if effects is None else effects

    def __reduce__(self) -> tuple[type[MatchResult], tuple[object, ...]]:
        # by its fields: a compiled build (tracewire._compiled) and a pure-Python one
        # read each other's pickles (a worker's results, say)
        return (MatchResult, tuple(getattr(self, f.name) for f in fields(self)))

    def explanations(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": {
                "score": round(self.name.score, 4),
                "query_value": self.name.query,
                "list_value": self.name.candidate,
                "method": self.name.method,
                "detail": self.name.describe(),
                # the name's part of the score (the calibrated name score); with the
                # features' effects it adds up to the score (before the 0..1 clamp and
                # an identifier that decides)
                "effect": round(self.name_part, 4),
                # its inputs' shares (they add up to the effect)
                "inputs": {k: round(v, 4) for k, v in self.name_inputs.items()},
            }
        }
        for f in self.features:
            out[f.name] = f.to_dict()
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entity.id,
            "dataset": self.entity.dataset,
            "source_id": self.entity.source_id,
            "schema": self.entity.schema,
            "caption": self.entity.caption,
            "score": round(self.score, 4),
            "match": self.match,
            "sanctions": self.sanctions,
            "effects": self.effects,
            "explanations": self.explanations(),
        }


def _worth_comparing(form: NameForm, hit: set[str], skeletons: bool) -> bool:
    if not hit.isdisjoint(form.keys) or "~" + form.compact in hit:
        return True
    return skeletons and any("%" + skeleton(k) in hit for k in form.keys)


#: the comparisons of the last query's names: (forms, index, params, memo)
_LAST_QUERY: list[tuple[list[NameForm], NameIndex, NameParams, dict[tuple[Any, ...], Any]]] = []
#: comparisons kept per query (a query meets a few hundred list names)
NAME_MEMO = 4096


def _name_memo(
    forms: list[NameForm], index: NameIndex, params: NameParams
) -> dict[tuple[Any, ...], Any]:
    """The comparisons already made for this query's names, by list name.

    The lists print one party's names again and again (the US lists repeat OFAC's, the
    UK, EU and UN lists each other's), and a comparison depends on the list name's words,
    their fold keys, script and legal forms only (its spelling as printed is filled in
    after): a query compares each such name once. Kept for the last query (the same
    ``forms`` list)."""
    last = _LAST_QUERY[0] if _LAST_QUERY else None
    if last is not None and last[0] is forms and last[1] is index and last[2] is params:
        memo = last[3]
        if len(memo) >= NAME_MEMO:
            memo.clear()
        return memo
    memo = {}
    _LAST_QUERY[:] = [(forms, index, params, memo)]
    return memo


def compared_names(
    forms: list[NameForm], record: Record, hit: set[str] | None
) -> list[tuple[NameForm, bool]]:
    """The names of ``record`` that :func:`best_name` compares: those that share a key
    with the query, when the keys the query met are known (all of them when none does;
    a lone name whatever its keys)."""
    names = record.names
    if hit is not None and len(names) > 1:
        skeletons = any(q.script == "abjad" for q in forms)
        names = [(c, weak) for c, weak in names if _worth_comparing(c, hit, skeletons)] or names
    return names


def best_name(
    forms: list[NameForm],
    record: Record,
    index: NameIndex,
    person: bool,
    hit: set[str] | None = None,
    params: NameParams = DEFAULT_PARAMS,
) -> NameMatch:
    """The best-scoring pair of a query name and a list name (only names that share a key
    with the query, when the keys the query met are known), compared with ``params``."""
    names = compared_names(forms, record, hit)
    best: NameMatch | None = None
    memo = _name_memo(forms, index, params)
    for n, q in enumerate(forms):
        if best is not None and best.score >= 0.999:
            break
        for c, weak in names:
            key = (n, person, c.tokens, c.keys, c.script, c.org_types)
            found = memo.get(key)
            if found is None:
                m = compare_names(
                    q, c, index.weight, person, index.known, params, index.name_weights(c.keys)
                )
                memo[key] = (
                    m.score,
                    m.method,
                    m.alignment,
                    m.explained,
                    m.covered,
                    m.matched,
                    m.note,
                )
            else:
                # (each field named: a call with *args is not a native one, compiled)
                m = NameMatch(
                    found[0],
                    q.original,
                    c.original,
                    found[1],
                    found[2],
                    found[3],
                    found[4],
                    found[5],
                    found[6],
                )
            if weak:
                m.score *= WEAK_ALIAS_FACTOR
            if best is None or m.score > best.score:
                best = m
                if m.score >= 0.999:
                    break
    assert best is not None
    if not person and not best.note and best.score > ORG_MISMATCH_FACTOR * NUMBERS_CAP:
        best = _territories_checked(forms, record, best)
    return best


def _territories_checked(forms: list[NameForm], record: Record, best: NameMatch) -> NameMatch:
    """``best`` lowered as :func:`~tracewire.match.names.compare_names` lowers another
    party's name when the query and the entry each carry a country or region in brackets
    and the places are apart (:func:`~tracewire.match.orgterms.territories_apart`): two
    firms of one group, *Bowne Global Solutions (France)* / *(Germany)*. The readings
    without the brackets (:func:`~tracewire.match.orgterms.bracket_parts`) meet each
    other whole, so it is asked of the names as given, not of the pair that scored."""
    query: frozenset[tuple[str, ...]] = frozenset()
    for q in forms:
        if "(" in q.original:
            query = query | bracket_territories(q.original)
    if not query:
        return best
    listed: frozenset[tuple[str, ...]] = frozenset()
    for c, _weak in record.names:
        if "(" in c.original:
            listed = listed | bracket_territories(c.original)
    if not territories_apart(query, listed):
        return best
    note = "another country or region in brackets"
    return replace(best, score=best.score * ORG_MISMATCH_FACTOR, note=note)


@dataclass(slots=True)
class PreparedQuery:
    """A query normalised once, then scored against many candidates."""

    query: Query
    forms: list[NameForm]
    ids: dict[str, set[str]]
    birth_dates: list[str]
    countries: set[str]
    org_types: set[str] = field(default_factory=set)
    #: how names are compared (yente's ``config``; see :class:`NameParams`)
    params: NameParams = DEFAULT_PARAMS

    def __reduce__(self) -> tuple[type[PreparedQuery], tuple[object, ...]]:
        # by its fields: a compiled build (tracewire._compiled) and a pure-Python one
        # read each other's pickles (a worker's results, say)
        return (PreparedQuery, tuple(getattr(self, f.name) for f in fields(self)))

    @classmethod
    def prepare(cls, query: Query, params: NameParams = DEFAULT_PARAMS) -> PreparedQuery:
        person = person_flag(query.schema)
        forms = []
        for name in query.names:
            # a person's reshuffled lone Abd also read before the name it governs
            abd = abd_readings(name) if person is not False else []
            for text in (name, *readings(name), *abd):
                form = normalise_name(text, person, query.schema == "Vessel")
                if form.keys:
                    forms.append(form)
        if not forms:
            raise InputError(f"the name {query.names[0]!r} has no letters or digits to match")
        return cls(
            query=query,
            forms=forms,
            ids=identifier_groups(query.identifiers),
            birth_dates=clean_dates(query.birth_dates),
            countries=clean_countries(query.countries),
            org_types={t for f in forms for t in f.org_types},
            params=params,
        )


def person_names(prepared: PreparedQuery, record: Record) -> bool:
    """Whether names are compared as persons' names: the entry is a Person, or a
    LegalEntity (a publisher that does not say; BIS lists its individuals so) screened
    for a Person, whose name words are then held to persons' rules: *Alexandra* is no
    typo of *Alexander*, a lone first name does not match a full name."""
    schema = record.entity.schema
    return schema == "Person" or (schema == "LegalEntity" and prepared.query.schema == "Person")


def score_record(
    prepared: PreparedQuery,
    record: Record,
    index: NameIndex,
    threshold: float,
    hit: set[str] | None = None,
) -> MatchResult:
    name = best_name(
        prepared.forms, record, index, person_names(prepared, record), hit, prepared.params
    )
    return _weigh_features(prepared, record, name, record.entity.schema == "Person", threshold)


def score_candidate(
    prepared: PreparedQuery,
    record: Record,
    index: NameIndex,
    threshold: float,
    hit: set[str] | None,
    floor: float,
) -> MatchResult | None:
    """:func:`score_record`, or None when the result cannot score ``floor``: when the
    names agree less than :data:`NAMES_AGREE`, the other features can only lower the
    score, unless an identifier decides (so a query with identifiers is always scored in
    full)."""
    name = candidate_name(prepared, record, index, hit, floor)
    if name is None:
        return None
    return weigh_features(prepared, record, name, threshold)


def candidate_name(
    prepared: PreparedQuery,
    record: Record,
    index: NameIndex,
    hit: set[str] | None,
    floor: float,
    ceiling: ScoreCeiling | None = None,
) -> NameMatch | None:
    """The name step of :func:`score_candidate`: the best name pair, or None when the
    result cannot score ``floor`` (``ceiling``: the query's :class:`ScoreCeiling`, when
    the caller keeps one)."""
    person = person_names(prepared, record)
    name = best_name(prepared.forms, record, index, person, hit, prepared.params)
    if floor > 0 and not prepared.ids and (ceiling or ScoreCeiling(prepared))(name.score) < floor:
        return None
    return name


def weigh_features(
    prepared: PreparedQuery, record: Record, name: NameMatch, threshold: float
) -> MatchResult:
    """The feature step of :func:`score_candidate` for the name :func:`candidate_name`
    found."""
    return _weigh_features(prepared, record, name, record.entity.schema == "Person", threshold)


def evidence_kinds(prepared: PreparedQuery) -> set[str]:
    """The kinds of positive evidence the query can show (what it carries: a birth date,
    a country, a legal form), for :func:`score_ceiling` and :func:`name_floor`."""
    kinds: set[str] = set()
    if prepared.birth_dates:
        kinds |= {"birth_date_day", "birth_date_year", "birth_date_swapped"}
    if prepared.countries:
        kinds.add("country_agrees")
    if prepared.org_types:
        kinds.add("legal_form_agrees")
    return kinds


def feature_headroom(prepared: PreparedQuery) -> float:
    """The most the query's features other than the name can add to a score."""
    kinds = evidence_kinds(prepared)
    return max(f.headroom(kinds) for f in combination().families.values())


def score_ceiling(prepared: PreparedQuery, name: NameMatch, headroom: float = 0.0) -> float:
    """The highest score the features can make of ``name``: its calibrated score plus
    what the query's birth date, country and legal form may add (only when the names
    agree), and any score with an identifier (an equal one decides). ``headroom`` is
    kept for callers that pass one; the combination's own is used."""
    return ScoreCeiling(prepared)(name.score)


class ScoreCeiling:
    """:func:`score_ceiling` of one query, its evidence worked out once (a query asks it
    of each of its candidates): called with a name score, the combination's
    :meth:`~tracewire.match.combine.Combination.ceiling` of it with the query's kinds of
    evidence, clamped to 0..1 (the same sums)."""

    __slots__ = ("decides", "families")

    def __init__(self, prepared: PreparedQuery) -> None:
        #: an identifier may decide (an equal one makes the score 0.99 at least)
        self.decides = bool(prepared.ids)
        kinds = evidence_kinds(prepared)
        self.families = tuple((f.curve, f.headroom(kinds)) for f in combination().families.values())

    def __call__(self, name_score: float) -> float:
        if self.decides:
            return 1.0
        agree = name_score >= NAMES_AGREE
        top = max(curve(name_score) + (room if agree else 0.0) for curve, room in self.families)
        return min(1.0, max(0.0, top))


def name_floor(prepared: PreparedQuery, floor: float) -> float:
    """The least name score whose result can reach ``floor`` (0 with an identifier, which
    may decide whatever the name): what retrieval may prune below."""
    if prepared.ids:
        return 0.0
    return combination().name_floor(floor, evidence_kinds(prepared))


def score_evidence(prepared: PreparedQuery, record: Record) -> list[Feature]:
    """The evidence beyond the name: identifiers, birth dates, countries, gender, legal
    form (the ones both sides give)."""
    person = record.entity.schema == "Person"
    features: list[Feature] = []
    for feature in (
        compare_identifiers(prepared.ids, record.ids),
        compare_birth_dates(prepared.birth_dates, record.birth_dates) if person else None,
        compare_countries(prepared.countries, record.countries),
        compare_gender(prepared.query, record.gender) if person else None,
        None if person else compare_legal_forms(prepared.org_types, record.org_types),
    ):
        if feature is not None:
            features.append(feature)
    return features


def _weigh_features(
    prepared: PreparedQuery, record: Record, name: NameMatch, person: bool, threshold: float
) -> MatchResult:
    """The calibrated name score plus the features' effects (see the module docstring).

    ``person`` says whether the entry is a Person (which features apply); the curve is
    the one for how the names were compared (:func:`person_names`)."""
    features = score_evidence(prepared, record)
    model = combination()
    curve_person = person_names(prepared, record)
    kinds = of_name(name)
    name_part = model.name_part(name.score, curve_person, kinds)
    score = name_part
    decisive = False
    for f in features:
        if not f.kind:
            decisive = True  # an equal identifier
            continue
        f.effect = model.effect(f.kind, curve_person)
        if f.effect < 0 or name.score >= NAMES_AGREE:
            score += f.effect
        else:
            f.effect = 0.0  # the names disagree: agreeing evidence counts for nothing
    if decisive:
        score = max(score, 0.99)
    score = min(1.0, max(0.0, score))
    return MatchResult(
        entity=record.entity,
        score=score,
        match=score >= threshold,
        name=name,
        features=features,
        sanctions=record.sanctions,
        effects=record.effects,
        name_part=name_part,
        name_inputs=model.name_inputs(name.score, curve_person, kinds),
    )
