"""Measure the proposer's confidence (``kg/curation/propose/confidence.py``) and write
``kg/curation/propose/calibration.json``: per sort of proposal, how many were proposed and how
many were right as proposed.

- mentions, entities, figures, events, claims (and origins): the real articles
  (``bench/articles.json``, scored by ``bench/article_eval.py``). The rules were fitted on the
  ``tune`` part, so its shares are too high for text the rules have not seen (measured: a sort
  right 0.89 of the time on tune was right 0.78 of the time on unseen articles). The level comes
  from a part the rules were never fitted on (``--held-out``, default ``fresh``); the tune part
  only fills in, each sort's tune counts scaled to weigh as at most ``PRIOR_WEIGHT`` proposals.
  The ``fresh2``, ``fresh3`` and ``fresh4`` parts are never read here: fresh3 and fresh4 are the
  ones to report, and fresh2 has trained the learned models since 2026-12-08 (``bench/train_parts.py``);
- dates, links and origins (the articles do not annotate them): the five curated documents,
  each proposed against the graph without it and compared with its curated statements (a date
  is right when the document's curated events carry its value, a link when the curated
  document states its cause, effect and polarity, an origin when its passages relay it).

The threshold under which proposals are folded is chosen on the held-out part: the share at
which showing a proposal gains more right ones than it shows wrong ones (of the values halfway
between two measured shares, the one maximising right shown minus wrong shown; the lowest on a
tie). The floor under which proposals are not proposed at all (only counted) is chosen there
too: of the same candidate values, the one giving the highest share right among the proposals
kept while losing at most ``MAX_LOST`` right ones (the lowest on a tie), where only sorts measured
on at least ``MIN_MEASURED`` proposals are held back (one wrong of one is no evidence); the
file lists those sorts (``floored``). Proposals are made with
no floor here, so every sort is measured. Prints the table; ``--check`` compares with
the file instead of writing it (exit 1 when they differ).

    python bench/calibrate.py [--texts DIR] [--held-out fresh] [--check]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rdflib import Dataset  # noqa: E402

from bench import article_eval  # noqa: E402
from kg.core.namespaces import PK  # noqa: E402
from bench.ingest_eval import gold, store_without  # noqa: E402
from kg.core.settings import PROJECT_ROOT, Settings  # noqa: E402
from kg.curation.propose.confidence import CALIBRATION, share, sort_of  # noqa: E402
from kg.curation.propose.lexicon import Lexicon  # noqa: E402
from kg.curation.propose.proposals import Context  # noqa: E402
from kg.curation.propose.proposer import propose  # noqa: E402
from kg.store import memory_store  # noqa: E402
from kg.store.build import load_sources  # noqa: E402

MAX_LOST = 2                      # right tune proposals the floor may hold back
MIN_MEASURED = 10                 # a sort is held back only when measured on at least this many
PRIOR_WEIGHT = 10                 # proposals of a sort the fitted tune part may weigh as, at most
PUBLISHED = date(2026, 5, 15)     # the curated documents' assumed publication date (as ingest_eval)


def curated_lexicon(settings: Settings) -> Lexicon:
    """The lexicon of the curated graph, which the articles are proposed against (read once a run)."""
    store = memory_store(settings.base_iri)
    load_sources(store, settings)
    return Lexicon.from_store(store)


def article_outcomes(lex: Lexicon, folder: str | None, part: str) -> list[tuple[str, bool]]:
    out = []
    for art in json.loads(article_eval.ANNOTATIONS.read_text(encoding="utf-8"))["articles"]:
        if art["split"] != part:
            continue
        text = article_eval.article_text(art, article_eval.texts_dir(folder))
        if text is None:
            continue
        props = propose(text, Context(lex, date.fromisoformat(art["published"]), art["url"]), everything=True)
        right = set(article_eval.score_article(art, props)["right_ids"])
        out += [(sort_of(p), p.id in right) for p in props if p.kind in article_eval.JUDGED]
    return out


def curated_outcomes(settings: Settings) -> list[tuple[str, bool]]:
    out = []
    for path in sorted(Path(settings.data_dir).glob("*.trig")):
        if path.name == "documents.trig":
            continue
        lex = Lexicon.from_store(store_without(settings, path.stem))
        text = (Path(settings.corpus) / f"{path.stem}.txt").read_text(encoding="utf-8")
        gd = gold(path, lex, text)
        for p in propose(text, Context(lex, PUBLISHED, settings.base_iri + "doc/" + path.stem), everything=True):
            if p.kind == "date":
                out.append((sort_of(p), p.fields.get("value") in gd["dates"]))
            elif p.kind == "link":
                out.append((sort_of(p), (p.fields["cause"], p.fields["effect"], p.fields["polarity"]) in gd["links"]))
            elif p.kind == "origin":
                out.append((sort_of(p), p.fields.get("relays") in relayed(path)))
    return out


def relayed(path: Path) -> set[str]:
    """The origins the curated document's passages relay (``pk:relays``)."""
    ds = Dataset()
    ds.parse(path, format="trig")
    return {str(o) for _, _, o, _ in ds.quads((None, PK.relays, None, None))}


