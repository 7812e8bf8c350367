"""Checks about card spending (R16): electronic-parts purchases by card together with
spending at shipping companies, read from merchant category codes (``mcc.yml``)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Self

from pydantic import model_validator

from tracewire.errors import InputError
from tracewire.network.case import Role, Transaction
from tracewire.network.checks.context import Hit, Params, RuleContext, check
from tracewire.network.findings import Evidence, SourceRef
from tracewire.network.reference import data_path, read_yaml

MCC_REF = SourceRef(kind="reference", ref="mcc.yml", note="merchant category codes")


@cache
def mcc_groups() -> dict[str, dict[str, str]]:
    """Group name → {code: label} (``mcc.yml``)."""
    path = data_path("mcc.yml")
    data = read_yaml(path)
    out = {}
    for name, codes in (data.get("groups") or {}).items():
        if not isinstance(codes, dict):
            raise InputError(f"{path}: groups.{name}: expected a mapping of code to label")
        out[str(name)] = {str(k).zfill(4): str(v) for k, v in codes.items()}
    return out


#: a group of merchant category codes: a group name of ``mcc.yml``, or a list of codes
MccRef = str | list[str]


class CardParams(Params):
    purchases: MccRef = "electronics"
    shipping: MccRef = "shipping"
    methods: list[str] = ["card"]
    min_total: float = 10_000.0
    days: int = 90

    @model_validator(mode="after")
    def _known_groups(self) -> Self:
        for ref in (self.purchases, self.shipping):
            if isinstance(ref, str) and ref not in mcc_groups():
                raise ValueError(f"unknown MCC group {ref!r} (known: {', '.join(sorted(mcc_groups()))})")  # fmt: skip
        return self


def _codes(ref: MccRef) -> dict[str, str]:
    if isinstance(ref, str):
        return mcc_groups()[ref]
    return {c: mcc_groups_label(c) for c in ref}


def mcc_groups_label(code: str) -> str:
    return next((g[code] for g in mcc_groups().values() if code in g), f"MCC {code}")


@dataclass(frozen=True)
class CardPayment:
    txn: Transaction
    day: datetime.date | None
    amount: float
    currency: str
    mcc: str


@check("card_purchases", CardParams)
def card_purchases(ctx: RuleContext, p: CardParams) -> Iterator[Hit]:
    """One payer's card payments (``method`` containing one of ``methods``) at merchants of
    the ``purchases`` codes (electronic parts) reach ``min_total`` in a currency, and the
    same payer pays a merchant of the ``shipping`` codes (freight, courier, postal) within
    ``days`` of one of them (payments without dates: anywhere in the case)."""
    buy, ship = _codes(p.purchases), _codes(p.shipping)
    words = [m.lower() for m in p.methods]
    by_payer: dict[str, list[CardPayment]] = defaultdict(list)
    for txn in ctx.case.transactions:
        pay = txn.payment
        if pay is None or not pay.mcc or not any(w in (pay.method or "").lower() for w in words):
            continue
        payer = next(iter(txn.in_role(Role.payer)), None)  # the cardholder
        if payer is not None:
            by_payer[payer].append(CardPayment(txn, pay.date or txn.date, pay.amount or 0.0, pay.currency, pay.mcc))  # fmt: skip
    for payer, pays in by_payer.items():
        parts = [c for c in pays if c.mcc in buy]
        freight = [c for c in pays if c.mcc in ship]
        if not parts or not freight:
            continue
        totals: dict[str, float] = defaultdict(float)
        for c in parts:
            totals[c.currency] += c.amount
        big = {cur: t for cur, t in totals.items() if t >= p.min_total}
        if not big:
            continue
        window = datetime.timedelta(days=p.days)
        near = [f for f in freight
                if any(f.day is None or c.day is None or abs(f.day - c.day) <= window for c in parts)]  # fmt: skip
        if not near:
            continue
        spent = ", ".join(f"{t:,.2f} {cur}" for cur, t in sorted(big.items()))
        yield Hit(
            ctx.party_subject(payer),
            f"{ctx.party_label(payer)} paid {spent} by card at electronic-parts merchants "
            f"({len(parts)} payment(s)) and {len(near)} card payment(s) at shipping companies "
            f"within {p.days} days.",
            [Evidence(statement=f"{c.txn.id}: {c.amount:,.2f} {c.currency} at MCC {c.mcc} ({buy[c.mcc]})"
                      + (f", {c.txn.payment.merchant}" if c.txn.payment and c.txn.payment.merchant else ""),
                      sources=[ctx.txn_ref(c.txn, ".payment"), MCC_REF]) for c in parts[:5]]
            + [Evidence(statement=f"{f.txn.id}: {f.amount:,.2f} {f.currency} at MCC {f.mcc} ({ship[f.mcc]})"
                        + (f", {f.txn.payment.merchant}" if f.txn.payment and f.txn.payment.merchant else ""),
                        sources=[ctx.txn_ref(f.txn, ".payment")]) for f in near[:5]],
            parties=[payer],
            transactions=[c.txn.id for c in parts] + [f.txn.id for f in near],
            data={"purchases": {cur: round(t, 2) for cur, t in big.items()},
                  "shipping_payments": len(near)},
        )  # fmt: skip
