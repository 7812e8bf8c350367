"""The report's network drawing as Chromium renders it: the real text boxes of every node
(shape and label lines, ``getBBox``) neither intersect nor leave the drawing, for the
Garpiya example and for a crowded picture. Screenshots go to ``build/screenshots/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import SCREENSHOTS
from tests.network.factory import run, sample_entities
from tests.network.test_network_drawing import _cjk_view, _view
from tracewire.network.case_load import load_case
from tracewire.report.network_svg import LEGEND_H, render_svg
from tracewire.report.network_view import NetworkView, network_view

GARPIYA = Path(__file__).resolve().parents[2] / "examples" / "garpiya" / "case.json"

MEASURE = """() => {
  const svg = document.querySelector('svg.network');
  const vb = svg.viewBox.baseVal;
  const boxes = [...svg.querySelectorAll('g.node')].map(g => {
    const b = g.getBBox();
    return {node: g.dataset.node, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height};
  });
  return {width: vb.width, height: vb.height, boxes};
}"""


def _measure(browser: Any, view: NetworkView, name: str) -> dict[str, Any]:
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    try:
        page.set_content(f"<!doctype html><body style='margin:0'>{render_svg(view)}</body>")
        result: dict[str, Any] = page.evaluate(MEASURE)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.locator("svg.network").screenshot(path=str(SCREENSHOTS / f"network-{name}.png"))
        return result
    finally:
        page.close()


def _check(result: dict[str, Any], n: int) -> None:
    boxes = result["boxes"]
    assert len(boxes) == n
    for b in boxes:
        assert b["x0"] >= 0 and b["x1"] <= result["width"], b
        assert b["y0"] >= 0 and b["y1"] <= result["height"] - LEGEND_H, b
    clash = [
        (a["node"], b["node"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]
    ]
    assert clash == []


def test_garpiya_network_in_chromium(browser: Any) -> None:
    view = network_view(run(load_case(GARPIYA), sample_entities()))
    _check(_measure(browser, view, "garpiya"), len(view.nodes))


@pytest.mark.parametrize("n", [12, 40])
def test_crowded_network_in_chromium(browser: Any, n: int) -> None:
    view = _view(n, spread=False)
    _check(_measure(browser, view, f"crowded-{n}"), len(view.nodes))


def test_chinese_names_in_chromium(browser: Any) -> None:
    view = _cjk_view()
    _check(_measure(browser, view, "chinese"), len(view.nodes))
