"""Checks about how goods travel (R13): routes with long detours, packaging that does not
fit the method of shipment or changes between documents, vague delivery terms.

**Route model.** Each country is placed at its largest city (``trade_centres.csv``,
from GeoNames, CC BY 4.0), a proxy for where its trade starts and ends. A route's length
is the great-circle distance origin → each transit country → destination; the direct
distance is origin → destination. A route ``factor`` times the direct distance or more,
and at least ``min_extra_km`` longer, is a detour. Sea lanes bend around continents, so
the default factor (1.8) lets ordinary hub routes pass (Shanghai → Singapore →
Rotterdam is 1.6) and flags land-locked detours (Germany → Turkey → Russia is 2.2).
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from tracewire.errors import InputError
from tracewire.network.activity import keyword_pattern
from tracewire.network.case import Role, Transaction
from tracewire.network.checks.context import (
    CountrySetRef,
    Hit,
    KeywordSetRef,
    Params,
    RuleContext,
    check,
)
from tracewire.network.findings import Evidence, SourceRef
from tracewire.network.reference import data_path, read_yaml

EARTH_KM = 6371.0
PLACES_REF = SourceRef(kind="reference", ref="trade_centres.csv", note="largest city per country (GeoNames)")  # fmt: skip
PACKAGING_REF = SourceRef(kind="reference", ref="packaging.yml")


@cache
def trade_centres() -> dict[str, tuple[str, float, float]]:
    """Country code → (city, latitude, longitude)."""
    with open(data_path("trade_centres.csv"), encoding="utf-8", newline="") as fh:
        return {r["country"]: (r["city"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}  # fmt: skip


def distance_km(a: str, b: str) -> float | None:
    """Great-circle distance between two countries' trade centres (None if unknown)."""
    places = trade_centres()
    if a not in places or b not in places:
        return None
    _ca, lat1, lon1 = places[a]
    _cb, lat2, lon2 = places[b]
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


class DetourParams(Params):
    factor: float = 1.8
    min_extra_km: float = 1500.0
    via_in: CountrySetRef | None = None


def _ends(ctx: RuleContext, txn: Transaction) -> tuple[str | None, str | None]:
    route = txn.route
    origin = route.origin if route else None
    if origin is None:
        sellers = {ctx.party(s).country for s in txn.in_role(Role.seller)} - {None}
        origin = sellers.pop() if len(sellers) == 1 else None
    dest = route.destination if route else None
    if dest is None:
        dests = ctx.deal_destinations(txn)
        dest = next(iter(dests)) if len(dests) == 1 else None
    return origin, dest


@check("route_detour", DetourParams)
def route_detour(ctx: RuleContext, p: DetourParams) -> Iterator[Hit]:
    """A route through transit countries is ``factor`` times the direct distance from
    origin to destination or more, and at least ``min_extra_km`` longer (countries placed
    at their largest city; with ``via_in``, only routes through one of those countries).
    Origin defaults to the seller's country, destination to the deal's."""
    only = ctx.countries(p.via_in) if p.via_in is not None else None
    for txn in ctx.case.transactions:
        if txn.route is None or not txn.route.transit:
            continue
        origin, dest = _ends(ctx, txn)
        if origin is None or dest is None:
            continue
        stops = [c for c in txn.route.transit if c not in (origin, dest)]
        if not stops or (only is not None and not set(stops) & only):
            continue
        legs = [distance_km(a, b) for a, b in zip([origin, *stops], [*stops, dest], strict=True)]
        direct = distance_km(origin, dest)
        if direct is None or any(leg is None for leg in legs):
            continue
        path = sum(leg or 0.0 for leg in legs)
        if path < p.factor * direct or path - direct < p.min_extra_km:
            continue
        places = trade_centres()
        hops = " → ".join(f"{c.upper()} ({places[c][0]})" for c in [origin, *stops, dest])
        ratio = path / direct if direct else math.inf
        times = f"{ratio:.1f} times" if direct else "far more than"
        yield Hit(
            ctx.txn_subject(txn),
            f"{txn.id} goes {hops}: {path:,.0f} km, {times} the direct {direct:,.0f} km "
            f"from {origin.upper()} to {dest.upper()}; an atypical route.",
            [Evidence(statement=f"Route {hops}", sources=[ctx.txn_ref(txn, ".route")]),
             Evidence(statement=f"Great-circle distances: via transit {path:,.0f} km, direct {direct:,.0f} km",
                      sources=[PLACES_REF])],
            transactions=[txn.id],
            data={"origin": origin, "destination": dest, "transit": stops,
                  "path_km": round(path), "direct_km": round(direct),
                  "ratio": round(ratio, 2) if direct else None},
        )  # fmt: skip


# -- packaging -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackagingKind:
    key: str
    label: str
    modes: frozenset[str]
    pattern: re.Pattern[str]


