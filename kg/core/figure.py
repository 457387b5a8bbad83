"""The figure model: what a diagram shows, independent of how it is drawn.

Trace (``kg.trace``) and export (``kg.export``) build a ``Figure``; the renderers
(``kg.render``) turn one into SVG, PNG, DOT, Mermaid, GraphML or Cytoscape JSON.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """A passage of a document backing an edge: becomes a numbered footnote."""
    document: str          # document IRI
    label: str             # short document label (title or identifier)
    start: int | None = None
    end: int | None = None


@dataclass
class FigureNode:
    iri: str
    label: str
    kind: str              # class local name, e.g. "Measure", "Pathway", "Capability"
    url: str | None = None # where a click should go (entity page), filled by the caller


@dataclass
class FigureEdge:
    source: str            # node IRI
    target: str            # node IRI
    label: str             # property label, or "increases"/"decreases" for causal links
    polarity: str | None = None   # "+", "-" or None when not causal
    link: str | None = None       # IRI of the pk:CausalLink node, when there is one
    sources: list[Source] = field(default_factory=list)
    contested: bool = False
    note: str = ""         # a sentence about the link (its independent sources), shown as its tooltip
    url: str | None = None # where a click on a causal link should go (its page), filled by the caller


@dataclass
class Figure:
    title: str
    nodes: list[FigureNode] = field(default_factory=list)
    edges: list[FigureEdge] = field(default_factory=list)
    subtitle: str = ""
    direction: str = "LR"  # "LR" for causal chains, "TB" otherwise
    # a neighbourhood's steps from its focus: drawn left to right, an edge between two nodes as far
    # from the focus sets no rank (kg.render.dot), so claims about claims do not stretch the diagram
    # into a long chain
    rings: dict[str, int] = field(default_factory=dict)

    def node(self, iri: str) -> FigureNode | None:
        return next((n for n in self.nodes if n.iri == iri), None)
