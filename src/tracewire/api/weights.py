"""yente's ``weights`` and ``config`` on tracewire's scorer.

A yente ``/match`` body may carry ``weights``: a number per feature of yente's scoring
algorithm (logic-v2 by default: ``name_match`` 1.0, ``country_mismatch`` -0.2,
``dob_year_disjoint`` -0.15 ...), replacing that feature's default weight. tracewire
answers every algorithm with its own scorer, so a weight is applied as a *factor* on the
tracewire feature that carries the same evidence: the weight sent divided by yente's
default for it (:data:`FEATURES`; the defaults of ``logic-v1`` when the request asks
for that algorithm, else those of ``logic-v2``). ``country_mismatch: -0.4`` doubles the
penalty tracewire gives countries that differ, ``0`` removes it; ``name_match: 0.9``
scales the name score by 0.9. Features with no counterpart in tracewire (addresses,
ISIN codes, logic-v1's separate name algorithms ...) and unknown names are reported as
ignored, with the reason, never silently dropped.

How a result is rescored (:func:`reweigh`) follows tracewire's scoring rule
(:func:`tracewire.match.scoring.score_record`): the name score, times its factor, is the
base; an equal identifier raises the score to at least 0.99 times its factor; every
other feature's effect, times its factor, is added (a positive one only when the names
agree, name score ≥ 0.5); the score is kept within 0..1. With no weights a result keeps
the score the screener gave it.

yente's ``config`` tunes logic-v2's name matcher. tracewire's name comparison
(:mod:`tracewire.match.names`) has a counterpart for five of its six settings
(:data:`CONFIG`), applied the same way as weights: the value sent divided by yente's
default is a factor on that part of tracewire's comparison
(:class:`~tracewire.match.names.NameParams`), and yente's default changes nothing:

- ``nm_extra_query_name`` (0.8): the weight of query name parts the listed name lacks
  (tracewire's "explained" side); 1.6 makes each such part count twice, 0 not at all.
- ``nm_extra_result_name`` (0.2): the weight of listed name parts the query lacks
  (the "covered" side).
- ``nm_number_mismatch`` (0.3): names whose numbers differ (a hull number, "Branch 2")
  score at most ``1 - 0.4 × factor``: 0.6 by default, 0.2 at 0.6, no cap at 0.
- ``nm_fuzzy_cutoff_factor`` (1.0): the edits a misspelt word may carry (1 to 3 by
  word length), times the factor, rounded down; 0 allows exact and transliterated
  parts only. Candidates are still those the index retrieves.
- ``nm_family_name_weight`` (1.3): the weight of the query's ``lastName`` parts, and of
  the listed parts they pair with, in person names (a query without ``lastName`` says
  no part is the family name, and a warning says so).

``nm_name_property`` and unknown keys are reported as ignored, with the reason. A value
that is not a number, or outside the key's range (:attr:`YenteSetting.high`), is 422
naming ``config.<key>``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tracewire.errors import InputError
from tracewire.match import MatchResult, Query
from tracewire.match.features import Feature
from tracewire.match.names import DEFAULT_PARAMS, NameParams
from tracewire.match.normalise import normalise_name
from tracewire.match.scoring import NAMES_AGREE
from tracewire.model.identifiers import normalise

#: the tracewire score an equal identifier guarantees (see tracewire.match.scoring)
IDENTIFIER_FLOOR = 0.99


@dataclass(frozen=True)
class YenteFeature:
    """One of yente's scoring features and what it weighs in tracewire (or why nothing)."""

    v2: float | None  # default weight in logic-v2 (None: not a logic-v2 feature)
    v1: float | None  # default weight in logic-v1
    weighs: str | None  # the tracewire evidence it scales; None when ignored
    reason: str = ""  # why it is ignored

    def default(self, algorithm: str) -> float | None:
        first, second = (self.v1, self.v2) if algorithm == "logic-v1" else (self.v2, self.v1)
        return first if first is not None else second


