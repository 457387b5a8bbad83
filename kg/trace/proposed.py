"""Proposed causal links (still in review) laid over the accepted causal layer.

``kg trace --include-proposed`` and the trace page's ``include_proposed=1`` show what the
graph would say if the links a proposer suggested (``data/review/<id>.json``, kind ``link``,
neither accepted nor rejected) were accepted. They are never part of the accepted graph:

- ``proposed_links(data_dir)`` reads them from the review files (an accepted proposal is in
  its document's data file already, and a rejected one is dropped);
- ``with_proposed(G, links, labels)`` returns a *copy* of the accepted graph ``G`` with one
  extra edge per proposed link (key ``proposed:<document id>:<proposal id>``), marked
  ``proposed: True``, with ``support`` 0 (no document graph states it), no sources, and
  ``proposed_in`` naming the document and sentence that suggested it. A proposal that
  repeats a link the accepted graph has (same ends and polarity) adds nothing and is left out.
- ``causal_graph_with_proposed(store, data_dir)`` is that copy for the store's accepted
  graph, remembered per store generation *and* review-file fingerprint under its own key
  (the accepted graph's cache, ``trace:causal_graph``, is never changed).

``filter_support`` keeps proposed edges whatever ``min_support`` is (their support is 0 by
construction, so a path through one has support 0 and shows as proposed).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from kg.core.kinds import kind_of
from kg.index.cache import per_generation
from kg.store import Store

PROPOSED_PREFIX = "proposed:"
_SIGN = {"+": 1, "-": -1}


def _fingerprint(data_dir: str | Path) -> tuple:
    folder = Path(data_dir) / "review"
    if not folder.is_dir():
        return ()
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((path.name, st.st_mtime_ns, st.st_size))
    data = Path(data_dir)
    for path in sorted(data.glob("*.trig")):   # accepting a proposal changes its data file
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((path.name, st.st_mtime_ns, st.st_size))
    return tuple(out)


def _anchored(path: Path, number: str) -> set[str]:
    """The proposal ids whose anchor (``ev:NNN-pK``) the document's data file holds: the data
    file is the record of what was accepted (``kg.curation.records``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return set()
    return set(re.findall(r"(?:\bev:|/evidence/)" + re.escape(number) + r"-(p\d+)\b", text))


def proposed_links(data_dir: str | Path) -> list[dict]:
    """Every link proposal still waiting for review: ``{"key", "cause", "effect", "polarity",
    "document", "id", "proposal", "start", "end", "sentence"}``, in file and proposal order."""
    folder = Path(data_dir) / "review"
    out: list[dict] = []
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.json")):
        if path.name == "rejected.json" or path.name.startswith("."):
            continue
        try:
            review = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(review, dict) or "proposals" not in review:
            continue
        ident = review.get("id") or path.stem
        doc = review.get("document", "")
        links = [p for p in review.get("proposals", []) if isinstance(p, dict) and p.get("kind") == "link"
                 and p.get("status", "proposed") == "proposed" and p.get("polarity") in _SIGN
                 and p.get("cause") and p.get("effect") and p.get("cause") != p.get("effect")]
        if not links:
            continue
        accepted = set(review.get("accepted", {}))
        accepted |= _anchored(Path(data_dir) / f"{ident}.trig", str(ident).split("_", 1)[0])
        for p in links:
            if p.get("id") in accepted:
                continue
            out.append({"key": f"{PROPOSED_PREFIX}{ident}:{p.get('id')}", "cause": p["cause"], "effect": p["effect"],
                        "polarity": p["polarity"], "document": doc, "id": ident, "proposal": p.get("id"),
                        "start": p.get("start"), "end": p.get("end"), "sentence": p.get("sentence", "")})
    return out


def with_proposed(G: nx.MultiDiGraph, links: list[dict], labels=None, kinds=None) -> nx.MultiDiGraph:
    """A copy of ``G`` with the proposed ``links`` added as edges marked ``proposed`` (see the
    module docstring); ``labels(iri)`` and ``kinds(iri)`` describe ends the graph lacks."""
    H = G.copy()   # new node and edge attribute dicts: nothing here reaches G's caches
    H.graph = dict(G.graph)
    have = {(u, v, d["sign"]) for u, v, d in G.edges(data=True)}
    for link in links:
        u, v, sign = link["cause"], link["effect"], _SIGN[link["polarity"]]
        if (u, v, sign) in have:
            continue
        for n in (u, v):
            if n not in H:
                H.add_node(n, label=(labels(n) if labels else None) or n.rsplit("/", 1)[-1],
                           kind=(kinds(n) if kinds else "") or "")
        where = {"document": link["document"], "proposal": link["proposal"], "start": link["start"],
                 "end": link["end"], "sentence": link["sentence"]}
        if H.has_edge(u, v, link["key"]):
            continue
        H.add_edge(u, v, link["key"], sign=sign, support=0, proposed=True, proposed_in=[where], raw=None,
                   mechanism="", documents=[], sources=[], claimers=[], contested_by=[], qualified_by=[])
    return H


def causal_graph_with_proposed(store: Store, data_dir: str | Path) -> nx.MultiDiGraph:
    """The store's accepted causal graph plus the proposed links of ``data_dir``'s review files
    (a separate copy, remembered per generation and review-file fingerprint)."""
    from kg.trace.layer import causal_graph
    from kg.index.labels import index as label_index

    memo: dict = per_generation(store, "trace:causal_graph+proposed", dict)
    key = (str(Path(data_dir).resolve()), _fingerprint(data_dir))
    if key not in memo:
        G = causal_graph(store)
        idx = label_index(store)
        H = with_proposed(G, proposed_links(data_dir), labels=idx.known,
                          kinds=lambda iri: kind_of(set(idx.types(iri)), default=""))
        memo.clear()
        memo[key] = H
    return memo[key]


__all__ = ["proposed_links", "with_proposed", "causal_graph_with_proposed", "PROPOSED_PREFIX"]
