"""How good are the proposals on real articles the graph has never seen? ``bench/articles.json``
holds thirty-seven published news reports and analyses (chip export controls and smuggling, the AI
diffusion rule, Chinese firms training on Nvidia servers in Malaysia, the Super Micro indictment,
DeepSeek and Huawei chips, distillation, state AI laws, data centres), annotated by hand: entities (span of a first mention, label, kind, and the
graph's node when it has one), figures (value, unit, what they measure), events (span, type,
date) and claims (span of the saying words, who says it). Only URLs, the SHA-256 of the text
as fetched and the annotations are kept: the texts live in a scratch folder (``--texts``,
default ``$KG_ARTICLES`` or ``/work/shared/articles``); a missing one is fetched from its URL
and extracted with trafilatura, and used only when its SHA-256 matches (pages change: a text
that no longer matches is reported and skipped, since the offsets would be wrong).

The graph is the whole curated store (the articles are not in it). Part ``tune`` (ten articles) of the set is
what the proposer's rules and numbers were chosen on; part ``test`` is held out and is what the
report gives, though the rules' author had read it; parts ``fresh`` (ten more articles),
``fresh2`` (eleven more, third round), ``fresh3`` (eleven more, fourth round) and ``fresh4`` (twelve
more, fifth round) were annotated blind by engineers who do not change the rules, before any proposer
run on them. Per kind:

- entities: the graph's nodes the article names (mention proposals, recall and precision over
  distinct nodes), new entities (entity proposals; one matches an annotation when one of its
  occurrences shares most characters with the annotated span (0.6 of their
  union) or its label is the annotated label), kinds right
  (of the new entities found, the proposed class is the annotated kind);
- figures: found when a figure proposal overlaps the span with the same value (its value, or
  its only bound: "more than $6 billion", proposed as min 6e9, is the annotated 6e9; before
  2026-12-07 a bound never matched; a fraction, "half of" proposed as 1 of 2, is also its share
  0.5 or its percentage 50, since the fourth round); ``tied``: of those, the share naming what
  they measure;
- events: found when an event proposal overlaps the span; dated right when its date equals the
  annotated one (annotations without a date only need the event); precision: event proposals
  overlapping an annotated event;
- claims: found with the right claimer when a claim proposal covers the saying words and names
  the annotated claimer (its label, or an alias the text defines);
- as they stand: the share of proposals (mentions, entities, figures, events, claims) that are
  right as proposed; dates and links are not annotated, so not judged.

    python bench/ingest_eval.py --articles [--split test|tune|fresh|fresh2|fresh3|fresh4|all] [--texts DIR] [--details] [--choose]

``--choose``: the concept-match thresholds (``Tuning.threshold``, ``definition_threshold``) with
the best mention F1 on the tune part, from the grid ``ingest_eval.py`` uses; the report names the
tuning it scored with.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.proposals import Context
from kg.curation.propose.proposer import RuleProposer, Tuning, propose
from kg.curation.propose.text import norm_word, tokens

ANNOTATIONS = Path(__file__).resolve().parent / "articles.json"
JUDGED = ("mention", "entity", "figure", "event", "claim")


def texts_dir(given: str | None) -> Path:
    return Path(given or os.environ.get("KG_ARTICLES") or "/work/shared/articles")


def article_text(art: dict, folder: Path) -> str | None:
    """The article's text from the scratch folder, fetched when absent; None when it cannot be
    had or no longer matches the annotated SHA-256."""
    path = folder / f"{art['id']}.txt"
    if not path.exists():
        try:
            import httpx
            import trafilatura
            page = httpx.get(art["url"], timeout=20, follow_redirects=True).text
            extracted = trafilatura.extract(page) or ""
        except Exception as exc:  # network down, page gone: reported, not fatal
            print(f"  {art['id']}: not fetched ({type(exc).__name__})")
            return None
        if hashlib.sha256(extracted.encode("utf-8")).hexdigest() != art["sha256"]:
            # kept nowhere: a differing extract left in the folder would be taken for the text later
            print(f"  {art['id']}: the page as fetched now differs from the annotated text (SHA-256); skipped")
            return None
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(extracted, encoding="utf-8")
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != art["sha256"]:
        print(f"  {art['id']}: text differs from the annotated one (SHA-256); skipped")
        return None
    return data.decode("utf-8")


def _key(label: str) -> str:
    words = [norm_word(t.text) for t in tokens(label)]
    while words and words[0] in ("the", "a"):
        words = words[1:]
    return " ".join(words)


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _close(a, b) -> bool:
    """Two spans that share most of their characters (a fragment of a name is not the name)."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter / (max(a[1], b[1]) - min(a[0], b[0])) >= 0.6


