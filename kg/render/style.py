"""What every drawn format shares: colours and shapes by kind, polarity styles,
label wrapping, numbered source footnotes, the size limit and the dated title."""
from __future__ import annotations

import datetime as _dt
import re
import textwrap
from dataclasses import dataclass

from kg.core.figure import Figure, FigureEdge, Source

MAX_NODES = 60
MINUS = "\u2212"  # a real minus sign, wider than a hyphen


class FigureTooLarge(ValueError):
    """The figure has too many nodes to be read as a picture."""

    def __init__(self, nodes: int, edges: int, limit: int) -> None:
        self.nodes, self.edges, self.limit = nodes, edges, limit
        super().__init__(
            f"the subgraph has {nodes} nodes and {edges} edges, more than the {limit} nodes a "
            f"readable diagram can hold; narrow it with a smaller depth (--depth 1), "
            f"--min-support 2 (links stated by at least 2 documents), or export it as data "
            f"(graphml, cyjs, ttl, jsonld)")


@dataclass(frozen=True)
class KindStyle:
    family: str   # legend entry
    fill: str
    border: str
    shape: str    # Graphviz shape ("rounded": a box with rounded corners)
    mermaid: str  # Mermaid node brackets: "box", "round", "stadium", "hex"


# Light fills of clearly different hue and lightness (Okabe-Ito derived), dark text on all.
_FAMILIES = {
    "Measure": KindStyle("Measure", "#f6c88f", "#a65f00", "box", "box"),
    "Pathway": KindStyle("Pathway", "#b9dcf2", "#1f6fa3", "rounded", "stadium"),
    "Capability": KindStyle("Capability", "#bfe6d4", "#127a55", "rounded", "stadium"),
    "Outcome": KindStyle("Outcome", "#f3c1d9", "#a3356b", "rounded", "stadium"),
    "Factor": KindStyle("Factor", "#e4e4e4", "#555555", "rounded", "stadium"),
    "Actor": KindStyle("Actor", "#fff3a6", "#8a7a00", "box", "round"),
    "Claim": KindStyle("Claim", "#ffffff", "#333333", "note", "box"),
    "Hardware": KindStyle("Hardware / model", "#d9cce8", "#5e3c8f", "hexagon", "hex"),
    "Event": KindStyle("Event", "#f5d0c5", "#b2401f", "cds", "round"),
    "Scenario": KindStyle("Scenario", "#cfd8dc", "#37474f", "folder", "box"),
    "Document": KindStyle("Document", "#f0f0f0", "#777777", "tab", "box"),
    "Other": KindStyle("Other", "#fafafa", "#999999", "box", "round"),
}

_KIND_FAMILY = {
    "Measure": "Measure", "PolicyPackage": "Measure",
    "Pathway": "Pathway", "Capability": "Capability", "Outcome": "Outcome", "Factor": "Factor",
    "Actor": "Actor", "State": "Actor", "Coalition": "Actor", "Administration": "Actor",
    "GovernmentBody": "Actor", "Company": "Actor", "AILab": "Actor", "Publisher": "Actor",
    "Person": "Actor", "ActorGroup": "Actor", "Role": "Actor",
    "Claim": "Claim", "Figure": "Claim",
    "Hardware": "Hardware", "Chip": "Hardware", "ManufacturingEquipment": "Hardware",
    "DataCenter": "Hardware", "AIModel": "Hardware", "Software": "Hardware",
    "Event": "Event", "Scenario": "Scenario",
    "SourceDocument": "Document", "Report": "Document",
}


def kind_style(kind: str) -> KindStyle:
    return _FAMILIES[_KIND_FAMILY.get(kind, "Other")]


def legend_kinds(figure: Figure) -> list[KindStyle]:
    """The kind families present in the figure, in a fixed order."""
    present = {_KIND_FAMILY.get(n.kind, "Other") for n in figure.nodes}
    return [style for name, style in _FAMILIES.items() if name in present]


def kind_label(kind: str) -> str:
    """'AILab' -> 'AI lab', 'DataCenter' -> 'Data center'."""
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z]*|[a-z]+|[0-9]+", kind) or [kind]
    return " ".join([words[0]] + [w if w.isupper() else w.lower() for w in words[1:]])