_NAMES_V1 = (
    "a logic-v1 name algorithm; tracewire compares names in one feature (equal, "
    "transliterated, misspelt, initials, spacing): weight it with name_match"
)
_ADDRESS = "tracewire does not compare addresses"
#: yente's features (logic-v2 and logic-v1) by name
FEATURES: dict[str, YenteFeature] = {
    "name_match": YenteFeature(1.0, None, "the name score (the base of every score)"),
    "weak_alias_match": YenteFeature(
        0.8, 0.8, "the name score when the best listed name is a weak alias"
    ),
    "identifier_match": YenteFeature(
        0.85, 0.85, "an equal identifier (other than the kinds below): the score floor 0.99"
    ),
    "lei_code_match": YenteFeature(0.95, 0.95, "an equal LEI: the score floor 0.99"),
    "ogrn_code_match": YenteFeature(0.95, 0.95, "an equal OGRN: the score floor 0.99"),
    "inn_code_match": YenteFeature(0.95, 0.95, "an equal INN: the score floor 0.99"),
    "vessel_imo_mmsi_match": YenteFeature(
        0.95, 0.95, "an equal IMO number or MMSI: the score floor 0.99"
    ),
    "bic_code_match": YenteFeature(0.95, 0.95, "an equal SWIFT/BIC code: the score floor 0.99"),
    "crypto_wallet_address": YenteFeature(
        0.98, 0.98, "an equal crypto wallet address: the score floor 0.99"
    ),
    "orgid_disjoint": YenteFeature(
        None, -0.2, "a different identifier of a strong kind (tax, registration, LEI ...): -0.25"
    ),
    "country_mismatch": YenteFeature(-0.2, -0.2, "countries that differ: -0.1"),
    "dob_year_disjoint": YenteFeature(-0.15, -0.15, "birth dates in different years: -0.3"),
    "dob_day_disjoint": YenteFeature(
        -0.25, -0.2, "birth dates in the same year that still differ: -0.3"
    ),
    "gender_mismatch": YenteFeature(-0.2, -0.2, "genders that differ: -0.15"),
    "address_entity_match": YenteFeature(0.98, 0.98, None, _ADDRESS),
    "address_prop_match": YenteFeature(0.2, None, None, _ADDRESS),
    "isin_security_match": YenteFeature(0.98, 0.98, None, "tracewire screens no securities (ISIN)"),
    "uei_code_match": YenteFeature(0.95, None, None, "tracewire does not compare UEI codes"),
    "npi_code_match": YenteFeature(0.95, None, None, "tracewire does not compare NPI codes"),
    "name_literal_match": YenteFeature(None, 1.0, None, _NAMES_V1),
    "person_name_jaro_winkler": YenteFeature(None, 0.8, None, _NAMES_V1),
    "person_name_phonetic_match": YenteFeature(None, 0.9, None, _NAMES_V1),
    "name_fingerprint_levenshtein": YenteFeature(None, 0.9, None, _NAMES_V1),
    "name_metaphone_match": YenteFeature(None, 0.0, None, _NAMES_V1),
    "name_soundex_match": YenteFeature(None, 0.0, None, _NAMES_V1),
    "last_name_mismatch": YenteFeature(
        None,
        -0.2,
        None,
        "tracewire weighs name parts by rarity, not by role (no separate last-name feature)",
    ),
    "numbers_mismatch": YenteFeature(
        None,
        -0.1,
        None,
        "tracewire caps a name whose numbers differ at 0.6 inside the name comparison; "
        "set config.nm_number_mismatch to change it",
    ),
}

#: the yente feature of an equal identifier, by the query's FtM property
IDENTIFIER_FEATURE = {
    "leiCode": "lei_code_match",
    "ogrnCode": "ogrn_code_match",
    "innCode": "inn_code_match",
    "imoNumber": "vessel_imo_mmsi_match",
    "mmsi": "vessel_imo_mmsi_match",
    "swiftBic": "bic_code_match",
    "cryptoWallets": "crypto_wallet_address",
}


@dataclass(frozen=True)
class YenteSetting:
    """One of logic-v2's ``config`` settings and what it tunes in tracewire (or why
    nothing)."""

    default: float | None  # logic-v2's default (None: not a number)
    tunes: str | None  # the NameParams field its factor sets; None when ignored
    high: float = 0.0  # the largest value accepted (the smallest is 0)
    effect: str = ""  # what the factor does in tracewire
    reason: str = ""  # why it is ignored


