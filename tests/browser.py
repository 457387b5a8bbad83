"""Headless Chromium for the browser tests: the flags, the binary, and a guard that lets a page
reach the loopback server only (each request for another host is aborted and recorded)."""
from __future__ import annotations

from urllib.parse import urlsplit

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHROMIUM = "/usr/bin/chromium"


def loopback_only(page, outside: list[str] | None = None) -> list[str]:
    """Abort ``page``'s requests for hosts other than the loopback; return the list they go into
    (``outside`` when given, so that several pages can share one)."""
    outside = [] if outside is None else outside

    def guard(route):
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return outside
