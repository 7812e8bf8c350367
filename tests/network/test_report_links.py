"""Links from data (issue 12, item 9): only http(s) becomes a link in a report."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.abuse import deep_chain_case

from tests.network.factory import run, sample_entities
from tracewire.errors import InputError
from tracewire.network.case_load import parse_case
from tracewire.network.redflags import RuleSet
from tracewire.report.findings_json import CitationOut, findings_document
from tracewire.report.investigation_html import render_html
from tracewire.report.links import link, web_url

HOSTILE = [
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "//evil.example/x",
    "vbscript:msgbox",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_only_http_urls_become_links(url: str) -> None:
    assert web_url(url) is None
    assert "<a" not in link(url, url)
    assert "<script>" not in link(url, url)


def test_web_urls_stay_links() -> None:
    assert web_url("https://ofac.treasury.gov/faqs/401") == "https://ofac.treasury.gov/faqs/401"
    assert link("http://x.example/?a=1&b=2", "x") == (
        '<a href="http://x.example/?a=1&amp;b=2" rel="noreferrer noopener">x</a>'
    )


def test_a_rules_file_with_a_script_url_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(
        "format: tracewire-redflags/1\n"
        'sources: {X: {title: "Policy", url: "javascript:alert(1)"}}\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"sources\.X\.url: .* is not an http\(s\) address"):
        RuleSet.load([path])


def test_the_report_links_no_script_url() -> None:
    doc = findings_document(run(parse_case(deep_chain_case(2)), sample_entities()))
    assert doc.citations  # the ownership findings cite OFAC's and the EU's guidance
    for key in doc.citations:
        doc.citations[key] = CitationOut(title="Policy", url="javascript:alert(1)")
    html = render_html(doc)
    assert "javascript:" in html  # shown as text, for the reader to see
    assert 'href="javascript:' not in html and "href='javascript:" not in html
