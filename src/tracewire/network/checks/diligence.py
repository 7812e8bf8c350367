"""Checks about due diligence (R14): a counterparty that refuses to say who uses the goods,
for what, or who owns it, or that declines the installation, training and maintenance
that come with them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from tracewire.network.case import DueDiligence
from tracewire.network.checks.context import Hit, Params, RuleContext, check
from tracewire.network.checks.goods import ALL_TIERS
from tracewire.network.findings import Evidence, SourceRef

Item = Literal[
    "end_use", "end_user", "end_user_statement", "ownership", "installation", "training", "maintenance",
]  # fmt: skip
LABELS = {
    "end_use": "the end use",
    "end_user": "the end user",
    "end_user_statement": "an end-user statement",
    "ownership": "its ownership",
    "installation": "installation",
    "training": "training",
    "maintenance": "maintenance",
}


class AnswerParams(Params):
    items: list[Item] = ["end_use", "end_user", "end_user_statement", "ownership"]
    answers: list[str] = ["refused"]
    chpl_only: bool = False
    tiers: list[str] = ALL_TIERS


def _answers(dd: DueDiligence | None, p: AnswerParams) -> list[tuple[str, str]]:
    if dd is None:
        return []
    return [(item, value) for item in p.items if (value := getattr(dd, item)) in p.answers]


def _describe(found: list[tuple[str, str]]) -> str:
    return "; ".join(f"{LABELS[item]}: {answer.replace('_', ' ')}" for item, answer in found)


@check("due_diligence_answer", AnswerParams)
def due_diligence_answer(ctx: RuleContext, p: AnswerParams) -> Iterator[Hit]:
    """A transaction's or a party's ``due_diligence`` gives one of ``answers`` for one of
    ``items`` (e.g. ``refused`` for the end use, end user, end-user statement or
    ownership; ``declined`` for installation, training or maintenance); with
    ``chpl_only``, only transactions carrying CHPL goods of ``tiers`` and parties in them."""
    asked_txns = [t for t in ctx.case.transactions if _answers(t.due_diligence, p)]
    asked_parties = [pid for pid, (_i, party) in ctx.parties.items() if _answers(party.due_diligence, p)]  # fmt: skip
    if not asked_txns and not asked_parties:
        return
    chpl_txns: set[str] = set()
    chpl_parties: set[str] = set()
    if p.chpl_only:
        chpl_txns = {t.id for t in ctx.case.transactions
                     if any(item.tier in p.tiers for _j, item in ctx.chpl_lines(t))}  # fmt: skip
        chpl_parties = {pid for t in ctx.case.transactions if t.id in chpl_txns for _r, pid in t.roles()}  # fmt: skip
    for txn in asked_txns:
        found = _answers(txn.due_diligence, p)
        if not found or (p.chpl_only and txn.id not in chpl_txns):
            continue
        said = _describe(found)
        yield Hit(
            ctx.txn_subject(txn),
            f"For {txn.id} the counterparty's answers were: {said}.",
            [Evidence(statement=f"Due diligence on {txn.id}: {said}"
                      + (f" ({txn.due_diligence.note})" if txn.due_diligence and txn.due_diligence.note else ""),
                      sources=[ctx.txn_ref(txn, ".due_diligence")])],
            parties=[pid for r, pid in txn.roles() if r.value in ("buyer", "end_user")][:3],
            transactions=[txn.id],
            data={"answers": dict(found)},
        )  # fmt: skip
    for pid in asked_parties:
        i, party = ctx.parties[pid]
        found = _answers(party.due_diligence, p)
        if not found or (p.chpl_only and pid not in chpl_parties):
            continue
        said = _describe(found)
        note = party.due_diligence.note if party.due_diligence else None
        yield Hit(
            ctx.party_subject(pid),
            f"{ctx.party_label(pid)} answered due-diligence requests with: {said}.",
            [Evidence(statement=f"Due diligence on {party.name}: {said}" + (f" ({note})" if note else ""),
                      sources=[SourceRef(kind="case", ref=f"parties[{i}].due_diligence", file=ctx.file)])],
            parties=[pid],
            data={"answers": dict(found)},
        )  # fmt: skip
