"""Search below the labels: definitions and the evidence passages that anchor each node.

``search(store, corpus, q)`` gives the label index's matches first (``kg.index.labels``, unchanged),
then the nodes whose definition or evidence text holds every word of ``q``, ranked by SQLite FTS5's
BM25 (definitions before evidence at equal rank), as (iri, matched text, match kind) rows like
``LabelIndex.ranked``; British and American spellings are one (``kg.index.variants``), plurals
are the Porter stemmer's. So "data centers", the spelling the evidence uses, finds the data-centre
measure whose label says "data centres".

The passages are read on the first search (``kg/queries/search_texts.rq``, then the corpus files
by offsets, each file once) into an in-memory FTS5 table with the Porter stemmer, and kept across
writes that change no definition or anchor; without a corpus folder only definitions are searched.
"""
from __future__ import annotations

import re
import sqlite3
import threading

from kg import queries
from kg.core.namespaces import PK
from kg.core.corpus import Corpus, CorpusError
from kg.index import warm
from kg.index.cache import kept, per_generation, waits
from kg.index.carry import kept_unless, touches
from kg.index.labels import MATCH_KINDS, index
from kg.index.variants import spelling
from kg.store import Store

TEXT_HITS = 200          # most nodes the text tier returns
DEFINITION, EVIDENCE = MATCH_KINDS.index("definition"), MATCH_KINDS.index("evidence")
_WORDS = re.compile(r"\w+", re.U)
_OA = "http://www.w3.org/ns/oa#"
_READ = ("http://www.w3.org/2004/02/skos/core#definition", str(PK.evidence), str(PK.fileName),
         _OA + "hasSource", _OA + "hasSelector", _OA + "start", _OA + "end")


class PassageIndex:
    def __init__(self, store: Store, corpus: Corpus | None, db: sqlite3.Connection | None = None) -> None:
        """Read the passages of ``store`` and ``corpus`` (or take the database ``db`` holding them)."""
        self._lock = threading.Lock()
        if db is not None:   # kept on disk (kg.index.warm)
            self._db = db
            self.size = db.execute("SELECT COUNT(*) FROM text").fetchone()[0]
            return
        self._db = warm.database()
        self._db.execute("CREATE VIRTUAL TABLE text USING fts5(iri UNINDEXED, kind UNINDEXED, body UNINDEXED, words, "
                         "tokenize='porter unicode61 remove_diacritics 2')")
        texts: dict[str, str] = {}
        rows = []
        for node, kind, text, file, start, end in store.values(queries.get("search_texts")):
            if kind == "definition":
                rows.append((node, DEFINITION, text))
            elif corpus is not None and corpus.available and file:
                if file not in texts:
                    try:
                        texts[file] = corpus.text(file)
                    except CorpusError:
                        texts[file] = ""
                passage = texts[file][int(start):int(end)]
                if passage:
                    rows.append((node, EVIDENCE, passage))
        self._db.executemany("INSERT INTO text(iri, kind, body, words) VALUES (?, ?, ?, ?)",
                             [(*row, _american(row[2])) for row in rows])
        self.size = len(rows)

    def copy_to(self, target: sqlite3.Connection) -> None:
        """Copy the passage database into ``target`` (``kg.index.warm`` keeps it on disk)."""
        with self._lock:
            self._db.commit()        # a backup waits for an open transaction to end
            self._db.backup(target)

    def ranked(self, q: str, label=None, limit: int = TEXT_HITS) -> list[tuple[str, str, int]]:
        """Nodes whose definition or evidence holds every word of ``q``, best first: by BM25, then
        (one passage often anchors several nodes) by how many of the query's words the node's own
        label ``label(iri)`` starts alike, then the shorter label, definitions before evidence."""
        words = _WORDS.findall(q.casefold())
        if not words:
            return []
        match = " AND ".join('"' + spelling(w).replace('"', '') + '"' for w in words)
        with self._lock:
            found = self._db.execute("SELECT iri, kind, body, bm25(text) FROM text WHERE text MATCH ? "
                                     "ORDER BY bm25(text), kind LIMIT ?", (match, limit * 4)).fetchall()
        best: dict[str, tuple] = {}
        for iri, kind, body, score in found:
            name = label(iri).casefold() if label else ""
            alike = sum(1 for w in words if w[:4] in name)
            key = (round(score, 3), -alike, len(name), kind)
            if iri not in best or key < best[iri][0]:
                best[iri] = (key, body, kind)
        order = sorted(best, key=lambda i: (best[i][0], i))[:limit]
        return [(iri, _snippet(best[iri][1], words), best[iri][2]) for iri in order]


def _american(text: str) -> str:
    """The words of ``text`` in American spelling (``kg.index.variants``), for the index: the
    Porter stemmer then takes plurals, so "data centres" finds "data centers" and back."""
    return _WORDS.sub(lambda m: spelling(m.group(0).casefold()), text)


def _snippet(body: str, words: list[str], width: int = 90) -> str:
    """A short piece of ``body`` around the first word of the query."""
    at = body.casefold().find(words[0][:5])
    start = max(0, at - width // 3) if at >= 0 else 0
    piece = " ".join(body[start:start + width].split())
    return ("\u2026" if start else "") + piece + ("\u2026" if start + width < len(body) else "")


KEY = "search:passages"


def passages(store: Store, corpus: Corpus | None) -> PassageIndex:
    """The passage index of ``store`` at its current generation (built on first search, or by the warm-up)."""
    return per_generation(store, KEY, lambda: PassageIndex(store, corpus), kept_unless(
        lambda c: touches(c, _READ)),   # kept across writes that change no definition, anchor or file name
        warm.SQLiteFile(lambda s, db, generation: PassageIndex(s, corpus, db)))   # and across restarts


def search(store: Store, corpus: Corpus | None, q: str) -> list[tuple[str, str, int]]:
    """Label matches (``LabelIndex.ranked``), then definition and evidence matches of other nodes.
    While the label index is built (``kg.index.partial``) the passages are searched only when they are
    ready, and never waited for: the list then says ``partial``."""
    idx = index(store)
    labelled = idx.ranked(q) if q.strip() else []
    seen = {iri for iri, _, _ in labelled}
    partial = getattr(idx, "partial", False)
    if q.strip() and (partial and not kept(store, KEY) or waits(store, KEY)):
        return Found(labelled, True)    # the passages are being read (the warm-up): the labels' matches now
    texts = passages(store, corpus) if q.strip() else None
    return Found(labelled + [hit for hit in texts.ranked(q, idx.label) if hit[0] not in seen] if texts else labelled,
                 partial)


class Found(list):
    """Search results, best first, and whether they are ``partial`` (the label index being built)."""

    def __init__(self, hits, partial: bool = False) -> None:
        super().__init__(hits)
        self.partial = partial
