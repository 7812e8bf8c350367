"""Every rule and finding cites its primary document: an https URL on the publisher's own
official domain (``PUBLISHER_DOMAINS``), with any secondary summary kept apart as
``summary``; links are only http(s)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.network.factory import case, company, party, run, sanction, txn
from tracewire.errors import InputError
from tracewire.network.redflags import RuleSet
from tracewire.network.reference import official_url, parse_sources, reference
from tracewire.report.findings_json import findings_document
from tracewire.report.investigation_html import render_html

SECONDARY = ("lidings.com", "mrwatchlist.com", "jdsupra.com", "dacbeachcroft.com", "akingump.com",
             "financialcrime.world", "kyivindependent.com", "exportcompliancedaily.com",
             "consumerelectronicsdaily.com", "lexology.com")  # fmt: skip


def test_every_source_has_an_official_https_primary_url() -> None:
    sources = reference().sources
    assert len(sources) > 30  # guidance and the legal bases of the lists' effects
    for key, c in sources.items():
        assert official_url(c.url), (key, c.url)
        assert not any(d in c.url for d in SECONDARY), (key, c.url)
        for link in (c.url, c.summary):
            assert link is None or urlsplit(link).scheme in ("http", "https"), (key, link)
        assert c.summary is None or not official_url(c.summary), (key, "a summary is secondary")


def test_secondary_links_kept_as_summary() -> None:
    s = reference().sources
    assert "lidings.com" in (s["A6"].summary or "") and s["A6"].url.startswith("https://ofac.treasury.gov/")  # fmt: skip
    assert "akingump.com" in (s["EU2"].summary or "") and "consilium.europa.eu" in s["EU2"].url
    assert "FIN-2022-Alert001" in s["A7"].title and "7 Mar 2022" in s["A7"].title
    assert s["A7"].url.startswith("https://www.fincen.gov/")


def test_every_rule_cites_official_sources() -> None:
    rules = RuleSet.load()
    sources = reference().sources
    for r in rules.rules:
        assert r.rule.sources, r.rule.id
        for key in r.rule.sources:
            assert key in sources and official_url(sources[key].url), (r.rule.id, key)


def test_official_url_allow_list() -> None:
    assert official_url("https://eur-lex.europa.eu/eli/reg/2014/833/oj")
    assert official_url("https://www.gov.uk/government/publications/x")
    assert not official_url("http://ofac.treasury.gov/faqs/401")  # plain http
    assert not official_url("https://treasury.gov.example.com/x")
    assert not official_url("https://stage.exportcompliancedaily.com/article")


def test_a_rules_file_source_must_be_an_http_link() -> None:
    with pytest.raises(InputError, match=r"sources\.Z1\.url: 'javascript:alert\(1\)'"):
        parse_sources({"Z1": {"title": "t", "url": "javascript:alert(1)"}}, "rules.yml: sources")
    ok = parse_sources({"Z1": {"title": "t", "url": "https://ofac.treasury.gov/x", "summary": "https://a.example"}}, "f")  # fmt: skip
    assert ok["Z1"].summary == "https://a.example"


def test_report_links_the_primary_document_and_its_summary() -> None:
    ents = [company("x", "Volga Heavy Industries JSC", country="ru"), sanction("x")]
    c = case(parties=[party("v", "Volga Heavy Industries JSC", country="ru")],
             transactions=[txn("t", seller="v")])  # fmt: skip
    doc = findings_document(run(c, ents))
    assert "O1" in doc.citations and doc.citations["O1"].summary
    html = render_html(doc)
    li = html[html.index('<li id="cite-O1">') :]
    li = li[: li.index("</li>")]
    assert 'href="https://ofac.treasury.gov/' in li and ">summary</a>" in li
