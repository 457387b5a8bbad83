"""An export as bytes in any format: data (Turtle, JSON-LD, GraphML, Cytoscape JSON), drawings
(SVG, PNG, DOT, Mermaid) or a briefing deck (PPTX, PDF). ``serialise(export, fmt)`` returns
``(bytes, media type)``; the CLI and the web layer call it for every export they return."""
from __future__ import annotations

from kg import render
from kg.briefing import MEDIA_TYPES, DeckTooLarge, deck
from kg.briefing.question import version_line
from kg.export import DECK_FORMATS, DRAWN, FORMATS, RDF_FORMATS, Export, ExportError
from kg.store import Store


def serialise(export: Export, fmt: str, *, max_nodes: int = render.MAX_NODES, layout: str | None = None,
              store: Store | None = None, settings=None) -> tuple[bytes, str]:
    """The export in ``fmt`` and its media type. Drawn formats take a ``layout`` (wide, slide,
    tall; a deck defaults to slide); a deck (pptx, pdf) also needs the ``store`` (document titles)
    and the ``settings`` (corpus folder for quotations, the data's fingerprint for its version)."""
    fmt = fmt.lower()
    if layout is not None and fmt not in DRAWN:
        raise ExportError(f"a layout goes with a drawn format ({', '.join(DRAWN)}), not {fmt}")
    if fmt in DECK_FORMATS:
        if store is None:
            raise ExportError("a briefing deck needs the store")
        if export.context.get("kind") != "scenarios":
            render.check_size(export.figure, max_nodes)
        try:
            body = deck(store, export, fmt, layout=render.check_layout(layout, "slide"),
                                 corpus_dir=settings.corpus if settings else None,
                                 version=version_line(store, settings))
        except (DeckTooLarge, render.UnknownLayout) as exc:
            raise ExportError(str(exc)) from exc
        return body, MEDIA_TYPES[fmt]
    if export.context.get("kind") == "scenarios":
        raise ExportError(f"a scenario comparison exports as {' or '.join(DECK_FORMATS)} (kg trace --scenario A --vs B "
                          "gives it as text or JSON)")
    if fmt == "ttl":
        return _folded_note(export) + export.graph.serialize(format="turtle").encode("utf-8"), RDF_FORMATS[fmt]
    if fmt == "jsonld":
        return export.graph.serialize(format="json-ld", auto_compact=True).encode("utf-8"), RDF_FORMATS[fmt]
    if fmt not in render.FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    try:
        return (render.render(export.figure, fmt, max_nodes=max_nodes, layout=layout or "wide"),
                render.MEDIA_TYPES[fmt])
    except render.UnknownLayout as exc:
        raise ExportError(str(exc)) from exc


def _folded_note(export: Export) -> bytes:
    """``#`` lines naming what a folded neighbourhood left out (``kg.export.fold``)."""
    lines = []
    for f in export.context.get("folded") or []:
        parent = f"<{f['parent']}>"
        how = f"that {parent} {f['relation']}" if f["direction"] == "out" else f"{f['relation']} {parent}"
        lines.append(f"# folded: {f['count']} {f['kind'].lower()} nodes {how} are not included (--fold 0 includes them)\n")
    return "".join(lines).encode("utf-8")
