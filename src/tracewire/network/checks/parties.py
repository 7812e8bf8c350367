"""Checks about the parties themselves: age, addresses, contacts, line of business."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

from tracewire.network.case import Role, Transaction
from tracewire.network.checks.context import (
    CountrySetRef,
    Hit,
    KeywordSetRef,
    Params,
    RuleContext,
    check,
)
from tracewire.network.contacts import domain_of, email_key, phone_country
from tracewire.network.findings import Evidence
from tracewire.network.goods import controlled
from tracewire.network.nodes import party_node_id

TRADE_ROLES = [Role.seller, Role.buyer, Role.consignee, Role.end_user, Role.intermediary, Role.payer]  # fmt: skip


def after(partial: str | None, cutoff: datetime.date) -> bool:
    """Is a date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) certainly after ``cutoff``?"""
    if not partial:
        return False
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 1:
        return parts[0] > cutoff.year
    if len(parts) == 2:
        return (parts[0], parts[1]) > (cutoff.year, cutoff.month)
    return datetime.date(*parts) > cutoff


def whole_word(text: str, m: re.Match[str]) -> str:
    """The whole word(s) a keyword match falls in ("Экспе" → "Экспедиция")."""
    start, end = m.start(), m.end()
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


class NewCompanyParams(Params):
    after: datetime.date = datetime.date(2022, 2, 24)
    outside: CountrySetRef = "gecc"
    roles: list[Role] = TRADE_ROLES
    tiers: list[str] = ["1", "2", "3.A", "3.B", "4.A", "4.B"]


@check("new_company", NewCompanyParams)
def new_company(ctx: RuleContext, p: NewCompanyParams) -> Iterator[Hit]:
    """A party incorporated after ``after``, in a country outside ``outside``, trades CHPL
    goods of the given tiers in one of ``roles`` (incorporation date from the party or
    its company record)."""
    outside = ctx.countries(p.outside)
    trades: dict[str, list[tuple[str, list[str]]]] = {}
    for txn in ctx.case.transactions:
        codes = [item.hs6 for _j, item in ctx.chpl_lines(txn) if item.tier in p.tiers]
        if not codes:
            continue
        for pid in dict.fromkeys(txn.in_role(*p.roles)):
            trades.setdefault(pid, []).append((txn.id, codes))
    for pid, deals in trades.items():
        node = ctx.node(pid)
        country = node.country
        if not after(node.incorporation_date, p.after) or not country or country in outside:
            continue
        txns = [t for t, _ in deals]
        codes = sorted({c for _, cs in deals for c in cs})
        where = [ctx.party_ref(pid)] + [
            ctx.case_ref(path) for path in ctx.nodes.record_paths(party_node_id(pid))
        ]
        shown = txns[:5]
        traded = [ctx.txn_ref(ctx.case.transactions[ctx.txn_index[t]]) for t in shown]
        more = " ..." if len(txns) > len(shown) else ""
        yield Hit(
            ctx.party_subject(pid),
            f"{ctx.party_label(pid)} was incorporated on {node.incorporation_date}, after "
            f"{p.after}, outside the partner countries, and trades CHPL goods "
            f"(HS {', '.join(codes)}) in {len(txns)} transaction(s).",
            [
                Evidence(
                    statement=f"Incorporated {node.incorporation_date} in {country.upper()} "
                    "(not a GECC country).",
                    sources=where,
                ),
                Evidence(
                    statement=f"Trades CHPL goods HS {', '.join(codes)}: {', '.join(shown)}{more}",
                    sources=traded,
                ),
            ],
            parties=[pid],
            transactions=txns,
            data={"incorporation_date": node.incorporation_date, "country": country, "hs6": codes},
        )


class RecentCompanyParams(Params):
    after: datetime.date = datetime.date(2022, 2, 24)
    #: also a company incorporated at most this many months before its first deal in the case
    within_months: int | None = 12
    deal_with: CountrySetRef = "russia_belarus"
    controlled_goods: bool = True


def _months_before(partial: str, day: datetime.date) -> float | None:
    parts = [int(x) for x in partial.split("-")]
    start = datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)  # fmt: skip
    if len(parts) == 1 and day.year == parts[0]:
        return 0.0
    return (day - start).days / (365.25 / 12)


@check("recent_company", RecentCompanyParams)
def recent_company(ctx: RuleContext, p: RecentCompanyParams) -> Iterator[Hit]:
    """Any party of a deal with a party in ``deal_with`` or (with ``controlled_goods``)
    with controlled goods (CHPL or a control-list classification) was incorporated after
    ``after``, or at most ``within_months`` months before its first deal in the case."""
    toward = ctx.countries(p.deal_with)
    deals: dict[str, list[tuple[Transaction, str]]] = {}
    for txn in ctx.case.transactions:
        deal = ctx.deals.get(txn.id, [txn])
        pids = list(dict.fromkeys(pid for t in deal for _r, pid in t.roles()))
        russian = [pid for pid in pids if ctx.party(pid).country in toward]
        goods = [why for t in deal for line in t.goods if (why := controlled(line))]
        why = ""
        if p.controlled_goods and goods:
            why = f"controlled goods ({goods[0]})"
        elif russian:
            why = "a party in " + ", ".join(sorted({(ctx.party(x).country or "").upper() for x in russian}))  # fmt: skip
        if not why:
            continue
        for pid in pids:
            deals.setdefault(pid, []).append((txn, why))
    for pid, txns in deals.items():
        inc = ctx.node(pid).incorporation_date
        if not inc:
            continue
        dated = sorted(t.date for t, _ in txns if t.date is not None)
        gap = _months_before(inc, dated[0]) if dated and p.within_months is not None else None
        late = after(inc, p.after)
        young = gap is not None and p.within_months is not None and gap <= p.within_months
        if not late and not young:
            continue
        reason = f"after {p.after}" if late else f"{gap:.0f} month(s) before its first deal ({dated[0]})"  # fmt: skip
        ids = list(dict.fromkeys(t.id for t, _ in txns))
        where = [ctx.party_ref(pid)] + [
            ctx.case_ref(path) for path in ctx.nodes.record_paths(party_node_id(pid))
        ]
        yield Hit(
            ctx.party_subject(pid),
            f"{ctx.party_label(pid)} was incorporated on {inc}, {reason}, and is party to "
            f"{len(ids)} deal document(s) with {txns[0][1]}.",
            [Evidence(statement=f"Incorporated {inc}", sources=where),
             Evidence(statement=f"Deals with {txns[0][1]}: {', '.join(ids[:5])}",
                      sources=[ctx.txn_ref(t) for t, _ in txns[:3]])],
            parties=[pid],
            transactions=ids,
            data={"incorporation_date": inc, "reason": "after" if late else "within_months"},
        )  # fmt: skip


class LogisticsParams(Params):
    roles: list[Role] = [Role.consignee, Role.end_user]
    keywords: KeywordSetRef = "logistics"
    acting_as: list[Role] = [Role.freight_forwarder, Role.bank]


@check("logistics_consignee", LogisticsParams)
def logistics_consignee(ctx: RuleContext, p: LogisticsParams) -> Iterator[Hit]:
    """The final consignee (or end user) is a freight forwarder, logistics firm or bank:
    its name or declared business matches ``keywords``, or it acts in one of the
    ``acting_as`` roles elsewhere in the case."""
    words = ctx.keywords(p.keywords)
    for txn in ctx.case.transactions:
        for role, pid in txn.roles():
            if role not in p.roles:
                continue
            party = ctx.party(pid)
            text = " ".join([*party.names, party.business or ""])
            m = words.search(text)
            acting = sorted(r.value for r in ctx.roles_of.get(pid, set()) & set(p.acting_as))
            if not m and not acting:
                continue
            why = f"its name or business says '{whole_word(text, m)}'" if m else f"it acts as {', '.join(acting)} in the case"  # fmt: skip
            yield Hit(
                ctx.txn_subject(txn),
                f"The {role.value.replace('_', ' ')} of {txn.id}, {ctx.party_label(pid)}, looks like "
                f"a logistics firm, freight forwarder or bank: {why}.",
                [Evidence(statement=f"{role.value}: {party.name}", sources=[ctx.txn_ref(txn, f".parties.{role.value}")]),
                 Evidence(statement=f"{party.name}: {why}", sources=[ctx.party_ref(pid)])],
                parties=[pid],
                transactions=[txn.id],
            )  # fmt: skip


class AddressWordsParams(Params):
    patterns: KeywordSetRef = "residential"


@check("address_words", AddressWordsParams)
def address_words(ctx: RuleContext, p: AddressWordsParams) -> Iterator[Hit]:
    """A party's address (or its company record's) matches ``patterns`` (e.g. a flat:
    "kv.", "apt", "flat")."""
    pattern = ctx.keywords(p.patterns)
    for pid in ctx.parties:
        node = ctx.node(pid)
        for text in node.addresses:
            m = pattern.search(text)
            if m:
                yield Hit(
                    ctx.party_subject(pid),
                    f"The address of {ctx.party_label(pid)} looks residential ('{m.group(0).strip()}'): {text}",
                    [Evidence(statement=f"Address: {text}", sources=[ctx.party_ref(pid)])],
                    parties=[pid],
                    data={"address": text, "matched": m.group(0)},
                )  # fmt: skip
                break


class SharedAddressParams(Params):
    kinds: list[str] = ["same_address", "same_building"]


@check("shared_address", SharedAddressParams)
def shared_address(ctx: RuleContext, p: SharedAddressParams) -> Iterator[Hit]:
    """Distinct parties of the case share an address or a building."""
    g = ctx.graph
    for pid in ctx.parties:
        nid = party_node_id(pid)
        others = []
        for edge in g.adj.get(nid, ()):
            other = edge.other(nid)
            if edge.kind in p.kinds and other.startswith("case:party:") and g.cluster(other) != g.cluster(nid):  # fmt: skip
                others.append((other.removeprefix("case:party:"), edge))
        if not others:
            continue
        names = ", ".join(f"{ctx.party_label(o)} ({e.label})" for o, e in others)
        yield Hit(
            ctx.party_subject(pid),
            f"{ctx.party_label(pid)} shares its address with {names}.",
            [Evidence(statement=f"{e.label}: {e.sources[0].note} / {e.sources[1].note}",
                      sources=e.sources) for _o, e in others],
            parties=[pid] + [o for o, _e in others],
        )  # fmt: skip


class ListedContactParams(Params):
    kinds: list[str] = ["same_address", "same_building", "same_phone", "same_email", "same_domain"]  # fmt: skip
    sanctioned_only: bool = True


@check("listed_contact", ListedContactParams)
def listed_contact(ctx: RuleContext, p: ListedContactParams) -> Iterator[Hit]:
    """A party's address, building, phone, e-mail or web domain is a listed party's (and the
    party is not that listed party)."""
    g = ctx.graph
    for pid in ctx.parties:
        nid = party_node_id(pid)
        own = g.cluster(nid)
        hits = []
        for edge in g.adj.get(nid, ()):
            other = edge.other(nid)
            node = g.nodes[other]
            if edge.kind not in p.kinds or node.origin != "list" or g.cluster(other) == own:
                continue
            if p.sanctioned_only and not node.sanctioned:
                continue
            hits.append((node, edge))
        if not hits:
            continue
        names = "; ".join(f"{e.label} as {n.label}" for n, e in hits)
        yield Hit(
            ctx.party_subject(pid),
            f"{ctx.party_label(pid)} has the {names} (listed).",
            [Evidence(statement=f"{e.label}: '{e.sources[0].note}' and {n.label}'s '{e.sources[1].note}'",
                      sources=e.sources) for n, e in hits],
            parties=[pid],
            data={"listed": [n.id for n, _e in hits], "kinds": sorted({e.kind for _n, e in hits})},
        )  # fmt: skip


class NoParams(Params):
    pass


@check("free_mail", NoParams)
def free_mail(ctx: RuleContext, p: NoParams) -> Iterator[Hit]:
    """A company uses a personal (free-mail) e-mail address."""
    for pid, (_i, party) in ctx.parties.items():
        if party.kind == "person" or not party.email:
            continue
        key = email_key(party.email)
        dom = domain_of(key) if key else None
        if dom and dom in ctx.ref.free_mail:
            yield Hit(
                ctx.party_subject(pid),
                f"{ctx.party_label(pid)} uses a free-mail address ({party.email}).",
                [Evidence(statement=f"E-mail: {party.email}", sources=[ctx.party_ref(pid)])],
                parties=[pid],
            )


@check("phone_country", NoParams)
def phone_country_mismatch(ctx: RuleContext, p: NoParams) -> Iterator[Hit]:
    """A party's phone number has the calling code of another country than its own."""
    for pid, (_i, party) in ctx.parties.items():
        if not party.phone or not party.country:
            continue
        where = phone_country(party.phone, party.country)
        if where and where != party.country:
            yield Hit(
                ctx.party_subject(pid),
                f"{ctx.party_label(pid)} gives a phone number of {where.upper()} ({party.phone}).",
                [Evidence(statement=f"Phone {party.phone} ({where.upper()}), country {party.country.upper()}",
                          sources=[ctx.party_ref(pid)])],
                parties=[pid],
            )  # fmt: skip


