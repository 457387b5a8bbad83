"""Train the claimer ranker (``kg.curation.propose.claimers``) on the ``tune`` articles and measure it.

For each ``tune`` article whose text is in the scratch folder, the proposer runs with the ranker
recording: each saying with one speaker gives its candidate claimers and their features. A
candidate is labelled ``claimer`` when it names the claimer of an annotated claim the saying's
sentence covers (``bench/article_eval``'s own matching rule, ``_same_claimer``), else ``other``;
sayings with no annotated claim, or none of whose candidates is right, teach nothing and are left out.

    python bench/train_claimers.py [--folds 5] [--texts DIR] [--no-write]

prints the candidates' reach (the share of sayings with the right claimer among the candidates,
and with the rules' choice right); the sayings right over the folds for each margin, with and
without the features naming the rules' choice (the ranker's margin is chosen there); then the
cross-validated figures: the ``tune`` articles split into folds by article, each fold scored by
the real eval (``article_eval.score_article``) with models trained on the other folds, before
(rules only) and after; then ``test`` before and after with the models trained on all of
``tune``, which are written to ``kg/curation/propose/models/claimers.json`` (the ranker) and
``claimers_alone.json`` (the check that reads no rule) unless ``--no-write``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import article_eval, train_parts  # noqa: E402
from bench.ingest_eval import store_without  # noqa: E402
from kg.core.settings import PROJECT_ROOT, Settings  # noqa: E402
from kg.curation.propose import claimers  # noqa: E402
from kg.curation.propose.claim_record import other_names  # noqa: E402
from kg.curation.propose.lexicon import Lexicon  # noqa: E402
from kg.curation.propose.linear import MODELS, train  # noqa: E402
from kg.curation.propose.proposals import Context  # noqa: E402
from kg.curation.propose.proposer import RuleProposer, propose  # noqa: E402

LABELS = ("claimer", "other")
MARGINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)    # 1.0: the rules' choice always kept
# how much more probable the model that reads no rule must find another candidate to dispute the
# claimer kept (a claim's confidence sort is then ``claim:disputed``); not chosen on tune, whose
# claimers the rules were fitted to: its disputes there are the model's mistakes
DISPUTE = 0.2


class _Named:
    """What ``article_eval._same_claimer`` reads of a claim proposal, for one candidate."""

    def __init__(self, r, c) -> None:
        iri = c.prop.fields.get("entity") if c.prop is not None and c.prop.kind == "mention" else None
        self.fields = {"claimer": iri, "claimer_label": c.label, "claimer_aliases": other_names(r, c)}


def _covers(s, c: dict) -> bool:
    """The eval's test of a claim proposal over sentence ``s`` against annotated claim ``c``."""
    return s.start <= c["span"][0] and c["span"][1] <= s.end + 1 or s.start < c["span"][1] and c["span"][0] < s.end


def proposals(art: dict, text: str, lex: Lexicon) -> list:
    return propose(text, Context(lex, date.fromisoformat(art["published"]), art["url"]), proposers=[RuleProposer()])


def sayings(art: dict, text: str, lex: Lexicon, counts: dict) -> list[tuple[list[list[str]], list[bool]]]:
    """One article's sayings with an annotated claim and the right claimer among their candidates:
    each candidate's features and whether it is right (``counts`` adds up the candidates' reach)."""
    rec: list = []
    with claimers.using(None), claimers.recording(rec):
        proposals(art, text, lex)
    out = []
    for r, s, cands, rows in rec:
        gold = [c for c in art["claims"] if _covers(s, c)]
        if not gold:
            continue
        ok = [any(article_eval._same_claimer(_Named(r, c), g) for g in gold) for c in cands]
        counts["sayings"] += 1
        counts["reach"] += any(ok)
        counts["rule"] += ok[0]
        if any(ok):
            out.append((rows, ok))
    return out


