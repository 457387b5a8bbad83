"""Query parameters that several routes share, declared once: paging, and the request limits of
``kg.core.settings.LIMITS`` (the same default, range and help as the CLI options of that name)."""
from __future__ import annotations

from fastapi import Query

from kg.pages.paging import LIMIT, MAX_LIMIT
from kg.core.settings import LIMITS

OFFSET = Query(0, ge=0, le=10_000_000, description="Index of the first row shown")
PAGE_LIMIT = Query(LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page")
NAME_MAX = 2000  # an IRI or label longer than this names nothing


def limit(name: str, prefix: str = ""):
    """The ``Query`` of the request limit ``name``."""
    lim = LIMITS[name]
    return Query(lim.default, ge=lim.low, le=lim.high, description=prefix + lim.help)
