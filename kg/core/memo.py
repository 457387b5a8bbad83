"""``memo_short_text``: remember a pure function's answers for short text arguments.

Clients repeat the same queries and headers; parsing them again was a visible part of the
time of a cached SPARQL answer. Long texts (over ``max_chars``) are computed each time, so
the memory held stays bounded by ``maxsize * max_chars``; exceptions are never remembered.
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

T = TypeVar("T")


def memo_short_text(maxsize: int, max_chars: int = 4096) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorator for ``fn(text, *args)`` with a hashable result and hashable ``args``."""
    def wrap(fn: Callable[..., T]) -> Callable[..., T]:
        cached = functools.lru_cache(maxsize=maxsize)(fn)

        @functools.wraps(fn)
        def call(text: str, *args):
            return cached(text, *args) if len(text) <= max_chars else fn(text, *args)

        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call
    return wrap
