"""Cutting a figure into rows and pages that fit a box at full size (labels never shrink).

``plan(figure, layout, box)`` gives the pages of a deck: each is drawn at its own size no
larger than ``box`` (width, height in points), so no label falls below ``slide.MIN_PT``.
``slide`` stacks as many rows of layers as fit on a page, ``wide`` puts one left-to-right
row on a page, ``tall`` one top-to-bottom column. Sizes are measured by drawing (SVG), not
guessed. A row whose entry nodes (from earlier pages) make it overflow is drawn again for each
share of them: a hub with a dozen labelled edges into it takes as many pages as its edges need.
``FigureTooLarge`` (not ``PlanTooLarge``) is for node counts; a figure that cannot be cut to fit
(a single node wider than the box, or more pages than ``max_pages``) raises ``PlanTooLarge``.
"""
from __future__ import annotations

import math

from kg.core.figure import Figure
from kg.render import slide
from kg.render.layers import Page, bands, layering, paginate

GAP = 24  # points between rows stacked on one page


class PlanTooLarge(ValueError):
    """The figure cannot be cut into readable pages; the message says why."""


def _measure(figure: Figure, pages: list[Page], layout: str, bare: bool, cache: dict) -> list[tuple[float, float]]:
    """Each page's size in points, drawn (as SVG, all in one batch) when not known yet."""
    keys = [(tuple(map(tuple, p.rows)), tuple(p.ghosts)) for p in pages]
    todo = {k: p for k, p in zip(keys, pages) if k not in cache}
    graphs = [slide.page_digraph(figure, p, layout=layout, bare=bare, legend=not bare) for p in todo.values()]
    for k, svg in zip(todo, slide.pipe_many(graphs, "svg")):
        cache[k] = slide.svg_size(svg)
    return [cache[k] for k in keys]


