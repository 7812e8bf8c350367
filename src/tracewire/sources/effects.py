"""What each listing prohibits: its legal effect, read from the source's own fields.

Lists do different things in law, and a verdict must know which applies:

- ``asset_freeze``: any dealing prohibited, funds frozen, extended to owned entities
  (OFAC SDN; EU asset-freeze annexes such as 269/2014 Annex I; UK asset freeze; UN);
- ``export_restriction``: a licence is required, often presumed denied, to export
  controlled items to the party; all exports for a denied person (BIS Entity, MEU and
  Unverified lists, BIS Denied Persons, EU 833/2014 Annex IV); not an asset freeze;
- ``sectoral``: only the dealings a directive or annex names (OFAC SSI, NS-MBS, CMIC;
  EU 833/2014 financing, services and transport annexes);
- ``listing_only``: no prohibition on dealings, a procurement ban or warning (DoD 1260H).

Every ``Sanction`` entity gets one, by the table in ``tracewire/data/effects.yml``: per
source (recognised by the Sanction's authority), ordered rules over its programme,
programme codes and provisions (the EU annex's measure, the UK's "Sanctions Imposed",
the CSL's source list, OFAC's list), then generic provisions texts, then the listed
party's FollowTheMoney topics (``sanction``, ``export.control``, ``debarment``...), then
a fallback. The effect is computed when the lists are read, never stored, so every
stored version and every FtM import gets one.

    effect = effect_table().classify(sanction)
    effect.effect, effect.verdict, effect.basis   # "export_restriction", "licence ...", "EU-833-IV"
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from tracewire.errors import InputError
from tracewire.model import Entity

Effect = Literal["asset_freeze", "export_restriction", "sectoral", "listing_only"]
#: the effects, strongest first
EFFECTS: tuple[Effect, ...] = ("asset_freeze", "export_restriction", "sectoral", "listing_only")
RANK: dict[str, int] = {e: len(EFFECTS) - i for i, e in enumerate(EFFECTS)}
#: the Sanction fields a rule may test (``dataset`` is the entity's dataset)
FIELDS = ("authority", "program", "programId", "provisions", "dataset")
#: what a custom list's ``effect`` column writes into the Sanction's provisions
PROVISIONS_TEXT: dict[str, str] = {
    "asset_freeze": "Asset freeze",
    "export_restriction": "Export restriction",
    "sectoral": "Sectoral restriction",
    "listing_only": "Listing only (no legal prohibition)",
}
_LICENCE_POLICY = re.compile(r"License policy:\s*(.+?)\s*$", re.I)


def effects_path() -> Path:
    return Path(str(resources.files("tracewire") / "data" / "effects.yml"))


@dataclass(frozen=True, slots=True)
class EffectInfo:
    key: Effect
    label: str  # "export restriction"
    verdict: str  # "licence required / export prohibited"
    severity: str  # the severity of a match: blocked / high / medium
    topic: str  # the FtM topic it corresponds to
    prohibits: str


@dataclass(frozen=True, slots=True)
class BasisDoc:
    key: str
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Rule:
    when: tuple[tuple[str, re.Pattern[str]], ...]
    effect: Effect
    basis: str | None
    detail: str | None
    field: str | None
    #: a default that decides without a field naming the effect (the source's fields
    #: were read and none said)
    assumed: bool = False

    def holds(self, values: dict[str, tuple[str, ...]]) -> bool:
        return all(any(rx.search(v) for v in values.get(f, ())) for f, rx in self.when)


@dataclass(frozen=True, slots=True)
class SourceTable:
    id: str
    title: str
    files: str
    when: tuple[tuple[str, re.Pattern[str]], ...]
    rules: tuple[Rule, ...]
    default: Rule

    def applies(self, values: dict[str, tuple[str, ...]]) -> bool:
        return all(any(rx.search(v) for v in values.get(f, ())) for f, rx in self.when)


@dataclass(frozen=True, slots=True)
class LegalEffect:
    """The legal effect of one listing, and what decided it."""

    effect: Effect
    info: EffectInfo
    basis: str | None  # key of the legal basis (``effects.yml`` legal_basis)
    source: str | None  # the source table that decided ("us_ofac"); None: generic or topics
    detail: str | None = None  # "all exports denied", "licence policy: presumption of denial"
    #: decided by a default or fallback, not by a field of the listing that names it
    assumed: bool = False

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def verdict(self) -> str:
        return self.info.verdict

    def describe(self) -> str:
        text = self.info.label
        if self.detail:
            text += f" ({self.detail})"
        return text

    def to_dict(self) -> dict[str, Any]:
        return {
            "effect": self.effect,
            "label": self.info.label,
            "verdict": self.info.verdict,
            "basis": self.basis,
            "detail": self.detail,
            "assumed": self.assumed,
        }


def _pattern(text: Any, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(text), re.I)
    except re.error as exc:
        raise InputError(f"{where}: not a regular expression ({exc})") from None


def _conditions(data: Any, where: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a mapping of field to pattern")
    out = []
    for f, rx in data.items():
        if f not in FIELDS:
            raise InputError(f"{where}: unknown field {f!r} (known: {', '.join(FIELDS)})")
        out.append((str(f), _pattern(rx, f"{where}.{f}")))
    return tuple(out)


def _effect(value: Any, where: str) -> Effect:
    if value not in EFFECTS:
        raise InputError(f"{where}: unknown effect {value!r} (known: {', '.join(EFFECTS)})")
    return cast(Effect, value)


def _rule(data: Any, where: str, basis: dict[str, BasisDoc], assumed: bool = False) -> Rule:
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a mapping with 'effect'")
    key = data.get("basis")
    if key is not None and key not in basis:
        raise InputError(f"{where}: unknown legal basis {key!r}")
    return Rule(
        when=_conditions(data.get("when"), f"{where}.when"),
        effect=_effect(data.get("effect"), f"{where}.effect"),
        basis=key,
        detail=data.get("detail"),
        field=data.get("field"),
        assumed=bool(data.get("assumed", assumed)),
    )


class EffectTable:
    """The table of ``effects.yml``: classify listings, describe effects, cite bases."""

    def __init__(self, data: dict[str, Any], where: str) -> None:
        self.basis = {
            str(k): BasisDoc(str(k), str(v["title"]), str(v.get("url", "")))
            for k, v in (data.get("legal_basis") or {}).items()
        }
        infos = data.get("effects") or {}
        self.effects: dict[str, EffectInfo] = {}
        for key in EFFECTS:
            v = infos.get(key)
            if not isinstance(v, dict):
                raise InputError(f"{where}: effects.{key} is missing")
            self.effects[key] = EffectInfo(
                key, str(v["label"]), str(v["verdict"]), str(v["severity"]), str(v["topic"]),
                " ".join(str(v.get("prohibits", "")).split()),
            )  # fmt: skip
        self.topics: dict[str, Effect] = {
            str(t): _effect(e, f"{where}: topics.{t}")
            for t, e in (data.get("topics") or {}).items()
        }
        self.fallback = _effect(data.get("fallback"), f"{where}: fallback")
        self.sources: list[SourceTable] = []
        for i, s in enumerate(data.get("sources") or []):
            at = f"{where}: sources[{i}]"
            self.sources.append(
                SourceTable(
                    id=str(s["id"]),
                    title=str(s.get("title", s["id"])),
                    files=str(s.get("files", "")),
                    when=_conditions(s.get("when"), f"{at}.when"),
                    rules=tuple(
                        _rule(r, f"{at}.rules[{j}]", self.basis)
                        for j, r in enumerate(s.get("rules") or [])
                    ),  # fmt: skip
                    # a source whose every listing has one effect decides by being that
                    # source; one with rules that none matched assumes its default
                    default=_rule(
                        s.get("default"), f"{at}.default", self.basis, bool(s.get("rules"))
                    ),
                )
            )
        self.generic = tuple(
            _rule(r, f"{where}: generic[{j}]", self.basis) for j, r in enumerate(data.get("generic") or [])
        )  # fmt: skip

    @classmethod
    def load(cls, path: Path | None = None) -> EffectTable:
        path = path or effects_path()
        try:
            with open(path, encoding="utf-8") as fh:
                data = yaml.safe_load(fh)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f", line {mark.line + 1}" if mark is not None else ""
            raise InputError(f"{path}{line}: not valid YAML ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != "tracewire-effects/1":
            raise InputError(f"{path}: not a tracewire-effects/1 file")
        return cls(data, str(path))

    def info(self, effect: str) -> EffectInfo:
        return self.effects[effect]

    def classify(self, sanction: Entity, topics: Sequence[str] = ()) -> LegalEffect:
        """The legal effect of one listing (a ``Sanction``); ``topics`` are the listed
        party's FtM topics, used only when no rule of a known source decides."""
        values = tuple(tuple(sanction.get(f)) for f in FIELDS[:-1]) + ((sanction.dataset,),)
        found = self._classify(values, tuple(topics))
        if found.effect == "export_restriction" and found.detail is None:
            for text in sanction.get("summary"):
                m = _LICENCE_POLICY.search(text)
                if m:
                    policy = m.group(1).rstrip(".")
                    return LegalEffect(found.effect, found.info, found.basis, found.source,
                                       f"licence policy: {policy[:80]}", found.assumed)  # fmt: skip
        return found

    @cache  # noqa: B019 - one table per process, listings repeat the same few field values
    def _classify(
        self, values: tuple[tuple[str, ...], ...], topics: tuple[str, ...]
    ) -> LegalEffect:
        fields = dict(zip(FIELDS, values, strict=True))
        for source in self.sources:
            if not source.applies(fields):
                continue
            for rule in source.rules:
                if rule.holds(fields):
                    return self._make(rule, source.id, False)
            return self._make(source.default, source.id, source.default.assumed)
        for rule in self.generic:
            if rule.holds(fields):
                return self._make(rule, None, False)
        ranked = sorted(
            (self.topics[t] for t in topics if t in self.topics), key=lambda e: -RANK[e]
        )
        if ranked:
            return LegalEffect(ranked[0], self.effects[ranked[0]], None, None, None, False)
        return LegalEffect(self.fallback, self.effects[self.fallback], None, None, None, True)

    def _make(self, rule: Rule, source: str | None, assumed: bool) -> LegalEffect:
        return LegalEffect(rule.effect, self.effects[rule.effect], rule.basis, source, rule.detail, assumed)  # fmt: skip


@cache
def effect_table() -> EffectTable:
    """The shipped table (cached)."""
    return EffectTable.load()


def classify(sanction: Entity, topics: Sequence[str] = ()) -> LegalEffect:
    return effect_table().classify(sanction, topics)


def strongest_first(effects: Iterable[str]) -> list[Effect]:
    """Distinct effects, strongest first."""
    return sorted({cast(Effect, e) for e in effects}, key=lambda e: -RANK[e])


def effect_of_topics(topics: Iterable[str]) -> Effect | None:
    """The effect the strongest of these FtM topics stands for, if any."""
    table = effect_table()
    found = [table.topics[t] for t in topics if t in table.topics]
    return strongest_first(found)[0] if found else None
