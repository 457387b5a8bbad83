"""The review page driven by the keyboard only (headless Chromium on a live ``kg serve`` over
scratch copies): sign in, upload a note (the file chooser is the one step that is not a key),
accept all exact mentions at once, fix a candidate's kind, merge a candidate into an existing
node through the picker, accept an event, a figure and a causal link, undo one accept; then the
entity, timeline and trace pages show what was accepted. The note is our own words. The time
the review took is written to the artifacts (no timing is asserted)."""
from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest

from browser import chromium, loopback_only
from live_server import live_server
from scratch import scratch_folders

TOKEN = "keyboard-review-token"
NOTE = ("Harbour notes on the chip trade\n"
        "Port inspectors told us that chip smuggling increases illicit compute access for buyers overseas. "
        "Huawei declined to comment, and Nvidia said little. Traders said Team Green shipped 40 servers through "
        "the harbour, according to Quorvane Dynamics. Customs officers charged two brokers on Thursday over "
        "the shipments.\n")


def refreshed(page) -> str:
    return page.evaluate("() => document.body.dataset.refreshed || '0'")


def press_and_wait(page, key: str) -> None:
    """A key whose action review.js posts in the background: wait for the fresh proposals."""
    before = refreshed(page)
    page.keyboard.press(key)
    page.wait_for_function("n => (document.body.dataset.refreshed || '0') !== n"
                           " || !document.getElementById('review-error').hidden", arg=before)
    assert not page.locator("#review-error").is_visible(), page.locator("#review-error").inner_text()


def go_to(page, pid: str) -> None:
    """Move the current row to proposal ``pid`` with j/k only."""
    ids = page.eval_on_selector_all("tr[data-id]", "rows => rows.map(r => r.dataset.id)")
    for _ in range(len(ids) + 1):
        here = page.evaluate("() => (document.querySelector('tr.current') || {dataset: {}}).dataset.id")
        if here == pid:
            return
        page.keyboard.press("j" if ids.index(here) < ids.index(pid) else "k")
    raise AssertionError(f"could not reach {pid}")


def proposals(page, base: str, ident: str) -> list[dict]:
    body = page.request.get(f"{base}/documents/{ident}/review.json").json()
    assert "proposals" in body, body
    return body["proposals"]


def server_args(tmp_path, corpus_dir) -> list[str]:
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    return ["--store", "memory", "--corpus", str(corpus), "--data", str(data), "--update-token", TOKEN]


@pytest.mark.browser
def test_a_review_by_keyboard(tmp_path, corpus_dir, artifacts):
    upload = tmp_path / "harbour.txt"
    upload.write_text(NOTE, encoding="utf-8")
    outside, errors = [], []
    with chromium() as browser, live_server(server_args(tmp_path, corpus_dir), tmp_path) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        loopback_only(page, outside)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "/login?next=/documents/new")
        page.focus("input[name=name]")
        page.keyboard.type("Kim Keys")
        page.keyboard.press("Tab")
        page.keyboard.type(TOKEN)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.set_input_files("input[name=file]", str(upload))
        page.focus("input[name=published]")
        page.keyboard.type("03202026")                              # the date field, month day year
        page.focus("input[name=title]")
        page.keyboard.type("Harbour notes")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        ident = urlsplit(page.url).path.split("/")[2]
        started = time.perf_counter()
        props = proposals(page, base, ident)
        exact = [p["id"] for p in props if p["kind"] == "mention" and not p.get("fuzzy")]
        assert len(exact) >= 2

        press_and_wait(page, "A")                                   # accept all exact mentions
        by_id = {p["id"]: p for p in proposals(page, base, ident)}
        assert all(by_id[x]["status"] == "accepted" for x in exact)

        # fix a kind: the candidate Quorvane Dynamics becomes a Publisher
        firm = next(p for p in by_id.values() if p["kind"] == "entity" and p["label"] == "Quorvane Dynamics")
        go_to(page, firm["id"])
        page.keyboard.press("e")                                    # the edit form; focus on its first field
        page.keyboard.press("Tab")                                  # label
        page.keyboard.press("Tab")                                  # kind
        page.keyboard.type("Publisher")
        page.keyboard.press("Tab")                                  # the node picker
        press_and_wait(page, "Enter")                               # saves
        by_id = {p["id"]: p for p in proposals(page, base, ident)}
        assert by_id[firm["id"]]["class"].split("#")[-1] == "Publisher"
        go_to(page, firm["id"])
        press_and_wait(page, "a")

        # merge: "Team Green" is Nvidia, picked by name in the typeahead field
        nick = next(p for p in by_id.values() if p["kind"] == "entity" and p["label"] == "Team Green")
        go_to(page, nick["id"])
        page.keyboard.press("e")
        for _ in range(3):
            page.keyboard.press("Tab")                              # label, kind, node
        page.keyboard.type("Nvidia")
        page.keyboard.press("Tab")                                  # Save
        page.keyboard.press("Tab")                                  # Merge
        press_and_wait(page, "Enter")
        by_id = {p["id"]: p for p in proposals(page, base, ident)}
        assert by_id[nick["id"]]["kind"] == "mention" and by_id[nick["id"]]["entity"].endswith("/nvidia")

        # an event, a figure and the causal link, each accepted with "a"
        event = next(p for p in by_id.values() if p["kind"] == "event" and p["type"] == "Charge")
        figure = next(p for p in by_id.values() if p["kind"] == "figure" and p.get("value") == 40)
        link = next(p for p in by_id.values() if p["kind"] == "link")
        on_trace = page.locator(f"#row-{link['id']} a.on-trace").get_attribute("href")
        assert "include_proposed=1" in on_trace and page.request.get(base + on_trace).status == 200
        for p in (event, figure, link, nick):
            go_to(page, p["id"])
            press_and_wait(page, "a")
        # undo one accept: Huawei's mention
        huawei = next(x for x in exact if by_id[x]["entity"].endswith("/huawei"))
        go_to(page, huawei)
        press_and_wait(page, "u")
        elapsed = time.perf_counter() - started
        page.screenshot(path=str(artifacts / "review-keyboard.png"), full_page=True)
        by_id = {p["id"]: p for p in proposals(page, base, ident)}
        assert by_id[huawei]["status"] == "proposed"
        for p in (event, figure, link, nick, firm):
            assert by_id[p["id"]]["status"] == "accepted", p
        decisions = len(exact) + 7
        (artifacts / "review-keyboard.json").write_text(json.dumps(
            {"proposals": len(by_id), "decisions": decisions, "seconds": round(elapsed, 2)}), encoding="utf-8")

        # the pages show the result
        page.goto(base + "/id/nvidia")
        assert page.locator("#evidence", has_text=ident[:3]).count() == 1
        page.goto(base + "/timeline")
        assert page.locator("main", has_text="Charge").count() == 1
        page.goto(base + "/trace?from=id%3Ameasure-chip-smuggling-enforcement&to=id%3Apathway-illicit-compute-access")
        assert page.locator("ul.sources li", has_text=f"Document {ident[:3]}").count() == 1
        page.goto(base + "/id/huawei")
        assert page.locator("#evidence", has_text=ident[:3]).count() == 0     # the undone mention left no evidence
    assert outside == [], f"pages asked for other hosts: {outside}"
    assert errors == [], errors
