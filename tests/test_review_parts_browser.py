"""The review page of a long document shows its text one part at a time (kg.pages.textparts); in
headless Chromium, moving through the proposals with j brings in the part of the text that holds
the current proposal, marked as current, without leaving the page."""
from __future__ import annotations

import pytest

from browser import chromium, loopback_only
from live_server import live_server
from scratch import NOTES, scratch_folders


@pytest.mark.browser
def test_moving_to_a_proposal_in_another_part_brings_its_part_in(tmp_path, corpus_dir):
    from kg.core.settings import Settings
    from kg.curation.ingest import Meta, ingest
    from kg.store.build import open_store

    corpus, data = scratch_folders(tmp_path, corpus_dir)
    settings = Settings.from_env(env={}, store="memory", corpus=str(corpus), data_dir=str(data), warm_up=0)
    text = "".join(f"Section {i}.\n{NOTES}" for i in range(120))
    ident = ingest(settings, "long.txt", text.encode(), Meta(None, None, "2026-04-02", None),
                   store=open_store(settings)).id
    with chromium() as browser, live_server(["--store", "memory", "--corpus", str(corpus), "--data", str(data)],
                                            tmp_path) as base:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        outside = loopback_only(page)
        page.goto(f"{base}/documents/{ident}/review")
        page.wait_for_selector("tr.current")
        first = page.get_attribute("#doctext", "data-part")
        rows = page.eval_on_selector_all("tr[data-id]", "rs => rs.map(r => [r.dataset.id, !!r.querySelector('a.in-text')])")
        target = next(i for i, (_, elsewhere) in enumerate(rows) if elsewhere)
        for _ in range(target):
            page.keyboard.press("j")
        pid = rows[target][0]
        page.wait_for_function("p => document.getElementById('doctext').dataset.part !== p", arg=first)
        page.wait_for_function("id => !!document.querySelector('#doctext mark.current')"
                               " && document.querySelector('tr.current').dataset.id === id", arg=pid)
        marked = page.eval_on_selector_all("#doctext mark.current", "ms => ms.map(m => m.dataset.proposals)")
        assert marked and all(pid in m.split() for m in marked)
        assert f"part={page.get_attribute('#doctext', 'data-part')}" in page.url     # the address follows
        assert page.locator("#text-parts").inner_text().startswith("Part ")
    assert outside == []
