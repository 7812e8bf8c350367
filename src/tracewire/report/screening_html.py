"""A readable HTML summary of a batch screening run: what was screened, and every alert
with the reason it fired. Self-contained (no scripts, no external assets), printable."""

from __future__ import annotations

from html import escape
from typing import Any

#: alerts listed in full; beyond this the page says how many more (the JSON has all)
MAX_ALERTS = 2000

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:70rem;
color:#1b1f24;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.2rem} .sub{color:#57606a;margin-top:0}
.stats{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.stat{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .9rem;min-width:8rem}
.stat b{display:block;font-size:1.4rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600} .score{font-variant-numeric:tabular-nums;white-space:nowrap}
.hit{color:#a40e26;font-weight:600} .why{color:#424a53;font-size:.9em} .err{color:#9a6700}
@media print{body{margin:0;max-width:none} .stat{border-color:#888}}
"""


class HtmlSummary:
    def __init__(self, input_name: str, lists: list[str], options: Any) -> None:
        self.input_name = input_name
        self.lists = lists
        self.options = options
        self.alerts: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self.more_alerts = 0
        self.errors: list[dict[str, Any]] = []
        self.warned: list[dict[str, Any]] = []

    def add(self, record: dict[str, Any]) -> None:
        if record.get("warnings") and len(self.warned) < 500:
            self.warned.append(record)
        if record.get("error"):
            if len(self.errors) < 500:
                self.errors.append(record)
            return
        for result in record["results"]:
            if not result["match"]:
                continue
            if len(self.alerts) < MAX_ALERTS:
                self.alerts.append((record, result))
            else:
                self.more_alerts += 1

    def render(self, stats: dict[str, Any]) -> str:
        threshold = getattr(self.options, "threshold", None)
        out = [
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            f"<title>Screening of {escape(self.input_name)}</title><style>{STYLE}</style></head>",
            "<body>",
            f"<h1>Screening of {escape(self.input_name)}</h1>",
            "<p class='sub'>Against: "
            + escape(", ".join(self.lists) or "loaded lists")
            + (f" · threshold {threshold}" if threshold is not None else " · default threshold")
            + "</p>",
            "<div class='stats'>",
        ]
        for label, key in (("rows screened", "rows"), ("rows with alerts", "rows_with_alerts"),
                           ("alerts", "alerts"), ("rows with errors", "errors"),
                           ("rows with warnings", "rows_with_warnings")):  # fmt: skip
            out.append(f"<div class='stat'><b>{stats[key]:,}</b>{label}</div>")
        out.append(f"<div class='stat'><b>{stats['seconds']:.1f} s</b>run time</div></div>")
        out.append("<h2>Alerts</h2>")
        if not self.alerts:
            out.append("<p>No alerts.</p>")
        else:
            out.append(
                "<table><thead><tr><th>Input</th><th>Listed party</th><th>Score</th>"
                "<th>Why</th></tr></thead><tbody>"
            )
            for record, r in self.alerts:
                why = "<br>".join(
                    f"<b>{escape(k)}</b>: {escape(str(v.get('detail', '')))}"
                    for k, v in r["explanations"].items()
                )
                query_name = record.get("query", {}).get("name", "")
                listed = escape(r["caption"]) + f"<br><span class='why'>{escape(r['schema'])} · "
                listed += escape(r["dataset"]) + f" · {escape(r['id'])}"
                if r["sanctions"]:
                    listed += "<br>" + escape("; ".join(r["sanctions"]))
                if r.get("effects"):
                    listed += "<br><b>" + escape("; ".join(e.replace("_", " ") for e in r["effects"])) + "</b>"  # fmt: skip
                listed += "</span>"
                out.append(
                    f"<tr><td>{escape(str(record['id']))}: {escape(query_name)}</td>"
                    f"<td>{listed}</td><td class='score hit'>{r['score']:.2f}</td>"
                    f"<td class='why'>{why}</td></tr>"
                )
            out.append("</tbody></table>")
            if self.more_alerts:
                out.append(f"<p>… and {self.more_alerts:,} more alerts in the JSON output.</p>")
        if self.errors:
            out.append("<h2>Rows that could not be screened</h2><table><tbody>")
            for rec in self.errors:
                out.append(
                    f"<tr><td>line {rec['line']}</td><td>{escape(str(rec['id']))}</td>"
                    f"<td class='err'>{escape(rec['error'])}</td></tr>"
                )
            out.append("</tbody></table>")
        if self.warned:
            out.append("<h2>Values left out (screened without them)</h2><table><tbody>")
            for rec in self.warned:
                out.append(
                    f"<tr><td>line {rec['line']}</td><td>{escape(str(rec['id']))}</td>"
                    f"<td class='err'>{'<br>'.join(escape(w) for w in rec['warnings'])}</td></tr>"
                )
            out.append("</tbody></table>")
        out.append("</body></html>")
        return "\n".join(out)