class PhoneDestinationParams(Params):
    roles: list[Role] = [Role.consignee, Role.end_user]


@check("phone_destination", PhoneDestinationParams)
def phone_destination(ctx: RuleContext, p: PhoneDestinationParams) -> Iterator[Hit]:
    """A party receiving the goods (a party in ``roles``) whose phone number has the
    calling code of none of the countries the deal's goods go to, while its stated country,
    if any, is one of them: the party is said to be where the goods go, but its phone is
    elsewhere. (A party stated to be in another country is not flagged here: a buyer or
    consignee abroad is ordinary, and a phone of a third country is the ``phone_country``
    check's.)"""
    found: dict[str, tuple[str, set[str], list[Transaction]]] = {}  # pid: (phone's, dests, txns)
    for txn in ctx.case.transactions:
        dests = ctx.deal_destinations(txn)
        if not dests:
            continue
        for pid in txn.in_role(*p.roles):
            party = ctx.party(pid)
            if not party.phone or (party.country and party.country not in dests):
                continue
            where = phone_country(party.phone, party.country)
            if not where or where in dests:
                continue
            _where, towards, txns = found.setdefault(pid, (where, set(), []))
            towards.update(dests)
            txns.append(txn)
    for pid, (where, dests, txns) in found.items():
        party = ctx.party(pid)
        dest = ", ".join(sorted(d.upper() for d in dests))
        yield Hit(
            ctx.party_subject(pid),
            f"{ctx.party_label(pid)} receives goods bound for {dest} but gives a phone number "
            f"of {where.upper()} ({party.phone}).",
            [Evidence(statement=f"Phone {party.phone} ({where.upper()}); goods bound for {dest}",
                      sources=[ctx.party_ref(pid), *(ctx.txn_ref(t) for t in txns)])],
            parties=[pid],
            transactions=[t.id for t in txns],
            data={"phone_country": where, "destinations": sorted(dests)},
        )  # fmt: skip


