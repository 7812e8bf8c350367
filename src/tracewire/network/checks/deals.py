"""Checks about deals: routes, amendments, who pays, in which currency, through which bank."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from followthemoney.types import registry

from tracewire.network.case import Role, Transaction
from tracewire.network.checks.context import CountrySetRef, Hit, Params, RuleContext, check
from tracewire.network.findings import Evidence


class RouteViaParams(Params):
    hubs: CountrySetRef = "transshipment"
    toward: CountrySetRef = "russia_belarus"
    via_roles: list[Role] = [Role.consignee, Role.intermediary, Role.payer, Role.freight_forwarder]
    transit: bool = True
    bank: bool = True


@check("route_via", RouteViaParams)
def route_via(ctx: RuleContext, p: RouteViaParams) -> Iterator[Hit]:
    """A deal bound for a ``toward`` country passes through a ``hubs`` country: in the
    route's transit countries, the bank's country, or the country of a party in
    ``via_roles``."""
    hubs, toward = ctx.countries(p.hubs), ctx.countries(p.toward)
    for txn in ctx.case.transactions:
        dests = ctx.deal_destinations(txn) & toward
        if not dests:
            continue
        seen: list[tuple[str, str]] = []  # (country, how)
        if p.transit and txn.route:
            seen += [(c, "transit") for c in txn.route.transit]
        if p.bank and txn.payment and txn.payment.bank_country:
            seen.append((txn.payment.bank_country, "paying bank"))
        for role, pid in txn.roles():
            country = ctx.party(pid).country
            if role in p.via_roles and country:
                seen.append((country, f"{role.value} {ctx.party(pid).name}"))
        via: dict[str, list[str]] = {}
        for c, how in seen:
            if c in hubs and c not in toward and how not in via.get(c, []):
                via.setdefault(c, []).append(how)
        if not via:
            continue
        hops = "; ".join(f"{c.upper()} ({', '.join(how)})" for c, how in via.items())
        dest = ", ".join(sorted(d.upper() for d in dests))
        yield Hit(
            ctx.txn_subject(txn),
            f"{txn.id} is bound for {dest} through {hops}, listed transshipment point(s).",
            [Evidence(statement=f"Destination {dest}; via {hops}", sources=[ctx.txn_ref(txn)])],
            parties=sorted(
                {
                    pid
                    for role, pid in txn.roles()
                    if role in p.via_roles and ctx.party(pid).country in hubs
                }
            ),  # fmt: skip
            transactions=[txn.id],
            data={"destinations": sorted(dests), "via": sorted(via)},
        )


class ThirdPartyPayerParams(Params):
    counterparts: list[Role] = [Role.buyer, Role.consignee, Role.end_user]
    payer_in: CountrySetRef | None = None


@check("third_party_payer", ThirdPartyPayerParams)
def third_party_payer(ctx: RuleContext, p: ThirdPartyPayerParams) -> Iterator[Hit]:
    """The payer is none of the deal's ``counterparts`` (buyer, consignee, end user in any
    document of the deal); with ``payer_in``, only payers in those countries."""
    only = ctx.countries(p.payer_in) if p.payer_in is not None else None
    for txn in ctx.case.transactions:
        payers = txn.in_role(Role.payer)
        if not payers:
            continue
        deal = ctx.deals.get(txn.id, [txn])
        counterparts = {pid for t in deal for pid in t.in_role(*p.counterparts)}
        if not counterparts:
            continue
        for pid in dict.fromkeys(payers):
            if pid in counterparts or (only is not None and ctx.party(pid).country not in only):
                continue
            named = ", ".join(sorted({ctx.party(c).name for c in counterparts}))
            yield Hit(
                ctx.txn_subject(txn),
                f"{txn.id} is paid by {ctx.party_label(pid)}, a third party that is not "
                f"the buyer, consignee or end user of the deal ({named}).",
                [Evidence(statement=f"Payer: {ctx.party(pid).name}", sources=[ctx.txn_ref(txn)]),
                 Evidence(statement=f"Deal counterparts: {named}",
                          sources=[ctx.txn_ref(t) for t in deal if t.in_role(*p.counterparts)][:5])],
                parties=[pid],
                transactions=[t.id for t in deal],
            )  # fmt: skip


def _currency(txn: Transaction) -> tuple[str | None, str]:
    if txn.payment is not None:
        return txn.payment.currency, ".payment.currency"
    for j, line in enumerate(txn.goods):
        if line.currency:
            return line.currency, f".goods[{j}].currency"
    return None, ""


class CurrencyParams(Params):
    roles: list[Role] = [Role.seller, Role.buyer, Role.payer, Role.payee]
    neutral: list[str] = ["USD", "EUR"]
    usual: bool = True


#: the two sides of a deal: who is paid and who pays
_SUPPLIER, _CUSTOMER = (Role.seller, Role.payee), (Role.buyer, Role.payer)


def _pair_documents(ctx: RuleContext, txn: Transaction) -> list[Transaction]:
    """The case's other documents between the same two parties as ``txn``: a party of it
    on each side (seller/payee, buyer/payer)."""
    if "sides" not in ctx.memo:
        sides: tuple[dict[str, set[int]], dict[str, set[int]]] = (defaultdict(set), defaultdict(set))  # fmt: skip
        for k, t in enumerate(ctx.case.transactions):
            for side, roles in zip(sides, (_SUPPLIER, _CUSTOMER), strict=True):
                for pid in t.in_role(*roles):
                    side[pid].add(k)
        ctx.memo["sides"] = sides
    by_supplier, by_customer = ctx.memo["sides"]
    paid = {k for pid in txn.in_role(*_SUPPLIER) for k in by_supplier.get(pid, ())}
    paying = {k for pid in txn.in_role(*_CUSTOMER) for k in by_customer.get(pid, ())}
    docs = [ctx.case.transactions[k] for k in sorted(paid & paying)]
    return [t for t in docs if t.id != txn.id]


def _most_used(docs: list[Transaction]) -> tuple[list[str], list[Transaction]]:
    by_currency: dict[str, list[Transaction]] = defaultdict(list)
    for t in docs:
        cur, _ = _currency(t)
        if cur is not None:
            by_currency[cur].append(t)
    if not by_currency:
        return [], []
    top = max(len(ts) for ts in by_currency.values())
    usual = sorted(c for c, ts in by_currency.items() if len(ts) == top)
    return usual, [t for c in usual for t in by_currency[c]]


def _usual_currency(
    ctx: RuleContext, txn: Transaction, acceptable: set[str]
) -> tuple[list[str], list[Transaction]]:
    """The deal's usual currency for ``txn``, with the documents that use it: the most
    frequent currency of the *other* documents of its deal, else (when they state none) of
    the other documents between the same two parties. Only a currency in ``acceptable`` (a
    party's home currency or a neutral one) can be usual: a deal held throughout in a third
    currency has no usual currency to excuse it."""
    deal = [t for t in ctx.deals.get(txn.id, [txn]) if t.id != txn.id]
    usual, docs = _most_used(deal)
    if not usual:
        usual, docs = _most_used(_pair_documents(ctx, txn))
    if not usual or not set(usual) <= acceptable:
        return [], []
    return usual, docs


@check("currency_mismatch", CurrencyParams)
def currency_mismatch(ctx: RuleContext, p: CurrencyParams) -> Iterator[Hit]:
    """The currency of a payment or invoice is the home currency of none of the parties in
    ``roles`` and not the deal's usual currency (e.g. CNY between two Russian companies, or
    USD on a deal contracted in RUB). The usual currency (``usual``) is the most frequent
    one of the deal's other documents, else of the other documents between the same two
    parties, when it is a party's home currency or a ``neutral`` one; a ``neutral``
    currency (USD, EUR) passes only when it is the usual one or none can be told."""
    for txn in ctx.case.transactions:
        currency, where = _currency(txn)
        if currency is None:
            continue
        parties = list(dict.fromkeys(txn.in_role(*p.roles)))
        countries = {ctx.party(pid).country for pid in parties}
        if not parties or None in countries:
            continue
        homes = {c: ctx.ref.currencies.get(c or "") for c in countries}
        if any(h is None for h in homes.values()):
            continue  # a country whose currency we do not know: no verdict
        if any(currency in (h or ()) for h in homes.values()):
            continue
        acceptable = {x for h in homes.values() for x in (h or ())} | set(p.neutral)
        usual, usual_docs = _usual_currency(ctx, txn, acceptable) if p.usual else ([], [])
        if currency in usual or (not usual and currency in p.neutral):
            continue
        who = ", ".join(ctx.party_label(pid) for pid in parties)
        but = f" nor the deal's usual {'/'.join(usual)}" if usual else ""
        evidence = [
            Evidence(statement=f"Currency {currency}", sources=[ctx.txn_ref(txn, where)]),
            Evidence(statement="Parties' home currencies: " + ", ".join(
                f"{(c or '').upper()} {'/'.join(h or ())}" for c, h in sorted(homes.items(), key=str)),
                sources=[ctx.party_ref(pid) for pid in parties]),
        ]  # fmt: skip
        if usual:
            evidence.append(Evidence(
                statement=f"The deal's usual currency {'/'.join(usual)}: "
                + ", ".join(t.id for t in usual_docs[:5]),
                sources=[ctx.txn_ref(t, _currency(t)[1]) for t in usual_docs[:5]]))  # fmt: skip
        yield Hit(
            ctx.txn_subject(txn),
            f"{txn.id} is in {currency}, the currency of none of its parties{but}: {who}.",
            evidence,
            parties=[],
            transactions=[txn.id],
            data={"currency": currency, "countries": sorted(c for c in countries if c),
                  "usual": usual, "usual_documents": [t.id for t in usual_docs]},
        )  # fmt: skip


class BankCountryParams(Params):
    bank_in: CountrySetRef | None = None


@check("bank_country", BankCountryParams)
def bank_country(ctx: RuleContext, p: BankCountryParams) -> Iterator[Hit]:
    """The paying bank is in a country where none of the other parties is (with
    ``bank_in``: only banks in those countries)."""
    only = ctx.countries(p.bank_in) if p.bank_in is not None else None
    for txn in ctx.case.transactions:
        if txn.payment is None:
            continue
        country = txn.payment.bank_country
        if country is None and txn.payment.bank:
            country = ctx.party(txn.payment.bank).country
        if country is None and txn.payment.payer_bank_bic:
            country = registry.country.clean(txn.payment.payer_bank_bic[4:6])
        if country is None or (only is not None and country not in only):
            continue
        others = {ctx.party(pid).country for r, pid in txn.roles() if r != Role.bank}
        if not others or country in others:
            continue
        yield Hit(
            ctx.txn_subject(txn),
            f"{txn.id} is paid through a bank in {country.upper()}, where none of the "
            f"parties is ({', '.join(sorted((c or '?').upper() for c in others))}).",
            [
                Evidence(
                    statement=f"Bank country {country.upper()}",
                    sources=[ctx.txn_ref(txn, ".payment")],
                )
            ],  # fmt: skip
            transactions=[txn.id],
        )


class LateChangeParams(Params):
    fields: list[str] = [
        "consignee", "end_user", "buyer", "payer", "payee", "bank", "route",
        "destination", "transit", "payment_instructions",
    ]  # fmt: skip
    days: int = 7
    rerouted_from: CountrySetRef | None = None


@lru_cache(maxsize=10_000)
def _country_code(text: str) -> str | None:
    return registry.country.clean(text)


def _names_country(text: str | None, countries: frozenset[str]) -> bool:
    """Does a free-text value ("Moscow, Russia", "RU") name one of ``countries``?"""
    if not text:
        return False
    words = text.replace(",", " ").replace("/", " ").split()
    return any(_country_code(w) in countries for w in [*words, text])


@check("late_change", LateChangeParams)
def late_change(ctx: RuleContext, p: LateChangeParams) -> Iterator[Hit]:
    """An amendment of one of ``fields`` made at most ``days`` days before the transaction's
    date, or after it; with ``rerouted_from``, only changes away from those countries."""
    source = ctx.countries(p.rerouted_from) if p.rerouted_from is not None else None
    for txn in ctx.case.transactions:
        for k, am in enumerate(txn.amendments):
            if am.field not in p.fields:
                continue
            if txn.date is not None and am.date < txn.date - datetime.timedelta(days=p.days):
                continue
            if source is not None and not _names_country(am.old, source):
                continue
            when = f"{(txn.date - am.date).days} day(s) before" if txn.date and am.date <= txn.date else "after"  # fmt: skip
            yield Hit(
                ctx.txn_subject(txn),
                f"The {am.field.replace('_', ' ')} of {txn.id} was changed on {am.date}, {when} "
                f"the {txn.type} date: '{am.old or '?'}' → '{am.new or '?'}'.",
                [Evidence(statement=f"Amendment {am.date}: {am.field} '{am.old}' → '{am.new}'"
                          + (f" ({am.note})" if am.note else ""),
                          sources=[ctx.txn_ref(txn, f".amendments[{k}]")])],
                transactions=[txn.id],
                data={"field": am.field, "old": am.old, "new": am.new, "date": str(am.date)},
            )  # fmt: skip


class TransactionMatchesParams(Params):
    types: list[str] | None = None
    destination_in: CountrySetRef | None = None
    origin_in: CountrySetRef | None = None
    transit_in: CountrySetRef | None = None
    currency_in: list[str] | None = None
    method_in: list[str] | None = None
    chpl: bool | None = None


@check("transaction_matches", TransactionMatchesParams)
def transaction_matches(ctx: RuleContext, p: TransactionMatchesParams) -> Iterator[Hit]:
    """Generic: a transaction of one of ``types`` whose destination, origin, transit
    country, currency or payment method is in the given set, and (with ``chpl``) that
    does or does not carry CHPL goods; every condition given must hold."""
    for txn in ctx.case.transactions:
        route, pay = txn.route, txn.payment
        tests: list[tuple[bool, str]] = []
        if p.types is not None:
            tests.append((txn.type in p.types, f"type {txn.type}"))
        if p.destination_in is not None:
            dests = ctx.deal_destinations(txn) & ctx.countries(p.destination_in)
            tests.append((bool(dests), "destination " + ", ".join(sorted(dests)).upper()))
        if p.origin_in is not None:
            origin = route.origin if route else None
            tests.append((origin in ctx.countries(p.origin_in), f"origin {(origin or '').upper()}"))
        if p.transit_in is not None:
            via = set(route.transit if route else []) & ctx.countries(p.transit_in)
            tests.append((bool(via), "transit " + ", ".join(sorted(via)).upper()))
        if p.currency_in is not None:
            cur, _ = _currency(txn)
            tests.append((cur in p.currency_in, f"currency {cur}"))
        if p.method_in is not None:
            method = (pay.method or "").lower() if pay else ""
            tests.append((method in [m.lower() for m in p.method_in], f"payment by {method}"))
        if p.chpl is not None:
            tests.append((bool(ctx.chpl_lines(txn)) == p.chpl, "CHPL goods" if p.chpl else "no CHPL goods"))  # fmt: skip
        if not tests or not all(ok for ok, _ in tests):
            continue
        why = "; ".join(text for _, text in tests)
        yield Hit(
            ctx.txn_subject(txn),
            f"{txn.id}: {why}.",
            [Evidence(statement=why, sources=[ctx.txn_ref(txn)])],
            transactions=[txn.id],
        )


class FanOutParams(Params):
    min_payees: int = 3
    chpl_only: bool = True


@check("payment_fan_out", FanOutParams)
def payment_fan_out(ctx: RuleContext, p: FanOutParams) -> Iterator[Hit]:
    """One payer pays ``min_payees`` or more different sellers or payees (with
    ``chpl_only``: of deals that carry CHPL goods)."""
    paid: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for txn in ctx.case.transactions:
        deal = ctx.deals.get(txn.id, [txn])
        if p.chpl_only and not any(ctx.chpl_lines(t) for t in deal):
            continue
        receivers = set(txn.in_role(Role.payee)) or {s for t in deal for s in t.in_role(Role.seller)}  # fmt: skip
        for payer in set(txn.in_role(Role.payer)):
            for payee in receivers - {payer}:
                paid[payer][payee].append(txn.id)
    for payer, payees in paid.items():
        if len(payees) < p.min_payees:
            continue
        txns = sorted({t for ts in payees.values() for t in ts})
        names = ", ".join(sorted(ctx.party(x).name for x in payees))
        yield Hit(
            ctx.party_subject(payer),
            f"{ctx.party_label(payer)} pays {len(payees)} different suppliers: {names}.",
            [Evidence(statement=f"Pays {ctx.party(x).name}: {', '.join(ts[:5])}",
                      sources=[ctx.txn_ref(ctx.case.transactions[ctx.txn_index[t]]) for t in ts[:3]])
             for x, ts in sorted(payees.items())],
            parties=[payer],
            transactions=txns,
        )  # fmt: skip


class CurrencyBetweenParams(Params):
    currencies: list[str] = ["CNY"]
    side_a: CountrySetRef = ["ru"]
    side_b: CountrySetRef = ["cn"]
    since: datetime.date = datetime.date(2022, 1, 1)
    roles: list[Role] = [Role.seller, Role.buyer, Role.payer, Role.payee, Role.intermediary]


@check("currency_between", CurrencyBetweenParams)
def currency_between(ctx: RuleContext, p: CurrencyBetweenParams) -> Iterator[Hit]:
    """An invoice or payment dated ``since`` or later, in one of ``currencies``, between a
    party in ``side_a`` and a party in ``side_b`` (e.g. CNY between Russian and Chinese
    parties from 2022 on)."""
    side_a, side_b = ctx.countries(p.side_a), ctx.countries(p.side_b)
    for txn in ctx.case.transactions:
        currency, where = _currency(txn)
        if currency is None or currency not in p.currencies:
            continue
        if txn.date is None or txn.date < p.since:
            continue
        parties = list(dict.fromkeys(txn.in_role(*p.roles)))
        a = [pid for pid in parties if ctx.party(pid).country in side_a]
        b = [pid for pid in parties if ctx.party(pid).country in side_b]
        if not a or not b:
            continue
        who = ", ".join(ctx.party_label(pid) for pid in dict.fromkeys(a + b))
        yield Hit(
            ctx.txn_subject(txn),
            f"{txn.id} ({txn.date}) is in {currency} between {who}.",
            [Evidence(statement=f"Currency {currency} on {txn.date}", sources=[ctx.txn_ref(txn, where)]),
             Evidence(statement="Parties: " + who,
                      sources=[ctx.party_ref(pid) for pid in dict.fromkeys(a + b)])],
            parties=[],
            transactions=[txn.id],
            data={"currency": currency, "parties": list(dict.fromkeys(a + b))},
        )  # fmt: skip


class CurrencyBaselineParams(Params):
    months: int = 12
    min_entries: int = 2
    roles: list[Role] = [Role.seller, Role.buyer, Role.payer, Role.payee]


def _period_start(period: str) -> datetime.date:
    first = period.partition("/")[0].split("-")
    return datetime.date(int(first[0]), int(first[1]) if len(first) > 1 else 1,
                         int(first[2]) if len(first) > 2 else 1)  # fmt: skip


@check("currency_baseline", CurrencyBaselineParams)
def currency_baseline(ctx: RuleContext, p: CurrencyBaselineParams) -> Iterator[Hit]:
    """An invoice or payment in a currency that a party's trade ``history`` of the
    ``months`` before it (at least ``min_entries`` entries with a currency) never used:
    a break from the party's foreign-exchange baseline."""
    for txn in ctx.case.transactions:
        currency, where = _currency(txn)
        if currency is None or txn.date is None:
            continue
        start = txn.date - datetime.timedelta(days=round(p.months * 365.25 / 12))
        for pid in dict.fromkeys(txn.in_role(*p.roles)):
            party = ctx.party(pid)
            used = [
                (k, h) for k, h in enumerate(party.history)
                if h.currency and start <= _period_start(h.period) < txn.date
            ]  # fmt: skip
            if len(used) < p.min_entries or any(h.currency == currency for _, h in used):
                continue
            base = sorted({h.currency for _, h in used if h.currency})
            yield Hit(
                ctx.txn_subject(txn),
                f"{txn.id} is in {currency}; in the {p.months} months before it "
                f"{ctx.party_label(pid)} traded only in {', '.join(base)}.",
                [Evidence(statement=f"Currency {currency}", sources=[ctx.txn_ref(txn, where)]),
                 Evidence(statement=f"{len(used)} history entries since {start}: {', '.join(base)}",
                          sources=[ctx.party_ref(pid)])],
                parties=[pid],
                transactions=[txn.id],
                data={"currency": currency, "baseline": base, "party": pid},
            )  # fmt: skip
