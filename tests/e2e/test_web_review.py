"""Defects found reading the web page line by line, each pinned by a test in Chromium.

Hostile list data must stay text (and never become a ``javascript:`` link); a response
that arrives after the user moved on must not redraw the page; keys typed outside the
page (the key dialog, a focused button) must not drive it; a malformed address, an
empty list and a slow answer each show something. Slow answers are made by holding the
browser's real request (Playwright's ``route``) and letting it go later: nothing is
faked, the service answers every request.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (fails under CI=true) and says why
    expect = None  # type: ignore[assignment]

from tests.e2e.conftest import LiveService, wait_ready
from tracewire.ingest import load_paths

HOSTILE_ID = "tw-review-hostile-co"
HOSTILE_CAPTION = 'Hostile <img src=x onerror="document.body.dataset.pwned=1"> LLC'
PARTY = {"id": "review-100", "name": "TKS Vector LLC", "schema": "Company", "country": "ru"}


def call(live: LiveService, method: str, path: str, **kwargs: Any) -> Any:
    headers = {"Authorization": f"ApiKey {live.keys['admin']}"}
    response = httpx.request(method, live.url + path, headers=headers, timeout=60, **kwargs)
    response.raise_for_status()
    return response.json()


class Held:
    """Requests matching ``match`` are held by the browser until :meth:`release`."""

    def __init__(self, page: Any, match: Callable[[str], bool]) -> None:
        self.page = page
        self.routes: list[Any] = []
        self.match = match
        page.route(match, self._hold)

    def _hold(self, route: Any) -> None:
        self.routes.append(route)

    def wait(self) -> None:
        for _ in range(1500):  # Playwright dispatches the route while it waits
            if self.routes:
                return
            self.page.wait_for_timeout(10)
        raise AssertionError("the page never made the request")

    def release(self) -> None:
        route = self.routes.pop(0)
        with self.page.expect_response(lambda r: r.url == route.request.url) as info:
            route.continue_()
        self.page.unroute(self.match, self._hold)
        info.value.finished()
        # let the page's script run what the answer resolved
        for _ in range(3):
            self.page.evaluate("() => new Promise((done) => setTimeout(done, 0))")


def an_open_alert(live: LiveService) -> dict[str, Any]:
    call(live, "POST", "/portfolio", json={"parties": [PARTY], "screen": True})
    alerts = call(live, "GET", "/alerts", params={"party_id": PARTY["id"], "status": "open"})
    if not alerts["alerts"]:  # decided by an earlier test: open it again
        alert = call(live, "GET", "/alerts", params={"party_id": PARTY["id"]})["alerts"][0]
        call(live, "POST", f"/alerts/{alert['id']}/decision",
             json={"status": "open", "reason": "review test"})  # fmt: skip
        return alert
    return alerts["alerts"][0]


def test_hostile_list_data_is_shown_as_text_and_never_as_a_script_link(
    page: Any, live_service: LiveService, tmp_path: Path
):
    records = [
        {"id": HOSTILE_ID, "schema": "Company", "properties": {"name": [HOSTILE_CAPTION]}},
        {
            "id": "tw-review-sanction-js",
            "schema": "Sanction",
            "properties": {
                "entity": [HOSTILE_ID],
                "authority": ["Script Authority"],
                "sourceUrl": ["javascript:document.body.dataset.pwned='2'"],
            },
        },
        {
            "id": "tw-review-sanction-web",
            "schema": "Sanction",
            "properties": {
                "entity": [HOSTILE_ID],
                "authority": ["Web Authority"],
                "sourceUrl": ["https://example.org/notice"],
            },
        },
    ]
    path = tmp_path / "hostile.ftm.json"
    path.write_bytes(b"\n".join(orjson.dumps(r) for r in records) + b"\n")
    load_paths(live_service.store, [path], dataset="tw_review_hostile")
    page.goto(f"/ui/#/entities/{HOSTILE_ID}")
    wait_ready(page, f"/entities/{HOSTILE_ID}")
    assert page.locator("h1").inner_text() == HOSTILE_CAPTION
    assert page.locator("main img").count() == 0
    table = page.locator("[data-testid=sanctions]")
    assert "Script Authority" in table.inner_text() and "Web Authority" in table.inner_text()
    links = table.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert links == ["https://example.org/notice"]
    assert page.evaluate("document.body.dataset.pwned") is None


def test_slash_focuses_the_search_box_when_the_page_takes_time_to_draw(page: Any):
    page.goto("/ui/#/portfolio")  # this page never loads the catalog the search page needs
    wait_ready(page, "/portfolio")
    held = Held(page, lambda url: url.endswith("/catalog"))
    page.locator("h1").click()
    page.keyboard.press("/")
    held.wait()
    held.release()
    wait_ready(page, "/search")
    expect(page.locator("#f-name")).to_be_focused()


def test_a_late_answer_does_not_replace_the_page_the_user_moved_to(
    page: Any, live_service: LiveService
):
    alert = an_open_alert(live_service)
    # the queue: a slow first answer arrives after the user has filtered
    held = Held(page, lambda url: "/alerts?" in url and "q=" not in url)
    page.goto("/ui/#/alerts")
    held.wait()
    page.evaluate(f"location.hash = '#/alerts?q={PARTY['name'].split()[0]}'")
    wait_ready(page, "/alerts")
    held.release()
    assert "?q=" in page.url
    page.locator("h1").click()
    page.keyboard.press("j")  # moves through the rows on screen, not the late answer's
    rows = page.locator("[data-testid=alerts] tbody tr")
    assert rows.first.get_attribute("aria-selected") == "true"
    # a focused button keeps its Enter: it filters, it does not open the selected alert
    page.focus("form.filters button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_service.url}/ui/#/alerts?status=open&q=TKS")
    wait_ready(page, "/alerts")

    # a decision answered after the user went on to the audit trail
    page.evaluate(f"location.hash = '#/alerts/{alert['id']}'")
    wait_ready(page, f"/alerts/{alert['id']}")
    held = Held(page, lambda url: url.endswith("/decision"))
    page.fill("[data-testid=reason]", "review test: checked by hand")
    page.click("button[data-decision=escalated]")
    held.wait()
    page.evaluate("location.hash = '#/audit'")
    wait_ready(page, "/audit")
    held.release()
    assert page.locator("h1").inner_text() == "Audit trail"
    assert page.locator("[data-testid=decision-notice]").count() == 0
    decided = call(live_service, "GET", f"/alerts/{alert['id']}")
    assert decided["status"] == "escalated"  # the decision itself was made


def test_a_slow_page_shows_it_is_loading(page: Any):
    page.goto("/ui/#/search")
    wait_ready(page, "/search")
    held = Held(page, lambda url: "/match/" in url)
    page.fill("#f-name", "TKS Vector")
    page.click("button[type=submit]")
    held.wait()
    main = page.locator("main")
    assert main.get_attribute("aria-busy") == "true"
    assert float(main.evaluate("m => getComputedStyle(m).opacity")) < 1
    held.release()
    page.locator("[data-testid=result-count]").wait_for()
    assert main.get_attribute("aria-busy") is None
    assert main.evaluate("m => getComputedStyle(m).opacity") == "1"


def test_a_malformed_address_is_not_found(page: Any):
    page.goto("/ui/#/entities/%E0%A4%A")
    wait_ready(page, "/entities/%E0%A4%A")
    assert page.locator("h1").inner_text() == "Not found"


def test_audit_pages_keep_the_kind_filter(page: Any):
    page.goto("/ui/#/audit?kind=decision&before_id=999999")
    wait_ready(page, "/audit")
    newest = page.locator(".pager a", has_text="Newest")
    assert newest.get_attribute("href") == "#/audit?kind=decision"


def test_empty_portfolio_filter_and_name_search_say_so(make_page: Any, live_service: LiveService):
    page = make_page(live_service.keys["admin"])
    page.goto("/ui/#/portfolio?q=no-such-party-zzzq")
    wait_ready(page, "/portfolio")
    assert call(live_service, "GET", "/portfolio", params={"q": "no-such-party-zzzq"})["total"] == 0
    expect(page.locator("[data-testid=portfolio-empty]")).to_have_text(
        "No party matches this filter."
    )
    # a read key may only search names; none found is said, not an empty table
    reader = make_page(live_service.keys["read"])
    name = "Qxzqx Vbvbvq"
    assert call(live_service, "GET", "/search/default", params={"q": name})["results"] == []
    reader.goto(f"/ui/#/search?name={name.replace(' ', '+')}")
    wait_ready(reader, "/search")
    assert reader.locator("[data-testid=result-count]").inner_text() == "No name matches."


def test_keys_in_the_key_dialog_do_not_drive_the_page(anonymous_page: Any):
    page = anonymous_page
    page.goto("/ui/#/lists")
    page.locator("#key-dialog").wait_for(state="visible")
    page.focus("#key-cancel")
    page.keyboard.press("/")
    assert page.url.endswith("#/lists")
    page.click("#key-cancel")


def test_a_key_given_for_one_request_serves_the_others_waiting(
    anonymous_page: Any, live_service: LiveService
):
    page = anonymous_page
    held = Held(page, lambda url: url.endswith("/audit/verify"))
    page.goto("/ui/#/audit")
    page.locator("#key-dialog[open]").wait_for()
    page.click("#key-cancel")  # no key for /me; the audit page then asks again
    held.wait()  # /audit/verify went out without a key, like /audit beside it
    page.locator("#key-dialog[open]").wait_for()
    page.fill("#key-input", live_service.keys["read"])
    with page.expect_response(lambda r: "/audit?" in r.url and r.ok):
        page.click("#key-dialog button[type=submit]")
    held.release()  # its 401 comes after the key was given: it retries with that key
    wait_ready(page, "/audit")
    expect(page.locator("[data-testid=verify]")).to_contain_text("Hash chain verified")
    assert page.locator("#key-dialog[open]").count() == 0
    assert page.evaluate("sessionStorage.getItem('tracewire.key')") == live_service.keys["read"]
