"""Verdicts: per party and per transaction, the worst of the findings about it.

A party's verdict is the worst severity among the findings that name it in
``parties``; a transaction's, the worst among the findings that name it in
``transactions``. Nothing found means ``low``. Red flags add up: a transaction with
``ESCALATE_AFTER`` or more distinct red-flag rules at ``medium`` or above is at least
``high`` (the EU's enhanced-due-diligence triggers are cumulative [E1]). Each verdict
lists the findings behind it, worst first, and one reason per kind of finding.
"""

from __future__ import annotations

from collections import defaultdict

from tracewire.network.case import Case
from tracewire.network.findings import RANK, Finding, Severity, Subject, Verdict, worst

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
    if escalate and RANK[severity] < RANK["high"]:
        flags = {f.rule for f in found if f.kind in ("redflag", "goods") and RANK[f.severity] >= RANK["medium"]}  # fmt: skip
        if len(flags) >= ESCALATE_AFTER:
            severity = "high"
            reasons.insert(0, f"high: {len(flags)} red flags together (at least {ESCALATE_AFTER})")
    return Verdict(subject=subject, verdict=severity, findings=[f.id for f in found], reasons=reasons)  # fmt: skip


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
