"""Ownership and control: is a company owned by designated persons, under each regime?

Three regimes, three rules (GUIDE.md §3):

- **OFAC 50 % rule** [O1][O2][O3]: an entity is blocked when blocked persons own 50 % or
  more of it, *individually or in aggregate, directly or indirectly*. "Indirectly" means
  through entities that are themselves blocked by the rule, and such an intermediary's
  stake counts **in full**, not multiplied down the chain (FAQ 401). Stakes of persons
  designated under different programmes aggregate. Ownership only: control alone does
  not block (it calls for caution).
- **EU** (Best Practices, 3 Jul 2024) [EU1]: owned "50 % or more", aggregated across
  designated persons even without concerted action (25 % + 25 %).
- **UK** (OFSI guidance §4) [UK1]: owned "more than 50 %" by *one* designated person,
  directly or through entities that person owns more than 50 % of. No simple
  aggregation of different persons' stakes: when only the aggregate passes 50 %, the
  verdict is ``undetermined`` (look for a joint arrangement).

:func:`analyse` runs a regime over ownership stakes (owner → asset, percentage or
unknown) and the set of persons the regime designates. It iterates to a fixed point, so
chains of any depth and ownership cycles are handled and the result does not depend on
the order of the stakes. Each :class:`Verdict` lists the stakes that counted and,
for a blocked entity, the paths from designated persons down to it. A stake of unknown
size held by a blocked owner cannot be counted; when the known stakes fall short, the
verdict is ``undetermined``, never ``not owned``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from tracewire.network.findings import SourceRef

Status = Literal["designated", "blocked", "undetermined", "minority"]


@dataclass(frozen=True)
class Regime:
    key: str
    name: str
    threshold: float
    inclusive: bool  # True: "threshold or more"; False: "more than threshold"
    aggregate: bool  # stakes of different designated persons add up
    citations: tuple[str, ...]

    def meets(self, total: float) -> bool:
        return total >= self.threshold - 1e-9 if self.inclusive else total > self.threshold + 1e-9

    @property
    def test(self) -> str:
        op = "50 % or more" if self.inclusive else "more than 50 %"
        how = "aggregated" if self.aggregate else "held by one designated person"
        return f"{op}, {how}"


OFAC = Regime("ofac", "OFAC 50 % rule", 50.0, True, True, ("O1", "O2", "O3"))
EU = Regime("eu", "EU ownership test", 50.0, True, True, ("EU1",))
UK = Regime("uk", "UK ownership test", 50.0, False, False, ("UK1",))
REGIMES: dict[str, Regime] = {r.key: r for r in (OFAC, EU, UK)}


@dataclass
class Stake:
    owner: str
    asset: str
    percentage: float | None
    sources: list[SourceRef] = field(default_factory=list)
    conflicting: list[float] = field(default_factory=list)  # other values in other records


@dataclass
class Holding:
    """A stake in the verdict's entity, and why its owner counts."""

    stake: Stake
    owner_status: Literal["designated", "blocked"]


@dataclass
class Verdict:
    regime: Regime
    entity: str
    status: Status
    total: float = 0.0  # known percentage held by designated / blocked owners
    holdings: list[Holding] = field(default_factory=list)
    unknown: list[Holding] = field(default_factory=list)  # stakes of unknown size
    #: for a blocked entity, one path per counted stake: designated person → ... → entity
    paths: list[list[Stake]] = field(default_factory=list)
    controller: str | None = None  # UK: the one designated person who owns it
    note: str = ""


def merge_stakes(stakes: Iterable[Stake]) -> list[Stake]:
    """One stake per (owner, asset): the largest known percentage, every source kept."""
    merged: dict[tuple[str, str], Stake] = {}
    for s in stakes:
        key = (s.owner, s.asset)
        if s.owner == s.asset:
            continue
        have = merged.get(key)
        if have is None:
            merged[key] = Stake(s.owner, s.asset, s.percentage, list(s.sources))
            continue
        have.sources.extend(s.sources)
        if s.percentage is not None:
            if have.percentage is None:
                have.percentage = s.percentage
            elif abs(have.percentage - s.percentage) > 1e-9:
                have.conflicting.append(min(have.percentage, s.percentage))
                have.percentage = max(have.percentage, s.percentage)
    return list(merged.values())


