"""The command examples of the README and of docs/ run: every ``$ kg ...`` line of a ``console``
block, in the order the page gives them, against scratch copies of the corpus and the curated
data (one copy per page, so a tutorial's ingest is seen by its review), from a folder where
``docs/`` is the project's (paths such as ``docs/examples/harbour-note.md`` work as written).

A command must exit 0, unless the line ends with ``# exit N``. The lines under a command up to the
next ``$`` are output the page shows: each must appear in one line of the command's output, with
runs of spaces collapsed and ``...`` standing for anything. A renamed flag, a changed output or an
example that no longer runs fails here. The server addresses the README and the tutorials give
(``<http://127.0.0.1:8000/...>`` and ``/path?...`` in backticks) must answer 200 on the curated app."""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.core.settings import PROJECT_ROOT
from scratch import scratch_folders

BLOCK = re.compile(r"^( *)```console\n(.*?)^\1```", re.MULTILINE | re.DOTALL)
EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")


@dataclass
class Example:
    page: str
    line: int
    args: list[str]
    status: int = 0
    shown: list[str] = field(default_factory=list)


def pages() -> list[Path]:
    return [PROJECT_ROOT / "README.md", *sorted((PROJECT_ROOT / "docs").rglob("*.md"))]


def examples(path: Path) -> list[Example]:
    text = path.read_text(encoding="utf-8")
    found: list[Example] = []
    for block in BLOCK.finditer(text):
        first = text.count("\n", 0, block.start(2)) + 1
        current = None
        for i, line in enumerate(block.group(2).splitlines()):
            line = line[len(block.group(1)):] if line.startswith(block.group(1)) else line
            if line.startswith("$ "):
                command = line[2:]
                status = 0
                if m := EXIT.search(command):
                    status, command = int(m.group(1)), command[:m.start()]
                words = shlex.split(command)
                current = None
                if words and words[0] == "kg":
                    current = Example(path.name if not path.is_relative_to(PROJECT_ROOT)
                                      else str(path.relative_to(PROJECT_ROOT)), first + i, words[1:], status)
                    found.append(current)
            elif current is not None and line.strip():
                current.shown.append(line)
    return found


def squash(text: str) -> str:
    return " ".join(text.split())


def shows(output: str, line: str) -> bool:
    pieces = [squash(p) for p in squash(line).split("...") if p.strip()]
    for out in output.splitlines():
        out, pos = squash(out), 0
        for piece in pieces:
            pos = out.find(piece, pos)
            if pos < 0:
                break
            pos += len(piece)
        else:
            return True
    return False


PAGES = [p for p in pages() if examples(p)]


def test_the_pages_have_examples():
    names = {str(p.relative_to(PROJECT_ROOT)) for p in PAGES}
    assert {"README.md", "docs/tutorial/add-a-report.md", "docs/tutorial/trace-a-measure.md"} <= names, names


def test_a_stale_flag_would_fail(tmp_path):
    """The check itself: a command with an unknown flag exits 2, which is not the 0 expected."""
    page = tmp_path / "page.md"
    page.write_text("```console\n$ kg trace id:x --no-such-flag\n```\n", encoding="utf-8")
    (example,) = examples(page)
    result = CliRunner().invoke(main, example.args)
    assert result.exit_code == 2 != example.status


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(PROJECT_ROOT)))
def test_page_examples_run(page, tmp_path, corpus_dir, monkeypatch):
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    work = tmp_path / "work"
    work.mkdir()
    (work / "docs").symlink_to(PROJECT_ROOT / "docs")
    monkeypatch.chdir(work)
    env = {"KG_CORPUS": str(corpus), "KG_DATA": str(data), "KG_STORE": "oxigraph",
           "KG_STORE_PATH": str(tmp_path / "store"), "KG_WARM_UP": "0"}
    runner = CliRunner()
    for ex in examples(page):
        result = runner.invoke(main, ex.args, env=env, catch_exceptions=False)
        where = f"{ex.page}:{ex.line}: kg {shlex.join(ex.args)}"
        assert result.exit_code == ex.status, f"{where} exited {result.exit_code}:\n{result.output[-2000:]}"
        missing = [line for line in ex.shown if not shows(result.output, line)]
        assert not missing, f"{where}: the page shows lines the output lacks: {missing}\n{result.output[-3000:]}"


URL = re.compile(r"<http://127\.0\.0\.1:8000(/[^>\s]*)>|`(/[a-z][^`\s]*)`")


def tour_urls() -> list[tuple[str, str]]:
    """The server addresses the README and the tutorials send a reader to (those without a
    ``...`` left for the reader to fill in)."""
    found = {}
    for path in [PROJECT_ROOT / "README.md", PROJECT_ROOT / "docs" / "index.md",
                 *sorted((PROJECT_ROOT / "docs" / "tutorial").glob("*.md"))]:
        for m in URL.finditer(path.read_text(encoding="utf-8")):
            url = m.group(1) or m.group(2)
            if "..." not in url:
                found.setdefault(url, str(path.relative_to(PROJECT_ROOT)))
    return sorted(found.items())


def test_the_tour_addresses_answer(client):
    urls = tour_urls()
    assert any(u.startswith("/trace?") for u, _ in urls) and any("format=pptx" in u for u, _ in urls)
    failed = []
    for url, page in urls:
        response = client.get(url, headers={"Accept": "text/html,*/*;q=0.8"})
        if response.status_code != 200:
            failed.append(f"{page}: {url} -> {response.status_code}")
    assert not failed, "\n".join(failed)
