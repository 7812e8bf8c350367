"""Checks about what a party does and says: goods that do not fit its line of business
(R9), military markers in its own texts (R15)."""

from __future__ import annotations

from collections.abc import Iterator

from tracewire.network.activity import activity_table
from tracewire.network.case import Role
from tracewire.network.checks.context import Hit, KeywordSetRef, Params, RuleContext, check
from tracewire.network.checks.goods import ALL_TIERS
from tracewire.network.findings import Evidence, SourceRef, Subject
from tracewire.network.goods import chpl_item

NACE_REF = SourceRef(kind="reference", ref="nace_hs.yml", note="NACE Rev. 2 → plausible HS codes")


class LineOfBusinessParams(Params):
    roles: list[Role] = [Role.buyer, Role.consignee, Role.end_user]
    chpl_only: bool = False
    tiers: list[str] = ALL_TIERS


@check("line_of_business", LineOfBusinessParams)
def line_of_business(ctx: RuleContext, p: LineOfBusinessParams) -> Iterator[Hit]:
    """A party in one of ``roles`` receives goods that do not fit its line of business: its
    NACE code (``activity``) or declared ``business`` text, against ``nace_hs.yml``
    (with ``chpl_only``: only CHPL goods of ``tiers``). No verdict for a party whose line
    of business is unknown or fits any goods (traders, agents, public bodies)."""
    table = activity_table()
    fits = {}
    for pid, (_i, party) in ctx.parties.items():
        fit = table.fit(party.activity, party.business)
        if fit is not None and not fit.any:
            fits[pid] = fit
    if not fits:
        return
    for txn in ctx.case.transactions:
        for pid in dict.fromkeys(txn.in_role(*p.roles)):
            fit = fits.get(pid)
            if fit is None:
                continue
            odd = []
            for j, line in enumerate(txn.goods):
                if not line.hs_code or fit.fits(line.hs_code):
                    continue
                item = chpl_item(line.hs_code)
                if p.chpl_only and (item is None or item.tier not in p.tiers):
                    continue
                odd.append((j, line, item))
            if not odd:
                continue
            party = ctx.party(pid)
            roles = "/".join(sorted({r.value.replace("_", " ") for r, q in txn.roles() if q == pid and r in p.roles}))  # fmt: skip
            listed = "; ".join(
                f"HS {line.hs_code} '{line.description}'" + (f" (CHPL tier {item.tier})" if item else "")
                for _j, line, item in odd
            )  # fmt: skip
            yield Hit(
                ctx.txn_subject(txn),
                f"{ctx.party_label(pid)}, {roles} of {txn.id}, is in {fit.label} ({fit.how}); "
                f"the goods do not fit that line of business: {listed}.",
                [Evidence(statement=f"{party.name}: {fit.how} → {fit.label}",
                          sources=[ctx.party_ref(pid), NACE_REF])]
                + [Evidence(statement=f"Line {j + 1}: '{line.description}', HS {line.hs_code}: not among "
                            "the goods that fit", sources=[ctx.txn_ref(txn, f".goods[{j}]")])
                   for j, line, _item in odd[:5]],
                parties=[pid],
                transactions=[txn.id],
                data={"activity": party.activity, "business": party.business,
                      "matched": [a.key for a in fit.activities],
                      "lines": [{"line": j, "hs_code": line.hs_code, "chpl_tier": item.tier if item else None}
                                for j, line, item in odd]},
            )  # fmt: skip


class PartyTextParams(Params):
    keywords: KeywordSetRef = "special_purpose"


def _snippet(text: str, start: int, end: int, width: int = 50) -> str:
    lo, hi = max(0, start - width), min(len(text), end + width)
    return ("…" if lo else "") + " ".join(text[lo:hi].split()) + ("…" if hi < len(text) else "")


@check("party_text", PartyTextParams)
def party_text(ctx: RuleContext, p: PartyTextParams) -> Iterator[Hit]:
    """A party's own texts (``description`` from its website or profile,
    ``registration_text``, declared ``business``) or the ``registration_text`` of a
    company record match ``keywords`` (e.g. "special purpose" projects, an FSB licence to
    work with state secrets)."""
    words = ctx.keywords(p.keywords)
    found: dict[str, list[tuple[str, str, SourceRef]]] = {}
    labels: dict[str, Subject] = {}
    for pid, (i, party) in ctx.parties.items():
        for field in ("description", "registration_text", "business"):
            text = getattr(party, field)
            m = words.search(text) if text else None
            if m and text:
                found.setdefault(pid, []).append((field, _snippet(text, m.start(), m.end()),
                                                  ctx.case_ref(f"parties[{i}].{field}")))  # fmt: skip
                labels[pid] = ctx.party_subject(pid)
    for i, rec in enumerate(ctx.case.company_records):
        text = rec.registration_text
        m = words.search(text) if text else None
        if m and text:
            key = rec.party or rec.id
            found.setdefault(key, []).append(("company record", _snippet(text, m.start(), m.end()),
                                              ctx.case_ref(f"company_records[{i}].registration_text")))  # fmt: skip
            labels[key] = ctx.party_subject(rec.party) if rec.party else Subject(type="party", id=rec.id, label=rec.name or rec.id)  # fmt: skip
    for key, hits in found.items():
        subject = labels[key]
        yield Hit(
            subject,
            f"{subject.label} says of itself: "
            + "; ".join(f"'{snip}' ({field.replace('_', ' ')})" for field, snip, _r in hits)
            + ".",  # fmt: skip
            [
                Evidence(statement=f"{field.replace('_', ' ')}: '{snip}'", sources=[ref])
                for field, snip, ref in hits
            ],  # fmt: skip
            parties=[key] if key in ctx.parties else [],
            data={"fields": [field for field, _s, _r in hits]},
        )
