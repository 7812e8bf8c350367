"""Red-flag rules as data: load the rules files, run them, turn hits into findings.

The built-in rules are ``tracewire/data/evasion/redflags.yml`` (its header documents
the format). A user file in the same format adds rules, replaces built-in rules that
have the same ``id`` (``enabled: false`` switches one off), and adds country sets,
keyword sets and guidance citations. Every rule names a check from
:data:`tracewire.network.checks.CHECKS` and cites at least one guidance key; a rules
file that names an unknown check, parameter, country set, keyword set or citation is
rejected with an error naming the file and the rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tracewire.errors import InputError
from tracewire.network.case_load import json_path
from tracewire.network.checks import CHECKS, Params, RuleContext
from tracewire.network.findings import Finding
from tracewire.network.ownership import OwnershipSeverity
from tracewire.network.reference import (
    Citation,
    data_path,
    parse_country_sets,
    parse_sources,
    read_yaml,
    reference,
)

RULES_FORMAT = "tracewire-redflags/1"
#: check parameters that name a country set / a keyword set
COUNTRY_PARAMS = frozenset(
    {"hubs", "toward", "outside", "rerouted_from", "payer_in", "bank_in", "destination_in",
     "origin_in", "transit_in", "country_in", "exclude_toward", "side_a", "side_b", "deal_with"}
)  # fmt: skip
KEYWORD_PARAMS = frozenset({"keywords", "patterns"})


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    flag: str | None = None
    title: str = Field(min_length=1)
    description: str | None = None
    check: str
    params: dict[str, Any] = Field(default_factory=dict)
    severity: Literal["low", "medium", "high"]
    sources: list[str] = Field(min_length=1)
    supersedes: list[str] = Field(default_factory=list)
    enabled: bool = True


class RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["tracewire-redflags/1"]
    ownership: OwnershipSeverity | None = None
    country_sets: dict[str, Any] = Field(default_factory=dict)
    keyword_sets: dict[str, list[str]] = Field(default_factory=dict)
    sources: dict[str, Any] = Field(default_factory=dict)
    rules: list[Rule] = Field(default_factory=list)


@dataclass
class LoadedRule:
    rule: Rule
    params: Params
    file: str


@dataclass
class RuleSet:
    rules: list[LoadedRule] = field(default_factory=list)
    country_sets: dict[str, frozenset[str]] = field(default_factory=dict)
    keyword_sets: dict[str, list[str]] = field(default_factory=dict)
    sources: dict[str, Citation] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    ownership: OwnershipSeverity = field(default_factory=OwnershipSeverity)

    @classmethod
    def load(cls, extra: Sequence[Path] = (), builtin: bool = True) -> RuleSet:
        """The built-in rules, then each extra file in order (later files win)."""
        ref = reference()
        ruleset = cls(country_sets=dict(ref.country_sets), sources=dict(ref.sources))
        files = ([data_path("redflags.yml")] if builtin else []) + list(extra)
        raw: dict[str, tuple[Rule, str, int]] = {}
        for path in files:
            data = read_yaml(path)
            try:
                parsed = RulesFile.model_validate(data)
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                where = json_path(tuple(err["loc"]))
                raise InputError(f"{path}: {where}: {err['msg']}") from None
            ruleset.country_sets |= parse_country_sets(parsed.country_sets, f"{path}: country_sets")
            ruleset.keyword_sets |= parsed.keyword_sets
            if parsed.ownership is not None:
                ruleset.ownership = ruleset.ownership.model_copy(
                    update=parsed.ownership.model_dump(exclude_unset=True)
                )
            ruleset.sources |= parse_sources(parsed.sources, f"{path}: sources")
            for i, rule in enumerate(parsed.rules):
                raw[rule.id] = (rule, str(path), i)
            ruleset.files.append(str(path))
        for rule, where, i in raw.values():
            if rule.enabled:
                ruleset.rules.append(ruleset._validate(rule, where, i))
        return ruleset

    def _validate(self, rule: Rule, path: str, i: int) -> LoadedRule:
        where = f"{path}: rules[{i}] ({rule.id})"
        spec = CHECKS.get(rule.check)
        if spec is None:
            raise InputError(f"{where}: unknown check {rule.check!r} (known: {', '.join(sorted(CHECKS))})")  # fmt: skip
        try:
            params = spec.params.model_validate(rule.params)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            raise InputError(f"{where}: params.{json_path(tuple(err['loc']))}: {err['msg']}") from None  # fmt: skip
        for key in rule.sources:
            if key not in self.sources:
                raise InputError(f"{where}: unknown source {key!r}; cite a key of reference.yml 'sources' or add it to the file's 'sources'")  # fmt: skip
        for name, value in params:
            if not isinstance(value, str):
                continue
            if name in COUNTRY_PARAMS and value not in self.country_sets:
                raise InputError(f"{where}: params.{name}: unknown country set {value!r}")
            if name in KEYWORD_PARAMS and value not in self.keyword_sets:
                raise InputError(f"{where}: params.{name}: unknown keyword set {value!r}")
        for name, words in self.keyword_sets.items():
            for w in words:
                try:
                    re.compile(w)
                except re.error as exc:
                    raise InputError(f"{path}: keyword_sets.{name}: bad pattern {w!r} ({exc})") from None  # fmt: skip
        return LoadedRule(rule, params, path)

    def run(self, ctx: RuleContext, tick: Callable[[str], None] | None = None) -> list[Finding]:
        """Every enabled rule over the case; hits superseded by a stronger rule are dropped."""
        ctx.country_sets = ctx.country_sets | self.country_sets
        ctx.keyword_sets = ctx.keyword_sets | self.keyword_sets
        by_rule: dict[str, list[Finding]] = {}
        for loaded in self.rules:
            rule = loaded.rule
            spec = CHECKS[rule.check]
            findings = []
            for hit in spec.func(ctx, loaded.params):
                findings.append(
                    Finding(
                        kind="goods" if rule.check.startswith(("chpl", "goods")) else "redflag",
                        rule=rule.id,
                        flag=rule.flag,
                        title=rule.title,
                        severity=rule.severity,
                        subject=hit.subject,
                        summary=hit.summary,
                        evidence=hit.evidence,
                        citations=list(rule.sources),
                        parties=hit.parties,
                        transactions=hit.transactions,
                        data=hit.data,
                    )
                )
            by_rule[rule.id] = findings
            if tick is not None:
                tick(rule.id)
        return _drop_superseded(self.rules, by_rule)

    def citations(self, keys: Iterable[str]) -> list[Citation]:
        return [self.sources[k] for k in dict.fromkeys(keys) if k in self.sources]


def _drop_superseded(rules: list[LoadedRule], by_rule: dict[str, list[Finding]]) -> list[Finding]:
    dropped: dict[str, set[tuple[str, str]]] = {}
    for loaded in rules:
        keys = {(f.subject.type, f.subject.id) for f in by_rule.get(loaded.rule.id, [])}
        for victim in loaded.rule.supersedes:
            dropped.setdefault(victim, set()).update(keys)
    out: list[Finding] = []
    for loaded in rules:
        gone = dropped.get(loaded.rule.id, set())
        out.extend(f for f in by_rule[loaded.rule.id] if (f.subject.type, f.subject.id) not in gone)
    return out


def describe_checks() -> list[dict[str, Any]]:
    """Every check with its description and parameters (for ``--list-checks``)."""
    out = []
    for name, spec in sorted(CHECKS.items()):
        params = {
            key: {"type": str(f.annotation).replace("typing.", ""), "default": f.default}
            for key, f in spec.params.model_fields.items()
        }
        out.append({"check": name, "description": " ".join(spec.doc.split()), "params": params})
    return out
