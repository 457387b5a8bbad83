"""Text out of an uploaded file: plain text, Markdown, HTML (the main text, by trafilatura:
navigation, footers and other boilerplate dropped) and PDF (pypdf, in a bounded child process: ``kg.curation.pdftext``).

The type is read from the bytes, not trusted from the name: a PDF starts with ``%PDF-``, HTML
has markup, text is UTF-8 without NUL bytes; a name whose extension says otherwise, a type that
is none of these, an empty, broken or oversized file is refused with an ``ExtractError`` that
names the file and the problem.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.curation import pdftext
from kg.curation.ingest_errors import ExtractError, TooLarge, UnsupportedType

EXTENSIONS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
              ".htm": "html", ".xhtml": "html", ".pdf": "pdf"}
MIN_CHARS = 20
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|article|main|p|div|h1|title)\b", re.I)
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"MZ", b"\x1f\x8b", b"BZh",
                 b"7z\xbc\xaf", b"Rar!", b"\xd0\xcf\x11\xe0", b"%!PS")


@dataclass
class Extracted:
    text: str
    kind: str           # text | markdown | html | pdf
    title: str | None = None


def sniff(data: bytes) -> str:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if any(head.startswith(m) for m in _BINARY_MAGIC) or b"\0" in data[:65536]:
        return "binary"
    if _HTML.search(head[:2048]):
        return "html"
    return "text"


def extract(name: str, data: bytes, *, max_bytes: int, max_chars: int) -> Extracted:
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if len(data) > max_bytes:
        raise TooLarge(f"{name}: {len(data)} bytes is more than the upload cap of {max_bytes} bytes")
    if not data.strip():
        raise ExtractError(f"{name}: the file is empty")
    declared = EXTENSIONS.get(suffix)
    if declared is None:
        raise UnsupportedType(f"{name}: unsupported file type {suffix or '(no extension)'!r}; "
                              f"give {', '.join(sorted(EXTENSIONS))}")
    found = sniff(data)
    if found == "binary":
        raise UnsupportedType(f"{name}: the content is binary (not text, HTML or PDF)")
    if declared == "pdf" and found != "pdf":
        raise UnsupportedType(f"{name}: named .pdf but the content is not a PDF (no %PDF- header)")
    if declared != "pdf" and found == "pdf":
        raise UnsupportedType(f"{name}: the content is a PDF; name it .pdf")
    if declared == "pdf":
        result = _pdf(name, data, max_chars)
    elif declared == "html" or (declared in ("text", "markdown") and found == "html" and suffix == ".html"):
        result = _html(name, data)
    else:
        result = Extracted(_decode(name, data), declared)
    text = normalise(result.text)
    if len(text) > max_chars:
        raise TooLarge(f"{name}: {len(text)} characters of text is more than the cap of {max_chars}")
    if len(text.strip()) < MIN_CHARS:
        raise ExtractError(f"{name}: no text could be extracted ({len(text.strip())} characters)")
    result.text = text
    return result


def normalise(text: str) -> str:
    """NFC, Unix line ends, no trailing spaces, no control characters, one final newline."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsupportedType(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _html(name: str, data: bytes) -> Extracted:
    import trafilatura

    html = _decode(name, data)
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True,
                                   deduplicate=True)
        meta = trafilatura.extract_metadata(html)
    except Exception as exc:  # noqa: BLE001 - a parser failure on hostile markup is the file's problem
        raise ExtractError(f"{name}: the HTML could not be read ({type(exc).__name__})") from exc
    if not text:
        raise ExtractError(f"{name}: no main text found in the HTML")
    return Extracted(text, "html", getattr(meta, "title", None) if meta else None)


def _pdf(name: str, data: bytes, max_chars: int) -> Extracted:
    """The text of a PDF, read in a bounded child process (``kg.curation.pdftext``)."""
    pages, title = pdftext.read(name, data, max_chars=max_chars)
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)        # words hyphenated across lines
    text = re.sub(r"(?<![.!?:\n])\n(?!\n)", " ", text)     # lines of one paragraph joined
    return Extracted(text, "pdf", title)
