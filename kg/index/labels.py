"""Labels, short names, kinds and search: one index per store generation.

``index(store)`` gives the ``LabelIndex`` of the store's current generation (see
``Store.generation``): every IRI node's labels (skos:prefLabel, rdfs:label, dcterms:title,
skos:altLabel, dcterms:identifier, skos:hiddenLabel) read with two SPARQL queries into an
in-memory SQLite database (``kg.index.label_table``), with FTS5 trigram indexes over the folded
labels and over their words in one form (``kg.index.variants``), and the causal
links without a label of their own (their ends name them: "cause increases effect"). An update
bumps the generation, so the next reader gets a fresh index: a renamed label shows at
once on search, entity pages, traces and exports.

Search folds case and accents in Python (SPARQL has none) and ranks exact > prefix >
word > substring > all words > variant, prefLabel over other labels over aliases over search
terms (which never name a node); exact and prefix
matches come from a B-tree on the folded text, word and substring matches from the
trigram index, so a search costs what it finds, not the number of labels. Types are read
per shown node, not for the whole graph.
"""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass

from rapidfuzz import fuzz
from rdflib import URIRef

from kg import queries
from kg.core.namespaces import PK, RDF_TYPE, curie
from kg.index import variants, warm
from kg.index.label_table import (ALT, HIDDEN, IDENT, INSERT as _INSERT, INSERT_LINK as _INSERT_LINK, LABEL,  # noqa: F401
                                  LINK_PROPERTIES as _LINK_PROPERTIES, PREF, TITLE, KIND_ORDER as _KIND_ORDER, VIA,
                                  read as _read, row as _row)
from kg.index.folding import WORD as _WORD, fold, phrase as _phrase, rank  # noqa: F401 (fold: for importers)
from kg.index.cache import per_generation
from kg.store import Store

NAMING = (PREF, ALT, LABEL)  # the labels a user may name a node by (kg.index.resolve)
_MATCH_NAMES = ["exact", "prefix", "word", "substring", "words", "variant", "definition", "evidence"]
MATCH_KINDS = tuple(_MATCH_NAMES)   # the last two: kg.index.passages, below every label match
VARIANT = _MATCH_NAMES.index("variant")   # spelling, number or spacing differ (kg.index.variants)
CANDIDATES = 2000  # most labels one substring tier reads before ranking




@dataclass
class Hit:
    iri: str
    label: str
    types: list[str]
    type_iris: list[str]
    url: str
    matched: str
    match: str
    via: str = ""        # what matched: name, alias, search term, title, identifier, definition, evidence

    def to_json(self) -> dict:
        return self.__dict__


REMEMBERED = 50_000   # most display labels, CURIEs and type lists kept in memory (each), beyond the database
LABEL_PROPERTIES = frozenset(_KIND_ORDER)   # what the index reads (kg.index.carry watches them)


