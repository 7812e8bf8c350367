"""Checks over time: a customer's CHPL history (R4): new to Tier 1-2 goods after the
cut-off, or receiving far more of them than before."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from tracewire.network.case import Role
from tracewire.network.checks.context import Hit, Params, RuleContext, check
from tracewire.network.findings import Evidence, SourceRef
from tracewire.network.goods import chpl_item
from tracewire.network.reference import reference

CUTOFF = datetime.date(2022, 2, 24)
CHPL_REF = SourceRef(kind="reference", ref="chpl.csv", key="C1", note="CHPL, Feb 2024")
#: the documents of a deal that count its goods once, in order of preference
COUNTED_TYPES = ("invoice", "shipment", "contract")


def span(partial: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 1, 1), datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return datetime.date(parts[0], parts[1], 1), datetime.date(parts[0], parts[1], last)
    day = datetime.date(*parts)
    return day, day


def period_span(period: str) -> tuple[datetime.date, datetime.date]:
    """A history period (``2021``, ``2019/2021-06``) as its first and last day."""
    first, _, last = period.partition("/")
    return span(first)[0], span(last or first)[1]


def months(start: datetime.date, end: datetime.date) -> float:
    return max((end - start).days + 1, 1) / 30.4375


# -- R4: CHPL history per customer ----------------------------------------------------------


@dataclass(frozen=True, eq=False, slots=True)
class Receipt:
    """Goods a party received: one history entry (``parties[i].history[j]``) or one goods
    line of a dated document (``transactions[i].goods[j]``)."""

    start: datetime.date
    end: datetime.date
    hs: str
    value: float | None
    currency: str | None
    kind: Literal["history", "goods"]
    index: int
    line: int
    txn: str | None = None

    @property
    def path(self) -> str:
        where = "parties" if self.kind == "history" else "transactions"
        return f"{where}[{self.index}].{self.kind}[{self.line}]"

    def share(self, lo: datetime.date, hi: datetime.date) -> float:
        """The part of the value that falls in [lo, hi], pro rata by days."""
        if self.value is None:
            return 0.0
        a, b = max(self.start, lo), min(self.end, hi)
        if a > b:
            return 0.0
        return self.value * ((b - a).days + 1) / ((self.end - self.start).days + 1)


def _what(ctx: RuleContext, r: Receipt) -> str:
    if r.kind == "history":
        h = ctx.case.parties[r.index].history[r.line]
        return f"{h.period}: HS {h.hs_code}" + (f" '{h.description}'" if h.description else "")
    txn = ctx.case.transactions[r.index]
    line = txn.goods[r.line]
    return f"{txn.type} {txn.id} of {txn.date}: HS {line.hs_code} '{line.description}'"


class ChplHistoryParams(Params):
    test: Literal["new", "spike"] = "new"
    cutoff: datetime.date = CUTOFF
    tiers: list[str] = ["1", "2"]
    roles: list[Role] = [Role.buyer, Role.consignee, Role.end_user]
    factor: float = 3.0
    baseline_months: int = 24


@lru_cache(maxsize=4096)
def _tier_status(hs: str, tiers: tuple[str, ...]) -> Literal["yes", "no", "maybe"]:
    """Is an HS code CHPL of ``tiers``? A code under 6 digits may cover such codes."""
    item = chpl_item(hs)
    if item is not None:
        return "yes" if item.tier in tiers else "no"
    if len(hs) >= 6:
        return "no"
    covered = any(code.startswith(hs) and it.tier in tiers for code, it in reference().chpl.items())
    return "maybe" if covered else "no"


def receipts(ctx: RuleContext, roles: list[Role]) -> dict[str, list[Receipt]]:
    """Party id → what it received: its ``history`` entries and the goods lines of dated
    documents naming it in ``roles``; each deal counted once, on its invoices, else its
    shipments, else its contracts (computed once per investigation)."""
    key = ("receipts", tuple(roles))
    if key not in ctx.memo:
        ctx.memo[key] = _receipts(ctx, roles)
    out: dict[str, list[Receipt]] = ctx.memo[key]
    return out


def _receipts(ctx: RuleContext, roles: list[Role]) -> dict[str, list[Receipt]]:
    out: dict[str, list[Receipt]] = defaultdict(list)
    for pid, (i, party) in ctx.parties.items():
        for j, h in enumerate(party.history):
            start, end = period_span(h.period)
            out[pid].append(Receipt(start, end, h.hs_code, h.value, h.currency, "history", i, j))
    for group in ctx.deal_groups:
        with_goods = [k for k in group if ctx.case.transactions[k].goods]
        kinds = {ctx.case.transactions[k].type for k in with_goods}
        kind = next((k for k in COUNTED_TYPES if k in kinds), None)
        for k in with_goods:
            txn = ctx.case.transactions[k]
            if txn.type != kind or txn.date is None:
                continue
            for pid in dict.fromkeys(txn.in_role(*roles)):
                for j, line in enumerate(txn.goods):
                    if not line.hs_code:
                        continue
                    value = line.value
                    if value is None and line.unit_price is not None and line.quantity is not None:
                        value = line.unit_price * line.quantity
                    out[pid].append(Receipt(txn.date, txn.date, line.hs_code, value, line.currency,
                                            "goods", k, j, txn.id))  # fmt: skip
    return out


@check("chpl_history", ChplHistoryParams)
def chpl_history(ctx: RuleContext, p: ChplHistoryParams) -> Iterator[Hit]:
    """A customer (a party in ``roles``, with its optional ``history``) that received goods
    before ``cutoff`` but none of the CHPL ``tiers`` now receives them (``test: new``), or
    whose monthly value of such goods since ``cutoff`` is ``factor`` times or more its
    monthly value in the ``baseline_months`` before (``test: spike``; per currency, deals
    counted once, values of periods that straddle a boundary split by days)."""
    for pid, got in receipts(ctx, p.roles).items():
        before = [r for r in got if r.end < p.cutoff]
        if not before:
            continue  # not an existing customer: nothing to compare with
        tiers = tuple(p.tiers)
        status = {r: _tier_status(r.hs, tiers) for r in got}
        after = [r for r in got if r.start >= p.cutoff and status[r] == "yes"]
        if not after:
            continue
        if p.test == "new":
            if any(status[r] != "no" for r in got if r.start < p.cutoff):
                continue
            yield _new_hit(ctx, pid, p, before, after)
        else:
            yield from _spike_hits(ctx, pid, p, got, status)


def _tiers(rs: list[Receipt]) -> str:
    items = {it.hs6: it.tier for r in rs if (it := chpl_item(r.hs))}
    return ", ".join(f"{code} (tier {tier})" for code, tier in sorted(items.items()))


def _new_hit(
    ctx: RuleContext, pid: str, p: ChplHistoryParams, before: list[Receipt], after: list[Receipt]
) -> Hit:
    first = min(r.start for r in before)
    txns = list(dict.fromkeys(r.txn for r in after if r.txn))
    codes = sorted({r.hs for r in before})
    return Hit(
        ctx.party_subject(pid),
        f"{ctx.party_label(pid)} received goods from {first} on but no CHPL tier "
        f"{'/'.join(p.tiers)} goods before {p.cutoff}; since then it has received "
        f"{_tiers(after)} ({len(after)} line(s), first on {min(r.start for r in after)}).",
        [Evidence(statement=f"Before {p.cutoff}: {len(before)} record(s), HS {', '.join(codes[:8])}"
                  f"{' ...' if len(codes) > 8 else ''}: none of tier {'/'.join(p.tiers)}",
                  sources=[ctx.case_ref(r.path) for r in before[:5]]),
         Evidence(statement="Since: " + "; ".join(_what(ctx, r) for r in after[:5]),
                  sources=[ctx.case_ref(r.path) for r in after[:5]] + [CHPL_REF])],
        parties=[pid],
        transactions=txns,
        data={"test": "new", "cutoff": str(p.cutoff), "first_record": str(first),
              "hs6": sorted({r.hs[:6] for r in after})},
    )  # fmt: skip


def _spike_hits(
    ctx: RuleContext,
    pid: str,
    p: ChplHistoryParams,
    got: list[Receipt],
    status: Mapping[Receipt, str],
) -> Iterator[Hit]:
    earliest = min(r.start for r in got)
    lo = max(earliest, p.cutoff - datetime.timedelta(days=round(p.baseline_months * 30.4375)))
    day_before = p.cutoff - datetime.timedelta(days=1)
    tier = [r for r in got if status[r] == "yes" and r.value is not None and r.currency]
    for currency in sorted({r.currency for r in tier if r.currency}):
        rs = [r for r in tier if r.currency == currency]
        last = max(r.end for r in rs)
        if last < p.cutoff:
            continue
        base = sum(r.share(lo, day_before) for r in rs)
        now = sum(r.share(p.cutoff, last) for r in rs)
        if base <= 0 or now <= 0:
            continue
        base_m, now_m = months(lo, day_before), months(p.cutoff, last)
        ratio = (now / now_m) / (base / base_m)
        if ratio < p.factor:
            continue
        counted_before = [r for r in rs if r.share(lo, day_before) > 0]
        counted_after = [r for r in rs if r.share(p.cutoff, last) > 0]
        yield Hit(
            ctx.party_subject(pid),
            f"{ctx.party_label(pid)} received CHPL tier {'/'.join(p.tiers)} goods worth "
            f"{now / now_m:,.0f} {currency} a month since {p.cutoff}, {ratio:.1f} times the "
            f"{base / base_m:,.0f} {currency} a month of the {base_m:.0f} month(s) before.",
            [Evidence(statement=f"{lo} to {day_before}: {base:,.0f} {currency} over {base_m:.1f} month(s)",
                      sources=[ctx.case_ref(r.path) for r in counted_before[:5]]),
             Evidence(statement=f"{p.cutoff} to {last}: {now:,.0f} {currency} over {now_m:.1f} month(s): "
                      + "; ".join(_what(ctx, r) for r in counted_after[:3]),
                      sources=[ctx.case_ref(r.path) for r in counted_after[:5]] + [CHPL_REF])],
            parties=[pid],
            transactions=list(dict.fromkeys(r.txn for r in counted_after if r.txn)),
            data={"test": "spike", "currency": currency, "before": round(base, 2),
                  "before_months": round(base_m, 1), "after": round(now, 2),
                  "after_months": round(now_m, 1), "ratio": round(ratio, 2)},
        )  # fmt: skip
