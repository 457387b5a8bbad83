"""How good are the proposals? For each corpus document: set its curated graph aside, build the
store from the rest, ingest the document's text afresh (extraction is the identity for the
corpus' plain text) and compare the proposals with the curated statements of that document.

- mentions: the nodes the curated graph describes that the rest of the graph already knows
  (actors, measures, hardware, models, pathways, capabilities, outcomes, reports...), against
  the nodes of the mention proposals (recall and precision over distinct nodes);
- figures: each curated pk:Figure is found when a figure proposal has the same numbers (value,
  or min/max) and the same kind of unit (percent, times, month, year...);
- dates: each curated event date (pk:date) is found when a date proposal has the same value;
  "stated" counts only dates the text gives (its year, or its month name, is in the text);
- causal links: (cause, effect, polarity) of the curated links against the proposed ones; a line
  under the table splits them into links the rest of the graph already has (corroborated) and
  new ones.

Held out by default: the proposer's few numbers (``kg.curation.propose.proposer.Tuning``: the concept-
match thresholds, the window and support for corroborating known links) are chosen for each
document on the other four (pooled over the four, each scored against the graph without it;
grids below): for mentions the best F1 among the thresholds keeping precision 0.8, for links the
best recall at precision 0.5; then that document is scored with them; the table's last column names the tuning used. ``--fixed``
scores the proposer's defaults on every document instead (they are what ``--choose`` picks on
all five, so those figures are not held out). The seconds are a fresh lexicon read and
proposal run.

The documents carry no publication date; like an analyst would, the run passes one
(``--published``, default 2026-05-15: the curators date the corpus to 2026, and the latest
month a document reports as recent is April). Prints a table per document and the totals;
``--json`` for machines. Nothing is written anywhere.

    python bench/ingest_eval.py [--corpus DIR] [--data DIR] [--published YYYY-MM-DD] [--json] [--details]
                                [--fixed | --choose] [--all-proposals]
    python bench/ingest_eval.py --articles [--split test|tune|fresh|fresh2|fresh3|fresh4|all] [--texts DIR] [--details] [--choose]
                                (real published articles: bench/article_eval.py; --choose picks the
                                concept thresholds on the tune part)
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rdflib import Dataset, URIRef  # noqa: E402
from rdflib.namespace import RDF  # noqa: E402

from kg.store.build import ONTOLOGY_GRAPH  # noqa: E402
from kg.core.namespaces import PK, SCHEMA  # noqa: E402
from kg.curation.propose.lexicon import SKIPPED, Lexicon  # noqa: E402
from kg.curation.propose.proposals import Context  # noqa: E402
from kg.curation.propose.proposer import RuleProposer, Tuning, propose  # noqa: E402
from kg.core.settings import PROJECT_ROOT, Settings  # noqa: E402
from kg.store import memory_store  # noqa: E402

UNIT_CLASS = {"percent": "percent", "times": "times", "month": "month", "year": "year", "calendar": "year",
              "day": "day", "week": "week", "decade": "decade"}


def unit_class(unit: str) -> str:
    head = unit.split()[0].lower().rstrip("s") if unit.split() else ""
    return UNIT_CLASS.get(head, head)


def store_without(settings: Settings, stem: str):
    store = memory_store(settings.base_iri)
    store.load_file(Path(settings.ontology_dir) / "policy-kg.ttl", graph=ONTOLOGY_GRAPH)
    for path in sorted(Path(settings.data_dir).glob("*.trig")):
        if path.stem != stem:
            store.load_file(path)
    return store


def gold(path: Path, lex: Lexicon, text: str) -> dict:
    ds = Dataset()
    ds.parse(path, format="trig")
    g = ds.graph(URIRef(settings_base() + "doc/" + path.stem))
    typed = {}
    for s, o in g.subject_objects(RDF.type):
        typed.setdefault(str(s), set()).add(str(o))
    mentions = {s for s, ts in typed.items() if not ts & SKIPPED and not any("oa#" in t for t in ts)
                and s in lex.nodes}
    figures = []
    for f in g.subjects(RDF.type, PK.Figure):
        nums = {k: float(v) for k, p in (("value", SCHEMA.value), ("min", SCHEMA.minValue), ("max", SCHEMA.maxValue))
                for v in g.objects(f, p)}
        figures.append((str(f), nums, unit_class(str(g.value(f, SCHEMA.unitText) or ""))))
    dates = set()
    for e in g.subjects(RDF.type, PK.Event):
        for d in g.objects(e, PK.date):
            dates.add(str(d))
    stated = {d for d in dates if d[:4] in text or (len(d) >= 7 and MONTH_NAMES[int(d[5:7]) - 1] in text)}
    sign = {str(PK.Positive): "+", str(PK.Negative): "-"}
    links = {(str(g.value(l, PK.cause)), str(g.value(l, PK.effect)), sign.get(str(g.value(l, PK.polarity))))
             for l in g.subjects(RDF.type, PK.CausalLink)}
    return {"mentions": mentions, "figures": figures, "dates": dates, "stated": stated, "links": links}


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]


def settings_base() -> str:
    return "https://w3id.org/policy-kg/id/"


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


class Runs:
    """Each document's proposals scored, once per tuning: the store without the document and
    its lexicon are built once, proposals are remembered by (document, tuning)."""

    def __init__(self, settings: Settings, published: date, everything: bool = False) -> None:
        self.settings, self.published, self.everything = settings, published, everything
        self.paths = [p for p in sorted(Path(settings.data_dir).glob("*.trig")) if p.name != "documents.trig"]
        self.docs = [p.stem for p in self.paths]
        self._stores: dict[str, object] = {}
        self._lex: dict[str, Lexicon] = {}
        self._rows: dict[tuple, dict] = {}

    def row(self, stem: str, tuning: Tuning, timed: bool = False, everything: bool | None = None) -> dict:
        """The document's row at ``tuning``; ``timed``: lexicon and proposer built afresh, and
        the seconds they and the proposing took recorded (what an ingest costs); ``everything``:
        the proposals held back under the confidence floor too (default: the run's choice)."""
        everything = self.everything if everything is None else everything
        key = (stem, tuning, everything)
        if key in self._rows and not timed:
            return self._rows[key]
        path = Path(self.settings.data_dir) / f"{stem}.trig"
        text = (Path(self.settings.corpus) / f"{stem}.txt").read_text(encoding="utf-8")
        if stem not in self._stores:
            self._stores[stem] = store_without(self.settings, stem)
            self._lex[stem] = Lexicon.from_store(self._stores[stem])
        t0 = time.perf_counter()
        lex = Lexicon.from_store(self._stores[stem]) if timed else self._lex[stem]
        context = Context(lex, self.published, self.settings.base_iri + "doc/" + stem)
        proposals = propose(text, context, proposers=[RuleProposer(tuning)], everything=everything)
        seconds = time.perf_counter() - t0
        row = score(stem, proposals, gold(path, lex, text), lex, seconds)
        row["tuning"] = asdict(tuning)
        self._rows[key] = row
        return row


MENTION_GRID = [(t, d) for t in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65) for d in (0.5, 0.56, 0.62, 0.72, 0.82, 1.01)]
LINK_GRID = [(w, s) for w in (1, 2, 3, 5, 0) for s in (1, 2, 3)]
TARGETS = {"mentions": 0.8, "links": 0.5}       # the precision each part must keep (issue 13)


