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

yente's ``config`` tunes its name matcher (``nm_number_mismatch``,
``nm_extra_query_name`` ...). tracewire's name comparison has no per-request knobs, so
each known key is reported as ignored with what tracewire does instead (:data:`CONFIG`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from tracewire.match import MatchResult, Query
from tracewire.match.features import Feature, normalise_identifier

#: the tracewire score an equal identifier guarantees (see tracewire.match.scoring)
IDENTIFIER_FLOOR = 0.99
#: a positive effect counts only when the names already agree this much
NAMES_AGREE = 0.5


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
        "not adjustable per request",
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

_NAME_CONFIG = "tracewire's name comparison has no per-request settings; {what} (see /algorithms)"
#: yente's logic-v2 config keys and why tracewire cannot apply them per request
CONFIG: dict[str, str] = {
    "nm_number_mismatch": _NAME_CONFIG.format(
        what="a name whose numbers differ (a hull number, 'Branch 2') scores at most 0.6"
    ),
    "nm_extra_query_name": _NAME_CONFIG.format(
        what="query name parts left unmatched lower the score by their rarity"
    ),
    "nm_extra_result_name": _NAME_CONFIG.format(
        what="listed name parts left unmatched lower the score by their rarity (fully "
        "for persons, less for organisations)"
    ),
    "nm_family_name_weight": _NAME_CONFIG.format(
        what="name parts weigh by their rarity across the lists, not by their role"
    ),
    "nm_fuzzy_cutoff_factor": _NAME_CONFIG.format(
        what="the misspellings allowed depend on word length"
    ),
    "nm_name_property": _NAME_CONFIG.format(
        what="every name property (name, alias, previousName, weakAlias) is compared"
    ),
}


@dataclass(frozen=True)
class Weighting:
    """The factors a request's weights give tracewire's features, and the report."""

    #: yente feature name -> factor on its tracewire counterpart
    factors: dict[str, float] = field(default_factory=dict)
    applied: dict[str, dict[str, Any]] = field(default_factory=dict)
    ignored: dict[str, str] = field(default_factory=dict)
    config_ignored: dict[str, str] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """Whether any score can change."""
        return any(f != 1.0 for f in self.factors.values())

    def factor(self, name: str) -> float:
        return self.factors.get(name, 1.0)

    def report(self) -> dict[str, Any]:
        """What the response says about the request's ``weights`` and ``config``."""
        return {
            "weights": {"applied": self.applied, "ignored": self.ignored},
            "config": {"applied": {}, "ignored": self.config_ignored},
        }

    def warnings(self) -> list[str]:
        out = [f"weights.{name} ignored: {why}" for name, why in self.ignored.items()]
        out += [f"config.{name} ignored: {why}" for name, why in self.config_ignored.items()]
        return out


def weighting(
    weights: dict[str, float], config: dict[str, Any], algorithm: str = "best"
) -> Weighting:
    """How a request's ``weights`` and ``config`` apply (see the module docstring)."""
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
    config_ignored = {
        name: CONFIG.get(name, "not a setting of yente's logic-v2 that tracewire knows")
        for name in config
    }
    return Weighting(factors, applied, ignored, config_ignored)


# -- rescoring ------------------------------------------------------------------------------
def _is_weak_alias(result: MatchResult) -> bool:
    entity, listed = result.entity, result.name.candidate
    return listed in entity.get("weakAlias") and not any(
        listed in entity.get(p) for p in ("name", "alias", "previousName")
    )


def _identifier_feature(feature: Feature, query: Query) -> str:
    for prop, value in query.identifiers:
        if normalise_identifier(value) == feature.query_value:
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
    score = name * w.factor("weak_alias_match" if _is_weak_alias(result) else "name_match")
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