class LabelIndex:
    def __init__(self, store: Store, db: sqlite3.Connection | None = None, generation: int | None = None) -> None:
        """Read the labels of ``store`` (or take the database ``db`` holding them, read at ``generation``)."""
        self.store = store
        self.base_iri = store.base_iri
        self.generation = store.generation if generation is None else generation
        self._lock = threading.Lock()
        self._display: dict[str, str] = {}
        self._curies: dict[str, str] = {}
        self._types: dict[str, list[str]] = {}
        self._epoch = 0   # bumped under the lock whenever ``advance`` drops cached labels or types
        self._db = db if db is not None else _read(store)
        self.label_count = self._db.execute("SELECT COUNT(DISTINCT iri) FROM label").fetchone()[0]

    def copy_to(self, target: sqlite3.Connection) -> None:
        """Copy the label database into ``target`` (``kg.index.warm`` keeps it on disk)."""
        with self._lock:
            self._db.commit()        # a backup waits for an open transaction to end
            self._db.backup(target)

    def advance(self, changes) -> "LabelIndex":
        """Follow known writes (``kg.store.changes``): the labels of the nodes whose labels
        changed are read again, cached types and display labels of touched nodes dropped."""
        relabelled = sorted({s for c in changes for s in c.subjects(_KIND_ORDER) if not s.startswith("_:")})
        labelled = 0       # nodes with a label gained (lost: negative), counted over the relabelled nodes only
        for chunk in (relabelled[i:i + 500] for i in range(0, len(relabelled), 500)):
            rows = [_row(r) for r in self.store.values(queries.get("search_labels_of"), nodes=[URIRef(i) for i in chunk])]
            with self._lock:
                marks = ",".join("?" * len(chunk))
                count = f"SELECT COUNT(DISTINCT iri) FROM label WHERE iri IN ({marks})"
                labelled -= self._db.execute(count, chunk).fetchone()[0]
                old = self._db.execute(f"SELECT id, folded, squash FROM label WHERE iri IN ({marks})", chunk).fetchall()
                self._db.executemany("INSERT INTO label_fts(label_fts, rowid, folded) VALUES ('delete', ?, ?)",
                                     [(i, f) for i, f, _ in old])
                self._db.executemany("INSERT INTO variant_fts(variant_fts, rowid, squash) VALUES ('delete', ?, ?)",
                                     [(i, q) for i, _, q in old])
                self._db.execute(f"DELETE FROM label WHERE iri IN ({marks})", chunk)
                self._insert(rows)
                labelled += self._db.execute(count, chunk).fetchone()[0]
        links = sorted({s for c in changes for s, p, o, _ in c.quads if not s.startswith("_:") and (
            p in _LINK_PROPERTIES or (p == RDF_TYPE and o == str(PK.CausalLink)))})
        found = []                                 # unlabelled links named by their ends: read those again
        for chunk in (links[i:i + 500] for i in range(0, len(links), 500)):
            found += self.store.values(queries.get("search_links_of"), nodes=[URIRef(i) for i in chunk])
        with self._lock:
            self._epoch += 1
            for s in {s for c in changes for s in c.subjects((RDF_TYPE,))}:
                self._types.pop(s, None)
            if relabelled or links:
                self._display.clear()          # a link's label is made of its ends' labels
            if links:
                self._db.executemany("DELETE FROM link WHERE iri = ?", [(x,) for x in links])
                self._db.executemany(_INSERT_LINK, found)
            self.label_count += labelled    # counting the whole table again: 170 ms a write at 10M quads
            self.generation = self.store.generation
        return self

    def _insert(self, rows) -> None:
        """Add label rows (``label_table.row``) to the table and its trigram indexes (the lock held)."""
        for row in rows:
            cur = self._db.execute(_INSERT, row)
            self._db.execute("INSERT INTO label_fts(rowid, folded) VALUES (?, ?)", (cur.lastrowid, row[5]))
            self._db.execute("INSERT INTO variant_fts(rowid, squash) VALUES (?, ?)", (cur.lastrowid, row[6]))

    # -- display ---------------------------------------------------------------------------
    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _stored_label(self, iri: str) -> str | None:
        rows = self._query("SELECT text FROM label WHERE iri = ? AND prop NOT IN (?, ?) ORDER BY rank, foreign_lang, text "
                           "LIMIT 1", (iri, IDENT, HIDDEN))
        if not rows:
            rows = self._query("SELECT text FROM label WHERE iri = ? AND prop != ? ORDER BY rank, foreign_lang, text LIMIT 1",
                               (iri, HIDDEN))
        return rows[0][0] if rows else None

    def label(self, iri: object) -> str:
        """The display label of a node: prefLabel, rdfs:label, title, alias, identifier (English or
        untagged before other languages), else its CURIE."""
        key = str(iri)
        found = self._display.get(key)
        if found is None:
            epoch = self._epoch
            found = self._stored_label(key) or self._link_label(key) or self.curie(key)
            self._keep(self._display, {key: found}, epoch)
        return found

    def _keep(self, cache: dict, values: dict, epoch: int) -> None:
        """Store ``values`` read since ``epoch`` into ``cache``, unless ``advance`` dropped cached
        values meanwhile: what was read may be what it dropped, and would stick."""
        with self._lock:
            if self._epoch == epoch:
                if len(cache) + len(values) > REMEMBERED:
                    cache.clear()   # bounded by what is hot: a sort over a whole list read every label once
                cache.update(values)

    def prefetch(self, iris) -> None:
        """Nothing: every label is here (``kg.index.partial`` reads the labels of a page's nodes at once)."""

    def known(self, iri: object) -> str | None:
        """The node's own label (or a causal link's "cause increases effect"), None without one."""
        found = self.label(iri)
        return None if found == self.curie(iri) and self._stored_label(str(iri)) is None else found

    def _link_label(self, iri: str) -> str | None:
        """A causal link without a label of its own, shown as "cause increases effect"."""
        found = self._query("SELECT cause, effect, polarity FROM link WHERE iri = ?", (iri,))
        if not found:
            return None
        cause, effect, polarity = found[0]
        return f"{self.label(cause)} {self.label(polarity) if polarity else 'affects'} {self.label(effect)}"

    def labels(self, iri: object) -> list[tuple[str, str]]:
        """Every (property, text) label of a node, best first (search terms, ``skos:hiddenLabel``, last)."""
        return [(p, t) for p, t in self._query("SELECT prop, text FROM label WHERE iri = ? ORDER BY rank, foreign_lang, text", (str(iri),))]

    def curie(self, iri: object) -> str:
        key = str(iri)
        found = self._curies.get(key)
        if found is None:
            if len(self._curies) >= REMEMBERED:
                self._curies.clear()
            found = self._curies[key] = curie(key, self.base_iri)
        return found

    def short(self, iri: object) -> str:
        """A short name: ``doc NNN`` from the dcterms:identifier when there is one (documents), else the label."""
        rows = self._query("SELECT text FROM label WHERE iri = ? AND prop = ? ORDER BY text LIMIT 1", (str(iri), IDENT))
        return f"doc {rows[0][0].split('_')[0]}" if rows else self.label(iri)

    def types(self, iri: object) -> list[str]:
        return self.types_of([str(iri)]).get(str(iri), [])

    def types_of(self, iris) -> dict[str, list[str]]:
        """The rdf:types of some nodes (read from the store once per generation and node)."""
        missing = sorted({str(i) for i in iris} - set(self._types))
        read: dict[str, list[str]] = {}
        epoch = self._epoch
        for chunk in (missing[i:i + 500] for i in range(0, len(missing), 500)):
            found: dict[str, list[str]] = {i: [] for i in chunk}
            for node, typ in self.store.values(queries.get("search_types"), nodes=[URIRef(i) for i in chunk]):
                found[node].append(typ)
            read.update((i, sorted(ts)) for i, ts in found.items())
        if read:
            self._keep(self._types, read, epoch)
        return {str(i): read[str(i)] if str(i) in read else self._types.get(str(i), []) for i in iris}

    # -- naming and search -----------------------------------------------------------------
    def named(self, text: str) -> set[str]:
        """The nodes whose prefLabel, altLabel or rdfs:label folds to the same text as ``text``."""
        rows = self._query(f"SELECT DISTINCT iri FROM label WHERE folded = ? AND prop IN ({','.join('?' * len(NAMING))})",
                           (fold(text), *NAMING))
        return {r[0] for r in rows}

    def _candidates(self, fq: str, words: list[str]) -> list[tuple]:
        """(iri, rank, text, folded) rows that may match ``fq``, from the indexes."""
        cols = "label.iri, label.rank, label.text, label.folded"
        out = self._query(f"SELECT {cols} FROM label WHERE folded >= ? AND folded < ? LIMIT ?",
                          (fq, fq + "\U0010ffff", CANDIDATES))
        if len(fq) >= 3:
            out += self._query(f"SELECT {cols} FROM label_fts JOIN label ON label.id = label_fts.rowid "
                               f"WHERE label_fts MATCH ? LIMIT ?", (_phrase(fq), CANDIDATES))
        else:
            out += self._query(f"SELECT {cols} FROM label WHERE folded LIKE ? ESCAPE '\\' LIMIT ?",
                               ("%" + fq.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%", CANDIDATES))
        long_words = [w for w in words if len(w) >= 3]
        if len(words) > 1 and long_words:
            out += self._query(f"SELECT {cols} FROM label_fts JOIN label ON label.id = label_fts.rowid "
                               f"WHERE label_fts MATCH ? LIMIT ?", (" AND ".join(map(_phrase, long_words)), CANDIDATES))
        return out

    def ranked(self, q: str) -> list[tuple[str, str, int]]:
        """Every node matching ``q`` as (iri, matched label, match kind), best first."""
        fq = fold(q)
        if not fq:
            return []
        words = _WORD.findall(fq)
        found = rank(fq, words, self._candidates(fq, words), self.base_iri)
        seen = {iri for iri, _, _ in found}
        return found + self._variants(q, seen)

    def _variants(self, q: str, seen: set[str]) -> list[tuple[str, str, int]]:
        """Nodes whose labels match ``q`` once spelling, number and spacing are set aside."""
        sql = ("SELECT label.iri, label.rank, label.text, label.vkey FROM variant_fts JOIN label "
               "ON label.id = variant_fts.rowid WHERE variant_fts MATCH ? LIMIT ?")
        return [(iri, text, VARIANT) for iri, text in variants.ranked(
            q, lambda phrases: self._query(sql, (" AND ".join(map(_phrase, phrases)), CANDIDATES)), self.base_iri, seen)]

    def similar(self, text: str, n: int = 5, cutoff: float = 0.6) -> list[str]:
        """Nodes whose labels are spelled like ``text`` (a typo, a missing letter): candidates
        share a trigram with it (FTS5), then are ranked by rapidfuzz's similarity ratio (0-100;
        ``cutoff`` is its share, 0-1)."""
        fq = fold(text)
        grams = sorted({fq[i:i + 3] for i in range(len(fq) - 2)})
        if not grams:
            return []
        rows = self._query("SELECT label.iri, label.folded FROM label_fts JOIN label ON label.id = label_fts.rowid "
                           "WHERE label_fts MATCH ? LIMIT ?", (" OR ".join(map(_phrase, grams[:40])), CANDIDATES))
        best: dict[str, float] = {}
        for iri, folded in rows:
            ratio = fuzz.ratio(fq, folded, score_cutoff=cutoff * 100)
            if ratio and ratio > best.get(iri, 0):
                best[iri] = ratio
        return sorted(best, key=lambda i: (-best[i], i))[:n]

    def hits(self, ranked: list[tuple[str, str, int]], url=None) -> list[Hit]:
        types = self.types_of([iri for iri, _, _ in ranked])
        return [Hit(iri=iri, label=self.label(iri), types=[self.label(t) for t in types[iri]], type_iris=types[iri],
                    url=url(iri) if url else iri, matched=matched, match=_MATCH_NAMES[m], via=self._via(iri, matched, m))
                for iri, matched, m in ranked]

    def _via(self, iri: str, matched: str, m: int) -> str:
        """What a hit matched: the kind of label (``VIA``), or the definition or evidence text."""
        if _MATCH_NAMES[m] in ("definition", "evidence"):
            return _MATCH_NAMES[m]
        rows = self._query("SELECT prop FROM label WHERE iri = ? AND text = ? ORDER BY rank LIMIT 1", (iri, matched))
        return VIA.get(rows[0][0], "name") if rows else "name"

    def search(self, q: str, *, limit: int = 20, offset: int = 0, url=None) -> list[Hit]:
        return self.hits(self.ranked(q)[offset:offset + limit], url)


KEY = "search:index"


def index(store: Store) -> LabelIndex:
    """The label index of ``store`` at its current generation (built once per generation, kept on disk;
    see ``kg.index.partial`` for what a page may use while it is built)."""
    return per_generation(store, KEY, lambda: LabelIndex(store), lambda idx, changes: idx.advance(changes),
                          warm.SQLiteFile(LabelIndex))


def search(store: Store, q: str, *, limit: int = 20, offset: int = 0, url=None) -> list[Hit]:
    return index(store).search(q, limit=limit, offset=offset, url=url)
