"""The report's network drawing: no two node boxes (shape and label lines) intersect, and
every one lies whole inside the drawing, above the legend, however crowded the layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.network.factory import run, sample_entities
from tracewire.network.case_load import load_case
from tracewire.report.network_svg import (
    LEGEND_H,
    WIDTH,
    canvas_height,
    drawing_height,
    label_boxes,
    overlaps,
    place,
    render_svg,
)
from tracewire.report.network_view import NetworkView, ViewNode, network_view

GARPIYA = Path(__file__).resolve().parents[2] / "examples" / "garpiya" / "case.json"
NAMES = [
    "SHENZHEN QIYUE AERO PARTS CO., LTD",
    "深圳启跃航空配件有限公司深圳启跃航空配件",
    "Joint Stock Company Izhevsk Electromechanical Plant Kupol",
    "OOO TSK Vektor",
    "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",
    "Kowloon Pearl Nominees",
]


def _view(n: int, spread: bool) -> NetworkView:
    nodes = []
    for i in range(n):
        x, y = ((i * 37 % 100) / 100, (i * 61 % 100) / 100) if spread else (0.5, 0.5)
        nodes.append(ViewNode(id=f"n{i}", label=f"{NAMES[i % len(NAMES)]} {i}", origin="case" if i % 2 else "list",
                              designated=i % 3 == 0, regimes=["eu", "ofac", "uk"] if i % 3 == 0 else [],
                              verdict="high" if i % 3 == 1 else None, focus=i % 4 == 0, x=x, y=y))  # fmt: skip
    # a long name on the very edge of the layout (it was cut off)
    nodes.append(ViewNode(id="edge", label="Izhevskiy Elektromekhanicheskiy Zavod Kupol AO", origin="case",
                          designated=True, regimes=["eu", "ofac"], x=1.0, y=0.0))  # fmt: skip
    return NetworkView(nodes=nodes, edges=[])


def _cjk_view() -> NetworkView:
    """Chinese names side by side and at the edges: full-width characters, which an
    estimate for Latin letters halves (today's main draws two of these pairs overlapping)."""
    names = ["厦门林巴贺航空发动机股份有限公司", "深圳启跃航空配件有限公司深圳分公司", "喀什远丰商贸有限公司",
             "北京西超国际科技贸易有限公司", "四川航空发动机有限公司"]  # fmt: skip
    xs, ys = [1.0, 0.0, 0.4, 0.62, 0.5], [0.2, 0.3, 0.5, 0.5, 0.52]
    return NetworkView(nodes=[ViewNode(id=f"n{i}", label=name, origin="case", designated=i % 2 == 0,
                                       regimes=["eu", "ofac"], x=xs[i], y=ys[i])
                              for i, name in enumerate(names)], edges=[])  # fmt: skip


def _check(view: NetworkView) -> None:
    pos = place(view, canvas_height(view))
    height = drawing_height(view, pos)
    boxes = label_boxes(view, pos)
    ids = list(boxes)
    clash = [
        (a, b) for i, a in enumerate(ids) for b in ids[i + 1 :] if overlaps(boxes[a], boxes[b])
    ]
    assert clash == []
    for k, (x0, y0, x1, y1) in boxes.items():
        assert x0 >= 0 and x1 <= WIDTH and y0 >= 0 and y1 <= height - LEGEND_H, k
    svg = render_svg(view)
    m = re.match(r'<svg[^>]*viewBox="0 0 (\d+) (\d+)"', svg)
    assert m is not None
    w, h = m.groups()
    assert int(w) == WIDTH and int(h) >= height - 1
    # the drawn labels are the ones measured
    assert svg.count('class="node"') == len(view.nodes)


@pytest.mark.parametrize("n,spread", [(2, False), (8, False), (25, True), (40, False), (60, True)])
def test_labels_do_not_collide_and_stay_inside(n: int, spread: bool) -> None:
    _check(_view(n, spread))


def test_chinese_names_side_by_side() -> None:
    _check(_cjk_view())


def test_garpiya_drawing() -> None:
    inv = run(load_case(GARPIYA), sample_entities())
    view = network_view(inv)
    assert len(view.nodes) >= 5
    _check(view)
