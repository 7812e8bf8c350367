"""``POST /screen/message`` and ``POST /scan``: answers, limits, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import MakeClient, make_client, sample_store, service  # noqa: F401
from tracewire.api import live_index
from tracewire.api.audit import AuditLog
from tracewire.api.config import ServiceConfig
from tracewire.ingest import load_paths
from tracewire.match import Screener
from tracewire.messages.screening import MessageScreener
from tracewire.screen.mentions import MentionFinder
from tracewire.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MESSAGES = EXAMPLES / "payments" / "messages"
BANKS = EXAMPLES / "payments" / "listed-banks.ftm.json"


def records(client: TestClient, path: str) -> list:  # type: ignore[type-arg]
    audit: AuditLog = client.app.state.service.audit  # type: ignore[attr-defined]
    return [r for r in audit.records() if r.endpoint.startswith(path)]


def test_screen_message_verdict_and_audit(service: TestClient) -> None:  # noqa: F811
    body = (MESSAGES / "pacs008-listed-creditor-spelling.xml").read_bytes()
    res = service.post("/screen/message", content=body, headers={"content-type": "application/xml"})
    assert res.status_code == 200, res.text
    data = res.json()
    assert data["verdict"] == "hold" and data["kind"] == "pacs.008"
    name = next(h for h in data["hits"] if h["kind"] == "name")
    assert name["listed_party"]["id"] == "tw-sample-iemz-kupol"
    assert name["path"] == "Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/Nm"
    assert data["lists"] and res.headers["x-audit-id"]
    (record,) = records(service, "/screen/message")
    assert record.status == 200 and "Izhevskiy" in record.request
    assert record.results["verdict"] == "hold"


def test_screen_message_unreadable_is_a_hold(service: TestClient) -> None:  # noqa: F811
    body = (MESSAGES / "broken-external-entity.xml").read_bytes()
    res = service.post("/screen/message", content=body)
    assert res.status_code == 200
    assert res.json()["verdict"] == "hold" and "line 2" in res.json()["error"]
    res = service.post(
        "/screen/message", content=(MESSAGES / "mt103-creditor-free-lines.txt").read_bytes()
    )
    assert res.json()["kind"] == "MT103" and res.json()["verdict"] == "hold"


def test_screen_message_size_limit(make_client) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    client = make_client(auth=False, max_body_bytes=4 << 20)  # above the route's own limit
    res = client.post("/screen/message", content=b"<" + b"a" * (1024 * 1024 + 10))
    assert res.status_code == 413 and "at most" in res.json()["detail"]
    (record,) = records(client, "/screen/message")
    assert record.status == 413


def test_scan_text_and_bad_pdf(service: TestClient) -> None:  # noqa: F811
    text = (EXAMPLES / "documents" / "garpiya-article-en.txt").read_bytes()
    res = service.post("/scan", content=text, headers={"content-type": "text/plain"})
    assert res.status_code == 200, res.text
    ids = {m["party"]["id"] for m in res.json()["mentions"]}
    assert {"tw-sample-iemz-kupol", "tw-sample-almaz-antey", "tw-sample-tsk-vektor"} <= ids
    # ``spans`` (a span with its entries, as scan --json) beside the ``mentions`` of before:
    # the same entries at the same places
    spans = res.json()["spans"]
    assert len(spans) == len({(m["start"], m["end"]) for m in res.json()["mentions"]})
    assert sorted(
        (s["start"], s["end"], s["text"], e["party"]["id"], e["score"])
        for s in spans
        for e in s["entries"]
    ) == sorted(
        (m["start"], m["end"], m["text"], m["party"]["id"], m["score"])
        for m in res.json()["mentions"]
    )
    (record,) = records(service, "/scan")
    assert record.status == 200 and "sha256" in record.request
    res = service.post(
        "/scan", content=b"%PDF-1.4 broken", headers={"content-type": "application/pdf"}
    )
    assert res.status_code == 400 and "PDF" in res.json()["detail"]


def test_scan_answers_the_text_read_when_asked(service: TestClient) -> None:  # noqa: F811
    html = b"<html><body><p>Paid to <b>IEMZ Kupol</b> &amp; others.</p></body></html>"
    res = service.post("/scan?text=true", content=html, headers={"content-type": "text/html"})
    assert res.status_code == 200, res.text
    data = res.json()
    (m,) = [m for m in data["mentions"] if m["party"]["id"] == "tw-sample-iemz-kupol"]
    # the offsets index the text read from the HTML, not the markup
    assert data["text"][m["start"] : m["end"]] == m["text"] and "<b>" not in data["text"]
    assert (
        "text"
        not in service.post("/scan", content=html, headers={"content-type": "text/html"}).json()
    )


def test_mention_automaton_is_built_with_the_index_not_by_a_request(
    make_client: MakeClient,  # noqa: F811
    sample_store: Store,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The message screener (and its mention automaton) of each list version is built
    when the index is loaded or reloaded, before the snapshot is swapped in: the first
    message or document after a load builds nothing."""
    at_load: list[Screener] = []
    build = live_index.build_message_screener

    def counted_build(screener: Screener) -> MessageScreener:
        at_load.append(screener)
        return build(screener)

    monkeypatch.setattr(live_index, "build_message_screener", counted_build)
    client = make_client(auth=False)
    index = client.app.state.service.index  # type: ignore[attr-defined]
    first = index.current
    assert at_load == [first.screener]
    on_request: list[Screener] = []
    finder_init = MentionFinder.__init__

    def counted_init(self: MentionFinder, screener: Screener) -> None:
        on_request.append(screener)
        finder_init(self, screener)

    monkeypatch.setattr(MentionFinder, "__init__", counted_init)
    body = (MESSAGES / "pain001-remittance-mention.xml").read_bytes()
    res = client.post("/screen/message", content=body)
    assert res.status_code == 200 and res.json()["verdict"] == "hold"
    assert any(h["kind"] == "mention" for h in res.json()["hits"])
    text = (EXAMPLES / "documents" / "garpiya-article-en.txt").read_bytes()
    assert client.post("/scan", content=text).json()["mentions"]
    assert on_request == []  # the requests built no automaton
    assert first.messages.stats["names"] > 0  # and were screened by the snapshot's one
    # a new list version: the reload builds the next one, then swaps it in
    load_paths(sample_store, [BANKS], dataset="example_banks")
    monkeypatch.setattr(MentionFinder, "__init__", finder_init)
    old, new = index.load()
    assert old is first and new is index.current and new.messages is not first.messages
    assert at_load == [first.screener, new.screener]
    monkeypatch.setattr(MentionFinder, "__init__", counted_init)
    res = client.post("/screen/message", content=(MESSAGES / "pacs008-listed-bic.xml").read_bytes())
    assert res.json()["verdict"] == "block" and on_request == []


