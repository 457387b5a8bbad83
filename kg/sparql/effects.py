"""What a SPARQL update does, as quads: the effect that the journal keeps instead of the text.

Replaying an update's text at a rebuild gives the acknowledged graph only when the update is
idempotent and sees the same state: a ``DELETE/INSERT ... WHERE`` that counts, or one whose
``WHERE`` matches statements written to the files after it, or blank nodes an ``INSERT`` mints,
give another graph. ``effect_of(store, text, ...)`` evaluates the update against an Oxigraph
store without writing to it (each operation's ``WHERE`` as a ``SELECT``, its templates filled in
from the solutions) and returns the quads it removes and adds. ``Effect.as_update()`` is that
change as ``DELETE DATA`` / ``INSERT DATA``: the endpoint applies exactly this text to the live
store and journals exactly it, so replay gives the acknowledged graph by construction, and
running it twice changes nothing.

Blank nodes an update mints are written as skolem IRIs (``<base>.well-known/genid/<hex>``, RDF
1.1 section 3.5), so the journal can name them again. An update that would remove a statement
about a blank node of the data files (which a rebuild renames) is refused.

Operations: ``INSERT DATA``, ``DELETE DATA``, ``DELETE WHERE``, ``[WITH] DELETE/INSERT
[USING] WHERE``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``. The default graph
of a ``WHERE`` is the store's default graph (not the union), as Oxigraph runs an update.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass

import pyoxigraph as ox

from kg.sparql.checks import QueryRefused
from kg.store.changes import _PROLOGUE, _operations
from kg.store.lexer import Token, tokens

_VAR = "urn:x-kg-variable:"
GENID = ".well-known/genid/"
MAX_EFFECT_QUADS = 2_000_000


class UpdateRefused(QueryRefused):
    """The update cannot be kept as an effect (a blank node of the data files, too large)."""


@dataclass
class Effect:
    removed: list
    added: list

    def __bool__(self) -> bool:
        return bool(self.removed or self.added)

    def as_update(self) -> str:
        """The effect as SPARQL: ``DELETE DATA`` then ``INSERT DATA``, grouped by graph."""
        parts = []
        for keyword, quads in (("DELETE", self.removed), ("INSERT", self.added)):
            if quads:
                parts.append(f"{keyword} DATA {{\n{_blocks(quads)}}}")
        return " ;\n".join(parts) + "\n"


def _blocks(quads) -> str:
    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    out = []
    for g in sorted(by_graph, key=lambda g: g.value if isinstance(g, ox.NamedNode) else ""):
        lines = "\n".join(sorted(by_graph[g]))
        out.append(lines + "\n" if isinstance(g, ox.DefaultGraph) else f"GRAPH {g} {{\n{lines}\n}}\n")
    return "".join(out)


class _State:
    """The store as the update's earlier operations left it (an overlay; the store is not written)."""

    def __init__(self, store: "ox.Store") -> None:
        self.store = store
        self.changed: dict = {}          # quad -> present now

    def has(self, q) -> bool:
        return self.changed.get(q, q in self.store)

    def apply(self, removed, added) -> None:
        for q in removed:
            self.changed[q] = False
        for q in added:
            self.changed[q] = True
        if len(self.changed) > MAX_EFFECT_QUADS:
            raise UpdateRefused(f"the update changes more than {MAX_EFFECT_QUADS:,} statements")

    def graph(self, g) -> list:
        """The quads of graph ``g`` now."""
        now = {q for q in self.store.quads_for_pattern(None, None, None, g) if self.changed.get(q, True)}
        now |= {q for q, there in self.changed.items() if there and q.graph_name == g}
        return sorted(now, key=str)

    def graphs(self) -> set:
        found = set(self.store.named_graphs())
        found |= {q.graph_name for q, there in self.changed.items() if there and isinstance(q.graph_name, ox.NamedNode)}
        return {g for g in found if self.graph(g)}

    def effect(self) -> Effect:
        removed = [q for q, there in self.changed.items() if not there and q in self.store]
        added = [q for q, there in self.changed.items() if there and q not in self.store]
        return Effect(sorted(removed, key=str), sorted(added, key=str))


