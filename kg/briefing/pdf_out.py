"""A deck as a PDF, with no office suite: every slide is a 960 x 540 pt page (pypdf) on which
Graphviz/cairo PDF drawings are placed: the text (title, subtitle, paragraphs or table, as
real text) and the diagram at its planned scale. Speaker notes have no place in a PDF page
and are left out (the PPTX has them)."""
from __future__ import annotations

import html
import io

from pypdf import PdfReader, PdfWriter, Transformation

from kg.render import slide as drawing
from kg.render import style
from kg.briefing.model import (BODY_PT, BODY_TOP, BOX, LEGEND_H, MARGIN, SLIDE_H, SLIDE_W, TABLE_PT, TITLE_PT, Deck, Picture, Slide)

FONT = drawing.FONT


def write(deck: Deck) -> bytes:
    writer = PdfWriter()
    texts = [_text_graph(s) for s in deck.slides]
    pictures = {id(p): p for s in deck.slides for p in (s.picture, s.legend) if p is not None}
    drawn = drawing.pipe_many(texts + [p.graph for p in pictures.values()], "pdf")
    text_pdfs, picture_pdfs = drawn[:len(texts)], dict(zip(pictures, drawn[len(texts):]))
    for s, text in zip(deck.slides, text_pdfs):
        page = writer.add_blank_page(SLIDE_W, SLIDE_H)
        _place(page, text, MARGIN, 12 if s.kind != "title" else 150, 1.0)
        if s.picture is not None:
            scale = s.picture.fit(BOX)
            left = MARGIN + (BOX[0] - s.picture.width * scale) / 2
            _place(page, picture_pdfs[id(s.picture)], left, BODY_TOP, scale)
        if s.legend is not None:
            _place(page, picture_pdfs[id(s.legend)], MARGIN, SLIDE_H - s.legend.height - 4, 1.0)
    writer.add_metadata({"/Title": deck.question, "/Producer": "policy-kg"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf(graph) -> bytes:
    return drawing.pipe(graph, "pdf")


def _place(page, pdf: bytes, left: float, top: float, scale: float) -> None:
    part = PdfReader(io.BytesIO(pdf)).pages[0]
    height = float(part.mediabox.height)
    page.merge_transformed_page(part, Transformation().scale(scale).translate(left, SLIDE_H - top - height * scale))


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _wrapped(text: str, width_pt: float, pt: float, most: int = 12) -> str:
    chars = max(8, int(width_pt / (0.56 * pt)))
    if not text.strip():
        return " "
    return '<BR ALIGN="LEFT"/>'.join(_esc(x) for part in text.split("\n") for x in style.wrap(part, chars, most))


def _text_graph(s: Slide):
    import graphviz

    width = SLIDE_W - 2 * MARGIN
    big = s.kind == "title"
    rows = [f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{40 if big else TITLE_PT}"><B>'
            f'{_wrapped(s.title, width, 40 if big else TITLE_PT, 3)}</B></FONT></TD></TR>']
    if s.subtitle:
        pt = BODY_PT if big else TABLE_PT
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="{pt}" COLOR="#555555">'
                    f'{_wrapped(s.subtitle, width, pt, 2)}</FONT></TD></TR>')
    if s.lines or s.table:
        rows.append(f'<TR><TD HEIGHT="{40 if big else 8}"></TD></TR>')
    for line in s.lines:
        pt = BODY_PT if big else TABLE_PT
        text = _wrapped(line.text, width - 30 * line.level, pt)
        text = f"<B>{text}</B>" if line.bold else text
        rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><TABLE ALIGN="LEFT" BORDER="0" CELLPADDING="1"><TR>'
                    f'<TD WIDTH="{1 + 30 * line.level}"></TD><TD ALIGN="LEFT" BALIGN="LEFT" '
                    f'WIDTH="{width - 30 * line.level - 8:.0f}">'
                    f'<FONT POINT-SIZE="{pt}">{text}</FONT></TD></TR></TABLE></TD></TR>')
    if s.table is not None:
        rows.append(f'<TR><TD ALIGN="LEFT">{_table(s, width)}</TD></TR>')
    label = ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">' + "".join(rows) + "</TABLE>>")
    g = graphviz.Digraph("text", graph_attr={"pad": "0", "margin": "0", "bgcolor": "transparent"})
    g.node("t", label=label, shape="plaintext", fontname=FONT, margin="0")
    return g


def _table(s: Slide, width: float) -> str:
    t = s.table
    out = []
    for i, row in enumerate([t.header, *t.rows]):
        cells = []
        for value, w in zip(row, t.widths):
            text = _wrapped(value, width * w - 14, TABLE_PT)
            text = f"<B>{text}</B>" if i == 0 else text
            bg = ' BGCOLOR="#e8eef4"' if i == 0 else ""
            cells.append(f'<TD WIDTH="{width * w:.0f}" ALIGN="LEFT" BALIGN="LEFT"{bg}>'
                         f'<FONT POINT-SIZE="{TABLE_PT}">{text}</FONT></TD>')
        out.append("<TR>" + "".join(cells) + "</TR>")
    return ('<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="5" COLOR="#9e9e9e">'
            + "".join(out) + "</TABLE>")
