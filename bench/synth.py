"""A synthetic policy graph of the same shape as the curated one, at any size.

Shape (see data/README.md and ontology/policy-kg.ttl): one named graph per source
document plus a catalog graph; actors (states, companies, labs, people), measures with
status, proposer and targets, chips with makers, dated events, claims with claimers,
stances (supports / contests) and figures, a causal layer of pathways, capabilities and
outcomes joined by causal-link nodes (cause, effect, polarity, mechanism) each with its
shortcut triple (pk:increases / pk:decreases), scenarios, and evidence anchors
(oa:SpecificResource + TextPositionSelector + SHA-256) on every described subject.
An entity described by several documents is stated again in each of their graphs.
A few hub entities (two states and a chipmaker) collect about 1,000 statements each.

    python -m bench.synth --quads 100000 --out /tmp/synth-100k.nq

writes N-Quads (streamed, with progress) and ``<out>.meta.json`` naming the entities the
benchmark queries: a typical measure (about 15 statements), the biggest hub and a rare
word for the label search, plus a typical measure with causal links out (``typical_cause``,
for trace pages), a capability with the median number of links in (``typical_target``) and a
document id (``typical_document``, not document 0, which describes every actor and factor).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

PK = "https://w3id.org/policy-kg/ns#"
ID = "https://w3id.org/policy-kg/id/"
DOC = ID + "doc/"
EV = ID + "evidence/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
XSD = "http://www.w3.org/2001/XMLSchema#"

HUB_DEGREE = 1000
SEARCH_WORD = "lithography"   # appears in few labels: the label search scans them all

WORDS = ("export advanced compute access cloud frontier model training inference chip memory bandwidth "
         "licence screening audit reporting threshold subsidy tariff talent visa research safety security "
         "smuggling diversion distillation weights datacentre energy grid fabrication packaging supply chain "
         "allied domestic foreign open closed evaluation incident disclosure procurement investment").split()
STATUSES = ["Recommended", "Enacted", "Expanded", "PartiallyRelaxed", "Hypothetical"]
EPISTEMIC = ["Assertion", "Forecast", "Estimate", "Allegation", "Recommendation", "Warning", "Opinion"]


def iri(x: str) -> str:
    return f"<{x}>"


def lit(text: str, lang: str | None = "en") -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{esc}"@{lang}' if lang else f'"{esc}"'


def typed(value: object, dt: str) -> str:
    return f'"{value}"^^<{XSD}{dt}>'


class Writer:
    """Streams N-Quads, counting quads and statements per entity (as subject or object)."""

    def __init__(self, out, progress_every: int, target: int) -> None:
        self.out = out
        self.n = 0
        self.degree: Counter[str] = Counter()
        self.progress_every = progress_every
        self.target = target
        self.started = time.monotonic()

    def quad(self, s: str, p: str, o: str, g: str) -> None:
        self.out.write(f"{s} {p} {o} {g} .\n")
        self.n += 1
        if s[0] == "<":
            self.degree[s[1:-1]] += 1
        if o.startswith("<" + ID):
            self.degree[o[1:-1]] += 1
        if self.n % self.progress_every == 0:
            rate = self.n / max(time.monotonic() - self.started, 1e-9)
            print(f"  synth: {self.n:,}/{self.target:,} quads ({rate:,.0f}/s)", file=sys.stderr, flush=True)


class Synth:
    def __init__(self, quads: int, seed: int = 7) -> None:
        self.target = quads
        self.rng = random.Random(seed)
        r = self.rng
        n = max(quads, 2000)
        self.states = [f"{ID}state-{i:03d}" for i in range(30)]
        self.hubs = [f"{ID}state-china", f"{ID}company-nvidia", f"{ID}state-us"]
        self.companies = [f"{ID}company-{i:05d}" for i in range(max(10, n // 2500))]
        self.people = [f"{ID}person-{i:05d}" for i in range(max(10, n // 2000))]
        self.pathways = [f"{ID}pathway-{i:05d}" for i in range(max(5, n // 2500))]
        self.capabilities = [f"{ID}capability-{i:05d}" for i in range(max(5, n // 2500))]
        self.outcomes = [f"{ID}outcome-{i:04d}" for i in range(max(3, n // 10000))]
        self.actors = self.states + self.companies + self.people
        # hub budget: how many more statements may point at each hub
        self.hub_left = {h: HUB_DEGREE for h in self.hubs}
        self.n_docs = max(5, n // 2000)
        self.measures: list[str] = []
        self.links: list[str] = []
        self.claims: list[str] = []
        self.chips: list[str] = []
        self.described: dict[str, int] = {}
        # causal links out of / into each node (bookkeeping only: never draws from the rng)
        self.links_out: Counter[str] = Counter()
        self.links_in: Counter[str] = Counter()
        _ = r

    # -- helpers ---------------------------------------------------------------------------
    def label(self, *extra: str) -> str:
        words = self.rng.sample(WORDS, 3)
        if self.rng.random() < 0.004:
            words[1] = SEARCH_WORD
        return " ".join([*extra, *words]).strip().capitalize()

    def pick_actor(self, hub_share: float = 0.5) -> str:
        """A random actor, or (with probability ``hub_share``) the first hub that still has budget,
        so that hubs fill one after another and the first reaches its ~1,000 statements even in a small graph."""
        if self.rng.random() < hub_share:
            for h, left in self.hub_left.items():
                if left > 0:
                    self.hub_left[h] -= 1
                    return h
        return self.rng.choice(self.actors)

    def factor(self, layer: int) -> str:
        pool = (self.pathways, self.capabilities, self.outcomes)[layer]
        return self.rng.choice(pool)

    # -- output ----------------------------------------------------------------------------
    def write(self, path: Path, progress_every: int = 100_000) -> dict:
        with path.open("w", encoding="utf-8", buffering=1 << 20) as out:
            w = Writer(out, progress_every, self.target)
            self.w = w
            self._catalog()
            self._fixed_entities()
            doc_i = 0
            while w.n < self.target:
                self._document(doc_i)
                doc_i += 1
        return self._meta(path, doc_i)

    def _catalog(self) -> None:
        g = iri(ID + "graph-catalog")
        q = self.w.quad
        for i in range(self.n_docs):
            d = iri(f"{DOC}synth-{i:05d}")
            q(d, iri(RDF_TYPE), iri(PK + "SourceDocument"), g)
            q(d, iri(DCT + "title"), lit(self.label("Report on"), None), g)
            q(d, iri(DCT + "identifier"), lit(f"synth-{i:05d}", None), g)
            q(d, iri(PK + "sha256"), lit(hashlib.sha256(str(i).encode()).hexdigest(), None), g)
            q(d, iri(SCHEMA + "publisher"), iri(self.rng.choice(self.companies)), g)

    def _fixed_entities(self) -> None:
        """Actors, factors and hubs: described once each, in the catalog-like 'actors' graph of document 0."""
        g = iri(f"{DOC}synth-00000")
        q = self.w.quad
        kinds = ([(s, "State") for s in self.states] + [(c, "Company" if i % 3 else "AILab") for i, c in enumerate(self.companies)]
                 + [(p, "Person") for p in self.people] + [(f, "Pathway") for f in self.pathways]
                 + [(f, "Capability") for f in self.capabilities] + [(f, "Outcome") for f in self.outcomes]
                 + [(self.hubs[0], "State"), (self.hubs[1], "Company"), (self.hubs[2], "State")])
        for n, (e, kind) in enumerate(kinds):
            s = iri(e)
            q(s, iri(RDF_TYPE), iri(PK + kind), g)
            q(s, iri(SKOS + "prefLabel"), lit(self.label(kind)), g)
            if kind in ("Company", "AILab", "Person"):
                q(s, iri(PK + "basedIn"), iri(self.rng.choice(self.states)), g)
            q(s, iri(PK + "evidence"), iri(f"{EV}synth-00000-a{n}"), g)
            self._anchor(f"{EV}synth-00000-a{n}", 0, g)

    def _anchor(self, a: str, doc: int, g: str) -> None:
        q = self.w.quad
        sel = f"_:s{self.w.n}"
        start = self.rng.randrange(0, 50_000)
        q(iri(a), iri(RDF_TYPE), iri(OA + "SpecificResource"), g)
        q(iri(a), iri(OA + "hasSource"), iri(f"{DOC}synth-{doc:05d}"), g)
        q(iri(a), iri(OA + "hasSelector"), sel, g)
        q(sel, iri(RDF_TYPE), iri(OA + "TextPositionSelector"), g)
        q(sel, iri(OA + "start"), typed(start, "integer"), g)
        q(sel, iri(OA + "end"), typed(start + self.rng.randrange(40, 400), "integer"), g)

    def _document(self, i: int) -> None:
        """One document's graph: a handful of measures, links, claims, events and chips, each with an anchor.
        Some things it states were already stated by an earlier document (shared facts)."""
        doc = i % self.n_docs
        g = iri(f"{DOC}synth-{doc:05d}")
        r = self.rng
        anchors = 0

        def anchor_for(s: str) -> None:
            nonlocal anchors
            a = f"{EV}synth-{doc:05d}-{i}-{anchors}"
            anchors += 1
            self.w.quad(iri(s), iri(PK + "evidence"), iri(a), g)
            self._anchor(a, doc, g)

        q = self.w.quad
        for _ in range(3):
            self._measure(g, anchor_for)
        for _ in range(4):
            self._link(g, anchor_for)
        for _ in range(4):
            self._claim(g, anchor_for)
        for _ in range(3):
            e = f"{ID}event-{i:06d}-{_}"
            q(iri(e), iri(RDF_TYPE), iri(PK + "Event"), g)
            q(iri(e), iri(SKOS + "prefLabel"), lit(self.label("Event:")), g)
            q(iri(e), iri(PK + "date"), typed(f"20{r.randrange(15, 27)}-{r.randrange(1, 13):02d}-{r.randrange(1, 29):02d}", "date"), g)
            q(iri(e), iri(PK + "agent"), iri(self.pick_actor()), g)
            if self.measures:
                q(iri(e), iri(PK + "affects"), iri(r.choice(self.measures)), g)
            anchor_for(e)
        if r.random() < 0.5:
            c = f"{ID}chip-{len(self.chips):05d}"
            self.chips.append(c)
            q(iri(c), iri(RDF_TYPE), iri(PK + "Chip"), g)
            q(iri(c), iri(SKOS + "prefLabel"), lit(self.label("Chip")), g)
            maker = self.hubs[1] if self.hub_left[self.hubs[1]] > 0 and r.random() < 0.5 else r.choice(self.companies)
            if maker == self.hubs[1]:
                self.hub_left[maker] -= 1
            q(iri(c), iri(PK + "madeBy"), iri(maker), g)
            anchor_for(c)
        if i % 50 == 0 and self.measures:
            s = f"{ID}scenario-{i:06d}"
            q(iri(s), iri(RDF_TYPE), iri(PK + "Scenario"), g)
            q(iri(s), iri(SKOS + "prefLabel"), lit(self.label("Scenario")), g)
            q(iri(s), iri(PK + "horizon"), typed(2030, "gYear"), g)
            for m in r.sample(self.measures, min(5, len(self.measures))):
                q(iri(s), iri(PK + "measureInForce"), iri(m), g)
            anchor_for(s)

    def _measure(self, g: str, anchor_for) -> None:
        r, q = self.rng, self.w.quad
        if self.measures and r.random() < 0.3:
            m = r.choice(self.measures)          # a second document states the same measure
        else:
            m = f"{ID}measure-{len(self.measures):06d}"
            self.measures.append(m)
        s = iri(m)
        q(s, iri(RDF_TYPE), iri(PK + "Measure"), g)
        q(s, iri(SKOS + "prefLabel"), lit(self.label("Measure:")), g)
        if r.random() < 0.5:
            q(s, iri(SKOS + "altLabel"), lit(self.label()), g)
        q(s, iri(SKOS + "definition"), lit(self.label("Requires") + " " + " ".join(r.sample(WORDS, 8))), g)
        q(s, iri(PK + "status"), iri(PK + r.choice(STATUSES)), g)
        q(s, iri(PK + "proposedBy"), iri(self.pick_actor(0.1)), g)
        for _ in range(r.randrange(1, 3)):
            q(s, iri(PK + "targets"), iri(self.pick_actor()), g)
        if self.chips and r.random() < 0.5:
            q(s, iri(PK + "concerns"), iri(r.choice(self.chips)), g)
        anchor_for(m)

    def _link(self, g: str, anchor_for) -> None:
        r, q = self.rng, self.w.quad
        layer = r.randrange(0, 3)   # 0: measure -> pathway, 1: pathway -> capability, 2: capability -> outcome
        if layer == 0 and self.measures:
            cause, effect = r.choice(self.measures), self.factor(0)
        elif layer == 1:
            cause, effect = self.factor(0), self.factor(1)
        else:
            cause, effect = self.factor(1), self.factor(2)
        if r.random() < 0.03:     # a few feedback loops
            cause, effect = self.factor(2), self.factor(0)
        pos = r.random() < 0.6
        link = f"{ID}link-{len(self.links):06d}"
        self.links.append(link)
        s = iri(link)
        q(s, iri(RDF_TYPE), iri(PK + "CausalLink"), g)
        q(s, iri(PK + "cause"), iri(cause), g)
        q(s, iri(PK + "effect"), iri(effect), g)
        q(s, iri(PK + "polarity"), iri(PK + ("Positive" if pos else "Negative")), g)
        q(s, iri(PK + "mechanism"), lit(self.label("Because"), None), g)
        q(iri(cause), iri(PK + ("increases" if pos else "decreases")), iri(effect), g)
        self.links_out[cause] += 1
        self.links_in[effect] += 1
        anchor_for(link)

    def _claim(self, g: str, anchor_for) -> None:
        r, q = self.rng, self.w.quad
        c = f"{ID}claim-{len(self.claims):06d}"
        s = iri(c)
        q(s, iri(RDF_TYPE), iri(PK + "Claim"), g)
        q(s, iri(SKOS + "prefLabel"), lit(self.label("Claim:")), g)
        q(s, iri(PK + "claimer"), iri(self.pick_actor(0.1)), g)
        q(s, iri(PK + "about"), iri(self.pick_actor() if r.random() < 0.5 or not self.measures else r.choice(self.measures)), g)
        q(s, iri(PK + "epistemicStatus"), iri(PK + r.choice(EPISTEMIC)), g)
        if self.claims and r.random() < 0.3:
            q(s, iri(PK + r.choice(["supports", "contests"])), iri(r.choice(self.claims + self.links[-50:])), g)
        if r.random() < 0.3:
            f = iri(c + "-figure")
            q(s, iri(PK + "hasFigure"), f, g)
            q(f, iri(RDF_TYPE), iri(PK + "Figure"), g)
            q(f, iri(PK + "quantity"), lit(self.label(), None), g)
            q(f, iri(SCHEMA + "value"), typed(r.randrange(1, 10_000), "decimal"), g)
            q(f, iri(SCHEMA + "unitText"), lit("units", None), g)
        self.claims.append(c)
        anchor_for(c)

    def _meta(self, path: Path, docs: int) -> dict:
        deg = self.w.degree
        # typical: a measure with causal links out, closest to 15 statements
        causes = {m for m in self.measures if deg[m] >= 8}
        typical = min(sorted(causes), key=lambda m: (abs(deg[m] - 15), m)) if causes else self.measures[0]
        hub = max(self.hubs, key=lambda h: deg[h])
        # typical cause: a measure with causal links out (what the trace starts from), closest to 15 statements
        traced = sorted(m for m in self.measures if self.links_out[m] > 0)
        typical_cause = min(traced, key=lambda m: (abs(deg[m] - 15), m)) if traced else typical
        # typical target: the capability with the median number of causal links into it (for /trace?to=)
        caps = sorted(self.capabilities, key=lambda c: (self.links_in[c], c))
        typical_target = caps[len(caps) // 2]
        meta = {
            "file": str(path), "quads": self.w.n, "documents": self.n_docs, "document_passes": docs,
            "typical_entity": typical, "typical_statements": deg[typical],
            "hub_entity": hub, "hub_statements": deg[hub],
            "hubs": {h: deg[h] for h in self.hubs},
            "search_word": SEARCH_WORD,
            "typical_cause": typical_cause, "typical_cause_statements": deg[typical_cause],
            "typical_cause_links_out": self.links_out[typical_cause],
            "typical_target": typical_target, "typical_target_links_in": self.links_in[typical_target],
            "typical_document": "synth-00001" if self.n_docs > 1 else "synth-00000",
            "counts": {"measures": len(self.measures), "links": len(self.links), "claims": len(self.claims),
                       "chips": len(self.chips), "actors": len(self.actors), "factors":
                       len(self.pathways) + len(self.capabilities) + len(self.outcomes)},
            "seconds": round(time.monotonic() - self.w.started, 2),
        }
        return meta


def generate(quads: int, out: Path, seed: int = 7) -> dict:
    """Write about ``quads`` quads of N-Quads to ``out`` (reused when its meta file matches) and return the meta."""
    meta_path = out.with_suffix(out.suffix + ".meta.json")
    if out.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text())
        if meta.get("target") == quads and meta.get("seed") == seed and "typical_cause" in meta:
            print(f"  synth: reusing {out} ({meta['quads']:,} quads)", file=sys.stderr)
            return meta
    print(f"  synth: writing about {quads:,} quads to {out}", file=sys.stderr, flush=True)
    meta = Synth(quads, seed).write(out, progress_every=max(10_000, quads // 10))
    meta.update(target=quads, seed=seed)
    meta_path.write_text(json.dumps(meta, indent=1))
    print(f"  synth: {meta['quads']:,} quads in {meta['seconds']} s; typical {meta['typical_entity']} "
          f"({meta['typical_statements']} statements), hub {meta['hub_entity']} ({meta['hub_statements']})",
          file=sys.stderr, flush=True)
    return meta


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quads", type=int, default=100_000)
    ap.add_argument("--out", type=Path, required=True, help="N-Quads file to write")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    print(json.dumps(generate(args.quads, args.out, args.seed), indent=1))


if __name__ == "__main__":
    main()
