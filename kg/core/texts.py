"""What a text written into the record may hold, wherever it comes from (a review edit, an
upload's metadata, a literal a ``/sparql`` update adds): no control characters (tab and line
breaks aside, in long texts only), and a name (a label, a title, a publisher, a unit) at most
``MAX_NAME_CHARS`` characters and no markup tag. Longer texts (a note, a mechanism, a
definition) may hold up to ``MAX_TEXT_CHARS``. ``text_problem`` says what is wrong, or None.
"""
from __future__ import annotations

import re

MAX_NAME_CHARS = 500
MAX_TEXT_CHARS = 20_000
NAME_FIELDS = frozenset({"label", "title", "publisher", "unit"})
NAME_PROPERTIES = frozenset({
    "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2000/01/rdf-schema#label", "http://purl.org/dc/terms/title", "https://schema.org/unitText",
    "https://schema.org/name"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TAG = re.compile(r"<\s*[A-Za-z/!?]")      # "<script", "</b", "<!--"; "<10 nm" is text
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


def text_problem(value: str, *, name: bool) -> str | None:
    """Why ``value`` cannot be written as a name (``name``) or a longer text; None when it can."""
    if (_NAME_CONTROL if name else _CONTROL).search(value):
        return "control characters are not allowed"
    limit = MAX_NAME_CHARS if name else MAX_TEXT_CHARS
    if len(value) > limit:
        return f"{len(value):,} characters; at most {limit:,} are allowed"
    if name and _TAG.search(value):
        return "markup is not allowed in a name (a '<' followed by a tag)"
    return None


def unsafe_iri(iri: str) -> bool:
    """An IRI a page or a drawing must never link to (scripts, inline data, local files)."""
    return iri.strip().lower().startswith(UNSAFE_SCHEMES)
