"""Entity pages' data: everything the graph says about one node, with its sources.

``describe(store, corpus, iri)`` returns a JSON-ready dict (label, kinds, definition,
aliases, statements out and in grouped by property with the documents stating each,
causal links with polarity and stances, claims about it, evidence passages from the
corpus, events in date order). ``graph(store, iri)`` is the same node as RDF for the
Turtle and JSON-LD forms.
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.pages import claims
from kg import queries
from kg.core.corpus import Corpus, CorpusError
from kg.pages.documents import anchor_id, doc_id, document_meta
from kg.pages.paging import LIMIT, check, page
from kg.core.namespaces import PK, curie, prefixes
from kg.index.labels import index
from kg.index.partial import provisional
from kg.pages.display import term
from kg.index.resolve import exists
from kg.store import Store
from kg.trace.origins import add_origins, independence_text

# shown in the page header, not repeated in the statement tables
_HEADER = {str(RDF.type), str(SKOS.prefLabel), str(SKOS.altLabel), str(SKOS.hiddenLabel), str(SKOS.definition),
           str(PK.evidence)}


def describe(store: Store, corpus: Corpus | None, iri: str, *, offset: int = 0, limit: int = LIMIT) -> dict | None:
    """Everything the graph says about ``iri``. Each list shows at most ``limit`` entries
    (statements in: those from ``offset`` on) and says how many there are in all. While the label
    index is being built, the labels of the nodes shown are read from the store (``kg.index.partial``)."""
    with provisional():
        return _describe(store, corpus, iri, offset=offset, limit=limit)


def _describe(store: Store, corpus: Corpus | None, iri: str, *, offset: int, limit: int) -> dict | None:
    check(offset, limit)
    node = URIRef(iri)
    if not exists(store, iri):
        return None
    idx = index(store)
    types = idx.types(iri)

    # outgoing statements
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    definitions, aliases, search_terms = set(), set(), set()
    out_rows = store.select(queries.get("entity_out"), node=node)
    in_rows = store.select(queries.get("entity_in"), node=node, limit=limit, offset=offset)
    idx.prefetch(v for r in out_rows + in_rows for v in r.values() if isinstance(v, URIRef))
    for row in out_rows:
        p, o = str(row["p"]), row["o"]
        if p == str(SKOS.definition):
            definitions.add(str(o))
        if p == str(SKOS.altLabel):
            aliases.add(str(o))
        if p == str(SKOS.hiddenLabel):
            search_terms.add(str(o))
        if p in _HEADER:
            continue
        key = o.n3()
        cell = out[p].setdefault(key, {**term(o, idx), "documents": set(), "details": {}})
        if "g" in row:
            cell["documents"].add(str(row["g"]))
        if isinstance(o, BNode) and "bp" in row:
            cell["details"].setdefault(idx.label(row["bp"]), set()).add(term(row["bo"], idx)["label"])

    # incoming statements: one page of them, read as a page
    shown_in: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in in_rows:
        shown_in[str(row["p"])][row["s"].n3()] = {**term(row["s"], idx), "documents": set()}
    subjects = {row_s for cells in shown_in.values() for row_s in cells}
    if subjects:
        iris = [URIRef(c["iri"]) for cells in shown_in.values() for c in cells.values() if "iri" in c]
        for s_, p_, g in store.values(queries.get("entity_in_graphs"), node=node, subjects=iris) if iris else []:
            cell = shown_in.get(p_, {}).get(URIRef(s_).n3())
            if cell is not None:
                cell["documents"].add(g)
    in_count = int(store.values(queries.get("entity_in_count"), node=node)[0][0])

    evidence_all = store.select(queries.get("entity_evidence"), node=node)
    graphs = {g for table in (out, shown_in) for cells in table.values() for c in cells.values() for g in c["documents"]}
    docs = {d["iri"]: d for d in document_meta(store, sorted(graphs | {str(r["doc"]) for r in evidence_all[:limit]}))}
    evidence = _evidence(corpus, evidence_all[:limit], docs, idx)
    involved = claims.involving(store, iri, limit=limit)
    events, events_count = _events(store, node, idx, limit)
    return {"differences": _differences(store, iri, idx),
        "iri": iri,
        "curie": curie(iri, store.base_iri),
        "label": idx.label(iri),
        "types": [term(URIRef(t), idx) for t in types],
        "definition": sorted(definitions),
        "aliases": sorted(aliases),
        "search_terms": sorted(search_terms),
        "out": _groups(out, idx, docs, limit),
        "in": _groups(shown_in, idx, docs, limit),
        "in_page": page(in_count, offset, limit),
        "links": _links(store, node, idx),
        "claims": involved["about"], "claims_count": involved["about_count"],
        "claims_made": involved["made"], "claims_made_count": involved["made_count"],
        "evidence": evidence, "evidence_count": len(evidence_all),
        "events": events, "events_count": events_count,
        "is_measure": str(PK.Measure) in types or str(PK.PolicyPackage) in types,
        "is_factor": any(t in types for t in (str(PK.Pathway), str(PK.Capability), str(PK.Outcome), str(PK.Factor))),
        "document_id": doc_id(store, iri) if str(PK.SourceDocument) in types else None,
        "graph_size": int(store.select(queries.get("entity_graph_size"), node=node)[0]["n"]),
        "sources": _link_sources(store, iri, idx) if str(PK.CausalLink) in types else None,
    }


def _link_sources(store: Store, iri: str, idx) -> str:
    """A causal link's independent sources in words, as on traces."""
    hop = {"link": iri}
    add_origins(store, {"paths": [{"hops": [hop]}]}, idx.label)
    return independence_text(hop)


