"""Turning a ``kg.core.figure.Figure`` into bytes: ``render(figure, fmt)``.

Drawn formats (``svg``, ``png``, ``dot``, ``mermaid``) refuse figures too big to read
(``FigureTooLarge``, naming the counts and the limit); data formats (``graphml``,
``cyjs``) take any size. One module per format family: ``dot`` (Graphviz: DOT, SVG,
PNG), ``mermaid``, ``data`` (GraphML, Cytoscape JSON); ``style`` holds what they share.
"""
from __future__ import annotations

from dataclasses import replace

from kg.core.figure import Figure
from kg.render.layers import LAYOUTS, UnknownLayout, check_layout
from kg.render.style import MAX_NODES, FigureTooLarge

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


def render(figure: Figure, fmt: str, *, max_nodes: int = MAX_NODES, layout: str = "wide") -> bytes:
    """The figure drawn or serialised in ``fmt`` (one of ``FORMATS``). Drawn formats take a
    ``layout``: ``wide`` (left to right, the default), ``tall`` (top to bottom) or ``slide``
    (a long chain wrapped into rows, labels of at least 18 pt: ``kg.render.slide``)."""
    fmt = fmt.lower()
    layout = check_layout(layout)
    if fmt not in FORMATS:
        raise UnknownFormat(f"unknown figure format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt in DRAWN:
        check_size(figure, max_nodes)
    if layout == "tall":
        figure = replace(figure, direction="TB")
    if fmt in ("svg", "png", "dot") and layout == "slide":
        from kg.render import fit, slide
        g = slide.page_digraph(figure, fit.single(figure, layout), layout=layout, bare=False)
        return g.source.encode("utf-8") if fmt == "dot" else slide.pipe(g, fmt, 144 if fmt == "png" else None)
    if fmt in ("svg", "png", "dot"):
        from kg.render import dot
        return dot.render(figure, fmt)
    if fmt == "mermaid":
        from kg.render import mermaid
        rows = None
        if layout == "slide":
            from kg.render import fit
            rows = fit.single(figure, layout).rows
        return mermaid.render(figure, rows=rows).encode("utf-8")
    from kg.render import data
    return data.graphml(figure) if fmt == "graphml" else data.cytoscape(figure)


def message_svg(title: str, message: str) -> bytes:
    """An SVG card carrying a message, for places that expected a diagram (e.g. too large)."""
    from kg.render import dot
    return dot.message_svg(title, message)


__all__ = ["LAYOUTS", "UnknownLayout", "check_layout", "render", "check_size", "message_svg", "FORMATS", "DRAWN", "DATA", "MEDIA_TYPES", "EXTENSIONS",
           "FigureTooLarge", "UnknownFormat", "MAX_NODES"]
