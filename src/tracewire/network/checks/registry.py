"""Checks on registry records over time (R18): a listed owner giving up its stake near its
designation, and dormant companies that start trading."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property

from tracewire.network.case import CompanyRecord, Owner, Role
from tracewire.network.checks.context import Hit, KeywordSetRef, Params, RuleContext, check
from tracewire.network.checks.history import CUTOFF, span
from tracewire.network.checks.parties import TRADE_ROLES
from tracewire.network.findings import Evidence, Subject
from tracewire.network.lists import Designation
from tracewire.network.nodes import record_node_id


class _Designations:
    """Cluster → its listings, computed once per investigation."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx

    @cached_property
    def by_cluster(self) -> dict[str, list[Designation]]:
        out: dict[str, list[Designation]] = defaultdict(list)
        g = self.ctx.graph
        for nid in g.nodes:
            for d in self.ctx.lists.designations.get(nid, ()):
                out[g.cluster(nid)].append(d)
        return out

    def of(self, node: str) -> list[Designation]:
        return self.by_cluster.get(self.ctx.graph.cluster(node), [])


class TransferParams(Params):
    window_days: int | None = 183
    after: datetime.date = CUTOFF


def _listing_dates(ds: list[Designation]) -> list[tuple[datetime.date, Designation]]:
    out = []
    for d in ds:
        if d.listing_date and len(d.listing_date) >= 4 and d.listing_date[:4].isdigit():
            try:
                out.append((span(d.listing_date[:10])[0], d))
            except ValueError:
                continue
    return out


@check("ownership_transfer", TransferParams)
def ownership_transfer(ctx: RuleContext, p: TransferParams) -> Iterator[Hit]:
    """A designated owner's stake in a company ended (the owner's ``until`` date): within
    ``window_days`` of one of its listing dates, or, with ``window_days: null``, at any
    time after ``after``. Not flagged when every current owner is designated too (the
    ownership findings cover that)."""
    listed = _Designations(ctx)
    g = ctx.graph
    for i, rec in enumerate(ctx.case.company_records):
        company = record_node_id(rec)
        current = [(j, o) for j, o in enumerate(rec.owners) if not o.former]
        if current and all(
            g.designated(ctx.nodes.person_node(rec, "owners", j)) for j, _o in current
        ):
            continue  # fmt: skip
        for j, owner in enumerate(rec.owners):
            if owner.until is None:
                continue
            nid = ctx.nodes.person_node(rec, "owners", j)
            ds = listed.of(nid)
            if not ds:
                continue
            lo, hi = span(owner.until)
            near: tuple[datetime.date, Designation] | None = None
            if p.window_days is not None:
                window = datetime.timedelta(days=p.window_days)
                dated = [(day, d) for day, d in _listing_dates(ds) if lo - window <= day <= hi + window]  # fmt: skip
                if not dated:
                    continue
                near = min(dated, key=lambda x: abs((x[0] - lo).days))
            elif lo <= p.after:
                continue
            yield _transfer_hit(ctx, i, rec, j, company, ds, near, current, listed)


def _transfer_hit(
    ctx: RuleContext,
    i: int,
    rec: CompanyRecord,
    j: int,
    company: str,
    ds: list[Designation],
    near: tuple[datetime.date, Designation] | None,
    current: list[tuple[int, Owner]],
    listed: _Designations,
) -> Hit:
    owner = rec.owners[j]
    node = ctx.nodes.nodes[company]
    pct = f" {owner.percentage:g} %" if owner.percentage is not None else ""
    when = ""
    if near is not None:
        days = (span(owner.until or "")[0] - near[0]).days
        when = f", {abs(days)} day(s) {'after' if days >= 0 else 'before'} its listing of {near[0]}"
    takers = []
    for k, o in current:
        if not listed.of(ctx.nodes.person_node(rec, "owners", k)):
            share = f" {o.percentage:g} %" if o.percentage is not None else ""
            takers.append((k, f"{o.name}{share}" + (f" since {o.since}" if o.since else "")))
    shown = [near[1]] if near is not None else ds[:3]
    evidence = [
        Evidence(statement=f"{owner.name} held{pct} of {node.label} until {owner.until}",
                 sources=[ctx.case_ref(f"company_records[{i}].owners[{j}]")]),
        Evidence(statement=f"{owner.name} is listed: " + "; ".join(d.describe() for d in shown),
                 sources=[ctx.lists.designation_source(d) for d in shown]),
    ]  # fmt: skip
    if takers:
        evidence.append(
            Evidence(statement="Current owners not listed: " + "; ".join(t for _k, t in takers),
                     sources=[ctx.case_ref(f"company_records[{i}].owners[{k}]") for k, _t in takers])
        )  # fmt: skip
    return Hit(
        ctx.party_subject(rec.party) if rec.party else Subject(type="party", id=rec.id, label=node.label),
        f"The listed {owner.name} gave up its{pct} stake in {node.label} on {owner.until}{when}"
        + (f"; the owners now are {', '.join(t for _k, t in takers)}." if takers else "."),
        evidence,
        parties=[rec.party] if rec.party else [],
        data={"owner": owner.name, "until": owner.until, "percentage": owner.percentage,
              "listing_date": str(near[0]) if near else None,
              "to": [t for _k, t in takers]},
    )  # fmt: skip


