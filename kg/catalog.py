"""The catalog pages' data: kinds with counts, documents, claims, the timeline, home.

Every function returns plain dicts and lists (JSON-ready) built from SPARQL reads; the
web layer renders them. IRIs stay strings; ``term()`` turns an rdflib term into the
small dict the templates show (``iri`` + ``label`` or ``value`` + ``datatype``/``lang``).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import URIRef

from . import queries
from .namespaces import PK, SCHEMA
from .documents import document, documents  # noqa: F401  (re-exported for the pages)
from .search import index, node, term
from .store import Store

# slug -> (title, class); the lists by kind, in the order home shows them
KINDS: dict[str, tuple[str, URIRef]] = {
    "actors": ("Actors", PK.Actor),
    "measures": ("Measures", PK.Measure),
    "pathways": ("Pathways, capabilities and outcomes", PK.Factor),
    "links": ("Causal links", PK.CausalLink),
    "claims": ("Claims", PK.Claim),
    "events": ("Events", PK.Event),
    "chips": ("Hardware: chips, equipment, data centres", PK.Hardware),
    "models": ("AI models", PK.AIModel),
    "software": ("Software", PK.Software),
    "roles": ("Roles", PK.Role),
    "scenarios": ("Scenarios", PK.Scenario),
    "reports": ("Reports", PK.Report),
    "documents": ("Source documents", PK.SourceDocument),
}


# -- kinds ---------------------------------------------------------------------------------
def kind_counts(store: Store) -> list[dict]:
    out = []
    for slug, (title, cls) in KINDS.items():
        rows = store.select(queries.get("catalog_kind_count"), cls=cls)
        out.append({"slug": slug, "title": title, "class": str(cls), "count": int(rows[0]["n"]) if rows else 0})
    return out


def kind_list(store: Store, slug: str) -> dict | None:
    """The members of one kind, with their types, the documents describing them, and subtype counts."""
    if slug not in KINDS:
        return None
    title, cls = KINDS[slug]
    idx = index(store)
    members: dict[str, dict] = {}
    for row in store.select(queries.get("catalog_kind_members"), cls=cls):
        x = str(row["x"])
        m = members.setdefault(x, {**node(x, idx), "documents": 0, "subtypes": []})
        m["subtypes"].append(idx.label(row["type"]))
    for row in store.select(queries.get("catalog_kind_graphs"), cls=cls):
        if str(row["x"]) in members:
            members[str(row["x"])]["documents"] += 1
    subtypes: dict[str, int] = defaultdict(int)
    for m in members.values():
        m["subtypes"] = sorted(set(m["subtypes"]))
        for t in m["subtypes"]:
            subtypes[t] += 1
    items = sorted(members.values(), key=lambda m: m["label"].casefold())
    return {"slug": slug, "title": title, "class": str(cls), "count": len(items),
            "subtypes": [{"label": k, "count": v} for k, v in sorted(subtypes.items(), key=lambda kv: (-kv[1], kv[0]))],
            "items": items}


def _facts(store: Store, cls: URIRef) -> dict[str, dict[str, list]]:
    facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in store.select(queries.get("catalog_kind_facts"), cls=cls):
        facts[str(row["x"])][str(row["p"])].append(row["o"])
    return facts


def _graphs(store: Store, cls: URIRef) -> dict[str, list[str]]:
    graphs: dict[str, list[str]] = defaultdict(list)
    for row in store.select(queries.get("catalog_kind_graphs"), cls=cls):
        graphs[str(row["x"])].append(str(row["g"]))
    return graphs


# -- claims --------------------------------------------------------------------------------
def figures(store: Store) -> dict[str, list[dict]]:
    """claim IRI -> its figures, each with value (or min-max), unit, year and quantity."""
    raw: dict[tuple[str, str], dict] = {}
    for row in store.select(queries.get("catalog_figures")):
        key = (str(row["claim"]), str(row["figure"]))
        raw.setdefault(key, {})[str(row["p"]).rsplit("/", 1)[-1].rsplit("#", 1)[-1]] = str(row["o"])
    out: dict[str, list[dict]] = defaultdict(list)
    for (claim, fig), f in sorted(raw.items()):
        value = f.get("value") or (f"{f['minValue']}–{f['maxValue']}" if "minValue" in f and "maxValue" in f
                                   else f.get("minValue") or f.get("maxValue") or "")
        text = " ".join(x for x in (value, f.get("unitText", "")) if x)
        if f.get("referenceYear"):
            text += f" ({f['referenceYear']})"
        out[claim].append({"iri": fig, "text": text, "quantity": f.get("quantity"), **f})
    return out


CLAIM_SORTS = ("claim", "claimer", "subject", "figures", "documents", "contested", "status")


def claims(store: Store, *, about: str | None = None, claimer: str | None = None,
           involving: str | None = None, sort: str = "claimer", desc: bool = False) -> list[dict]:
    """The claims (all, or those about one node, made by one actor, or either when
    ``involving`` is given), sorted by ``sort``."""
    idx = index(store)
    facts = _facts(store, PK.Claim)
    about_p, claimer_p = str(PK.about), str(PK.claimer)
    chosen = []
    for c in set(facts) | set(_graphs_keys(store)):
        f = facts.get(c, {})
        subjects = {str(o) for o in f.get(about_p, [])}
        claimers = {str(o) for o in f.get(claimer_p, [])}
        if about is not None and about not in subjects:
            continue
        if claimer is not None and claimer not in claimers:
            continue
        if involving is not None and involving not in subjects | claimers:
            continue
        chosen.append(c)
    if not chosen:
        return []
    graphs = _graphs(store, PK.Claim)
    figs = figures(store)
    stances: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    wanted = set(chosen)
    for row in store.select(queries.get("catalog_stances"), cls=PK.Claim):
        if str(row["x"]) in wanted:
            stances[str(row["x"])][str(row["stance"])].append(term(row["by"], idx))
    rows = []
    for c in chosen:
        f = facts.get(c, {})
        st = stances.get(c, {})
        rows.append({
            "iri": c, "label": idx.label(c),
            "text": [str(o) for o in f.get(str(SCHEMA.text), []) + f.get("http://www.w3.org/2004/02/skos/core#definition", [])],
            "claimer": [term(o, idx) for o in f.get(claimer_p, [])],
            "about": [term(o, idx) for o in f.get(about_p, [])],
            "status": [term(o, idx) for o in f.get(str(PK.epistemicStatus), [])],
            "figures": figs.get(c, []),
            "supports": [term(o, idx) for o in f.get(str(PK.supports), [])],
            "contests": [term(o, idx) for o in f.get(str(PK.contests), [])],
            "supported_by": st.get("supports", []),
            "contested_by": st.get("contests", []),
            "documents": [term(URIRef(g), idx) for g in sorted(graphs.get(c, []))],
        })
        rows[-1]["contested"] = bool(rows[-1]["contested_by"])
    return sort_claims(rows, sort, desc)


def _graphs_keys(store: Store) -> list[str]:
    return [str(r["x"]) for r in store.select(queries.get("catalog_kind_members"), cls=PK.Claim)]


def sort_claims(rows: list[dict], sort: str, desc: bool) -> list[dict]:
    def first(items: list[dict]) -> str:
        return min((i["label"].casefold() for i in items), default="\uffff")

    keys = {
        "claim": lambda r: r["label"].casefold(),
        "claimer": lambda r: first(r["claimer"]),
        "subject": lambda r: first(r["about"]),
        "status": lambda r: first(r["status"]),
        "figures": lambda r: len(r["figures"]),
        "documents": lambda r: len(r["documents"]),
        "contested": lambda r: r["contested"],
    }
    key = keys.get(sort, keys["claimer"])
    return sorted(rows, key=lambda r: (key(r), r["label"].casefold()), reverse=desc)


# -- events --------------------------------------------------------------------------------
def timeline(store: Store, *, actor: str | None = None) -> dict:
    idx = index(store)
    facts = _facts(store, PK.Event)
    graphs = _graphs(store, PK.Event)
    actors: dict[str, dict] = {}
    events = []
    for e in set(facts) | set(graphs):
        f = facts.get(e, {})
        agents = [str(o) for o in f.get(str(PK.agent), [])]
        participants = sorted(set(agents) | {str(o) for o in f.get(str(PK.participant), [])})
        for a in participants:
            actors.setdefault(a, {"iri": a, "label": idx.label(a)})
        if actor and actor not in participants:
            continue
        dates = sorted(str(o) for o in f.get(str(PK.date), []))
        events.append({
            "iri": e, "label": idx.label(e), "date": dates[0] if dates else None,
            "approximate": any(str(o).lower() == "true" for o in f.get(str(PK.dateApproximate), [])),
            "date_note": [str(o) for o in f.get(str(PK.dateNote), [])],
            "agents": [term(URIRef(a), idx) for a in agents],
            "participants": [term(URIRef(a), idx) for a in participants if a not in agents],
            "affects": [term(o, idx) for o in f.get(str(PK.affects), []) + f.get(str(PK.concerns), [])],
            "documents": [term(URIRef(g), idx) for g in sorted(graphs.get(e, []))],
        })
    events.sort(key=lambda ev: (ev["date"] is None, ev["date"] or "", ev["label"].casefold()))
    return {"actor": {"iri": actor, "label": idx.label(actor)} if actor else None, "count": len(events),
            "events": events, "actors": sorted(actors.values(), key=lambda a: a["label"].casefold())}


# -- home ----------------------------------------------------------------------------------
def example_queries(data_dir: str | Path) -> list[dict]:
    folder = Path(data_dir) / "queries"
    out = []
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first[len("# title:"):].strip() if first.startswith("# title:") else path.stem
        out.append({"name": path.stem, "title": title, "query": text})
    return out


def home(store: Store, data_dir: str | Path) -> dict:
    idx = index(store)
    measures = kind_list(store, "measures")["items"]
    factors = kind_list(store, "pathways")["items"]
    tl = timeline(store)
    dated = [e for e in tl["events"] if e["date"]]
    out_degree: dict[str, int] = defaultdict(int)
    for row in store.select(queries.get("home_causes")):
        out_degree[str(row["cause"])] = int(row["n"])
    traces = sorted((m for m in measures if out_degree.get(m["iri"])), key=lambda m: (-out_degree[m["iri"]], m["label"]))[:6]
    return {
        "counts": kind_counts(store),
        "quads": len(store),
        "measures": measures,
        "pathways": factors,
        "documents": documents(store),
        "recent_events": list(reversed(dated[-8:])),
        "example_traces": [{**m, "links": out_degree[m["iri"]]} for m in traces],
        "example_queries": [{"name": q["name"], "title": q["title"], "query": q["query"]} for q in example_queries(data_dir)],
        "label_count": len(idx.nodes),
    }