def _differences(store: Store, iri: str, idx) -> list[dict]:
    """Where documents give a claim about this node, or a link into or out of it, differently."""
    from kg.trace import causal_graph
    from kg.trace.differences import around, claim_differences, sign_differences
    from kg.trace.layer import layer_ready
    from kg.trace.near import links_around

    label = lambda x: idx.known(x) or x.rsplit("/", 1)[-1]
    G = causal_graph(store) if layer_ready(store) else links_around(store, iri)   # never waits for the layer
    return claim_differences(store, {iri}, label) + sign_differences(G, around(G, iri), label)


def _groups(table: dict[str, dict[str, dict]], idx, docs: dict, limit: int) -> list[dict]:
    groups = []
    for p, cells in table.items():
        values = sorted(cells.values(), key=lambda c: c["label"].casefold())[:limit]
        for v in values:
            v["documents"] = [{"iri": g, "id": docs[g]["id"] if g in docs else None, "label": idx.label(g),
                               "short": idx.short(g)}
                              for g in sorted(v["documents"])]
            if "details" in v:
                v["details"] = [{"property": k, "values": sorted(s)} for k, s in sorted(v["details"].items())]
        groups.append({"property": term(URIRef(p), idx), "count": len(cells), "values": values})
    return sorted(groups, key=lambda g: g["property"]["label"].casefold())


