"""What the proposer knows of the graph: every node's labels and aliases (as token sequences in
the normal form of ``kg.curation.propose.text``), its types and kind, and the causal links.

``Lexicon.from_store(store)`` reads it with two SPARQL queries (``review_lexicon``,
``review_links``); the label matcher then finds every known name in a text in one pass.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from kg import queries
from kg.core.namespaces import PK
from kg.store import Store
from kg.curation.propose.aliases import demonym_variants, initials
from kg.curation.propose.text import Token, tokens

ONTOLOGY_GRAPH = "https://w3id.org/policy-kg/ns"
# kinds of node a document mentions by name; claims, links, figures, events, documents and
# roles are statements about things, not things named in the text
SKIPPED = {str(PK[c]) for c in ("Claim", "CausalLink", "Figure", "Event", "SourceDocument", "Role")}
CAUSAL = {str(PK[c]) for c in ("Measure", "PolicyPackage", "Pathway", "Capability", "Outcome", "Factor")}
ACTOR = {str(PK[c]) for c in ("Actor", "State", "Coalition", "Administration", "GovernmentBody", "Company",
                              "AILab", "Publisher", "Person", "ActorGroup")}
_LEADING = {"the", "a", "an"}
VARIANT = "variant"     # the prop of a name generated from a label (``kg.curation.propose.aliases``)
PROP_RANK = {str(SKOS.prefLabel): 0, str(RDFS.label): 1, str(SKOS.altLabel): 2, VARIANT: 3}


@dataclass
class Name:
    iri: str
    label: str            # the label or alias as written in the graph
    prop: str             # skos:prefLabel, skos:altLabel or rdfs:label
    norms: tuple[str, ...]
    exact_case: bool      # a short all-caps alias ("US", "SME") matches only in capitals


@dataclass
class Node:
    iri: str
    label: str
    types: list[str] = field(default_factory=list)

    @property
    def causal(self) -> bool:
        return any(t in CAUSAL for t in self.types)

    @property
    def actor(self) -> bool:
        return any(t in ACTOR for t in self.types)


@dataclass
class Link:
    iri: str
    cause: str
    effect: str
    polarity: str   # "+" or "-"
    support: int


class Lexicon:
    def __init__(self, nodes: dict[str, Node], names: list[Name], links: list[Link],
                 definitions: dict[str, str] | None = None, members: dict[str, set[str]] | None = None,
                 authored: dict[str, list[str]] | None = None) -> None:
        self.nodes = nodes
        self.authored = authored or {}          # author IRI -> the reports they wrote (schema:author)
        self.names = names + variants(names)
        self.links = links
        self.definitions = definitions or {}    # node IRI -> its skos:definition (the first, by text)
        self.members = members or {}            # policy package IRI -> its measures (pk:hasMeasure)
        self.by_first: dict[str, list[Name]] = defaultdict(list)
        for n in self.names:
            self.by_first[n.norms[0]].append(n)
        for bucket in self.by_first.values():
            bucket.sort(key=lambda n: (-len(n.norms), PROP_RANK.get(n.prop, 9), n.iri))
        self.link_by_ends = {(l.cause, l.effect, l.polarity): l for l in links}
        self.known_norms = {" ".join(n.norms) for n in self.names}

    @classmethod
    def from_store(cls, store: Store) -> "Lexicon":
        nodes: dict[str, Node] = {}
        labels: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for node, prop, label, typ in store.values(queries.get("review_lexicon"), ontology=URIRef(ONTOLOGY_GRAPH)):
            n = nodes.setdefault(node, Node(node, label))
            if typ and typ not in n.types:
                n.types.append(typ)
            labels[node].add((prop, label))
            if prop == str(SKOS.prefLabel):
                n.label = label
        names = []
        for iri, node in list(nodes.items()):
            if not node.types or any(t in SKIPPED for t in node.types):
                del nodes[iri]
                continue
            for prop, label in sorted(labels[iri]):
                name = make_name(iri, label, prop)
                if name is not None:
                    names.append(name)
        sign = {str(PK.Positive): "+", str(PK.Negative): "-"}
        links = [Link(l, c, e, sign.get(p, "?"), int(s)) for l, c, e, p, s in store.values(queries.get("review_links"))]
        definitions: dict[str, str] = {}
        for node, text in sorted(store.values(queries.get("review_definitions"), ontology=URIRef(ONTOLOGY_GRAPH))):
            if node in nodes and text:
                definitions.setdefault(node, text)
        members: dict[str, set[str]] = defaultdict(set)
        for package, measure in store.values(queries.get("review_packages")):
            if package in nodes and measure in nodes:
                members[package].add(measure)
        authored: dict[str, list[str]] = defaultdict(list)
        for report, author in sorted(store.values(queries.get("review_authors"))):
            if report in nodes:
                authored[author].append(report)
        return cls(nodes, names, links, definitions, dict(members), dict(authored))

    def extended(self, extra: list[Name]) -> "Lexicon":
        """This lexicon with more names (a document's acronyms, what reviewers taught)."""
        return Lexicon(self.nodes, self.names + extra, self.links, self.definitions, self.members, self.authored)

    # -- matching ---------------------------------------------------------------------------
    def find(self, toks: list[Token]) -> list[tuple[int, int, Name]]:
        """Every known name in ``toks``, longest first and not overlapping: (first token, last
        token + 1, name)."""
        found = []
        i = 0
        while i < len(toks):
            best = None
            for name in self.by_first.get(toks[i].norm, ()):
                k = len(name.norms)
                if i + k > len(toks) or tuple(t.norm for t in toks[i:i + k]) != name.norms:
                    continue
                if name.exact_case and not all(t.text.isupper() for t in toks[i:i + k]):
                    continue
                if k > 1 and toks[i + k - 1].start - toks[i].end > 4 * k + 20:
                    continue
                best = name
                break
            if best is None:
                i += 1
                continue
            found.append((i, i + len(best.norms), best))
            i += len(best.norms)
        return found

    def candidates(self, iri_first: Name) -> list[str]:
        """Every node bearing the same name (an ambiguous label)."""
        return sorted({n.iri for n in self.by_first.get(iri_first.norms[0], ()) if n.norms == iri_first.norms})


def make_name(iri: str, label: str, prop: str) -> Name | None:
    toks = tokens(label)
    while toks and toks[0].norm in _LEADING and len(toks) > 1:
        toks = toks[1:]
    if not toks:
        return None
    norms = tuple(t.norm for t in toks)
    letters = "".join(t.text for t in toks)
    exact = letters.isupper() and len(letters) <= 4
    if len(norms) == 1 and len(norms[0]) < 2:
        return None
    return Name(iri, label, prop, norms, exact)


def variants(names: list[Name]) -> list[Name]:
    """Names generated from the given ones: demonym swaps and the initials of long capitalised
    names (``kg.curation.propose.aliases``), each once and never one a node already has."""
    have = {(n.iri, n.norms) for n in names}
    out = []
    for n in names:
        if n.prop == VARIANT:
            continue
        forms = [(v, False) for v in demonym_variants(n.norms)]
        acr = initials(tokens(n.label))
        if acr:
            forms.append(((acr.lower(),), True))
        for norms, exact in forms:
            if (n.iri, norms) not in have:
                have.add((n.iri, norms))
                out.append(Name(n.iri, n.label, VARIANT, norms, exact))
    return out