def _occurrences(p) -> list:
    return p.fields.get("occurrences") or [[p.start, p.end]]


def _local(iri: str | None) -> str:
    return (iri or "").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def score_article(art: dict, proposals: list) -> dict:
    by_kind = {k: [p for p in proposals if p.kind == k] for k in ("mention", "entity", "figure", "event", "claim")}
    right: set[str] = set()
    # known nodes
    gold_nodes = {e["node"] for e in art["entities"] if e["node"]}
    got_nodes = {_local(p.fields.get("entity")) for p in by_kind["mention"]}
    right |= {p.id for p in by_kind["mention"] if _local(p.fields.get("entity")) in gold_nodes}
    long_spans = sum(1 for p in by_kind["mention"] if len(tokens(p.text)) > 4)
    # new entities
    new = [e for e in art["entities"] if not e["node"]]
    found_new, kind_ok, matched_props, wrong = [], 0, set(), []
    for e in new:
        hits = entity_hits(e, by_kind["entity"])
        if hits:
            found_new.append(e)
            matched_props |= {p.id for p in hits}
            if any(_local(p.fields.get("class")) == e["kind"] for p in hits):
                kind_ok += 1
                right |= {p.id for p in hits if _local(p.fields.get("class")) == e["kind"]}
            else:
                wrong.append(f"{e['label']}: {_local(hits[0].fields.get('class'))} for {e['kind']}")
    # figures
    figs_found, figs_tied = 0, 0
    for f in art["figures"]:
        hits = [p for p in by_kind["figure"] if _overlap([p.start, p.end], f["span"])
                and any(abs(float(n) - f["value"]) <= 1e-6 * max(1, abs(f["value"])) for n in _numbers(p.fields))]
        if hits:
            figs_found += 1
            figs_tied += any(p.fields.get("measures") for p in hits)
            right |= {p.id for p in hits}
    # events
    ev_found, ev_dated = 0, 0
    ev_right = {p.id for p in by_kind["event"] if any(_overlap([p.start, p.end], v["span"]) for v in art["events"])}
    for v in art["events"]:
        hits = [p for p in by_kind["event"] if _overlap([p.start, p.end], v["span"])]
        if hits:
            ev_found += 1
            good = [p for p in hits if v["date"] is None or str(p.fields.get("date") or "") == v["date"]]
            ev_dated += bool(good)
            right |= {p.id for p in good}
    # claims
    cl_right, cl_prop_right = 0, set()
    for c in art["claims"]:
        hits = [p for p in by_kind["claim"] if p.start <= c["span"][0] and c["span"][1] <= p.end + 1
                or _overlap([p.start, p.end], c["span"])]
        good = [p for p in hits if _same_claimer(p, c)]
        cl_right += bool(good)
        cl_prop_right |= {p.id for p in good}
    right |= cl_prop_right
    judged = [p for p in proposals if p.kind in JUDGED]
    return {
        "id": art["id"], "split": art["split"], "proposals": len(proposals), "judged": len(judged),
        "right": len([p for p in judged if p.id in right]), "right_ids": sorted(p.id for p in judged if p.id in right),
        "rated": [[p.fields.get("confidence"), p.id in right, bool(p.fields.get("folded"))] for p in judged],
        "nodes": {"gold": len(gold_nodes), "proposed": len(got_nodes), "hit": len(got_nodes & gold_nodes),
                  "missed": sorted(gold_nodes - got_nodes), "extra": sorted(got_nodes - gold_nodes),
                  "long_spans": long_spans, "mentions": len(by_kind["mention"])},
        "entities": {"gold": len(new), "hit": len(found_new), "proposed": len(by_kind["entity"]),
                     "proposed_right": len(matched_props), "kind_ok": kind_ok,
                     "missed": [e["label"] for e in new if e not in found_new],
                     "extra": [p.fields.get("label", p.text) for p in by_kind["entity"] if p.id not in matched_props],
                     "wrong_kind": wrong},
        "figures": {"gold": len(art["figures"]), "hit": figs_found, "tied": figs_tied, "proposed": len(by_kind["figure"])},
        "events": {"gold": len(art["events"]), "hit": ev_found, "dated": ev_dated, "proposed": len(by_kind["event"]),
                   "proposed_right": len(ev_right)},
        "claims": {"gold": len(art["claims"]), "hit": cl_right, "proposed": len(by_kind["claim"]),
                   "proposed_right": len(cl_prop_right)},
    }


