"""``tracewire screen-message`` and ``tracewire scan`` through the CLI."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from tracewire.cli import context
from tracewire.cli.demo import sample_path
from tracewire.cli.main import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LISTS = [
    "--list",
    str(sample_path()),
    "--list",
    str(EXAMPLES / "payments" / "listed-banks.ftm.json"),
]


def test_screen_message_folder_json_and_html(home: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    res = runner.invoke(
        app,
        [
            "screen-message",
            str(EXAMPLES / "payments" / "messages"),
            "--json",
            "-o",
            str(report),
            *LISTS,
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    verdicts = {Path(m["source"]).name: m["verdict"] for m in data["messages"]}
    assert verdicts == {
        "broken-external-entity.xml": "hold",
        "broken-not-well-formed.xml": "hold",
        "broken-truncated-mt103.txt": "hold",
        "camt053-statement.xml": "hold",
        "mt103-creditor-free-lines.txt": "hold",
        "mt202cov-underlying.txt": "hold",
        "pacs008-clean.xml": "pass",
        "pacs008-listed-bic.xml": "block",
        "pacs008-listed-creditor-spelling.xml": "hold",
        "pacs008-sanctioned-intermediary.xml": "block",
        "pacs009-cov-transshipment.xml": "hold",
        "pain001-remittance-mention.xml": "hold",
    }
    html = report.read_text(encoding="utf-8")
    assert "VTBRRUMMXXX" in html and "block" in html and "CdtTrfTxInf[1]/Cdtr/Nm" in html


def test_fail_on(home: Path) -> None:
    messages = EXAMPLES / "payments" / "messages"
    clean = str(messages / "pacs008-clean.xml")
    held = str(messages / "pacs008-listed-creditor-spelling.xml")
    assert runner.invoke(app, ["screen-message", clean, "--fail-on", "hold", *LISTS]).exit_code == 0
    assert runner.invoke(app, ["screen-message", held, "--fail-on", "hold", *LISTS]).exit_code == 1
    assert runner.invoke(app, ["screen-message", held, "--fail-on", "block", *LISTS]).exit_code == 0
    res = runner.invoke(app, ["screen-message", clean, "--fail-on", "maybe", *LISTS])
    assert res.exit_code == 2 and "--fail-on" in res.output
    res = runner.invoke(app, ["screen-message", "/no/such/file.xml", *LISTS])
    assert res.exit_code == 2 and "no such file" in res.output


def test_scan_documents(home: Path, tmp_path: Path) -> None:
    report = tmp_path / "scan.html"
    res = runner.invoke(
        app, ["scan", str(EXAMPLES / "documents"), "--json", "-o", str(report), *LISTS]
    )
    assert res.exit_code == 0, res.output
    docs = {Path(d["file"]).name: d for d in json.loads(res.stdout)["documents"]}
    ru = {e["party"]["id"] for s in docs["garpiya-article-ru.txt"]["spans"] for e in s["entries"]}
    assert "tw-sample-almaz-antey" in ru and "tw-sample-tsk-vektor" in ru
    assert "<mark>IEMZ Kupol</mark>" in report.read_text(encoding="utf-8")
    res = runner.invoke(app, ["scan", str(EXAMPLES / "documents"), "--fail-on-mention", *LISTS])
    assert res.exit_code == 1


def test_scan_json_is_a_span_with_its_entries(home: Path, tmp_path: Path) -> None:
    """``scan --json``: one object per span of text with every listed entry it names, as
    the table shows a row per span; a party on two lists is one span of two entries."""
    rows = [json.loads(line) for line in sample_path().read_text(encoding="utf-8").splitlines()]
    kupol = next(r for r in rows if r["id"] == "tw-sample-iemz-kupol")
    listing = next(r for r in rows if r["properties"].get("entity") == ["tw-sample-iemz-kupol"])
    other = tmp_path / "other_list.ftm.json"
    other.write_text(
        json.dumps(kupol | {"id": "t-other-kupol"})
        + "\n"
        + json.dumps(
            listing
            | {"id": "t-other-kupol-sanction",
               "properties": listing["properties"] | {"entity": ["t-other-kupol"]}}
        )
        + "\n",
        encoding="utf-8",
    )  # fmt: skip
    doc = tmp_path / "memo.txt"
    text = "Paid to IEMZ Kupol in May, and to TSK Vektor in June."
    doc.write_text(text, encoding="utf-8")
    res = runner.invoke(app, ["scan", str(doc), "--json", *LISTS, "--list", str(other)])
    assert res.exit_code == 0, res.output
    (document,) = json.loads(res.stdout)["documents"]
    assert "mentions" not in document
    spans = document["spans"]
    assert [s["text"] for s in spans] == ["IEMZ Kupol", "TSK Vektor"]
    for s in spans:
        assert set(s) == {"start", "end", "page", "text", "entries"}
        assert text[s["start"] : s["end"]] == s["text"]
        assert [e["score"] for e in s["entries"]] == sorted(
            (e["score"] for e in s["entries"]), reverse=True
        )
    assert {e["party"]["id"] for e in spans[0]["entries"]} == {
        "tw-sample-iemz-kupol",
        "t-other-kupol",
    }


def _terminal(monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """stderr as a terminal, captured: the progress bars show only on one."""
    err = io.StringIO()
    monkeypatch.setattr(context, "err_console", Console(file=err, force_terminal=True, width=120))
    return err


@pytest.mark.parametrize(
    ("command", "folder", "label", "key"),
    [
        ("screen-message", EXAMPLES / "payments" / "messages", "screening messages", "messages"),
        ("scan", EXAMPLES / "documents", "scanning documents", "documents"),
    ],
)
def test_progress_bar_on_a_terminal_only(
    home: Path, monkeypatch: pytest.MonkeyPatch, command: str, folder: Path, label: str, key: str
) -> None:
    n = len([p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")])
    # not a terminal (as under CliRunner): no bar anywhere
    res = runner.invoke(app, [command, str(folder), "--json", *LISTS])
    assert res.exit_code == 0, res.output
    assert label not in res.output and label not in res.stderr
    # a terminal: the bar, counted in files, on stderr; stdout stays the JSON document
    err = _terminal(monkeypatch)
    res = runner.invoke(app, [command, str(folder), "--json", *LISTS])
    assert res.exit_code == 0, res.output
    assert label in err.getvalue() and f"{n}/{n}" in err.getvalue()
    assert label not in res.stdout and len(json.loads(res.stdout)[key]) == n