def _fixed_point(
    by_asset: dict[str, list[Stake]], seeds: set[str], regime: Regime
) -> dict[str, list[Stake]]:
    """Entities that the seeds own under the regime's threshold, with the stakes that did it."""
    owned = set(seeds)
    why: dict[str, list[Stake]] = {}
    changed = True
    while changed:
        changed = False
        for asset, stakes in by_asset.items():
            if asset in owned:
                continue
            counted = [s for s in stakes if s.owner in owned and s.percentage is not None]
            if counted and regime.meets(sum(s.percentage or 0 for s in counted)):
                owned.add(asset)
                why[asset] = counted
                changed = True
    return why


def _chain(owner: str, why: dict[str, list[Stake]], seeds: set[str]) -> list[Stake]:
    """The largest stakes from a designated person down to ``owner`` (empty if designated)."""
    out: list[Stake] = []
    seen = {owner}
    node = owner
    while node not in seeds and node in why:
        stake = max(why[node], key=lambda s: (s.owner in seeds, s.percentage or 0))
        out.append(stake)
        if stake.owner in seen:
            break
        seen.add(stake.owner)
        node = stake.owner
    return list(reversed(out))


def _paths(asset: str, why: dict[str, list[Stake]], seeds: set[str]) -> list[list[Stake]]:
    """One path per counted stake: designated person → ... → owner → ``asset``."""
    return [[*_chain(s.owner, why, seeds), s] for s in why[asset]]


def analyse(
    stakes: Iterable[Stake], designated: Iterable[str], regime: Regime
) -> dict[str, Verdict]:
    """A verdict for every entity with a designated or blocked owner (and the designated)."""
    merged = merge_stakes(stakes)
    seeds = set(designated)
    by_asset: dict[str, list[Stake]] = defaultdict(list)
    for s in merged:
        by_asset[s.asset].append(s)
    verdicts: dict[str, Verdict] = {d: Verdict(regime, d, "designated") for d in seeds}

    if regime.aggregate:
        why = _fixed_point(by_asset, seeds, regime)
        blocked = seeds | set(why)
        controller: dict[str, str] = {}
    else:
        why, controller = _per_person(by_asset, seeds, regime)
        blocked = seeds | set(why)

    for asset, asset_stakes in by_asset.items():
        if asset in seeds:
            continue
        holdings = [
            Holding(s, "designated" if s.owner in seeds else "blocked")
            for s in asset_stakes
            if s.owner in blocked
        ]
        if not holdings:
            continue
        known = [h for h in holdings if h.stake.percentage is not None]
        unknown = [h for h in holdings if h.stake.percentage is None]
        total = sum(h.stake.percentage or 0 for h in known)
        v = Verdict(regime, asset, "minority", total, known, unknown)
        if asset in why:
            v.status = "blocked"
            v.paths = _paths(asset, why, seeds)
            v.controller = controller.get(asset)
            if v.controller:
                v.total = sum(s.percentage or 0 for s in why[asset])
                v.holdings = [h for h in known if h.stake in why[asset]]
        elif unknown:
            v.status = "undetermined"
            v.note = f"{len(unknown)} stake(s) of unknown size held by designated or owned persons"
        elif not regime.aggregate and regime.meets(total):
            v.status = "undetermined"
            v.note = (
                f"designated persons hold {total:g} % together, but no one of them more than "
                "50 %: the UK does not aggregate unless they act under a joint arrangement"
            )
        verdicts[asset] = v
    return verdicts


def _per_person(
    by_asset: dict[str, list[Stake]], seeds: set[str], regime: Regime
) -> tuple[dict[str, list[Stake]], dict[str, str]]:
    """UK: what each designated person owns on their own (directly or through what they own)."""
    owners_of: dict[str, list[Stake]] = defaultdict(list)
    for stakes in by_asset.values():
        for s in stakes:
            owners_of[s.owner].append(s)
    why: dict[str, list[Stake]] = {}
    controller: dict[str, str] = {}
    for person in sorted(seeds):
        if person not in owners_of:
            continue
        # only the assets downstream of this person can be owned by them
        reach: set[str] = set()
        todo = [person]
        while todo:
            node = todo.pop()
            for s in owners_of.get(node, ()):
                if s.asset not in reach:
                    reach.add(s.asset)
                    todo.append(s.asset)
        sub = {a: by_asset[a] for a in reach if a in by_asset and a not in seeds}
        for asset, stakes in _fixed_point(sub, {person}, regime).items():
            if asset not in why:
                why[asset] = stakes
                controller[asset] = person
    return why, controller


@dataclass
class ControlLink:
    """A designated person directs a company (control, not ownership)."""

    director: str
    company: str
    role: str
    regimes: list[str]
    sources: list[SourceRef]
