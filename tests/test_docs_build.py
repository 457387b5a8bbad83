"""The documentation site builds with ``mkdocs build --strict``: a broken link, an image that is not
there, a page of docs/ missing from the menu or a bad hook fails it. The menu's "Reference" lists
every file of docs/reference/ by itself (scripts/docs_hooks.py); the pages kept outside docs/
(the data model, the data conventions, CONTRIBUTING.md) are in the site; the generated tables
are read from the code."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from kg.core.settings import PROJECT_ROOT, SETTINGS


def build(root: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
                           "-d", str(site)], cwd=root, capture_output=True, text=True, timeout=300)


def copy_of_the_docs(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(PROJECT_ROOT / "docs", root / "docs")
    for name in ("mkdocs.yml", "scripts/docs_hooks.py", "ontology/README.md", "data/README.md", "CONTRIBUTING.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT_ROOT / name, root / name)
    return root


def test_the_site_builds_strictly(tmp_path):
    site = tmp_path / "site"
    done = build(PROJECT_ROOT, site)
    assert done.returncode == 0, done.stdout + done.stderr
    for page in sorted((PROJECT_ROOT / "docs").rglob("*.md")):
        assert (site / page.relative_to(PROJECT_ROOT / "docs").with_suffix(".html")).is_file(), page
    reference = (site / "reference" / "commands.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    for page in sorted((PROJECT_ROOT / "docs" / "reference").glob("*.md")):   # each reference page in the menu
        assert f'href="{page.stem}.html"' in reference, f"{page.name} is not in the menu"
        assert f'href="reference/{page.stem}.html"' in home, f"{page.name} is not listed on the home page"
    model = (site / "model" / "ontology.html").read_text(encoding="utf-8")
    assert "# Q1 " in model                                  # the model page, example queries included
    settings = (site / "reference" / "settings.html").read_text(encoding="utf-8")
    assert all(s.env in settings for s in SETTINGS)         # the settings table, read from the code
    commands = (site / "reference" / "commands.html").read_text(encoding="utf-8")
    assert "--include-proposed" in commands and "--update-token" in commands


def test_a_broken_link_fails_the_build(tmp_path):
    root = copy_of_the_docs(tmp_path)
    page = root / "docs" / "reference" / "commands.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [nowhere](no-such-page.md).\n", encoding="utf-8")
    done = build(root, tmp_path / "site")
    assert done.returncode != 0 and "no-such-page.md" in done.stdout + done.stderr


def test_a_new_reference_page_joins_the_menu_by_itself(tmp_path):
    root = copy_of_the_docs(tmp_path)
    (root / "docs" / "reference" / "zz-new-topic.md").write_text("# A new topic\n\nText.\n", encoding="utf-8")
    (root / "docs" / "stray.md").write_text("# Not in the menu\n", encoding="utf-8")
    done = build(root, tmp_path / "site")
    assert done.returncode != 0 and "stray.md" in done.stdout + done.stderr   # outside reference/: listed by hand
    (root / "docs" / "stray.md").unlink()
    done = build(root, tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'href="zz-new-topic.html"' in (tmp_path / "site" / "reference" / "commands.html").read_text(encoding="utf-8")
