"""The nodes a trace's names stand for: a measure, a target, preferring causal factors.

``node(store, text, G, index, role)`` resolves a name (IRI, prefixed name or label, through
``kg.index.resolve``) preferring the nodes of the causal layer ``G``; a name of a node with no
causal links is ``NotCausal``, whose ``candidates`` are causal factors named like it (from the
layer's folded labels, or, while the whole layer is not ready, from the store: ``kg.trace.near``).
"""
from __future__ import annotations

import networkx as nx

from kg.core.namespaces import curie
from kg.index.labels import LabelIndex, fold
from kg.index.resolve import Candidate, Unknown, resolve
from kg.store import Store
from kg.trace.choices import folded_labels
from kg.trace.near import causal_among, causal_like


class TraceError(Exception):
    """The trace cannot run as asked (e.g. the start is not in the causal layer)."""


class SameScenario(TraceError):
    """A comparison of a scenario with itself: there is nothing to compare."""


class NotCausal(Unknown, TraceError):
    """The name resolves, but to a node with no causal links; ``candidates`` are causal factors named like it."""


def _causal_like(G: nx.MultiDiGraph, text: str, n: int = 8) -> list[Candidate]:
    from rapidfuzz import fuzz, process

    key = fold(text)
    labels = folded_labels(G)
    hits = [i for i, l in labels.items() if key and key in l]
    if not hits:
        close = {l for l, _, _ in process.extract(key, set(labels.values()), scorer=fuzz.ratio, limit=n,
                                                  score_cutoff=50)}
        hits = [i for i, l in labels.items() if l in close]
    hits.sort(key=lambda i: (G.nodes[i]["kind"] not in ("Measure", "PolicyPackage"), labels[i], i))
    return [Candidate(i, G.nodes[i]["label"]) for i in hits[:n]]


def node(store: Store, text: str, G: nx.MultiDiGraph | None, index: LabelIndex, role: str,
         kinds: list[str] | None = None, near: bool = False) -> Candidate:
    """The node ``text`` names, preferring causal factors (of ``G``, the layer; or, ``near``, of the
    store, ``G`` being the part read so far or None); ``NotCausal`` when it has no causal links."""
    named = index.named(text) if near else ()
    prefer = G.nodes if not near else causal_among(store, named) if len(named) > 1 else None
    c = resolve(store, text, prefer=prefer, index=index, kinds=kinds)
    inside = G is not None and c.iri in G
    if near and not inside:   # a preferred node was found causal by the query that preferred it
        inside = (prefer is not None and c.iri in prefer) or c.iri in causal_among(store, [c.iri])
    if kinds is None and not inside:
        shown = c.label if c.label != c.iri else text
        like = [Candidate(i, index.label(i)) for i in causal_like(store, index, shown)] if near else _causal_like(G, shown)
        hint = ("; causal factors named like it: " + "; ".join(f"{x.label} ({curie(x.iri, store.base_iri)})" for x in like)
                if like else "")
        raise NotCausal(text, f"{role} {text!r} ({curie(c.iri, store.base_iri)}) has no causal links: it is neither "
                        f"the cause nor the effect of any pk:CausalLink{hint}", like)
    if G is not None and c.iri in G and c.label == c.iri:
        c = Candidate(c.iri, G.nodes[c.iri]["label"])
    return c
