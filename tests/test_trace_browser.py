"""The trace page in headless Chromium at a 1440 px window: every label of the diagram (and of
both scenario diagrams) is drawn at least 12 px tall (measured from the rendered SVG text), and
"Who disagrees" stands beside the net effects, naming the observers and Zhang Chi."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from browser import chromium, loopback_only
from live_server import live_server

MEASURE = "Limit foreign access to sensitive data centres"
HEIGHTS = "() => Array.from(document.querySelectorAll('figure.trace-diagram svg text'))" \
          ".filter(t => t.textContent.trim()).map(t => t.getBoundingClientRect().height)"


@pytest.mark.browser
def test_trace_page_labels_and_who_disagrees(tmp_path, corpus_dir, artifacts):
    with live_server(["--store", "memory", "--corpus", str(corpus_dir)], tmp_path) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        outside = loopback_only(page)
        page.goto(base + "/trace?from=" + quote(MEASURE))
        page.wait_for_selector("figure.trace-diagram svg text")
        heights = page.evaluate(HEIGHTS)
        assert len(heights) > 20                       # every node and edge label was measured
        assert min(heights) >= 12, sorted(heights)[:5]
        page.screenshot(path=str(artifacts / "trace-1440.png"), full_page=True)

        panel = page.locator("#who-disagrees")
        text = panel.inner_text()
        assert "Zhang Chi" in text and "Observers who doubt China is catching up" in text
        nets, who = page.locator("table.trace-nets").bounding_box(), panel.bounding_box()
        assert who["x"] >= nets["x"] + nets["width"] - 1 and abs(who["y"] - nets["y"]) < 40   # beside it
        assert "1 independent source (Anthropic's paper), reported by 2 documents" in \
            page.locator("li.hop-evidence").first.inner_text()

        # the scenario comparison draws both diagrams one above the other, at the same label size
        page.goto(base + "/trace?scenario=id:scenario-2028-restrict&vs=id:scenario-2028-no-restrict")
        page.wait_for_selector("figure.trace-diagram svg text")
        heights = page.evaluate(HEIGHTS)
        assert len(heights) > 20 and min(heights) >= 12, sorted(heights)[:5]

        # without JavaScript the page shows the same drawing in an <object>
        plain = browser.new_context(java_script_enabled=False, viewport={"width": 1440, "height": 900}).new_page()
        loopback_only(plain, outside)
        with plain.expect_response(lambda r: "/trace/diagram.svg?" in r.url) as drawing:
            plain.goto(base + "/trace?from=" + quote(MEASURE))
        assert drawing.value.status == 200 and drawing.value.header_value("content-type").startswith("image/svg+xml")
        shown = plain.locator("figure.trace-diagram object")
        assert shown.count() == 1 and shown.bounding_box()["height"] > 100
    assert outside == []
