"""The fast .ods reader: repeated cells and rows, text markup, broken files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import raw_file
from tracewire.errors import ListFormatError
from tracewire.sources import ods

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def cell(text: str, repeat: int = 1) -> str:
    rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{rep}><text:p>{text}</text:p></table:table-cell>'


def empty(repeat: int) -> str:
    return f'<table:table-cell table:number-columns-repeated="{repeat}"/>'


def write_ods(path: Path, sheets: list[str], mimetype: bytes = ods.MIMETYPE) -> Path:
    body = "".join(
        f'<table:table table:name="S{i}">{rows}</table:table>' for i, rows in enumerate(sheets)
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", mimetype)
        zf.writestr("content.xml", "\ufeff" + content)
    return path


def test_repeats_markup_and_first_sheet_only(tmp_path: Path) -> None:
    sheet = (
        f"<table:table-row>{cell('UK Sanctions List')}{empty(16383)}</table:table-row>"
        f"<table:table-row>{cell('A')}{empty(2)}{cell('D')}{empty(16380)}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="2">{cell("x", 2)}</table:table-row>'
        '<table:table-row><table:table-cell><text:p>  two<text:s text:c="2"/>spaces '
        "<text:span>and\n   span</text:span></text:p><text:p>line 2</text:p></table:table-cell>"
        '<table:table-cell office:value-type="date" office:date-value="2012-06-29"/>'
        '<table:table-cell office:value-type="float" office:value="12703"><text:p>12,703</text:p>'
        "</table:table-cell></table:table-row>"
        f'<table:table-row table:number-rows-repeated="1048000">{empty(16384)}</table:table-row>'
    )
    other = f"<table:table-row>{cell('other sheet')}</table:table-row>"
    path = write_ods(tmp_path / "t.ods", [sheet, other])
    assert ods.is_ods(path)
    rows = list(ods.iter_rows(path))
    assert rows == [
        (1, ["UK Sanctions List"]),
        (2, ["A", "", "", "D"]),
        (3, ["x", "x"]),
        (4, ["x", "x"]),
        (5, ["two  spaces and span\nline 2", "2012-06-29", "12,703"]),
    ]


def test_real_fcdo_file_rows() -> None:
    path = raw_file("uk_fcdo_sanctions_list_2025-08", "FCDO_SL_Mon_Aug 11 2025.ods")
    rows = list(ods.iter_rows(path))
    # header + 5,302 designations; the million empty rows at the end are not expanded
    assert len(rows) == 5303
    assert rows[0][1][:3] == ["Unique ID", "OFSI Group ID", "Name"]
    assert all(len(cells) == 8 for _, cells in rows)


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "list.ods"
    path.write_bytes(b"Unique ID,OFSI Group ID\n")
    assert not ods.is_ods(path)
    with pytest.raises(ListFormatError, match=r"list\.ods: not a readable \.ods"):
        list(ods.iter_rows(path))


def test_truncated_zip(tmp_path: Path) -> None:
    good = write_ods(
        tmp_path / "good.ods", [f"<table:table-row>{cell('a')}</table:table-row>" * 500]
    )
    bad = tmp_path / "bad.ods"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert not ods.is_ods(bad)
    with pytest.raises(ListFormatError, match="bad.ods"):
        list(ods.iter_rows(bad))


def test_broken_xml_names_content_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", ods.MIMETYPE)
        zf.writestr(
            "content.xml",
            f'<?xml version="1.0"?>\n<office:document-content {NS}>\n<office:body>\n'
            "<office:spreadsheet><table:table>\n<table:table-row><table:table-cell>\n",
        )
    with pytest.raises(ListFormatError) as err:
        list(ods.iter_rows(path))
    assert err.value.path.endswith("broken.ods")
    assert err.value.element is not None and err.value.element.startswith("content.xml line ")


def test_missing_content(tmp_path: Path) -> None:
    path = tmp_path / "empty.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", ods.MIMETYPE)
    with pytest.raises(ListFormatError, match="no content.xml"):
        list(ods.iter_rows(path))
