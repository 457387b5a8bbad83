"""How long a trace page is to read: its HTML bytes and its rendered height in headless Chromium at a
1440 px window, for the curated data-centre measure and a synthetic graph's typical measure.

For each size it starts a real ``kg serve`` (the working tree, or with ``--rev REV`` the app as
committed at REV), asks for ``/trace?from=MEASURE`` (HTML), and measures the page's full height
(``document.documentElement.scrollHeight``), how many hop-evidence blocks it holds and how many
of them are open. A synthetic size is written once by bench/synth.py into the work folder, and its
store is kept there (``stores/<size>``), so that a second run (another ``--rev``) starts on it.

    python -m bench.trace_page --sizes curated,1m --workdir /work/scratch-tracepage [--rev main]
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from urllib.parse import urlencode

import httpx

from .scale_server import app_snapshot, log, machine, parse_size, prepare, serve, size_label, stop_on_sigterm, WORKDIR

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
MEASURE = {"curated": "https://w3id.org/policy-kg/id/measure-dc-access-limits"}
SHAPE = """() => ({height: document.documentElement.scrollHeight,
  evidence: document.querySelectorAll('.hop-evidence').length,
  open_evidence: Array.from(document.querySelectorAll('.hop-evidence')).filter(e => e.offsetParent !== null).length,
  answer_top: (document.querySelector('.trace-nets') || {getBoundingClientRect: () => ({top: -1})})
               .getBoundingClientRect().top + window.scrollY})"""


def measure_page(base: str, measure: str, timeout: float) -> dict:
    from playwright.sync_api import sync_playwright

    path = "/trace?" + urlencode({"from": measure})
    r = httpx.get(base + path, headers={"accept": "text/html"}, timeout=timeout)
    out = {"status": r.status_code, "html_bytes": len(r.content)}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(base + path, timeout=timeout * 1000)
            if page.locator("figure.trace-diagram[data-diagram]").count():   # the diagram is fetched after the page
                page.wait_for_selector("figure.trace-diagram svg", timeout=timeout * 1000)
            out.update(page.evaluate(SHAPE))
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="curated,1m")
    ap.add_argument("--rev", help="serve the app as committed at REV (default: the working tree)")
    ap.add_argument("--workdir", type=Path, default=WORKDIR)
    ap.add_argument("--timeout", type=float, default=300)
    args = ap.parse_args(argv)
    stop_on_sigterm()
    app_dir = app_snapshot(args.rev, args.workdir) if args.rev else Path(__file__).resolve().parent.parent
    results = {"machine": machine(), "rev": args.rev or "working tree", "sizes": {}}
    for text in args.sizes.split(","):
        size = parse_size(text)
        data, subjects = prepare(size, args.workdir)
        store_dir = None if size == "curated" else args.workdir / "stores" / size_label(size)
        with serve(size, data, args.workdir, app_dir=app_dir, store_dir=store_dir, timeout=3600) as srv:
            measure = MEASURE.get(size, subjects.typical_measure)
            shape = measure_page(srv.base, measure, args.timeout)
            results["sizes"][size_label(size)] = {"measure": measure, **shape}
            log(f"{size_label(size)}: {shape}")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
