"""Train the event model (``kg/curation/propose/event_model.py``) on the ``tune`` part of the
real-article set, and measure it by cross-validation over articles.

Each tune article is proposed once with the grammar alone, recording every event candidate (a
cue word the grammar sees, its features and span); a candidate's label is ``event`` when its span
overlaps an annotated event (the overlap rule of ``bench/article_eval.py``), else ``none``. The
figures are k-fold by article: a model trained on the other folds' articles decides the held-out
fold's, which is proposed again and scored by the real eval (``article_eval.score_article``):
before (grammar alone) and after (grammar and model), per kind and as they stand. Then ``test``
(never trained on) before and after the model trained on all of tune, which is written to
``kg/curation/propose/models/events.json`` (unless ``--no-write``).

    python bench/train_events.py [--folds 5] [--floor 0.0] [--rescue 1.01] [--no-write] [--texts DIR]
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import article_eval, train_parts  # noqa: E402
from bench.ingest_eval import store_without  # noqa: E402
from kg.core.settings import PROJECT_ROOT, Settings  # noqa: E402
from kg.curation.propose import event_model, linear  # noqa: E402
from kg.curation.propose.lexicon import Lexicon  # noqa: E402
from kg.curation.propose.proposals import Context  # noqa: E402
from kg.curation.propose.proposer import RuleProposer, propose  # noqa: E402

SHOWN = ("as_they_stand", "events_recall", "events_dated_right", "events_precision", "entities_precision",
         "kinds_right", "figures_recall", "claims_right_claimer")


def articles(split: str, folder: str | None) -> list[tuple[dict, str]]:
    arts = json.loads(article_eval.ANNOTATIONS.read_text(encoding="utf-8"))["articles"]
    out = []
    for art in arts:
        if art["split"] == split:
            text = article_eval.article_text(art, article_eval.texts_dir(folder))
            if text is not None:
                out.append((art, text))
    return out


def proposed(art: dict, text: str, lex: Lexicon, model: linear.Linear | None, rows: list | None = None) -> list:
    """The article's proposals with ``model`` deciding events (None: the grammar alone)."""
    ctx = Context(lex, date.fromisoformat(art["published"]), art["url"])
    with event_model.using(model), event_model.recording(rows if rows is not None else []):
        return propose(text, ctx, proposers=[RuleProposer()])


def labelled(art: dict, rows: list) -> list[tuple[list[str], str]]:
    """(features, label) per candidate: ``event`` when its span overlaps an annotated event."""
    return [(r["features"], "event" if any(article_eval._overlap([r["start"], r["end"]], v["span"])
                                           for v in art["events"]) else "none") for r in rows]


def fit(data: dict, ids: list[str], weights: list[float], floor: float, rescue: float) -> linear.Linear:
    """A model trained on the candidates of the articles ``ids`` (each article's examples weighing
    its entry of ``weights``)."""
    examples = [x for i in ids for x in data[i]]
    per = [w for i, w in zip(ids, weights) for _ in data[i]]
    return linear.train(examples, ["event", "none"], epochs=30, rate=0.1, l2=1e-4, seed=0, sample_weights=per,
                        version=event_model.VERSION, trained_on=ids, meta={"floor": floor, "rescue": rescue})


def show(title: str, before: list[dict], after: list[dict]) -> None:
    """A table of the eval's figures (``SHOWN``) before and after, with the event counts."""
    print(f"\n{title}\n\n| what | before | after |\n|---|---|---|")
    b, a = article_eval.summary(before), article_eval.summary(after)
    for k in SHOWN:
        print(f"| {k.replace('_', ' ')} | {b.get(k)} | {a.get(k)} |")
    for name, key, total in (("events found", "hit", "gold"), ("events dated right", "dated", "gold"),
                             ("event proposals right", "proposed_right", "proposed")):
        print(f"| {name} | " + " | ".join(f"{sum(r['events'][key] for r in rows)}/{sum(r['events'][total] for r in rows)}"
                                       for rows in (before, after)) + " |")


