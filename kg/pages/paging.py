"""Paging: what makes a list page cost what it shows.

``page(total, offset, limit)`` is the paging part of every list's context (``count``,
``offset``, ``limit``, ``next`` and ``previous`` offsets or None); the web layer turns the
offsets into links. ``check`` refuses offsets and limits out of range with ``PageError``.
"""
from __future__ import annotations

LIMIT = 50          # rows per page unless asked otherwise
MAX_LIMIT = 500     # the most rows one page may ask for


class PageError(ValueError):
    """A paging parameter out of range; the message names it."""


def check(offset: int, limit: int) -> None:
    if offset < 0:
        raise PageError(f"offset must be 0 or more (got {offset})")
    if not 1 <= limit <= MAX_LIMIT:
        raise PageError(f"limit must be between 1 and {MAX_LIMIT} (got {limit})")


def page(total: int, offset: int, limit: int) -> dict:
    """The paging facts of one page of a list of ``total`` items."""
    return {"count": total, "offset": offset, "limit": limit,
            "next": offset + limit if offset + limit < total else None,
            "previous": max(0, offset - limit) if offset > 0 else None}
