"""The three decks: a trace, a scenario comparison, and any other figure (a focus subgraph or
a CONSTRUCT). Each is a ``Deck`` of ``Slide`` objects, written by ``pptx_out`` or ``pdf_out``.

Slide order: the question (title slide); for a trace the bottom line (``answer``: net effect on
the asked or top targets, independent sources, who disagrees); the whole diagram (cut into pages
that keep labels at 18 pt or more) and the build one hop a slide, each step saying the measure's
running effect (a build of more than six links goes a page a slide, which shows every page whole);
a table of net effects (or, for scenarios, of measures and of net effects in A and B); for a trace
"Who disagrees" (disputed premises); a slide per contested or qualified hop; the sources.
"""
from __future__ import annotations

from kg.core.figure import Figure
from kg.render import style
from kg.briefing import answer, diagram, sources
from kg.briefing.model import Deck, Table
from kg.briefing.question import (SIGN, SIGN_WORDS, measure_phrase, question_for_focus, question_for_measure, question_for_scenarios, today)
from kg.briefing.slides import diagram_slides, line_slides, stance_slides, table_slides, title_slide


def _sources(store, corpus_dir, notes):
    meta, quotes = sources.quotations(store, corpus_dir, notes)
    return quotes, line_slides("Sources", sources.source_lines(notes, meta, quotes),
                               notes="Quotations are read from the corpus when the deck is built; numbers are "
                                     "those on the diagram's lines.")


def trace_deck(store, figure: Figure, result: dict, *, layout: str, corpus_dir, version: str) -> Deck:
    notes = style.number_sources(figure)
    quotes, source_slides = _sources(store, corpus_dir, notes)
    all_hops = [h for p in result["paths"] for h in p["hops"]] + [h for lp in result["loops"] for h in lp["hops"]]
    hops = {h["link"]: h for h in all_hops}
    measure = result["measure"]["label"]
    to = (result.get("options") or {}).get("to_label")
    sub = f"A trace of \u201c{measure}\u201d through the causal layer" + (f", to {to}" if to else "") + \
        f": {len(result['targets'])} effects, {len(result['paths'])} paths"
    order = diagram.build_order(figure, [h["link"] for p in result["paths"] for h in p["hops"]])
    running = answer.effects(result)
    overview, build = diagram_slides(figure, layout, notes, f"Where {measure_phrase(measure)} leads", hops, quotes,
                                     order, so_far=lambda node: running.get(node))
    rows = [[t["label"], style.kind_label(t.get("kind") or "Other"), SIGN_WORDS[t["net"]], str(len(t["paths"])),
             str(t["distance"])] for t in result["targets"]]
    net = table_slides("Net effects", Table(["Effect on", "Kind", "Net effect", "Paths", "Links away"], rows,
                                            [0.42, 0.16, 0.18, 0.10, 0.14]),
                       notes="A net effect is + or \u2212 when every path agrees, \u00b1 when paths disagree.")
    stance = stance_slides(figure, list(hops.values()), notes, quotes)
    title = title_slide(question_for_measure(measure), sub, today(), version,
                        notes=f"Question built from the measure's label: {measure}.")
    disputed = answer.disputes_table(result)
    who = table_slides("Who disagrees", disputed, subtitle="Claims about factors on these paths that others contest "
                       "or qualify") if disputed else []
    return Deck(question_for_measure(measure), [title, answer.bottom_line_slide(result), *overview, *build, *net,
                                                *who, *stance, *source_slides])


def scenario_deck(store, comparison: dict, *, layout: str, corpus_dir, version: str) -> Deck:
    from kg.trace import scenario_figure

    a, b = comparison["a"], comparison["b"]
    fa, fb = scenario_figure(a), scenario_figure(b)
    both = Figure("both", nodes=fa.nodes + fb.nodes, edges=fa.edges + fb.edges)
    notes = style.number_sources(both)               # one numbering for both diagrams and the sources
    quotes, source_slides = _sources(store, corpus_dir, notes)
    la, lb = a["scenario"]["label"], b["scenario"]["label"]
    question = question_for_scenarios(la, lb)
    title = title_slide(question, f"A: {la}  \u00b7  B: {lb}", today(), version,
                        notes="Each scenario's outcome traces every measure it has in force.")
    ms = comparison["measures"]
    rows = [[m["label"], "in force" if k != "only_b" else "\u2014", "in force" if k != "only_a" else "\u2014"]
            for k in ("only_a", "only_b", "both") for m in ms[k]]
    measures = table_slides("Measures in force", Table(["Measure", "A", "B"], rows, [0.6, 0.2, 0.2]),
                            subtitle=f"A: {la} \u00b7 B: {lb}")
    rows = [[c["label"], style.kind_label(c.get("kind") or "Other"), SIGN[c["a"]], SIGN[c["b"]],
             "changes" if c["changed"] else "same"] for c in comparison["changes"]]
    net = table_slides("Net effects in A and B", Table(["Effect on", "Kind", "A", "B", ""], rows,
                                                       [0.48, 0.18, 0.1, 0.1, 0.14]),
                       subtitle="+ increases, \u2212 decreases, \u00b1 paths disagree, \u00b7 not reached",
                       notes="A: " + la + "\nB: " + lb)
    hops: dict[str, dict] = {}
    for outcome in (a, b):
        for p in outcome["paths"]:
            for h in p["hops"]:
                hops.setdefault(h["link"], h)
    pictures = []
    for tag, fig, label in (("A", fa, la), ("B", fb, lb)):
        overview, _ = diagram_slides(fig, layout, notes, f"{tag}: {label}", hops, quotes)
        pictures += overview
    stance = stance_slides(both, list(hops.values()), notes, quotes)
    return Deck(question, [title, *measures, *net, *pictures, *stance, *source_slides])


def figure_deck(store, figure: Figure, context: dict, *, layout: str, corpus_dir, version: str) -> Deck:
    """A focus subgraph or a CONSTRUCT: hops read from the causal layer for the drawn links."""
    from kg.trace import causal_graph
    from kg.trace.load import evidence

    notes = style.number_sources(figure)
    quotes, source_slides = _sources(store, corpus_dir, notes)
    G = causal_graph(store)
    hops: dict[str, dict] = {}
    for e in figure.edges:
        if e.link and G.has_edge(e.source, e.target, e.link):
            d = evidence(G, e.source, e.target, e.link)
            hops[e.link] = {"from": e.source, "to": e.target, "link": e.link, "polarity": e.polarity,
                            **{k: d[k] for k in ("mechanism", "sources", "claimers", "contested_by", "qualified_by",
                                                 "support")}}
    if context.get("kind") == "focus":
        question = question_for_focus(context["label"], context.get("node_kind", ""))
    else:
        question = f"What does this query show? {figure.title}"
    overview, build = diagram_slides(figure, layout, notes, figure.title, hops, quotes, diagram.build_order(figure))
    title = title_slide(question, figure.subtitle, today(), version)
    stance = stance_slides(figure, list(hops.values()), notes, quotes)
    return Deck(question, [title, *overview, *build, *stance, *source_slides])
