"""The real-pair misses and false alerts of the DEV split, classed by cause (never the
held-out split).

    .venv/bin/python -m bench.realpairs_misses [--limit 20] [--out misses.jsonl] [--show 0]
                                               [--false-alerts]

Loads the real lists (:mod:`bench.universe`), builds every real pair
(:mod:`bench.realpairs`), keeps the ``real_pairs_dev`` half, and for each query takes
tracewire's candidates (``limit`` of them, as ``bench.accuracy`` does) and scores the
expected record. A miss is a positive whose expected record is not retrieved or scores
under the threshold. Each miss is classed from the two names alone, first rule that
holds:

* ``vessel renamed``: a vessel whose names share no word (the IMO number joins a ship
  under its former name; no name matcher should call that a match);
* ``other name``: no word in common and none alike (a company renamed, a name translated
  word by word: *Krymskaya Pervaya Strakhovaya Kompaniya* / *First Crimean Insurance*);
* ``retrieval ranking``: the expected record scores at or over the threshold but is not
  among the ``limit`` retrieved (other entries share more of the query's words);
* ``bracketed part``: the query or the expected name has a part in brackets (an
  acronym, the original-language name: *Rosoboronexport OJSC (ROE)*);
* ``parent first``: a parent's name before the subsidiary's (*Tactical Missile
  Corporation, JSC Avangard*);
* ``kind words``: an organisation whose names differ in the words of its kind, in
  translation or as an acronym (*NPO* / *Scientific and Production Association*,
  *Zavod* / *Plant*, *KB* / *Design Bureau*);
* ``person parts``: a person with a name part more or fewer, or another spelling;
* ``other``: the rest.

With ``--false-alerts``, every candidate of a dev query that alerts and is neither
expected nor tolerated (the source record, and every twin of it or of the expected
record) is classed too, first rule that holds (:func:`classify_false_alert`):

* ``same name elsewhere``: the alerted name has the query's or an expected name's words,
  legal forms and noise words aside (the same party listed once more, not joined by the
  benchmark's twins: *Sberbank* / *SBERBANK AG*);
* ``typo on a short word``: the alignment pairs a word of seven letters or fewer by a
  typo (*JSC Element* / *ELMONT AG*, *JSC KOMZ* / *JSC VOMZ*);
* ``query inside a longer name``: every word of the query is in the alerted name, which
  has more (a subsidiary, a branch, another plant of the kind: *Sberbank* / *LLC
  SBERBANK INVESTMENTS*, *Optron* / *Optron Stavropol*);
* ``person``: a person's name;
* ``other``: the rest.

Prints the counts (and ``--show N`` examples per class); ``--out`` writes every miss (and
false alert, with ``"false_alert": true``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench.evalset import usable
from bench.name_keys import core_key, core_tokens
from bench.realpairs import build_real_pairs
from bench.twins import find_twins
from bench.universe import load_universe
from tracewire.match import Screener
from tracewire.match.normalise import to_latin
from tracewire.match.orgterms import ACRONYMS, canonical_terms, subsidiary_parts
from tracewire.model import Entity

DEV = "real_pairs_dev"


def _words(name: str) -> list[str]:
    return re.findall(r"\w+", to_latin(name))


def _has_kind_words(name: str) -> bool:
    words = _words(name)
    return any(w in ACRONYMS for w in words) or canonical_terms(words, []) != words


def classify(miss: dict[str, Any], threshold: float) -> str:
    """The cause class of one miss (see the module docstring)."""
    query, listed = miss["query"], miss["expected_names"]
    score = miss["score"] or 0.0
    if score == 0.0:
        return "vessel renamed" if miss["schema"] == "Vessel" else "other name"
    if score >= threshold and not miss["retrieved"]:
        return "retrieval ranking"
    if "(" in query or any("(" in n for n in listed[:1]) or "(" in (miss["best_name"] or ""):
        return "bracketed part"
    if subsidiary_parts(query) or subsidiary_parts(miss["best_name"] or ""):
        return "parent first"
    if miss["schema"] != "Person" and (
        _has_kind_words(query) or _has_kind_words(miss["best_name"] or "")
    ):
        return "kind words"
    if miss["schema"] == "Person":
        return "person parts"
    return "other"


#: a typo pair on a word this short (the shorter of the two) is a "typo on a short word"
SHORT_WORD = 7
_TYPO = re.compile(r"'(\w+)' ≈ '(\w+)' \(typo")


def classify_false_alert(alert: dict[str, Any]) -> str:
    """The cause class of one false alert (see the module docstring): ``alert`` holds the
    ``query``, the ``alerted`` name, its ``detail`` (the name match described) and the
    ``expected_names``."""
    query, alerted = alert["query"], alert["alerted"]
    keys = {core_key(query)} | {core_key(n) for n in alert["expected_names"]}
    if core_key(alerted) in keys - {""}:
        return "same name elsewhere"
    for a, b in _TYPO.findall(alert.get("detail") or ""):
        if min(len(a), len(b)) <= SHORT_WORD:
            return "typo on a short word"
    words, listed = set(core_tokens(query)), set(core_tokens(alerted))
    if words and words < listed:
        return "query inside a longer name"
    if alert["schema"] == "Person":
        return "person"
    return "other"


def dev_misses(
    screener: Screener, entities: list[Entity], limit: int, false_alerts: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """Every dev positive tracewire misses (and, with ``false_alerts``, every false
    alert on a dev query, marked ``"false_alert": True``), and the number of dev
    positives."""
    by_id = {e.id: e for e in entities}
    twins = find_twins(entities, usable)
    queries = [q for q in build_real_pairs(entities, twins, 7, 1.0) if q.suite == DEV]
    out: list[dict[str, Any]] = []
    for q in queries:
        query = q.to_query()
        expected = set(q.expected)
        candidates = screener.candidates(query, limit)
        retrieved = any(c.id in expected for c in candidates)
        expected_names = [n for e in q.expected if e in by_id for n in by_id[e].names]
        if false_alerts:
            tolerated = set(q.tolerated)
            for c in candidates:
                if c.id in expected or c.id in tolerated:
                    continue
                alert = screener.score(query, c)
                if alert.score >= screener.threshold:
                    out.append(
                        {
                            "qid": q.qid,
                            "false_alert": True,
                            "schema": c.schema,
                            "query": q.names[0],
                            "alerted": alert.name.candidate,
                            "score": round(alert.score, 3),
                            "detail": alert.name.describe(),
                            "expected_names": expected_names,
                        }
                    )
        best = None
        for eid in q.expected:
            if eid in by_id:
                result = screener.score(query, by_id[eid])
                if best is None or result.score > best.score:
                    best = result
        if retrieved and best is not None and best.score >= screener.threshold:
            continue
        out.append(
            {
                "qid": q.qid,
                "schema": q.schema,
                "query": q.names[0],
                "retrieved": retrieved,
                "score": round(best.score, 3) if best else None,
                "best_name": best.name.candidate if best else None,
                "detail": best.name.describe() if best else None,
                "expected_names": expected_names,
            }
        )
    return out, len(queries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=20, help="candidates per query")
    parser.add_argument("--out", type=Path, help="write every miss here (JSON lines)")
    parser.add_argument("--show", type=int, default=0, help="examples per class")
    parser.add_argument(
        "--false-alerts", action="store_true", help="class the dev false alerts too"
    )
    args = parser.parse_args(argv)
    universe = load_universe()
    if not universe.entities:
        print("no list loaded; nothing to screen", file=sys.stderr)
        return 1
    screener = Screener.from_entities(universe.records)
    rows, total = dev_misses(screener, universe.records, args.limit, args.false_alerts)
    misses = [r for r in rows if not r.get("false_alert")]
    alerts = [r for r in rows if r.get("false_alert")]
    classes: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for miss in misses:
        miss["class"] = classify(miss, screener.threshold)
        classes[miss["class"]].append(miss)
    retrieved = total - sum(not m["retrieved"] for m in misses)
    print(
        f"real pairs, dev split: {total} positives, {total - len(misses)} found "
        f"({(total - len(misses)) / max(total, 1):.1%}), expected record retrieved "
        f"{retrieved} ({retrieved / max(total, 1):.1%}), {args.limit} candidates per query"
    )
    counts = Counter({k: len(v) for k, v in classes.items()})
    print("\n| miss class | misses | not retrieved |\n|---|---:|---:|")
    for name, n in counts.most_common():
        lost = sum(not m["retrieved"] for m in classes[name])
        print(f"| {name} | {n} | {lost} |")
    for name, _n in counts.most_common():
        for miss in classes[name][: args.show]:
            print(f"  {name}: {miss['query']!r} ~ {miss['best_name']!r} {miss['score']}")
    if args.false_alerts:
        by_class: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for alert in alerts:
            alert["class"] = classify_false_alert(alert)
            by_class[alert["class"]].append(alert)
        queries = len({a["qid"] for a in alerts})
        print(f"\n{len(alerts)} false alerts on {queries} dev queries")
        print("\n| false-alert class | false alerts | queries |\n|---|---:|---:|")
        ranked = Counter({k: len(v) for k, v in by_class.items()}).most_common()
        for name, n in ranked:
            print(f"| {name} | {n} | {len({a['qid'] for a in by_class[name]})} |")
        for name, _n in ranked:
            for alert in by_class[name][: args.show]:
                print(f"  {name}: {alert['query']!r} ~ {alert['alerted']!r} {alert['score']}")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for row in misses + alerts:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
