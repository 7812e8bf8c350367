"""Counting hits and false alerts, and printing the side-by-side tables.

Per query and system, an *alert* is a candidate scored at or above the system's own
default threshold. A positive is a hit (TP) when one of its expected entities is
alerted, else a miss (FN). Every alert on an entity that is neither expected nor a
tolerated twin is a false alert (FP), on positives and negatives alike. Precision is
TP / (TP + FP) with FP counted per alerted entity; recall TP / positives; the
false-alert rate is the share of negatives with at least one alert, per 1,000.
Candidate recall is the share of positives whose expected entity was among the
candidates at all, which bounds both systems' recall (both score the same candidates).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Outcome:
    """What happened to one query, for one or both systems."""

    qid: str
    suite: str
    label: str
    deviation: str
    family: str
    candidate_hit: bool
    hit: dict[str, bool] = field(default_factory=dict)  # system -> expected alerted
    false_alerts: dict[str, list[str]] = field(default_factory=dict)  # system -> ids
    expected_score: dict[str, float] = field(default_factory=dict)  # best on expected
    top_other: dict[str, float] = field(default_factory=dict)  # best on a non-expected


@dataclass(slots=True)
class Tally:
    positives: int = 0
    negatives: int = 0
    candidate_hits: int = 0
    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    alerted_negatives: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, o: Outcome, systems: Sequence[str]) -> None:
        if o.label == "positive":
            self.positives += 1
            self.candidate_hits += int(o.candidate_hit)
        else:
            self.negatives += 1
        for s in systems:
            self.tp[s] += int(o.hit.get(s, False))
            self.fp[s] += len(o.false_alerts.get(s, []))
            if o.label != "positive" and o.false_alerts.get(s):
                self.alerted_negatives[s] += 1

    def stats(self, system: str) -> dict[str, float | None]:
        tp, fp = self.tp[system], self.fp[system]
        precision = tp / (tp + fp) if tp + fp else None
        recall = tp / self.positives if self.positives else None
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision is not None and recall is not None and precision + recall
            else None
        )
        rate = 1000 * self.alerted_negatives[system] / self.negatives if self.negatives else None
        return {
            "tp": tp,
            "fp": fp,
            "fn": self.positives - tp,
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "false_alerts_per_1000_negatives": rate,
        }

    def to_dict(self, systems: Sequence[str]) -> dict[str, Any]:
        return {
            "positives": self.positives,
            "negatives": self.negatives,
            "candidate_recall": self.candidate_hits / self.positives if self.positives else None,
            **{s: self.stats(s) for s in systems},
        }


def tally(
    outcomes: Iterable[Outcome], key: Callable[[Outcome], str | None], systems: Sequence[str]
) -> dict[str, Tally]:
    out: dict[str, Tally] = defaultdict(Tally)
    for o in outcomes:
        k = key(o)
        if k is not None:
            out[k].add(o, systems)
    return dict(sorted(out.items()))


def _f(v: float | None, pct: bool = True) -> str:
    if v is None:
        return "-"
    return f"{100 * v:.1f}" if pct else f"{v:.1f}"


def _delta(a: float | None, b: float | None, pct: bool = True) -> str:
    if a is None or b is None:
        return "-"
    return f"{100 * (a - b):+.1f}" if pct else f"{a - b:+.1f}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None:
        return "-"
    if b == 0:
        return "-" if a == 0 else "inf"
    return f"{a / b:.2f}x"


def table(title: str, groups: dict[str, Tally], systems: Sequence[str]) -> str:
    """Plain-text table: candidate recall, then P/R/F1/FA per system, then the deltas."""
    head = f"{title:30} {'pos':>5} {'neg':>5} {'cand%':>6}"
    for s in systems:
        short = s[:9]
        head += f" | {short + ' P':>11} {'R':>5} {'F1':>5} {'FA/1k':>6}"
    if len(systems) == 2:
        head += f" | {'dR':>6} {'dP':>6} {'dF1':>6} {'FA x':>6}"
    lines = [head, "-" * len(head)]
    for name, t in groups.items():
        row = f"{name[:30]:30} {t.positives:>5} {t.negatives:>5}"
        row += f" {_f(t.candidate_hits / t.positives if t.positives else None):>6}"
        stats = [t.stats(s) for s in systems]
        for st in stats:
            row += f" | {_f(st['precision']):>11} {_f(st['recall']):>5} {_f(st['f1']):>5}"
            row += f" {_f(st['false_alerts_per_1000_negatives'], pct=False):>6}"
        if len(systems) == 2:
            a, b = stats
            row += f" | {_delta(a['recall'], b['recall']):>6}"
            row += f" {_delta(a['precision'], b['precision']):>6}"
            row += f" {_delta(a['f1'], b['f1']):>6}"
            fa_a = a["false_alerts_per_1000_negatives"]
            fa_b = b["false_alerts_per_1000_negatives"]
            row += f" {_ratio(fa_a, fa_b):>6}"
        lines.append(row)
    return "\n".join(lines)


@dataclass(slots=True)
class PairTally:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    def add(self, truth: bool, predicted: bool) -> None:
        if truth and predicted:
            self.tp += 1
        elif truth:
            self.fn += 1
        elif predicted:
            self.fp += 1
        else:
            self.tn += 1

    def to_dict(self) -> dict[str, float | int | None]:
        n = self.tp + self.fp + self.tn + self.fn
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f1 = 2 * p * r / (p + r) if p is not None and r is not None and p + r else None
        acc = (self.tp + self.tn) / n if n else None
        return {"n": n, "tp": self.tp, "fp": self.fp, "tn": self.tn, "fn": self.fn,
                "precision": p, "recall": r, "f1": f1, "accuracy": acc}  # fmt: skip


def pair_table(title: str, groups: dict[str, dict[str, PairTally]], systems: Sequence[str]) -> str:
    head = f"{title:34} {'n':>4} {'match':>5}"
    for s in systems:
        head += f" | {s[:9] + ' P':>11} {'R':>5} {'F1':>5} {'Acc':>5}"
    if len(systems) == 2:
        head += f" | {'dAcc':>6} {'dF1':>6}"
    lines = [head, "-" * len(head)]
    for name, per in groups.items():
        first = per[systems[0]]
        n = first.tp + first.fp + first.tn + first.fn
        row = f"{name[:34]:34} {n:>4} {first.tp + first.fn:>5}"
        dicts = [per[s].to_dict() for s in systems]
        for d in dicts:
            row += f" | {_f(d['precision']):>11} {_f(d['recall']):>5} {_f(d['f1']):>5}"
            row += f" {_f(d['accuracy']):>5}"
        if len(systems) == 2:
            a, b = dicts
            row += f" | {_delta(a['accuracy'], b['accuracy']):>6} {_delta(a['f1'], b['f1']):>6}"
        lines.append(row)
    return "\n".join(lines)
