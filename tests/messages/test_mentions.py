"""Listed parties named in free text, in English and Russian, without common-word noise."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tracewire.match import Screener
from tracewire.model import Entity
from tracewire.screen.documents import highlight_html, read_document
from tracewire.screen.mentions import MentionFinder

FIXTURES = Path(__file__).resolve().parents[2] / "examples" / "documents"
GARPIYA = {
    "tw-sample-iemz-kupol",
    "tw-sample-almaz-antey",
    "tw-sample-tsk-vektor",
    "tw-sample-artem-yamshchikov",
    "tw-sample-xiamen-limbach",
    "tw-sample-redlepus-tsk-vektor",
}


def test_english_article_names_exactly_its_parties(finder: MentionFinder) -> None:
    text = (FIXTURES / "garpiya-article-en.txt").read_text(encoding="utf-8")
    found = finder.find(text)
    assert {m.entity_id for m in found} == GARPIYA | {"tw-sample-juhang-aviation"}
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.score >= 0.8 and m.explanation["name"]["list_value"]
    # "United", "gold", "vector", "Trading House", "general" are not mentions
    assert not any(
        m.text.lower().startswith(("united", "gold", "vector", "trading")) for m in found
    )


def test_russian_article_names_exactly_its_parties(finder: MentionFinder) -> None:
    text = (FIXTURES / "garpiya-article-ru.txt").read_text(encoding="utf-8")
    found = finder.find(text)
    assert {m.entity_id for m in found} == GARPIYA
    kupol = next(m for m in found if m.entity_id == "tw-sample-iemz-kupol")
    assert kupol.text == "ИЭМЗ «Купол"


def test_line_break_and_case_inside_a_name(finder: MentionFinder) -> None:
    found = finder.find("Goods went to ALMAZ-\nANTEY and to TSK\nVektor last year.")
    assert [m.entity_id for m in found] == ["tw-sample-almaz-antey", "tw-sample-tsk-vektor"]


def test_common_words_alone_are_not_mentions(finder: MentionFinder) -> None:
    text = "The vector of trade is clear: a trading house vector, gold, united efforts."
    assert finder.find(text) == []


def test_html_docx_pdf_inputs(finder: MentionFinder) -> None:
    html = (
        b"<html><body><script>IEMZ Kupol</script><p>Supplier: <b>IEMZ Kupol</b></p></body></html>"
    )
    doc = read_document("a.html", html)
    found = finder.find(doc.text)
    assert len(found) == 1 and doc.text[found[0].start : found[0].end] == "IEMZ Kupol"
    assert "<mark>IEMZ Kupol</mark>" in highlight_html(doc, found)

    import docx

    d = docx.Document()
    d.add_paragraph("Contract with TSK Vektor, Moscow")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_document("c.docx", buf.getvalue())
    assert [m.entity_id for m in finder.find(doc.text)] == ["tw-sample-tsk-vektor"]

    pdf = _pdf_two_pages("Nothing here", "Paid to Almaz-Antey")
    doc = read_document("p.pdf", pdf)
    found = finder.find(doc.text, doc.pages)
    assert [(m.entity_id, m.page) for m in found] == [("tw-sample-almaz-antey", 2)]


def _pdf_two_pages(*texts: str) -> bytes:
    """A minimal PDF with one line of Helvetica text per page."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", ""]
    kids = []
    font = 3 + 2 * len(texts)
    for i, text in enumerate(texts):
        page, content = 3 + 2 * i, 4 + 2 * i
        kids.append(f"{page} 0 R")
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>"
        )
        objs.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(texts)} >>"
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_legal_form_words_alone_are_not_a_name() -> None:
    from tracewire.screen.mentions import legal_form_only

    assert legal_form_only("Публичное Акционерное")
    assert legal_form_only("Open Joint Stock Company")
    assert not legal_form_only("OOO TSK Vektor")


def _entity(eid: str, schema: str, *names: str) -> Entity:
    return Entity.from_ftm(
        {
            "id": eid,
            "schema": schema,
            "datasets": ["test_list"],
            "properties": {"name": list(names)},
        }
    )


