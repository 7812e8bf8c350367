"""Draw a :class:`~tracewire.report.network_view.NetworkView` as inline SVG.

No scripts, no external fonts or images: the picture prints as it shows. Shapes and line
styles carry the meaning, not only colours, so it reads in black and white: case parties
are circles, listed entities squares; designated parties are filled dark red and labelled
"designated"; ownership is a thick arrow, directorship a thin arrow, other links dashed,
shared addresses and contacts dotted, deals between case parties grey.
"""

from __future__ import annotations

import math
import unicodedata
from html import escape

from tracewire.report.network_view import NetworkView, ViewEdge, ViewNode

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


#: the label's second line (``designated OFAC/EU``, a verdict) sits this far below the first
LINE = 12.0
PAD = 4.0  # clear space kept around every label box and inside the canvas
MAX_LABEL = 34


def _char_width(ch: str) -> float:
    """A generous width estimate for one character at 11px: East Asian wide characters
    take a full em, capitals and wide letters more than the rest."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 11.5
    if ch in "MW@%":
        return 11.0
    if ch in "mw" or ch.isupper():
        return 9.0 if ch in "mw" else 8.2
    return 6.8


def text_width(text: str, bold: bool = False) -> float:
    return sum(_char_width(c) for c in text) * (1.12 if bold else 1.0)


def node_label(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 2] + "…"


def second_line(n: ViewNode) -> tuple[str, bool] | None:
    """The node's second line of text and whether it is bold, if it has one."""
    if n.designated:
        return "designated " + "/".join(r.upper() for r in n.regimes if r != "other"), True
    if n.verdict and n.verdict != "low":
        return n.verdict, False
    return None


def radius(n: ViewNode) -> int:
    return 12 if n.focus else 9


def box_extent(n: ViewNode) -> tuple[float, float, float]:
    """(half width, above, below) of a node's drawing: its shape and its label lines,
    measured from the node's centre."""
    r = radius(n)
    width = max(2 * r, text_width(node_label(n.label)))
    below: float = r + 12 + 4  # first line's baseline, then descenders
    line2 = second_line(n)
    if line2:
        width = max(width, text_width(*line2))
        below += LINE
    return width / 2 + PAD, r + PAD, below + PAD


def label_boxes(view: NetworkView, pos: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float, float, float]]:  # fmt: skip
    """Each node's box (x0, y0, x1, y1) on the canvas: shape and labels, with ``PAD``."""
    out = {}
    for n in view.nodes:
        hw, up, down = box_extent(n)
        x, y = pos[n.id]
        out[n.id] = (x - hw, y - up, x + hw, y + down)
    return out


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def canvas_height(view: NetworkView) -> float:
    return max(HEIGHT, 80 + 40 * len(view.nodes))


def place(view: NetworkView, height: float) -> dict[str, tuple[float, float]]:
    """Canvas positions: the layout's, scaled, then nudged apart until no two label boxes
    overlap, each kept whole inside the drawing (above the legend). If pushing does not
    settle, the nodes are packed in rows in the layout's reading order instead, which
    never overlaps (the drawing grows taller when needed: see :func:`drawing_height`)."""
    ext = {n.id: box_extent(n) for n in view.nodes}
    bottom = height - LEGEND_H

    def clamp(k: str, p: list[float]) -> None:
        hw, up, down = ext[k]
        p[0] = min(max(p[0], hw), WIDTH - hw)
        p[1] = min(max(p[1], MARGIN_Y / 2 + up), bottom - down)

    inner_h = bottom - 2 * MARGIN_Y
    pos = {
        n.id: [MARGIN_X + n.x * (WIDTH - 2 * MARGIN_X), MARGIN_Y + n.y * inner_h]
        for n in view.nodes
    }
    ids = list(pos)
    for k in ids:
        clamp(k, pos[k])
    for _ in range(400):
        moved = False
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                (xa, ya), (xb, yb) = pos[a], pos[b]
                ox = ext[a][0] + ext[b][0] - abs(xa - xb)
                # vertical extents are not symmetric: compare the boxes themselves
                if ya <= yb:
                    oy = (ya + ext[a][2]) - (yb - ext[b][1])
                else:
                    oy = (yb + ext[b][2]) - (ya - ext[a][1])
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if oy < ox:  # push apart vertically, the cheaper direction
                    step = oy / 2 + 1
                    sign = 1 if (ya, a) >= (yb, b) else -1
                    pos[a][1] += sign * step
                    pos[b][1] -= sign * step
                else:
                    step = ox / 2 + 1
                    sign = 1 if (xa, a) >= (xb, b) else -1
                    pos[a][0] += sign * step
                    pos[b][0] -= sign * step
        for k in ids:
            clamp(k, pos[k])
        if not moved:
            break
    out = {k: (v[0], v[1]) for k, v in pos.items()}
    boxes = label_boxes(view, out)
    if any(overlaps(boxes[a], boxes[b]) for i, a in enumerate(ids) for b in ids[i + 1 :]):
        out = _rows(view, ext, order=sorted(ids, key=lambda k: (pos[k][1], pos[k][0])))
    return out


