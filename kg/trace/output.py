"""Presenting trace results: readable text for analysts, and a ``kg.core.figure.Figure`` for diagrams."""
from __future__ import annotations

from kg.core.figure import Figure, FigureEdge, FigureNode, Source
from kg.core.namespaces import DEFAULT_BASE, curie
from kg.trace.differences import difference_line
from kg.trace.disputes import dispute_line
from kg.trace.origins import independence_text

SHOW = {"+": "+", "-": "−", "±": "±", None: "·"}


def _label(result: dict, iri: str) -> str:
    return result["nodes"].get(iri, {}).get("label", iri)


def _anchor(s: dict) -> str:
    return f"[{s['start']}–{s['end']}]" if s.get("start") is not None else "[no anchor]"


def chain(result: dict, path: dict) -> str:
    """``A -(−)-> B -(+)-> C``"""
    hops = path["hops"]
    parts = [_label(result, hops[0]["from"])] if hops else []
    for h in hops:
        parts.append(f"-({SHOW[h['polarity']]})-> {_label(result, h['to'])}")
    return " ".join(parts)


def _hop_lines(result: dict, h: dict, n: int, base: str, indent: str) -> list[str]:
    if h.get("proposed"):   # a link still in review: no document graph states it yet
        lines = [f"{indent}{n}. {_label(result, h['from'])} -({SHOW[h['polarity']]})-> {_label(result, h['to'])}"
                 f"   PROPOSED, in review, 0 docs"]
        for w in h.get("proposed_in", []):
            lines.append(f"{indent}     proposed in: {curie(w['document'], base)} {w['proposal']}"
                         + (f" [{w['start']}-{w['end']}]" if w.get("start") is not None else ""))
        return lines
    lines = [f"{indent}{n}. {_label(result, h['from'])} -({SHOW[h['polarity']]})-> {_label(result, h['to'])}"
             f"   {curie(h['link'], base)}, {h['support']} doc{'s' if h['support'] != 1 else ''}"]
    docs: dict[str, list[str]] = {}
    for s in h["sources"]:
        docs.setdefault(s["document"], []).append(_anchor(s))
    for d, anchors in docs.items():
        lines.append(f"{indent}     source: {curie(d, base)} {' '.join(anchors)}")
    if "origins" in h:
        lines.append(f"{indent}     independent: {independence_text(h)}")
    if h.get("claimers"):
        lines.append(f"{indent}     claimed by: {', '.join(c['label'] for c in h['claimers'])}")
    for c in h.get("contested_by", []):
        who = f" ({', '.join(x['label'] for x in c['claimers'])})" if c["claimers"] else ""
        lines.append(f"{indent}     CONTESTED by {curie(c['claim'], base)}: {c['label']}{who}")
    for c in h.get("qualified_by", []):
        who = f" ({', '.join(x['label'] for x in c['claimers'])})" if c["claimers"] else ""
        lines.append(f"{indent}     qualified by {curie(c['claim'], base)}: {c['label']}{who}")
    return lines


def format_text(result: dict, base_iri: str = DEFAULT_BASE) -> str:
    m, o = result["measure"], result["options"]
    out = [f"Trace from {m['label']} ({curie(m['iri'], base_iri)})",
           f"  depth ≤ {o['max_depth']}, links supported by ≥ {o['min_support']} document(s)"
           + (f" and ≥ {o['min_independent']} independent source(s)" if o.get("min_independent", 1) > 1 else "")
           + (f", to {o.get('to_label') or curie(o['to'], base_iri)}" if o.get("to") else "")
           + f"; {len(result['targets'])} target(s), {len(result['paths'])} path(s)"]
    if result.get("truncated"):
        out.append(f"  (truncated: at most {o['path_cap']} paths are listed per target)")
    if not result["targets"]:
        out.append("\nNo target is reachable" + (" within these limits." if o.get("to") else "."))
    if result["targets"]:
        out.append("\nNet effects:")
        for t in result["targets"]:
            n = len(t["paths"])
            out.append(f"  {SHOW[t['net']]}  {t['label']}" + (f" [{t['kind']}]" if t.get("kind") else "")
                       + f"  ({n}{'+' if t.get('truncated') else ''} path{'s' if n != 1 else ''})")
    if result.get("disputes"):
        out.append("\nWho disagrees (claims about factors on these paths that others contest or qualify):")
        out.extend(f"  - {dispute_line(d)}" for d in result["disputes"])
    if result.get("differences"):
        out.append("\nReported differently (documents giving one figure or link differently):")
        out.extend(f"  - {difference_line(d, lambda iri: _label(result, iri))}" for d in result["differences"])
    paths = {p["id"]: p for p in result["paths"]}
    for t in result["targets"]:
        kind = f" [{t['kind']}]" if t.get("kind") else ""
        out.append(f"\n{t['label']}{kind} ({curie(t['iri'], base_iri)}): net {SHOW[t['net']]}"
                   f"  ({len(t['paths'])} path{'s' if len(t['paths']) != 1 else ''})")
        for pid in t["paths"]:
            p = paths[pid]
            flag = (", CONTESTED" if p["contested"] else "") + (", PROPOSED link" if p.get("proposed") else "")
            indep = f", {p['independent']} independent" if "independent" in p else ""
            out.append(f"  {pid} ({SHOW[p['sign']]}, support {p['support']}{indep}{flag}): {chain(result, p)}")
            for i, h in enumerate(p["hops"], 1):
                out.extend(_hop_lines(result, h, i, base_iri, "      "))
    if result["loops"]:
        out.append("\nFeedback loops touched by these paths:")
        for lp in result["loops"]:
            out.append(f"  {lp['id']} {lp['kind']} ({SHOW[lp['sign']]}): {chain(result, lp)}")
    return "\n".join(out) + "\n"


