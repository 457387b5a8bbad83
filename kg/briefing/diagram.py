"""Diagram slides: a figure cut into pages that fit a slide at full size, and the build steps.

``pages(figure, layout)`` plans the pages (``kg.render.fit``); ``picture(...)`` draws one page,
whole or as a step of the build (earlier hops grey, the current hop in colour, later ones
hidden but still laid out). ``build_order`` lists a figure's causal edges in the order of the
trace's paths (or, without a trace, by layer from the start).
"""
from __future__ import annotations

from kg.core.figure import Figure
from kg.render import fit, slide
from kg.render.layers import Page, layering
from kg.briefing.model import BOX, DeckTooLarge, Picture


def pages(figure: Figure, layout: str) -> list[tuple[Page, tuple[float, float]]]:
    try:
        return fit.plan(figure, layout, BOX)
    except fit.PlanTooLarge as exc:
        raise DeckTooLarge(str(exc)) from exc


def picture(figure: Figure, page: Page, size: tuple[float, float], *, layout: str, notes: dict,
            step: dict | None = None) -> Picture:
    g = slide.page_digraph(figure, page, layout=layout, notes=notes, step=step, bare=True, legend=False)
    return Picture(g, *size)


def legend(figure: Figure) -> Picture:
    """The legend in one row when it fits the slide's width, else in rows of fewer entries."""
    graphs = [slide.legend_digraph(figure, per_row) for per_row in (8, 4, 3, 2)]
    sized = [(g, *slide.svg_size(svg)) for g, svg in zip(graphs, slide.pipe_many(graphs, "svg"))]
    g, w, h = next((x for x in sized if x[1] <= BOX[0]), sized[-1])
    return Picture(g, w, h)


def page_of(pages_: list[tuple[Page, tuple]], node: str, source: str | None = None) -> int:
    """The first page holding ``node``; with ``source``, the first that draws the edge from it
    (a hub's row is drawn again for each share of its entry nodes: ``kg.render.fit``)."""
    return next((i for i, (p, _) in enumerate(pages_) if node in p.nodes and (source is None or draws(p, source))),
                next((i for i, (p, _) in enumerate(pages_) if node in p.nodes), 0))


def draws(page: Page, source: str) -> bool:
    """Whether ``page`` draws the edges from ``source`` into its nodes."""
    return source in page.nodes or source in page.ghosts


def build_order(figure: Figure, links: list[str] | None = None) -> list[int]:
    """Indexes of the figure's causal edges, in the order of ``links`` (link IRIs, e.g. the
    trace's hops path by path), else by the layer of their cause and effect."""
    causal = [i for i, e in enumerate(figure.edges) if e.polarity in ("+", "-")]
    if links:
        index = {figure.edges[i].link: i for i in causal}
        return list(dict.fromkeys(index[l] for l in links if l in index))
    layer = layering(figure)
    return sorted(causal, key=lambda i: (layer.get(figure.edges[i].source, 0), layer.get(figure.edges[i].target, 0), i))


def steps(order: list[int]) -> list[dict]:
    """One build step per edge: the edges before it done, it current."""
    return [{"done": set(order[:i]), "current": {e}} for i, e in enumerate(order)]
