"""The label table of the label index (``kg.index.labels``): which properties are labels and how
they rank, a row per label (its text folded, and its words in one form for forgiving search,
``kg.index.variants``), and the SQLite database read from a store with its indexes:
a B-tree on the folded text, FTS5 trigram indexes over the folded text and over the words run
together, and the causal links without a label of their own."""
from __future__ import annotations

import sqlite3

from rdflib.namespace import DCTERMS, RDFS, SKOS

from kg import queries
from kg.core.namespaces import PK
from kg.index import variants, warm
from kg.index.folding import fold
from kg.store import Store

PREF, LABEL, TITLE, ALT, IDENT = str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title), str(SKOS.altLabel), str(DCTERMS.identifier)
HIDDEN = str(SKOS.hiddenLabel)   # a search term: found by search, never shown as the node's name
# label kinds, best first, for display and for ranking
KIND_ORDER = {PREF: 0, LABEL: 1, TITLE: 1, ALT: 2, IDENT: 3, HIDDEN: 4}
# what a hit says it matched ("matched: alias ...")
VIA = {PREF: "name", LABEL: "name", TITLE: "title", ALT: "alias", IDENT: "identifier", HIDDEN: "search term"}
INSERT = "INSERT INTO label(iri, rank, foreign_lang, prop, text, folded, squash, vkey) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
INSERT_LINK = "INSERT OR IGNORE INTO link(iri, cause, effect, polarity) VALUES (?, ?, ?, ?)"
# what the unlabelled-link labels read (kg/queries/search_links.rq)
LINK_PROPERTIES = {PREF, LABEL, str(PK.cause), str(PK.effect), str(PK.polarity)}


def row(found: tuple) -> tuple:
    """A row of the label table from a (node, property, text, language) answer."""
    iri, prop, text, lang = found
    words = variants.keys(text)
    return (iri, KIND_ORDER.get(prop, 9), int(lang not in ("", "en") and not lang.startswith("en-")), prop, text,
            fold(text), variants.squash(words), " ".join(words))


def empty() -> sqlite3.Connection:
    """An empty label table in a database of this process (``kg.index.warm.database``: on disk, so it
    does not count against the process's memory)."""
    db = warm.database()
    db.executescript("""
        CREATE TABLE label(id INTEGER PRIMARY KEY, iri TEXT NOT NULL, rank INT, foreign_lang INT, prop TEXT, text TEXT,
                           folded TEXT, squash TEXT, vkey TEXT);
        CREATE VIRTUAL TABLE label_fts USING fts5(folded, content='label', content_rowid='id', tokenize='trigram');
        CREATE VIRTUAL TABLE variant_fts USING fts5(squash, content='label', content_rowid='id', tokenize='trigram');
        CREATE TABLE link(iri TEXT PRIMARY KEY, cause TEXT, effect TEXT, polarity TEXT);
    """)
    return db


def read(store: Store) -> sqlite3.Connection:
    """The label table of ``store`` (``empty``, filled), with its indexes."""
    db = empty()
    db.executemany(INSERT, map(row, store.values(queries.get("search_labels"))))
    db.executemany(INSERT_LINK, store.values(queries.get("search_links")))   # unlabelled causal links
    db.executescript("""
        CREATE INDEX label_iri ON label(iri, rank, foreign_lang, text);
        CREATE INDEX label_folded ON label(folded);
        INSERT INTO label_fts(label_fts) VALUES ('rebuild');
        INSERT INTO variant_fts(variant_fts) VALUES ('rebuild');
    """)
    return db
