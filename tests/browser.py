"""Headless Chromium for the browser tests: the flags, the binary, ``chromium()`` to launch it, and
a guard that lets a page reach the loopback server only (each request for another host is
aborted and recorded)."""
from __future__ import annotations

import os
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHROMIUM = "/usr/bin/chromium"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@contextmanager
def chromium():
    """A headless Chromium browser, closed afterwards; the test fails (naming the fix) without one."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh --test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def loopback_only(page, outside: list[str] | None = None) -> list[str]:
    """Abort the requests of ``page`` (or a browser context) for hosts other than the loopback; return
    the list they go into (``outside`` when given, so that several pages can share one)."""
    outside = [] if outside is None else outside

    def guard(route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return outside
