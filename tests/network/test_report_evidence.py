"""A heavily listed party: the report groups its listings per list and collapses each
group (``<details>``); the JSON file keeps every item, each naming its group."""

from __future__ import annotations

import json
import re

from tests.network.factory import case, company, party, run, sanction, txn
from tracewire.report.findings_json import findings_document, findings_json
from tracewire.report.investigation_html import render_html

OFAC, UK = "US Office of Foreign Assets Control", "UK HM Treasury"
PROGRAMS = {
    OFAC: ["RUSSIA-EO14024", "UKRAINE-EO13660", "CYBER2", "NPWMD", "SDGT", "IRAN"],
    UK: ["RUSSIA", "CYBER", "GLOBAL HUMAN RIGHTS", "BELARUS", "CHEMICAL WEAPONS"],
}


def _investigate():  # type: ignore[no-untyped-def]
    ents = [company("x", "Volga Heavy Industries JSC", country="ru")]
    ents += [sanction("x", a, p) for a, progs in PROGRAMS.items() for p in progs]
    c = case(parties=[party("v", "Volga Heavy Industries JSC", country="ru")],
             transactions=[txn("t", seller="v")])  # fmt: skip
    return run(c, ents)


def test_listings_grouped_per_list_and_collapsed_in_html() -> None:
    inv = _investigate()
    [freeze] = [f for f in inv.findings if f.rule == "screening.match" and f.effect == "asset_freeze"]  # fmt: skip
    groups = [e.group for e in freeze.evidence]
    assert groups.count(OFAC) == 6 and groups.count(UK) == 5
    assert groups[0] is None  # the name match stands on its own

    html = render_html(findings_document(inv))
    block = html[html.index(f'id="{freeze.id}"') :]
    block = block[: block.index('<div class="finding"', 1) if '<div class="finding"' in block[1:] else None]  # fmt: skip
    details = re.findall(r"<details><summary>(.*?)</summary>(.*?)</details>", block, re.S)
    assert [s for s, _body in details] == [f"{OFAC}: 6 listings", f"{UK}: 5 listings"]
    for (_s, body), n in zip(details, (6, 5), strict=True):
        assert body.count("<li>") == n and body.count("Listed: ") == n
    # the name match is outside any <details>
    outside = re.sub(r"<details>.*?</details>", "", block, flags=re.S)
    assert "Volga Heavy Industries JSC&#x27; matches" in outside
    assert "Listed: " not in outside


def test_json_keeps_every_listing_with_its_group() -> None:
    doc = json.loads(findings_json(_investigate()))
    [freeze] = [f for f in doc["findings"] if f["rule"] == "screening.match" and f["effect"] == "asset_freeze"]  # fmt: skip
    listed = [e for e in freeze["evidence"] if e["statement"].startswith("Listed: ")]
    assert len(listed) == 11
    assert {e["group"] for e in listed} == {OFAC, UK}
    assert "group" not in freeze["evidence"][0]  # null fields are left out
