"""Running users' queries on the engine behind a remote store (``kg.store.RemoteStore``).

``RemoteExecutor`` takes the same jobs as the worker pool (``worker.Job``) and gives the same
answers, so ``SparqlService`` keeps every behaviour in front of a remote store: the checks
(``checks.check_query`` refused SERVICE before the job was made; here the engine's own
dangerous constructs are refused too, ``kg.store.engines``), the time limit passed on to the
engine and enforced on the client (``QueryTimeout``), the row cap applied while the answer
is re-serialised with ``results`` (the engine's answer is parsed into pyoxigraph terms as it
streams in, and reading stops one row past the cap; a SELECT without a LIMIT of its own is sent
with the cap as one, ``capped``), the same formats and typed errors.

The default prefixes the endpoint lets a query use undeclared are declared in front of the
text on its first line (so line numbers in the engine's messages stay the user's), and the
dataset goes as protocol parameters: the union of all graphs unless the query names its
own (FROM) or the request does (default-graph-uri / named-graph-uri).
"""
from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

from kg.store import QuerySyntaxError, Solutions, StoreError
from kg.store.lexer import position, query_form, tokens
from kg.store.remote import RemoteStore, StoreTimeout
from kg.sparql import checks, results
from kg.sparql.pool import QueryTimeout
from kg.sparql.worker import Job, engine_error


def prologue_for(text: str, prefixes: dict[str, str], base_iri: str | None, toks=None) -> str:
    """PREFIX declarations for the default prefixes ``text`` uses without declaring (and BASE), on one line."""
    toks = toks if toks is not None else tokens(text)
    declared = {toks[i + 1].text.split(":")[0] for i, t in enumerate(toks[:-1])
                if t.kind == "word" and t.text.upper() == "PREFIX"}
    used = {t.text.split(":")[0] for t in toks if t.kind == "pname"}
    head = f"BASE <{base_iri}> " if base_iri else ""
    return head + "".join(f"PREFIX {p}: <{prefixes[p]}> " for p in sorted(used - declared) if p in prefixes)


def _shift(message: str, width: int) -> str:
    """An ``error at 1:C`` position counted without the ``width`` characters put in front of line 1."""
    return re.sub(r"error at 1:(\d+)", lambda m: f"error at 1:{max(1, int(m.group(1)) - width)}", message, count=1)


def refuse_engine_specific(store: RemoteStore, text: str, toks) -> None:
    found = store.engine.refused(toks)
    if found:
        tok, reason = found
        line, col = position(text, tok.pos)
        raise checks.QueryRefused(f"{reason} (at {line}:{col}): this endpoint only reads the graphs it stores "
                                  f"and never contacts other services or fetches URLs")


def capped(toks, form: str | None, row_cap: int) -> str:
    """A ``LIMIT`` of the row cap and one more row (to know the answer was cut) for the end of a
    SELECT that sets no LIMIT of its own and ends in no VALUES: the engine then makes no more of the
    answer than is read (Virtuoso makes a whole answer before sending its first row: a query of 1M
    rows cut at 10,000 took 216-311 s on a busy machine, 1.9 s with it). Empty for anything else, and for braces that
    do not balance; a query the engine finds malformed with it is asked again as written, so that the
    error is about the user's text."""
    top = {t.text.upper() for t in toks if t.depth == 0 and t.kind == "word"}
    braces = sum(1 if t.text == "{" else -1 for t in toks if t.kind == "other" and t.text in "{}")
    if form != "SELECT" or top & {"LIMIT", "VALUES"} or braces:
        return ""
    return f"\nLIMIT {row_cap + 1}"


class RemoteExecutor:
    """Runs jobs on a remote store's engine; ``size`` queries at a time (threads waiting on HTTP)."""

    def __init__(self, store: RemoteStore, size: int = 8) -> None:
        self.store = store
        self.size = size
        self.network = f"remote {store.engine.name} at {store.query_url}"
        self._threads = ThreadPoolExecutor(max_workers=size, thread_name_prefix="kg-remote-query")

    def run(self, job: Job, timeout: float) -> tuple:
        toks = tokens(job.query)
        refuse_engine_specific(self.store, job.query, toks)
        form = query_form(job.query, toks)
        kind = {"ASK": "boolean", "CONSTRUCT": "graph", "DESCRIBE": "graph"}.get(form or "", "bindings")
        if (job.graph_format if kind == "graph" else job.result_format) is None:
            return ("not_acceptable", kind)
        head = prologue_for(job.query, job.prefixes, job.base_iri, toks)
        params: list[tuple[str, str]] = []
        if job.dataset == "protocol":
            params += [("default-graph-uri", g) for g in job.default_graphs]
            params += [("named-graph-uri", g) for g in job.named_graphs]
        for limit in dict.fromkeys([capped(toks, form, job.row_cap), ""]):
            try:
                with self.store.stream(head + job.query + limit, form=form, params=params,
                                       union=job.dataset == "union", timeout=timeout) as answer:
                    return self._serialise(job, answer)
            except StoreTimeout as exc:
                raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped ({exc})") from None
            except QuerySyntaxError as exc:
                if not limit:   # else asked again as written: the engine's message is then about the user's text
                    return ("syntax", _shift(str(exc), len(head)))
            except StoreError as exc:
                return engine_error(exc, named=False)
        raise AssertionError("unreachable: the last try is the query as written")

    @staticmethod
    def _serialise(job: Job, answer) -> tuple:
        if isinstance(answer, ox.QueryBoolean):
            return ("ok", "boolean", job.result_format, results.boolean(job.result_format, answer), False, 1)
        if isinstance(answer, Solutions):
            variables = [v.value for v in answer.variables]
            rows, truncated = results.take(answer, job.row_cap, job.byte_cap)
            body = results.solutions(job.result_format, variables, rows, job.prefixes)
            return ("ok", "bindings", job.result_format, body, truncated, len(rows))
        triples, truncated = results.take(answer, job.row_cap, job.byte_cap)
        return ("ok", "graph", job.graph_format, results.graph(job.graph_format, triples, job.prefixes),
                truncated, len(triples))

    async def arun(self, job: Job, timeout: float) -> tuple:
        """``run`` in one of this executor's threads; the wait for a free one counts in the limit."""
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(self._threads, self.run, job, timeout), timeout + 1.0)
        except asyncio.TimeoutError:
            raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped") from None

    def update(self, text: str, *, base_iri: str | None, prefixes: dict[str, str]) -> None:
        """A user's update (checked by ``checks.check_update``) sent to the engine as written."""
        toks = tokens(text)
        refuse_engine_specific(self.store, text, toks)
        head = prologue_for(text, prefixes, base_iri, toks)
        try:
            self.store.update(head + text, prologue=False)
        except QuerySyntaxError as exc:
            raise QuerySyntaxError(_shift(str(exc), len(head))) from None

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
