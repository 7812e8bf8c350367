"""The analyst's day in headless Chromium: portfolio, screening, the alert queue, an
alert, a decision, and the decision in the audit trail.

The portfolio is imported through the API (as an integration would), screened from the
page, and every number the page shows is checked against the JSON API.
"""

from __future__ import annotations

from typing import Any

import httpx

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (fails under CI=true) and says why
    expect = None

from tests.e2e.conftest import LiveService, screenshot, wait_ready

PARTIES = [
    {"id": "cust-100", "name": "TKS Vector LLC", "schema": "Company", "country": "Russia"},
    {"id": "cust-101", "name": "Artyom Yamshchikov", "schema": "Person", "country": "ru"},
    {"id": "cust-102", "name": "Northwind Garden Supplies Ltd", "schema": "Company"},
]


def call(live: LiveService, method: str, path: str, **kwargs: Any) -> Any:
    headers = {"Authorization": f"ApiKey {live.keys['admin']}"}
    response = httpx.request(method, live.url + path, headers=headers, timeout=60, **kwargs)
    response.raise_for_status()
    return response.json()


def test_screen_open_an_alert_decide_and_see_the_audit_entry(
    make_page: Any, live_service: LiveService
):
    call(live_service, "POST", "/portfolio", json={"parties": PARTIES, "screen": False})
    page = make_page(live_service.keys["screen"])  # an analyst

    # the portfolio, screened from the page
    page.goto("/ui/#/portfolio")
    wait_ready(page, "/portfolio")
    table = page.locator("[data-testid=portfolio]").inner_text()
    for party in PARTIES:
        assert party["id"] in table and party["name"] in table
    page.click("[data-testid=screen-now]")
    notice = page.locator("[data-testid=screen-result] .notice")
    notice.wait_for()
    total = call(live_service, "GET", "/portfolio")["total"]
    assert f"Screened {total} parties" in notice.inner_text()
    screenshot(page, "portfolio")

    # the queue: every open alert, moved through with the keyboard
    open_alerts = call(live_service, "GET", "/alerts", params={"status": "open"})
    assert open_alerts["total"] >= 1
    notice.locator("a").click()
    wait_ready(page, "/alerts")
    rows = page.locator("[data-testid=alerts] tbody tr")
    assert rows.count() == len(open_alerts["alerts"])
    assert f"{open_alerts['total']} alert" in page.locator("[data-testid=alert-total]").inner_text()
    for alert in open_alerts["alerts"]:
        assert alert["party_name"] in page.locator("[data-testid=alerts]").inner_text()
    page.locator("h1").click()  # focus out of the filters
    page.keyboard.press("j")
    assert rows.first.get_attribute("aria-selected") == "true"
    screenshot(page, "alerts")
    first = open_alerts["alerts"][0]
    page.keyboard.press("Enter")
    wait_ready(page, f"/alerts/{first['id']}")

    # the alert: the party beside the list entry, field by field, with the explanation
    detail = call(live_service, "GET", f"/alerts/{first['id']}")
    heading = page.locator("h1").inner_text()
    assert detail["party_name"] in heading and detail["entity_caption"] in heading
    comparison = page.locator("[data-testid=comparison] tbody tr")
    assert comparison.count() == len(detail["comparison"])
    name_row = page.locator("[data-testid=comparison] tr[data-field=name]")
    assert detail["party_name"] in name_row.inner_text()
    names = next(c for c in detail["comparison"] if c["field"] == "name")["list"]
    assert names and names[0] in name_row.inner_text()
    assert page.locator(".explain tr[data-feature=name]").count() == 1
    # what the listing prohibits
    assert detail["result"]["effects"] and detail["result"]["effects"][0] == "asset_freeze"
    assert "asset freeze: blocked" in page.locator("[data-testid=effects]").inner_text()
    screenshot(page, "alert")

    # an analyst may not confirm a true match: the button says so (the service would 403)
    assert page.locator("button[data-decision=true_match]").is_disabled()
    assert "reviewer" in page.locator("[data-testid=decision-limits]").inner_text()
    assert page.locator("button[data-decision=false_positive]").is_enabled()

    # a decision needs a reason
    page.fill("[data-testid=reason]", "")
    page.click("button[data-decision=false_positive]")
    assert page.evaluate("document.querySelector('[data-testid=reason]').validity.valueMissing")

    reason = "Different company: our customer is a garden supplier in Tver, INN differs."
    page.fill("[data-testid=reason]", reason)
    page.click("button[data-decision=false_positive]")
    page.locator("[data-testid=decision-notice]").wait_for()
    assert "false positive" in page.locator("[data-testid=decision-notice]").inner_text()
    after = call(live_service, "GET", f"/alerts/{first['id']}")
    assert after["status"] == "false_positive"
    history = page.locator("[data-testid=history] li")
    assert history.count() == len(after["history"])
    assert reason in page.locator("[data-testid=history]").inner_text()
    assert (
        after["history"][-1]["actor"] in page.locator("[data-testid=history] li").last.inner_text()
    )

    # the queue's status filter finds it among the decided alerts
    page.click("a[data-nav=alerts]")
    wait_ready(page, "/alerts")
    page.select_option("#f-status", "false_positive")
    page.click("form.filters button[type=submit]")
    decided = page.locator("[data-testid=alerts]")
    expect(decided).to_contain_text("false positive")
    expect(decided).to_contain_text(first["party_name"])
    fp = call(live_service, "GET", "/alerts", params={"status": "false_positive"})
    expect(decided.locator("tbody tr")).to_have_count(len(fp["alerts"]))

    # the decision in the audit trail, chain verified
    page.click("a[data-nav=audit]")
    wait_ready(page, "/audit")
    audit = call(live_service, "GET", "/audit", params={"limit": 100})
    decision = next(
        r
        for r in audit["records"]
        if r["kind"] == "decision" and r["subject"] == f"alert:{first['id']}"
    )
    row = page.locator("[data-testid=audit] tbody tr", has_text=decision["action"]).filter(
        has_text=f"alert:{first['id']}"
    )
    assert row.count() == 1
    assert reason in row.inner_text()
    assert str(decision["id"]) in row.inner_text()
    verify = call(live_service, "GET", "/audit/verify")
    assert verify["ok"]
    assert f"{verify['records']} records" in page.locator("[data-testid=verify]").inner_text()
    screenshot(page, "audit")
