"""Who says what, document by document (data/README.md, "Claims and attribution").

A ``pk:Claim`` node is one act of saying: every document graph that describes it states its
``pk:claimer`` and ``pk:epistemicStatus`` there, and all those graphs agree on both. When
documents attribute a statement to different people, or give it a different stance (a
warning in one, an assertion in another), each reading is its own claim node, and the
nodes are joined by ``prov:alternateOf``. Without this the union of the graphs would show
one claim with two claimers or two stances and no way to tell which document says which.

Also: a claim never both ``pk:qualifies`` and ``pk:contests`` the same target in one graph.
"""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from kg.core.namespaces import PK, PK_IRI, curie
from kg.validate.problems import Problem, show_term
from kg.validate.datafiles import CATALOG, DataFile

QUALIFIES = URIRef(PK_IRI + "qualifies")


def _shown(values: set) -> str:
    return ", ".join(sorted(curie(str(v)) for v in values)) or "none"


def _claims(g: Graph) -> set:
    return {c for c in g.subjects(RDF.type, PK.Claim) if isinstance(c, URIRef)}


def attribution_problems(files: list[DataFile]) -> list[Problem]:
    problems: list[Problem] = []
    # claim -> [(file, graph, claimers, statuses)]
    seen: dict[URIRef, list[tuple[str, URIRef, frozenset, frozenset]]] = {}
    for f in files:
        for name, g in f.graphs.items():
            if name == CATALOG:
                continue
            where = f"in graph {curie(str(name))}"
            for claim in sorted(_claims(g), key=str):
                claimers = frozenset(g.objects(claim, PK.claimer))
                statuses = frozenset(g.objects(claim, PK.epistemicStatus))
                missing = [p for p, v in (("pk:claimer", claimers), ("pk:epistemicStatus", statuses)) if not v]
                if missing:
                    problems.append(Problem(f.name, show_term(claim, g), f"claim without {' and '.join(missing)} "
                                            f"{where}: each document graph describing a claim says who makes it "
                                            "and how (per-document attribution)", "attribution"))
                seen.setdefault(claim, []).append((f.name, name, claimers, statuses))
                both = set(g.objects(claim, QUALIFIES)) & set(g.objects(claim, PK.contests))
                for target in sorted(both, key=str):
                    problems.append(Problem(f.name, show_term(claim, g), f"both qualifies and contests "
                                            f"{show_term(target)} {where}: a qualification grants its target, "
                                            "a contest disputes it; keep one", "attribution"))
            for a, b in g.subject_objects(PROV.alternateOf):
                if a == b:
                    problems.append(Problem(f.name, show_term(a, g), "prov:alternateOf points at itself", "attribution"))
    for claim, uses in sorted(seen.items(), key=lambda kv: str(kv[0])):
        stated = [u for u in uses if u[2] or u[3]]
        for kind, idx in (("pk:claimer", 2), ("pk:epistemicStatus", 3)):
            readings = {u[idx] for u in stated if u[idx]}
            if len(readings) < 2:
                continue
            per_graph = "; ".join(f"{curie(str(u[1]))}: {_shown(u[idx])}" for u in stated if u[idx])
            for u in stated:
                problems.append(Problem(u[0], curie(str(claim)), f"documents disagree on the {kind} of this claim "
                                        f"({per_graph}): give each reading its own claim node and join them "
                                        "with prov:alternateOf", "attribution"))
    return problems
