"""The corpus folder: source documents read by name, their hashes and passages.

The corpus is never copied into the repository; it is read from the folder the
settings name (``--corpus`` or ``KG_CORPUS``).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


class CorpusError(Exception):
    """A document is missing or unreadable."""


@dataclass(frozen=True)
class Passage:
    before: str
    text: str
    after: str
    start: int
    end: int


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Corpus:
    """Read access to the documents of one folder. Offsets count Unicode code points."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    @property
    def available(self) -> bool:
        return self.folder.is_dir()

    def files(self) -> list[Path]:
        if not self.available:
            return []
        return sorted(p for p in self.folder.iterdir() if p.suffix == ".txt" and p.is_file())

    def path(self, file_name: str) -> Path:
        if "/" in file_name or "\\" in file_name or file_name.startswith("."):
            raise CorpusError(f"not a corpus file name: {file_name!r}")
        return self.folder / file_name

    def text(self, file_name: str) -> str:
        return _read(str(self.path(file_name)))

    def sha256(self, file_name: str) -> str:
        return sha256_text(self.text(file_name))

    def passage(self, file_name: str, start: int, end: int, context: int = 160) -> Passage:
        text = self.text(file_name)
        if not (0 <= start < end <= len(text)):
            raise CorpusError(f"{file_name}: span {start}-{end} is outside the document (length {len(text)})")
        return Passage(text[max(0, start - context):start], text[start:end], text[end:end + context], start, end)


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime_ns: int, size: int) -> str:
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc


def _read(path: str) -> str:
    try:
        st = Path(path).stat()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read: {exc.strerror}") from exc
    return _read_cached(path, st.st_mtime_ns, st.st_size)
