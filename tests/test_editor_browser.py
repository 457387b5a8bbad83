"""The query editor in headless Chromium against a live ``kg serve``, with every request
to a host other than loopback aborted: the page must load, run an example query through
YASGUI against the app's own /sparql, and show result rows."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser import chromium, loopback_only
from live_server import live_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

EXAMPLE = "01-measures-and-pathways"


@pytest.fixture(scope="module")
def server(tmp_path_factory, corpus_dir):
    tmp = tmp_path_factory.mktemp("editor-server")
    with live_server(["--corpus", str(corpus_dir)], tmp) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def test_editor_runs_an_example_query_offline(server, browser, artifacts):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside = loopback_only(context)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" or "Content Security Policy" in m.text else None)
    try:
        response = page.goto(server + "/sparql")
        assert response.status == 200, response.status
        assert "script-src 'self'" in response.headers.get("content-security-policy", "")
        page.wait_for_selector("#yasgui[data-ready=true]", timeout=20_000)

        buttons = page.locator("nav.examples button[data-example]")
        assert buttons.count() >= 10
        page.click(f"nav.examples button[data-example='{EXAMPLE}']")
        title = page.locator(f"nav.examples button[data-example='{EXAMPLE}']").inner_text().strip()
        page.wait_for_selector(f".tabsList .tab.active:has-text('{title[:20]}')", timeout=5_000)
        editor_text = page.evaluate("() => window.policyKgEditor.yasgui.getTab().getYasqe().getValue()")
        assert "PREFIX pk: <https://w3id.org/policy-kg/ns#>" in editor_text and "pk:CausalLink" in editor_text

        with page.expect_response(lambda r: urlsplit(r.url).path == "/sparql" and r.request.method == "POST") as answer:
            page.click(".tabPanel.active .yasqe_queryButton")
        assert answer.value.status == 200, answer.value.text()[:500]
        assert "sparql-results+json" in answer.value.headers.get("content-type", "")
        rows = page.locator(".tabPanel.active .yasr tbody tr")
        rows.first.wait_for(timeout=20_000)
        assert rows.count() >= 1
        assert page.locator(".tabPanel.active .yasr .dataTables_empty").count() == 0

        # The class and property autocompleters would ask a vocabulary service on another host
        # (CSP's connect-src 'self' would block it, but the page must not even try).
        completers = page.evaluate("() => window.policyKgEditor.yasgui.getTab().getYasqe().config.autocompleters")
        assert "class" not in completers and "property" not in completers, completers
    finally:
        page.screenshot(path=str(artifacts / "sparql-editor.png"), full_page=True)
        context.close()
    assert not outside, f"the editor tried to reach other hosts: {outside}"
    assert not problems, problems
