"""Documents to text for mention screening: plain text, HTML, PDF (pypdf), DOCX.

``read_document`` returns the text and the offsets where its pages start (PDF pages; one
page otherwise). Mentions' character offsets are into that text. A file that cannot be
read is an InputError naming it.
"""

from __future__ import annotations

import html
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracewire.errors import InputError

#: the largest document scanned (bytes)
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
KINDS = {".txt": "text", ".text": "text", ".md": "text", ".csv": "text", ".html": "html",
         ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".docx": "docx"}  # fmt: skip


@dataclass(slots=True)
class Document:
    name: str
    kind: str
    text: str
    #: offsets in ``text`` where pages 2, 3… start (page numbers are 1-based)
    pages: list[int] = field(default_factory=list)


def kind_of(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower()
    if suffix in KINDS:
        return KINDS[suffix]
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def decode_text(name: str, data: bytes) -> str:
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            return data.decode("cp1251" if _cyrillic_bytes(data) else "cp1252")
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def _cyrillic_bytes(data: bytes) -> bool:
    high = sum(1 for b in data[:4096] if 0xC0 <= b <= 0xFF)
    return high > len(data[:4096]) * 0.2


def _html_text(name: str, data: bytes) -> str:
    from lxml import etree
    from lxml import html as lxml_html

    try:
        parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, huge_tree=False)
        root = lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{name}: not readable HTML ({exc})") from None
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    blocks = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th",
              "section", "article", "header", "footer", "title", "blockquote"}  # fmt: skip
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in blocks:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in blocks:
            parts.append("\n")

    walk(root)
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _pdf(name: str, data: bytes) -> tuple[str, list[int]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        texts = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{name}: not a readable PDF ({exc})") from None
    pages, out, pos = [], [], 0
    for i, text in enumerate(texts):
        if i:
            out.append("\f")
            pos += 1
            pages.append(pos)
        out.append(text)
        pos += len(text)
    return "".join(out), pages


def _docx(name: str, data: bytes) -> str:
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{name}: not a readable DOCX file ({exc})") from None
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def read_document(name: str, data: bytes) -> Document:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(f"{name}: {len(data)} bytes; the limit is {MAX_DOCUMENT_BYTES}")
    kind = kind_of(name, data)
    if kind == "pdf":
        text, pages = _pdf(name, data)
        return Document(name, kind, text, pages)
    if kind == "docx":
        return Document(name, kind, _docx(name, data))
    if kind == "html":
        return Document(name, kind, _html_text(name, data))
    return Document(name, kind, decode_text(name, data))


def highlight_html(doc: Document, mentions: list[Any], title: str = "tracewire scan") -> str:
    """The document's text with each mention marked and linked to its row: a row per
    span of text, with every listed entry it names (one party on several lists)."""
    from tracewire.screen.mentions import by_span

    spans = by_span(mentions)
    out: list[str] = []
    pos = 0
    for i, group in enumerate(spans):
        m = group[0]
        if m.start < pos:
            continue
        out.append(html.escape(doc.text[pos : m.start]))
        tip = "; ".join(f"{g.caption} ({g.dataset}) score {g.score:.2f}" for g in group)
        out.append(
            f'<a class="mention" href="#party-{i}" title="{html.escape(tip)}">'
            f"<mark>{html.escape(doc.text[m.start : m.end])}</mark></a>"
        )
        pos = m.end

    def entries(group: list[Any]) -> str:
        return "".join(
            f"<li>{html.escape(g.caption)} <code>{html.escape(g.entity_id)}</code> "
            f"{g.score:.2f} <small>{html.escape('; '.join(g.sanctions))}</small></li>"
            for g in group
        )

    out.append(html.escape(doc.text[pos:]))
    rows = "".join(
        f'<tr id="party-{i}"><td>{group[0].start}–{group[0].end}</td>'
        f"<td>{group[0].page or 1}</td><td>{html.escape(group[0].text)}</td>"
        f"<td><ul>{entries(group)}</ul></td></tr>"
        for i, group in enumerate(spans)
    )
    parties = len({m.entity_id for m in mentions})
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;max-width:60em;"
        "margin:2em auto}pre{white-space:pre-wrap;background:#fafafa;padding:1em}"
        "mark{background:#ffd54f}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:.2em .5em}</style></head><body>"
        f"<h1>{html.escape(doc.name)}</h1><p>{len(spans)} mention(s) of listed parties "
        f"({parties} listed entries).</p><table><tr><th>chars</th><th>page</th><th>text</th>"
        f"<th>listed entries: id, score, listed by</th></tr>{rows}</table>"
        f"<pre>{''.join(out)}</pre></body></html>"
    )
