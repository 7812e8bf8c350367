"""End-to-end fixtures: the real service on a free port, driven by headless Chromium.

The service runs in a thread (uvicorn, 127.0.0.1, keys required) over a temporary store
holding the embedded sample list (the Garpiya drone case: sanctions and a network), the
payment examples' listed banks (``examples/payments/listed-banks.ftm.json``) and,
when ``../shared/data`` is present, two versions of the UN Security Council list (so
the list page has a diff to show). The browser is Debian's ``chromium`` driven by
Playwright's Python client; Playwright never downloads a browser. Without Chromium or
Playwright the tests skip, except under ``CI=true``, where they fail and say why.

Each test gets a fresh browser context whose session storage already holds the admin
key (as if the user had pasted it); ``anonymous_page`` starts without one. A page
fails its test if the browser logs a JavaScript error or the page requests anything
from another origin. Screenshots go to ``build/screenshots/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tracewire.api import ServiceConfig, create_app
from tracewire.api.keys import KeyRing
from tracewire.cli.demo import sample_path
from tracewire.ingest import load_paths
from tracewire.store import Store

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
SHARED_RAW = ROOT.parent / "shared" / "data" / "raw"
UN_VERSIONS = (
    SHARED_RAW / "un_sc_consolidated_2022-09-15" / "un.xml",
    SHARED_RAW / "un_sc_consolidated_2026-02-27" / "UN_consolidated.xml",
)
SAMPLE = "tracewire_sample"
EXAMPLE_BANKS = ROOT / "examples" / "payments" / "listed-banks.ftm.json"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    found = os.environ.get("TRACEWIRE_CHROMIUM") or shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"end-to-end tests cannot run: {reason}. CI must have Debian's chromium "
            "(`apt-get install chromium`) and the test extra (`pip install -e .[test]`)",
            pytrace=False,
        )
    pytest.skip(reason)


@dataclass
class LiveService:
    url: str
    store: Store
    keys: dict[str, str]
    home: Path
    datasets: list[str] = field(default_factory=list)


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="package")
def live_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveService]:
    import uvicorn

    home = tmp_path_factory.mktemp("e2e-home")
    store = Store(f"sqlite:///{home / 'tracewire.db'}")
    load_paths(store, [sample_path()], dataset=SAMPLE)
    datasets = [SAMPLE]
    # the payment examples' two listed banks (with their BICs), for the Payments page
    load_paths(store, [EXAMPLE_BANKS], dataset="tw_example_banks")
    datasets.append("tw_example_banks")
    if all(p.exists() for p in UN_VERSIONS):
        for path in UN_VERSIONS:
            load_paths(store, [path], dataset="un_sc")
        datasets.append("un_sc")
    ring = KeyRing(store.engine)
    keys = {scope: ring.create(f"e2e-{scope}", scope)[0] for scope in ("read", "screen", "admin")}
    config = ServiceConfig(home=home, database_url=store.url, auth=True, reload_seconds=0)
    app = create_app(config)
    sock = _free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the service did not start")
        time.sleep(0.05)
    port = sock.getsockname()[1]
    try:
        yield LiveService(f"http://127.0.0.1:{port}", store, keys, home, datasets)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        store.close()


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        _unavailable("Chromium is not installed (Debian package `chromium`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright's Python client is not installed (`pip install playwright`)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class PageWatch:
    """What a page did wrong: JavaScript errors and requests to other origins."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.requests: list[str] = []

    def attach(self, page: Any) -> None:
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on(
            "console",
            lambda msg: self.errors.append(f"console: {msg.text}") if msg.type == "error" else None,
        )
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        url = request.url
        self.requests.append(url)
        if not (url.startswith(self.origin + "/") or url.startswith("data:")):
            self.foreign.append(url)

    def check(self) -> None:
        # a 401 or 403 the page handles is logged by Chromium as a failed resource load
        errors = [e for e in self.errors if "status of 401" not in e and "status of 403" not in e]
        assert not errors, f"the page logged errors: {errors}"
        assert not self.foreign, f"the page fetched from elsewhere: {self.foreign}"


@pytest.fixture
def make_page(browser: Any, live_service: LiveService) -> Iterator[Callable[[str | None], Any]]:
    """Pages in fresh contexts, each holding ``key`` in its session storage (or none)."""
    contexts: list[tuple[Any, PageWatch]] = []

    def make(key: str | None) -> Any:
        context = browser.new_context(
            base_url=live_service.url, viewport={"width": 1280, "height": 900}
        )
        if key is not None:
            context.add_init_script(f"window.sessionStorage.setItem('tracewire.key', {key!r});")
        context.set_default_timeout(15_000)
        page = context.new_page()
        watch = PageWatch(live_service.url)
        watch.attach(page)
        page.watch = watch
        contexts.append((context, watch))
        return page

    try:
        yield make
        for _context, watch in contexts:
            watch.check()
    finally:
        for context, _watch in contexts:
            context.close()


@pytest.fixture
def page(make_page: Callable[[str | None], Any], live_service: LiveService) -> Any:
    """A page in a fresh context, holding the admin key."""
    return make_page(live_service.keys["admin"])


@pytest.fixture
def anonymous_page(make_page: Callable[[str | None], Any]) -> Any:
    """A page in a fresh context with no key: the page has to ask for one."""
    return make_page(None)


def screenshot(page: Any, name: str) -> Path:
    """Save the whole page as build/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_ready(page: Any, path: str) -> None:
    """Wait until the page has rendered the route ``path`` (e.g. ``/lists``)."""
    page.wait_for_selector(f"main[data-ready='{path}']")