def pick(runs: Runs, docs: list[str], grid: list[Tuning], part: str, balanced: bool = False) -> Tuning:
    """The tuning of ``grid`` with the best recall over ``docs`` (pooled) among those keeping
    the part's target precision (``balanced``: the best F1 among them); when none keeps it, the
    best F1. Ties: higher precision, then the earlier in the grid.

    ``balanced`` is for mentions: the loosest thresholds that just keep the target on four
    documents are the ones most fitted to them, and they fell below it on the fifth (document
    002's fold picked 0.35 and scored 0.54); the best F1 among the passing tunings sits back
    from that edge and picks the same thresholds on every fold."""
    def key(t: Tuning) -> tuple:     # the matcher's thresholds: chosen on all it finds, floor or not
        rows = [runs.row(d, t, everything=True) for d in docs]
        hit, gold_n, prop = (sum(r[part][k] for r in rows) for k in ("hit", "gold", "proposed"))
        r, p = hit / max(1, gold_n), hit / max(1, prop)
        f1 = 2 * r * p / (r + p) if r + p else 0.0
        ok = p >= TARGETS[part]
        return (ok, f1 if balanced or not ok else r, p)
    return max(grid, key=lambda t: (key(t), -grid.index(t)))


def choose(runs: Runs, docs: list[str]) -> Tuning:
    """Thresholds for mentions first, then the link window and support with them."""
    base = Tuning()
    m = pick(runs, docs, [replace(base, threshold=t, definition_threshold=d) for t, d in MENTION_GRID], "mentions",
             balanced=True)
    return pick(runs, docs, [replace(m, link_window=w, link_min_support=s) for w, s in LINK_GRID], "links")