def format_scenarios(comparison: dict, base_iri: str = DEFAULT_BASE) -> str:
    a, b = comparison["a"]["scenario"], comparison["b"]["scenario"]
    out = [f"A: {a['label']} ({curie(a['iri'], base_iri)}), {len(a['measures'])} measure(s) in force",
           f"B: {b['label']} ({curie(b['iri'], base_iri)}), {len(b['measures'])} measure(s) in force"]
    ms = comparison["measures"]
    for key, title in (("only_a", "only in A"), ("only_b", "only in B"), ("both", "in both")):
        for m in ms[key]:
            out.append(f"  {title:<10} {m['label']} ({curie(m['iri'], base_iri)})")
    width = max([len(c["label"]) for c in comparison["changes"]] + [6])
    out.append(f"\n{'target':<{width}}   A   B     (net effect; · = not reached)")
    for c in comparison["changes"]:
        mark = "  <- changes" if c["changed"] else ""
        out.append(f"{c['label']:<{width}}   {SHOW[c['a']]}   {SHOW[c['b']]}{mark}")
    return "\n".join(out) + "\n"


def _edge(h: dict, result: dict) -> FigureEdge:
    edge = FigureEdge(source=h["from"], target=h["to"], label="increases" if h["polarity"] == "+" else "decreases",
                      polarity=h["polarity"], link=h["link"],
                      sources=[Source(s["document"], s.get("label") or s["document"], s.get("start"), s.get("end"))
                               for s in h["sources"]],
                      contested=bool(h.get("contested_by")),
                      note=independence_text(h) if h.get("origins") else "")
    if h.get("proposed"):
        edge.proposed = True   # a link still in review: kg.render draws it grey and dashed
    return edge


def _figure(result: dict, title: str, subtitle: str, starts: list[str]) -> Figure:
    fig = Figure(title=title, subtitle=subtitle, direction="LR")
    seen_links: set[str] = set()
    node_ids: list[str] = list(starts)
    hops = [h for p in result["paths"] for h in p["hops"]]
    for h in hops:
        for n in (h["from"], h["to"]):
            if n not in node_ids:
                node_ids.append(n)
    for lp in result["loops"]:
        hops += [h for h in lp["hops"] if h["from"] in node_ids and h["to"] in node_ids]
    for n in node_ids:
        info = result["nodes"].get(n, {})
        fig.nodes.append(FigureNode(iri=n, label=info.get("label", n), kind=info.get("kind", "")))
    for h in hops:
        if h["link"] not in seen_links:
            seen_links.add(h["link"])
            fig.edges.append(_edge(h, result))
    return fig


def to_figure(result: dict, max_nodes: int | None = None) -> Figure:
    """The paths of a trace (and the loops among their nodes) as a left-to-right figure. With
    ``max_nodes``, a trace whose paths need more nodes is folded to the paths that fit
    (``diagram_fold``), and the subtitle says how many of them are drawn."""
    o = result["options"]
    sub = [f"depth ≤ {o['max_depth']}", f"support ≥ {o['min_support']}"]
    if o.get("to"):
        sub.insert(0, f"to {o.get('to_label') or _label(result, o['to'])}")
    fold = diagram_fold(result, max_nodes) if max_nodes is not None else None
    if fold is not None and fold["ids"]:   # not one path fits: left whole (drawing it refuses: too large)
        result = {**result, "paths": [p for p in result["paths"] if p["id"] in fold["ids"]]}
        sub.append(fold_line(fold))
    return _figure(result, f"Trace: {result['measure']['label']}", ", ".join(sub), [result["measure"]["iri"]])


def fold_line(fold: dict) -> str:
    """The line a folded diagram carries: how many of the listed paths it draws."""
    return f"{fold['drawn']} of {fold['paths']} paths drawn; the rest are in the table"


def diagram_fold(result: dict, max_nodes: int) -> dict | None:
    """None when every listed path of a trace fits a diagram of ``max_nodes`` nodes; else the paths
    that do: ``{"ids", "drawn", "paths"}``. Paths are taken round by round, each round one more path of
    every target (nearest targets first, a target's strongest paths first: most documents on the weakest
    step, then fewest steps), each kept when its nodes still fit. ``ids`` is empty when not one path
    fits (nothing can be drawn)."""
    listed = [p for p in result["paths"] if p["hops"]]
    start = result["measure"]["iri"]
    everything = {start, *(n for p in listed for h in p["hops"] for n in (h["from"], h["to"]))}
    if len(everything) <= max_nodes:
        return None
    by_id = {p["id"]: p for p in listed}
    rank = {p["id"]: i for i, p in enumerate(listed)}
    rounds = [sorted((by_id[i] for i in t["paths"] if i in by_id),
                     key=lambda p: (-p.get("support", 0), p["length"], rank[p["id"]])) for t in result["targets"]]
    drawn, nodes = set(), {start}
    for r in range(max((len(ps) for ps in rounds), default=0)):
        for ps in rounds:
            if r < len(ps):
                new = {n for h in ps[r]["hops"] for n in (h["from"], h["to"])} - nodes
                if len(nodes) + len(new) <= max_nodes:
                    nodes |= new
                    drawn.add(ps[r]["id"])
    return {"ids": drawn, "drawn": len(drawn), "paths": len(listed)}


def scenario_figure(outcome: dict) -> Figure:
    """One scenario's outcome (from ``kg.trace.scenario.outcome``) as a figure."""
    s = outcome["scenario"]
    return _figure(outcome, f"Scenario: {s['label']}", f"{len(s['measures'])} measure(s) in force",
                   [m["iri"] for m in s["measures"] if m.get("in_causal_layer")])
