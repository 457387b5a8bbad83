"""The slide layout's rows on a hand-made page: edges between rows must not break Graphviz.

The shape below (three rows, edges running from one row into the next and one edge inside a
row) made Graphviz 2.43 fail with "trouble in init_rank" while edges between rows were drawn
with ``constraint=false``: a trace at 1M quads had this shape and its page showed no diagram.
"""
from __future__ import annotations

import re

from kg.core.figure import Figure, FigureEdge, FigureNode
from kg.render import slide
from kg.render.dot_runs import fallbacks
from kg.render.layers import Page

ID = "https://w3id.org/policy-kg/id/"
LAYERS = {"o11": 3, "o40": 4, "p76": 7, "o71": 4, "o89": 5, "p339": 8, "p136": 8, "c388": 11, "p197": 9}
ROWS = [["o11"], ["o40", "p76", "o71", "o89"], ["p339", "p136", "c388", "p197"]]
LINKS = [("o40", "p76", "+"), ("o71", "p339", "-"), ("o11", "p136", "-"), ("p136", "c388", "-"), ("o89", "p197", "+")]
KIND = {"o": "Outcome", "p": "Pathway", "c": "Capability"}


def page_and_figure() -> tuple[Figure, Page]:
    nodes = [FigureNode(ID + n, f"Node {n}", KIND[n[0]]) for n in LAYERS]
    edges = [FigureEdge(ID + a, ID + b, "increases" if s == "+" else "decreases", s) for a, b, s in LINKS]
    page = Page([[ID + n for n in row] for row in ROWS], layer={ID + n: v for n, v in LAYERS.items()})
    return Figure("Rows", nodes=nodes, edges=edges), page


def _places(svg: str) -> dict[str, tuple[float, float]]:
    return {m.group(1): (float(m.group(2)), float(m.group(3))) for m in re.finditer(
        r'<title>(n\d+)</title>.*?<text[^>]*? x="([-0-9.]+)" y="([-0-9.]+)"', svg, re.S)}


def test_edges_between_rows_draw_and_keep_columns():
    figure, page = page_and_figure()
    for bare in (True, False):
        g = slide.page_digraph(figure, page, layout="slide", bare=bare, legend=not bare)
        svg = slide.pipe(g, "svg").decode("utf-8")
        ids = {iri: f"n{i}" for i, iri in enumerate(page.nodes)}
        drawn = set(re.findall(r"<title>(n\d+)&#45;&gt;(n\d+)</title>", svg))
        for e in figure.edges:   # every link drawn, whichever way round Graphviz was told it
            assert (ids[e.source], ids[e.target]) in drawn or (ids[e.target], ids[e.source]) in drawn
        where = _places(svg)
        assert set(where) == set(ids.values())
        for row in page.rows:    # inside a row, a later layer never sits left of an earlier one
            for a in row:
                for b in row:
                    if page.layer[a] < page.layer[b]:
                        assert where[ids[a]][0] <= where[ids[b]][0], (a, b)


def test_edge_between_rows_points_from_source_to_target():
    figure, page = page_and_figure()
    figure.edges.append(FigureEdge(ID + "p76", ID + "p339", "increases", "+"))   # row 1 column 3 -> row 2 column 0
    g = slide.page_digraph(figure, page, layout="slide")
    ids = {iri: f"n{i}" for i, iri in enumerate(page.nodes)}
    lines = [ln.strip() for ln in g.source.splitlines()]
    assert not any("constraint=false" in ln for ln in lines)
    # same column, upper row first: told as it is
    assert any(ln.startswith(f"{ids[ID + 'o71']} -> {ids[ID + 'p339']} [") and "dir=back" not in ln for ln in lines)
    # from a later column back to an earlier one: told the other way round, drawn with dir=back
    (back,) = [ln for ln in lines if ln.startswith(f"{ids[ID + 'p339']} -> {ids[ID + 'p76']} [")]
    assert "dir=back" in back and "minlen=0" in back and "weight=0" in back
    svg = slide.pipe(g, "svg").decode("utf-8")
    assert f"<title>{ids[ID + 'p339']}&#45;&gt;{ids[ID + 'p76']}</title>" in svg