@cache
def packaging_kinds() -> list[PackagingKind]:
    path = data_path("packaging.yml")
    data = read_yaml(path)
    out = []
    for key, spec in (data.get("kinds") or {}).items():
        if not isinstance(spec, dict) or not spec.get("keywords") or not spec.get("modes"):
            raise InputError(f"{path}: kinds.{key}: needs 'keywords' and 'modes'")
        pattern = keyword_pattern([str(w) for w in spec["keywords"]])
        assert pattern is not None
        out.append(PackagingKind(str(key), str(spec.get("label", key)), frozenset(spec["modes"]), pattern))  # fmt: skip
    return out


def kinds_of(text: str | None) -> list[PackagingKind]:
    if not text:
        return []
    return [k for k in packaging_kinds() if k.pattern.search(text)]


def _mode(ctx: RuleContext, txn: Transaction) -> tuple[str | None, Transaction | None]:
    """The stated method of shipment: the transaction's own route, else its deal's (one)."""
    if txn.route is not None and txn.route.mode:
        return txn.route.mode, txn
    stated = {t.route.mode: t for t in ctx.deals.get(txn.id, [txn]) if t.route and t.route.mode}
    if len(stated) == 1:
        mode, where = next(iter(stated.items()))
        return mode, where
    return None, None


class NoParams(Params):
    pass


@check("packaging_mode", NoParams)
def packaging_mode(ctx: RuleContext, p: NoParams) -> Iterator[Hit]:
    """A goods line's ``packaging`` is of a kind never shipped by the stated method of
    shipment (the route's ``mode``, or the deal's): pallets or a container by post, goods
    in bulk by air (``packaging.yml``)."""
    for txn in ctx.case.transactions:
        mode, where = _mode(ctx, txn)
        if mode is None or where is None:
            continue
        for j, line in enumerate(txn.goods):
            kinds = kinds_of(line.packaging)
            if not kinds or any(mode in k.modes for k in kinds):
                continue
            labels = ", ".join(k.label for k in kinds)
            yield Hit(
                ctx.txn_subject(txn),
                f"Line {j + 1} of {txn.id} is packed as '{line.packaging}' ({labels}) but is "
                f"shipped by {mode}, which does not carry such packaging.",
                [Evidence(statement=f"Packaging '{line.packaging}' ({labels})",
                          sources=[ctx.txn_ref(txn, f".goods[{j}]"), PACKAGING_REF]),
                 Evidence(statement=f"Method of shipment: {mode}",
                          sources=[ctx.txn_ref(where, ".route")])],
                transactions=list(dict.fromkeys([txn.id, where.id])),
                data={"packaging": line.packaging, "kinds": [k.key for k in kinds], "mode": mode},
            )  # fmt: skip


@check("packaging_documents", NoParams)
def packaging_documents(ctx: RuleContext, p: NoParams) -> Iterator[Hit]:
    """The same goods (same ``item``) are packed as different kinds of packaging in the
    documents of one deal (crates on the contract, an envelope on the waybill)."""
    for group in ctx.deal_groups:
        seen: dict[str, list[tuple[Transaction, int, list[PackagingKind]]]] = {}
        for k in group:
            txn = ctx.case.transactions[k]
            for j, line in enumerate(txn.goods):
                kinds = kinds_of(line.packaging)
                if line.item and kinds:
                    seen.setdefault(line.item, []).append((txn, j, kinds))
        for item, docs in seen.items():
            sets = [frozenset(k.key for k in kinds) for _t, _j, kinds in docs]
            if not any(not (a & b) for x, a in enumerate(sets) for b in sets[x + 1 :]):
                continue
            target = next((t for t, _j, _k in docs if t.type == "shipment"), docs[0][0])
            evidence = [
                Evidence(statement=f"{t.type} {t.id}: '{t.goods[j].packaging}' ({', '.join(k.label for k in kinds)})",
                         sources=[ctx.txn_ref(t, f".goods[{j}]")])
                for t, j, kinds in docs
            ]  # fmt: skip
            yield Hit(
                ctx.txn_subject(target),
                f"Item {item} is packed differently across the documents of one deal: "
                + "; ".join(e.statement for e in evidence)
                + ".",
                evidence,
                transactions=list(dict.fromkeys(t.id for t, _j, _k in docs)),
                data={"item": item, "kinds": sorted({k for s in sets for k in s})},
            )


class VagueDeliveryParams(Params):
    keywords: KeywordSetRef = "vague_delivery"


@check("vague_delivery", VagueDeliveryParams)
def vague_delivery(ctx: RuleContext, p: VagueDeliveryParams) -> Iterator[Hit]:
    """A transaction's ``delivery`` date or terms are vague (match ``keywords``: "ASAP",
    "to be agreed", "по согласованию", "待定", ...)."""
    words = ctx.keywords(p.keywords)
    for txn in ctx.case.transactions:
        m = words.search(txn.delivery) if txn.delivery else None
        if m is None:
            continue
        yield Hit(
            ctx.txn_subject(txn),
            f"The delivery of {txn.id} is given as '{txn.delivery}', no firm date.",
            [Evidence(statement=f"Delivery: '{txn.delivery}' ('{m.group(0)}')",
                      sources=[ctx.txn_ref(txn, ".delivery")])],
            transactions=[txn.id],
            data={"delivery": txn.delivery, "matched": m.group(0)},
        )  # fmt: skip
