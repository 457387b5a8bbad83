"""The corpus is never copied into the repository: no run of 8 words from any corpus file
appears in any tracked or untracked (not ignored) text file. Document titles are excepted:
the first line of a document when it is a headline, and the title of the report the
documents discuss (a quoted name after "titled")."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kg.core.settings import PROJECT_ROOT

RUN = 8
WORD = re.compile(r"\w+")
QUOTED_TITLE = re.compile(r"\b(?:en)?titled\s+[\"“‘']([^\"”’']{3,200})[\"”’']", re.IGNORECASE)
SENTENCE_END = (".", "!", "?", ":", ";", ",")


@dataclass(frozen=True)
class Copy:
    file: str
    line: int
    words: str


def words_of(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def title_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the titles in a document: a headline first line, quoted report titles."""
    spans = []
    first = text.split("\n", 1)[0]
    stripped = first.strip()
    if stripped and not stripped.startswith(("-", "*", "•")) and not stripped.endswith(SENTENCE_END) \
            and len(words_of(stripped)) <= 20:
        spans.append((0, len(first)))
    spans += [m.span(1) for m in QUOTED_TITLE.finditer(text)]
    return spans


def corpus_shingles(corpus_dir: Path, n: int = RUN) -> set[tuple[str, ...]]:
    """Every run of ``n`` words of the corpus, titles cut out (a run never spans a title)."""
    found: set[tuple[str, ...]] = set()
    for path in sorted(corpus_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pieces, pos = [], 0
        for start, end in sorted(title_spans(text)):
            pieces.append(text[pos:start])
            pos = max(pos, end)
        pieces.append(text[pos:])
        for piece in pieces:
            w = words_of(piece)
            found.update(tuple(w[i:i + n]) for i in range(len(w) - n + 1))
    return found


def repo_text_files(root: Path = PROJECT_ROOT) -> list[Path]:
    """Tracked and untracked files that git does not ignore, and that read as text."""
    out = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=root,
                         capture_output=True, check=True).stdout.decode()
    files = []
    for name in filter(None, out.split("\0")):
        path = root / name
        if not path.is_file() or path.stat().st_size > 20_000_000:
            continue
        head = path.read_bytes()[:8192]
        if b"\0" in head:
            continue
        files.append(path)
    return files


def find_copies(paths: list[Path], shingles: set[tuple[str, ...]], n: int = RUN) -> list[Copy]:
    """Each file's first run of ``n`` words that also occurs in the corpus (case and spacing ignored)."""
    copies = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        matches = [(m.group().lower(), m.start()) for m in WORD.finditer(text)]
        w = [m[0] for m in matches]
        for i in range(len(w) - n + 1):
            if tuple(w[i:i + n]) in shingles:
                copies.append(Copy(str(path), text.count("\n", 0, matches[i][1]) + 1, " ".join(w[i:i + n])))
                break
    return copies


def test_no_run_of_eight_corpus_words_in_the_repo(corpus_dir: Path):
    shingles = corpus_shingles(corpus_dir)
    assert len(shingles) > 2000
    files = repo_text_files()
    assert any(p.name == "README.md" for p in files) and any(p.suffix == ".py" for p in files)
    copies = find_copies(files, shingles)
    assert copies == [], "corpus text copied into the repo:\n" + "\n".join(
        f"  {c.file}:{c.line}: {c.words}" for c in copies)


# ------------------------------------------------------------------ the checker itself

def _corpus_words(corpus_dir: Path, stem: str, start: int, count: int) -> list[str]:
    text = (corpus_dir / f"{stem}.txt").read_text(encoding="utf-8")
    return WORD.findall(text)[start:start + count]


def test_checker_catches_a_pasted_sentence(corpus_dir: Path, tmp_path: Path):
    shingles = corpus_shingles(corpus_dir)
    words = _corpus_words(corpus_dir, "002_c1734acbc6d7b2bc", 40, 12)   # read at test time, never stored
    pasted = tmp_path / "notes.md"
    # different case and spacing, split over lines, inside other text
    body = "  ".join(words[:5]).upper() + "\n\t" + " ".join(words[5:])
    pasted.write_text(f"# Notes\nSome words of our own.\n{body}\nMore of our own.\n", encoding="utf-8")
    copies = find_copies([pasted], shingles)
    assert len(copies) == 1 and copies[0].line == 3
    assert copies[0].words == " ".join(w.lower() for w in words[:8])


def test_checker_allows_seven_words_and_titles(corpus_dir: Path, tmp_path: Path):
    shingles = corpus_shingles(corpus_dir)
    seven = _corpus_words(corpus_dir, "001_ee16a0d438a18aaf", 60, 7)
    headline = (corpus_dir / "003_1fec6e346c5e7f15.txt").read_text(encoding="utf-8").split("\n", 1)[0]
    assert len(words_of(headline)) >= 8  # long enough that it would count if titles were not excepted
    ok = tmp_path / "ok.ttl"
    ok.write_text(f'x:a x:label "{" ".join(seven)}" .\nx:d x:title "{headline}"@en .\n', encoding="utf-8")
    assert find_copies([ok], shingles) == []
    titles = [m.group(1) for p in corpus_dir.glob("*.txt") for m in QUOTED_TITLE.finditer(p.read_text(encoding="utf-8"))]
    assert titles, "the report title is found in the corpus"
    (tmp_path / "title.md").write_text(f"The report: {titles[0]} (published by the lab).\n", encoding="utf-8")
    assert find_copies([tmp_path / "title.md"], shingles) == []


def test_repo_listing_skips_ignored_files(tmp_path: Path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("ignored/\n")
    (tmp_path / "ignored").mkdir()
    (tmp_path / "ignored" / "a.txt").write_text("x")
    (tmp_path / "kept.txt").write_text("y")
    (tmp_path / "blob.bin").write_bytes(b"\0\1\2")
    names = sorted(p.name for p in repo_text_files(tmp_path))
    assert names == [".gitignore", "kept.txt"]
