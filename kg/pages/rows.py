"""The facts a table row shows, read for one page of nodes at a time (claims, events).

``read(store, iris)`` gives, per node, its selected statements (``pages_node_facts.rq``:
claimers, subjects, dates, participants, ...) as ``{property IRI: [rdflib terms]}`` and the
document graphs describing it: two SPARQL reads bound to the page's nodes.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef

from kg import queries
from kg.store import Store


@dataclass
class Facts:
    statements: dict[str, dict[str, list]]   # node -> property IRI -> objects
    graphs: dict[str, list[str]]             # node -> document graphs describing it

    def of(self, node: str, prop: object) -> list:
        return self.statements.get(node, {}).get(str(prop), [])


def read(store: Store, iris: list[str]) -> Facts:
    statements: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    graphs: dict[str, list[str]] = defaultdict(list)
    if iris:
        nodes = [URIRef(i) for i in iris]
        for row in store.select(queries.get("pages_node_facts"), nodes=nodes):
            statements[str(row["x"])][str(row["p"])].append(row["o"])
        for x, g in store.values(queries.get("pages_node_graphs"), nodes=nodes):
            graphs[x].append(g)
    return Facts(statements, graphs)