def counts(outcomes: list[tuple[str, bool]]) -> dict[str, list[int]]:
    n, right = Counter(s for s, _ in outcomes), Counter(s for s, ok in outcomes if ok)
    return {s: [right[s], n[s]] for s in sorted(n)}


def pooled(held_out: dict[str, list], fitted: dict[str, list]) -> dict[str, list]:
    """Per sort, the held-out counts plus the fitted part's, scaled to weigh as at most
    ``PRIOR_WEIGHT`` proposals (two decimals): the level is the held-out part's wherever it
    measured the sort, the fitted part's where it did not."""
    out = {}
    for s in sorted(set(held_out) | set(fitted)):
        r, n = held_out.get(s, [0, 0])
        fr, fn = fitted.get(s, [0, 0])
        scale = min(1.0, PRIOR_WEIGHT / fn) if fn else 0.0
        out[s] = [round(r + fr * scale, 2), round(n + fn * scale, 2)]
    return out


def candidates(outcomes: list[tuple[str, bool]], sorts: dict) -> tuple[list, list[float]]:
    rated = [(share(s, sorts), ok) for s, ok in outcomes]
    shares = sorted({c for c, _ in rated})
    return rated, [0.0, *(round((a + b) / 2, 3) for a, b in zip(shares, shares[1:]))]   # between two shares


def floor(outcomes: list[tuple[str, bool]], sorts: dict) -> tuple[float, list[str]]:
    rated, cands = candidates(outcomes, sorts)
    measured = [sorts[s][1] >= MIN_MEASURED for s, _ in outcomes]

    def kept_share(t: float) -> float:
        kept = [ok for (c, ok), m in zip(rated, measured) if c >= t or not m]
        return sum(kept) / max(1, len(kept))
    allowed = [t for t in cands if sum(ok for (c, ok), m in zip(rated, measured) if c < t and m) <= MAX_LOST]
    best = max(allowed, key=lambda t: (kept_share(t), -t))
    return best, sorted({s for s, _ in outcomes if share(s, sorts) < best and sorts[s][1] >= MIN_MEASURED})


def threshold(outcomes: list[tuple[str, bool]], sorts: dict) -> float:
    rated, cands = candidates(outcomes, sorts)
    gain = {t: sum(1 if ok else -1 for c, ok in rated if c >= t) for t in cands}
    return max(cands, key=lambda t: (gain[t], -t))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", default=None)
    ap.add_argument("--held-out", default="fresh", help="the part of the articles that sets the level (default fresh)")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    if args.held_out in ("tune", "fresh2", "fresh3", "fresh4"):
        ap.error(f"--held-out {args.held_out}: the rules were fitted on tune, the learned models trained on tune "
                 "and fresh2, and fresh3 and fresh4 are the parts to report")
    settings = Settings.from_env(data_dir=str(PROJECT_ROOT / "data"))
    lex = curated_lexicon(settings)
    judged = article_outcomes(lex, args.texts, args.held_out)
    if not judged:
        ap.error(f"no texts of the part {args.held_out!r} (see bench/README.md: putting the texts back)")
    fitted = counts(article_outcomes(lex, args.texts, "tune"))
    sorts = pooled(counts(judged + curated_outcomes(settings)), fitted)
    table = {"about": f"Right and proposed per sort of proposal (bench/calibrate.py): the real articles' "
                      f"{args.held_out} part, which the rules were not fitted on, with the tune part weighing "
                      f"as at most {PRIOR_WEIGHT} proposals a sort; the curated documents held out for dates "
                      "and links.",
             "sorts": sorts, "threshold": threshold(judged, sorts)}
    table["floor"], table["floored"] = floor(judged, sorts)
    print("| sort | right | proposed | confidence |\n|---|---|---|---|")
    for s, (r, n) in sorts.items():
        print(f"| {s} | {r:g} | {n:g} | {share(s, sorts):.2f} |")
    print(f"\nthreshold (folded below): {table['threshold']}; floor (not proposed below): {table['floor']}, "
          f"sorts held back: {', '.join(table['floored'])}")
    text = json.dumps(table, indent=1) + "\n"
    if args.check:
        same = CALIBRATION.is_file() and json.loads(CALIBRATION.read_text()) == table
        print("calibration.json is " + ("current" if same else "out of date"))
        sys.exit(0 if same else 1)
    CALIBRATION.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
