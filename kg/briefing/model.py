"""What a deck holds, independent of the file it is written to (PPTX or PDF).

Sizes are points on a 16:9 slide of 960 x 540 pt (1920 x 1080 px at 2 px a point). A
``Picture`` is a Graphviz drawing with its size at 100 %; writers pipe it as PNG (PPTX) or
PDF and place it at ``scale`` (never below 1, so its labels keep their size).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import graphviz

SLIDE_W, SLIDE_H = 960.0, 540.0
MARGIN = 20.0
TITLE_PT, BODY_PT, TABLE_PT = 32, 20, 18
BODY_TOP = 96.0                        # where content starts under the title (and subtitle)
LEGEND_H = 40.0                        # room kept under a diagram for its legend
BOX = (SLIDE_W - 2 * MARGIN, SLIDE_H - BODY_TOP - LEGEND_H - 12)   # a diagram's area


class DeckTooLarge(ValueError):
    """The deck cannot be drawn readably (too many slides, a diagram that cannot be cut)."""


@dataclass
class Picture:
    graph: graphviz.Digraph
    width: float
    height: float

    def fit(self, box: tuple[float, float], most: float = 1.3) -> float:
        """The scale that fits ``box`` (at least 1: pictures are planned to fit at full size)."""
        if not self.width or not self.height:
            return 1.0
        return max(1.0, min(box[0] / self.width, box[1] / self.height, most))


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]                # fractions of the table's width


@dataclass
class Line:
    text: str
    level: int = 0                     # 0: a paragraph, 1: indented under the one before
    bold: bool = False


@dataclass
class Slide:
    title: str
    subtitle: str = ""
    lines: list[Line] = field(default_factory=list)
    table: Table | None = None
    picture: Picture | None = None
    legend: Picture | None = None
    notes: str = ""
    kind: str = "content"              # "title" for the opening slide


@dataclass
class Deck:
    question: str
    slides: list[Slide]
    name: str = "briefing"
