"""The trace page's reading order, built from a (folded) trace result: the answer first, then each
path as one compact row of hops, then every hop's evidence once.

A hop shared by many paths (the first hop of a measure is on all of them) used to have its
evidence printed under every path; here each causal link becomes one *step*, numbered in the
order the shown paths first reach it, and path rows link to it (``#step-N``)::

    {"steps":   [{"id": "step-1", "n": 1, "hop": <the result's hop dict>, "paths": [path ids through it],
                  "sources_text": "1 source (Anthropic's paper), reported by 2 documents" ("" without origins),
                  "documents": [{"document", "label", "anchors": [[start, end] | None]}],
                  "shown": first documents listed, "folded": the rest (behind "show all")}],
     "step_of": {link IRI: "step-N"},
     "targets": {target IRI: {"independent": the weakest shown path's count (or None),
                              "origins": [origin dicts behind any shown path, most documents first,
                                          each with "short": its name for a table cell]}}}

The JSON result is not changed: this view only orders what the HTML shows.
"""
from __future__ import annotations

from kg.trace.origins import independence_text

EVIDENCE_SHOWN = 3   # documents listed under a step before the rest fold behind "show all"


def _documents(hop: dict) -> list[dict]:
    """A hop's sources grouped by document, each document once with all its passages."""
    docs: dict[str, dict] = {}
    for s in hop.get("sources", []):
        d = docs.setdefault(s["document"], {"document": s["document"], "label": s.get("label"), "anchors": []})
        d["anchors"].append([s["start"], s["end"]] if s.get("start") is not None else None)
    return list(docs.values())


def _target_sources(paths: list[dict]) -> dict:
    """What the shown paths to one target rest on: the weakest path's independent count and every
    origin behind them."""
    counts = [p["independent"] for p in paths if "independent" in p]
    origins: dict[str, dict] = {}
    for p in paths:
        for o in p.get("origins", []):
            origins.setdefault(o["iri"], o)
    ranked = sorted(origins.values(), key=lambda o: (-len(o["documents"]), o["label"].casefold()))
    return {"independent": min(counts) if counts else None,
            "origins": [{**o, "short": _short(o)} for o in ranked]}


def _short(origin: dict) -> str:
    """An origin's name for a table cell: a document's own reporting as "Document 000 (own reporting)"
    rather than its whole title."""
    own = [d["iri"] for d in origin.get("documents", [])] == [origin["iri"]]
    if not own:
        return origin["label"]
    name = origin["documents"][0].get("label") or origin["iri"].rsplit("/", 1)[-1]
    return name.split(":", 1)[0] + " (own reporting)"


def trace_steps(result: dict, prefix: str = "", shown: int = EVIDENCE_SHOWN) -> dict:
    """The steps, the step of each link and each target's sources of a trace ``result`` (or of one
    scenario's outcome); ``prefix`` keeps two results' anchors apart on one page."""
    steps: list[dict] = []
    step_of: dict[str, str] = {}
    index: dict[str, dict] = {}
    for p in result.get("paths", []):
        for h in p["hops"]:
            if h["link"] in step_of:
                if p["id"] not in index[h["link"]]["paths"]:
                    index[h["link"]]["paths"].append(p["id"])
                continue
            n = len(steps) + 1
            docs = _documents(h)
            steps.append({"id": f"{prefix}step-{n}", "n": n, "hop": h, "paths": [p["id"]], "documents": docs,
                          "shown": docs[:shown], "folded": docs[shown:],
                          "sources_text": independence_text(h) if h.get("origins") else ""})
            step_of[h["link"]], index[h["link"]] = steps[-1]["id"], steps[-1]
    by_id = {p["id"]: p for p in result.get("paths", [])}
    targets = {t["iri"]: _target_sources([by_id[i] for i in t.get("paths", []) if i in by_id])
               for t in result.get("targets", [])}
    return {"steps": steps, "step_of": step_of, "targets": targets}
