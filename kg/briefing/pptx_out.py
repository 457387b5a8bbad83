"""A deck as a PowerPoint file (python-pptx): titles, text, tables and notes are editable text;
diagrams are PNG pictures drawn at 2 pixels a point of their placed size (1920 px a slide)."""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Pt

from kg.render import slide as drawing
from kg.briefing.model import (BODY_PT, BODY_TOP, BOX, LEGEND_H, MARGIN, SLIDE_H, SLIDE_W, TABLE_PT, TITLE_PT, Deck, Picture, Slide)

GREY = RGBColor(0x55, 0x55, 0x55)
HEADER = RGBColor(0xE8, 0xEE, 0xF4)


def write(deck: Deck) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(SLIDE_W), Pt(SLIDE_H)
    prs.core_properties.title = deck.question
    pictures = {id(p): p for s in deck.slides for p in (s.picture, s.legend) if p is not None}
    legends = {id(s.legend) for s in deck.slides if s.legend is not None}
    pngs = drawing.pipe_many([p.graph for p in pictures.values()], "png",
                             [144 * (1 if k in legends else p.fit(BOX)) for k, p in pictures.items()])
    drawn = dict(zip(pictures, pngs))
    for s in deck.slides:
        _slide(prs, s, drawn)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _slide(prs, s: Slide, drawn: dict[int, bytes]) -> None:
    layout = prs.slide_layouts[5]                      # "Title Only": the title is the slide's title
    page = prs.slides.add_slide(layout)
    title = page.shapes.title
    big = s.kind == "title"
    title.left, title.top = Pt(MARGIN), Pt(150 if big else 12)
    title.width, title.height = Pt(SLIDE_W - 2 * MARGIN), Pt(130 if big else 60)
    _text(title.text_frame, s.title, 40 if big else TITLE_PT, bold=True)
    if s.subtitle:
        top = 290 if big else 70
        box = page.shapes.add_textbox(Pt(MARGIN), Pt(top), Pt(SLIDE_W - 2 * MARGIN), Pt(34))
        _text(box.text_frame, s.subtitle, BODY_PT if big else TABLE_PT, color=GREY)
    top = 350 if big else BODY_TOP
    if s.picture is not None:
        _picture(page, s.picture, drawn[id(s.picture)], BOX, top)
    if s.legend is not None:
        key = (s.legend.width, s.legend.height)      # a legend keeps its own size
        _picture(page, s.legend, drawn[id(s.legend)], key, SLIDE_H - s.legend.height - 4, centre=False)
    if s.table is not None:
        _table(page, s, top + (30 if s.subtitle and not big else 0))
    if s.lines:
        box = page.shapes.add_textbox(Pt(MARGIN), Pt(top), Pt(SLIDE_W - 2 * MARGIN), Pt(SLIDE_H - top - MARGIN))
        tf = box.text_frame
        tf.word_wrap = True
        for i, line in enumerate(s.lines):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.level = line.level
            run = p.add_run()
            run.text = line.text
            run.font.size = Pt(BODY_PT if big else TABLE_PT)
            run.font.bold = line.bold
            p.space_after = Pt(4)
    if s.notes:
        page.notes_slide.notes_text_frame.text = s.notes


def _text(tf, text: str, size: float, bold: bool = False, color=None) -> None:
    tf.word_wrap = True
    tf.text = text
    for p in tf.paragraphs:
        for r in p.runs:
            r.font.size = Pt(size)
            r.font.bold = bold
            if color is not None:
                r.font.color.rgb = color


def _picture(page, pic: Picture, png: bytes, box: tuple[float, float], top: float, centre: bool = True) -> None:
    scale = pic.fit(box)
    width, height = pic.width * scale, pic.height * scale
    left = MARGIN + ((box[0] - width) / 2 if centre else 0)
    page.shapes.add_picture(io.BytesIO(png), Pt(left), Pt(top), Pt(width), Pt(height))


def _table(page, s: Slide, top: float) -> None:
    t = s.table
    width = SLIDE_W - 2 * MARGIN
    shape = page.shapes.add_table(len(t.rows) + 1, len(t.header), Pt(MARGIN), Pt(top), Pt(width),
                                  Pt(TABLE_PT * 2 * (len(t.rows) + 1)))
    table = shape.table
    for j, w in enumerate(t.widths):
        table.columns[j].width = Pt(width * w)
    for i, row in enumerate([t.header, *t.rows]):
        table.rows[i].height = Pt(TABLE_PT * 1.9)
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = value
            cell.margin_top = cell.margin_bottom = Pt(3)
            for p in cell.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(TABLE_PT)
                    r.font.bold = i == 0