def _rows(view: NetworkView, ext: dict[str, tuple[float, float, float]], order: list[str]) -> dict[str, tuple[float, float]]:  # fmt: skip
    """Pack the nodes left to right in rows, in ``order``; rows are spread out evenly."""
    rows: list[list[str]] = [[]]
    used = 0.0
    for k in order:
        w = 2 * ext[k][0]
        if rows[-1] and used + w > WIDTH:
            rows.append([])
            used = 0.0
        rows[-1].append(k)
        used += w
    out: dict[str, tuple[float, float]] = {}
    y = MARGIN_Y / 2
    for row in rows:
        up = max(ext[k][1] for k in row)
        down = max(ext[k][2] for k in row)
        total = sum(2 * ext[k][0] for k in row)
        gap = (WIDTH - total) / (len(row) + 1)
        x = gap
        for k in row:
            out[k] = (x + ext[k][0], y + up)
            x += 2 * ext[k][0] + gap
        y += up + down
    return out


def drawing_height(view: NetworkView, pos: dict[str, tuple[float, float]]) -> float:
    """The canvas height that holds every box above the legend, and no more (the rows
    of :func:`place`'s fallback may take less room than the layout was given)."""
    low = max((b[3] for b in label_boxes(view, pos).values()), default=0.0)
    return math.ceil(low + PAD) + LEGEND_H


def _edge(e: ViewEdge, pos: dict[str, tuple[float, float]], taken: list[tuple[float, float, float, float]]) -> str:  # fmt: skip
    """The edge's line, and its label at the middle unless that would cover a node's
    label or another edge's (``taken`` collects the boxes drawn so far)."""
    (x1, y1), (x2, y2) = pos[e.a], pos[e.b]
    stroke, width, dash = STYLE.get(e.kind, ("#57606a", "1.2", "4 3"))
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    marker = ' marker-end="url(#arrow)"' if e.directed else ""
    # stop the line at the node's edge so the arrow head stays visible
    dx, dy = x2 - x1, y2 - y1
    d = max((dx * dx + dy * dy) ** 0.5, 1e-6)
    x2s, y2s = x2 - dx / d * 14, y2 - dy / d * 14
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    line = (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2s:.1f}" y2="{y2s:.1f}" stroke="{stroke}" '
        f'stroke-width="{width}"{dash_attr}{marker}/>'
    )
    text = e.label[:40]
    hw = text_width(text) * 9 / 11 / 2 + 2
    box = (mx - hw, my - 13, mx + hw, my)
    if not text or any(overlaps(box, t) for t in taken):
        return line
    taken.append(box)
    return line + f'<text x="{mx:.1f}" y="{my - 3:.1f}" class="el">{escape(text)}</text>'


def render_svg(view: NetworkView, title: str = "Network around the flagged parties") -> str:
    if not view.nodes:
        return ""
    pos = place(view, canvas_height(view))
    height = drawing_height(view, pos)
    boxes = label_boxes(view, pos)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'role="img" aria-label="{escape(title)}" class="network">',
        f"<title>{escape(title)}</title>",
        "<style>text{font:11px system-ui,sans-serif;fill:#1b1f24}"
        ".el{font-size:9px;fill:#424a53;text-anchor:middle;paint-order:stroke;"
        "stroke:#fff;stroke-width:3px}.nl{text-anchor:middle;paint-order:stroke;stroke:#fff;"
        "stroke-width:3px}.des{font-weight:700;fill:#8a1c14}</style>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#1b1f24"/></marker></defs>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height:.0f}" fill="#fff"/>',
    ]
    taken = list(boxes.values())
    for e in view.edges:
        if e.a in pos and e.b in pos:
            parts.append(_edge(e, pos, taken))
    for i, n in enumerate(view.nodes):
        x, y = pos[n.id]
        r = radius(n)
        fill = "#b3261e" if n.designated else FILL.get(n.verdict or "low", "#ffffff")
        if n.origin == "list" and not n.designated:
            fill = "#cfd6dd"
        stroke = 'stroke="#1b1f24" stroke-width="2"' if n.origin == "case" else 'stroke="#57606a" stroke-width="1.5"'  # fmt: skip
        parts.append(f'<g class="node" data-node="{i}">')
        if n.origin == "case":
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" {stroke}/>')
        else:
            parts.append(f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{fill}" {stroke}/>')  # fmt: skip
        parts.append(f'<text x="{x:.1f}" y="{y + r + 12:.1f}" class="nl">{escape(node_label(n.label))}</text>')  # fmt: skip
        line2 = second_line(n)
        if line2:
            text, bold = line2
            cls = "nl des" if bold else "nl"
            parts.append(f'<text x="{x:.1f}" y="{y + r + 12 + LINE:.1f}" class="{cls}">{escape(text)}</text>')  # fmt: skip
        parts.append("</g>")
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
        x += max(180, 40 + round(text_width(text)) + 24)  # never into the next item
    return "".join(out)
