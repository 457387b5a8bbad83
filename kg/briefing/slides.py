"""Slide makers shared by every deck: title, paged tables and text, diagram pages, the build,
contested and qualified hops, sources. Each returns ``Slide`` objects (``model``).

A hop here is a trace hop (``kg.trace`` result shape: from, to, polarity, mechanism, sources,
claimers, contested_by, qualified_by), keyed by its link IRI.
"""
from __future__ import annotations

import math

from kg.core.figure import Figure
from kg.render import style
from kg.briefing import diagram
from kg.briefing.model import BODY_TOP, MARGIN, SLIDE_H, SLIDE_W, TABLE_PT, Line, Slide, Table
from kg.briefing.question import SIGN, SIGN_WORDS, short
from kg.trace.origins import independence_text

ROOM = SLIDE_H - BODY_TOP - MARGIN          # height of a slide's body, in points


def title_slide(question: str, subtitle: str, date: str, version: str, notes: str = "") -> Slide:
    return Slide(question, subtitle, [Line(f"Date: {date}"), Line(f"Graph version: {version}")], notes=notes,
                 kind="title")


def _lines_of(text: str, width_pt: float, pt: float = TABLE_PT) -> int:
    per_line = max(8, int(width_pt / (0.56 * pt)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def table_slides(title: str, table: Table, notes: str = "", subtitle: str = "") -> list[Slide]:
    """``table`` over as many slides as its rows need (the header repeated); titles say "(2 of 3)"."""
    width = SLIDE_W - 2 * MARGIN

    def height(row: list[str]) -> float:
        return max(_lines_of(c, w * width - 12) for c, w in zip(row, table.widths)) * TABLE_PT * 1.25 + 12

    room = ROOM - height(table.header) - (30 if subtitle else 0)
    chunks: list[list[list[str]]] = [[]]
    used = 0.0
    for row in table.rows:
        h = height(row)
        if chunks[-1] and used + h > room:
            chunks.append([])
            used = 0.0
        chunks[-1].append(row)
        used += h
    return [Slide(_part(title, i, len(chunks)), subtitle, table=Table(table.header, rows, table.widths), notes=notes)
            for i, rows in enumerate(chunks)]


def line_slides(title: str, lines: list[Line], notes: str = "") -> list[Slide]:
    width = SLIDE_W - 2 * MARGIN
    chunks: list[list[Line]] = [[]]
    used = 0.0
    for line in lines:
        h = _lines_of(line.text, width - 30 * line.level) * TABLE_PT * 1.2 + 6
        if chunks[-1] and used + h > ROOM - 10 and not (line.level and len(chunks[-1]) == 1):
            head = [chunks[-1][-1]] if chunks[-1][-1].level == 0 else []   # keep a heading with its lines
            if head:
                chunks[-1].pop()
            chunks.append(head)
            used = sum(_lines_of(x.text, width) * TABLE_PT * 1.2 + 6 for x in head)
        chunks[-1].append(line)
        used += h
    return [Slide(_part(title, i, len(chunks)), lines=chunk, notes=notes) for i, chunk in enumerate(chunks)]


def _part(title: str, i: int, n: int) -> str:
    return f"{title} ({i + 1} of {n})" if n > 1 else title


def hop_title(figure: Figure, hop: dict) -> str:
    return f"{_label(figure, hop['from'])} \u2192 {_label(figure, hop['to'])} ({SIGN[hop['polarity']]})"


def _label(figure: Figure, iri: str) -> str:
    node = figure.node(iri)
    return node.label if node else iri.rsplit("/", 1)[-1]


def hop_notes(figure: Figure, hop: dict, notes: dict, quotes: dict[int, str]) -> str:
    """Speaker notes of one hop: its mechanism, its sources with their quotations, its claims."""
    verb = "increases" if hop["polarity"] == "+" else "decreases"
    out = [f"{hop_title(figure, hop)}: {_label(figure, hop['from'])} {verb} {_label(figure, hop['to'])}.",
           f"Mechanism: {hop.get('mechanism') or 'not stated by the curators'}",
           f"Stated by {hop.get('support', len({s['document'] for s in hop['sources']}))} document(s)"
           + (f"; {independence_text(hop)}." if hop.get("origins") else ".") + " Sources:"]
    for src, num in sorted(notes.items(), key=lambda kv: kv[1]):
        if any(s["document"] == src.document and s.get("start") == src.start and s.get("end") == src.end
               for s in hop["sources"]):
            out.append(f"[{num}] {style.note_text(src)}: {quotes.get(num, '')}")
    for key, word in (("contested_by", "Contested by"), ("qualified_by", "Qualified by")):
        for c in hop.get(key, []):
            who = ", ".join(x["label"] for x in c["claimers"]) or "no claimer recorded"
            out.append(f"{word}: {c['label']} ({who})")
    return "\n".join(out)


def diagram_slides(figure: Figure, layout: str, notes: dict, heading: str, hops: dict[str, dict],
                   quotes: dict[int, str], order: list[int] | None = None,
                   so_far=None) -> tuple[list[Slide], list[Slide]]:
    """The figure's pages (whole), then the build: one slide per edge of ``order``, on its page.

    ``so_far(node)``, when given, words the running effect of the measure at a node (a trace deck):
    each step then says it, with the link's own sign beside it, and a build of more than
    ``STEPS_PER_HOP`` links goes page by page (a slide per page, its links in colour), which
    also shows every page whole, so no separate overview is made."""
    planned = diagram.pages(figure, layout)
    key = diagram.legend(figure)
    overview, build = [], []
    order = order or []
    if so_far is not None and len(order) > STEPS_PER_HOP:
        return [], _page_steps(figure, layout, notes, hops, quotes, order, planned, key, so_far)
    for i, (page, size) in enumerate(planned):
        overview.append(Slide(_part(heading, i, len(planned)), picture=diagram.picture(
            figure, page, size, layout=layout, notes=notes), legend=key,
            notes=_page_notes(figure, page, hops, notes, quotes) or heading))
    for n, step in enumerate(diagram.steps(order), 1):
        edge = figure.edges[next(iter(step["current"]))]
        page, size = planned[diagram.page_of(planned, edge.target, edge.source)]
        hop = hops.get(edge.link or "")
        if so_far is not None and hop:
            title = f"Step {n} of {len(order)}: {_label(figure, hop['from'])} \u2192 {_label(figure, hop['to'])}"
            sub = (f"So far the measure: {SIGN_WORDS[so_far(hop['to'])]} {_label(figure, hop['to'])}"
                   f" \u00b7 this link alone: {SIGN[hop['polarity']]}")
        else:
            title = f"Step {n} of {len(order)}: " + (hop_title(figure, hop) if hop else
                                                      f"{_label(figure, edge.source)} \u2192 {_label(figure, edge.target)}")
            sub = short(hop.get("mechanism") or "", 28) if hop else ""
        build.append(Slide(title, sub, picture=diagram.picture(figure, page, size, layout=layout, notes=notes,
                                                                step=step), legend=key,
                           notes=hop_notes(figure, hop, notes, quotes) if hop else edge.label))
    return overview, build


STEPS_PER_HOP = 6      # a longer build goes page by page
SUBTITLE_CHARS = 88    # one line of subtitle at 18 pt


def _fitted(head: str, items: list[str], most: int = SUBTITLE_CHARS) -> str:
    """``head`` and as many ``items`` as fit one subtitle line, then how many more."""
    out = head
    for i, item in enumerate(items):
        if len(out) + len(item) + 12 > most and i:
            return f"{out} (+{len(items) - i} more)"
        out += (" \u00b7 " if i else "") + item
    return out


def _page_notes(figure: Figure, page, hops: dict[str, dict], notes: dict, quotes: dict[int, str]) -> str:
    on_page = set(page.nodes)
    here = [hops[e.link] for e in figure.edges
            if e.link in hops and e.target in on_page and diagram.draws(page, e.source)]
    return "\n\n".join(hop_notes(figure, h, notes, quotes) for h in here)


def _page_steps(figure: Figure, layout: str, notes: dict, hops: dict[str, dict], quotes: dict[int, str],
                order: list[int], planned: list, key, so_far) -> list[Slide]:
    """The build a page a slide: the page's links in colour, the earlier pages' grey."""
    by_page: dict[int, list[int]] = {}
    for e in order:
        by_page.setdefault(diagram.page_of(planned, figure.edges[e].target, figure.edges[e].source), []).append(e)
    slides, done = [], set()
    for n, (i, edges) in enumerate(sorted(by_page.items()), 1):
        page, size = planned[i]
        reached = list(dict.fromkeys(figure.edges[e].target for e in edges))
        sub = _fitted("So far: ", [f"{SIGN[so_far(x)]} {_label(figure, x)}" for x in reached])
        slides.append(Slide(f"Step {n} of {len(by_page)}: the measure's effect so far", sub,
                            picture=diagram.picture(figure, page, size, layout=layout, notes=notes,
                                                    step={"done": set(done), "current": set(edges)}),
                            legend=key, notes=_page_notes(figure, page, hops, notes, quotes)))
        done.update(edges)
    return slides


def stance_slides(figure: Figure, hops: list[dict], notes: dict, quotes: dict[int, str]) -> list[Slide]:
    """A slide for each contested or qualified hop: the claims, their stance and who makes them."""
    out = []
    for hop in hops:
        rows = [[c["label"], stance, ", ".join(x["label"] for x in c["claimers"]) or "no claimer recorded"]
                for key, stance in (("contested_by", "contests"), ("qualified_by", "qualifies"))
                for c in hop.get(key, [])]
        if not rows:
            continue
        word = "Contested" if hop.get("contested_by") else "Qualified"
        out += table_slides(f"{word}: {hop_title(figure, hop)}", Table(["Claim", "Stance", "Who makes it"], rows,
                                                                        [0.56, 0.14, 0.30]),
                            notes=hop_notes(figure, hop, notes, quotes),
                            subtitle=short(hop.get("mechanism") or "", 28))
    return out
