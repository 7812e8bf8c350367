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

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tracewire.bounds import MAX_REPORTED_HOPS
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
    #: per path, the ownership links left out between its first stake and the rest
    #: (a chain longer than :data:`~tracewire.bounds.MAX_REPORTED_HOPS`)
    skipped: list[int] = field(default_factory=list)
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
    """Entities that the seeds own under the regime's threshold, with the stakes that did it.

    A work list: each entity found owned adds its stakes to the running totals of what it
    holds, once; so a chain of any depth costs time and memory in proportion to its
    stakes (a pass per level would cost the square of the depth)."""
    holds: dict[str, list[Stake]] = defaultdict(list)
    for stakes in by_asset.values():
        for s in stakes:
            if s.percentage is not None:
                holds[s.owner].append(s)
    owned = set(seeds)
    why: dict[str, list[Stake]] = {}
    counted: dict[str, list[Stake]] = defaultdict(list)
    total: dict[str, float] = defaultdict(float)
    todo = deque(sorted(seeds))
    while todo:
        owner = todo.popleft()
        for s in holds.get(owner, ()):
            asset = s.asset
            if asset in owned or asset not in by_asset:
                continue
            counted[asset].append(s)
            total[asset] += s.percentage or 0
            if regime.meets(total[asset]):
                owned.add(asset)
                why[asset] = counted.pop(asset)
                todo.append(asset)
    return why


class _Chains:
    """The chain of largest stakes from a designated person down to each owned entity.

    Each entity keeps one link up (its largest counted stake), so a chain is a walk up
    those links, not a copy per level; its length and top are found once per entity. A
    chain longer than :data:`~tracewire.bounds.MAX_REPORTED_HOPS` is reported by its top
    stake and the stakes nearest the entity, with the number of links left out."""

    def __init__(self, why: dict[str, list[Stake]], seeds: set[str]) -> None:
        self.seeds = seeds
        self.up = {
            asset: max(stakes, key=lambda s: (s.owner in seeds, s.percentage or 0))
            for asset, stakes in why.items()
        }
        self.length: dict[str, int] = {}
        self.top: dict[str, Stake | None] = {}

    def _measure(self, node: str) -> None:
        walk: list[str] = []
        seen: set[str] = set()
        while node not in self.length and node not in self.seeds and node in self.up:
            if node in seen:  # a loop of links (UK: two persons' chains cross)
                break
            seen.add(node)
            walk.append(node)
            node = self.up[node].owner
        length = self.length.get(node, 0)
        top = self.top.get(node)
        for n in reversed(walk):
            length += 1
            top = top or self.up[n]
            self.length[n], self.top[n] = length, top

    def chain(self, owner: str) -> tuple[list[Stake], int]:
        """The stakes from a designated person down to ``owner`` (none if designated),
        at most ``MAX_REPORTED_HOPS - 1`` of them, and how many were left out."""
        self._measure(owner)
        length = self.length.get(owner, 0)
        keep = MAX_REPORTED_HOPS - 1  # the path adds the stake in the entity itself
        nearest = min(length, keep) if length <= keep else keep - 1
        out: list[Stake] = []
        node = owner
        for _ in range(nearest):
            stake = self.up[node]
            out.append(stake)
            node = stake.owner
        out.reverse()
        if length <= keep:
            return out, 0
        top = self.top[owner]
        assert top is not None
        return [top, *out], length - keep


def _paths(
    asset: str, why: dict[str, list[Stake]], chains: _Chains
) -> tuple[list[list[Stake]], list[int]]:
    """One path per counted stake: designated person → ... → owner → ``asset``, and the
    links each leaves out."""
    paths, skipped = [], []
    for s in why[asset]:
        chain, left_out = chains.chain(s.owner)
        paths.append([*chain, s])
        skipped.append(left_out)
    return paths, skipped


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
    chains = _Chains(why, seeds)

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
            v.paths, v.skipped = _paths(asset, why, chains)
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


class OwnershipSeverity(BaseModel):
    """How serious a designated minority stake is (the ``ownership`` section of a rules
    file). A stake below the regime's threshold is ``minority``; it is ``near_threshold``
    when designated persons hold ``near_threshold_from`` % or more together, and
    ``aggregated`` when two or more designated persons hold it together."""

    model_config = ConfigDict(extra="forbid")

    minority: Literal["low", "medium", "high"] = "medium"
    near_threshold_from: float = Field(default=40.0, gt=0, le=100)
    near_threshold: Literal["low", "medium", "high"] = "high"
    aggregated: Literal["low", "medium", "high"] = "high"
