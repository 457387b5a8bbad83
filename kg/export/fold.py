"""Folding a hub's neighbourhood so that its diagram stays readable: each node of an export
draws about ``cap`` new neighbours on each side (those pointing at it, those it points at).
Past that, its neighbours on that side are grouped by relation and kind ("claimed by" x Claim);
the smallest groups first, each takes an equal share of what is left of ``cap``: the whole
group when it fits, else its best supported members (most documents, then by label) and one
"+N more" node for the rest, linking to the list holding them on the node's page.

A neighbour reached from several nodes of a ring belongs to the first of them (by IRI); one
connected by several relations is grouped under a causal one if it has one, else the first
relation by IRI. ``cap`` 0 folds nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from kg.core.namespaces import PK
from kg.export import subgraph
from kg.render.style import kind_style

CAUSAL = {PK.cause, PK.effect, PK.increases, PK.decreases}
CAUSAL_RELATION = "causal link"


@dataclass
class Fold:
    """The neighbours of ``parent`` on one side, of one relation and kind, left out of a figure."""
    parent: URIRef
    out: bool                 # parent -> neighbours (else neighbours -> parent)
    predicate: URIRef
    relation: str             # the relation's label ("claimed by", "causal link")
    family: str               # the kind family of the neighbours ("Claim")
    kind: str                 # the kind of the first of them, which the "+N more" node is drawn as
    hidden: list[URIRef] = field(default_factory=list)

    @property
    def iri(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", f"{self.relation} {self.family}".lower()).strip("-")
        return f"{self.parent}#more-{'out' if self.out else 'in'}-{slug}"

    @property
    def label(self) -> str:
        return f"+{len(self.hidden)} more ({self.relation})"

    @property
    def anchor(self) -> str:
        """The section of the parent's page listing them all."""
        if self.predicate in CAUSAL:
            return "causal"
        if not self.out and self.predicate == PK.claimer:
            return "claims-made"
        if not self.out and self.predicate == PK.about:
            return "claims"
        return "statements" if self.out else "in"

    def describe(self, parent_label: str) -> str:
        if self.relation == CAUSAL_RELATION:
            way = f"{parent_label} acts on them" if self.out else f"they act on {parent_label}"
        else:
            way = f"{parent_label} {self.relation} them" if self.out else f"they are {self.relation} {parent_label}"
        return f"{len(self.hidden)} more {self.family.lower()} nodes ({way})"

    def as_dict(self) -> dict:
        return {"parent": str(self.parent), "direction": "out" if self.out else "in",
                "relation": self.relation, "predicate": str(self.predicate), "kind": self.family,
                "count": len(self.hidden), "nodes": [str(n) for n in self.hidden]}


def ring(store, frontier: set[URIRef], taken: set[URIRef], *, min_support: int, cap: int,
         relations: dict[str, str]) -> tuple[set[URIRef], list[Fold]]:
    """The new neighbours of ``frontier`` (not in ``taken``) to draw, and the folds of the rest."""
    support: dict[tuple, int] = {}
    chosen: dict[URIRef, subgraph.Connection] = {}
    for c, graphs in sorted(subgraph.connections(store, frontier, min_support).items(),
                            key=lambda kv: (str(kv[0].node), kv[0].predicate not in CAUSAL, str(kv[0].predicate))):
        if c.neighbour in taken:
            continue
        key = (c.node, c.neighbour)
        support[key] = max(support.get(key, 0), graphs)
        if c.neighbour not in chosen:
            chosen[c.neighbour] = c
    if not chosen:
        return set(), []
    info = subgraph.node_info(store, chosen)
    sides: dict[tuple, list[URIRef]] = {}
    for n, c in chosen.items():
        sides.setdefault((c.node, c.out), []).append(n)
    kept: set[URIRef] = set()
    folds: list[Fold] = []
    for (parent, out), members in sorted(sides.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        if not cap or len(members) <= cap:
            kept |= set(members)
            continue
        groups: dict[tuple, list[URIRef]] = {}
        for n in members:
            p = chosen[n].predicate
            groups.setdefault((p, kind_style(info[n][1]).family), []).append(n)
        budget, left = cap, len(groups)
        # the smallest groups first: each takes its share of what is left of the cap, whole when it
        # fits, else its best members and a "+N more" node in the share
        for (p, family), group in sorted(groups.items(), key=lambda kv: (len(kv[1]), str(kv[0][0]), kv[0][1])):
            share, left = max(1, budget // left), left - 1
            group.sort(key=lambda n: (-support[(parent, n)], info[n][0].casefold(), str(n)))
            shown = len(group) if len(group) <= share else max(1, share - 1)
            kept |= set(group[:shown])
            budget -= min(len(group), share)
            if shown < len(group):
                relation = CAUSAL_RELATION if p in CAUSAL else relations.get(str(p), subgraph.local(str(p)))
                folds.append(Fold(parent, out, p, relation, family, info[group[shown]][1], group[shown:]))
    return kept, folds
