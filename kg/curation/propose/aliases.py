"""More ways to write a known name than the graph lists: variants generated from its labels and
aliases, and names a document defines for itself.

- demonyms: a name with a country in it is also written with the country's adjective and the
  other way round ("China's AI talent" / "Chinese AI talent", "US AI labs" / "American AI
  labs"); the table is general knowledge of countries and blocs, not of any one document;
- initials: a capitalised name of three words or more is also its initials ("Bureau of
  Industry and Security" / "BIS"), matched in capitals only;
- acronyms a text defines: "Full Name (FN)" makes FN a name of whatever Full Name names (a
  known node, or the candidate entity Full Name becomes) for the rest of that document;
- coordination: "American and Chinese AI labs" names "American AI labs" too, when the words
  after the second modifier are a known name and the first modifier with them is another.

Dotted initials ("U.S.") are one token already (``kg.curation.propose.text.tokens``).
"""
from __future__ import annotations

from kg.curation.propose.text import NAME_JOINERS, Token

# country (as a token norm) -> its adjective; several spellings of one country share a key
DEMONYMS = {"china": "chinese", "us": "american", "america": "american", "usa": "american",
            "russia": "russian", "japan": "japanese", "korea": "korean", "india": "indian",
            "taiwan": "taiwanese", "germany": "german", "france": "french", "uk": "british", "britain": "british",
            "europe": "european", "eu": "european", "netherland": "dutch", "israel": "israeli", "iran": "iranian",
            "canada": "canadian", "australia": "australian", "singapore": "singaporean", "malaysia": "malaysian",
            "vietnam": "vietnamese", "italy": "italian", "spain": "spanish", "brazil": "brazilian",
            "mexico": "mexican", "ukraine": "ukrainian", "pakistan": "pakistani", "indonesia": "indonesian",
            "thailand": "thai", "turkey": "turkish", "poland": "polish", "sweden": "swedish",
            "switzerland": "swiss", "belgium": "belgian", "austria": "austrian", "norway": "norwegian",
            "egypt": "egyptian", "nigeria": "nigerian", "kenya": "kenyan", "argentina": "argentinian",
            "chile": "chilean", "philippine": "filipino", "greece": "greek", "ireland": "irish",
            "finland": "finnish", "denmark": "danish", "portugal": "portuguese", "hungary": "hungarian"}
# adjective -> the country's comparison key (the first spelling listed)
COUNTRY_OF = {}
for _country, _adj in DEMONYMS.items():
    COUNTRY_OF.setdefault(_adj, _country)


def demonym_variants(norms: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The name's token norms with one country swapped for its adjective or the adjective for
    the country (each spelling of the country: "American" gives "US" and "America")."""
    out = []
    for k, w in enumerate(norms):
        if w in DEMONYMS:
            swaps = [DEMONYMS[w]]
        elif w in COUNTRY_OF:
            swaps = [c for c, a in DEMONYMS.items() if a == w]
        else:
            continue
        for s in swaps:
            v = norms[:k] + (s,) + norms[k + 1:]
            if v != norms and v not in out:
                out.append(v)
    return out


def initials(toks: list[Token]) -> str | None:
    """The initials of a capitalised name of at least three content words (function words
    skipped), or None."""
    content = [t for t in toks if t.norm not in NAME_JOINERS]
    if len(content) < 3 or not all(t.text[:1].isupper() and t.text.isalpha() for t in content):
        return None
    return "".join(t.text[0] for t in content).upper()


def defined_acronyms(text: str, toks: list[Token]) -> list[tuple[int, int, int]]:
    """"Full Name (FN)" in the text: (first token of the long form, its end, the acronym's
    token index). The acronym's letters are the initials of the capitalised words before the
    parenthesis, one letter each; function words may sit between them)."""
    out = []
    for k, t in enumerate(toks):
        letters = t.text.replace(".", "")
        if not (2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper()) or k == 0:
            continue
        if text[toks[k - 1].end:t.start].strip() != "(" or text[t.end:t.end + 1] != ")":
            continue
        need = letters
        i = k - 1
        while need and i >= 0:
            w = toks[i]
            if w.norm in NAME_JOINERS and need != letters:
                i -= 1
                continue
            if not w.text[:1].isupper() or w.text[0] != need[-1]:
                break
            need = need[:-1]
            i -= 1
        if not need and k - (i + 1) >= 2:
            out.append((i + 1, k, k))
    return out


def coordinated(toks: list[Token], lex, found: list[tuple]) -> list[tuple]:
    """Names hidden in a coordination: for "A and B rest" where "B rest" is a known name,
    "A rest" when that is a known name too, as (first token of A, end of rest, name)."""
    out = []
    for i, j, name in found:
        if j - i < 2 or i < 2 or toks[i - 1].norm not in ("and", "or"):
            continue
        seq = [toks[i - 2], *toks[i + 1:j]]
        for a, b, other in lex.find(seq):
            if a == 0 and b == len(seq) and other.iri != name.iri:
                out.append((i - 2, j, other))
    return out


def nested(toks: list[Token], lex, found: list[tuple], min_len: int = 2) -> list[tuple]:
    """Names inside a longer name: "foreign data centre loopholes" (a loophole) names the
    foreign data centres too. Inner names of another node, of at least ``min_len`` words, as
    (first token, end, name)."""
    out = []
    for i, j, name in found:
        if j - i <= min_len:
            continue
        inner = toks[i:j]
        for a in range(len(inner)):
            for b in range(len(inner), a + min_len - 1, -1):
                if (a, b) == (0, len(inner)):
                    continue
                hit = [n for x, y, n in lex.find(inner[a:b]) if (x, y) == (0, b - a) and n.iri != name.iri]
                if hit:
                    out.append((i + a, i + b, hit[0]))
    return out


__all__ = ["COUNTRY_OF", "DEMONYMS", "coordinated", "defined_acronyms", "demonym_variants", "initials", "nested"]
