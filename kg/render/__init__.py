"""Turning a ``kg.figure.Figure`` into bytes: ``render(figure, fmt)``.

Drawn formats (``svg``, ``png``, ``dot``, ``mermaid``) refuse figures too big to read
(``FigureTooLarge``, naming the counts and the limit); data formats (``graphml``,
``cyjs``) take any size. One module per format family: ``dot`` (Graphviz: DOT, SVG,
PNG), ``mermaid``, ``data`` (GraphML, Cytoscape JSON); ``style`` holds what they share.
"""
from __future__ import annotations

from ..figure import Figure
from .style import MAX_NODES, FigureTooLarge

DRAWN = ("svg", "png", "dot", "mermaid")
DATA = ("graphml", "cyjs")
FORMATS = DRAWN + DATA

MEDIA_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "dot": "text/vnd.graphviz; charset=utf-8",
    "mermaid": "text/vnd.mermaid; charset=utf-8",
    "graphml": "application/graphml+xml",
    "cyjs": "application/json",
}

EXTENSIONS = {"svg": "svg", "png": "png", "dot": "gv", "mermaid": "mmd", "graphml": "graphml", "cyjs": "cyjs"}


class UnknownFormat(ValueError):
    """The format name is not one ``render`` knows."""


def check_size(figure: Figure, max_nodes: int = MAX_NODES) -> None:
    """Raise ``FigureTooLarge`` when the figure has more nodes than a reader can take in."""
    if len(figure.nodes) > max_nodes:
        raise FigureTooLarge(len(figure.nodes), len(figure.edges), max_nodes)


def render(figure: Figure, fmt: str, *, max_nodes: int = MAX_NODES) -> bytes:
    """The figure drawn or serialised in ``fmt`` (one of ``FORMATS``)."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise UnknownFormat(f"unknown figure format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt in DRAWN:
        check_size(figure, max_nodes)
    if fmt in ("svg", "png", "dot"):
        from . import dot
        return dot.render(figure, fmt)
    if fmt == "mermaid":
        from . import mermaid
        return mermaid.render(figure).encode("utf-8")
    from . import data
    return data.graphml(figure) if fmt == "graphml" else data.cytoscape(figure)


def message_svg(title: str, message: str) -> bytes:
    """An SVG card carrying a message, for places that expected a diagram (e.g. too large)."""
    from . import dot
    return dot.message_svg(title, message)


__all__ = ["render", "check_size", "message_svg", "FORMATS", "DRAWN", "DATA", "MEDIA_TYPES", "EXTENSIONS",
           "FigureTooLarge", "UnknownFormat", "MAX_NODES"]
