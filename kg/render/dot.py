"""Graphviz drawing: a Figure as DOT source, and as SVG or PNG through ``dot``.

Node names are plain ids (``n0``, ``n1``...) because Graphviz reads a colon in a
name as a port; the label and the IRI travel in ``label``, ``URL`` and ``tooltip``.
The title sits on top as the graph's own label: dot places that outside the drawing, whereas a
cluster's label could be crossed by an edge label routed along the cluster's top edge (a claim's
neighbourhood put "about [13]" over the title). The legend (kinds present, line styles) and the
numbered sources sit under the drawing (label of a borderless cluster around the figure).
"""
from __future__ import annotations

import html
from dataclasses import replace

import graphviz

from kg.core.figure import Figure
from kg.render import style

FONT = "DejaVu Sans"
POSITIVE = {"style": "solid", "color": "#1b5e20", "penwidth": "1.8"}
NEGATIVE = {"style": "dashed", "color": "#b71c1c", "penwidth": "1.8"}
OTHER = {"style": "solid", "color": "#888888", "penwidth": "1.0", "fontcolor": "#555555"}
PNG_DPI = "144"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _node_label(label: str, kind: str) -> str:
    lines = "<BR/>".join(_esc(line) for line in style.wrap(label))
    return (f'<<B>{lines}</B><BR/><FONT POINT-SIZE="9" COLOR="#444444">'
            f'{_esc(style.kind_label(kind))}</FONT>>')


def _title(figure: Figure) -> str:
    title = "<BR ALIGN=\"LEFT\"/>".join(_esc(line) for line in style.wrap(figure.title, 90, 2))
    subtitle = "<BR ALIGN=\"LEFT\"/>".join(_esc(line) for line in style.wrap(style.dated_subtitle(figure), 130, 4))
    return (f'<<FONT POINT-SIZE="18"><B>{title}</B></FONT><BR ALIGN="LEFT"/>'
            f'<FONT POINT-SIZE="10" COLOR="#555555">{subtitle}</FONT><BR ALIGN="LEFT"/>>')


def legend_html(figure: Figure, notes: dict) -> str:
    """The legend (kinds present, line styles) and the numbered sources side by side, as one
    HTML-like table (the graph's bottom label). Both columns share the table's rows, so
    neither is stretched to the other's height."""
    left = [('<TD ALIGN="LEFT" COLSPAN="2"><B>Legend</B></TD>')]
    for ks in style.legend_kinds(figure):
        left.append(f'<TD BGCOLOR="{ks.fill}" COLOR="{ks.border}" BORDER="1" WIDTH="36" HEIGHT="14"></TD>'
                    f'<TD ALIGN="LEFT">{_esc(ks.family)}</TD>')
    if style.has_kind(figure, "+"):
        left.append('<TD><FONT COLOR="#1b5e20"><B>\u2500\u2500\u2500 +</B></FONT></TD>'
                    '<TD ALIGN="LEFT">solid line, +: increases</TD>')
    if style.has_kind(figure, "-"):
        left.append(f'<TD><FONT COLOR="#b71c1c"><B>- - - {style.MINUS}</B></FONT></TD>'
                    f'<TD ALIGN="LEFT">dashed line, {style.MINUS}: decreases</TD>')
    if style.has_kind(figure, None):
        left.append('<TD><FONT COLOR="#888888">\u2500\u2500\u2500</FONT></TD>'
                    '<TD ALIGN="LEFT">thin grey line: other relation, named on the line</TD>')
    if any(e.contested for e in figure.edges):
        left.append('<TD>(contested)</TD><TD ALIGN="LEFT">a claim in the graph disputes this link</TD>')
    if any(style.is_proposed(e) for e in figure.edges):
        left.append(f'<TD><FONT COLOR="{style.PROPOSED_COLOR}"><B>···· (proposed)</B></FONT></TD>'
                    '<TD ALIGN="LEFT">grey dotted line: a proposed link still in review, no document support</TD>')
    right = []
    if notes:
        right.append('<TD ALIGN="LEFT"><B>Sources</B> (the numbers on the lines)</TD>')
        for doc, label, items in style.notes_by_document(notes):
            title = "<BR ALIGN=\"LEFT\"/>".join(_esc(line) for line in style.wrap(label, 80, 2))
            right.append(f'<TD ALIGN="LEFT" HREF="{_esc(doc)}" TITLE="{_esc(doc)}">'
                         f'<I>{title}</I><BR ALIGN="LEFT"/></TD>')
            passages = [f"[{num}] {style.passage_text(src)}" for num, src in items]
            for line in style.wrap("\u00a0\u00b7 ".join(p.replace(" ", "\u00a0") for p in passages), 100, 20):
                right.append(f'<TD ALIGN="LEFT">{_esc(line)}</TD>')
    rows = []
    for i in range(max(len(left), len(right))):
        cells = left[i] if i < len(left) else '<TD COLSPAN="2"></TD>'
        if right:
            cells += '<TD WIDTH="24"></TD>' + (right[i] if i < len(right) else "<TD></TD>")
        rows.append(f"<TR>{cells}</TR>")
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">'
            + "".join(rows) + "</TABLE>>")