@pytest.fixture(scope="module")
def keyed_finder() -> MentionFinder:
    """Listed names whose matcher keys differ from their words keyed one by one (a place
    adjective made canonical, a legal form out, the Arabic article joined)."""
    return MentionFinder(
        Screener.from_entities(
            [
                _entity("t-irkutsk", "Company", "IRKUTSK AVIATION PLANT"),
                _entity("t-karaj", "Organization", "Karaj Nuclear Research Centre"),
                _entity("t-kayali", "Company", "AL KAYALI CORPORATION"),
                _entity("t-rosneft", "Company", "ROSNEFT"),
                _entity("t-rosneft-trade", "Company", "ROSNEFT TRADE LIMITED"),
            ]
        )
    )


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Order 866 for IRKUTSK AVIATION PLANT", "IRKUTSK AVIATION PLANT", "t-irkutsk"),
        (
            "ORDER 968 FOR KARAJ NUCLEAR\nRESEARCH CENTRE",
            "KARAJ NUCLEAR\nRESEARCH CENTRE",
            "t-karaj",
        ),
        ("Order 574 for Al Kayali Corporation, parts", "Al Kayali Corporation", "t-kayali"),
        ("ORDER 15 FOR ROSNEFT TRADE LIMITED", "ROSNEFT TRADE LIMITED", "t-rosneft-trade"),
    ],
)
def test_a_name_found_whose_matcher_keys_differ_from_its_words(
    keyed_finder: MentionFinder, text: str, surface: str, expected: str
) -> None:
    found = keyed_finder.find(text)
    assert [(m.text, m.entity_id) for m in found] == [(surface, expected)]


@pytest.fixture(scope="module")
def two_lists_finder(screener: Screener) -> MentionFinder:
    """The sample's lists and a second list holding *IEMZ Kupol* too."""
    kupol = next(r.entity for r in screener.index.records if r.entity.id == "tw-sample-iemz-kupol")
    other = Entity.from_ftm(
        {"id": "t-other-kupol", "schema": kupol.schema, "properties": {"name": kupol.names}},
        dataset="t_other_list",
    )
    return MentionFinder(
        Screener.from_entities([r.entity for r in screener.index.records] + [other])
    )


def test_a_span_naming_one_party_on_two_lists_is_one_row(two_lists_finder: MentionFinder) -> None:
    """One party on two lists is two entries at the same span: the report shows the span
    once (one mark, one row) with both entries, best score first."""
    from tracewire.screen.mentions import by_span

    finder = two_lists_finder
    doc = read_document("a.txt", b"Paid to IEMZ Kupol and to TSK Vektor in May.")
    found = finder.find(doc.text)
    groups = by_span(found)
    kupol_group = next(g for g in groups if g[0].text == "IEMZ Kupol")
    assert {m.entity_id for m in kupol_group} == {"tw-sample-iemz-kupol", "t-other-kupol"}
    assert [m.score for m in kupol_group] == sorted((m.score for m in kupol_group), reverse=True)
    assert len(groups) == len({(m.start, m.end) for m in found}) < len(found)
    assert [g[0].start for g in groups] == sorted(g[0].start for g in groups)
    page = highlight_html(doc, found)
    assert page.count("<mark>IEMZ Kupol</mark>") == 1
    assert page.count("<tr id=") == len(groups)
    assert "t-other-kupol" in page and "tw-sample-iemz-kupol" in page


def test_the_json_is_one_object_per_span_with_every_entry(two_lists_finder: MentionFinder) -> None:
    """``spans_to_dicts`` (``scan --json``, ``POST /scan``'s ``spans``): one object per
    span of text, in the text's order, with every listed entry it names, best first; the
    entries hold all a mention per entry held (nothing is lost)."""
    from tracewire.screen.mentions import spans_to_dicts

    text = "Paid to IEMZ Kupol and to TSK Vektor in May."
    found = two_lists_finder.find(text)
    spans = spans_to_dicts(found)
    assert len(spans) == len({(m.start, m.end) for m in found}) == 2 < len(found)
    assert [s["text"] for s in spans] == ["IEMZ Kupol", "TSK Vektor"]
    kupol = spans[0]
    assert set(kupol) == {"start", "end", "page", "text", "entries"}
    assert text[kupol["start"] : kupol["end"]] == "IEMZ Kupol"
    assert {e["party"]["id"] for e in kupol["entries"]} == {"tw-sample-iemz-kupol", "t-other-kupol"}
    for span in spans:
        scores = [e["score"] for e in span["entries"]]
        assert scores == sorted(scores, reverse=True)
        for e in span["entries"]:
            assert set(e) == {"party", "score", "completeness", "rarity_zipf", "explanation"}
            assert e["explanation"]["name"]["list_value"]
    # a mention per entry is a span's place and text with one of its entries
    flat = [
        {k: s[k] for k in ("start", "end", "page", "text")} | e for s in spans for e in s["entries"]
    ]
    key = lambda d: (d["start"], d["party"]["id"])  # noqa: E731
    assert sorted(flat, key=key) == sorted((m.to_dict() for m in found), key=key)
    assert spans_to_dicts([]) == []
