"""How long a review takes in the browser, driven by the keyboard only: a scripted reviewer signs
in to a live ``kg serve`` (scratch copies of the corpus and data), uploads one of the real
articles of ``bench/articles.json`` (its text from the scratch folder, see ``article_eval``), and
decides every proposal: accept those the hand annotations call right as proposed, reject the
rest. Two passes on fresh servers: one by one (``a``/``r`` per proposal), and with bulk actions
first (``A``: all exact mentions; then the rest one by one). Prints proposals, decisions,
keypresses and seconds (app time: the script waits only for the page); decisions per minute.
A person reads as well as presses: the figures are the floor the page sets, not a person's pace.

    python bench/review_timing.py [--article mezha-deepseek-delay] [--texts DIR]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench import article_eval  # noqa: E402
from browser import chromium  # noqa: E402
from kg.core.settings import Settings  # noqa: E402
from kg.curation.propose.proposals import Proposal  # noqa: E402
from live_server import live_server  # noqa: E402
from scratch import scratch_folders  # noqa: E402
from test_review_keyboard import TOKEN, go_to, press_and_wait, proposals  # noqa: E402


def review(browser, args: list[str], tmp: Path, art: dict, text_path: Path, bulk: bool) -> dict:
    with live_server(args, tmp) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/login?next=/documents/new")
        page.fill("input[name=name]", "Timing Reviewer")
        page.fill("input[name=token]", TOKEN)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.set_input_files("input[name=file]", str(text_path))
        page.fill("input[name=published]", art["published"])
        with page.expect_navigation():
            page.locator("form.upload button").click()
        ident = page.url.split("/")[-2]
        props = proposals(page, base, ident)
        scored = article_eval.score_article(art, [Proposal.from_json(p) for p in props])
        right = set(scored["right_ids"])
        started, keys, decisions = time.perf_counter(), 0, 0
        if bulk:
            exact = [p["id"] for p in props if p["kind"] == "mention" and not p.get("fuzzy")]
            press_and_wait(page, "A")
            keys, decisions = keys + 1, decisions + len(exact)
        for p in proposals(page, base, ident):
            if p["status"] != "proposed":
                continue
            go_to(page, p["id"])
            press_and_wait(page, "a" if p["id"] in right else "r")
            keys, decisions = keys + 1, decisions + 1
        seconds = time.perf_counter() - started
        left = [p for p in proposals(page, base, ident) if p["status"] == "proposed"]
        return {"bulk": bulk, "proposals": len(props), "right_as_proposed": len(right), "decisions": decisions,
                "action_keys": keys, "seconds": round(seconds, 1), "undecided_after": len(left),
                "decisions_per_minute": round(60 * decisions / seconds, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--article", default="mezha-deepseek-delay")
    ap.add_argument("--texts", default=None)
    opts = ap.parse_args()
    art = next(a for a in json.loads(article_eval.ANNOTATIONS.read_text())["articles"] if a["id"] == opts.article)
    text = article_eval.article_text(art, article_eval.texts_dir(opts.texts))
    if text is None:
        sys.exit(f"no text for {art['id']}")
    rows = []
    with chromium() as browser:
        for bulk in (False, True):
            with tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                corpus, data = scratch_folders(tmp, Path(Settings.from_env().corpus))
                path = tmp / f"{art['id']}.txt"
                path.write_text(text, encoding="utf-8")
                args = ["--store", "memory", "--corpus", str(corpus), "--data", str(data), "--update-token", TOKEN]
                rows.append(review(browser, args, tmp, art, path, bulk))
    print(f"{art['id']} ({len(text)} characters)")
    for r in rows:
        print(json.dumps(r))


if __name__ == "__main__":
    main()
