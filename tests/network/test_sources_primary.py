"""Every rule and finding cites its primary document: publisher, title and a number or
date, and an https URL of the document itself (not a landing page) on the publisher's own
official domain (``PUBLISHER_DOMAINS``), with any secondary summary or news report kept
apart as ``summary``; links are only http(s)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.network.factory import case, company, party, run, sanction, txn
from tracewire.errors import InputError
from tracewire.network.redflags import RuleSet
from tracewire.network.reference import (
    document_url,
    landing_page,
    official_url,
    parse_sources,
    reference,
)
from tracewire.report.findings_json import CitationOut, findings_document
from tracewire.report.investigation_html import render_html

SECONDARY = ("lidings.com", "mrwatchlist.com", "jdsupra.com", "dacbeachcroft.com", "akingump.com",
             "financialcrime.world", "kyivindependent.com", "exportcompliancedaily.com",
             "consumerelectronicsdaily.com", "lexology.com")  # fmt: skip


#: news publishers: a press report is never the primary document, only a summary
NEWS = ("reuters.com", "kyivindependent.com", "pravda.com.ua", "anews.com.tr")

#: a date (a year) or a document number: "FIN-2022-Alert003", "15 CFR Part 744",
#: "Supplement No. 4", "FAQ 399", "SI 2019/855", "ST 11623/24", "E.O. 14024", "Pub. L."
DATED_OR_NUMBERED = re.compile(
    r"\b(?:19|20)\d{2}\b|\bNo\.? ?\d|\bFAQs? \d|\bCFR\b|\bFIN-\d|\bNTE \d|\bST \d"
    r"|\bE\.O\. \d|\bPub\. L\. \d|§ ?\d|\bpara \d"
)


def test_every_source_has_an_official_https_document_url() -> None:
    sources = reference().sources
    assert len(sources) > 30  # guidance and the legal bases of the lists' effects
    for key, c in sources.items():
        if c.url:
            assert document_url(c.url), (key, c.url)
        else:  # only where the document's own address could not be confirmed, said so
            assert "could not be confirmed" in c.title, (key, "a source needs a URL")
        assert not any(d in c.url for d in SECONDARY + NEWS), (key, c.url)
        for link in (c.url, c.summary):
            assert link is None or link == "" or urlsplit(link).scheme in ("http", "https"), (key, link)  # fmt: skip
        assert c.summary is None or not official_url(c.summary), (key, "a summary is secondary")
        assert c.summary != c.url, key


def test_every_source_names_publisher_title_and_number_or_date() -> None:
    for key, c in reference().sources.items():
        publisher, _, rest = c.title.partition(",")
        assert publisher.strip() and rest.strip(), (key, c.title)
        assert DATED_OR_NUMBERED.search(c.title), (key, "no number or date", c.title)


def test_landing_pages_are_not_documents() -> None:
    # the addresses that stood for documents before: a site's root, publications
    # indexes, GOV.UK and EUR-Lex collections, BIS's index of its lists
    for url in (
        "https://www.reuters.com/",
        "https://www.nationalcrimeagency.gov.uk/who-we-are/publications",
        "https://www.gov.uk/government/collections/trade-sanctions-civil-enforcement",
        "https://www.gov.uk/government/collections/notices-to-exporters",
        "https://eur-lex.europa.eu/collection/eu-law/restrictive-measures.html",
        "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern",
        "https://ofac.treasury.gov",
    ):
        assert landing_page(url) and not document_url(url), url
    for url in (
        "https://eur-lex.europa.eu/eli/reg/2014/833/oj",
        "https://www.legislation.gov.uk/uksi/2019/855/contents",
        "https://ofac.treasury.gov/faqs/401",
        "https://www.gov.uk/government/publications/countering-russian-sanctions-evasion-and-circumvention/countering-russian-sanctions-evasion-guidance-for-exporters",
        "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744/appendix-Supplement%20No.%207%20to%20Part%20744",
    ):  # fmt: skip
        assert document_url(url), url
    assert not document_url("https://www.reuters.com/world/russia-has-secret-war-drones-project-china-intel-sources-say-2024-09-25/")  # fmt: skip


def test_secondary_links_kept_as_summary() -> None:
    s = reference().sources
    assert "lidings.com" in (s["A6"].summary or "") and s["A6"].url.startswith("https://ofac.treasury.gov/")  # fmt: skip
    assert "akingump.com" in (s["EU2"].summary or "") and "consilium.europa.eu" in s["EU2"].url
    assert "FIN-2022-Alert001" in s["A7"].title and "7 Mar 2022" in s["A7"].title
    assert s["A7"].url.startswith("https://www.fincen.gov/")
    # the press reports: Reuters is a summary, the official record of the parties is OFAC's
    # designation, and the pattern itself is analytical
    for key in ("G1", "G5"):
        assert s[key].kind == "analytical" and "Reuters" in s[key].title, key
        assert s[key].url == "https://ofac.treasury.gov/recent-actions/20241017", key
        assert "No official document names" in s[key].title, key
    assert (s["G1"].summary or "").startswith("https://www.reuters.com/world/")
    assert "17 Oct 2024" in s["G1"].title and "17 Oct 2024" in s["G5"].title


def test_every_rule_cites_official_sources() -> None:
    rules = RuleSet.load()
    sources = reference().sources
    for r in rules.rules:
        assert r.rule.sources, r.rule.id
        for key in r.rule.sources:
            assert key in sources, (r.rule.id, key)
        # each rule rests on at least one official document with its own address
        assert any(
            sources[k].kind == "official" and document_url(sources[k].url) for k in r.rule.sources
        ), r.rule.id


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


def test_report_names_a_document_without_a_confirmed_address_without_a_link() -> None:
    ents = [company("x", "Volga Heavy Industries JSC", country="ru"), sanction("x")]
    c = case(parties=[party("v", "Volga Heavy Industries JSC", country="ru")],
             transactions=[txn("t", seller="v")])  # fmt: skip
    doc = findings_document(run(c, ents))
    u1 = reference().sources["U1"]
    assert u1.url == "" and u1.summary
    doc.citations["U1"] = CitationOut(title=u1.title, url=u1.url, kind=u1.kind, summary=u1.summary)
    doc.findings[0].citations.append("U1")
    html = render_html(doc)
    li = html[html.index('<li id="cite-U1">') :]
    li = li[: li.index("</li>")]
    assert "Red Alert" in li and "no confirmed address" in li and 'href=""' not in li
    assert ">summary</a>" in li
