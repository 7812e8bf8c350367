"""Draw a :class:`~tracewire.report.network_view.NetworkView` as inline SVG.

No scripts, no external fonts or images: the picture prints as it shows. Shapes and line
styles carry the meaning, not only colours, so it reads in black and white: case parties
are circles, listed entities squares; designated parties are filled dark red and labelled
"designated"; ownership is a thick arrow, directorship a thin arrow, other links dashed,
shared addresses and contacts dotted, deals between case parties grey.
"""

from __future__ import annotations

from html import escape

from tracewire.report.network_view import NetworkView, ViewEdge

WIDTH, HEIGHT = 960, 640
MARGIN_X, MARGIN_Y = 110, 50
LEGEND_H = 70
FILL = {"blocked": "#b3261e", "high": "#e8a33d", "medium": "#f3d27a", "low": "#ffffff"}
STYLE: dict[str, tuple[str, str, str]] = {  # kind → (stroke, width, dash)
    "ownership": ("#1b1f24", "2.6", ""),
    "directorship": ("#1b1f24", "1.4", ""),
    "family": ("#57606a", "1.4", "6 3"),
    "link": ("#57606a", "1.4", "6 3"),
    "association": ("#57606a", "1.4", "6 3"),
    "same_identifier": ("#8250df", "1.4", "2 3"),
    "same_address": ("#8250df", "1.6", "2 3"),
    "same_building": ("#8250df", "1.6", "2 3"),
    "same_phone": ("#8250df", "1.4", "2 3"),
    "same_email": ("#8250df", "1.4", "2 3"),
    "same_domain": ("#8250df", "1.4", "2 3"),
    "trade": ("#9aa4ae", "1.2", "10 4"),
}


def _label_box(label: str) -> tuple[float, float]:
    return min(len(label), 34) * 6.3 + 12, 62.0


def place(view: NetworkView, height: float) -> dict[str, tuple[float, float]]:
    """Canvas positions: the layout's, scaled, then nudged apart until no two labels
    overlap (a few hundred rounds of pairwise pushes, then clamped to the canvas)."""
    inner_h = height - LEGEND_H - 2 * MARGIN_Y
    pos = {
        n.id: [MARGIN_X + n.x * (WIDTH - 2 * MARGIN_X), MARGIN_Y + n.y * inner_h]
        for n in view.nodes
    }
    boxes = {n.id: _label_box(n.label) for n in view.nodes}
    ids = list(pos)
    for _ in range(300):
        moved = False
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                (xa, ya), (xb, yb) = pos[a], pos[b]
                ox = (boxes[a][0] + boxes[b][0]) / 2 - abs(xa - xb)
                oy = (boxes[a][1] + boxes[b][1]) / 2 - abs(ya - yb)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if oy < ox:  # push apart vertically, the cheaper direction
                    step = oy / 2 + 1
                    sign = 1 if ya >= yb else -1
                    pos[a][1] += sign * step
                    pos[b][1] -= sign * step
                else:
                    step = ox / 2 + 1
                    sign = 1 if xa >= xb else -1
                    pos[a][0] += sign * step
                    pos[b][0] -= sign * step
        for p in pos.values():
            p[0] = min(max(p[0], MARGIN_X), WIDTH - MARGIN_X)
            p[1] = min(max(p[1], MARGIN_Y), height - LEGEND_H - MARGIN_Y)
        if not moved:
            break
    return {k: (v[0], v[1]) for k, v in pos.items()}


def _edge(e: ViewEdge, pos: dict[str, tuple[float, float]]) -> str:
    (x1, y1), (x2, y2) = pos[e.a], pos[e.b]
    stroke, width, dash = STYLE.get(e.kind, ("#57606a", "1.2", "4 3"))
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    marker = ' marker-end="url(#arrow)"' if e.directed else ""
    # stop the line at the node's edge so the arrow head stays visible
    dx, dy = x2 - x1, y2 - y1
    d = max((dx * dx + dy * dy) ** 0.5, 1e-6)
    x2s, y2s = x2 - dx / d * 14, y2 - dy / d * 14
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2s:.1f}" y2="{y2s:.1f}" stroke="{stroke}" '
        f'stroke-width="{width}"{dash_attr}{marker}/>'
        f'<text x="{mx:.1f}" y="{my - 3:.1f}" class="el">{escape(e.label[:40])}</text>'
    )


