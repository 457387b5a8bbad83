"""CONTRIBUTING.md's map holds: each folder of its table imports only the folders its "imports"
column allows (imports read from the source as tests/test_layout.py reads them), a row allows
only the rows above it (the layers), and every folder of kg/ has a row."""
from __future__ import annotations

import re

from kg.core.settings import PROJECT_ROOT
from test_layout import folder, import_graph

FOLDER = re.compile(r"`(kg/\w+|web)/`")
KG_FOLDERS = sorted(p.name for p in (PROJECT_ROOT / "kg").iterdir() if p.is_dir() and not p.name.startswith("_"))


def documented() -> dict[str, set[str]]:
    """Folder (``kg.core``, ``web``) -> the folders its row allows it to import: the folders it
    names, ``A to B`` for every row from A's to B's, ``any kg/ folder except X``."""
    text = (PROJECT_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = text[text.index("## The map"):].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and FOLDER.search(cells[0]):
            rows.append(([n.replace("/", ".") for n in FOLDER.findall(cells[0])], cells[2]))
    order = [name for names, _ in rows for name in names]
    allowed = {}
    for names, cell in rows:
        allows, _, but = cell.partition("except")
        for a, b in re.findall(r"(\w+) to (\w+)", allows):
            start, end = order.index(f"kg.{a}"), order.index(f"kg.{b}")
            allows += " " + " ".join(o.split(".")[-1] for o in order[start:end + 1])
        words, unless = set(re.findall(r"[a-z]+", allows)), set(re.findall(r"[a-z]+", but))
        found = {f"kg.{n}" for n in KG_FOLDERS if n in words} | ({"web"} if "web" in words else set())
        if "any" in words:
            found |= {f"kg.{n}" for n in KG_FOLDERS if n not in unless}
        for name in names:
            allowed[name] = found
    return allowed


def test_the_map_is_in_layer_order():
    """A row allows only folders of the rows above it (cli and web: any kg/ folder)."""
    rows = documented()
    order = list(rows)
    for name, allowed in rows.items():
        if name in ("kg.cli", "web"):
            continue
        later = set(order[order.index(name) + 1:])
        assert not allowed & later, f"{name} may import folders below it in the map: {sorted(allowed & later)}"


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
