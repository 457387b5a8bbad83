"""Trace a measure through the causal layer: signed paths, net effects, evidence on every hop.

``trace(store, "Limit foreign access to sensitive data centres")`` loads the causal
layer with two SPARQL queries (``causal_link_statements.rq``, ``causal_subgraph.rq``) into a networkx
MultiDiGraph (``load``), walks the simple paths from the measure (``analysis``) and
returns the documented JSON-ready result (``result``; shape in its docstring and in
docs/reference/tracing.md). ``compare_scenarios`` does the same for the measures two scenarios have
in force (``scenario``). ``format_text`` and ``to_figure`` (``output``) present a result.

MEASURE, TARGET and scenarios may be IRIs, prefixed names or labels (``kg.index.resolve``).

``causal_graph_with_proposed(store, data_dir)`` (``proposed``) is a separate copy of the causal
layer with the links still in review added, marked ``proposed`` and with no document support;
pass it as ``graph=`` to trace over it (such results are not remembered).

``measures_reaching`` answers "what acts on this target?" (``reaching``). Names are resolved by
``names`` (``NotCausal`` for a node with no causal links); results are remembered per store
generation by ``remembered``; the trace form's choices and the warm-up's part are ``choices``.
"""
from __future__ import annotations

import networkx as nx

from kg import queries
from kg.index.carry import relabels
from kg.core.namespaces import PK, PK_IRI
from kg.core.kinds import kind_of
from kg.index.resolve import Ambiguous, Candidate, ResolveError, Unknown, resolve
from kg.index.labels import index as label_index
from kg.index.cache import per_generation
from kg.index.warm import DATA
from kg.store import Store
from kg.trace.analysis import PATH_CAP, STEP_BUDGET
from kg.trace.choices import CHOICES, folded_labels, starts, targets, warm
from kg.trace.layer import causal_graph, layer_waits
from kg.trace.names import NotCausal, SameScenario, TraceError, node as _resolve
from kg.trace.near import near_graph
from kg.trace.load import filter_support, load_causal_graph
from kg.trace.proposed import causal_graph_with_proposed, proposed_links, with_proposed
from kg.trace.differences import claim_differences, sign_differences
from kg.trace.disputes import disputes, path_nodes
from kg.trace.reaching import acting_on
from kg.trace.remembered import remembered as _remembered
from kg.trace.shown import fold_result
from kg.trace.origins import add_origins, filter_independent
from kg.trace.output import diagram_fold, fold_line, format_scenarios, format_text, to_figure, scenario_figure
from kg.trace.result import build
from kg.trace.scenario import compare, outcome

__all__ = ["SameScenario", "trace", "fold_result", "causal_graph", "layer_waits", "warm", "CHOICES", "folded_labels", "causal_graph_with_proposed", "proposed_links", "with_proposed", "trace_graph", "measures_reaching", "compare_scenarios", "scenarios", "starts", "targets", "load_causal_graph", "filter_support",
           "format_text", "format_scenarios", "to_figure", "diagram_fold", "fold_line", "scenario_figure", "TraceError", "NotCausal",
           "Ambiguous", "Unknown", "ResolveError", "PATH_CAP"]


def trace_graph(G: nx.MultiDiGraph, start: str, *, to: str | None = None, max_depth: int = 6,
                min_support: int = 1, path_cap: int = PATH_CAP, step_budget: int = STEP_BUDGET,
                start_label: str | None = None, shown: tuple[int, int | None] | None = None) -> dict:
    """Trace over an already loaded causal graph (no store needed); ``shown``: see ``result.build``."""
    if max_depth < 1:
        raise TraceError(f"--max-depth must be at least 1 (got {max_depth})")
    H = filter_support(G, min_support)
    return build(H, start, to=to, max_depth=max_depth, min_support=min_support, path_cap=path_cap,
                 step_budget=step_budget, start_label=start_label, shown=shown)


def trace(store: Store, measure: str, *, to: str | None = None, max_depth: int = 6, min_support: int = 1,
          path_cap: int = PATH_CAP, step_budget: int = STEP_BUDGET, graph: nx.MultiDiGraph | None = None,
          min_independent: int = 1, shown: tuple[int, int | None] | None = None) -> dict:
    """Trace ``measure`` (IRI, prefixed name or label) in ``store``; see ``result`` for the shape.
    Results on the store's own causal layer are remembered until the store's next write, by the nodes
    the names resolve to (a name may name another node after a write). ``min_independent`` drops links backed by fewer independent origins (``kg.trace.origins``).
    With ``shown = (targets, paths)``, hops and loops only for what ``fold_result`` with the same
    numbers keeps. While another caller reads the whole causal layer (the warm-up after a start),
    the trace reads the measure's neighbourhood instead (``kg.trace.near``; ``"layer": "near"``)
    and is not remembered."""
    opts = dict(to=to, max_depth=max_depth, min_support=min_support, path_cap=path_cap, step_budget=step_budget,
                min_independent=min_independent, shown=shown)
    if graph is not None:
        return _trace(store, measure, graph=graph, **opts)
    if layer_waits(store):   # the layer is being read (a start): trace the measure's neighbourhood now
        return _trace(store, measure, graph=None, near=True, **opts)
    G, index = causal_graph(store), label_index(store)   # remembered by the nodes named: names may change
    m, t = _resolve(store, measure, G, index, "measure"), _resolve(store, to, G, index, "target") if to else None
    return _remembered(store, "trace:results",
                       (m.iri, t and t.iri, max_depth, min_support, path_cap, step_budget, min_independent, shown),
                       lambda: _trace(store, m, graph=G, **{**opts, "to": t}))


