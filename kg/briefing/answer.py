"""The answer first: a trace deck's bottom line (slide 2), its "Who disagrees" slide, and the
running effect of the measure that step slides show beside each hop's own sign.

The bottom line gives the measure's net effect on the asked target (``--to``) or on its top
targets (capabilities and outcomes first), how many independent sources the weakest path rests
on (``kg.trace.origins``: five reports of one paper are one source) and who disagrees
(``kg.trace.disputes``). Numbers and names come from the trace result; nothing is re-read.
"""
from __future__ import annotations

from kg.briefing.model import Line, Slide, Table
from kg.briefing.question import SIGN, measure_phrase, short
from kg.trace.origins import independence_text

TOP = 5                                        # targets named on the bottom line
FIRST_KINDS = ("Outcome", "Capability")        # what a measure is usually asked about
EFFECT = {"+": "raises", "-": "lowers", "±": "mixed effect on", None: "does not reach"}


def top_targets(result: dict) -> list[dict]:
    """The asked target, or up to ``TOP`` targets: outcomes and capabilities first, nearest first."""
    to = (result.get("options") or {}).get("to")
    if to:
        return [t for t in result["targets"] if t["iri"] == to]
    ranked = sorted(result["targets"], key=lambda t: (t.get("kind") not in FIRST_KINDS, t["distance"]))
    return ranked[:TOP]


def effects(result: dict) -> dict[str, str | None]:
    """The measure's effect on every node its shown paths pass (what a step slide says "so far"):
    the product of the signs from the measure to the node, ``±`` where paths disagree. With
    ``--to`` the nodes along the way are no targets, so this is read from the paths."""
    signs: dict[str, set[int]] = {}
    for p in result["paths"]:
        sign = 1
        for h in p["hops"]:
            sign *= 1 if h["polarity"] == "+" else -1
            signs.setdefault(h["to"], set()).add(sign)
    out = {n: ("±" if len(s) > 1 else "+" if s == {1} else "-") for n, s in signs.items()}
    out.update({t["iri"]: t["net"] for t in result["targets"]})   # a target's net counts every path walked
    return out


def _weakest(result: dict) -> dict | None:
    """The hop with the fewest independent sources (then documents) on any path: what the
    weakest path rests on."""
    hops = [h for p in result["paths"] for h in p["hops"] if "independent" in h and not h.get("proposed")]
    return min(hops, key=lambda h: (h["independent"], h["support"], h["link"])) if hops else None


def _disagreeing(result: dict) -> list[str]:
    names: list[str] = []
    for d in result.get("disputes", []):
        for c in d["contested_by"] + d["qualified_by"]:
            names += [x["label"] for x in c["claimers"]] or [c["label"]]
    for p in result["paths"]:
        for h in p["hops"]:
            for c in h.get("contested_by", []) + h.get("qualified_by", []):
                names += [x["label"] for x in c["claimers"]] or [c["label"]]
    return list(dict.fromkeys(names))


def disagreement_line(result: dict) -> str:
    """One line: who contests or qualifies the premises or the steps, and about what."""
    names = _disagreeing(result)
    if not names:
        return "Who disagrees: no claim in the graph contests or qualifies these paths or their premises."
    about = list(dict.fromkeys(result["nodes"].get(n, {}).get("label", n)
                               for d in result.get("disputes", []) for n in d["about"]))
    where = f" about {', '.join(about[:3])}" if about else ""
    return f"Who disagrees: {', '.join(names[:4])}{' and others' if len(names) > 4 else ''} dispute claims{where}."


def bottom_line_slide(result: dict) -> Slide:
    measure = result["measure"]["label"]
    lines = [Line(f"{SIGN[t['net']]}  {EFFECT[t['net']]} {t['label']} "
                  f"({len(t['paths'])} path{'s' if len(t['paths']) != 1 else ''})", 0, True)
             for t in top_targets(result)]
    weakest = _weakest(result)
    if weakest is not None:
        name = lambda iri: result["nodes"].get(iri, {}).get("label", iri)
        hops = {h["link"]: h for p in result["paths"] for h in p["hops"] if "independent" in h}
        alone = [h for h in hops.values() if h["independent"] == 1]
        names = ", ".join(dict.fromkeys(o["label"] for h in alone for o in h["origins"][:1]))
        lead = f"{len(alone)} of {len(hops)} steps rest on one source alone ({names}); " if alone else ""
        lines.append(Line(f"Sources: {lead}the weakest step, {name(weakest['from'])} \u2192 {name(weakest['to'])}, "
                          f"rests on {independence_text(weakest)}."))
    lines.append(Line(disagreement_line(result)))
    more = len(result["targets"]) - len(top_targets(result))
    if more > 0:
        lines.append(Line(f"{more} more effect{'s' if more != 1 else ''} in the net-effects table.", 1))
    return Slide("Bottom line", short(f"What {measure_phrase(measure)} does to what it reaches, and how sure that is", 20),
                 lines=lines, notes="Net effects combine every path (± when they disagree). Independent sources "
                                    "count origins: documents relaying one report count once.")


def _doc(label: str) -> str:
    return label.split(":", 1)[0] if label.startswith("Document ") else label


def disputes_table(result: dict) -> Table | None:
    """Rows: the disputed claim (and its claimer), the stance, who disputes it, in which documents."""
    rows = []
    for d in result.get("disputes", []):
        claim = d["label"] + (f" ({', '.join(c['label'] for c in d['claimers'])})" if d["claimers"] else "")
        for key, stance in (("contested_by", "contested by"), ("qualified_by", "qualified by")):
            for c in d[key]:
                who = ", ".join(x["label"] for x in c["claimers"]) or "no claimer recorded"
                docs = ", ".join(_doc(x["label"]) for x in c["documents"])
                rows.append([claim, stance, f"{who}: {c['label']}", docs])
    if not rows:
        return None
    return Table(["Claim on the path", "Stance", "Who, and their claim", "Documents"], rows,
                 [0.32, 0.13, 0.37, 0.18])