def test_messages_setting_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ServiceConfig.from_env(home=tmp_path).messages is True
    monkeypatch.setenv("TRACEWIRE_API_MESSAGES", "0")
    assert ServiceConfig.from_env(home=tmp_path).messages is False


def test_messages_off_builds_no_screener_and_answers_404(
    make_client: MakeClient,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``TRACEWIRE_API_MESSAGES=0``: no snapshot builds a message screener or mention
    automaton, and both endpoints answer 404 naming the setting, audited; /match works."""
    built: list[Screener] = []
    monkeypatch.setattr(live_index, "build_message_screener", built.append)
    client = make_client(auth=False, messages=False)
    index = client.app.state.service.index  # type: ignore[attr-defined]
    assert index.current.messages is None and built == []
    body = (MESSAGES / "pacs008-listed-bic.xml").read_bytes()
    res = client.post("/screen/message", content=body)
    assert res.status_code == 404 and "TRACEWIRE_API_MESSAGES" in res.json()["detail"]
    res = client.post("/scan", content=b"IEMZ Kupol ordered parts")
    assert res.status_code == 404
    assert [r.status for r in records(client, "/screen/message")] == [404]
    assert [r.status for r in records(client, "/scan")] == [404]
    index.load()  # a reload builds none either
    assert index.current.messages is None and built == []
    query = {"schema": "Company", "properties": {"name": ["IEMZ Kupol"]}}
    assert client.post("/match/default", json={"queries": {"q": query}}).status_code == 200
