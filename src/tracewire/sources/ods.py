"""Reading OpenDocument spreadsheets (``.ods``) fast: rows of the first sheet as text.

An ``.ods`` file is a zip whose ``content.xml`` holds every sheet. Spreadsheet programs
write runs of equal cells and rows once, with ``table:number-columns-repeated`` and
``table:number-rows-repeated`` (a sheet often ends in one empty row "repeated" a
million times, and every row in an empty cell repeated 16,000 times). Reading the XML
with lxml ``iterparse`` straight from the zip, and never expanding empty runs, takes a
fraction of a second where odfpy's DOM takes tens of seconds on a 5,000-row list.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from tracewire.errors import ListFormatError

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = f"{{{_TABLE_NS}}}table"
ROW = f"{{{_TABLE_NS}}}table-row"
CELL = f"{{{_TABLE_NS}}}table-cell"
COVERED = f"{{{_TABLE_NS}}}covered-table-cell"
COLS_REPEATED = f"{{{_TABLE_NS}}}number-columns-repeated"
ROWS_REPEATED = f"{{{_TABLE_NS}}}number-rows-repeated"
PARAGRAPHS = (f"{{{_TEXT_NS}}}p", f"{{{_TEXT_NS}}}h")
SPACE = f"{{{_TEXT_NS}}}s"
TAB = f"{{{_TEXT_NS}}}tab"
LINE_BREAK = f"{{{_TEXT_NS}}}line-break"
VALUE_TYPE = f"{{{_OFFICE_NS}}}value-type"
#: attribute holding the typed value, by value type (used when a cell has no text)
VALUE_ATTRS = {
    "float": f"{{{_OFFICE_NS}}}value",
    "percentage": f"{{{_OFFICE_NS}}}value",
    "currency": f"{{{_OFFICE_NS}}}value",
    "date": f"{{{_OFFICE_NS}}}date-value",
    "time": f"{{{_OFFICE_NS}}}time-value",
    "boolean": f"{{{_OFFICE_NS}}}boolean-value",
    "string": f"{{{_OFFICE_NS}}}string-value",
}
#: cap on how often one non-empty cell or row is repeated (guards against bombs)
MAX_REPEAT = 1024
_WS = re.compile(r"\s+")


def is_ods(path: Path) -> bool:
    """True for a zip whose ``mimetype`` member says OpenDocument spreadsheet."""
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.read("mimetype").strip() == MIMETYPE
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error):
        return False


def looks_like_ods(path: Path) -> bool:
    """True for a file that starts as an OpenDocument spreadsheet does (a zip whose first,
    stored member is ``mimetype`` naming the spreadsheet type), readable or not: a zip cut
    short loses its directory at the end, so :func:`is_ods` cannot open it."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(128)
    except OSError:
        return False
    return head.startswith(b"PK\x03\x04") and b"mimetype" + MIMETYPE in head


def read_content_head(path: Path, size: int = 65536) -> bytes:
    """The first ``size`` bytes of ``content.xml`` (decompressed), or b"" if unreadable."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
            return fh.read(size)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error):
        return b""


def _paragraph_text(el: etree._Element) -> str:
    """Text of a ``text:p``: ODF collapses white space; ``text:s`` etc. add it back."""
    out: list[str] = [_WS.sub(" ", el.text or "")]
    for child in el:
        tag = child.tag
        if tag == SPACE:
            out.append(" " * int(child.get(f"{{{_TEXT_NS}}}c", "1")))
        elif tag == TAB:
            out.append("\t")
        elif tag == LINE_BREAK:
            out.append("\n")
        else:  # span, a, ... hold text of their own
            out.append(_paragraph_text(child))
        out.append(_WS.sub(" ", child.tail or ""))
    return "".join(out)


def cell_text(cell: etree._Element) -> str:
    """The cell's displayed text, trimmed; its typed value when it has no text."""
    paragraphs = [_paragraph_text(p).strip() for p in cell if p.tag in PARAGRAPHS]
    text = "\n".join(p for p in paragraphs if p)
    if text:
        return text
    attr = VALUE_ATTRS.get(cell.get(VALUE_TYPE, ""))
    return (cell.get(attr) or "").strip() if attr else ""


def _row_cells(row: etree._Element) -> list[str]:
    cells: list[str] = []
    pending_empty = 0  # empty cells are only written out when a filled one follows
    for cell in row:
        if cell.tag not in (CELL, COVERED):
            continue
        repeat = int(cell.get(COLS_REPEATED, "1"))
        text = cell_text(cell)
        if not text:
            pending_empty += repeat
            continue
        cells.extend([""] * pending_empty)
        pending_empty = 0
        cells.extend([text] * min(repeat, MAX_REPEAT))
    return cells


def iter_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number from 1, cell texts) for each non-empty row of the first sheet.

    Raises ListFormatError naming the file and, for broken XML, ``content.xml`` and
    its line.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ListFormatError(path, f"not a readable .ods (zip) file: {exc}") from exc
    with zf:
        if "content.xml" not in zf.namelist():
            raise ListFormatError(path, "the .ods file has no content.xml")
        row_no = 0
        tables = 0
        try:
            with zf.open("content.xml") as fh:
                events = etree.iterparse(
                    fh, events=("start", "end"), tag=(TABLE, ROW), huge_tree=True
                )
                for event, el in events:
                    if el.tag == TABLE:
                        if event == "start":
                            tables += 1
                        elif tables == 1:
                            return  # only the first sheet
                        continue
                    if event != "end" or tables != 1:
                        continue
                    repeat = int(el.get(ROWS_REPEATED, "1"))
                    cells = _row_cells(el)
                    el.clear()
                    while el.getprevious() is not None:
                        del el.getparent()[0]
                    if not cells:
                        row_no += repeat
                        continue
                    for _ in range(min(repeat, MAX_REPEAT)):
                        row_no += 1
                        yield row_no, cells
        except etree.XMLSyntaxError as exc:
            raise ListFormatError(
                path,
                f"content.xml is not well-formed XML: {exc.msg}",
                element=f"content.xml line {exc.lineno}",
            ) from exc
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            raise ListFormatError(path, f"content.xml cannot be read: {exc}") from exc
