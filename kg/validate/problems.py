"""What validation reports: one ``Problem`` per thing to fix, naming the file, the node and the problem."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.core.namespaces import curie
from kg.core.settings import PROJECT_ROOT

# Kinds of problem, in the order a report lists them.
PLAIN_TYPES = (XSD.integer, XSD.decimal, XSD.double, XSD.boolean)
PROBLEM_KINDS = ("parse", "structure", "unknown-term", "shacl", "causal", "attribution", "evidence", "offset", "moved",
                 "hash", "corpus", "behind", "journal")


@dataclass(frozen=True)
class Problem:
    file: str       # the data file to fix (relative to the project when inside it)
    node: str       # the node, as a prefixed name; "" when the problem is the whole file
    message: str    # what is wrong and what is expected
    kind: str       # one of PROBLEM_KINDS

    def line(self) -> str:
        where = f"{self.file}: {self.node}" if self.node else self.file
        return f"{where}: {self.message} [{self.kind}]"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def sort_key(p: Problem) -> tuple:
    return (p.file, PROBLEM_KINDS.index(p.kind) if p.kind in PROBLEM_KINDS else len(PROBLEM_KINDS), p.node, p.message)


def show_path(path: Path | str) -> str:
    """A path relative to the project when it lies inside it, else as given."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def show_term(term: Node | None, graph: Graph | None = None, depth: int = 0) -> str:
    """A readable name for a node: a prefixed name, a short literal, or for a blank node
    the property and subject it hangs from (``[oa:hasSelector of ev:003-12]``)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(str(term))
    if isinstance(term, Literal):
        if term.datatype in PLAIN_TYPES and not term.ill_typed:
            return str(term)
        text = term.n3()
        if term.datatype:
            text = text.replace(f"<{term.datatype}>", curie(str(term.datatype)))
        return text if len(text) <= 90 else text[:87] + "..."
    if isinstance(term, BNode) and graph is not None and depth < 3:
        for s, p in graph.subject_predicates(term):
            return f"[{curie(str(p))} of {show_term(s, graph, depth + 1)}]"
    return f"_:{term}"