def fit(data: dict, ids: list[str], alone: bool, margin: float, weight_of: dict | None = None):
    """A model trained on the sayings of articles ``ids`` (an article's examples counting its weight in
    ``weight_of``, default 1; weight 0 leaves it out); ``margin``: how much more probable than the rules'
    choice another candidate must be to replace it."""
    ids = [i for i in ids if (weight_of or {}).get(i, 1.0) > 0]
    rows, weights = [], []
    for i in ids:
        for cands, ok in data[i]:
            for row, good in zip(cands, ok):
                rows.append((claimers.alone(row) if alone else row, LABELS[0] if good else LABELS[1]))
                weights.append((weight_of or {}).get(i, 1.0))
    return train(rows, LABELS, epochs=15, rate=0.2, l2=1e-3, version=claimers.FEATURES, trained_on=ids,
                 sample_weights=weights, meta={"alone": alone, "margin": margin})


def choose_margin(data: dict, split: list[list[str]], alone: bool, weight_of: dict | None = None) -> tuple[float, dict]:
    """The margin with the most sayings right over the folds (ties: the larger, the rules kept),
    the count right for each margin (the rules' alone under ``None``) and how many rules' choices
    each replaced."""
    right = {None: 0, **{m: 0 for m in MARGINS}}
    changed = {m: 0 for m in MARGINS}
    for held in split:
        m = fit(data, [i for i in data if i not in held], alone, 0.0, weight_of)
        for cands, ok in (x for i in held for x in data[i]):
            probs = [claimers.probability(m, row) for row in cands]
            best = max(range(len(probs)), key=lambda j: (probs[j], j == 0))
            right[None] += ok[0]
            for margin in MARGINS:
                right[margin] += ok[best] if probs[best] - probs[0] > margin else ok[0]
                changed[margin] += best != 0 and probs[best] - probs[0] > margin
    return max(MARGINS, key=lambda m: (right[m], m)), right, changed


def scored(arts: list[tuple[dict, str]], lex: Lexicon, model, alone=None, tally: dict | None = None) -> list[dict]:
    """Each article scored by the real eval with ``model`` choosing and ``alone`` checking;
    ``tally`` counts the claims right as proposed among those the check disputes and the others."""
    rows = []
    with claimers.using(model, alone):
        for art, text in arts:
            props = proposals(art, text, lex)
            rows.append(article_eval.score_article(art, props))
            for p in props:
                if p.kind == "claim" and tally is not None:
                    key = "disputed" if p.fields.get("claimer_disputed_by") else "agreed"
                    tally[key] = [tally[key][0] + (p.id in rows[-1]["right_ids"]), tally[key][1] + 1]
    return rows


def _line(name: str, before: list[dict], after: list[dict]) -> str:
    b, a = article_eval.summary(before), article_eval.summary(after)
    hit = lambda rows: f"{sum(r['claims']['hit'] for r in rows)}/{sum(r['claims']['gold'] for r in rows)}"  # noqa: E731
    keys = ("claims_right_claimer", "claims_precision", "as_they_stand")
    return f"| {name} | " + " | ".join(f"{b[k]} -> {a[k]}" for k in keys) + f" | {hit(before)} -> {hit(after)} |"


