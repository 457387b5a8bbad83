"""The list pages' data: kinds with counts, lists by kind, the timeline, the quad count (home: ``kg.pages.home``).

Every function returns plain dicts and lists (JSON-ready) built from SPARQL reads; the
web layer renders them. Long lists are paged: the sorted keys of a list are read once per
store generation (``kg.index.cache.per_generation``), the rows of the shown page only. IRIs stay
strings; ``term()`` turns an rdflib term into the small dict the templates show.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from rdflib import URIRef

from kg import queries
from kg.core.namespaces import PK, RDF_TYPE
from kg.pages.documents import document, documents  # noqa: F401  (re-exported for the pages)
from kg.index.carry import kept_unless, relabels, resorted, touches, typed_under
from kg.pages.rows import read as read_facts
from kg.pages.paging import LIMIT, check, page
from kg.index.cache import per_generation
from kg.index.counts import quads  # noqa: F401  (re-exported: the one quad count, kg.index.counts)
from kg.index.warm import DATA, Lasting
from kg.index.labels import LABEL_PROPERTIES, index
from kg.pages.display import node, term
from kg.store import Store

# slug -> (title, class); the lists by kind, in the order home shows them
LISTS: dict[str, tuple[str, URIRef]] = {
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
    """How many members each kind has (the lengths of the member lists, which follow writes)."""
    return [{"slug": slug, "title": title, "class": str(cls), "count": member_count(store, slug)}
            for slug, (title, cls) in LISTS.items()]


def member_count(store: Store, slug: str) -> int:
    return len(_members(store, slug)[0])


def _members(store: Store, slug: str) -> tuple[list[str], dict[str, list[str]]]:
    """The members of a kind sorted by label, and each member's types (once per generation)."""
    def build():
        idx = index(store)
        types: dict[str, list[str]] = defaultdict(list)
        for x, t in store.values(queries.get("pages_kind_members"), cls=LISTS[slug][1]):
            types[x].append(t)
        ordered = sorted(types, key=lambda x: (idx.label(x).casefold(), x))
        return _compact((ordered, {x: sorted(set(ts)) for x, ts in types.items()}))
    cls = LISTS[slug][1]

    def advance(value, changes):
        also: set[str] = set()
        if cls == PK.CausalLink:   # an unlabelled link is shown as "cause increases effect": its ends matter
            from kg.trace import causal_graph

            G = causal_graph(store)
            also = {s for c in changes for s in c.subjects([PK.cause, PK.effect, PK.polarity]) if s in value[1]}
            for n in {s for c in changes for s, p, _, _ in c.quads if p in LABEL_PROPERTIES and s in G}:
                also |= {k for _, _, k in G.in_edges(n, keys=True)} | {k for _, _, k in G.out_edges(n, keys=True)}
        return resorted(store, cls, value, changes, also)
    return per_generation(store, f"catalog:members:{slug}", build, advance, _MEMBERS)


def _compact(value: tuple[list[str], dict[str, list[str]]]) -> tuple[list[str], dict[str, list[str]]]:
    """The members and their types with nothing held twice: the dict's keys are the list's strings,
    and members with the same types share one list (about half the memory of a list read back
    from disk, where every string and list is its own)."""
    ordered, types = value
    shared: dict[tuple, list[str]] = {}
    return ordered, {x: shared.setdefault(tuple(types[x]), types[x]) for x in ordered}


class _Members(Lasting):
    def load(self, shelf, key: str, store: Store):
        found = DATA.load(shelf, key, store)
        return None if found is None else _compact(found)


_MEMBERS = _Members()


def _subtypes(store: Store, slug: str, types: dict[str, list[str]]) -> Counter:
    """How many members of a kind have each type, by the type's label (once per generation)."""
    idx, cls = index(store), LISTS[slug][1]
    return per_generation(store, f"catalog:subtypes:{slug}", lambda: Counter(
        lab for ts in types.values() for lab in {idx.label(t) for t in ts}),
        kept_unless(lambda c: typed_under(store, c, [cls]) or relabels(c, {t for ts in types.values() for t in ts})), DATA)


def kind_list(store: Store, slug: str, *, offset: int = 0, limit: int = LIMIT) -> dict | None:
    """One page of the members of a kind, with their types, the number of documents describing
    each, and subtype counts over the whole kind."""
    if slug not in LISTS:
        return None
    check(offset, limit)
    title, cls = LISTS[slug]
    idx = index(store)
    ordered, types = _members(store, slug)
    shown = ordered[offset:offset + limit]
    docs: Counter = Counter()
    if shown:
        docs.update(x for x, _ in store.values(queries.get("pages_node_graphs"), nodes=[URIRef(x) for x in shown]))
    subtypes = _subtypes(store, slug, types)
    items = []
    for x in shown:
        labels = sorted({idx.label(t) for t in types[x]})
        items.append({**node(x, idx, types[x]), "documents": docs.get(x, 0), "subtypes": labels})
    return {"slug": slug, "title": title, "class": str(cls), "items": items,
            "subtypes": [{"label": k, "count": v} for k, v in sorted(subtypes.items(), key=lambda kv: (-kv[1], kv[0]))],
            **page(len(ordered), offset, limit)}


