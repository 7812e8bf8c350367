"""Checks about goods: CHPL codes, descriptions that contradict codes, outlying prices."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator

from tracewire.network.case import Role
from tracewire.network.checks.context import CountrySetRef, Hit, Params, RuleContext, check
from tracewire.network.findings import Evidence, SourceRef
from tracewire.network.goods import code_mismatches, document_mismatches, goods_lines

ALL_TIERS = ["1", "2", "3.A", "3.B", "4.A", "4.B"]


class ChplParams(Params):
    tiers: list[str] = ALL_TIERS
    toward: CountrySetRef | None = None
    exclude_toward: CountrySetRef | None = None


@check("chpl_goods", ChplParams)
def chpl_goods(ctx: RuleContext, p: ChplParams) -> Iterator[Hit]:
    """A transaction carries goods of the Common High Priority List in one of ``tiers``
    (national 8/10-digit codes match on their first 6 digits); with ``toward``, only deals
    bound for those countries; with ``exclude_toward``, only deals that are not."""
    toward = ctx.countries(p.toward) if p.toward is not None else None
    exclude = ctx.countries(p.exclude_toward) if p.exclude_toward is not None else None
    for txn in ctx.case.transactions:
        lines = [(j, item) for j, item in ctx.chpl_lines(txn) if item.tier in p.tiers]
        if not lines:
            continue
        dests = ctx.deal_destinations(txn)
        if toward is not None and not dests & toward:
            continue
        if exclude is not None and dests & exclude:
            continue
        listed = "; ".join(
            f"HS {txn.goods[j].hs_code} ({item.hs6}, tier {item.tier}: {item.description})"
            for j, item in lines
        )
        bound = f", bound for {', '.join(sorted(d.upper() for d in dests))}" if dests else ""
        ref = SourceRef(kind="reference", ref="chpl.csv", key="C1", note="CHPL, Feb 2024")
        yield Hit(
            ctx.txn_subject(txn),
            f"{txn.id} carries Common High Priority List goods{bound}: {listed}.",
            [Evidence(statement=f"Line {j + 1}: '{txn.goods[j].description}', HS {txn.goods[j].hs_code}"
                      f" → CHPL {item.hs6}, tier {item.tier} ({item.theme})",
                      sources=[ctx.txn_ref(txn, f".goods[{j}]"), ref]) for j, item in lines],
            parties=list(dict.fromkeys(txn.in_role(Role.seller))),
            transactions=[txn.id],
            data={"lines": [{"line": j, "hs6": item.hs6, "tier": item.tier} for j, item in lines],
                  "destinations": sorted(dests)},
        )  # fmt: skip


class NoParams(Params):
    pass


FIELD_LABELS = {"description": "described", "declared_as": "declared", "technical_description": "found"}  # fmt: skip


@check("goods_code_mismatch", NoParams)
def goods_code_mismatch(ctx: RuleContext, p: NoParams) -> Iterator[Hit]:
    """A text of a goods line (its ``description``, ``declared_as`` or
    ``technical_description``) names a kind of goods that its HS code does not belong to
    (``goods_categories.yml``): any such component is a mismatch, whatever else the text
    names."""
    table = ctx.goods
    for ref in goods_lines(ctx.case):
        found = code_mismatches(ref, table)
        if not found:
            continue
        coded = ", ".join(table.label(k) for k in found[0].coded)
        said = "; ".join(
            f"{FIELD_LABELS[m.field]} as "
            + ", ".join(f"{table.label(k)} ('{w}')" for k, w in m.described.items())
            for m in found
        )
        yield Hit(
            ctx.txn_subject(ref.txn),
            f"Line {ref.line_index + 1} of {ref.txn.id} is {said}, but declared "
            f"under HS {ref.line.hs_code}, a code for {coded}.",
            [Evidence(statement=f"{m.field}: '{getattr(ref.line, m.field)}' under HS {ref.line.hs_code}",
                      sources=[ctx.case_ref(f"{ref.path}.{m.field}"),
                               SourceRef(kind="reference", ref="goods_categories.yml")])
             for m in found],
            parties=list(dict.fromkeys(ref.txn.in_role(Role.seller))),
            transactions=[ref.txn.id],
            data={"described": sorted({k for m in found for k in m.described}), "coded": found[0].coded,
                  "fields": [m.field for m in found], "hs_code": ref.line.hs_code},
        )  # fmt: skip


@check("goods_declared_vs_found", NoParams)
def goods_declared_vs_found(ctx: RuleContext, p: NoParams) -> Iterator[Hit]:
    """A goods line's ``technical_description`` (what the goods were found to be) names a
    kind of goods its ``declared_as`` text does not."""
    table = ctx.goods
    for ref in goods_lines(ctx.case):
        declared, tech = ref.line.declared_as, ref.line.technical_description
        if not declared or not tech:
            continue
        said, found = table.described(declared), table.described(tech)
        extra = {k: w for k, w in found.items() if k not in said}
        if not extra:
            continue
        kinds = ", ".join(f"{table.label(k)} ('{w}')" for k, w in extra.items())
        yield Hit(
            ctx.txn_subject(ref.txn),
            f"Line {ref.line_index + 1} of {ref.txn.id} is declared as '{declared}' but found "
            f"to be {kinds}.",
            [Evidence(statement=f"Declared as: '{declared}'", sources=[ctx.case_ref(f"{ref.path}.declared_as")]),
             Evidence(statement=f"Found: '{tech}'", sources=[ctx.case_ref(f"{ref.path}.technical_description")])],
            parties=list(dict.fromkeys(ref.txn.in_role(Role.seller))),
            transactions=[ref.txn.id],
            data={"declared": sorted(said), "found": sorted(found), "hs_code": ref.line.hs_code},
        )  # fmt: skip


@check("goods_document_mismatch", NoParams)
def goods_document_mismatch(ctx: RuleContext, p: NoParams) -> Iterator[Hit]:
    """The same goods (same ``item``) are described as different kinds of goods, or declared
    under different HS headings, in the documents of one deal."""
    table = ctx.goods
    for m in document_mismatches(ctx.case, table, ctx.deal_groups):
        evidence = []
        for r in m.refs:
            kinds = ", ".join(table.label(k) for k in m.kinds[r.path]) or "no known kind"
            evidence.append(
                Evidence(
                    statement=f"{r.txn.type} {r.txn.id}: '{r.line.description}', "
                    f"HS {r.line.hs_code or '—'} ({kinds})",
                    sources=[ctx.case_ref(r.path)],
                )
            )
        txns = list(dict.fromkeys(r.txn.id for r in m.refs))
        sellers = list(dict.fromkeys(s for r in m.refs for s in r.txn.in_role(Role.seller)))
        target = next((r.txn for r in m.refs if r.txn.type == "shipment"), m.refs[0].txn)
        headings = sorted(set(m.headings.values()))
        yield Hit(
            ctx.txn_subject(target),
            f"Item {m.item} is described differently across the documents of one deal: "
            + "; ".join(e.statement for e in evidence)
            + ".",
            evidence,
            parties=sellers,
            transactions=txns,
            data={"item": m.item, "kinds": m.kinds, "headings": headings},
        )


class PriceOutlierParams(Params):
    factor: float = 2.0
    min_peers: int = 2


def _median_without(values: list[float], x: float) -> float:
    """Median of a sorted list with one occurrence of ``x`` removed (no copy: O(log n))."""
    i = bisect_left(values, x)
    n = len(values) - 1

    def at(k: int) -> float:
        return values[k] if k < i else values[k + 1]

    mid = n // 2
    return at(mid) if n % 2 else (at(mid - 1) + at(mid)) / 2


@check("price_outlier", PriceOutlierParams)
def price_outlier(ctx: RuleContext, p: PriceOutlierParams) -> Iterator[Hit]:
    """A goods line's unit price is ``factor`` times or more the median unit price of the
    other lines of the case with the same HS-6 code, currency and unit (at least
    ``min_peers`` of them): a possible overpayment."""
    groups: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    refs = [r for r in goods_lines(ctx.case) if r.line.hs6 and r.line.price and r.line.currency]
    for r in refs:
        groups[(r.line.hs6 or "", r.line.currency or "", r.line.unit or "")].append(r.line.price or 0.0)  # fmt: skip
    for prices in groups.values():
        prices.sort()
    for r in refs:
        key = (r.line.hs6 or "", r.line.currency or "", r.line.unit or "")
        prices = groups[key]
        if len(prices) - 1 < p.min_peers:
            continue
        price = r.line.price or 0.0
        median = _median_without(prices, price)
        if median <= 0 or price < p.factor * median:
            continue
        yield Hit(
            ctx.txn_subject(r.txn),
            f"Line {r.line_index + 1} of {r.txn.id} is priced at {price:,.2f} {key[1]} a unit, "
            f"{price / median:.1f} times the median {median:,.2f} of {len(prices) - 1} other "
            f"line(s) with HS {key[0]}.",
            [Evidence(statement=f"'{r.line.description}', HS {r.line.hs_code}: {price:,.2f} {key[1]}",
                      sources=[ctx.case_ref(r.path)]),
             Evidence(statement=f"Median of the other {len(prices) - 1} line(s) with HS {key[0]} "
                      f"in {key[1]}: {median:,.2f}", sources=[])],
            parties=list(dict.fromkeys(r.txn.in_role(Role.payer, Role.buyer))),
            transactions=[r.txn.id],
            data={"price": price, "median": median, "peers": len(prices) - 1, "hs6": key[0]},
        )  # fmt: skip