def _by_margin(name: str, right: dict, changed: dict) -> str:
    return f"{name}: " + ", ".join(f"{'rules' if m is None else m}: {n}" + (f" ({changed[m]})" if m is not None else "")
                                   for m, n in right.items())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--texts", default=None)
    ap.add_argument("--no-write", action="store_true", help="measure only; leave the committed model as it is")
    train_parts.add_options(ap)
    args = ap.parse_args()
    parts, grid = train_parts.parts(ap, args.train), train_parts.weights(ap, args.weight)
    settings = Settings.from_env(data_dir=str(PROJECT_ROOT / "data"))
    lex = Lexicon.from_store(store_without(settings, ""))
    arts = json.loads(article_eval.ANNOTATIONS.read_text(encoding="utf-8"))["articles"]
    folder = article_eval.texts_dir(args.texts)
    have = {part: [(a, t) for a in arts if a["split"] == part and (t := article_eval.article_text(a, folder))]
            for part in (*parts, "test")}
    counts = {"sayings": 0, "reach": 0, "rule": 0}
    t0 = time.perf_counter()
    data = {a["id"]: sayings(a, t, lex, counts) for p in parts for a, t in have[p]}
    print(f"{'+'.join(parts)}: {len(data)} articles, {counts['sayings']} sayings with an annotated claim; the right "
          f"claimer among the candidates {counts['reach']}, the rules' choice right {counts['rule']} "
          f"({time.perf_counter() - t0:.1f} s)")
    cv_part = "fresh2" if "fresh2" in parts else "tune"
    split = train_parts.cv_folds([a["id"] for a, _ in have[cv_part]], args.folds)
    fresh = {a["id"] for a, _ in have.get("fresh2", [])}
    choice = {}
    for w in (grid if cv_part == "fresh2" else [1.0]):
        weight_of = {i: w for i in fresh}
        margin, right, changed = choose_margin(data, split, False, weight_of)
        choice[w], right_rules = (right[margin], margin), right[None]
        print(_by_margin(f"{cv_part} sayings right, cross-validated, by margin (rules' choice replaced), weight {w}",
                         right, changed) + f"; margin chosen {margin}")
    weight = max(choice, key=lambda w: (choice[w], -w))
    margin, weight_of = choice[weight][1], {i: weight for i in fresh}
    _, right, changed = choose_margin(data, split, True, weight_of)
    print(_by_margin(f"the same without the features naming the rules' choice (weight {weight})", right, changed)
          + f"; it disputes a claimer past {DISPUTE}")
    print("\n| part | claims right claimer | claims precision | as they stand | claims |\n|---|---|---|---|---|")
    before, after, tally = [], [], {"disputed": [0, 0], "agreed": [0, 0]}
    for k, held in enumerate(split):
        ids = [i for i in data if i not in held]
        m, check = fit(data, ids, False, margin, weight_of), fit(data, ids, True, DISPUTE, weight_of)
        part = [(a, t) for a, t in have[cv_part] if a["id"] in held]
        b, a = scored(part, lex, None), scored(part, lex, m, check, tally)
        print(_line(f"{cv_part} fold {k + 1} ({len(part)})", b, a))
        before += b
        after += a
    print(_line(f"{cv_part} cross-validated ({len(before)})", before, after))
    full, check = fit(data, sorted(data), False, margin, weight_of), fit(data, sorted(data), True, DISPUTE, weight_of)
    test = {"disputed": [0, 0], "agreed": [0, 0]}
    print(_line(f"test ({len(have['test'])})", scored(have["test"], lex, None), scored(have["test"], lex, full, check, test)))
    print(f"\nclaims right as proposed, disputed by the model that reads no rule / not: {cv_part} cross-validated "
          f"{tally['disputed'][0]}/{tally['disputed'][1]} / {tally['agreed'][0]}/{tally['agreed'][1]}, "
          f"test {test['disputed'][0]}/{test['disputed'][1]} / {test['agreed'][0]}/{test['agreed'][1]}")
    if cv_part == "fresh2" and choice[weight][0] <= right_rules and not args.no_write:
        args.no_write = True
        print("not written: on fresh2 cross-validated the ranker trained with fresh2 gets no more sayings right than the rules")
    if not args.no_write:
        MODELS.mkdir(exist_ok=True)
        for name, m in (("claimers", full), ("claimers_alone", check)):
            m.meta.update({"parts": parts, "weight": weight})
            m.save(MODELS / f"{name}.json")
            print(f"wrote {MODELS / name}.json ({(MODELS / f'{name}.json').stat().st_size} bytes, {len(m.weights)} features)")


if __name__ == "__main__":
    main()