def _links(store: Store, node: URIRef, idx) -> dict:
    links: dict[str, dict] = {}
    for row in store.select(queries.get("entity_links"), node=node):
        key = str(row["link"])
        links.setdefault(key, {
            "iri": key, "label": idx.label(key), "cause": term(row["cause"], idx), "effect": term(row["effect"], idx),
            "polarity": term(row["polarity"], idx) if "polarity" in row else None,
            "sign": int(row["sign"]) if "sign" in row else None,
            "mechanism": str(row["mechanism"]) if "mechanism" in row else None,
            "supported_by": [], "contested_by": []})
    for row in store.select(queries.get("entity_link_stances"), node=node):
        link = links.get(str(row["link"]))
        if link is None:
            continue
        bucket = link["supported_by" if str(row["stance"]) == "supports" else "contested_by"]
        claim = term(row["claim"], idx)
        if claim not in bucket:
            bucket.append(claim)
    # the documents stating each link and the independent sources behind them, as on traces
    hops = [{**lk, "link": lk["iri"]} for lk in links.values()]
    add_origins(store, {"paths": [{"hops": hops}]}, idx.label)
    for h in hops:
        stated = sorted({d["iri"] for o in h["origins"] for d in o["documents"]})
        links[h["iri"]].update(origins=h["origins"], independent=h["independent"], sources=independence_text(h),
                               documents=[{"iri": d, "label": idx.label(d), "id": doc_id(store, d), "short": idx.short(d)}
                                          for d in stated])
    out = [lk for lk in links.values() if lk["cause"].get("iri") == str(node)]
    inc = [lk for lk in links.values() if lk["effect"].get("iri") == str(node)]
    return {"out": sorted(out, key=lambda lk: lk["effect"]["label"].casefold()),
            "in": sorted(inc, key=lambda lk: lk["cause"]["label"].casefold())}


def _evidence(corpus: Corpus | None, rows: list[dict], docs: dict, idx) -> list[dict]:
    items = []
    for row in rows:
        doc = str(row["doc"])
        meta = docs.get(doc, {})
        start, end = int(row["start"]), int(row["end"])
        item = {"graph": str(row["g"]), "anchor": str(row["ev"]), "anchor_id": anchor_id(str(row["ev"])),
                "document": {"iri": doc, "id": meta.get("id"), "label": idx.label(doc), "short": idx.short(doc)},
                "start": start, "end": end, "passage": None, "hash_matches": None}
        file_name = meta.get("file")
        if corpus is not None and corpus.available and file_name:
            try:
                p = corpus.passage(file_name, start, end)
                item["passage"] = {"before": p.before, "text": p.text, "after": p.after}
                if "sha" in row:
                    item["hash_matches"] = corpus.sha256(file_name) == str(row["sha"])
            except CorpusError as exc:
                item["problem"] = str(exc)
        items.append(item)
    return sorted(items, key=lambda i: (i["document"]["label"], i["start"]))


def _events(store: Store, node: URIRef, idx, limit: int) -> tuple[list[dict], int]:
    events: dict[str, dict] = {}
    rows = store.select(queries.get("entity_events"), node=node)
    idx.prefetch(v for r in rows for v in (r["event"], r["role"]))
    for row in rows:
        e = str(row["event"])
        ev = events.setdefault(e, {**term(row["event"], idx), "date": str(row["date"]) if "date" in row else None,
                                   "roles": []})
        role = idx.label(row["role"])
        if role not in ev["roles"]:
            ev["roles"].append(role)
    ordered = sorted(events.values(), key=lambda e: (e["date"] is None, e["date"] or "", e["label"]))
    return ordered[:limit], len(ordered)


def graph(store: Store, iri: str) -> Graph:
    """The node's statements out and in (blank-node objects one level deep) as an rdflib Graph."""
    g = store.construct(queries.get("entity_construct"), node=URIRef(iri))
    for p, ns in prefixes(store.base_iri).items():
        g.bind(p, ns, replace=True)
    return g


def dataset(store: Store, iri: str) -> Dataset:
    """The node's statements in the named graphs that hold them (one per stating document),
    with the evidence anchors they cite there: provenance a TriG reader keeps."""
    ds = Dataset()
    for p, ns in prefixes(store.base_iri).items():
        ds.bind(p, ns, replace=True)
    graphs: dict = {}
    for row in store.select(queries.get("entity_quads"), node=URIRef(iri)):
        g = graphs.get(row["g"])
        if g is None:
            g = graphs[row["g"]] = ds.graph(row["g"])
        g.add((row["s"], row["p"], row["o"]))
    return ds

