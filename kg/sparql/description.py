"""The SPARQL 1.1 service description of the endpoint, as RDF (sd: vocabulary)."""
from __future__ import annotations

import pyoxigraph as ox

from kg.core.namespaces import RDF_TYPE
from kg.sparql import results

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
A = ox.NamedNode(RDF_TYPE)
DCT_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")

_FORMAT_IRIS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "RDF_XML", "JSON-LD"]


def service_description(endpoint: str, *, named_graphs: list[str], update_enabled: bool,
                        fmt: str = "turtle", max_graphs: int = 1000) -> bytes:
    sd = lambda local: ox.NamedNode(SD + local)
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode("dataset")
    default = ox.BlankNode("defaultGraph")
    t = [ox.Triple(service, A, sd("Service")),
         ox.Triple(service, sd("endpoint"), service),
         ox.Triple(service, DCT_TITLE, ox.Literal("policy-kg SPARQL endpoint")),
         ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
         ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
         ox.Triple(service, sd("defaultDataset"), dataset),
         ox.Triple(dataset, A, sd("Dataset")),
         ox.Triple(dataset, sd("defaultGraph"), default),
         ox.Triple(default, A, sd("Graph"))]
    if update_enabled:
        t.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    for name in _FORMAT_IRIS:
        t.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS + name)))
    for i, g in enumerate(named_graphs[:max_graphs]):
        node = ox.BlankNode(f"ng{i}")
        t += [ox.Triple(dataset, sd("namedGraph"), node), ox.Triple(node, A, sd("NamedGraph")),
              ox.Triple(node, sd("name"), ox.NamedNode(g))]
    return results.graph(fmt, [x for x in t if x is not None], {"sd": SD, "formats": FORMATS})
