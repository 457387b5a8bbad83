"""Headless Chromium through the browsing pages of a live ``kg serve`` on the curated
graph: home -> search -> an entity -> its source document -> back. Every request that
is not for the loopback server is aborted, and the test asserts there were none."""
from __future__ import annotations

from urllib.parse import urlsplit

from browser import chromium, loopback_only
from live_server import live_server


def test_home_search_entity_document_back(tmp_path, corpus_dir, artifacts):
    errors: list[str] = []
    with live_server(["--store", "memory", "--corpus", str(corpus_dir)], tmp_path) as base, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        outside = loopback_only(page)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        page.goto(base + "/")
        assert page.locator("h1").inner_text() == "policy-kg"
        assert int(page.locator(".count[data-kind=measures]").inner_text()) > 0
        page.screenshot(path=str(artifacts / "pages-1-home.png"), full_page=True)

        page.fill("header form.search input[name=q]", "anthropic")
        page.locator("datalist option").first.wait_for(state="attached")  # typeahead filled the list
        assert "Anthropic" in page.eval_on_selector_all("datalist option", "els => els.map(e => e.value)")
        page.press("header form.search input[name=q]", "Enter")
        page.wait_for_url("**/search?q=anthropic")
        first = page.locator("ol.hits li > a").first
        assert first.inner_text() == "Anthropic"
        page.screenshot(path=str(artifacts / "pages-2-search.png"), full_page=True)

        first.click()
        page.wait_for_url("**/id/anthropic")
        assert page.locator("h1").inner_text() == "Anthropic"
        assert page.locator("#evidence blockquote mark").count() > 0
        page.screenshot(path=str(artifacts / "pages-3-entity.png"), full_page=True)

        # the interactive neighbourhood draws the same subgraph as the export's Cytoscape JSON
        section = page.locator("section[data-cyjs]")
        page.click("button.cy-open")
        page.wait_for_selector("section[data-nodes]")
        expected = page.request.get(base + section.get_attribute("data-cyjs")).json()["elements"]
        assert int(section.get_attribute("data-nodes")) == len(expected["nodes"]) > 1
        assert int(section.get_attribute("data-edges")) == len(expected["edges"]) > 0
        assert page.locator("section[data-cyjs] .cy canvas").count() > 0
        assert "click a node" in page.locator(".cy-status").inner_text()
        section.screenshot(path=str(artifacts / "pages-3b-neighbourhood.png"))

        source = page.locator("#evidence a.doc").first
        doc_title = source.get_attribute("title")
        source.click()
        page.wait_for_url("**/documents/**")
        assert page.locator("h1").inner_text() in doc_title
        anchor = urlsplit(page.url).fragment
        assert anchor.startswith("ev-")
        target = page.locator(f"[id='{anchor}']")
        assert target.count() == 1 and target.is_visible()
        assert page.locator(".doctext mark").count() > 0
        page.screenshot(path=str(artifacts / "pages-4-document.png"), full_page=False)

        page.go_back()
        page.wait_for_url("**/id/anthropic")
        assert page.locator("h1").inner_text() == "Anthropic"
        page.screenshot(path=str(artifacts / "pages-5-back.png"))
    assert outside == [], f"pages asked for other hosts: {outside}"
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