def render_svg(view: NetworkView, title: str = "Network around the flagged parties") -> str:
    if not view.nodes:
        return ""
    height = max(HEIGHT, 80 + 40 * len(view.nodes))
    pos = place(view, height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label="{escape(title)}" class="network">',
        f"<title>{escape(title)}</title>",
        "<style>text{font:11px system-ui,sans-serif;fill:#1b1f24}"
        ".el{font-size:9px;fill:#424a53;text-anchor:middle;paint-order:stroke;"
        "stroke:#fff;stroke-width:3px}.nl{text-anchor:middle;paint-order:stroke;stroke:#fff;"
        "stroke-width:3px}.des{font-weight:700;fill:#8a1c14}</style>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#1b1f24"/></marker></defs>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#fff"/>',
    ]
    for e in view.edges:
        if e.a in pos and e.b in pos:
            parts.append(_edge(e, pos))
    for n in view.nodes:
        x, y = pos[n.id]
        r = 12 if n.focus else 9
        fill = "#b3261e" if n.designated else FILL.get(n.verdict or "low", "#ffffff")
        if n.origin == "list" and not n.designated:
            fill = "#cfd6dd"
        stroke = 'stroke="#1b1f24" stroke-width="2"' if n.origin == "case" else 'stroke="#57606a" stroke-width="1.5"'  # fmt: skip
        if n.origin == "case":
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" {stroke}/>')
        else:
            parts.append(f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{fill}" {stroke}/>')  # fmt: skip
        label = escape(n.label if len(n.label) <= 34 else n.label[:32] + "…")
        parts.append(f'<text x="{x:.1f}" y="{y + r + 12:.1f}" class="nl">{label}</text>')
        if n.designated:
            regimes = "/".join(r.upper() for r in n.regimes if r != "other")
            parts.append(f'<text x="{x:.1f}" y="{y + r + 24:.1f}" class="nl des">designated {escape(regimes)}</text>')  # fmt: skip
        elif n.verdict and n.verdict != "low":
            parts.append(f'<text x="{x:.1f}" y="{y + r + 24:.1f}" class="nl">{n.verdict}</text>')
    parts.append(_legend(height))
    parts.append("</svg>")
    return "".join(parts)


def _legend(height: float) -> str:
    y = height - LEGEND_H + 18
    items = [
        (
            '<circle cx="{x}" cy="{y}" r="7" fill="#f3d27a" stroke="#1b1f24" stroke-width="2"/>',
            "case party (fill: verdict)",
        ),  # fmt: skip
        (
            '<rect x="{x0}" y="{y0}" width="14" height="14" fill="#cfd6dd" stroke="#57606a"/>',
            "listed entity",
        ),  # fmt: skip
        ('<circle cx="{x}" cy="{y}" r="7" fill="#b3261e" stroke="#1b1f24"/>', "designated"),
    ]
    out = [f'<line x1="20" y1="{height - LEGEND_H}" x2="{WIDTH - 20}" y2="{height - LEGEND_H}" stroke="#d0d7de"/>']  # fmt: skip
    x = 30
    for shape, text in items:
        out.append(shape.format(x=x, y=y, x0=x - 7, y0=y - 7))
        out.append(f'<text x="{x + 14}" y="{y + 4}">{escape(text)}</text>')
        x += 200
    y2 = y + 26
    x = 30
    for kind, text in (("ownership", "owns"), ("directorship", "directs"), ("link", "linked to"),
                       ("same_building", "shared address / contact"), ("trade", "deals")):  # fmt: skip
        stroke, width, dash = STYLE[kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x}" y1="{y2}" x2="{x + 34}" y2="{y2}" stroke="{stroke}" stroke-width="{width}"{dash_attr}/>')  # fmt: skip
        out.append(f'<text x="{x + 40}" y="{y2 + 4}">{escape(text)}</text>')
        x += 180
    return "".join(out)
