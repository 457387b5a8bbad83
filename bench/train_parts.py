"""Which annotated parts the learned models train on, how much each part's examples weigh, and
the folds of the part the training scripts cross-validate on (``bench/train_entities.py``,
``bench/train_claimers.py``).

Since 2026-12-08 (fifth round) the models train on ``tune`` and ``fresh2``: the rules were
written on every tune article, so tune holds almost none of their mistakes on unseen text, while
``fresh2`` (annotated blind, its judge's failure kinds passed on in the fourth round) holds them.
``fresh`` is the calibration part and ``fresh3``/``fresh4`` the blind parts the lead reports, and
``test`` is scored apart: none of them is ever trained on (``TRAINABLE``; ``tests/test_model_parts``
checks the committed models' training ids against ``bench/articles.json``).

``--train tune,fresh2`` names the parts; ``--weight W`` (or a list ``1,2,4`` to choose among by
cross-validation) is what one example of a part other than ``tune`` counts. With fresh2 among the
parts, the decision figure is cross-validation over fresh2 by article: each fold of fresh2 is
scored by the real eval with models trained on tune and the other folds.
"""
from __future__ import annotations

import argparse

from kg.curation.propose import linear

TRAINABLE = ("tune", "fresh2")
NEVER = ("fresh", "fresh3", "fresh4", "test")
DEFAULT = "tune,fresh2"
WEIGHTS = "1,2,4"


def add_options(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--train", default=DEFAULT, help=f"the parts to train on, of {', '.join(TRAINABLE)} "
                    f"(default {DEFAULT}); with fresh2, thresholds are chosen by cross-validation over fresh2")
    ap.add_argument("--weight", default=WEIGHTS, help="what one example of fresh2 counts against one of tune; "
                    f"a list is chosen among by cross-validation over fresh2 (default {WEIGHTS})")


def parts(ap: argparse.ArgumentParser, spec: str) -> list[str]:
    """The parts named by ``--train``; any part outside ``TRAINABLE`` is refused (exit 2)."""
    named = [p.strip() for p in spec.split(",") if p.strip()]
    bad = [p for p in named if p not in TRAINABLE]
    if bad or "tune" not in named:
        ap.error(f"--train {spec}: the models train on tune and may add fresh2; {', '.join(NEVER)} are held out")
    return named


def weights(ap: argparse.ArgumentParser, spec: str) -> list[float]:
    try:
        out = [float(w) for w in spec.split(",")]
    except ValueError:
        out = []
    if not out or any(w <= 0 for w in out):
        ap.error(f"--weight {spec}: positive numbers separated by commas")
    return out


def weighed(ids: list[str], part_of: dict[str, str], weight: float) -> list[float]:
    """Each article's weight: 1 for tune, ``weight`` for the other parts."""
    return [1.0 if part_of[i] == "tune" else weight for i in ids]


def cv_folds(ids: list[str], k: int) -> list[list[str]]:
    """The folds of the cross-validated part (at most one article each when ``k`` exceeds them)."""
    return [f for f in linear.folds(ids, min(k, len(ids))) if f]