def confidence_buckets(rated: list[tuple]) -> None:
    """How many event proposals of each probability band overlap an annotated event."""
    print("\n| probability | event proposals | overlapping an annotated event |\n|---|---|---|")
    for lo, hi in ((0.0, 0.2), (0.2, 0.5), (0.5, 0.8), (0.8, 1.01)):
        band = [ok for p, ok in rated if lo <= (p.fields.get("probability") or 0.0) < hi]
        print(f"| {lo:.1f}-{min(hi, 1.0):.1f} | {len(band)} | {sum(band)} |")


def _f1(rows: list[dict]) -> float:
    """The events' F1 over ``rows`` (found of annotated, right of proposed)."""
    hit, gold, right, prop = (sum(r["events"][k] for r in rows) for k in ("hit", "gold", "proposed_right", "proposed"))
    rec, pre = hit / max(1, gold), right / max(1, prop)
    return round(2 * rec * pre / (rec + pre), 4) if rec + pre else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--floor", type=float, default=0.0,
                    help="the probability under which a cue the grammar reports is dropped")
    ap.add_argument("--rescue", default="1.01,0.5,0.3",
                    help="the probability at which a cue the grammar leaves out is reported (above 1: never); "
                         "a list is chosen among by cross-validation (over fresh2 when trained on)")
    ap.add_argument("--texts", default=None)
    ap.add_argument("--no-write", action="store_true")
    train_parts.add_options(ap)
    args = ap.parse_args()
    named, weights = train_parts.parts(ap, args.train), train_parts.weights(ap, args.weight)
    rescues = train_parts.weights(ap, args.rescue)
    settings = Settings.from_env(data_dir=str(PROJECT_ROOT / "data"))
    lex = Lexicon.from_store(store_without(settings, ""))
    arts = [x for part in named for x in articles(part, args.texts)]
    part_of = {a["id"]: a["split"] for a, _ in arts}
    data, before = {}, {}
    for art, text in arts:
        rows: list = []
        before[art["id"]] = article_eval.score_article(art, proposed(art, text, lex, None, rows))
        data[art["id"]] = labelled(art, rows)
    n = sum(len(v) for v in data.values())
    pos = sum(lab == "event" for v in data.values() for _, lab in v)
    print(f"{len(arts)} articles ({', '.join(named)}), {n} candidates, {pos} overlapping an annotated event")
    scored = [i for i in data if part_of[i] == ("fresh2" if "fresh2" in named else "tune")]
    results = {}
    for w in (weights if "fresh2" in named else [1.0]):
        for rescue in rescues:
            after, after_props = {}, []
            for held in train_parts.cv_folds(scored, args.folds):
                ids = [i for i in data if i not in held]
                m = fit(data, ids, train_parts.weighed(ids, part_of, w), args.floor, rescue)
                for art, text in arts:
                    if art["id"] in held:
                        props = proposed(art, text, lex, m)
                        after[art["id"]] = article_eval.score_article(art, props)
                        after_props += [(p, any(article_eval._overlap([p.start, p.end], v["span"]) for v in art["events"]))
                                        for p in props if p.kind == "event"]
            results[(w, rescue)] = (_f1(list(after.values())), after, after_props)
            print(f"weight {w}, rescue {rescue}: events F1 {results[(w, rescue)][0]} (rules alone {_f1([before[i] for i in scored])})")
    (w, rescue), (_, after, after_props) = max(results.items(), key=lambda kv: (kv[1][0], kv[0][1]))
    confidence_buckets(after_props)
    show(f"{part_of[scored[0]]}, {args.folds}-fold cross-validated by article ({len(scored)} articles), "
         f"weight {w}, rescue {rescue}", [before[i] for i in scored], [after[i] for i in scored])
    ids = sorted(data)
    final = fit(data, ids, train_parts.weighed(ids, part_of, w), args.floor, rescue)
    test = articles("test", args.texts)
    show(f"test ({len(test)} articles, not trained on)",
         [article_eval.score_article(a, proposed(a, t, lex, None)) for a, t in test],
         [article_eval.score_article(a, proposed(a, t, lex, final)) for a, t in test])
    if not args.no_write:
        out = linear.MODELS / f"{event_model.NAME}.json"
        out.parent.mkdir(exist_ok=True)
        final.save(out)
        print(f"\nwrote {out.relative_to(PROJECT_ROOT)} ({out.stat().st_size // 1024} KB, {len(final.weights)} features)")


if __name__ == "__main__":
    main()
