"""Headless Chromium through the review workflow of a live ``kg serve`` on scratch copies of the
corpus and data: sign in with the update token, upload an HTML file at /documents/new, accept a
mention, a figure and a causal link, edit one proposal, reject one, make a statement from a
selected span, restart the server, and find the accepted statements with their evidence on the
entity and trace pages. Requests for other hosts are aborted (and must not happen)."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser import chromium, loopback_only
from live_server import live_server
from scratch import scratch_folders

TOKEN = "browser-review-token"
HTML = """<!doctype html><html><head><title>Harbour notes on the chip trade</title></head><body>
<header><nav><a href="https://example.org/">Home</a> <a href="/sections">Sections</a> <a href="/login">Log in</a></nav></header>
<main><article><h1>Harbour notes on the chip trade</h1>
<p>Port inspectors told us that chip smuggling increases illicit compute access for buyers overseas.</p>
<p>Nvidia reported that its shipments through the harbour dropped by 35% in 2025.</p>
<p>Last August a broker called Ostrava Silicon Works opened an office near the docks.</p>
<p>Brokers there expect the slowdown to last 6-9 months.</p>
</article></main>
<footer>All rights reserved by the Harbour Gazette. Newsletter sign-up. Privacy policy.</footer></body></html>"""


def row(page, kind: str, contains: str):
    return page.locator(f"tr[data-kind={kind}]", has_text=contains).first


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def act_and_wait(page, locator=None, key: str | None = None) -> None:
    """A review action (a click, or a key) done in the background by review.js: wait until the
    page has swapped in the fresh proposals, not for a navigation."""
    before = page.evaluate("() => document.body.dataset.refreshed || '0'")
    if key:
        page.keyboard.press(key)
    else:
        locator.click()
    page.wait_for_function("n => (document.body.dataset.refreshed || '0') !== n", arg=before)


@pytest.mark.browser
def test_upload_review_restart_and_find_the_statements(tmp_path, corpus_dir, artifacts):
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    upload = tmp_path / "harbour.html"
    upload.write_text(HTML, encoding="utf-8")
    args = ["--store", "memory", "--corpus", str(corpus), "--data", str(data), "--update-token", TOKEN]
    outside: list[str] = []
    errors: list[str] = []

    with chromium() as browser:
        with live_server(args, tmp_path) as base:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            loopback_only(page, outside)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(base + "/documents/new")
            page.wait_for_url("**/login?next=/documents/new")
            page.fill("input[name=name]", "Dana Reviewer")
            page.fill("input[name=token]", TOKEN)
            click_and_wait(page, page.locator("form.login button"))
            assert urlsplit(page.url).path == "/documents/new"
            page.set_input_files("input[name=file]", str(upload))
            page.fill("input[name=published]", "2026-03-01")
            click_and_wait(page, page.locator("form.upload button"))
            assert page.url.endswith("/review")
            ident = urlsplit(page.url).path.split("/")[2]
            assert page.locator("#doctext mark").count() > 5
            page.screenshot(path=str(artifacts / "review-1-proposed.png"), full_page=True)

            act_and_wait(page, row(page, "mention", "Nvidia").locator("button.accept"))
            act_and_wait(page, row(page, "figure", "35%").locator("button.accept"))
            act_and_wait(page, row(page, "link", "Chip smuggling").locator("button.accept"))
            for r in (row(page, "mention", "Nvidia"), row(page, "figure", "35%"), row(page, "link", "Chip smuggling")):
                assert r.get_attribute("data-status") == "accepted"
            # edit: the candidate entity gets a better label, then is accepted
            cand = row(page, "entity", "Ostrava")
            cand.locator("summary").click()
            cand.locator("input[name=label]").fill("Ostrava Silicon Works (broker)")
            act_and_wait(page, cand.locator("button[value=edit]"))
            assert "Ostrava Silicon Works (broker)" in row(page, "entity", "Ostrava").inner_text()
            act_and_wait(page, row(page, "entity", "Ostrava").locator("button.accept"))
            # reject: the relative date
            act_and_wait(page, row(page, "date", "Last August").locator("button.reject"))
            assert row(page, "date", "Last August").get_attribute("data-status") == "rejected"
            # a statement from a selected span: select "Brokers" and make it a mention of Nvidia's node? no: a figure
            page.evaluate("""() => {
                const el = [...document.querySelectorAll('#doctext .seg')].find(s => s.textContent.includes('Brokers'));
                const node = [...el.childNodes].find(n => n.nodeType === 3 && n.textContent.includes('Brokers'))
                    || el.querySelector('mark').firstChild;
                const i = node.textContent.indexOf('Brokers');
                const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 'Brokers'.length);
                const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
                document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
            }""")
            start, end = int(page.input_value("#add-start")), int(page.input_value("#add-end"))
            text = page.request.get(f"{base}/documents/{ident}/review.json").json()
            assert end - start == len("Brokers")
            page.select_option("#add-form select[name=kind]", "entity")
            page.fill("#add-form input[name=label]", "Harbour brokers")
            click_and_wait(page, page.locator("#add-form button"))
            added = page.locator("tr[data-kind=entity]", has_text="Harbour brokers").first
            assert added.get_attribute("data-status") == "proposed"
            page.screenshot(path=str(artifacts / "review-2-reviewed.png"), full_page=True)
            assert len(text["proposals"]) > 8
        # restart: a new process, the store rebuilt from the data files
        with live_server(args, tmp_path) as base:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            loopback_only(page, outside)
            page.goto(base + "/documents")
            assert page.locator("a.review-status", has_text="in review").count() == 1
            page.goto(base + "/id/nvidia")
            evidence = page.locator("#evidence", has_text=ident[:3])
            assert evidence.count() == 1 and "Nvidia" in evidence.locator("mark").all_inner_texts()
            page.goto(base + "/trace?from=id%3Ameasure-chip-smuggling-enforcement&to=id%3Apathway-illicit-compute-access")
            for more in page.locator("details.more-sources summary").all():   # a step lists 3 documents, then "show all"
                more.click()
            source = page.locator("ul.sources li", has_text=f"Document {ident[:3]}")
            assert source.count() == 1 and "characters" in source.inner_text()   # the accepted link's evidence
            page.screenshot(path=str(artifacts / "review-3-trace.png"), full_page=True)
            view = page.request.get(f"{base}/documents/{ident}/review.json").json()
            status = {p["id"]: (p["kind"], p["status"]) for p in view["proposals"]}
            assert sum(1 for k, s in status.values() if s == "accepted") == 4
            assert sum(1 for k, s in status.values() if s == "rejected") == 1
    assert outside == [], f"pages asked for other hosts: {outside}"
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
