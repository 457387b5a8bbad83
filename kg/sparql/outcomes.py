"""What the SPARQL service answers (``QueryResult``: a result's kind, format, bytes, row count,
whether it was cut or cached) and the errors of a query it could not answer: a syntax error with
its line and column (``syntax_error`` reads them from the engine's message), no acceptable
format, an engine failure. ``kg.sparql`` exports them; the web layer maps them to statuses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.store import QuerySyntaxError, StoreError


class SparqlSyntaxError(QuerySyntaxError):
    """The parser's message, with the 1-based line and column when it gave one."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class NotAcceptable(StoreError):
    """The client accepts no format for this kind of result (``kind``: boolean, bindings, graph)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"no acceptable format for a {kind} result")
        self.kind = kind


class QueryFailed(StoreError):
    """The engine failed while evaluating the query."""


@dataclass
class QueryResult:
    kind: str          # boolean | bindings | graph
    format: str        # a key of kg.sparql.results.RESULT_FORMATS / GRAPH_FORMATS
    body: bytes
    truncated: bool
    count: int
    seconds: float = field(default=0.0)
    cached: bool = False


def syntax_error(message: str) -> SparqlSyntaxError:
    m = re.search(r"error at (\d+):(\d+)", message)
    if m:
        return SparqlSyntaxError(message, int(m.group(1)), int(m.group(2)))
    m = re.search(r"\bline (\d+)\b", message)   # an engine that gives the line only (Virtuoso)
    if m:
        return SparqlSyntaxError(message, int(m.group(1)))
    return SparqlSyntaxError(message)