class DormantParams(Params):
    days: int = 365
    roles: list[Role] = TRADE_ROLES
    keywords: KeywordSetRef = "dormant_status"


@check("dormant_company", DormantParams)
def dormant_company(ctx: RuleContext, p: DormantParams) -> Iterator[Hit]:
    """A party's company record shows it dormant (``dormant_from``/``dormant_until``, or a
    ``status`` matching ``keywords``, taken as dormant for the year before the extract's
    date) and the party trades, in one of ``roles``, while dormant or within ``days`` after
    the dormancy ended."""
    words = ctx.keywords(p.keywords)
    watched = {rec.party for rec in ctx.case.company_records
               if rec.party and (rec.dormant_from or rec.dormant_until or rec.status)}  # fmt: skip
    if not watched:
        return
    dated: dict[str, list[tuple[datetime.date, int]]] = defaultdict(list)
    for k, txn in enumerate(ctx.case.transactions):
        if txn.date is not None:
            for pid in dict.fromkeys(txn.in_role(*p.roles)):
                if pid in watched:
                    dated[pid].append((txn.date, k))
    for i, rec in enumerate(ctx.case.company_records):
        if rec.party is None or rec.party not in dated:
            continue
        start = span(rec.dormant_from)[0] if rec.dormant_from else None
        end = span(rec.dormant_until)[1] if rec.dormant_until else None
        status = words.search(rec.status or "") if rec.status else None
        if start is None and end is None:
            if status is None:
                continue
            start = rec.date - datetime.timedelta(days=365) if rec.date else None
        while_dormant = [(d, k) for d, k in sorted(dated[rec.party])
                         if (start is None or d >= start) and (end is None or d <= end)]  # fmt: skip
        woke = []
        if end is not None:
            limit = end + datetime.timedelta(days=p.days)
            woke = [(d, k) for d, k in sorted(dated[rec.party]) if end < d <= limit]
        if not while_dormant and not woke:
            continue
        said = []
        if rec.dormant_from or rec.dormant_until:
            said.append(f"dormant {rec.dormant_from or '?'} to {rec.dormant_until or 'now'}")
        if rec.status:
            said.append(f"status '{rec.status}'" + (f" on {rec.date}" if rec.date else ""))
        txns = [ctx.case.transactions[k] for _d, k in (while_dormant or woke)]
        how = ("while registered dormant" if while_dormant
               else f"within {(woke[0][0] - (end or woke[0][0])).days} day(s) of the end of its dormancy")  # fmt: skip
        yield Hit(
            ctx.party_subject(rec.party),
            f"{ctx.party_label(rec.party)} ({'; '.join(said)}) trades {how}: "
            f"{len(txns)} transaction(s) from {txns[0].date}.",
            [Evidence(statement="Company record: " + "; ".join(said),
                      sources=[ctx.case_ref(f"company_records[{i}]")]),
             Evidence(statement="Trades: " + ", ".join(f"{t.type} {t.id} of {t.date}" for t in txns[:5]),
                      sources=[ctx.txn_ref(t) for t in txns[:5]])],
            parties=[rec.party],
            transactions=[t.id for t in txns],
            data={"dormant_from": rec.dormant_from, "dormant_until": rec.dormant_until,
                  "status": rec.status, "while_dormant": bool(while_dormant)},
        )  # fmt: skip
