"""Drawing a figure large enough to present: the ``slide`` and ``tall`` layouts, and deck pages.

At the picture's own size every label is at least ``MIN_PT`` points (node labels
``NODE_PT``, captions and legend ``MIN_PT``), so a picture placed on a 960 x 540 pt
(1920 x 1080 px) slide at scale 1 or more keeps them readable. Node kinds are told by
colour, named in a one-row legend; source numbers stay on the lines.

``slide`` wraps a long chain into rows (``kg.render.layers``: consecutive layers form a row,
rows stack like lines of text, a column per layer); ``tall`` runs top to bottom; ``wide`` is
one left-to-right row. ``page_digraph`` draws one ``Page``; with ``step`` it draws one step of
a build: edges listed in ``step["done"]`` grey, ``step["current"]`` in colour, the rest hidden
(still laid out, so every step of a page keeps the same places).
"""
from __future__ import annotations

import html
import re

import graphviz

from kg.core.figure import Figure
from kg.render import style
from kg.render.dot_runs import ROW_ORDER, pipe, pipe_many
from kg.render.layers import Page

FONT = "DejaVu Sans"
NODE_PT = 20
MIN_PT = 18
TITLE_PT = 30
GREY = {"fill": "#f2f2f2", "border": "#bdbdbd", "text": "#9e9e9e", "line": "#c4c4c4"}
_SIZE = re.compile(rb'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')
_FONT = re.compile(rb'font-size="([0-9.]+)"')


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def legend_html(figure: Figure, per_row: int = 4) -> str:
    cells = []
    for ks in style.legend_kinds(figure):
        cells.append(f'<TD BGCOLOR="{ks.fill}" COLOR="{ks.border}" BORDER="1" WIDTH="28"></TD>'
                     f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{MIN_PT}">{_esc(ks.family)}</FONT></TD>')
    if style.has_kind(figure, "+"):
        cells.append(f'<TD><FONT POINT-SIZE="{MIN_PT}" COLOR="#1b5e20"><B>\u2500\u2500 +</B> increases</FONT></TD>')
    if style.has_kind(figure, "-"):
        cells.append(f'<TD><FONT POINT-SIZE="{MIN_PT}" COLOR="#b71c1c"><B>- - {style.MINUS}</B> decreases</FONT></TD>')
    if not cells:
        return ""
    rows = ['<TD WIDTH="12"></TD>'.join(cells[i:i + per_row]) for i in range(0, len(cells), per_row)]
    inner = "".join(f'<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="2">'
                    f"<TR>{r}</TR></TABLE></TD></TR>" for r in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">{inner}</TABLE>>'


def legend_digraph(figure: Figure, per_row: int = 8) -> graphviz.Digraph:
    """The legend alone (kinds present, line styles), for a deck to place under a diagram."""
    g = graphviz.Digraph("legend", graph_attr={"bgcolor": "white", "pad": "0.05", "margin": "0", "fontname": FONT})
    g.node("legend", label=legend_html(figure, per_row) or " ", shape="plaintext", fontname=FONT)
    return g


def _header(figure: Figure, notes: dict) -> str:
    """Title above, sources below: for a standalone picture in the slide layout."""
    title = "<BR ALIGN=\"LEFT\"/>".join(_esc(x) for x in style.wrap(figure.title, 60, 2))
    sub = "<BR ALIGN=\"LEFT\"/>".join(_esc(x) for x in style.wrap(style.dated_subtitle(figure), 90, 3))
    return (f'<<FONT POINT-SIZE="{TITLE_PT}"><B>{title}</B></FONT><BR ALIGN="LEFT"/>'
            f'<FONT POINT-SIZE="{MIN_PT}" COLOR="#555555">{sub}</FONT><BR ALIGN="LEFT"/>>')


def _sources_html(notes: dict) -> str:
    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{MIN_PT}"><B>Sources</B></FONT></TD></TR>']
    for _, label, items in style.notes_by_document(notes):
        text = f"{label}: " + ", ".join(f"[{n}] {style.passage_text(s)}" for n, s in items)
        for line in style.wrap(text, 90, 8):
            rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{MIN_PT}">{_esc(line)}</FONT></TD></TR>')
    return "".join(rows)


def page_digraph(figure: Figure, page: Page, *, layout: str, notes: dict | None = None,
                 step: dict | None = None, bare: bool = True, legend: bool = True) -> graphviz.Digraph:
    """One page of ``figure`` in ``layout`` ("slide", "wide" or "tall"); ``bare`` leaves out the
    title and the sources (a deck puts them on the slide)."""
    notes = style.number_sources(figure) if notes is None else notes
    legend = legend_html(figure) if legend else ""
    if not bare:
        bottom = legend[1:-1] if legend else ""
        legend = ('<<TABLE BORDER="0" CELLSPACING="0">' + (f"<TR><TD ALIGN=\"LEFT\">{bottom}</TD></TR>" if bottom else "")
                  + _sources_html(notes) + "</TABLE>>")
    g = graphviz.Digraph("page", graph_attr={
        "rankdir": "TB" if layout == "tall" else "LR", "fontname": FONT, "pad": "0.15",
        "bgcolor": "transparent" if bare else "white",   # on a slide, never over the title's text
        "margin": "0",
        "nodesep": "0.3", "ranksep": "0.35", "newrank": "true", "labelloc": "b", "labeljust": "l",
        **({"label": legend} if legend else {})},
        node_attr={"fontname": FONT, "fontsize": str(NODE_PT), "style": "filled", "margin": "0.14,0.08"},
        edge_attr={"fontname": FONT, "fontsize": str(MIN_PT), "arrowsize": "1.1", "penwidth": "2.2"})
    nodes = {n.iri: n for n in figure.nodes}
    ids = {iri: f"n{i}" for i, iri in enumerate(page.nodes)}
    ids.update({iri: f"ghosts:g{i}:e" for i, iri in enumerate(page.ghosts)})   # rows of one "from" box
    visible = _visible(figure, step)
    with g.subgraph(name="cluster_figure") as f:
        f.attr(peripheries="0", margin="4", **({"label": ""} if bare else {"label": _header(figure, notes), "labelloc": "t",
                                                               "labeljust": "l"}))
        for r, row in enumerate(page.rows):
            with f.subgraph(name=f"cluster_row{r}") as c:
                c.attr(peripheries="0", label="", margin="6")
                for iri in row:
                    c.node(ids[iri], **_node_attrs(nodes[iri], visible.get(iri)))
                if r == 0 and page.ghosts:
                    c.node("ghosts", label=_ghosts_html([nodes[i].label for i in page.ghosts]), shape="plaintext",
                           fontsize=str(MIN_PT), fontcolor="#616161", style="")
    for row in page.rows:                 # one column per layer: a node sits right of the layer before
        by_layer: dict[int, list[str]] = {}
        for iri in row:
            by_layer.setdefault(page.layer.get(iri, 0), []).append(iri)
        present = sorted(by_layer)
        for before, after in zip(present, present[1:]):
            for iri in by_layer[after]:
                g.edge(ids[by_layer[before][0]], ids[iri], style="invis", weight="0")
    firsts = [min(row, key=lambda n: page.layer.get(n, 0)) for row in page.rows if row]
    for above, below in zip(firsts, firsts[1:]):   # rows stack in order: a flat edge puts one above the next
        g.body.append(f"\t{{rank=same; {ids[above]}; {ids[below]}; {ids[above]} -> {ids[below]} "
                      f"[style=invis]}} {ROW_ORDER}\n")
    row_of = {iri: r for r, row in enumerate(page.rows) for iri in row}
    for iri in page.ghosts:
        row_of[iri] = 0
    column = _columns(page)
    for i, e in enumerate(figure.edges):
        if e.source not in ids or e.target not in ids or e.target in page.ghosts:
            continue
        attrs = _edge_attrs(e, notes, None if step is None else _edge_state(i, step))
        if row_of[e.source] != row_of[e.target]:
            attrs.update(_across_rows((column.get(e.source, 0), row_of[e.source]),
                                      (column.get(e.target, 0), row_of[e.target])))
            if attrs.get("dir") == "back":   # declared target -> source, drawn source -> target
                g.edge(ids[e.target], ids[e.source], **attrs)
                continue
        g.edge(ids[e.source], ids[e.target], **attrs)
    return g


def _columns(page: Page) -> dict[str, int]:
    """Each node's column in its row: its layer less the row's first layer."""
    out = {}
    for row in page.rows:
        first = min((page.layer.get(n, 0) for n in row), default=0)
        out.update({n: page.layer.get(n, 0) - first for n in row})
    return out


def _across_rows(source: tuple[int, int], target: tuple[int, int]) -> dict:
    """An edge between two rows (ends given as ``(column, row)``) must not move either end out of
    its column or its row out of order. ``constraint=false`` would say so, but Graphviz 2.43 (with
    ``newrank`` and a cluster per row) then fails with "trouble in init_rank" once a few such
    edges join the same clusters. A zero-weight, zero-length edge declared from the end in the
    lower column (in the same column: the upper row, as a flat edge orders its ends) asks only
    what the layout already gives, so it is kept and harmless; ``dir=back`` draws it the right way."""
    attrs = {"weight": "0", "minlen": "0"}
    if target < source:
        attrs["dir"] = "back"
    return attrs


def _ghosts_html(labels: list[str]) -> str:
    """Nodes of earlier slides leading into this one: one dashed box, a row (and port) each."""
    rows = "".join(f'<TR><TD ALIGN="LEFT" PORT="g{i}">{_esc(style.wrap(label, 24, 1)[0])}</TD></TR>'
                   for i, label in enumerate(labels))
    return (f'<<TABLE BORDER="1" STYLE="dashed,rounded" COLOR="#9e9e9e" CELLBORDER="0" CELLPADDING="3">'
            f'<TR><TD ALIGN="LEFT"><I>from earlier slides:</I></TD></TR>{rows}</TABLE>>')


def _lines(text: str, width: int = 16) -> str:
    return "\\n".join(style.wrap(text, width, 4))


def _node_attrs(node, state: str | None) -> dict:
    ks = style.kind_style(node.kind)
    shape, fill = ("box", "rounded,filled") if ks.shape == "rounded" else (ks.shape, "filled")
    attrs = {"label": _lines(node.label), "shape": shape, "style": fill, "fillcolor": ks.fill,
             "color": ks.border, "tooltip": node.iri}
    if getattr(node, "url", None):          # a web page's drawing: the node links to its page
        attrs.update(URL=node.url, target="_top")
    if state == "hidden":
        attrs["style"] = "invis"
    elif state == "done":
        attrs.update(fillcolor=GREY["fill"], color=GREY["border"], fontcolor=GREY["text"])
    elif state == "current":
        attrs["penwidth"] = "3"
    return attrs


def _edge_state(i: int, step: dict) -> str:
    return "current" if i in step["current"] else "done" if i in step["done"] else "hidden"


def _edge_attrs(edge, notes: dict, state: str | None) -> dict:
    attrs = {"label": "\\n".join(style.caption_lines(edge, notes, 9)),
             "style": "dashed" if edge.polarity == "-" else "solid",
             "color": "#1b5e20" if edge.polarity == "+" else "#b71c1c" if edge.polarity == "-" else "#888888"}
    if edge.note:
        attrs["tooltip"] = f"{edge.label}: {edge.note}"
    if edge.polarity is None:
        attrs["penwidth"] = "1.4"
    if edge.contested:
        attrs["penwidth"] = "4"
    if state == "hidden":
        attrs["style"] = "invis"
    elif state == "done":
        attrs.update(color=GREY["line"], fontcolor=GREY["text"])
    elif state == "current":
        attrs["penwidth"] = "4.5"
    return attrs


def _visible(figure: Figure, step: dict | None) -> dict[str, str]:
    """Node states in a build step: ends of the current edges "current", of done edges "done"."""
    if step is None:
        return {}
    states = {n.iri: "hidden" for n in figure.nodes}
    for i in step["done"]:
        e = figure.edges[i]
        states[e.source] = states[e.target] = "done"
    for i in step["current"]:
        e = figure.edges[i]
        states[e.source] = states[e.target] = "current"
    for iri in step.get("shown", ()):
        states.setdefault(iri, "done")
        if states[iri] == "hidden":
            states[iri] = "done"
    return states


def svg_size(svg: bytes) -> tuple[float, float]:
    """The picture's width and height in points, from the SVG's root element."""
    m = _SIZE.search(svg)
    if not m:
        raise ValueError("not a Graphviz SVG: no width/height in points")
    return float(m.group(1)), float(m.group(2))


def label_sizes(svg: bytes) -> list[float]:
    """The font size of every text drawn in the SVG, in points at the picture's own size."""
    return [float(x) for x in _FONT.findall(svg)]
