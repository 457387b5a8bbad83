"""Content negotiation for entity URLs: a suffix wins, else the Accept header, else HTML."""
from __future__ import annotations

from fastapi import Request

from .templating import accepts

# format name -> (media type, suffix)
FORMATS = {
    "html": ("text/html", ""),
    "ttl": ("text/turtle", ".ttl"),
    "jsonld": ("application/ld+json", ".jsonld"),
    "trig": ("application/trig", ".trig"),
    "json": ("application/json", ".json"),
}
SUFFIXES = {suffix: name for name, (_, suffix) in FORMATS.items() if suffix}
_MEDIA = {
    "text/html": "html", "application/xhtml+xml": "html",
    "text/turtle": "ttl", "application/x-turtle": "ttl", "text/n3": "ttl",
    "application/ld+json": "jsonld",
    "application/trig": "trig",
    "application/json": "json",
}


def split_suffix(path: str) -> tuple[str, str | None]:
    """``measure-x.ttl`` -> (``measure-x``, ``ttl``); no known suffix -> (path, None)."""
    for suffix, name in SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], name
    return path, None


def choose(request: Request, suffix_format: str | None = None) -> str | None:
    """The format to send: the suffix's, else the best acceptable one; None when nothing fits."""
    if suffix_format:
        return suffix_format
    offered = accepts(request)
    if not offered:
        return "html"
    for media in offered:
        if media in _MEDIA:
            return _MEDIA[media]
        if media in ("*/*", "text/*"):
            return "html"
        if media == "application/*":
            return "jsonld"
    return None


def alternates(url_for_format) -> list[tuple[str, str]]:
    """(url, media type) of every non-HTML form, for Link headers and <link> elements."""
    return [(url_for_format(name), media) for name, (media, suffix) in FORMATS.items() if suffix]
