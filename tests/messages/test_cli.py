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
    ru = {m["party"]["id"] for m in docs["garpiya-article-ru.txt"]["mentions"]}
    assert "tw-sample-almaz-antey" in ru and "tw-sample-tsk-vektor" in ru
    assert "<mark>IEMZ Kupol</mark>" in report.read_text(encoding="utf-8")
    res = runner.invoke(app, ["scan", str(EXAMPLES / "documents"), "--fail-on-mention", *LISTS])
    assert res.exit_code == 1


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
