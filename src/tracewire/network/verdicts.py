"""Verdicts: per party and per transaction, the worst of the findings about it.

A party's verdict is the worst severity among the findings that name it in
``parties``; a transaction's, the worst among the findings that name it in
``transactions``. Nothing found means ``low``. Red flags add up: a transaction with
``ESCALATE_AFTER`` or more distinct red-flag rules at ``medium`` or above is at least
``high`` (the EU's enhanced-due-diligence triggers are cumulative [E1]). Each verdict
lists the findings behind it, worst first, and one reason per kind of finding.

Each verdict also states its legal basis (``basis``, worst first): the findings behind it
grouped by their wording, each with the legal effect and the citations they rest on.
The wordings: ``blocked`` (an asset freeze, or ownership by persons under one);
``licence required / export prohibited`` (export restriction); ``restricted dealings``
(sectoral); ``procurement / reputational`` (a listing without a legal prohibition);
then ``designated after this deal (not retroactive)`` (a transaction dated before every
listing of its party), ``controlled by a person under an asset freeze``, ``ownership to be determined``,
``linked to listed parties``, ``possible match to review`` and ``red flags`` (published
guidance, not a prohibition in itself). ``wording`` is the first basis's.
"""

from __future__ import annotations

from collections import defaultdict

from tracewire.network.case import Case
from tracewire.network.findings import RANK, Basis, Finding, Severity, Subject, Verdict, worst
from tracewire.sources.effects import effect_table, strongest_first

#: distinct red-flag rules (medium or above) that together make a transaction high
ESCALATE_AFTER = 3


def number_findings(findings: list[Finding]) -> list[Finding]:
    """Sort worst first (then by subject) and give each an id ``F0001``, ``F0002``, ..."""
    findings.sort(key=lambda f: (-RANK[f.severity], f.subject.type, f.subject.id, f.rule))
    width = max(4, len(str(len(findings))))
    for i, f in enumerate(findings, 1):
        f.id = f"F{i:0{width}d}"
    return findings


def _verdict(subject: Subject, found: list[Finding], escalate: bool) -> Verdict:
    severity: Severity = worst([f.severity for f in found])
    grouped: dict[tuple[str, str], list[str]] = {}
    for f in found:
        grouped.setdefault((f.severity, f.title), []).append(f.id)
    reasons = [
        f"{sev}: {title} ({', '.join(ids[:5])}{f' and {len(ids) - 5} more' if len(ids) > 5 else ''})"
        for (sev, title), ids in grouped.items()
    ]
    basis = _basis(found)
    if escalate and RANK[severity] < RANK["high"]:
        flags = {f.rule for f in found if f.kind in ("redflag", "goods") and RANK[f.severity] >= RANK["medium"]}  # fmt: skip
        if len(flags) >= ESCALATE_AFTER:
            severity = "high"
            reasons.insert(0, f"high: {len(flags)} red flags together (at least {ESCALATE_AFTER})")
            flagged = [f for f in found if f.rule in flags]
            basis.insert(0, Basis(wording=f"{len(flags)} red flags together (enhanced due diligence)", severity="high",
                                  citations=["E1"], findings=[f.id for f in flagged]))  # fmt: skip
    return Verdict(subject=subject, verdict=severity, findings=[f.id for f in found], reasons=reasons,
                   wording=basis[0].wording if basis else None,
                   effects=strongest_first(f.effect for f in found if f.effect is not None),
                   basis=basis)  # fmt: skip


def wording(f: Finding) -> str:
    """A finding's verdict in words (see the module docstring)."""
    if f.rule == "role.designated_later":
        return "designated after this deal (not retroactive)"
    if f.effect == "asset_freeze":
        if f.severity == "blocked":
            return "blocked"
        if f.kind == "control":
            return "controlled by a person under an asset freeze"
        if f.kind == "ownership":
            return "ownership to be determined (persons under an asset freeze hold stakes)"
    if f.effect is not None:
        return effect_table().info(f.effect).verdict
    if f.kind == "network":
        return "linked to listed parties"
    if f.kind == "screening":
        return "possible match to review"
    return "red flags (guidance, not a prohibition)"


def _basis(found: list[Finding]) -> list[Basis]:
    """The findings grouped by wording, worst first (they come sorted worst first)."""
    groups: dict[str, Basis] = {}
    for f in found:
        text = wording(f)
        b = groups.get(text)
        if b is None:
            b = groups[text] = Basis(wording=text, severity=f.severity, effect=f.effect)
        b.citations.extend(c for c in f.citations if c not in b.citations)
        b.findings.append(f.id)
    return list(groups.values())


def verdicts(case: Case, findings: list[Finding]) -> tuple[list[Verdict], list[Verdict]]:
    """(party verdicts, transaction verdicts), in the order of the case file."""
    by_party: dict[str, list[Finding]] = defaultdict(list)
    by_txn: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:  # already sorted worst first
        for pid in f.parties:
            by_party[pid].append(f)
        for tid in f.transactions:
            by_txn[tid].append(f)
    parties = [
        _verdict(Subject(type="party", id=p.id, label=p.name), by_party.get(p.id, []), False)
        for p in case.parties
    ]
    txns = [
        _verdict(
            Subject(type="transaction", id=t.id, label=f"{t.type} {t.id}"),
            by_txn.get(t.id, []),
            True,
        )
        for t in case.transactions
    ]
    return parties, txns
