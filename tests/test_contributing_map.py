"""CONTRIBUTING.md's map is the import graph: each folder of its table imports only the folders
its "imports" column names (read from the source as tests/test_layout.py reads it), and every
folder of kg/ has a row."""
from __future__ import annotations

import re

from kg.core.settings import PROJECT_ROOT
from test_layout import folder, import_graph

FOLDER = re.compile(r"`(kg/\w+|web)/`")
KG_FOLDERS = sorted(p.name for p in (PROJECT_ROOT / "kg").iterdir() if p.is_dir() and not p.name.startswith("_"))


def documented() -> dict[str, set[str]]:
    """Folder (``kg.core``, ``web``) -> the folders its row allows it to import."""
    text = (PROJECT_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text[text.index("## The map"):].split("\n## ", 1)[0]
    allowed = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not FOLDER.search(cells[0]):
            continue
        allows, _, but = cells[2].partition("except")
        words, unless = set(re.findall(r"[a-z]+", allows)), set(re.findall(r"[a-z]+", but))
        names = {f"kg.{n}" for n in KG_FOLDERS if n in words} | ({"web"} if "web" in words else set())
        if "any" in words:
            names |= {f"kg.{n}" for n in KG_FOLDERS if n not in unless}
        for name in FOLDER.findall(cells[0]):
            allowed[name.replace("/", ".")] = names
    return allowed


def test_every_folder_has_a_row():
    rows = documented()
    assert {f"kg.{n}" for n in KG_FOLDERS} | {"web"} <= set(rows), sorted(set(rows))


def test_imports_follow_the_map():
    rows = documented()
    wrong = sorted({(folder(a), folder(b), f"{a} -> {b}") for a, b in import_graph().edges
                    if folder(a) != folder(b) and folder(b) != "kg" and folder(a) in rows
                    and folder(b) not in rows[folder(a)]})
    assert not wrong, "imports CONTRIBUTING.md's map does not allow:\n" + "\n".join(
        f"  {fa} imports {fb} ({via})" for fa, fb, via in wrong)
