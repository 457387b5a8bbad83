"""Put one real-article text back from a stored page (see bench/README.md, "Putting the texts
back"). The page text is what the ``search`` tool (corpus "pages") gave for the annotated
address, saved to a file either as it is or as the JSON string of the tool's ``excerpt`` field
(quotes and all: the escapes then stay exact). The shapes earlier texts were cut in are tried in
turn; the text is written to the texts folder only when its SHA-256 and length equal the
annotated ones, so a wrong page or a typo can never land a text that shifts the offsets.

    python -m bench.restore_text ARTICLE_ID PAGE_FILE [--texts DIR]

Exit 0 with ``MATCH`` when written; exit 1 with ``NO MATCH`` and, for the first annotated
entities, what the page holds at their spans (a shifted or differently headed page shows at once,
and tells which variant or which other copy of the page to try)."""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

ARTICLES = Path(__file__).with_name("articles.json")
HEADER = re.compile(r"^ date \d{4}-\d{2}(?:-\d{2})? ")


def starts(page: str) -> list[str]:
    """Where the annotated text may begin: the page, without the tool's date header, without
    leading newlines or blanks, and without a stray ':' a dateline lost its place name to."""
    out = []
    for base in (page, HEADER.sub("", page, count=1)):
        for text in (base, base.lstrip("\n"), base.lstrip(), base.lstrip().lstrip(":").lstrip()):
            if text not in out:
                out.append(text)
    return out


def cuts(text: str, chars: int) -> list[str]:
    """The annotated length taken from a start: a plain prefix, or one ending in the newline that
    closed the paragraph the old text stopped at (cut one short, then the newline)."""
    return [c for c in (text[:chars], text[:chars - 1] + "\n", text.rstrip()[:chars - 1] + "\n",
                        (text + "\n")[:chars]) if len(c) == chars]


def restore(art: dict, page: str, folder: Path) -> str | None:
    for start in starts(page):
        for text in cuts(start, art["chars"]):
            if hashlib.sha256(text.encode("utf-8")).hexdigest() == art["sha256"]:
                folder.mkdir(parents=True, exist_ok=True)
                temporary = folder / f".{art['id']}.part"
                temporary.write_text(text, encoding="utf-8", newline="")
                os.replace(temporary, folder / f"{art['id']}.txt")
                return text
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article")
    parser.add_argument("page", type=Path)
    parser.add_argument("--texts", type=Path,
                        default=Path(os.environ.get("KG_ARTICLES") or "/work/shared/articles"))
    args = parser.parse_args(argv)
    arts = {a["id"]: a for a in json.loads(ARTICLES.read_text(encoding="utf-8"))["articles"]}
    if args.article not in arts:
        print(f"no article {args.article!r} in {ARTICLES.name}", file=sys.stderr)
        return 2
    art, raw = arts[args.article], args.page.read_text(encoding="utf-8")
    page = json.loads(raw) if raw.lstrip().startswith('"') else raw
    if restore(art, page, args.texts) is not None:
        print(f"MATCH {art['id']} ({art['chars']} characters) -> {args.texts}")
        return 0
    print(f"NO MATCH {art['id']}: wants {art['chars']} characters, the page has {len(page)}")
    shown = starts(page)[-1]
    for entity in sorted(art["entities"], key=lambda e: e["span"][0])[:5]:
        a, b = entity["span"]
        print(f"  {a:>5}-{b:<5} {entity['label']!r}: page has {shown[a:b]!r}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
