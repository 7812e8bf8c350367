"""The web page's files: served from the package, without a key, never from elsewhere."""

from __future__ import annotations

import re
from importlib.resources import files

from fastapi.testclient import TestClient

ASSETS = ("index.html", "app.js", "graph.js", "app.css")


def test_root_redirects_to_the_page(secured: TestClient):
    response = secured.get("/", follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == "/ui/"
    assert secured.get("/ui", follow_redirects=False).headers["location"] == "/ui/"


def test_page_and_assets_need_no_key(secured: TestClient):
    page = secured.get("/ui/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for name in ("app.js", "graph.js"):
        assert secured.get(f"/ui/{name}").headers["content-type"].startswith("text/javascript")
    assert secured.get("/ui/app.css").headers["content-type"].startswith("text/css")
    # ... while the data still need one
    assert secured.get("/catalog").status_code == 401


def test_the_page_references_only_its_own_files():
    static = files("tracewire.web").joinpath("static")
    html = static.joinpath("index.html").read_text("utf-8")
    refs = re.findall(r'(?:src|href)="([^"#]+)"', html)
    local = [r for r in refs if not r.startswith(("data:", "../"))]
    assert set(local) <= set(ASSETS)
    for name in ASSETS:
        text = static.joinpath(name).read_text("utf-8")
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), name
    imports = re.findall(r'from "\./([^"]+)"', static.joinpath("app.js").read_text("utf-8"))
    assert imports and set(imports) <= set(ASSETS)


def test_answers_forbid_other_origins_and_revalidate(service: TestClient):
    response = service.get("/ui/app.js")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    etag = response.headers["etag"]
    again = service.get("/ui/app.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


def test_unknown_or_sneaky_asset_names_are_404(service: TestClient):
    for name in ("nope.js", "..%2Fapi%2Fapp.py", ".hidden.css", "routes.py"):
        response = service.get(f"/ui/{name}")
        assert response.status_code == 404, name
        assert "detail" in response.json()


def test_assets_are_sent_gzipped_when_accepted(service: TestClient):
    original = files("tracewire.web").joinpath("static", "app.js").read_bytes()
    zipped = service.get("/ui/app.js", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(original) / 2
    assert zipped.content == original  # decoded by the client
    plain = service.get("/ui/app.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == original


def test_the_page_never_writes_html_nor_inline_code():
    """List data and user input become text nodes, never HTML; and nothing inline that
    the Content-Security-Policy (``script-src 'self'; style-src 'self'``) would block."""
    static = files("tracewire.web").joinpath("static")
    for name in ("app.js", "graph.js"):
        text = static.joinpath(name).read_text("utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                     "new Function", "setAttribute(\"style\"", "setAttribute('style'"):  # fmt: skip
            assert sink not in text, f"{name} uses {sink}"
    html = static.joinpath("index.html").read_text("utf-8")
    assert not re.search(r"<script(?![^>]*\ssrc=)", html), "an inline script"
    assert not re.search(r"\son[a-z]+\s*=", html), "an inline event handler"
    assert not re.search(r"\sstyle\s*=|<style", html), "an inline style"
