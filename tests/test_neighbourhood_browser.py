"""Entity-page neighbourhood diagrams in headless Chromium at a 1440 px window: the page's own
node is inside the visible part of the diagram (hubs draw several screens wide), every label is
at least 12 px tall, and on claim pages no two labels of the diagram overlap (the title of
Zhang Chi's claim used to sit under the label "claimed by [2,5,6]")."""
from __future__ import annotations

import pytest

from browser import chromium, loopback_only
from live_server import live_server

# the boxes of the diagram's texts (with the node, edge, legend or title they belong to), the focus
# node's box and the scroll box's visible area, in viewport px
MEASURE = """() => {
  const box = document.querySelector('figure.diagram');
  const owners = Array.from(box.querySelectorAll('g.node, g.edge, g.cluster, g.graph'));
  const texts = Array.from(box.querySelectorAll('svg text')).filter(t => t.textContent.trim())
    .map(t => { const r = t.getBoundingClientRect();
                return {text: t.textContent, x: r.x, y: r.y, w: r.width, h: r.height,
                        owner: owners.indexOf(t.closest('g.node, g.edge, g.cluster, g.graph'))}; });
  const f = box.querySelector('g.node.focus').getBoundingClientRect(), b = box.getBoundingClientRect();
  const area = {x: b.x + box.clientLeft, y: b.y + box.clientTop, w: box.clientWidth, h: box.clientHeight};
  return {texts, focus: {x: f.x, y: f.y, w: f.width, h: f.height}, area};
}"""
SLACK = 1.0   # px: boxes that merely touch do not clash


def _inside(inner: dict, outer: dict) -> bool:
    return (inner["x"] >= outer["x"] and inner["y"] >= outer["y"]
            and inner["x"] + inner["w"] <= outer["x"] + outer["w"]
            and inner["y"] + inner["h"] <= outer["y"] + outer["h"])


def _overlap(a: dict, b: dict) -> bool:
    """Texts of two different labels cross (the lines of one label are set by Graphviz one under
    another, and their font boxes, taller than the line step, always overlap a little)."""
    return (a["owner"] != b["owner"] and min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"]) > SLACK
            and min(a["y"] + a["h"], b["y"] + b["h"]) - max(a["y"], b["y"]) > SLACK)


def _measured(page, base: str, local: str) -> dict:
    page.goto(f"{base}/id/{local}")
    page.wait_for_selector("section.diagram-section[data-diagram]", state="attached")
    assert page.get_attribute("section.diagram-section", "data-diagram") == "centred", local
    return page.evaluate(MEASURE)


@pytest.mark.browser
def test_neighbourhood_diagrams_show_the_focus_with_readable_labels(tmp_path, corpus_dir, artifacts):
    with live_server(["--store", "memory", "--corpus", str(corpus_dir)], tmp_path) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        outside = loopback_only(page)
        clashes = {}
        for local in ("anthropic", "united-states", "nvidia", "claim-china-closing-gap",
                      "claim-zhang-china-falling-behind"):
            got = _measured(page, base, local)
            heights = [t["h"] for t in got["texts"]]
            assert len(heights) > 10, local                       # the diagram's own labels were measured
            assert min(heights) >= 12, (local, sorted(heights)[:5])
            focus, area = got["focus"], got["area"]
            assert _inside(focus, area), (local, focus, area)
            middle = (focus["x"] + focus["w"] / 2 - area["x"], focus["y"] + focus["h"] / 2 - area["y"])
            page.locator("figure.diagram").screenshot(path=str(artifacts / f"neighbourhood-{local}-1440.png"))
            if local == "anthropic":                              # a hub: wider than the window, so centred
                assert abs(middle[0] - area["w"] / 2) <= 2, (middle, area)
            texts = got["texts"]
            clashes[local] = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:]
                              if _overlap(a, b)]
        assert clashes["claim-china-closing-gap"] == [] and clashes["claim-zhang-china-falling-behind"] == []
    assert outside == []
