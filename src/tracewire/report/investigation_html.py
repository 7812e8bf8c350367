"""The investigation report (``investigate -o report.html``): one self-contained page.

In reading order: what was investigated and against which lists; the verdicts, counted
and per party and transaction; a picture of the network around the flagged parties
(inline SVG); every finding as a chain of evidence, each statement with the records it
rests on; and the legal bases and published guidance cited (each verdict names its own). No scripts and no external assets; it
prints on paper as it shows on screen (findings do not split across pages).
"""

from __future__ import annotations

import datetime
from html import escape

from tracewire.network.findings import SEVERITIES, Evidence, Finding, SourceRef, Verdict
from tracewire.report.findings_json import FindingsDocument
from tracewire.report.links import link
from tracewire.report.network_svg import render_svg

#: findings shown in full; the JSON file has them all
MAX_FINDINGS = 1500
MAX_ROWS = 500

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:72rem;
color:#1b1f24;padding:0 1rem}
h1{font-size:1.55rem;margin-bottom:.2rem} h2{margin-top:2rem;border-bottom:1px solid #d0d7de}
.sub{color:#57606a;margin-top:0}
.fiction{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem .8rem;border-radius:6px}
.stats{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.stat{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .9rem;min-width:9rem}
.stat b{display:block;font-size:1.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
.sev{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.8em;font-weight:700;
text-transform:uppercase;border:1px solid #1b1f24}
.sev-blocked{background:#b3261e;color:#fff} .sev-high{background:#e8a33d}
.sev-medium{background:#f3d27a} .sev-low{background:#fff}
.finding{border:1px solid #d0d7de;border-radius:6px;padding:.6rem .9rem;margin:.8rem 0;
break-inside:avoid}
.finding h3{font-size:1.02rem;margin:.1rem 0 .3rem} .fid{color:#57606a;font-weight:400}
.chain{margin:.4rem 0 .2rem 1.2rem;padding:0} .chain li{margin:.25rem 0}
details summary{cursor:pointer} li.group{list-style:none}
.src{color:#57606a;font-size:.85em;display:block} .cite{font-size:.85em;color:#424a53}
figure{margin:1rem 0} svg.network{width:100%;height:auto;border:1px solid #d0d7de}
a{color:#0b5cad} .muted{color:#57606a}
@media print{body{margin:0;max-width:none} a{color:inherit;text-decoration:none}
h2{break-after:avoid} tr{break-inside:avoid}}
"""


def _sev(s: str) -> str:
    return f'<span class="sev sev-{s}">{s}</span>'


def _source(src: SourceRef) -> str:
    if src.kind == "case":
        text = f"case {escape(src.file or '')}: {escape(src.ref or '')}"
    elif src.kind == "list":
        ver = f" v{src.version}" if src.version is not None else ""
        row = f", publisher id {escape(src.source_id)}" if src.source_id else ""
        text = f"list {escape(src.dataset or '')}{ver}: {escape(src.entity_id or '')}{row}"
    elif src.kind == "reference":
        text = f"reference table {escape(src.ref or '')}"
    else:
        text = f"guidance {escape(src.key or '')}"
    if src.note:
        text += f" — {escape(src.note[:300])}"
    return f'<span class="src">{text}</span>'


def _item(e: Evidence) -> str:
    return f"<li>{escape(e.statement)}{''.join(_source(s) for s in e.sources)}</li>"


def _chain(evidence: list[Evidence]) -> str:
    """The evidence in order, the items of one list (``group``) gathered where its first
    item stands and collapsed under one ``<details>`` per list (the JSON keeps them all)."""
    groups: dict[str, list[Evidence]] = {}
    for e in evidence:
        if e.group:
            groups.setdefault(e.group, []).append(e)
    out = []
    for e in evidence:
        if not e.group:
            out.append(_item(e))
        elif e.group in groups:
            items = groups.pop(e.group)
            n = len(items)
            out.append(
                f'<li class="group"><details><summary>{escape(e.group)}: {n} '
                f'{"listing" if n == 1 else "listings"}</summary><ol class="chain">'
                + "".join(_item(i) for i in items)
                + "</ol></details></li>"
            )
    return "".join(out)


def _finding(f: Finding, doc: FindingsDocument) -> str:
    chain = _chain(f.evidence)
    cites = "; ".join(
        f"{link(doc.citations[k].url, k)} {escape(doc.citations[k].title)}"
        if k in doc.citations
        else escape(k)
        for k in f.citations
    )
    flag = f" · flag {escape(f.flag)}" if f.flag else ""
    if f.effect:
        flag += f" · effect {escape(f.effect)}"
    return (
        f'<div class="finding" id="{f.id}"><h3>{_sev(f.severity)} {escape(f.title)} '
        f'<span class="fid">{f.id} · {escape(f.rule)}{flag}</span></h3>'
        f"<div><b>{escape(f.subject.type)}:</b> {escape(f.subject.label)}</div>"
        f'<p>{escape(f.summary)}</p><ol class="chain">{chain}</ol>'
        + (f'<div class="cite">Sources: {cites}</div>' if cites else "")
        + "</div>"
    )


def _basis(v: Verdict, doc: FindingsDocument) -> str:
    """The verdict's legal basis: each wording with the documents it rests on."""
    out = []
    for b in v.basis[:3]:
        keys = ", ".join(
            f'<a href="#cite-{escape(k)}" title="{escape(doc.citations[k].title)}">{escape(k)}</a>'
            if k in doc.citations
            else escape(k)
            for k in b.citations[:6]
        )
        out.append(f"<b>{escape(b.wording)}</b>" + (f" <span class=cite>({keys})</span>" if keys else ""))  # fmt: skip
    return "<br>".join(out)


def _verdict_rows(verdicts: list[Verdict], doc: FindingsDocument) -> str:
    rows = []
    for v in verdicts[:MAX_ROWS]:
        links = ", ".join(f'<a href="#{fid}">{fid}</a>' for fid in v.findings[:8])
        more = f" (+{len(v.findings) - 8})" if len(v.findings) > 8 else ""
        reasons = "<br>".join(escape(r) for r in v.reasons[:4])
        rows.append(
            f"<tr><td>{escape(v.subject.label)}<br><span class=muted>{escape(v.subject.id)}</span>"
            f"</td><td>{_sev(v.verdict)}</td><td>{_basis(v, doc)}</td><td>{reasons}</td>"
            f"<td>{links}{more}</td></tr>"
        )
    if len(verdicts) > MAX_ROWS:
        rows.append(f"<tr><td colspan=5>… {len(verdicts) - MAX_ROWS:,} more in the JSON file</td></tr>")  # fmt: skip
    return "".join(rows)


def render_html(doc: FindingsDocument) -> str:
    case = doc.case
    title = case.title or case.id
    fiction = (
        '<p class="fiction"><b>Fictional case.</b> The transactions and records of this case '
        "are invented for demonstration; see the case file's description.</p>"
        if case.fictional
        else ""
    )
    stats = "".join(
        f'<div class="stat"><b>{doc.summary.transactions[s]:,}</b>{_sev(s)} transactions</div>'
        for s in reversed(SEVERITIES)
    )
    pstats = "".join(
        f'<div class="stat"><b>{doc.summary.parties[s]:,}</b>{_sev(s)} parties</div>'
        for s in reversed(SEVERITIES)
    )
    svg = render_svg(doc.network)
    picture = (
        f"<h2>Network</h2><figure>{svg}<figcaption class=muted>Parties with a verdict of medium "
        "or worse, their links, and designated parties nearby"
        + (" (truncated)" if doc.network.truncated else "")
        + ".</figcaption></figure>"
        if svg
        else ""
    )
    findings = "".join(_finding(f, doc) for f in doc.findings[:MAX_FINDINGS])
    if len(doc.findings) > MAX_FINDINGS:
        findings += f"<p>… {len(doc.findings) - MAX_FINDINGS:,} more findings in the JSON file.</p>"
    cited = "".join(
        f'<li id="cite-{escape(k)}"><b>{escape(k)}</b> {escape(c.title)} — '
        + (link(c.url, c.url) if c.url else "<i>no confirmed address</i>")
        + (f" ({link(c.summary, 'summary')})" if c.summary else "")
        + (" <i>analytical source</i>" if c.kind == "analytical" else "")
        + "</li>"
        for k, c in sorted(doc.citations.items())
    )
    generated = doc.generated_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = ["subject", "verdict", "legal basis", "why", "findings"]
    th = "".join(f"<th>{h}</th>" for h in head)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tracewire investigation: {escape(title)}</title>
<style>{STYLE}</style></head><body>
<h1>Investigation: {escape(title)}</h1>
<p class="sub">{escape(", ".join(case.files) or case.id)} · {case.parties} parties ·
{case.transactions:,} transactions · {case.company_records} company records ·
screened against {escape(", ".join(doc.lists) or "no list")} · generated {generated} by tracewire
{escape(doc.tracewire_version)}</p>
{fiction}
<h2>Summary</h2>
<div class="stats">{stats}</div><div class="stats">{pstats}</div>
<p class=muted>{sum(doc.summary.findings.values()):,} findings. A verdict is the worst finding
about its subject, and states its legal basis. "Blocked" means a party under an asset
freeze, or one owned 50 % or more by persons under one, is involved; "licence required /
export prohibited" an export restriction (stronger when controlled goods go to the party);
"restricted dealings" a sectoral listing; "procurement / reputational" a listing without a
legal prohibition; red flags rest on published guidance, not on a prohibition.
tracewire finds and explains; an analyst decides.</p>
<h2>Parties</h2><table><tr>{th}</tr>{_verdict_rows(doc.verdicts.parties, doc)}</table>
<h2>Transactions</h2><table><tr>{th}</tr>{_verdict_rows(doc.verdicts.transactions, doc)}</table>
{picture}
<h2>Findings</h2>{findings or "<p>No findings.</p>"}
<h2>Legal bases and guidance cited</h2><ul>{cited}</ul>
</body></html>
"""