def _trace(store: Store, measure: str | Candidate, *, to: str | Candidate | None, max_depth: int, min_support: int,
           path_cap: int, step_budget: int, graph: nx.MultiDiGraph | None, min_independent: int = 1,
           shown: tuple[int, int | None] | None = None, near: bool = False) -> dict:
    """A trace of ``measure`` (a name, or a node already resolved) over ``graph``, or the measure's
    neighbourhood (``near``), or the layer."""
    index = label_index(store)
    if near:   # read around the measure (kg.trace.near), names resolved as over the whole layer
        m = _resolve(store, measure, None, index, "measure", near=True)
        G = near_graph(store, m.iri, max_depth)
        if m.iri not in G:   # only links into it: no paths, as over the whole layer
            G.add_node(m.iri, label=m.label, kind=kind_of(index.types(m.iri), default=""))
    else:
        G = graph if graph is not None else causal_graph(store)
        m = measure if isinstance(measure, Candidate) else _resolve(store, measure, G, index, "measure")
    t = to if isinstance(to, Candidate) or not to else _resolve(store, to, G, index, "target", near=near)
    G = filter_independent(store, G, m.iri, max_depth=max_depth, min_independent=min_independent)
    result = trace_graph(G, m.iri, to=t.iri if t else None, max_depth=max_depth, min_support=min_support,
                         path_cap=path_cap, step_budget=step_budget, start_label=m.label, shown=shown)
    if t:
        result["options"]["to_label"] = t.label
    if min_independent > 1:
        result["options"]["min_independent"] = min_independent
    if near:
        result["layer"] = "near"
        result["truncated"] = result["truncated"] or G.graph["near_cut"]
    label = lambda iri: index.known(iri) or iri.rsplit("/", 1)[-1]
    add_origins(store, result, label)
    result["disputes"] = disputes(store, path_nodes(result), label)
    result["differences"] = (claim_differences(store, path_nodes(result), label)
                             + sign_differences(G, [(h["from"], h["to"]) for p in result["paths"] for h in p["hops"]],
                                                label))
    return result


def measures_reaching(store: Store, target: str | Candidate, *, max_depth: int = 6, min_support: int = 1,
                      path_cap: int = PATH_CAP, step_budget: int = STEP_BUDGET,
                      graph: nx.MultiDiGraph | None = None, shown: int | None = None) -> dict:
    """Every measure whose paths reach ``target``, with its net effect there: "what acts on this?"
    (``kg.trace.reaching``: one search backwards from the target; ``truncated``, ``counting`` and
    ``approximate`` as in a trace). With ``shown``, the entries of the first ``shown`` measures only;
    ``measures_total`` counts them all. On the store's own causal layer (no ``graph``), remembered until
    the next write, by the node named."""
    opts = dict(max_depth=max_depth, min_support=min_support, path_cap=path_cap, step_budget=step_budget, shown=shown)
    G = graph if graph is not None else causal_graph(store)
    t = target if isinstance(target, Candidate) else _resolve(store, target, G, label_index(store), "target")
    if graph is not None:
        return acting_on(G, {"iri": t.iri, "label": t.label}, **opts)
    return _remembered(store, "trace:reaching", (t.iri, *opts.values()),
                       lambda: acting_on(G, {"iri": t.iri, "label": t.label}, **opts))


def scenario_measures(store: Store, scenario: str) -> list[dict]:
    rows = store.select(queries.get("causal_scenario"), scenario=_uri(scenario))
    found: dict[str, str] = {}
    for r in rows:
        iri = str(r["measure"])
        if iri not in found or r.get("lang") and str(r["lang"]) == "en":
            found[iri] = str(r["label"]) if "label" in r else iri
    return [{"iri": i, "label": found[i]} for i in sorted(found)]


def scenarios(store: Store) -> list[dict]:
    """Every scenario: ``{"iri", "label", "measures"}`` (the number in force); read once, then
    again only after a write that types a scenario, puts a measure in force or renames one."""
    def build() -> list[dict]:
        return [{"iri": str(r["scenario"]), "label": str(r.get("label", r["scenario"])),
                 "measures": int(r["measures"].toPython())} for r in store.select(queries.get("causal_scenarios"))]

    def advance(found: list[dict], changes: list) -> list[dict] | None:
        named = {s["iri"] for s in found}
        return None if any(str(PK.Scenario) in c.types() or str(PK.measureInForce) in c.predicates()
                           or relabels(c, named) for c in changes) else found
    return per_generation(store, "trace:scenarios", build, advance, DATA)


def _uri(iri: str):
    from rdflib import URIRef
    return URIRef(iri)


def compare_scenarios(store: Store, a: str, b: str, *, max_depth: int = 6, min_support: int = 1,
                      path_cap: int = PATH_CAP, step_budget: int = STEP_BUDGET,
                      graph: nx.MultiDiGraph | None = None) -> dict:
    """The outcomes of scenarios ``a`` and ``b`` (IRIs or labels of pk:Scenario), side by side."""
    G = graph if graph is not None else causal_graph(store)
    H = filter_support(G, min_support)
    index = label_index(store)
    opts = dict(max_depth=max_depth, min_support=min_support, path_cap=path_cap, step_budget=step_budget)
    chosen = [resolve(store, text, kinds=[PK_IRI + "Scenario"], index=index) for text in (a, b)]
    if chosen[0].iri == chosen[1].iri:
        raise SameScenario(f"both names stand for the scenario {chosen[0].label!r}: compare it with another one")
    return compare(H, *(outcome(H, {"iri": s.iri, "label": s.label}, scenario_measures(store, s.iri), **opts)
                        for s in chosen))
