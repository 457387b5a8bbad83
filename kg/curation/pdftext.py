"""A PDF's text, read in a child process with bounded memory, time and decompressed bytes.

A small PDF can hold compressed streams that decompress to gigabytes, or one string whose
text extraction runs for minutes: read in the server, a 274 KB file ran past 300 s and a
2.9 MB one raised the server to 3 GB. So ``read(name, data)`` runs ``python -m
kg.curation.pdftext`` on the bytes, and the child

- may allocate ``MEMORY_MB`` (``RLIMIT_DATA``) and use ``SECONDS`` of CPU (``RLIMIT_CPU``),
- decompresses at most ``STREAM_BYTES`` per stream and reads at most ``PAGE_TOKENS`` tokens
  per content stream (pypdf's own caps, lowered),
- stops as soon as the text passes ``max_chars``;

and the parent stops it after ``SECONDS`` of wall time. Each bound reached is refused as too
large (413); a file pypdf cannot read is broken (422). The memory the server holds for a PDF
is its bytes and its text, whatever the file asks for.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

from kg.curation.ingest_errors import ExtractError, TooLarge, UnsupportedType
from kg.core.settings import PROJECT_ROOT

MAX_PAGES = 500
MEMORY_MB = 512
SECONDS = 30
STREAM_BYTES = 4_000_000
PAGE_TOKENS = 250_000      # operands and operators in one content stream (pypdf's default: 2,000,000)
OUTPUT_LIMITS = ("zlib_maximum_output_length", "lzw_maximum_output_length", "run_length_maximum_output_length",
                 "brotli_maximum_output_length", "jbig2_maximum_output_length",
                 "array_based_stream_maximum_output_length", "maximum_declared_stream_length")


def read(name: str, data: bytes, *, max_chars: int, seconds: float = SECONDS,
         memory_mb: int = MEMORY_MB) -> tuple[list[str], str | None]:
    """The text of each page and the title of the PDF ``data`` (named ``name`` in messages)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    cmd = [sys.executable, "-m", "kg.curation.pdftext", str(max_chars), str(memory_mb), str(int(seconds) + 1)]
    try:
        done = subprocess.run(cmd, input=data, capture_output=True, timeout=seconds, env=env)
    except subprocess.TimeoutExpired:
        raise TooLarge(f"{name}: reading the PDF's text took longer than {seconds:g} s; it was stopped") from None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        answer = {"error": "memory" if done.returncode in (-6, -9, -24) else "crash"}
    error = answer.get("error")
    if error is None:
        return answer["pages"], answer.get("title")
    messages = {
        "memory": (TooLarge, f"reading the PDF's text needs more than {memory_mb} MB of memory"),
        "chars": (TooLarge, f"the PDF has more than {max_chars} characters of text"),
        "pages": (TooLarge, f"{answer.get('pages')} pages is more than {MAX_PAGES}"),
        "stream": (TooLarge, f"a stream of the PDF decompresses to more than {STREAM_BYTES} bytes"),
        "tokens": (TooLarge, f"a page of the PDF holds more than {PAGE_TOKENS} operators and operands"),
        "encrypted": (UnsupportedType, "the PDF is encrypted"),
        "broken": (ExtractError, f"the PDF is broken ({answer.get('message', '')[:200]})"),
    }
    cls, message = messages.get(error, (ExtractError, f"the PDF could not be read (exit {done.returncode})"))
    raise cls(f"{name}: {message}")


def _extract(data: bytes, max_chars: int) -> dict:
    import io

    from pypdf import PdfReader, overwrite_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    overwrite_configuration(stream_parsing_work_maximum_count=PAGE_TOKENS,
                            **{key: STREAM_BYTES for key in OUTPUT_LIMITS})
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return {"error": "encrypted"}
        if len(reader.pages) > MAX_PAGES:
            return {"error": "pages", "pages": len(reader.pages)}
        pages, chars = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            chars += len(pages[-1])
            if chars > max_chars:
                return {"error": "chars"}
        title = (reader.metadata.title if reader.metadata else None) or None
    except MemoryError:
        return {"error": "memory"}
    except LimitReachedError as exc:
        return {"error": "stream" if "decompress" in str(exc).lower() else "tokens", "message": str(exc)}
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as exc:
        return {"error": "broken", "message": f"{type(exc).__name__}: {exc}"}
    return {"pages": pages, "title": str(title) if title else None}


def main(argv: list[str]) -> None:
    max_chars, memory_mb, cpu_seconds = (int(a) for a in argv[:3])
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    data = sys.stdin.buffer.read()
    try:
        answer = _extract(data, max_chars)
    except MemoryError:
        answer = {"error": "memory"}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
