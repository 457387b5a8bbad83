"""The claims table: who claims what about what, with figures, stances and documents, paged.

``table(store, sort=, desc=, offset=, limit=)`` sorts every claim by one key (read once
per store generation: one SPARQL read per sort key) and builds rows for the shown page
only (``rows``: four SPARQL reads bound to the page's claims). ``involving(store, iri)``
gives the claims about a node and those it makes, for entity pages.
"""
from __future__ import annotations

import bisect
import hashlib
from array import array
from collections import defaultdict
from collections.abc import Sequence

from rdflib import URIRef

from kg import queries
from kg.core.namespaces import PK, SCHEMA
from kg.pages.rows import read as read_facts
from kg.index.carry import kept_unless, members_list, relabels, touches, typed_under
from kg.pages.paging import LIMIT, check, page
from kg.index.cache import per_generation
from kg.index.warm import DATA, Lasting
from kg.index.labels import index
from kg.pages.display import term
from kg.store import Store

SORTS = ("claim", "claimer", "subject", "figures", "documents", "contested", "status")
_SORT_PROPERTY = {"claimer": PK.claimer, "subject": PK.about, "status": PK.epistemicStatus, "figures": PK.hasFigure}
_DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"


def members(store: Store) -> list[str]:
    """Every claim's IRI (pk:Claim or a subclass), in IRI order."""
    def build() -> list[str]:
        return sorted({x for x, _ in store.values(queries.get("pages_kind_members"), cls=PK.Claim)})
    return per_generation(store, "claims:members", build, members_list(store, PK.Claim, set), DATA)


class _Order(Sequence):
    """Every claim in one order, as positions (4 bytes each) into ``claims``, the claims in IRI order
    (``members``, one list shared by every order), and the nodes other than claims whose labels the
    order depends on (``named``). ``x in order`` looks ``x`` up in ``claims`` by bisection."""

    def __init__(self, claims: list[str], ids: array, named: set[str]) -> None:
        self.claims, self.ids, self.named = claims, ids, named

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i):
        return [self.claims[j] for j in self.ids[i]] if isinstance(i, slice) else self.claims[self.ids[i]]

    def __iter__(self):
        return map(self.claims.__getitem__, self.ids)

    def __contains__(self, x: object) -> bool:
        i = bisect.bisect_left(self.claims, x)
        return i < len(self.claims) and self.claims[i] == x


def _digest(claims: list[str]) -> str:
    return hashlib.sha256("\n".join(claims).encode()).hexdigest()


class _Kept(Lasting):
    """An order on the shelf: its positions, the nodes it depends on and what identifies the claims
    list they point into; read back onto the current ``members`` list when it is that list."""

    def save(self, shelf, key: str, value: _Order) -> None:
        DATA.save(shelf, key, {"ids": value.ids.tolist(), "named": value.named, "claims": _digest(value.claims)})

    def load(self, shelf, key: str, store: Store) -> _Order | None:
        found = DATA.load(shelf, key, store)
        if found is None:
            return None
        claims = members(store)
        if found["claims"] != _digest(claims) or len(found["ids"]) != len(claims):
            return None     # the members changed since (a write before the first read): build it
        return _Order(claims, array("I", found["ids"]), found["named"])


def _sort_keys(store: Store, sort: str, named: set[str] | None = None) -> dict[str, object]:
    """Each claim's key for ``sort``; the nodes whose labels the keys use are added to ``named``."""
    idx = index(store)
    claims = set(members(store))
    named = set() if named is None else named
    if sort == "claim":
        return {c: idx.label(c).casefold() for c in claims}
    if sort == "documents":
        counts = {x: int(n) for x, n in store.values(queries.get("pages_graph_counts"), cls=PK.Claim)}
        return {c: counts.get(c, 0) for c in claims}
    if sort == "contested":
        contested = {o for _, o in store.values(queries.get("pages_property_values"), p=PK.contests)}
        return {c: c in contested for c in claims}
    values: dict[str, set[str]] = defaultdict(set)
    for x, o in store.values(queries.get("pages_property_values"), p=_SORT_PROPERTY[sort]):
        if x in claims:
            values[x].add(o)
    if sort == "figures":
        return {c: len(values.get(c, ())) for c in claims}
    named.update(o for os in values.values() for o in os)
    return {c: min((idx.label(o).casefold() for o in values.get(c, ())), default="\uffff") for c in claims}