def entity_hits(e: dict, props: list) -> list:
    """The entity proposals of ``props`` that match the annotated new entity ``e``: one of their
    occurrences shares most characters with its span, or their label is its label (also the
    training labels of ``bench/train_entities.py``)."""
    return [p for p in props if _key(p.fields.get("label", p.text)) == _key(e["label"])
            or any(_close(o, e["span"]) for o in _occurrences(p))]


def _number(fields: dict):
    """A figure proposal's one number: its value, or its only bound ("more than $6 billion" is
    proposed as min 6e9, "up to 20 years" as max 20); a range (min and max) has none."""
    if fields.get("value") is not None:
        return fields["value"]
    lo, hi = fields.get("min"), fields.get("max")
    return lo if hi is None else hi if lo is None else None


def _numbers(fields: dict) -> list:
    """The numbers a figure proposal may be annotated with: its one number (``_number``), and for
    a fraction ("half of", "3/13": value 1 of 2) also its share (0.5) and its percentage (50)."""
    one = _number(fields)
    if one is None:
        return []
    if fields.get("of"):
        return [one, one / fields["of"], 100 * one / fields["of"]]
    return [one]


def _same_claimer(p, c: dict) -> bool:
    if c.get("node") and _local(p.fields.get("claimer")) == c["node"]:
        return True
    gold = _key(c["claimer"])
    names = [p.fields.get("claimer_label") or ""] + list(p.fields.get("claimer_aliases") or [])
    return any(n and (_key(n) == gold or _key(n) in gold.split() or gold in _key(n)) for n in names)


def _r(a: int, b: int) -> float | None:
    return round(a / b, 2) if b else None


def summary(rows: list[dict]) -> dict:
    def s(part, key):
        return sum(r[part][key] for r in rows)
    return {
        "articles": len(rows), "proposals": sum(r["proposals"] for r in rows),
        "as_they_stand": _r(sum(r["right"] for r in rows), sum(r["judged"] for r in rows)),
        "as_they_stand_shown": _r(sum(ok for r in rows for _, ok, folded in r["rated"] if not folded),
                                  sum(1 for r in rows for *_, folded in r["rated"] if not folded)),
        "folded": f"{sum(folded for r in rows for *_, folded in r['rated'])} "
                  f"({sum(ok and folded for r in rows for _, ok, folded in r['rated'])} of them right)",
        "mentions_recall": _r(s("nodes", "hit"), s("nodes", "gold")),
        "mentions_precision": _r(s("nodes", "hit"), s("nodes", "proposed")),
        "mention_spans_over_4_words": f"{s('nodes', 'long_spans')}/{s('nodes', 'mentions')}",
        "entities_recall": _r(s("entities", "hit"), s("entities", "gold")),
        "entities_precision": _r(s("entities", "proposed_right"), s("entities", "proposed")),
        "kinds_right": _r(s("entities", "kind_ok"), s("entities", "hit")),
        "figures_recall": _r(s("figures", "hit"), s("figures", "gold")),
        "figures_tied": f"{s('figures', 'tied')}/{s('figures', 'hit')}",
        "events_recall": _r(s("events", "hit"), s("events", "gold")),
        "events_dated_right": _r(s("events", "dated"), s("events", "gold")),
        "events_precision": _r(s("events", "proposed_right"), s("events", "proposed")),
        "claims_right_claimer": _r(s("claims", "hit"), s("claims", "gold")),
        "claims_precision": _r(s("claims", "proposed_right"), s("claims", "proposed")),
    }