def effect_of(store: "ox.Store", text: str, *, base_iri: str | None, prefixes: dict, genid: str) -> Effect:
    """The quads ``text`` removes and adds, evaluated against ``store`` (not written). ``genid``:
    the prefix of the skolem IRIs of minted blank nodes. Operations see what earlier ones did
    (evaluated in a scratch copy when the update has more than one)."""
    try:
        ox.Store().update(text, base_iri=base_iri, prefixes=prefixes)    # the engine's own syntax check
    except SyntaxError:
        raise
    except (OSError, ValueError, RuntimeError):
        pass                      # parsed; what it does to an empty store is no concern here
    state = _State(store)
    ctx = _Context(state, "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes.items()), base_iri, genid)
    for op in _operations(text):
        head = _PROLOGUE.match(op)
        ctx.prologue += head.group(1) if head else ""      # declarations hold for the operations after them
        body = op[head.end():] if head else op
        if not body.strip():
            continue
        removed, added = ctx.operation(body)
        state.apply(removed, added)
        ctx._scratch = None       # later operations' WHERE must see this one's effect
    for q in state.effect().removed:
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
            raise UpdateRefused("the update removes a statement about a blank node of the data files; "
                                "a rebuild names blank nodes afresh, so the journal could not find it again")
    return state.effect()


class _Context:
    def __init__(self, state: _State, prologue: str, base_iri: str | None, genid: str) -> None:
        self.state, self.prologue, self.base_iri, self.genid = state, prologue, base_iri, genid
        self._scratch = None

    def _target(self) -> "ox.Store":
        """The store to query: the real one until an earlier operation changed something, then
        a scratch copy holding the state (made only when a later operation has a WHERE)."""
        if not self.state.changed:
            return self.state.store
        if self._scratch is None:
            self._scratch = ox.Store()
            self._scratch.bulk_extend(self.state.store)
            for q, there in self.state.changed.items():
                (self._scratch.add if there else self._scratch.remove)(q)
        return self._scratch

    def _select(self, where: str, dataset: str = "", default_graph=None):
        kwargs = {"default_graph": default_graph} if default_graph is not None else {}
        return self._target().query(f"{self.prologue}SELECT * {dataset}WHERE {where}", base_iri=self.base_iri, **kwargs)

    def term(self, text: str):
        """An IRI written in the update (prefixed name, relative or absolute), resolved."""
        q = ox.Store().query(f"{self.prologue}SELECT ?x WHERE {{ BIND({text} AS ?x) }}", base_iri=self.base_iri)
        return next(iter(q))["x"]

    def operation(self, op: str) -> tuple[list, list]:
        toks = tokens(op)
        words = [t.text.upper() if t.kind == "word" else t.text for t in toks[:3]]
        if words[:2] in (["INSERT", "DATA"], ["DELETE", "DATA"]):
            quads = self.instances(_braced(op, toks, 2)[0], [{}], None, mint=True)
            return (quads, []) if words[0] == "DELETE" else ([], quads)
        if words[:2] == ["DELETE", "WHERE"]:
            pattern = _braced(op, toks, 2)[0]
            rows = list(self._select("{" + pattern + "}"))
            return self.instances(pattern, rows, None), []
        if words[0] in ("CLEAR", "DROP"):
            return [q for g in self.targets(toks[1:]) for q in self.state.graph(g)], []
        if words[0] == "CREATE":
            return [], []
        if words[0] in ("ADD", "MOVE", "COPY"):
            return self.transfer(words[0], toks[1:])
        return self.modify(op, toks)

    def targets(self, toks: list[Token]) -> list:
        toks = [t for t in toks if t.text.upper() != "SILENT"]
        which = toks[0].text.upper() if toks[0].kind == "word" else ""
        if which == "DEFAULT":
            return [ox.DefaultGraph()]
        if which == "NAMED":
            return sorted(self.state.graphs(), key=str)
        if which == "ALL":
            return [ox.DefaultGraph(), *sorted(self.state.graphs(), key=str)]
        return [self.term(toks[-1].text)]

    def transfer(self, verb: str, toks: list[Token]) -> tuple[list, list]:
        toks = [t for t in toks if t.text.upper() not in ("SILENT", "GRAPH")]
        cut = next(i for i, t in enumerate(toks) if t.text.upper() == "TO")
        source, target = (ox.DefaultGraph() if ts[0].text.upper() == "DEFAULT" else self.term(ts[0].text)
                          for ts in (toks[:cut], toks[cut + 1:]))
        if source == target:
            return [], []
        moved = [ox.Quad(q.subject, q.predicate, q.object, target) for q in self.state.graph(source)]
        keep = set(moved)
        removed = [q for q in self.state.graph(target) if q not in keep] if verb in ("MOVE", "COPY") else []
        if verb == "MOVE":
            removed += self.state.graph(source)
        return removed, moved

    def modify(self, op: str, toks: list[Token]) -> tuple[list, list]:
        top = toks[0].depth
        with_graph, delete, insert, using = None, None, None, []
        i = 0
        while i < len(toks):
            t, word = toks[i], toks[i].text.upper()
            if t.depth != top:
                i += 1
                continue
            if word == "WITH":
                with_graph, i = self.term(toks[i + 1].text), i + 2
            elif word in ("DELETE", "INSERT"):
                body, i = _braced(op, toks, i + 1)
                delete, insert = (body, insert) if word == "DELETE" else (delete, body)
            elif word == "USING":
                named = toks[i + 1].text.upper() == "NAMED"
                iri = toks[i + 2 if named else i + 1]
                using.append(f"FROM {'NAMED ' if named else ''}{iri.text} ")
                i += 3 if named else 2
            elif word == "WHERE":
                where, i = _braced(op, toks, i + 1)
                break
            else:
                raise QueryRefused(f"cannot read the update near {t.text!r}")
        default = with_graph if with_graph is not None and not using else None
        rows = list(self._select("{" + where + "}", "".join(using), default))
        removed = self.instances(delete, rows, with_graph) if delete else []
        added = self.instances(insert, rows, with_graph, mint=True) if insert else []
        return removed, added

    def template(self, body: str, default_graph=None) -> list:
        """The quads of a template (variables as placeholder IRIs), parsed as TriG."""
        text = self.prologue + _triples_form(body)
        for attempt in (text, text + " ."):
            try:
                quads = list(ox.parse(attempt, format=ox.RdfFormat.TRIG, base_iri=self.base_iri))
                break
            except SyntaxError:
                continue
        else:
            raise QueryRefused("cannot read the update's template")
        if default_graph is not None:
            quads = [ox.Quad(q.subject, q.predicate, q.object, default_graph)
                     if isinstance(q.graph_name, ox.DefaultGraph) else q for q in quads]
        return quads

    def instances(self, body: str, rows, default_graph, *, mint: bool = False) -> list:
        pattern = self.template(body, default_graph)
        out = []
        for row in rows:
            fresh: dict = {}
            for q in pattern:
                terms = [self.fill(t, row, fresh, mint) for t in (q.subject, q.predicate, q.object, q.graph_name)]
                s, p, o, g = terms
                if None in terms or isinstance(s, ox.Literal) or not isinstance(p, ox.NamedNode) \
                        or isinstance(g, (ox.Literal, ox.BlankNode)):
                    continue           # an unbound or misplaced value: SPARQL leaves that statement out
                out.append(ox.Quad(s, p, o, g))
        return out

    def fill(self, term, row, fresh: dict, mint: bool):
        if isinstance(term, ox.NamedNode) and term.value.startswith(_VAR):
            try:
                return row[term.value[len(_VAR):]]
            except (KeyError, TypeError):
                return None
        if isinstance(term, ox.BlankNode) and mint:
            if term not in fresh:
                fresh[term] = ox.NamedNode(self.genid + uuid.uuid4().hex)
            return fresh[term]
        return term


def _braced(op: str, toks: list[Token], i: int) -> tuple[str, int]:
    """The text inside the braces opening at token ``i`` and the index after the closing one."""
    depth = toks[i].depth
    for j in range(i + 1, len(toks)):
        if toks[j].text == "}" and toks[j].depth == depth:
            return op[toks[i].pos + 1:toks[j].pos], j + 1
    raise QueryRefused("an unclosed brace in the update")


def _triples_form(body: str) -> str:
    """A SPARQL quad template as TriG: variables become placeholder IRIs and the triples before a
    ``GRAPH`` block end with a dot, as TriG wants."""
    out, last, prev = [], 0, None
    toks = tokens(body)
    for t in toks:
        piece = None
        if t.kind == "var":
            piece = f"<{_VAR}{t.text[1:]}>"
        elif t.kind == "word" and t.text.upper() == "GRAPH" and t.depth == 0 and prev is not None \
                and prev.text not in (".", "}", "{"):
            piece = " . GRAPH"
        if piece is not None:
            out.append(body[last:t.pos] + piece)
            last = t.pos + len(t.text)
        prev = t
    out.append(body[last:])
    return "".join(out)
