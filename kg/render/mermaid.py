"""Mermaid flowchart text of a Figure, for Markdown documents and wikis.

Positive causal links are solid arrows, negative ones dashed (``-.->``), both with
their sign and footnote numbers on the line; other relations are thin grey arrows.
A "Legend" subgraph shows the kinds present, the line styles and the numbered sources.
"""
from __future__ import annotations

from kg.core.figure import Figure
from kg.render import style

_BRACKETS = {"box": ('["', '"]'), "round": ('("', '")'), "stadium": ('(["', '"])'), "hex": ('{{"', '"}}')}


def _text(text: str) -> str:
    """Text safe inside a quoted Mermaid label."""
    return (text.replace("&", "#amp;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            .replace("|", "#124;"))


def _class(family: str) -> str:
    return "k_" + "".join(c for c in family.lower() if c.isalnum())


def render(figure: Figure, rows: list[list[str]] | None = None) -> str:
    """``rows`` (node IRIs per row, layout "slide"): a top-to-bottom chart of left-to-right rows."""
    notes = style.number_sources(figure)
    direction = "TB" if rows else figure.direction if figure.direction in ('LR', 'TB', 'RL', 'BT') else 'LR'
    out = ["---", f"title: {_text(figure.title)}", "---", f"flowchart {direction}"]
    out.append(f"  %% {_text(style.dated_subtitle(figure))}")
    ids = {node.iri: f"n{i}" for i, node in enumerate(figure.nodes)}
    for node in figure.nodes:
        ks = style.kind_style(node.kind)
        left, right = _BRACKETS[ks.mermaid]
        label = "<br/>".join(_text(line) for line in style.wrap(node.label))
        out.append(f"  {ids[node.iri]}{left}{label}<br/><i>{_text(style.kind_label(node.kind))}</i>{right}:::{_class(ks.family)}")
        out.append(f'  click {ids[node.iri]} href "{node.url or node.iri}" "{_text(node.iri)}" _top')
    for r, row in enumerate(rows or []):
        out.append(f'  subgraph row{r}[" "]')
        out.append("    direction LR")
        out.extend(f"    {ids[iri]}" for iri in row if iri in ids)
        out.append("  end")
    grey: list[int] = []
    proposed: list[int] = []
    index = 0
    for edge in figure.edges:
        if edge.source not in ids or edge.target not in ids:
            continue
        arrow = "-.->" if edge.polarity == "-" else "-->"
        caption = _text(style.edge_caption(edge, notes))
        out.append(f'  {ids[edge.source]} {arrow}|"{caption}"| {ids[edge.target]}')
        if not style.is_causal(edge):
            grey.append(index)
        elif style.is_proposed(edge):
            proposed.append(index)
        index += 1
    # legend: kinds present, line styles, sources
    out.append('  subgraph legend["Legend"]')
    out.append("    direction TB")
    for i, ks in enumerate(style.legend_kinds(figure)):
        out.append(f'    legend_k{i}["{_text(ks.family)}"]:::{_class(ks.family)}')
    lines = []
    if style.has_kind(figure, "+"):
        lines.append("solid line, +: increases")
    if style.has_kind(figure, "-"):
        lines.append(f"dashed line, {style.MINUS}: decreases")
    if style.has_kind(figure, None):
        lines.append("grey line: other relation, named on the line")
    if proposed:
        lines.append("grey dotted line (proposed): a link still in review, no document support")
    for _, label, items in style.notes_by_document(notes):
        lines.append(f"{label}: " + ", ".join(f"[{num}] {style.passage_text(src)}" for num, src in items))
    if lines:
        out.append('    legend_notes["' + "<br/>".join(_text(line) for line in lines) + '"]:::k_legend')
    out.append("  end")
    for ks in style.legend_kinds(figure):
        out.append(f"  classDef {_class(ks.family)} fill:{ks.fill},stroke:{ks.border},color:#000")
    out.append("  classDef k_legend fill:#ffffff,stroke:#ffffff,color:#000,text-align:left")
    if grey:
        out.append(f"  linkStyle {','.join(map(str, grey))} stroke:#888888,stroke-width:1px")
    if proposed:
        out.append(f"  linkStyle {','.join(map(str, proposed))} stroke:{style.PROPOSED_COLOR},stroke-width:1.5px,"
                   "stroke-dasharray:2 3")
    return "\n".join(out) + "\n"