def evaluate(settings: Settings, published: date, held_out: bool = True, everything: bool = False) -> list[dict]:
    """Per document: with ``held_out``, the tuning chosen on the other documents (each of them
    scored against the graph without it), else the proposer's defaults; ``everything``: what
    ``kg ingest --all-proposals`` proposes (the key-word matches under the floor too)."""
    runs = Runs(settings, published, everything)
    rows = []
    for stem in runs.docs:
        tuning = choose(runs, [d for d in runs.docs if d != stem]) if held_out else Tuning()
        rows.append(runs.row(stem, tuning, timed=True))
    return rows


def score(stem: str, proposals: list, gd: dict, lex: Lexicon, seconds: float) -> dict:
    got = {p.fields["entity"] for p in proposals if p.kind == "mention"}
    figs = [p.fields for p in proposals if p.kind == "figure"]
    found_figs = [f for f in gd["figures"] if any(_same_figure(f, x) for x in figs)]
    got_dates = {p.fields["value"] for p in proposals if p.kind == "date"}
    got_links = {(p.fields["cause"], p.fields["effect"], p.fields["polarity"]) for p in proposals if p.kind == "link"}
    known = {(l.cause, l.effect, l.polarity) for l in lex.links}
    return {
        "document": stem, "seconds": round(seconds, 3), "proposals": len(proposals),
        "mentions": {"gold": len(gd["mentions"]), "proposed": len(got), "hit": len(got & gd["mentions"]),
                     "recall": ratio(len(got & gd["mentions"]), len(gd["mentions"])),
                     "precision": ratio(len(got & gd["mentions"]), len(got)),
                     "missed": sorted(x.rsplit("/", 1)[-1] for x in gd["mentions"] - got),
                     "extra": sorted(x.rsplit("/", 1)[-1] for x in got - gd["mentions"])},
        "figures": {"gold": len(gd["figures"]), "hit": len(found_figs),
                    "recall": ratio(len(found_figs), len(gd["figures"])),
                    "missed": [f[0].rsplit("/", 1)[-1] for f in gd["figures"] if f not in found_figs]},
        "dates": {"gold": len(gd["dates"]), "hit": len(got_dates & gd["dates"]),
                  "recall": ratio(len(got_dates & gd["dates"]), len(gd["dates"])),
                  "stated": len(gd["stated"]), "stated_hit": len(got_dates & gd["stated"]),
                  "stated_recall": ratio(len(got_dates & gd["stated"]), len(gd["stated"])),
                  "missed": sorted(gd["dates"] - got_dates)},
        "links": {"gold": len(gd["links"]), "proposed": len(got_links), "hit": len(got_links & gd["links"]),
                  "recall": ratio(len(got_links & gd["links"]), len(gd["links"])),
                  "precision": ratio(len(got_links & gd["links"]), len(got_links)),
                  "missed": sorted(f"{c.rsplit('/', 1)[-1]} {p} {e.rsplit('/', 1)[-1]}" for c, e, p in gd["links"] - got_links),
                  "extra": sorted(f"{c.rsplit('/', 1)[-1]} {p} {e.rsplit('/', 1)[-1]}" for c, e, p in got_links - gd["links"]),
                  # links the rest of the graph already has (a proposal corroborates them) vs new ones
                  "gold_known": len(gd["links"] & known), "hit_known": len(got_links & gd["links"] & known),
                  "proposed_new": len(got_links - known), "hit_new": len((got_links & gd["links"]) - known)},
    }


def _same_figure(gold_fig, fields: dict) -> bool:
    _, nums, unit = gold_fig
    mine = {k: float(fields[k]) for k in ("value", "min", "max") if fields.get(k) is not None}
    return mine == nums and unit_class(str(fields.get("unit", ""))) == unit


def totals(rows: list[dict]) -> dict:
    def s(part, key):
        return sum(r[part][key] for r in rows)
    return {"mentions": {"recall": ratio(s("mentions", "hit"), s("mentions", "gold")),
                         "precision": ratio(s("mentions", "hit"), s("mentions", "proposed"))},
            "figures": {"recall": ratio(s("figures", "hit"), s("figures", "gold"))},
            "dates": {"recall": ratio(s("dates", "hit"), s("dates", "gold")),
                      "stated_recall": ratio(s("dates", "stated_hit"), s("dates", "stated"))},
            "links": {"recall": ratio(s("links", "hit"), s("links", "gold")),
                      "precision": ratio(s("links", "hit"), s("links", "proposed"))},
            "max_seconds": max(r["seconds"] for r in rows)}


