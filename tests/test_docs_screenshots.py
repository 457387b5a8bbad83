"""The tutorials' screenshots (docs/img/), taken again by headless Chromium on a live ``kg serve``
over scratch copies of the curated data, walking the tutorials' steps and checking on each page
what the tutorial says is there.

The PNGs are committed once (a page read in the repository shows them) and not rewritten by a
normal run, which would change their bytes every time: this test writes its shots to a temporary
folder and compares each with the committed one (same width; height within a third, for the shots
whose height follows the page). ``KG_DOCS_SCREENSHOTS=write`` copies the new shots into docs/img/
after the checks, for when a page changed on purpose."""
from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from pathlib import Path

import playwright.sync_api as playwright_api
import pytest
from PIL import Image
from pypdf import PdfReader

from kg.core.settings import PROJECT_ROOT
from browser import CHROMIUM, FLAGS, loopback_only
from live_server import live_server
from scratch import scratch_folders

IMG = PROJECT_ROOT / "docs" / "img"
TOKEN = "docs-screenshots-token"
VIEW = {"width": 1100, "height": 760}
TRACE = "/trace?from=id:measure-dc-access-limits&to=id:capability-china-frontier-ai"
NOTE = PROJECT_ROOT / "docs" / "examples" / "harbour-note.txt"
SHOTS = ("trace-search.png", "trace-entity.png", "trace-page.png", "report-review.png", "deck-slides.png")


def slide_sheet(pdf: Path, out: Path) -> None:
    """Four slides of the deck, two by two, found by their titles: the question, the bottom line,
    the first step of the build and the net effects (the tutorial describes these)."""
    pages = [" ".join(unicodedata.normalize("NFKC", page.extract_text()).split())   # ligatures
             for page in PdfReader(pdf).pages]
    chosen = []
    for title in ("What does limiting foreign access", "Bottom line", "Step 1 of", "Net effects"):
        found = [i for i, text in enumerate(pages) if text.startswith(title)]
        assert found, f"the deck has no slide titled {title!r}: {[p[:40] for p in pages]}"
        chosen.append(found[0])
    images = []
    for n in chosen:
        stem = out.parent / f"slide-{n}"
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", "-f", str(n + 1), "-l", str(n + 1),
                        str(pdf), str(stem)], check=True)
        images.append(Image.open(f"{stem}.png").convert("RGB"))
    w, h = images[0].size
    sheet = Image.new("RGB", (2 * w + 12, 2 * h + 12), "#888888")
    for k, im in enumerate(images):
        sheet.paste(im, ((k % 2) * (w + 12), (k // 2) * (h + 12)))
    sheet.save(out, optimize=True)


def take(tmp_path: Path, corpus_dir: Path, shots: Path) -> None:
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    args = ["--store", "memory", "--corpus", str(corpus), "--data", str(data), "--update-token", TOKEN]
    with live_server(args, tmp_path) as base, playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport=VIEW)
            outside = loopback_only(page)

            # trace a measure: search, the measure's page, the trace
            page.goto(base + "/search?q=data%20centres")
            assert page.locator("ol.hits li > a", has_text="Limit foreign access to sensitive data centres").count() >= 1
            page.screenshot(path=str(shots / "trace-search.png"), full_page=True)
            page.goto(base + "/id/measure-dc-access-limits")
            assert page.locator("h1").inner_text() == "Limit foreign access to sensitive data centres"
            assert page.locator("a.button", has_text="Trace effects from this measure").count() == 1
            page.screenshot(path=str(shots / "trace-entity.png"))
            page.goto(base + TRACE)
            nets = page.locator("table.trace-nets tbody tr")
            assert nets.count() == 1 and "China's frontier AI capability" in nets.first.inner_text()
            assert "−" in nets.first.locator("td").nth(2).inner_text()
            assert page.locator("tr.trace-path").count() == 2
            page.wait_for_selector("figure.trace-diagram svg text")   # the diagram is fetched after the page
            deck = page.locator("a", has_text="pptx")   # brief from a deck: the trace page offers the decks
            assert deck.count() == 1 and "format=pptx" in deck.get_attribute("href")
            page.screenshot(path=str(shots / "trace-page.png"))

            # brief from a deck: the PDF deck of the same trace, four of its slides
            pdf_link = page.locator("a", has_text="pdf").get_attribute("href")
            response = page.request.get(base + pdf_link)
            assert response.status == 200 and response.headers["content-type"] == "application/pdf"
            (tmp_path / "deck.pdf").write_bytes(response.body())
            slide_sheet(tmp_path / "deck.pdf", shots / "deck-slides.png")

            # add a report: sign in, upload the tutorial's note, its review page
            page.goto(base + "/login?next=/documents/new")
            page.fill("input[name=name]", "Docs Reviewer")
            page.fill("input[name=token]", TOKEN)
            with page.expect_navigation():
                page.locator("form.login button").click()
            page.set_input_files("input[name=file]", str(NOTE))
            page.fill("input[name=published]", "2026-03-01")
            with page.expect_navigation():
                page.locator("form.upload button").click()
            assert page.url.endswith("/review")
            assert page.locator("#doctext mark").count() > 5
            assert page.locator("tr[data-kind=mention]", has_text="Nvidia").count() >= 1
            page.screenshot(path=str(shots / "report-review.png"))
        finally:
            browser.close()
    assert outside == [], f"requests for other hosts: {outside}"


@pytest.mark.browser
def test_tutorial_screenshots(tmp_path, corpus_dir):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup.sh --test")
    assert shutil.which("pdftoppm"), "pdftoppm missing: scripts/setup.sh --test installs poppler-utils"
    shots = tmp_path / "shots"
    shots.mkdir()
    take(tmp_path, corpus_dir, shots)
    if os.environ.get("KG_DOCS_SCREENSHOTS") == "write":
        IMG.mkdir(exist_ok=True)
        for name in SHOTS:
            shutil.copyfile(shots / name, IMG / name)
    for name in SHOTS:
        assert (IMG / name).is_file(), f"docs/img/{name} is missing (KG_DOCS_SCREENSHOTS=write makes it)"
        new, old = Image.open(shots / name).size, Image.open(IMG / name).size
        assert new[0] == old[0] and abs(new[1] - old[1]) <= old[1] / 3, \
            f"docs/img/{name} is {old}, the page now gives {new}: look, then KG_DOCS_SCREENSHOTS=write"


def test_every_screenshot_is_used():
    """Each committed shot is shown by a tutorial, and each image a page shows is committed."""
    pages = "".join(p.read_text(encoding="utf-8") for p in (PROJECT_ROOT / "docs").rglob("*.md"))
    assert {p.name for p in IMG.glob("*.png")} == set(SHOTS)
    assert all(f"img/{name})" in pages for name in SHOTS)
