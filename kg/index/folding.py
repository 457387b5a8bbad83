"""How search compares text: labels and queries folded alike, and the kind of match between them
(``kg.index.labels`` ranks exact > prefix > word > substring > all words)."""
from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed: the form search compares."""
    if text.isascii():  # most labels: nothing to decompose
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def phrase(text: str) -> str:
    """An FTS5 phrase: the trigram tokenizer matches it as a substring. SQLite ends a string at
    a NUL character (the phrase would be unterminated: an error), so NULs are left out."""
    return '"' + text.replace("\0", "").replace('"', '""') + '"'


def match(fq: str, words: list[str], ft: str) -> int | None:
    """The kind of match of folded label ``ft`` for query ``fq``: 0 exact, 1 prefix, 2 word, 3 substring,
    4 all words; None when it does not match."""
    if ft == fq:
        return 0
    if ft.startswith(fq):
        return 1
    pos = ft.find(fq)
    if pos > 0:
        return 2 if not ft[pos - 1].isalnum() else 3
    if len(words) > 1 and all(w in ft for w in words):
        return 4
    return None


def rank(fq: str, words: list[str], candidates, base_iri: str) -> list[tuple[str, str, int]]:
    """The candidate rows (iri, label rank, text, folded text) matching the folded query ``fq``, one
    per node at its best match, as (iri, matched label, match kind): best match first, then nodes
    under ``base_iri``, better label kinds, shorter labels."""
    best: dict[str, tuple] = {}
    for iri, kind, text, ft in candidates:
        m = match(fq, words, ft)
        if m is None:
            continue
        key = (m, kind, len(ft), text)
        if iri not in best or key < best[iri]:
            best[iri] = key
    order = sorted(best.items(), key=lambda kv: (kv[1][0], 0 if kv[0].startswith(base_iri) else 1,
                                                 kv[1][1], kv[1][2], kv[1][3].casefold(), kv[0]))
    return [(iri, key[3], key[0]) for iri, key in order]