def table(rows: list[dict], tot: dict) -> str:
    head = ("| document | mentions R | mentions P | figures R | dates R (stated) | dates R (all) | links R | links P "
            "| proposals | seconds | tuning (threshold, definitions, window, support) |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    f = lambda x: "–" if x is None else f"{x:.2f}"  # noqa: E731
    for r in rows:
        m, fi, d, li = r["mentions"], r["figures"], r["dates"], r["links"]
        lines.append(f"| {r['document'][:3]} | {f(m['recall'])} ({m['hit']}/{m['gold']}) | {f(m['precision'])} "
                     f"({m['hit']}/{m['proposed']}) | {f(fi['recall'])} ({fi['hit']}/{fi['gold']}) | "
                     f"{f(d['stated_recall'])} ({d['stated_hit']}/{d['stated']}) | {f(d['recall'])} ({d['hit']}/{d['gold']}) | "
                     f"{f(li['recall'])} ({li['hit']}/{li['gold']}) | {f(li['precision'])} ({li['hit']}/{li['proposed']}) | "
                     f"{r['proposals']} | {r['seconds']:.2f} | {' '.join(str(v) for v in r['tuning'].values())} |")
    t = tot
    lines.append(f"| all | {f(t['mentions']['recall'])} | {f(t['mentions']['precision'])} | {f(t['figures']['recall'])} | "
                 f"{f(t['dates']['stated_recall'])} | {f(t['dates']['recall'])} | {f(t['links']['recall'])} | "
                 f"{f(t['links']['precision'])} | | max {t['max_seconds']:.2f} | |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--data", default=None)
    ap.add_argument("--published", default="2026-05-15")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--details", "--misses", action="store_true", help="list what was missed and what was extra")
    ap.add_argument("--fixed", action="store_true", help="score the proposer's default tuning on every document "
                    "(chosen on all of them: not held out)")
    ap.add_argument("--choose", action="store_true", help="print the tuning chosen on all the documents "
                    "(with --articles: score with the thresholds of best mention F1 on the tune part)")
    ap.add_argument("--articles", action="store_true", help="score the hand-annotated real articles "
                    "(bench/articles.json, bench/article_eval.py) instead of the corpus documents")
    ap.add_argument("--split", default="test", choices=("test", "tune", "fresh", "fresh2", "fresh3", "fresh4", "all"),
                    help="with --articles: the held-out part (test), the part rules were chosen on (tune), the parts "
                    "annotated blind by engineers who do not write the rules (fresh, fresh2, fresh3, fresh4), or all six")
    ap.add_argument("--texts", default=None, help="with --articles: the folder of article texts")
    ap.add_argument("--all-proposals", action="store_true", help="score what kg ingest --all-proposals proposes "
                    "(the key-word matches held back under the confidence floor too)")
    args = ap.parse_args()
    settings = Settings.from_env(corpus=args.corpus, data_dir=args.data or str(PROJECT_ROOT / "data"))
    if args.articles:
        from bench import article_eval
        store = store_without(settings, "")
        tuning = article_eval.choose(store, MENTION_GRID, args.texts) if args.choose else None
        result = article_eval.run(store, args.split, args.texts, tuning, everything=args.all_proposals)
        if args.json:
            print(json.dumps(result, indent=1))
        else:
            article_eval.print_report(result, args.details)
        return
    if args.choose:
        runs = Runs(settings, date.fromisoformat(args.published))
        print(choose(runs, runs.docs))
        return
    rows = evaluate(settings, date.fromisoformat(args.published), held_out=not args.fixed,
                    everything=args.all_proposals)
    tot = totals(rows)
    if args.json:
        print(json.dumps({"documents": rows, "totals": tot}, indent=1))
        return
    print(table(rows, tot))
    lk = {k: sum(r["links"][k] for r in rows) for k in ("gold", "gold_known", "hit_known", "proposed_new", "hit_new")}
    print(f"\nlinks: {lk['gold_known']} of {lk['gold']} curated links are in the rest of the graph; "
          f"{lk['hit_known']} of them found (corroborated); {lk['hit_new']} of {lk['gold'] - lk['gold_known']} new "
          f"links found, {lk['proposed_new']} new links proposed")
    if args.details:
        for r in rows:
            print(f"\n{r['document']}")
            for part in ("mentions", "figures", "dates", "links"):
                for k in ("missed", "extra"):
                    if r[part].get(k):
                        print(f"  {part} {k}: {', '.join(r[part][k])}")


if __name__ == "__main__":
    main()