#: logic-v2's ``config`` settings (nomenklatura 4.17.4) and their tracewire counterparts
CONFIG: dict[str, YenteSetting] = {
    "nm_number_mismatch": YenteSetting(
        0.3,
        "numbers",
        1.0,
        "names whose numbers differ (a hull number, 'Branch 2') score at most "
        "1 - 0.4 × factor (0.6 by default; 0 lifts the cap)",
    ),
    "nm_extra_query_name": YenteSetting(
        0.8,
        "extra_query",
        4.0,
        "the weight of query name parts the listed name lacks, times the factor",
    ),
    "nm_extra_result_name": YenteSetting(
        0.2,
        "extra_list",
        2.0,
        "the weight of listed name parts the query lacks, times the factor",
    ),
    "nm_family_name_weight": YenteSetting(
        1.3,
        "family",
        5.0,
        "in person names, the weight of the query's lastName parts and of the listed "
        "parts they pair with, times the factor",
    ),
    "nm_fuzzy_cutoff_factor": YenteSetting(
        1.0,
        "typo_budget",
        3.0,
        "the edits a misspelt name part may carry (1-3 by length), times the factor, "
        "rounded down (0: no typos)",
    ),
    "nm_name_property": YenteSetting(
        None,
        None,
        reason="tracewire compares every name property (name, alias, previousName, and "
        "weakAlias at 0.9); it cannot compare one alone",
    ),
}


class ConfigValueError(InputError):
    """A ``config`` value tracewire cannot apply: 422, with FastAPI's ``loc``."""

    status = 422

    def __init__(self, key: str, value: Any, message: str) -> None:
        self.key, self.value, self.message = key, value, message
        super().__init__(f"config.{key}: {message}")

    def errors(self) -> list[dict[str, Any]]:
        """The error as FastAPI lists a request validation error."""
        return [
            {
                "type": "value_error",
                "loc": ("body", "config", self.key),
                "msg": self.message,
                "input": self.value,
            }
        ]


def _setting_value(key: str, value: Any, setting: YenteSetting) -> float:
    """The number a ``config`` value stands for (yente reads them with ``float()``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ConfigValueError(key, value, f"{value!r} is not a number")
    try:
        number = float(value)
    except ValueError:
        raise ConfigValueError(key, value, f"{value!r} is not a number") from None
    if not math.isfinite(number) or not 0.0 <= number <= setting.high:
        raise ConfigValueError(key, value, f"{value!r} is not between 0 and {setting.high:g}")
    return number


@dataclass(frozen=True)
class Weighting:
    """The factors a request's weights give tracewire's features, and the report."""

    #: yente feature name -> factor on its tracewire counterpart
    factors: dict[str, float] = field(default_factory=dict)
    applied: dict[str, dict[str, Any]] = field(default_factory=dict)
    ignored: dict[str, str] = field(default_factory=dict)
    config_ignored: dict[str, str] = field(default_factory=dict)
    #: how names are compared (yente's ``config``), before a query's family name
    params: NameParams = DEFAULT_PARAMS
    config_applied: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """Whether any score can change."""
        return any(f != 1.0 for f in self.factors.values())

    def factor(self, name: str) -> float:
        return self.factors.get(name, 1.0)

    def name_params(self, properties: Mapping[str, list[str]]) -> tuple[NameParams, str | None]:
        """The name comparison for a query with these (FtM) properties, and a note when
        the family-name weight has nothing to apply to (no ``lastName``)."""
        params = self.params
        if params.family == 1.0:
            return params, None
        keys = frozenset(
            k for value in properties.get("lastName", ()) for k in normalise_name(value, True).keys
        )
        if not keys:
            return params, (
                "config.nm_family_name_weight has no effect: the query gives no lastName, "
                "so no name part is known to be the family name"
            )
        return replace(params, family_keys=keys), None

    def report(self) -> dict[str, Any]:
        """What the response says about the request's ``weights`` and ``config``."""
        return {
            "weights": {"applied": self.applied, "ignored": self.ignored},
            "config": {"applied": self.config_applied, "ignored": self.config_ignored},
        }

    def warnings(self) -> list[str]:
        out = [f"weights.{name} ignored: {why}" for name, why in self.ignored.items()]
        out += [f"config.{name} ignored: {why}" for name, why in self.config_ignored.items()]
        return out