def wrap(text: str, width: int = 24, max_lines: int = 4) -> list[str]:
    # collapse ASCII whitespace only: a no-break space keeps "chars 10–50" on one line
    lines = textwrap.wrap(re.sub(r"[ \t\r\n]+", " ", text).strip(), width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "\u2026"
    return lines


def is_causal(edge: FigureEdge) -> bool:
    return edge.polarity in ("+", "-")


def is_proposed(edge: FigureEdge) -> bool:
    """A causal link still in review (``kg trace --include-proposed``): drawn dotted and grey,
    captioned "proposed"; no document supports it yet."""
    return bool(getattr(edge, "proposed", False))


PROPOSED_COLOR = "#8a8a8a"


def sign(edge: FigureEdge) -> str:
    return {"+": "+", "-": MINUS}.get(edge.polarity or "", "")


def has_kind(figure: Figure, polarity: str | None) -> bool:
    return any(e.polarity == polarity for e in figure.edges)


def number_sources(figure: Figure) -> dict[Source, int]:
    """Footnote number of each distinct source: documents in order of first appearance on
    the edges, passages of one document by offset, numbered consecutively."""
    by_doc: dict[str, list[Source]] = {}
    for edge in figure.edges:
        for src in edge.sources:
            passages = by_doc.setdefault(src.document, [])
            if src not in passages:
                passages.append(src)
    notes: dict[Source, int] = {}
    for passages in by_doc.values():
        for src in sorted(passages, key=lambda s: (s.start is None, s.start or 0, s.end or 0)):
            notes[src] = len(notes) + 1
    return notes


def notes_by_document(notes: dict[Source, int]) -> list[tuple[str, str, list[tuple[int, Source]]]]:
    """``[(document IRI, label, [(number, source), ...]), ...]`` in footnote order."""
    groups: dict[str, tuple[str, str, list[tuple[int, Source]]]] = {}
    for src, num in notes.items():
        groups.setdefault(src.document, (src.document, src.label, []))[2].append((num, src))
    return list(groups.values())


def passage_text(src: Source) -> str:
    if src.start is not None and src.end is not None:
        return f"chars {src.start}\u2013{src.end}"
    if src.start is not None:
        return f"from char {src.start}"
    return "whole document"


def note_refs(edge: FigureEdge, notes: dict[Source, int]) -> str:
    nums = sorted({notes[s] for s in edge.sources if s in notes})
    runs: list[list[int]] = []
    for n in nums:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{r[0]}\u2013{r[-1]}" if len(r) > 2 else ",".join(map(str, r)) for r in runs]
    return "[" + ",".join(parts) + "]" if parts else ""


def edge_caption(edge: FigureEdge, notes: dict[Source, int]) -> str:
    """'+ [1,2]' for a causal link, 'proposed by [3]' otherwise; contested links say so."""
    head = sign(edge) if is_causal(edge) else edge.label
    parts = [head, note_refs(edge, notes)]
    if edge.contested:
        parts.append("(contested)")
    if is_proposed(edge):
        parts.append("(proposed)")
    return " ".join(p for p in parts if p)


def caption_lines(edge: FigureEdge, notes: dict[Source, int], width: int = 14) -> list[str]:
    """The caption broken into short lines (sign or relation, then the footnote numbers
    split at commas), so long reference lists do not push the ranks of a chain apart."""
    head = sign(edge) if is_causal(edge) else edge.label
    refs = note_refs(edge, notes)
    lines = [head]
    if refs and len(head) + 1 + len(refs) <= width:
        lines = [f"{head} {refs}"]
    elif refs:
        current = ""
        for part in refs.split(","):
            piece = part if not current else "," + part
            if current and len(current) + len(piece) > width:
                lines.append(current + ",")
                current = part
            else:
                current += piece
        lines.append(current)
    if edge.contested:
        lines.append("(contested)")
    if is_proposed(edge):
        lines.append("(proposed)")
    return lines


def note_text(src: Source) -> str:
    where = ""
    if src.start is not None and src.end is not None:
        where = f", chars {src.start}\u2013{src.end}"
    elif src.start is not None:
        where = f", from char {src.start}"
    return f"{src.label}{where}"


def dated_subtitle(figure: Figure, today: _dt.date | None = None) -> str:
    today = today or _dt.date.today()
    bits = [figure.subtitle] if figure.subtitle else []
    n, e = len(figure.nodes), len(figure.edges)
    counts = f"{n} node{'s' if n != 1 else ''}, {e} edge{'s' if e != 1 else ''}"
    bits.append(f"{counts} \u00b7 policy-kg \u00b7 {today.isoformat()}")
    return " \u2014 ".join(bits)