def digraph(figure: Figure, dpi: str | None = None) -> graphviz.Digraph:
    notes = style.number_sources(figure)
    g = graphviz.Digraph("figure", graph_attr={
        "rankdir": figure.direction if figure.direction in ("LR", "TB", "RL", "BT") else "LR",
        "fontname": FONT, "fontsize": "10", "bgcolor": "white", "pad": "0.3",
        "nodesep": "0.3", "ranksep": "0.55", "label": _title(figure),
        "labelloc": "t", "labeljust": "l", "newrank": "true", **({"dpi": dpi} if dpi else {}),
    }, node_attr={"fontname": FONT, "fontsize": "11", "style": "filled", "margin": "0.12,0.06"},
        edge_attr={"fontname": FONT, "fontsize": "11", "arrowsize": "0.9"})
    ids = {node.iri: f"n{i}" for i, node in enumerate(figure.nodes)}
    # left to right, a chain of relations among one ring's nodes adds columns, each a label wide;
    # top to bottom it adds rows, which keep the figure narrow: there they still set ranks
    across = figure.direction in ("LR", "RL")
    with g.subgraph(name="cluster_figure") as c:
        c.attr(label=legend_html(figure, notes), labelloc="b", labeljust="l", peripheries="0", margin="12")
        for node in figure.nodes:
            ks = style.kind_style(node.kind)
            shape, fill = ("box", "rounded,filled") if ks.shape == "rounded" else (ks.shape, "filled")
            c.node(ids[node.iri], label=_node_label(node.label, node.kind), shape=shape, style=fill,
                   fillcolor=ks.fill, color=ks.border, URL=node.url or node.iri,
                   tooltip=f"{node.label} ({node.iri})", target="_top")
        if not figure.nodes:
            c.node("empty", label="nothing to draw: the subgraph is empty", shape="plaintext", style="")
        for edge in figure.edges:
            if edge.source not in ids or edge.target not in ids:
                continue
            attrs = dict(POSITIVE if edge.polarity == "+" else NEGATIVE if edge.polarity == "-" else OTHER)
            if across and edge.source in figure.rings and figure.rings.get(edge.source) == figure.rings.get(edge.target):
                attrs["constraint"] = "false"   # within one ring of a neighbourhood: no new column
            if edge.contested:
                attrs["penwidth"] = "3"
            if style.is_proposed(edge):   # in review: grey and dotted, whatever its sign
                attrs.update(style="dotted", color=style.PROPOSED_COLOR, fontcolor=style.PROPOSED_COLOR,
                             penwidth="1.6")
            tip = "; ".join([edge.note] * bool(edge.note) + [style.note_text(s) for s in edge.sources])
            extra = ({"URL": edge.url or edge.link, "target": "_top"} if edge.link and not style.is_proposed(edge)
                     else {})
            c.edge(ids[edge.source], ids[edge.target], label="\\n".join(style.caption_lines(edge, notes)),
                   tooltip=f"{edge.label}: {tip}" if tip else edge.label, **extra, **attrs)
    return g


def _staggered(g: graphviz.Digraph, figure: Figure):
    """Hubs with many leaves come out as one very wide row: ``unflatten`` staggers the
    leaves over a few ranks (when the tool is installed; otherwise the graph as is)."""
    widest = max((sum(1 for e in figure.edges if e.target == n.iri or e.source == n.iri)
                  for n in figure.nodes), default=0)
    if widest < 8:
        return g
    try:
        return g.unflatten(stagger=4, fanout=True, chain=3)
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError):
        return g


def render(figure: Figure, fmt: str) -> bytes:
    g = _staggered(digraph(figure, dpi=PNG_DPI if fmt == "png" else None), figure)
    if fmt == "dot":
        return g.source.encode("utf-8")
    try:
        return g.pipe(format=fmt)
    except graphviz.ExecutableNotFound as exc:
        raise RuntimeError("Graphviz 'dot' is not installed: run scripts/setup.sh or "
                           "`apt-get install graphviz` (see the README)") from exc
    except graphviz.CalledProcessError:
        # Graphviz 2.43 can trip ("trouble in init_rank") over edges that set no rank: draw
        # the figure again with every edge setting ranks, a wider picture but a picture
        if figure.rings and figure.direction in ("LR", "RL"):
            return render(replace(figure, rings={}), fmt)
        raise


def message_svg(title: str, message: str) -> bytes:
    """A small SVG card saying why there is no diagram (served where an image was expected). Written
    by hand, not by Graphviz: the card that says Graphviz failed must not need it."""
    lines = [title] + style.wrap(message, 70, 12)
    width, height = 16 + 7 * max(len(line) for line in lines), 20 + 17 * len(lines)
    bold = ' font-weight="bold"'
    text = "".join(f'<text x="12" y="{22 + 17 * i}"{bold if i == 0 else ""}>{_esc(line)}</text>'
                   for i, line in enumerate(lines))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}"><rect x="1" y="1" width="{width - 2}" height="{height - 2}" rx="8" '
            f'fill="#fff8e1" stroke="#a65f00"/><g font-family="{FONT}" font-size="12" fill="#222">{text}</g>'
            "</svg>").encode("utf-8")
