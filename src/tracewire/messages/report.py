"""An HTML report of screened messages: the verdict, each hit, and every field read,
the fields with a hit marked (the "Payments" view of a file run)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from tracewire.messages.screening import Verdict

STYLE = """body{font-family:sans-serif;max-width:70em;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .5em;
text-align:left;vertical-align:top}.pass{color:#1b5e20}.hold{color:#e65100}.block{color:#b71c1c}
.verdict{font-weight:bold;text-transform:uppercase}tr.hit{background:#fff3e0}code{font-size:90%}"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def render(verdicts: Sequence[Verdict], lists: Sequence[str]) -> str:
    counts = {k: sum(v.verdict == k for v in verdicts) for k in ("pass", "hold", "block")}
    out = [
        f"<!doctype html><html><head><meta charset='utf-8'><title>tracewire payments</title>"
        f"<style>{STYLE}</style></head><body><h1>Payment messages screened</h1>",
        f"<p>{len(verdicts)} message(s): {counts['pass']} pass, {counts['hold']} hold, "
        f"{counts['block']} block. Lists: {_e(', '.join(lists))}.</p><table><tr><th>message</th>"
        "<th>type</th><th>reference</th><th>verdict</th><th>hits</th></tr>",
    ]
    for i, v in enumerate(verdicts):
        active = sum(h.action != "note" for h in v.hits)
        out.append(
            f"<tr><td><a href='#m{i}'>{_e(v.source)}</a></td><td>{_e(v.kind)}</td>"
            f"<td>{_e(v.reference)}</td><td class='verdict {v.verdict}'>{v.verdict}</td>"
            f"<td>{active}</td></tr>"
        )
    out.append("</table>")
    for i, v in enumerate(verdicts):
        out.append(
            f"<h2 id='m{i}'>{_e(v.source)} <span class='verdict {v.verdict}'>{v.verdict}</span></h2>"
        )
        if v.error:
            out.append(f"<p class='hold'>Cannot be read: {_e(v.error)}</p>")
        if v.hits:
            out.append(
                "<table><tr><th>action</th><th>kind</th><th>role</th><th>field</th><th>value</th>"
                "<th>score</th><th>listed party</th><th>why</th></tr>"
            )
            for h in v.hits:
                party = h.party or {}
                out.append(
                    f"<tr><td class='{h.action}'>{h.action}</td><td>{_e(h.kind)}</td>"
                    f"<td>{_e(h.role)}</td><td><code>{_e(h.path)}</code></td><td>{_e(h.value)}</td>"
                    f"<td>{h.score:.2f}</td><td>{_e(party.get('caption'))}<br><small>"
                    f"{_e(party.get('id'))} {_e('; '.join(party.get('sanctions', [])))}</small></td>"
                    f"<td>{_e(h.explanation)}</td></tr>"
                )
            out.append("</table>")
        if v.message is not None:
            flagged = {h.path for h in v.hits if h.action != "note"}
            out.append("<table><tr><th>role</th><th>field</th><th>value</th></tr>")
            rows: list[tuple[str, str, str]] = []
            for p in v.message.parties:
                for key in ("name", "bic", "account", "country", "town"):
                    value = getattr(p, key)
                    if value is not None:
                        rows.append((f"{p.role} {key}", value.path, value.text))
                rows.extend((f"{p.role} address", a.path, a.text) for a in p.address)
            rows.extend((t.kind, t.value.path, t.value.text) for t in v.message.texts)
            rows.extend(("purpose", p.path, p.text) for p in v.message.purposes)
            rows.extend(("amount", a.path, f"{a.amount} {a.currency}") for a in v.message.amounts)
            for label, path, text in rows:
                cls = " class='hit'" if path in flagged else ""
                out.append(
                    f"<tr{cls}><td>{_e(label)}</td><td><code>{_e(path)}</code></td>"
                    f"<td>{_e(text)}</td></tr>"
                )
            out.append("</table>")
    out.append("</body></html>")
    return "".join(out)