def _per_layer(figure: Figure, layout: str, box: tuple[float, float]) -> int:
    """How many nodes one layer may hold before it is staggered (from a label's likely size)."""
    lines = sorted(len(slide.style.wrap(n.label, 16, 4)) for n in figure.nodes)
    node_h = (lines[len(lines) * 3 // 4] if lines else 1) * slide.NODE_PT * 1.25 + 16
    if layout == "tall":
        return max(1, int((box[0] + 25) // 250))
    return max(1, int((box[1] + 25) // (node_h + 25)))


def _most_layers(figure: Figure, layout: str, box: tuple[float, float]) -> int:
    """A generous guess of how many layers a row can hold (one more than an average node allows),
    so that ``plan`` does not draw rows that are plainly too long."""
    widest = max((max(len(x) for x in slide.style.wrap(n.label, 16, 4)) for n in figure.nodes), default=8)
    step = (widest * 0.6 * slide.NODE_PT + 24 + 110) if layout != "tall" else 150.0
    return max(1, int((box[1 if layout == "tall" else 0] + 110) // step) + 1)


def plan(figure: Figure, layout: str, box: tuple[float, float], *, max_pages: int = 40,
         bare: bool = True) -> list[tuple[Page, tuple[float, float]]]:
    """Pages of ``figure`` that fit ``box`` at full size, each with its size in points. A layer
    whose column overflows at every cut is staggered more finely (fewer nodes a layer) and the
    figure cut again."""
    if not figure.nodes:
        return [(Page([[]]), (0.0, 0.0))]
    cache: dict = {}
    for most in range(_per_layer(figure, layout, box), 0, -1):
        pages = _cut(figure, layering(figure, most), layout, box, bare, cache)
        if pages is not None and len(pages) <= max_pages:
            return pages
        if pages is not None:
            break                  # finer layers only make more pages
    raise PlanTooLarge(f"the diagram cannot be cut into at most {max_pages} slides with labels of at least "
                       f"{slide.MIN_PT} pt in a {box[0]:.0f} x {box[1]:.0f} pt area ({len(figure.nodes)} nodes, "
                       f"{len(figure.edges)} edges): narrow the selection (--depth, --to, --min-support)")


def _cut(figure: Figure, layer: dict[str, int], layout: str, box: tuple[float, float], bare: bool,
         cache: dict) -> list[tuple[Page, tuple[float, float]]] | None:
    """The pages of the most layers a row that fit (rows stacked on a slide while they fit), or
    None when no number of layers does."""
    order = [n.iri for n in figure.nodes]
    height = box[1]
    along = 1 if layout == "tall" else 0           # the direction rows run in
    for k in range(min(max(layer.values()) + 1, _most_layers(figure, layout, box)), 0, -1):
        rows = bands(layer, k, order)
        sizes = _measure(figure, [Page([r], layer=layer) for r in rows], layout, bare, cache)
        if any(s[along] > box[along] for s in sizes):
            continue
        groups: list[list[int]] = []
        if layout == "slide":
            used = height + 1
            for i, (_, h) in enumerate(sizes):
                if groups and used + GAP + h <= height:
                    groups[-1].append(i)
                    used += GAP + h
                else:
                    groups.append([i])
                    used = h
        else:
            groups = [[i] for i in range(len(rows))]
        pages = _fitted(figure, rows, groups, layer, layout, box, bare, cache)
        if pages is not None:
            return pages
    return None


def _fitted(figure, rows, groups, layer, layout, box, bare, cache):
    """The pages of ``groups``, a group split into single rows when together they overflow, and a
    single row whose entry nodes make it overflow drawn again for each share of them (``_shared``);
    None when a single row with a single entry node still overflows."""
    for _ in range(2):
        pages = paginate(figure, rows, groups, layer)
        sizes = _measure(figure, pages, layout, bare, cache)
        over = [i for i, (w, h) in enumerate(sizes) if w > box[0] or h > box[1]]
        if not over:
            return list(zip(pages, sizes))
        if all(len(groups[i]) == 1 for i in over):
            out: list = []
            for i, (page, size) in enumerate(zip(pages, sizes)):
                shares = _shared(figure, page, size, layout, box, bare, cache) if i in over else [(page, size)]
                if shares is None:
                    return None
                out += shares
            return out
        groups = [g for i, group in enumerate(groups) for g in ([[x] for x in group] if i in over else [group])]
    return None


def _shared(figure: Figure, page: Page, size: tuple[float, float], layout: str, box: tuple[float, float],
            bare: bool, cache: dict) -> list[tuple[Page, tuple[float, float]]] | None:
    """A row too large with all its entry nodes (a hub: the focus of a neighbourhood with a dozen
    neighbours pointing at it, each edge with its label), drawn once for each share of them, in
    the fewest shares that fit; each page draws the row and the edges from its share. None when a
    share of one entry node still overflows."""
    n = max(2, math.ceil(max(size[0] / box[0], size[1] / box[1])))
    while page.ghosts and n <= len(page.ghosts):
        per = math.ceil(len(page.ghosts) / n)
        parts = [Page(page.rows, page.ghosts[i:i + per], page.layer) for i in range(0, len(page.ghosts), per)]
        sizes = _measure(figure, parts, layout, bare, cache)
        if all(w <= box[0] and h <= box[1] for w, h in sizes):
            return list(zip(parts, sizes))
        n = max(n, len(parts)) + 1
    return None


def single(figure: Figure, layout: str, width: float = 1400.0) -> Page:
    """The whole figure as one page (standalone SVG/PNG/DOT): ``slide`` wraps rows to ``width``
    points (the most layers a row holds within it, measured by drawing), ``wide`` and ``tall`` are
    one row. The search starts at ``plan``'s guess of the layers a row holds (``_most_layers``): when
    the guess fits, it looks above it by halving the gap to the most layers; when not, it goes down.
    From the most layers down, a trace's diagram of 15 layers took 12 rounds of ``dot`` (1.5-2.2 s
    on a busy machine at 1M quads, 13 rounds in all; now 3 and 0.27-0.29 s)."""
    order = [n.iri for n in figure.nodes]
    if layout != "slide" or not order:
        return Page([order], layer=layering(figure) if order else {})
    layer = layering(figure, 6)
    cache: dict = {}
    top = max(layer.values()) + 1

    def fits(k: int) -> list[list[str]] | None:
        rows = bands(layer, k, order)
        sizes = _measure(figure, [Page([r], layer=layer) for r in rows], layout, True, cache)
        return rows if all(w <= width for w, _ in sizes) else None

    guess = min(top, _most_layers(figure, layout, (width, 0.0)))
    rows = fits(guess)
    if rows is not None:                         # more may fit (narrow layers): halve the gap to the top
        low, high = guess, top + 1
        while high - low > 1:
            middle = (low + high) // 2
            more = fits(middle)
            low, high, rows = (middle, high, more) if more is not None else (low, middle, rows)
        return Page(rows, layer=layer)
    for k in range(guess - 1, 0, -1):
        rows = fits(k)
        if rows is not None:
            return Page(rows, layer=layer)
    return Page(bands(layer, 1, order), layer=layer)