def run(store, split: str = "test", folder: str | None = None, tuning: Tuning | None = None,
        lex: Lexicon | None = None, everything: bool = False) -> dict:
    arts = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))["articles"]
    lex = lex or Lexicon.from_store(store)
    rows = []
    for art in arts:
        if split != "all" and art["split"] != split:
            continue
        text = article_text(art, texts_dir(folder))
        if text is None:
            continue
        props = propose(text, Context(lex, date.fromisoformat(art["published"]), art["url"]),
                        proposers=[RuleProposer(tuning or Tuning())], everything=everything)
        rows.append(score_article(art, props))
    return {"split": split, "tuning": asdict(tuning or Tuning()), "totals": summary(rows),
            "reliability": reliability(rows), "articles": rows}


def choose(store, grid: list[tuple[float, float]], folder: str | None = None) -> Tuning:
    """The concept-match thresholds with the best mention F1 on the ``tune`` part (ties: the
    proposer's defaults, then the earlier in ``grid``)."""
    lex = Lexicon.from_store(store)

    def f1(t: Tuning) -> tuple:
        tot = run(store, "tune", folder, t, lex)["articles"]
        hit, gold, prop = (sum(r["nodes"][k] for r in tot) for k in ("hit", "gold", "proposed"))
        r, p = hit / max(1, gold), hit / max(1, prop)
        return (round(2 * r * p / (r + p), 4) if r + p else 0.0, t == Tuning())
    cands = [replace(Tuning(), threshold=a, definition_threshold=b) for a, b in grid]
    return max(cands, key=lambda t: (f1(t), -cands.index(t)))


def reliability(rows: list[dict], edges=(0.0, 0.2, 0.4, 0.6, 0.8, 1.01)) -> list[dict]:
    """Calibration: per confidence bucket, the proposals in it, their mean confidence and the
    share of them right as proposed (a calibrated proposer has the two close)."""
    rated = [(c, ok) for r in rows for c, ok, _ in r["rated"] if c is not None]
    out = []
    for lo, hi in zip(edges, edges[1:]):
        inside = [(c, ok) for c, ok in rated if lo <= c < hi]
        if inside:
            out.append({"bucket": f"{lo:.1f}-{min(hi, 1.0):.1f}", "proposals": len(inside),
                        "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 2),
                        "right": round(sum(ok for _, ok in inside) / len(inside), 2)})
    return out


def print_report(result: dict, details: bool) -> None:
    tot = result["totals"]
    tuning = " ".join(f"{k}={v}" for k, v in result["tuning"].items())
    print(f"Real articles, part '{result['split']}': {tot['articles']} articles, {tot['proposals']} proposals "
          f"(tuning {tuning})\n")
    print("| what | figure |\n|---|---|")
    for k, v in tot.items():
        if k not in ("articles", "proposals"):
            print(f"| {k.replace('_', ' ')} | {v} |")
    print("\n| confidence | proposals | mean confidence | share right |\n|---|---|---|---|")
    for b in result.get("reliability", []):
        print(f"| {b['bucket']} | {b['proposals']} | {b['mean_confidence']} | {b['right']} |")
    if details:
        for r in result["articles"]:
            print(f"\n{r['id']} ({r['split']}): {r['right']}/{r['judged']} right as they stand")
            for part, keys in (("nodes", ("missed", "extra")), ("entities", ("missed", "extra", "wrong_kind"))):
                for k in keys:
                    if r[part][k]:
                        print(f"  {part} {k}: {', '.join(map(str, r[part][k]))}")
            for part in ("figures", "events", "claims"):
                print(f"  {part}: " + ", ".join(f"{k} {v}" for k, v in r[part].items()))