def test_a_drawing_graphviz_trips_over_is_drawn_without_the_row_hints():
    """Two rows, two links from the first into the second and one inside it: Graphviz 2.43 still
    fails on this page as built (found at 1M quads); ``pipe`` draws it again without the rows'
    order hints, and every node and link is in the picture."""
    layers = {"o71": 4, "o94": 5, "c13": 11, "p339": 8, "p288": 8}
    rows = [["o71", "o94"], ["c13", "p339", "p288"]]
    links = [("o71", "p339", "-"), ("o94", "p288", "-"), ("p288", "c13", "+")]
    figure = Figure("Rows", nodes=[FigureNode(ID + n, f"Node {n}", KIND[n[0]]) for n in layers],
                    edges=[FigureEdge(ID + a, ID + b, "increases" if s == "+" else "decreases", s) for a, b, s in links])
    page = Page([[ID + n for n in row] for row in rows], layer={ID + n: v for n, v in layers.items()})
    g = slide.page_digraph(figure, page, layout="slide", bare=False)
    svg = slide.pipe(g, "svg").decode("utf-8")
    assert set(_places(svg)) == {f"n{i}" for i in range(len(layers))}
    assert len(re.findall(r'class="edge"', svg)) >= len(links)
    unordered, plain = fallbacks(g.source)
    assert "// row order" in g.source and "// row order" not in unordered and "cluster_row" not in plain


def _chain(labels: list[str]) -> Figure:
    """A chain of nodes, one layer each, with these labels."""
    nodes = [FigureNode(f"{ID}n{i}", label, "Pathway") for i, label in enumerate(labels)]
    edges = [FigureEdge(a.iri, b.iri, "increases", "+") for a, b in zip(nodes, nodes[1:])]
    return Figure("Chain", nodes=nodes, edges=edges)


def _most_that_fit(figure: Figure, width: float = 1400.0) -> list[list[str]]:
    """The rows a standalone slide drawing should have: the most layers a row holds within ``width``,
    found by drawing every choice from the most layers down."""
    from kg.render.fit import _measure
    from kg.render.layers import bands, layering

    layer, order = layering(figure, 6), [n.iri for n in figure.nodes]
    for k in range(max(layer.values()) + 1, 0, -1):
        rows = bands(layer, k, order)
        if all(w <= width for w, _ in _measure(figure, [Page([r], layer=layer) for r in rows], "slide", True, {})):
            return rows
    return bands(layer, 1, order)


def test_a_standalone_drawing_holds_the_most_layers_that_fit_a_row(monkeypatch):
    """``fit.single`` starts from a guess of the layers a row holds (plan's) instead of drawing every
    choice from the most layers down; it looks above the guess when more fit (short labels next to a
    long one), and gives the rows the search from the top gives (in fewer rounds for long labels)."""
    from kg.render import fit

    figures = {"long labels": _chain([f"A rather long label for step {i}" for i in range(15)]),
               "one long, others short": _chain(["A very long label that wraps over lines"] + [f"S{i}" for i in range(14)])}
    drawn = []
    real = fit.slide.pipe_many
    monkeypatch.setattr(fit.slide, "pipe_many", lambda graphs, fmt: drawn.append(len(graphs)) or real(graphs, fmt))
    for name, figure in figures.items():
        expected = _most_that_fit(figure)
        drawn.clear()
        assert fit.single(figure, "slide").rows == expected, name
        layers_per_row = len(expected[0])
        guess = fit._most_layers(figure, "slide", (1400.0, 0.0))
        if name == "long labels":    # the search from the top: a round of drawings per choice
            assert len(drawn) < 15 - layers_per_row + 1, name
        else:
            assert layers_per_row > guess                        # found above the guess
