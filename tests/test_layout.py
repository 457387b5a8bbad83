"""The layout: no import cycle in ``kg/`` or ``web/``, between modules or between folders, and
``kg/``'s top level holds packages, not loose modules (CONTRIBUTING.md has the map).

Imports are read from the source (module-level and function-level alike): importing
``a.b.c`` also runs the package ``a.b``'s ``__init__``, so that counts as an import too.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in sorted([*ROOT.glob("kg/**/*.py"), *ROOT.glob("web/**/*.py")]):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (path, is_pkg)
    return out


MODULES = _modules()


def _targets(module: str, is_pkg: bool, node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        if node.level:
            base = module.split(".") if is_pkg else module.split(".")[:-1]
            base = base[:len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        names = [f"{prefix}.{a.name}" if f"{prefix}.{a.name}" in MODULES else prefix for a in node.names]
    out = []
    for name in names:
        while name and name not in MODULES and "." in name:
            name = name.rsplit(".", 1)[0]
        if name in MODULES:
            out.append(name)
            parts = name.split(".")   # the packages on the way are imported first (not the importer's own)
            out += [pkg for pkg in (".".join(parts[:i]) for i in range(1, len(parts)))
                    if pkg in MODULES and not module.startswith(pkg + ".")]
    return out


def import_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for module, (path, is_pkg) in MODULES.items():
        g.add_node(module)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _targets(module, is_pkg, node):
                    if target != module:
                        g.add_edge(module, target)
    return g


def folder(module: str) -> str:
    """The layer a module belongs to: ``kg.<package>`` (its subpackages included), or ``web``."""
    parts = module.split(".")
    if parts[0] == "web":
        return "web"
    return ".".join(parts[:2]) if len(parts) > 1 and (ROOT / "kg" / parts[1]).is_dir() else "kg"


def test_no_cycle_between_modules():
    g = import_graph()
    cycles = list(nx.simple_cycles(g, length_bound=12))
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join([*c, c[0]]) for c in cycles[:20])


def test_no_cycle_between_folders():
    g = import_graph()
    folders = nx.DiGraph()
    for a, b in g.edges:
        fa, fb = folder(a), folder(b)
        if fa != fb:
            folders.add_edge(fa, fb, via=f"{a} -> {b}")
    cycles = list(nx.simple_cycles(folders))
    detail = [" -> ".join([*c, c[0]]) + "  (" + "; ".join(folders.edges[c[i], c[(i + 1) % len(c)]]["via"]
                                                          for i in range(len(c))) + ")" for c in cycles]
    assert not cycles, "folders that import each other:\n" + "\n".join(detail)


def test_core_never_imports_web():
    g = import_graph()
    bad = [(a, b) for a, b in g.edges if a.startswith("kg.") and b.split(".")[0] == "web" and a != "kg.cli.serve"]
    assert not bad, bad


def test_top_level_of_kg_is_packages():
    loose = sorted(p.name for p in (ROOT / "kg").glob("*.py"))
    assert len(loose) <= 6, loose


def shared_names(paths: list[Path]) -> dict[str, list[str]]:
    """File names that more than one module outside ``kg/cli/`` has (``__init__.py`` excepted)."""
    by_name: dict[str, list[str]] = {}
    for path in paths:
        rel = path.relative_to(ROOT).as_posix()
        if path.name != "__init__.py" and not rel.startswith("kg/cli/"):
            by_name.setdefault(path.name, []).append(rel)
    return {name: where for name, where in by_name.items() if len(where) > 1}


def test_no_two_modules_share_a_name():
    """One name, one thing: outside kg/cli/ (one module per command) no two modules share a file name."""
    shared = shared_names([path for path, _ in MODULES.values()])
    assert not shared, shared


def test_shared_name_check_sees_a_shared_name():
    names = [ROOT / p for p in ("kg/a/cache.py", "kg/b/cache.py", "kg/cli/cache.py", "kg/a/__init__.py",
                                "kg/b/__init__.py", "kg/cli/query.py", "web/query.py")]
    assert shared_names(names) == {"cache.py": ["kg/a/cache.py", "kg/b/cache.py"]}


def test_cycle_check_sees_a_cycle(tmp_path):
    """The check itself: two modules that import each other (one inside a function) are found."""
    g = nx.DiGraph()
    a = ast.parse("from kg.x import b\n")
    b = ast.parse("def f():\n    from kg.x import a\n")
    saved = dict(MODULES)
    MODULES.update({"kg.x.a": (tmp_path / "a.py", False), "kg.x.b": (tmp_path / "b.py", False)})
    try:
        for name, tree in (("kg.x.a", a), ("kg.x.b", b)):
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    for t in _targets(name, False, node):
                        g.add_edge(name, t)
    finally:
        MODULES.clear()
        MODULES.update(saved)
    assert [sorted(c) for c in nx.simple_cycles(g)] == [["kg.x.a", "kg.x.b"]]


@pytest.mark.parametrize("module", sorted(m for m in MODULES if not m.endswith("__main__")))
def test_every_module_imports_on_its_own(module):
    """Each module imports in a fresh interpreter state order-independently (no cycle hidden by order)."""
    importlib.import_module(module)