def order(store: Store, sort: str) -> Sequence[str]:
    """Every claim sorted by ``sort`` (ascending; ties by label), once per generation."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r} (known: {', '.join(SORTS)})")

    def build() -> _Order:
        idx = index(store)
        claims = members(store)
        named: set[str] = set()
        keys = _sort_keys(store, sort, named)
        position = {c: i for i, c in enumerate(claims)}
        ordered = sorted(keys, key=lambda c: (keys[c], idx.label(c).casefold(), c))
        return _Order(claims, array("I", (position[c] for c in ordered)), named - set(claims))

    def advance(value: _Order, changes: list) -> _Order | None:
        return None if any(typed_under(store, c, [PK.Claim]) or touches(c, [*_SORT_PROPERTY.values(), PK.contests])
                           or relabels(c, value.named) or relabels(c, value) or any(s in value for s in c.subjects())
                           for c in changes) else value
    return per_generation(store, f"claims:order:{sort}", build, advance, _Kept())


STANCES = ("supports", "contests", "qualifies")


def filtered(store: Store, *, claimer: str | None = None, document: str | None = None,
             stance: str | None = None, contested: bool = False) -> set[str] | None:
    """The claims that pass every filter given (claimer and document by name, prefixed name or IRI,
    a document also by its identifier; ``stance`` one of
    ``STANCES``: the claim supports, contests or qualifies something; ``contested``: another claim
    contests it), or None when no filter is given. One query per filter, bound to its value."""
    if stance is not None and stance not in STANCES:
        raise ValueError(f"unknown stance {stance!r} (known: {', '.join(STANCES)})")
    from kg.index.resolve import resolve   # names, prefixed names or IRIs; Unknown / Ambiguous otherwise
    claimer = resolve(store, claimer).iri if claimer else None
    if document and ":" not in document and " " not in document:
        document = "doc:" + document        # a document's identifier, as in /documents/ID
    document = resolve(store, document).iri if document else None
    sets = []
    if claimer:
        sets.append({c for (c,) in store.values(queries.get("claims_filter"), p=PK.claimer, value=URIRef(claimer))})
    if document:
        sets.append({c for (c,) in store.values(queries.get("claims_in_document"), document=URIRef(document))})
    if stance:
        sets.append({x for x, _ in store.values(queries.get("pages_property_values"), p=PK[stance])})
    if contested:
        sets.append({o for _, o in store.values(queries.get("pages_property_values"), p=PK.contests)})
    return set.intersection(*sets) if sets else None


def _contested_count(store: Store) -> int:
    """How many claims another claim contests (once per generation)."""
    return per_generation(store, "claims:contested", lambda: sum(1 for v in _sort_keys(store, "contested").values() if v),
                          kept_unless(lambda c: typed_under(store, c, [PK.Claim]) or touches(c, [PK.contests])), DATA)


def table(store: Store, *, sort: str = "claimer", desc: bool = False, offset: int = 0, limit: int = LIMIT,
          claimer: str | None = None, document: str | None = None, stance: str | None = None,
          contested: bool = False) -> dict:
    """One page of the claims table, with the paging facts and how many claims are contested;
    ``claimer``, ``document``, ``stance`` and ``contested`` keep only the claims passing them
    (``filtered``; the table's ``filters`` says which were given)."""
    check(offset, limit)
    ordered = order(store, sort)
    if desc:
        ordered = ordered[::-1]
    kept = filtered(store, claimer=claimer, document=document, stance=stance, contested=contested)
    if kept is not None:
        ordered = [c for c in ordered if c in kept]
    shown = rows(store, ordered[offset:offset + limit])
    contested_count = _contested_count(store)
    filters = {"claimer": claimer, "document": document, "stance": stance, "contested": "1" if contested else None}
    return {"sort": sort, "dir": "desc" if desc else "asc", "sorts": SORTS, "claims": shown,
            "filters": {k: v for k, v in filters.items() if v}, "stances": STANCES,
            "contested_count": contested_count, **page(len(ordered), offset, limit)}


def involving(store: Store, iri: str, *, limit: int = LIMIT) -> dict:
    """The claims about ``iri`` and those made by it: the first ``limit`` of each, and the counts."""
    about: list[str] = []
    made: list[str] = []
    for claim, role in store.values(queries.get("claims_involving"), node=URIRef(iri)):
        (about if role == "about" else made).append(claim)
    about, made = sorted(set(about)), sorted(set(made))
    built = {r["iri"]: r for r in rows(store, sorted(set(about[:limit]) | set(made[:limit])))}

    def shown(iris: list[str]) -> list[dict]:
        return sorted((built[c] for c in iris[:limit]), key=lambda r: (r["claimer"][0]["label"].casefold()
                                                                       if r["claimer"] else "\uffff", r["label"].casefold()))
    return {"about": shown(about), "about_count": len(about), "made": shown(made), "made_count": len(made)}


def figures(store: Store, claims: list[str]) -> dict[str, list[dict]]:
    """claim IRI -> its figures, each with value (or min-max), unit, year and quantity."""
    raw: dict[tuple[str, str], dict] = {}
    if claims:
        for claim, fig, p, o in store.values(queries.get("pages_node_figures"), nodes=[URIRef(c) for c in claims]):
            raw.setdefault((claim, fig), {})[p.rsplit("/", 1)[-1].rsplit("#", 1)[-1]] = o
    out: dict[str, list[dict]] = defaultdict(list)
    for (claim, fig), f in sorted(raw.items()):
        value = f.get("value") or (f"{f['minValue']}–{f['maxValue']}" if "minValue" in f and "maxValue" in f
                                   else f.get("minValue") or f.get("maxValue") or "")
        text = " ".join(x for x in (value, f.get("unitText", "")) if x)
        if f.get("referenceYear"):
            text += f" ({f['referenceYear']})"
        out[claim].append({"iri": fig, "text": text, "quantity": f.get("quantity"), **f})
    return out


def rows(store: Store, claims: list[str]) -> list[dict]:
    """The table rows of ``claims``, in the order given."""
    if not claims:
        return []
    idx = index(store)
    nodes = [URIRef(c) for c in claims]
    known = read_facts(store, claims)
    facts, graphs = known.statements, known.graphs
    stances: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    stated = store.values(queries.get("pages_node_stances"), nodes=nodes)
    idx.prefetch([*claims, *(by for _, by, _ in stated), *(g for c in claims for g in graphs.get(c, [])),
                  *(o for f in facts.values() for os in f.values() for o in os if isinstance(o, URIRef))])
    for x, by, stance in stated:
        stances[x][stance].append(term(URIRef(by), idx))
    figs = figures(store, claims)
    out = []
    for c in claims:
        f = facts.get(c, {})
        st = stances.get(c, {})
        out.append({
            "iri": c, "label": idx.label(c),
            "text": [str(o) for o in f.get(str(SCHEMA.text), []) + f.get(_DEFINITION, [])],
            "claimer": [term(o, idx) for o in f.get(str(PK.claimer), [])],
            "about": [term(o, idx) for o in f.get(str(PK.about), [])],
            "status": [term(o, idx) for o in f.get(str(PK.epistemicStatus), [])],
            "figures": figs.get(c, []),
            "supports": [term(o, idx) for o in f.get(str(PK.supports), [])],
            "contests": [term(o, idx) for o in f.get(str(PK.contests), [])],
            "supported_by": st.get("supports", []),
            "contested_by": st.get("contests", []),
            "documents": [term(URIRef(g), idx) for g in sorted(graphs.get(c, []))],
        })
        out[-1]["contested"] = bool(out[-1]["contested_by"])
    return out