def weighting(
    weights: dict[str, float], config: dict[str, Any], algorithm: str = "best"
) -> Weighting:
    """How a request's ``weights`` and ``config`` apply (see the module docstring); a
    ``config`` value out of range raises :class:`ConfigValueError`."""
    factors: dict[str, float] = {}
    applied: dict[str, dict[str, Any]] = {}
    ignored: dict[str, str] = {}
    for name, weight in weights.items():
        feature = FEATURES.get(name)
        if feature is None:
            ignored[name] = (
                "not a feature of yente's logic-v2 or logic-v1 algorithms that tracewire knows"
            )
            continue
        if feature.weighs is None:
            ignored[name] = feature.reason
            continue
        default = feature.default(algorithm)
        assert default  # every mapped feature has a non-zero default
        factor = weight / default
        factors[name] = factor
        applied[name] = {
            "weight": weight,
            "default": default,
            "factor": round(factor, 6),
            "weighs": feature.weighs,
        }
    config_applied: dict[str, dict[str, Any]] = {}
    config_ignored: dict[str, str] = {}
    tuned: dict[str, float] = {}
    for name, value in config.items():
        setting = CONFIG.get(name)
        if setting is None:
            config_ignored[name] = "not a setting of yente's logic-v2 that tracewire knows"
            continue
        if setting.tunes is None or setting.default is None:
            config_ignored[name] = setting.reason
            continue
        number = _setting_value(name, value, setting)
        factor = number / setting.default
        tuned[setting.tunes] = factor
        config_applied[name] = {
            "weight": number,
            "default": setting.default,
            "factor": round(factor, 6),
            "weighs": setting.effect,
        }
    params = DEFAULT_PARAMS
    if any(f != 1.0 for f in tuned.values()):
        params = NameParams(
            extra_query=tuned.get("extra_query", 1.0),
            extra_list=tuned.get("extra_list", 1.0),
            numbers=tuned.get("numbers", 1.0),
            typo_budget=tuned.get("typo_budget", 1.0),
            family=tuned.get("family", 1.0),
        )
    return Weighting(factors, applied, ignored, config_ignored, params, config_applied)


# -- rescoring ------------------------------------------------------------------------------
def _is_weak_alias(result: MatchResult) -> bool:
    entity, listed = result.entity, result.name.candidate
    return listed in entity.get("weakAlias") and not any(
        listed in entity.get(p) for p in ("name", "alias", "previousName")
    )


def _identifier_feature(feature: Feature, query: Query) -> str:
    for prop, value in query.identifiers:
        if normalise(prop, value) == feature.query_value:
            return IDENTIFIER_FEATURE.get(prop, "identifier_match")
    return "identifier_match"


def _years(values: str | None) -> set[str]:
    return {v.strip()[:4] for v in (values or "").split(",") if v.strip()}


def feature_weight(feature: Feature, query: Query) -> str | None:
    """The yente feature whose weight scales this tracewire feature's effect, if any."""
    if feature.name == "identifier":
        return _identifier_feature(feature, query) if feature.effect > 0 else "orgid_disjoint"
    if feature.effect >= 0:
        return None  # agreements (birth date, country) have no yente counterpart
    if feature.name == "country":
        return "country_mismatch"
    if feature.name == "gender":
        return "gender_mismatch"
    if feature.name == "birth_date":
        same_year = _years(feature.query_value) & _years(feature.list_value)
        return "dob_day_disjoint" if same_year else "dob_year_disjoint"
    return None


def combine(result: MatchResult, query: Query, w: Weighting) -> float:
    """tracewire's score rule over the result's evidence, each part times its factor."""
    name = result.name.score
    # the calibrated name score (tracewire.match.combine) is the name's part of the score
    part = result.name_part
    score = part * w.factor("weak_alias_match" if _is_weak_alias(result) else "name_match")
    floor = 0.0
    for feature in result.features:
        ref = feature_weight(feature, query)
        factor = w.factor(ref) if ref else 1.0
        if feature.name == "identifier" and feature.effect >= 1.0:
            floor = max(floor, min(1.0, IDENTIFIER_FLOOR * factor))
        elif feature.effect < 0 or name >= NAMES_AGREE:
            score += feature.effect * factor
    return max(min(1.0, max(0.0, score)), floor)


def reweigh(result: MatchResult, query: Query, w: Weighting, threshold: float) -> MatchResult:
    """The result scored with the request's weights; its explanations show the weighted
    effects. Should tracewire's scoring rule ever differ from :func:`combine`'s, the
    weights still apply as a change to the screener's own score."""
    unweighted = combine(result, query, Weighting())
    score = combine(result, query, w)
    if abs(unweighted - result.score) > 1e-9:
        score = min(1.0, max(0.0, result.score + score - unweighted))
    name_factor = w.factor("weak_alias_match" if _is_weak_alias(result) else "name_match")
    features = []
    for feature in result.features:
        ref = feature_weight(feature, query)
        factor = w.factor(ref) if ref else 1.0
        features.append(replace(feature, effect=feature.effect * factor))
    return replace(
        result,
        score=score,
        match=score >= threshold,
        name=replace(result.name, score=result.name.score * name_factor),
        features=features,
    )
