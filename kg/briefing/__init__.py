"""Briefing decks: a focus subgraph, a trace, a scenario comparison or a CONSTRUCT as 16:9
slides an analyst can present (PPTX through python-pptx, PDF through Graphviz/cairo and pypdf).

``deck(store, export, fmt, layout=..., corpus_dir=..., version=...)`` returns the file's bytes.
The export's ``context`` says what it is (``{"kind": "trace", "result": ...}``, ``"scenarios"``
with ``"comparison"``, ``"focus"`` with the focus's label and kind, or nothing for a query).
Diagrams are cut so that no label is below 18 pt on a 1920 x 1080 slide; a deck that cannot
be drawn so, or that would pass ``MAX_SLIDES``, raises ``DeckTooLarge`` saying why.

Modules: ``model`` (slides and sizes), ``question`` (the title slide's words), ``sources``
(documents and quotations from the corpus), ``diagram`` (pages and build steps), ``slides``
(slide makers), ``compose`` (the decks), ``pptx_out`` and ``pdf_out`` (the files).
"""
from __future__ import annotations

from kg.briefing.model import DeckTooLarge

FORMATS = ("pptx", "pdf")
MEDIA_TYPES = {"pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
               "pdf": "application/pdf"}
MAX_SLIDES = 150


def deck(store, export, fmt: str, *, layout: str = "slide", corpus_dir=None, version: str = "") -> bytes:
    from kg.briefing import compose

    if fmt not in FORMATS:
        raise ValueError(f"unknown deck format {fmt!r} (known: {', '.join(FORMATS)})")
    context = getattr(export, "context", None) or {}
    opts = dict(layout=layout, corpus_dir=corpus_dir, version=version)
    if context.get("kind") == "trace":
        made = compose.trace_deck(store, export.figure, context["result"], **opts)
    elif context.get("kind") == "scenarios":
        made = compose.scenario_deck(store, context["comparison"], **opts)
    else:
        made = compose.figure_deck(store, export.figure, context, **opts)
    if len(made.slides) > MAX_SLIDES:
        raise DeckTooLarge(f"the deck would have {len(made.slides)} slides, more than {MAX_SLIDES}: narrow the "
                           "selection (--to TARGET, --depth, --min-support)")
    made.name = getattr(export, "name", "briefing")
    if fmt == "pptx":
        from kg.briefing import pptx_out
        return pptx_out.write(made)
    from kg.briefing import pdf_out
    return pdf_out.write(made)


__all__ = ["deck", "DeckTooLarge", "FORMATS", "MEDIA_TYPES", "MAX_SLIDES"]
