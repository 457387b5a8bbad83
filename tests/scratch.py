"""Scratch copies of the corpus and data folders, for tests that ingest, review or rewrite files
(``../shared`` is read-only in CI), and the invented note several of them ingest."""
from __future__ import annotations

import shutil
from pathlib import Path

from kg.core.settings import PROJECT_ROOT

NOTES = ("Drafting notes on compute policy\n"
         "Officials said stronger chip export controls would reduce illicit compute access within two years.\n"
         "Anthropic argues that the lead could last up to 18 months, and nearly 40% of buyers agreed in March 2026.\n")


def scratch_folders(tmp_path: Path, corpus_dir: Path | None = None) -> tuple[Path, Path]:
    """``tmp_path/corpus`` (a copy of ``corpus_dir``) and ``tmp_path/data`` (the project's data
    without review files and hidden files), writable whatever the originals' modes."""
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    if corpus_dir is not None:
        shutil.copytree(corpus_dir, corpus)
    shutil.copytree(PROJECT_ROOT / "data", data, ignore=shutil.ignore_patterns("review", ".*"))
    for p in [*(corpus.iterdir() if corpus_dir is not None else ()), *data.rglob("*")]:
        p.chmod(0o644 if p.is_file() else 0o755)
    return corpus, data