# -- events --------------------------------------------------------------------------------
def _events(store: Store) -> list[tuple[str | None, str]]:
    """Every event as (date or None, IRI), in date order (undated last), once per generation."""
    def build():
        idx = index(store)
        dates: dict[str, str | None] = {}
        for e, d in store.values(queries.get("pages_events")):
            if e not in dates or (d is not None and (dates[e] is None or d < dates[e])):
                dates[e] = d
        return sorted(((d, e) for e, d in dates.items()), key=lambda de: (de[0] is None, de[0] or "",
                                                                           idx.label(de[1]).casefold(), de[1]))
    def advance(value, changes):
        if any(typed_under(store, c, [PK.Event]) or touches(c, [PK.date]) for c in changes):
            return None
        # a relabelled event moves among those of its date: asked of the store for the relabelled nodes, not
        # looked for among every event (a set of them all at each write)
        relabelled = sorted({s for c in changes for s in c.subjects(LABEL_PROPERTIES) if not s.startswith("_:")})
        if len(relabelled) > 5000:
            return None
        return None if any(store.values(queries.get("pages_kind_members_of"), nodes=[URIRef(n) for n in chunk], cls=PK.Event)
                           for chunk in (relabelled[i:i + 500] for i in range(0, len(relabelled), 500))) else value
    return per_generation(store, "catalog:events", build, advance, DATA)


class _Actors(list):
    """The timeline's actors, and every actor counted (whose labels decide the order)."""
    counted: set[str]


def _timeline_actors(store: Store, n: int = 100) -> list[dict]:
    """The actors taking part in the most events (for the timeline's filter)."""
    def build():
        idx = index(store)
        counts = Counter(a for a, _ in store.values(queries.get("pages_event_actors")))
        top = sorted(counts, key=lambda a: (-counts[a], idx.label(a).casefold()))[:n]
        out = _Actors(sorted(({"iri": a, "label": idx.label(a), "events": counts[a]} for a in top),
                             key=lambda a: a["label"].casefold()))
        out.counted = set(counts)
        return out

    def advance(value: _Actors, changes: list):
        return None if any(typed_under(store, c, [PK.Event]) or touches(c, [PK.agent, PK.participant])
                           or relabels(c, value.counted) for c in changes) else value
    return per_generation(store, "catalog:timeline_actors", build, advance, _ACTORS)


_ACTORS = Lasting(classes=(_Actors,))


def _causes(store: Store) -> dict[str, int]:
    """How many causal links leave each cause (the home page's example traces); after a write,
    the counts of the causes it touched are read again."""
    def advance(counts: dict[str, int], changes: list) -> dict[str, int] | None:
        link = str(PK.CausalLink)
        causes = {o for c in changes for s, p, o, _ in c.quads if p == str(PK.cause)}
        typed = sorted({s for c in changes for s, p, o, _ in c.quads if p == RDF_TYPE and o == link})
        if typed:
            causes |= {x for x, in store.values(queries.get("causes_of_links"), nodes=[URIRef(t) for t in typed])}
        if not causes:
            return counts
        if any(x.startswith("_:") for x in causes) or len(causes) > 5000:
            return None
        found = {x: int(n) for x, n in store.values(queries.get("home_causes_of"), nodes=[URIRef(x) for x in sorted(causes)])}
        return {**{x: n for x, n in counts.items() if x not in causes}, **found}
    return per_generation(store, "catalog:causes", lambda: {c: int(n) for c, n in store.values(queries.get("home_causes"))},
                          advance, DATA)


def event_rows(store: Store, events: list[str]) -> list[dict]:
    idx = index(store)
    if not events:
        return []
    known = read_facts(store, events)
    facts, graphs = known.statements, known.graphs
    out = []
    for e in events:
        f = facts.get(e, {})
        agents = sorted({str(o) for o in f.get(str(PK.agent), [])})
        participants = sorted({str(o) for o in f.get(str(PK.participant), [])} - set(agents))
        dates = sorted(str(o) for o in f.get(str(PK.date), []))
        out.append({
            "iri": e, "label": idx.label(e), "date": dates[0] if dates else None,
            "approximate": any(str(o).lower() == "true" for o in f.get(str(PK.dateApproximate), [])),
            "date_note": [str(o) for o in f.get(str(PK.dateNote), [])],
            "agents": [term(URIRef(a), idx) for a in agents],
            "participants": [term(URIRef(a), idx) for a in participants],
            "affects": [term(o, idx) for o in f.get(str(PK.affects), []) + f.get(str(PK.concerns), [])],
            "documents": [term(URIRef(g), idx) for g in sorted(graphs.get(e, []))],
        })
    return out


def timeline(store: Store, *, actor: str | None = None, offset: int = 0, limit: int = LIMIT) -> dict:
    """One page of the events in date order (of one actor's events when ``actor`` is given)."""
    check(offset, limit)
    idx = index(store)
    ordered = [e for _, e in _events(store)]
    if actor:
        mine = {e for e, in store.values(queries.get("pages_actor_events"), node=URIRef(actor))}
        ordered = [e for e in ordered if e in mine]
    return {"actor": {"iri": actor, "label": idx.label(actor)} if actor else None,
            "events": event_rows(store, ordered[offset:offset + limit]),
            "actors": _timeline_actors(store), **page(len(ordered), offset, limit)}
