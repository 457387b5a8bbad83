"""Content negotiation, one way for every route: pages, entities, the SPARQL endpoint, errors.

A *table* maps media types to format names, best default first. ``negotiate(accept, table)``
reads the Accept header's media ranges best first (q-values honoured, ``q=0`` dropped, ties
in the client's order) and returns the format of the first range the table serves: an exact
media type, ``*/*`` (the table's first entry) or ``type/*`` (its first entry of that type);
no Accept header means the first entry. ``choose(request, table, suffix)`` lets a path suffix
(``.json``, ``.ttl``) win over Accept, and raises ``NotAcceptable`` (406 by ``errors.RULES``, naming what is
served) when nothing fits. An error response never fails negotiation: it falls back to JSON.
"""
from __future__ import annotations

from starlette.requests import Request

from kg.core.memo import memo_short_text


class NotAcceptable(Exception):
    """None of the formats the client accepts can be served here; the message names those that can."""


# -- tables: media type -> format (the first entry is the default and answers */*) ----------
# data before application/xhtml+xml in every table: "application/*" asks for data, not a page
PAGE = {"text/html": "html", "application/json": "json", "application/xhtml+xml": "html"}
ERROR = {"application/json": "json", "text/html": "html", "application/xhtml+xml": "html"}
ENTITY = {"text/html": "html", "application/ld+json": "jsonld", "application/xhtml+xml": "html",
          "text/turtle": "ttl", "application/x-turtle": "ttl", "text/n3": "ttl",
          "application/trig": "trig", "application/json": "json"}
# entity format -> (media type, path suffix); every non-HTML form is announced as an alternate
FORMATS = {
    "html": ("text/html", ""),
    "ttl": ("text/turtle", ".ttl"),
    "jsonld": ("application/ld+json", ".jsonld"),
    "trig": ("application/trig", ".trig"),
    "json": ("application/json", ".json"),
}
SUFFIXES = {suffix: name for name, (_, suffix) in FORMATS.items() if suffix}


@memo_short_text(maxsize=256)
def accept_ranges(accept: str) -> tuple[str, ...]:
    """Media ranges of an Accept header, best first (q=0 dropped; ties keep their order).

    Clients send the same few headers again and again: short ones are remembered."""
    ranges = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media))
    return tuple(m for _, _, m in sorted(ranges))


def negotiate(accept: str | None, table: dict[str, str]) -> str | None:
    """The format of ``table`` the Accept header prefers; the table's first entry when no Accept;
    None when nothing in Accept is served."""
    if not accept or not accept.strip():
        return next(iter(table.values()))
    for media in accept_ranges(accept):
        if media in table:
            return table[media]
        if media == "*/*":
            return next(iter(table.values()))
        if media.endswith("/*"):
            major = media[:-1]
            for known, fmt in table.items():
                if known.startswith(major):
                    return fmt
    return None


def wildcard_only(accept: str | None) -> bool:
    """True when Accept says nothing specific (absent, or only ``*/*``)."""
    return not accept or all(m == "*/*" for m in accept_ranges(accept))


def choose(request: Request, suffix: str | None = None, table: dict[str, str] = ENTITY) -> str:
    """The format to send: the path suffix's when there is one, else the best acceptable one
    of ``table``; 406 when nothing fits."""
    if suffix:
        return suffix
    accept = request.headers.get("accept")
    chosen = negotiate(accept, table)
    if chosen is None:
        raise NotAcceptable(f"nothing in Accept: {accept!r} can be served here; this page is available as "
                                   + ", ".join(dict.fromkeys(table)))
    return chosen


def page_format(request: Request) -> str:
    """``json`` or ``html`` for a page: a ``.json`` path wins, else Accept (406 when neither fits)."""
    return choose(request, "json" if request.url.path.endswith(".json") else None, PAGE)


def error_format(request: Request) -> str:
    """``html`` when a browser asks for a page (and the path is not ``.json``), else ``json``."""
    if request.url.path.endswith(".json"):
        return "json"
    return negotiate(request.headers.get("accept"), ERROR) or "json"


def wants_image(request: Request) -> bool:
    """True for an image fetch (``<img src>``): Accept's best specific range is an image."""
    specific = [m for m in accept_ranges(request.headers.get("accept", "")) if m != "*/*"]
    return bool(specific) and specific[0].startswith("image/")


def split_suffix(path: str) -> tuple[str, str | None]:
    """``measure-x.ttl`` -> (``measure-x``, ``ttl``); no known suffix -> (path, None)."""
    for suffix, name in SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], name
    return path, None


def alternates(url_for_format) -> list[tuple[str, str]]:
    """(url, media type) of every non-HTML form, for Link headers and <link> elements."""
    return [(url_for_format(name), media) for name, (media, suffix) in FORMATS.items() if suffix]
