"""Text pieces the proposer works on: sentences and word tokens with their character offsets,
and the normal form two words are compared in (case, accents, possessives and plurals ignored).

Offsets are Unicode code points of the stored text (Python ``str`` indexing, end exclusive),
the same as every evidence anchor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.index.folding import fold
from kg.index.variants import key as variant_key

# A word: letters and digits, with inner apostrophes or dots of abbreviations kept apart
# later ("U.S." is the tokens "u", "s"; "Nvidia's" is "nvidia" + the possessive, dropped).
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[\"“‘«„(\[]?[A-Z0-9])|\n+")
_ABBREVIATIONS = {"u.s", "u.k", "e.g", "i.e", "mr", "mrs", "ms", "dr", "st", "no", "vs", "inc", "corp", "co",
                  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gen", "sen",
                  "rep", "gov", "prof", "jr", "sr", "ltd", "etc", "approx", "est", "fig"}
_INVARIANT = {"us", "is", "was", "has", "its", "this", "news", "analysis", "series", "species", "gas", "ais",
              "physics", "status", "bus", "thus", "less", "process", "access", "across", "business",
              "success", "nexus", "corpus", "basis", "crisis", "thesis", "kubernetes", "politics", "economics"}

# The function words (articles, prepositions, conjunctions, pronouns, auxiliaries, quantifiers):
# the one list the rules share; each rule adds the words it also skips (``words._STOP``,
# ``rules_names``' words that do not start a name).
FUNCTION_WORDS = frozenset({"a", "after", "all", "also", "an", "and", "are", "as", "at", "be", "before", "by", "can",
                            "could", "did", "do", "does", "even", "first", "for", "from", "had", "has", "have", "how",
                            "in", "is", "it", "its", "just", "less", "may", "might", "more", "most", "must", "new",
                            "of", "on", "one", "only", "or", "other", "over", "second", "should", "so", "some",
                            "still", "such", "than", "that", "the", "their", "them", "there", "these", "they",
                            "third", "this", "those", "to", "together", "two", "under", "was", "were", "what", "when",
                            "where", "while", "who", "will", "with", "would"})
# the small words a name may hold between its capitalised words ("Bureau of Industry and
# Security", "Banque de France"): skipped in initials, allowed lower-case in a proper name
NAME_JOINERS = frozenset({"of", "and", "for", "the", "on", "in", "to", "de"})


@lru_cache(maxsize=1 << 16)
def norm_word(word: str) -> str:
    """The compared form of one word: folded, then the forgiving search's one form
    (``kg.index.variants.key``: plural -s/-es/-ies dropped, British spellings mapped to American),
    except short words, words with digits and the words listed in ``_INVARIANT`` ("news",
    "series", "kubernetes"), which stay as they are (remembered: a text repeats its words)."""
    w = fold(word)
    if w in _INVARIANT or len(w) <= 3 or not w.isalpha():
        return w
    return variant_key(w)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    norm: str

    @property
    def is_upper(self) -> bool:
        return self.text.isupper()

    @property
    def is_title(self) -> bool:
        return self.text[:1].isupper()


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The word tokens of ``text[start:end]``; a possessive 's (or ’s) after a word is dropped, and
    initials joined by dots ("U.S.", "E.U.") are one token whose norm is the letters ("us").
    Remembered for the last few thousand spans (the rules read each sentence several times)."""
    return list(_tokens(text, start, len(text) if end is None else end))


@lru_cache(maxsize=1 << 13)
def _tokens(text: str, start: int, end: int) -> tuple[Token, ...]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        if word.lower() == "s" and out and m.start() >= 1 and text[m.start() - 1] in "'’" and out[-1].end == m.start() - 1:
            continue  # the possessive of the previous word
        if len(word) == 1 and word.isupper() and out and out[-1].end + 1 == m.start() and text[out[-1].end] == "." \
                and all(c.isupper() for c in out[-1].text.split(".")) and max(map(len, out[-1].text.split("."))) == 1:
            # initials: "U.S." is one word, compared as "us" (the same as "US")
            prev = out.pop()
            word = text[prev.start:m.end()]
            out.append(Token(word, prev.start, m.end(), word.replace(".", "").casefold()))
            continue
        out.append(Token(word, m.start(), m.end(), norm_word(word)))
    return tuple(out)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Sentences (and list items, headings: every line break ends one), trimmed of spaces."""
    out: list[Sentence] = []
    pos = 0
    cuts = []
    for m in _SENTENCE_END.finditer(text):
        before = text[max(0, m.start() - 6):m.start()].rstrip(".!?…\"”’»)]").split()
        last = before[-1].casefold().rstrip(".").lstrip("([\"“‘«") if before else ""     # "(Oct. 13)" goes on
        if "\n" not in m.group() and (last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha())):
            continue
        cuts.append((m.start(), m.end()))
    for cut_start, cut_end in [*cuts, (len(text), len(text))]:
        chunk = text[pos:cut_start]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append(Sentence(pos + lead, pos + trail, text[pos + lead:pos + trail]))
        pos = cut_end
    return out


def sentence_at(sents: list[Sentence], start: int, end: int) -> Sentence | None:
    for s in sents:
        if s.start <= start < s.end or (s.start < end <= s.end):
            return s
    return None


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A span moved out to word boundaries (anchors never cut a word)."""
    start, end = max(0, start), min(len(text), end)
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
