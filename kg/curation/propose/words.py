"""Words as the concept matcher compares them (``kg.curation.propose.concepts``): a small suffix stripper
(``lemma``), verbs of acting against or for something as one class each (``cue``), negators,
stop words, and the concept words of a token sequence (``concept_words``), "U.S." and
"United States" joined into ``us``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.curation.propose.aliases import COUNTRY_OF
from kg.curation.propose.text import FUNCTION_WORDS, Token, norm_word

NEGATIVE = ("limit", "curb", "block", "reduc", "restrict", "prevent", "stop", "constrain", "hinder", "slow", "cut",
            "deny", "weaken", "undermin", "erod", "hamper", "shrink", "lower", "decreas", "tackl", "combat",
            "counter", "ban", "thwart", "choke", "narrow", "deter", "clos", "cap", "squeez", "starv", "crack",
            "prohibit", "outlaw", "forbid", "tighten", "tighter", "stricter", "loosen")
POSITIVE = ("increas", "enabl", "boost", "help", "strengthen", "expand", "fuel", "driv", "rais", "accelerat", "allow",
            "provid", "grow", "lift", "improv", "feed", "spur", "widen", "extend", "preserv", "secur", "bolster",
            "sustain", "enhanc", "advanc", "power", "give", "gave", "let", "amplif", "intensif", "speed", "support",
            "facilitat", "promot")
# words a cue stem would catch that are not cues
_NOT_CUE = ("limitless", "closer", "closely", "counterpart", "secured", "power", "advanced", "advance", "capab",
            "capital", "capacity", "cutting", "lettering", "letter", "lowercase", "banner", "bank", "provider",
            "provided", "provision", "driver", "supportive", "helpful", "growth", "given", "raised", "stopgap",
            "ban", "capabilit", "deterr", "narrative", "extended", "closing", "slowly", "cutoff")
# nouns made from cue verbs ("restrictions", "controls") are names' words, not cues, in a label
NEGATORS = {"not", "no", "without", "never", "nor", "none", "non", "neither", "t"}
# words that carry no concept: the function words and a few common verbs and adverbs
_STOP = FUNCTION_WORDS | {"about", "act", "actually", "against", "among", "any", "between", "down", "far",
                          "including", "into", "made", "make", "much", "onto", "out", "own", "party", "s", "same",
                          "taken", "through", "treated", "up", "very", "way", "well", "which", "whoever", "whose"}
_IRREGULAR = {"strength": "strong", "strengthen": "strong", "stronger": "strong", "tighter": "tight",
              "tighten": "tight", "broader": "broad", "broaden": "broad", "wider": "wide", "widen": "wide",
              "larger": "large", "higher": "high", "better": "good", "best": "good", "greater": "great",
              "data": "data", "media": "media", "chinese": "china", "american": "us", "america": "us",
              "gpu": "chip", "accelerator": "chip", "chipmaking": "chip", "semiconductor": "chip",
              "illegal": "illicit", "illegally": "illicit", "unauthorized": "illicit", "unauthorised": "illicit"}
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ers", "er", "ed", "est", "ly", "es",
             "s")


@lru_cache(maxsize=1 << 16)
def lemma(word: str) -> str:
    """A word's comparison form: folded, British spellings and plurals mapped (``norm_word``),
    a few irregular forms and demonyms mapped, then one derivational suffix stripped when at
    least four letters remain ("restricted", "restrictions" -> "restrict")."""
    w = norm_word(word.replace(".", "") if "." in word else word)
    if w in COUNTRY_OF:
        return COUNTRY_OF[w]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if not w.isalpha():
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    return _IRREGULAR.get(w, w)


@lru_cache(maxsize=1 << 16)
def cue(word: str) -> str | None:
    """``-`` or ``+`` for a verb (or adjective) of acting against or for something, else None."""
    w = word.lower()
    if w.startswith(_NOT_CUE) and w not in ("ban", "bans", "banned", "banning"):
        return None
    for s in NEGATIVE:
        if w.startswith(s):
            return "-"
    for s in POSITIVE:
        if w.startswith(s):
            return "+"
    return None


@dataclass(frozen=True)
class Word:
    """One concept word of a sentence: its class or lemma, and the token it came from."""
    key: str
    first: int      # index of the first token it covers
    last: int       # index of the last token it covers


def concept_words(toks: list[Token], label: bool = False) -> list[Word]:
    """The sentence's concept words: abbreviations such as "U.S." and the pair "United States"
    joined into ``us``, negators as ``~not``, cue verbs as ``~neg``/``~pos`` (in a text their
    lemma is kept too; in a ``label`` only the class, so "limit" there matches "restrict"
    here), stop words dropped."""
    out: list[Word] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        # U.S. / U.K. / E.U.: single capitals joined by dots
        if len(t.text) == 1 and t.text.isupper() and i + 1 < len(toks) and len(toks[i + 1].text) == 1 \
                and toks[i + 1].text.isupper() and toks[i + 1].start == t.end + 1:
            out.append(Word(_IRREGULAR.get(t.text.lower() + toks[i + 1].text.lower(),
                                           t.text.lower() + toks[i + 1].text.lower()), i, i + 1))
            i += 2
            continue
        if t.norm == "united" and i + 1 < len(toks) and toks[i + 1].norm in ("state", "states"):
            out.append(Word("us", i, i + 1))
            i += 2
            continue
        n = t.norm
        if n == "whether" and not label:
            # "whether X" puts X and its negation both in play (a name with a negator is named)
            out.append(Word("~not", i, i))
            i += 1
            continue
        if n in NEGATORS:
            if n != "t" or (t.start >= 1 and i > 0 and toks[i - 1].end == t.start - 1):
                out.append(Word("~not", i, i))
            i += 1
            continue
        if n in _STOP:
            i += 1
            continue
        c = cue(t.text)
        if c:
            out.append(Word("~neg" if c == "-" else "~pos", i, i))
        if not (c and label):
            out.append(Word(lemma(t.text), i, i))
        i += 1
    return out


_AUXILIARY = {"do", "does", "did", "is", "are", "was", "were", "will", "would", "can", "could", "has", "have", "had",
              "should", "may", "might", "must", "t"}


def elliptical(toks: list[Token], i: int) -> bool:
    """Token ``i`` is a negator ending an elliptical clause ("..., and another where it does
    not."; "or not"): an auxiliary (or "or") before it, and the end of the sentence or a
    punctuation mark after it. Such a negator denies the words before it, however far."""
    if toks[i].norm not in NEGATORS or i == 0 or toks[i - 1].text.lower() not in _AUXILIARY | {"or"}:
        return False
    return i + 1 == len(toks) or toks[i + 1].start - toks[i].end >= 2
