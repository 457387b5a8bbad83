"""A small PDF cannot make the server decompress gigabytes or extract for minutes: its text is
read in a child process with bounded memory and time, at most a few megabytes per stream and a
bounded number of operators per page. Hostile files are refused as too large (413 on the web,
exit 2 from ``kg ingest``); the process that asked holds no more memory than before."""
from __future__ import annotations

import resource

import pytest

from kg.curation import pdftext
from kg.curation.extract import extract
from kg.curation.ingest_errors import TooLarge
from pdf_bombs import long_strings, many_operators

MB = 1024 * 1024


def peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


@pytest.mark.parametrize("make, needle", [
    (lambda: long_strings(4, 70_000_000), "decompresses to more than"),      # 270 KB of file, 280 MB of streams
    (lambda: many_operators(20, 300_000), "operators"),                     # 2.3 M text operators per file
    (lambda: long_strings(3, 3_000_000), "characters of text"),             # under the stream cap, over the text cap
])
def test_a_pdf_that_asks_for_too_much_is_refused_as_too_large(make, needle):
    data = make()
    assert len(data) < 3 * MB
    before = peak_mb()
    with pytest.raises(TooLarge, match=needle):
        extract("bomb.pdf", data, max_bytes=10 * MB, max_chars=2_000_000)
    assert peak_mb() - before < 64, "the extraction grew the calling process"


def test_the_child_is_stopped_at_its_time_limit():
    with pytest.raises(TooLarge, match="took longer than"):
        pdftext.read("slow.pdf", many_operators(60, 100_000), max_chars=10**9, seconds=1)   # under the operator cap


def test_the_child_is_stopped_at_its_memory_limit():
    with pytest.raises(TooLarge, match="MB of memory"):
        pdftext.read("big.pdf", long_strings(2, 3_000_000), max_chars=10**9, memory_mb=40)


def test_an_ordinary_pdf_still_reads():
    stream = b"BT /F1 12 Tf 72 712 Td (A short page of our own words about chips.) Tj ET"
    import zlib

    from pdf_bombs import _pdf

    text = extract("fine.pdf", _pdf([zlib.compress(stream)] * 2), max_bytes=MB, max_chars=10_000).text
    assert text.count("A short page of our own words about chips.") == 2
