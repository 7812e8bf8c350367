"""The Payments and Documents pages in headless Chromium.

A payment message is pasted (or uploaded) and screened by ``POST /screen/message``; a
text is scanned by ``POST /scan``. Expected values come from the same API of the same
running service, never from the page itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (fails under CI=true) and says why
    expect = None

from tests.e2e.conftest import ROOT, LiveService, screenshot, wait_ready

MESSAGES = ROOT / "examples" / "payments" / "messages"
KUPOL = "tw-sample-iemz-kupol"
HOSTILE = "<img src=x onerror=window.__pwned=1>"


def post(live: LiveService, path: str, body: bytes, content_type: str) -> Any:
    headers = {"Authorization": f"ApiKey {live.keys['admin']}", "content-type": content_type}
    response = httpx.post(live.url + path, content=body, headers=headers, timeout=30)
    response.raise_for_status()
    return response.json()


def screen_on_page(page: Any, text: str) -> None:
    page.goto("/ui/#/payments")
    wait_ready(page, "/payments")
    page.fill("#f-message", text)
    page.click("[data-testid=message-submit]")
    page.wait_for_selector("[data-testid=verdict]")


def test_payment_to_a_listed_bic_is_blocked_field_by_field(page: Any, live_service: LiveService):
    body = (MESSAGES / "pacs008-listed-bic.xml").read_text(encoding="utf-8")
    expected = post(live_service, "/screen/message", body.encode(), "application/xml")
    assert expected["verdict"] == "block"
    screen_on_page(page, body)
    assert page.locator("[data-testid=verdict]").get_attribute("data-verdict") == "block"
    assert page.locator("[data-testid=verdict]").inner_text() == "BLOCK"
    rows = page.locator("[data-testid=hit]")
    assert rows.count() == len(expected["hits"])
    bic = next(h for h in expected["hits"] if h["kind"] == "bic" and h["action"] == "block")
    row = page.locator("[data-testid=hit][data-kind=bic][data-action=block]").first
    assert row.locator("[data-testid=hit-path]").inner_text() == bic["path"]
    assert bic["path"].endswith("CdtrAgt/FinInstnId/BICFI")
    assert bic["value"] in row.inner_text()
    # the listed party links to its entity page, as in the search results
    link = row.locator("a[data-testid=party]")
    assert link.inner_text() == bic["listed_party"]["caption"]
    screenshot(page, "payments-block")
    link.click()
    wait_ready(page, f"/entities/{bic['listed_party']['id']}")


def test_listed_creditor_held_with_its_legal_effect(page: Any, live_service: LiveService):
    body = (MESSAGES / "pacs008-listed-creditor-spelling.xml").read_text(encoding="utf-8")
    expected = post(live_service, "/screen/message", body.encode(), "application/xml")
    name = next(h for h in expected["hits"] if h["kind"] == "name")
    assert name["listed_party"]["effects"] == ["asset_freeze", "export_restriction"]
    screen_on_page(page, body)
    assert page.locator("[data-testid=verdict]").get_attribute("data-verdict") == "hold"
    row = page.locator("[data-testid=hit][data-kind=name]")
    assert row.locator("[data-testid=hit-path]").inner_text() == name["path"]
    assert row.locator("a[data-testid=party]").get_attribute("href") == f"#/entities/{KUPOL}"
    effects = row.locator("[data-testid=effects]").inner_text()
    assert "asset freeze: blocked" in effects and "export prohibited" in effects
    assert f"{name['score']:.2f}" in row.inner_text()


def test_clean_payment_passes(page: Any, live_service: LiveService):
    body = (MESSAGES / "pacs008-clean.xml").read_text(encoding="utf-8")
    assert (
        post(live_service, "/screen/message", body.encode(), "application/xml")["verdict"] == "pass"
    )
    screen_on_page(page, body)
    assert page.locator("[data-testid=verdict]").get_attribute("data-verdict") == "pass"
    expect(page.locator("[data-testid=no-hits]")).to_be_visible()
    assert page.locator("[data-testid=hit]").count() == 0
    # the message as read, party by party
    assert (
        "Atelier Lumiere Roubaix SARL"
        in page.locator("[data-testid=message-parties]").text_content()
    )


def test_uploaded_message_and_unreadable_one_held_with_its_line(page: Any):
    page.goto("/ui/#/payments")
    wait_ready(page, "/payments")
    page.set_input_files("#f-message-file", str(MESSAGES / "broken-not-well-formed.xml"))
    expect(page.locator("#f-message")).not_to_have_value("")
    page.click("[data-testid=message-submit]")
    page.wait_for_selector("[data-testid=verdict]")
    assert page.locator("[data-testid=verdict]").get_attribute("data-verdict") == "hold"
    error = page.locator("[data-testid=parse-error]").inner_text()
    assert "could not be read" in error and "line" in error


def test_markup_in_a_message_is_shown_as_text(page: Any, live_service: LiveService):
    body = (MESSAGES / "pacs008-listed-creditor-spelling.xml").read_text(encoding="utf-8")
    markup = "&lt;img src=x onerror=window.__pwned=1&gt;"
    name = "<Nm>Izhevskiy Elektromekhanicheskiy Zavod Kupol</Nm>"
    hostile = body.replace(name, f"<Nm>{markup} Kupol</Nm>")
    assert hostile != body
    answer = post(live_service, "/screen/message", hostile.encode(), "application/xml")
    screen_on_page(page, hostile)
    assert page.locator("[data-testid=verdict]").get_attribute("data-verdict") == answer["verdict"]
    assert HOSTILE in page.locator("[data-testid=message-parties]").text_content()
    # in a BIC the markup is a parse error: held, and the error (which quotes it) is text
    bic = "<BICFI>COBADEFFXXX</BICFI>"
    assert bic in body
    broken = body.replace(bic, f"<BICFI>{markup}</BICFI>")
    answer = post(live_service, "/screen/message", broken.encode(), "application/xml")
    assert answer["verdict"] == "hold" and HOSTILE in answer["error"]
    page.fill("#f-message", broken)
    page.click("[data-testid=message-submit]")
    expect(page.locator("[data-testid=parse-error]")).to_contain_text(HOSTILE)
    assert "DbtrAgt/FinInstnId/BICFI" in page.locator("[data-testid=parse-error]").inner_text()
    assert page.locator("main img").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")


def test_document_mentions_are_highlighted_and_linked(page: Any, live_service: LiveService):
    text = (
        "Customs records show that IEMZ Kupol received the engines through a trading "
        "house.\nGold prices rose; the United team won.\n<b>not bold</b>"
    )
    expected = post(live_service, "/scan", text.encode(), "text/plain")
    kupol = [m for m in expected["mentions"] if m["party"]["id"] == KUPOL]
    assert kupol, expected
    page.goto("/ui/#/documents")
    wait_ready(page, "/documents")
    page.fill("#f-document", text)
    page.click("[data-testid=document-submit]")
    page.wait_for_selector("[data-testid=scan-result]")
    marks = page.locator("[data-testid=document-text] mark[data-testid=mention]")
    spans = {(m["start"], m["end"]) for m in expected["mentions"]}
    assert marks.count() == len(spans)  # a mark and a row per span, with each listed entry
    assert page.locator("[data-testid=mention-row]").count() == len(spans)
    assert page.locator("[data-testid=mention-entry]").count() == len(expected["mentions"])
    mark = page.locator(f"[data-testid=document-text] mark[data-party='{KUPOL}']").first
    assert mark.inner_text() == text[kupol[0]["start"] : kupol[0]["end"]]
    assert mark.locator("a").get_attribute("href") == f"#/entities/{KUPOL}"
    # the whole text is there, as text
    shown = page.locator("[data-testid=document-text]").inner_text()
    assert "<b>not bold</b>" in shown and page.locator("[data-testid=document-text] b").count() == 0
    screenshot(page, "documents")
    mark.locator("a").click()
    wait_ready(page, f"/entities/{KUPOL}")


def test_uploaded_html_document_shows_the_text_read(page: Any, tmp_path: Path):
    doc = tmp_path / "invoice.html"
    doc.write_text(
        "<html><body><h1>Invoice 118</h1><p>Consignee: <b>IEMZ Kupol</b>, Izhevsk.</p>"
        "<script>window.__pwned = 1</script></body></html>",
        encoding="utf-8",
    )
    page.goto("/ui/#/documents")
    wait_ready(page, "/documents")
    page.set_input_files("#f-document-file", str(doc))
    page.click("[data-testid=document-submit]")
    page.wait_for_selector("[data-testid=scan-result]")
    assert "invoice.html (html," in page.locator("[data-testid=mention-count]").inner_text()
    shown = page.locator("[data-testid=document-text]").inner_text()
    # the text read from the HTML, which the offsets index, not its markup
    assert "Consignee: IEMZ Kupol" in shown and "<b>" not in shown
    mark = page.locator(f"[data-testid=document-text] mark[data-party='{KUPOL}']")
    assert mark.first.inner_text() == "IEMZ Kupol"
    assert page.evaluate("() => window.__pwned === undefined")
