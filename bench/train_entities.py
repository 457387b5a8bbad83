"""Train the learned entity models (``kg/curation/propose/entity_model.py``) on the annotated
``tune`` articles, and report their cross-validated figures.

Each tune article is proposed by the rules alone (``RuleProposer(entity_models=False)``); its
candidate entities are the examples: ``keep`` when one matches an annotated new entity by the
eval's own rule (``article_eval.entity_hits``: a span sharing most characters, or the same
label), else ``drop``; the kind examples are the kept ones, labelled with the annotated kind.

Cross-validation: the tune articles in ``--folds`` folds by article (``linear.folds``); each
fold is scored with models trained on the others, by the eval's rules (``article_eval``),
before (rules only) and after (rules and models), for each pair of thresholds of the grid
(``drop_below``: keep probability under which a candidate is not proposed; ``override``: the
kind model's probability at which its kind replaces the rules' Company or Person). The pair with the
best cross-validated count of kinds right plus right candidates proposed less wrong ones (with
``--rules-at COMMIT``, summed with the same count on the tune articles annotated after COMMIT as
its rules proposed them: ``bench/earlier_rules.py``; on a tie, the values that change the
rules' proposals least) is written into the models, which are then trained on every tune
article and saved under ``kg/curation/propose/models/``. A candidate under ``drop_below`` is
held back, not folded: held back scored the better share right as they stand (a folded
proposal still counts as proposed).
``--test`` also scores the ``test`` part (never trained on) before and after.

    python bench/train_entities.py [--texts DIR] [--folds 5] [--test] [--no-save] [--without PREFIX ...] [--rules-at COMMIT]
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import article_eval, earlier_rules, train_parts  # noqa: E402
from bench.ingest_eval import store_without  # noqa: E402
from kg.core.settings import PROJECT_ROOT, Settings  # noqa: E402
from kg.curation.propose import entity_model, linear  # noqa: E402
from kg.curation.propose.confidence import floor as calibrated_floor, held_back, rate  # noqa: E402
from kg.curation.propose.entity_features import VERSION, features  # noqa: E402
from kg.curation.propose.entity_model import EntityModels, judge, keep_features, kind_features, spare_named  # noqa: E402
from kg.curation.propose.lexicon import Lexicon  # noqa: E402
from kg.curation.propose.proposals import Context, number  # noqa: E402
from kg.curation.propose.proposer import RuleProposer  # noqa: E402

DROP_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
# from 0.85: at 0.6-0.8 (first tried) the kind model replaced kinds that the rules' own tests on invented sentences
# fix ("analysts at Morgan Stanley" a Place at 0.87), though neither evaluation here counted a kind lost
OVERRIDE_GRID = (0.85, 0.9, 0.95, 1.01)
# chosen by cross-validated log loss on tune (keep: L2 0.1 of 0.001-0.1, 0.314 against 0.361 for the
# share kept alone; kind: L2 0.001, 0.569)
TRAINING = {"keep": {"epochs": 15, "rate": 0.3, "l2": 0.1, "seed": 0},
            "kind": {"epochs": 15, "rate": 0.3, "l2": 0.01, "seed": 0}}


def proposed(split: str, folder: str | None, lex: Lexicon) -> list[tuple[dict, str, list]]:
    """(annotation, text, the rules' proposals before rating) of each article of ``split``."""
    arts = json.loads(article_eval.ANNOTATIONS.read_text(encoding="utf-8"))["articles"]
    out = []
    rules = RuleProposer(entity_models=False)
    for art in arts:
        if art["split"] != split:
            continue
        text = article_eval.article_text(art, article_eval.texts_dir(folder))
        if text is not None:
            out.append((art, text, rules.propose(text, Context(lex, date.fromisoformat(art["published"]), art["url"]))))
    return out


def examples(rows, without: tuple[str, ...] = (), weight_of: dict | None = None) -> tuple[list, list, list, list]:
    """The keep/drop and kind examples of ``rows`` (see the module's description), and their weights
    (``weight_of``: an article's weight by id, default 1)."""
    keep, kind, keep_w, kind_w = [], [], [], []
    for art, text, props in rows:
        w = (weight_of or {}).get(art["id"], 1.0)
        new = [e for e in art["entities"] if not e["node"]]
        for p in props:
            if p.kind != "entity":
                continue
            f = {k: v for k, v in features(p, text).items() if not k.startswith(without)} if without else features(p, text)
            gold = [e for e in new if article_eval.entity_hits(e, [p])]
            keep.append((keep_features(f), "keep" if gold else "drop"))
            keep_w.append(w)
            if gold:
                kind.append((kind_features(f), gold[0]["kind"]))
                kind_w.append(w)
    return keep, kind, keep_w, kind_w


def fit(rows, without=(), weight_of: dict | None = None) -> EntityModels:
    """Models trained on ``rows`` (articles of weight 0 in ``weight_of`` left out)."""
    rows = [r for r in rows if (weight_of or {}).get(r[0]["id"], 1.0) > 0]
    keep, kind, keep_w, kind_w = examples(rows, without, weight_of)
    ids = sorted(a["id"] for a, _, _ in rows)
    labels = sorted({lab for _, lab in kind})
    return EntityModels(linear.train(keep, ["keep", "drop"], version=VERSION, trained_on=ids, sample_weights=keep_w,
                                     **TRAINING["keep"]),
                        linear.train(kind, labels, version=VERSION, trained_on=ids, sample_weights=kind_w,
                                     **TRAINING["kind"]) if len(labels) > 1 else None)


def score(rows, models: EntityModels | None, floored: frozenset) -> list[dict]:
    """The eval's rows for ``rows`` with ``models`` applied as the proposer applies them."""
    out = []
    for art, text, props in rows:
        props = copy.deepcopy(props)
        judge(props, text, models)
        kept, _ = held_back(rate(spare_named(props)), floored)
        out.append(article_eval.score_article(art, number(kept)))
    return out


def kinds_table(rows_before: list[dict], rows_after: list[dict], arts: list[dict]) -> str:
    """Per annotated kind: new entities, found, kind right, before and after (from the scored rows)."""
    def tally(rows):
        gold, wrong = Counter(), Counter()
        for art, r in zip(arts, rows):
            missed = Counter(r["entities"]["missed"])
            for e in (e for e in art["entities"] if not e["node"]):
                gold[e["kind"], "gold"] += 1
                if missed[e["label"]]:
                    missed[e["label"]] -= 1
                    continue
                gold[e["kind"], "found"] += 1
            for w in r["entities"]["wrong_kind"]:
                wrong[w.rsplit(" for ", 1)[1]] += 1
        return gold, wrong
    (gb, wb), (ga, wa) = tally(rows_before), tally(rows_after)
    lines = ["| kind | new entities | found before | kind right before | found after | kind right after |", "|---|---|---|---|---|---|"]
    for k in sorted({k for k, _ in gb}, key=lambda k: -gb[k, "gold"]):
        lines.append(f"| {k} | {gb[k, 'gold']} | {gb[k, 'found']} | {gb[k, 'found'] - wb[k]} | {ga[k, 'found']} | {ga[k, 'found'] - wa[k]} |")
    return "\n".join(lines)


def line(name: str, rows: list[dict]) -> str:
    t = article_eval.summary(rows)
    keys = ("as_they_stand", "as_they_stand_shown", "entities_recall", "entities_precision", "kinds_right",
            "claims_right_claimer", "events_recall")
    n = {k: sum(r["entities"][k] for r in rows) for k in ("hit", "gold", "proposed_right", "proposed", "kind_ok")}
    return (f"| {name} | " + " | ".join(str(t[k]) for k in keys)
            + f" | {n['hit']}/{n['gold']}, {n['proposed_right']}/{n['proposed']}, {n['kind_ok']} |")


HEADER = ("| | as they stand | shown | entities recall | entities precision | kinds right | claims right claimer | "
          "events recall | new entities found, right/proposed, kinds right |\n|---|---|---|---|---|---|---|---|---|")


def cross_validate(rows, k: int, floored: frozenset, without=()) -> tuple[dict, list[dict]]:
    """Per (drop_below, override): the held-out rows of every fold; and the rules' own rows."""
    by_id = {a["id"]: (a, t, p) for a, t, p in rows}
    results: dict[tuple, list] = {}
    before: list[dict] = []
    order: list[dict] = []
    for fold in linear.folds(by_id, k):
        held = [by_id[i] for i in fold]
        models = fit([by_id[i] for i in by_id if i not in fold], without)
        before += score(held, None, floored)
        order += [a for a, _, _ in held]
        for drop in DROP_GRID:
            for over in OVERRIDE_GRID:
                results.setdefault((drop, over), []).extend(
                    score(held, EntityModels(models.keep, models.kind, drop, over), floored))
    return {"before": before, "after": results, "order": order}, before


def cross_fresh(tune, fresh, k: int, floored: frozenset, weights: list[float], without=()) -> dict:
    """Cross-validation over ``fresh`` (fresh2) by article: per (weight, drop_below, override), each fold
    scored with models trained on ``tune`` and the other folds, fresh2's examples counting ``weight``
    (weight 0: tune alone, the models trained as before fresh2 became a training part)."""
    by_id = {a["id"]: (a, t, p) for a, t, p in fresh}
    out: dict = {"before": [], "after": {}, "order": []}
    for fold in train_parts.cv_folds(list(by_id), k):
        held = [by_id[i] for i in fold]
        out["before"] += score(held, None, floored)
        out["order"] += [a for a, _, _ in held]
        rest = [by_id[i] for i in by_id if i not in fold]
        for w in (0.0, *weights):
            models = fit(tune + rest, without, {a["id"]: w for a, _, _ in rest})
            for drop in DROP_GRID:
                for over in OVERRIDE_GRID:
                    out["after"].setdefault((w, drop, over), []).extend(
                        score(held, EntityModels(models.keep, models.kind, drop, over), floored))
    return out


def _key(rows: list[dict]) -> int:
    """Kinds right plus right proposed less wrong proposed: holding back a wrong candidate gains one,
    holding back a right one loses two (or three with its kind), replacing a kind gains or loses one."""
    n = {k: sum(r["entities"][k] for r in rows) for k in ("proposed_right", "proposed", "kind_ok")}
    return n["kind_ok"] + 2 * n["proposed_right"] - n["proposed"]


def earlier(rows, commit: str, floored: frozenset, without=()) -> tuple[dict, list[dict]]:
    """Per (drop_below, override): the tune articles annotated after ``commit`` as its rules proposed
    them, scored with models trained on the other tune articles (``bench/earlier_rules.py``)."""
    ids = earlier_rules.later(commit)
    models = fit([r for r in rows if r[0]["id"] not in ids], without)
    held = [(a, t) for a, t, _ in rows if a["id"] in ids]
    old = earlier_rules.candidates(commit, held)
    held_rows = [(a, t, old[a["id"]]) for a, t in held]
    return {dm: score(held_rows, EntityModels(models.keep, models.kind, *dm), floored)
            for dm in ((d, o) for d in DROP_GRID for o in OVERRIDE_GRID)}, score(held_rows, None, floored)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", default=None)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--test", action="store_true", help="also score the test part before and after")
    ap.add_argument("--no-save", action="store_true", help="cross-validate only; write no model")
    ap.add_argument("--without", nargs="*", default=(), help="leave out features starting so (to check they help)")
    ap.add_argument("--rules-at", default=None, metavar="COMMIT", help="also score the tune articles annotated after "
                    "COMMIT as its rules proposed them (models trained on the others); thresholds chosen on both")
    train_parts.add_options(ap)
    args = ap.parse_args()
    parts, grid = train_parts.parts(ap, args.train), train_parts.weights(ap, args.weight)
    settings = Settings.from_env(data_dir=str(PROJECT_ROOT / "data"))
    lex = Lexicon.from_store(store_without(settings, ""))
    floored = calibrated_floor()[1]
    rows = proposed("tune", args.texts, lex)
    without = tuple(args.without)
    if "fresh2" in parts:
        fresh = proposed("fresh2", args.texts, lex)
        cv = cross_fresh(rows, fresh, args.folds, floored, grid, without)
        best = max((c for c in cv["after"] if c[0] > 0), key=lambda c: (_key(cv["after"][c]), -c[1], c[2], -c[0]))
        was = max((c for c in cv["after"] if c[0] == 0), key=lambda c: (_key(cv["after"][c]), -c[1], c[2]))
        print(f"fresh2: {len(fresh)} articles, {len(cv['order'])} scored in {args.folds} folds by article, models "
              f"trained on tune ({len(rows)}) and the other folds\n\n{HEADER}")
        print(line("rules only", cv["before"]))
        for c in [(0.0, 0.4, 0.9), was] + [max((c for c in cv["after"] if c[0] == w), key=lambda c: (
                _key(cv["after"][c]), -c[1], c[2])) for w in grid]:
            print(line(f"weight {c[0]} drop<{c[1]} override {c[2]}" + (" (chosen)" if c == best else ""), cv["after"][c]))
        print("\n" + kinds_table(cv["before"], cv["after"][best], cv["order"]))
        if _key(cv["after"][best]) <= max(_key(cv["before"]), _key(cv["after"][was])) and not args.no_save:
            args.no_save = True
            print("\nnot written: on fresh2 cross-validated, the models trained with fresh2 do not beat the rules "
                  "alone and the models trained on tune alone (kinds right + 2 x right proposed - proposed)")
        weight, best, rows = best[0], best[1:], rows + fresh
    else:
        cv, before = cross_validate(rows, args.folds, floored, without)
        later, later_before = earlier(rows, args.rules_at, floored, without) if args.rules_at else ({}, [])
        best = max(cv["after"], key=lambda dm: (_key(cv["after"][dm]) + (_key(later[dm]) if later else 0),
                                                -dm[0], dm[1]))     # ties: the change least
        print(f"tune: {len(rows)} articles, {args.folds}-fold cross-validation by article\n\n{HEADER}")
        print(line("rules only", before))
        for dm in sorted(cv["after"]):
            print(line(f"drop<{dm[0]} override {dm[1]}" + (" (chosen)" if dm == best else ""), cv["after"][dm]))
        if later:
            print(f"\ntune articles annotated after {args.rules_at}, as its rules proposed them (models trained on the "
                  f"other {len(rows) - len(later_before)}): {len(later_before)} articles\n\n{HEADER}")
            print(line("rules only", later_before))
            for dm in sorted(later):
                print(line(f"drop<{dm[0]} override {dm[1]}" + (" (chosen)" if dm == best else ""), later[dm]))
        print("\n" + kinds_table(before, cv["after"][best], cv["order"]))
        weight = 1.0
    models = fit(rows, without, {a["id"]: (1.0 if a["split"] == "tune" else weight) for a, _, _ in rows})
    models.drop_below, models.override = best
    if args.test:
        test = proposed("test", args.texts, lex)
        print(f"\ntest: {len(test)} articles\n\n{HEADER}")
        print(line("rules only", score(test, None, floored)))
        print(line("rules + models", score(test, models, floored)))
    if not args.no_save:
        linear.MODELS.mkdir(exist_ok=True)
        trained = {"parts": parts, "weight": weight}
        models.keep.meta.update({"drop_below": best[0], "training": {**TRAINING["keep"], **trained}, "folds": args.folds})
        models.keep.save(linear.MODELS / f"{entity_model.KEEP}.json")
        if models.kind:
            models.kind.meta.update({"override": best[1], "training": {**TRAINING["kind"], **trained}})
            models.kind.save(linear.MODELS / f"{entity_model.KIND}.json")
        print(f"\nwritten: {entity_model.KEEP}.json, {entity_model.KIND}.json (drop_below {best[0]}, override {best[1]})")


if __name__ == "__main__":
    main()
