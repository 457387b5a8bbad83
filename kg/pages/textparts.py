"""A long text shown in parts: the review page shows one part of its document at a time (the
part holding the proposals being reviewed), with links to the previous and next parts, so that
a 723 KB document is not one page.

Parts lie on a fixed grid: part ``k`` starts at the first word starting at or after
``k * size`` (at most ``SNAP`` characters on) and ends where part ``k + 1`` starts, so "next"
then "previous" gives the same part back. A page's cost follows the part it shows: its segments
are cut only at the marks inside it (marks crossing its ends are clipped to it).
"""
from __future__ import annotations

PART = 6000   # characters a part holds (about a screen and a half of text at 1440 px)
SNAP = 200    # how far a part's start may move on to start at a word


def _boundary(text: str, k: int, size: int) -> int:
    """Where part ``k`` starts: ``k * size`` moved on to the start of the next word."""
    x = k * size
    if x <= 0:
        return 0
    if x >= len(text):
        return len(text)
    for i in range(x, min(len(text), x + SNAP)):
        if text[i - 1].isspace() and not text[i].isspace():
            return i
    return x


def count(text: str, size: int = PART) -> int:
    """How many parts ``text`` has (at least one; a tail shorter than half a part joins the last)."""
    return max(1, (len(text) + size // 2) // size)


def part_of(text: str, offset: int, size: int = PART) -> int:
    """The part holding character ``offset``."""
    k = min(max(0, offset) // size, count(text, size) - 1)
    return k - 1 if k > 0 and offset < _boundary(text, k, size) else k


def part(text: str, marks: list[dict], k: int, size: int = PART) -> dict:
    """Part ``k`` of ``text`` (the last one when ``k`` is past it): ``start``, ``end``, ``part``,
    ``parts``, ``previous`` and ``next`` (part numbers or None), and its ``segments`` cut at the
    ``marks`` (``id``, ``start``, ``end``) that overlap it (``segments``)."""
    parts = count(text, size)
    k = min(max(0, k), parts - 1)
    start, end = _boundary(text, k, size), _boundary(text, k + 1, size) if k + 1 < parts else len(text)
    return {"part": k, "parts": parts, "start": start, "end": end, "length": len(text),
            "previous": k - 1 if k > 0 else None, "next": k + 1 if k + 1 < parts else None,
            "segments": segments(text, marks, start, end)}


def segments(text: str, marks: list[dict], start: int = 0, end: int | None = None) -> list[dict]:
    """``text[start:end]`` (the whole text by default) cut at every boundary of the ``marks``
    (``id``, ``start``, ``end``; those crossing the window's ends are clipped to it): each piece's
    ``start``, ``text``, the ``anchors`` (mark ids) covering it and the ids of those starting there
    (``starts``, so every mark can be linked to)."""
    end = len(text) if end is None else end
    inside = [{**m, "start": max(m["start"], start), "end": min(m["end"], end)} for m in marks
              if 0 <= m["start"] < m["end"] <= len(text) and m["start"] < end and m["end"] > start]
    cuts = sorted({start, end, *(m["start"] for m in inside), *(m["end"] for m in inside)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [m["id"] for m in inside if m["start"] <= a and m["end"] >= b]
        starts = [m["id"] for m in inside if m["start"] == a]
        out.append({"start": a, "text": text[a:b], "anchors": covering, "starts": starts})
    return out