class PartyMatchesParams(Params):
    roles: list[Role] | None = None
    country_in: CountrySetRef | None = None
    keywords: KeywordSetRef | None = None
    kinds: list[str] | None = None


@check("party_matches", PartyMatchesParams)
def party_matches(ctx: RuleContext, p: PartyMatchesParams) -> Iterator[Hit]:
    """Generic: a party (in one of ``roles``, if given) whose country is in ``country_in``,
    whose names or business match ``keywords`` and whose kind is in ``kinds``; every
    condition given must hold."""
    countries = ctx.countries(p.country_in) if p.country_in is not None else None
    words = ctx.keywords(p.keywords) if p.keywords is not None else None
    for pid, (_i, party) in ctx.parties.items():
        if p.roles is not None and not ctx.roles_of.get(pid, set()) & set(p.roles):
            continue
        if countries is not None and party.country not in countries:
            continue
        if p.kinds is not None and party.kind not in p.kinds:
            continue
        m = None
        text = " ".join([*party.names, party.business or ""])
        if words is not None:
            m = words.search(text)
            if m is None:
                continue
        bits = [f"country {party.country.upper()}" if countries is not None and party.country else "",
                f"'{whole_word(text, m)}'" if m else ""]  # fmt: skip
        yield Hit(
            ctx.party_subject(pid),
            f"{ctx.party_label(pid)}: {', '.join(b for b in bits if b) or 'matches the rule'}.",
            [Evidence(statement=party.name, sources=[ctx.party_ref(pid)])],
            parties=[pid],
        )
