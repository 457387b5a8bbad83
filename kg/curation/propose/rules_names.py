"""Names found by rules: mentions of known nodes (every label and alias of the graph, with
case, accents, possessives and plurals ignored) and capitalised names that match nothing,
proposed as candidate entities with a guessed kind."""
from __future__ import annotations

import re
from bisect import bisect_right

from kg.core.namespaces import PK
from kg.curation.propose import gazetteer
from kg.curation.propose.aliases import coordinated, defined_acronyms, nested
from kg.curation.propose.entity_kinds import kind_of
from kg.curation.propose.lexicon import VARIANT, Lexicon, Name
from kg.curation.propose.naming import refine
from kg.curation.propose.organisations import country_in_name, unglue
from kg.curation.propose.shapes import furniture, headlines, in_headline, person_end, special_spans
from kg.curation.propose.products import model_number
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.titles import is_title
from kg.curation.propose.text import FUNCTION_WORDS, NAME_JOINERS, Sentence, Token, sentence_at, tokens

# words that do not start a name though capitalised: function words, dates, headings, participles as prepositions ("Using X")
_FUNCTION = FUNCTION_WORDS | {"according", "additionally", "ai", "although", "analysis", "another", "april", "august", "background",
                              "because", "been", "being", "both", "but", "conclusion", "copyright", "december", "despite", "each", "earlier",
                              "february", "finally", "friday", "further", "furthermore", "he", "her", "here", "his", "however", "i", "if",
                              "image", "indeed", "instead", "introduction", "january", "july", "june", "key", "later", "many", "march",
                              "meanwhile", "monday", "moreover", "my", "no", "not", "note", "november", "now", "october", "our", "overall",
                              "per", "photo", "read", "report", "saturday", "september", "she", "similarly", "since", "source", "sources",
                              "summary", "sunday", "then", "therefore", "though", "three", "thursday", "thus", "today", "tomorrow", "tuesday",
                              "unless", "until", "update", "us", "we", "wednesday", "why", "within", "without", "yesterday", "yet", "you",
                              "your", "using", "citing", "following", "including", "excluding", "regarding", "concerning", "barring"}
_BREAK = re.compile(r"[()\[\],;:!?\"“”\n]")     # a name does not run across these
_CONNECT = NAME_JOINERS - {"in", "to", "the"}     # joins two capitalised names into one ("Nvidia to China", "CNBC the H20" stay two)
_NAME_ADJ = {"new", "one", "first"}
_ITEM = re.compile(r"(?:(?:^|\n)\s*(?:[•·*▪◦-]|\d+[.)])|\s[—–:])\s+$")     # a list item's or a dash's first word
_ORG_OF = re.compile(r"^(?:Bank|University|Academy|Institute|Center|Centre|Embassy|Government|Council|Fund|Corporation|Association|Foundation|Federation|Chamber)$")
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those"}
_POSSESSIVE = re.compile(r"[’']s? ")
# "People’s Liberation Army", "Attorney’s Office": a possessive inside a name
_PLURALS = {"people", "women", "children", "men", "worker", "farmer", "veteran", "attorney", "prosecutor", "governor", "president", "mayor", "inspector"}
_HEAD = re.compile(r"^(?:Bank|Act|Bill|Rule|List|Law|Initiative|Program|Programme|Strategy|Framework|Plan|Agreement|"
                   r"Committee|Commission|Council|Department|Ministry|Agency|Bureau|Court|Administration|Authority|Office)$")


def mentions(text: str, toks: list[Token], sents: list[Sentence], lex: Lexicon) -> tuple[list[Proposal], set[int]]:
    """One proposal per known node, at its first mention (later ones listed as ``occurrences``);
    and the indexes of the tokens any known name covers. A name of two words or more inside a
    longer name is a mention too ("foreign data centre loopholes" names the data centres)."""
    first: dict[str, Proposal] = {}
    covered: set[int] = set()
    found = lex.find(toks)
    found = sorted(found + coordinated(toks, lex, found) + nested(toks, lex, found), key=lambda x: (x[0], x[1]))
    found = [f for f in found if not (str(PK.State) in getattr(lex.nodes.get(f[2].iri), "types", ()) and country_in_name(toks, f[1]))]
    for i, j, name in found:
        covered.update(range(i, j))
        start, end = toks[i].start, toks[j - 1].end
        if name.iri in first:
            first[name.iri].fields["occurrences"].append([start, end])
            continue
        node = lex.nodes.get(name.iri)
        s = sentence_at(sents, start, end)
        same = [x for x in lex.candidates(name) if x != name.iri]
        first[name.iri] = Proposal("mention", start, end, text[start:end], s.text if s else "", s.start if s else start,
                                   s.end if s else end,
                                   {"entity": name.iri, "label": node.label if node else name.label,
                                    "matched": name.label, "types": list(node.types) if node else [],
                                    "occurrences": [[start, end]], **({"alternatives": same} if same else {})})
    return list(first.values()), covered


def with_acronyms(text: str, toks: list[Token], lex: Lexicon) -> tuple[Lexicon, dict[str, str]]:
    """The lexicon with the acronyms the text defines for known names ("Full Name (FN)" where
    Full Name is a label or alias), and the other defined acronyms: acronym norm -> the norms
    of its long form (a candidate entity's key)."""
    extra: list[Name] = []
    unknown: dict[str, str] = {}
    for a, b, k in defined_acronyms(text, toks):
        long = toks[a:b]
        hit = [n for i, j, n in lex.find(long) if i == 0 and j == len(long)]
        if hit:
            extra.append(Name(hit[0].iri, toks[k].text, VARIANT, (toks[k].norm,), True))
        else:
            unknown[toks[k].norm] = " ".join(t.norm for t in long)
    if not extra:
        return lex, unknown
    return lex.extended(extra), unknown


def candidates(text: str, toks: list[Token], sents: list[Sentence], covered: set[int], lex: Lexicon,
               acronyms: dict[str, str] | None = None) -> list[Proposal]:
    """Runs of capitalised words (and chip codes such as H200) that name nothing known; an
    acronym the text defined for one of them is another occurrence of it (listed in
    ``aliases``), not a candidate of its own."""
    acronyms = acronyms or {}
    out: dict[str, Proposal] = {}
    starts = {s.start for s in sents}
    ordered = sorted(starts)
    special = {sp[0]: sp for sp in special_spans(text)}
    heads = headlines(text)
    i = 0
    while i < len(toks):
        t = toks[i]
        shape = special.get(t.start)
        j = next(k for k in range(i, len(toks) + 1) if k == len(toks) or toks[k].start >= shape[1]) if shape else i
        if shape := (None if covered.intersection(range(i, j)) else shape):
            pass    # (a list with a known name in it is none: "Ministry of Commerce, Nvidia and AMD")
        elif i in covered or not _capitalised(t) or t.norm in _FUNCTION and not (t.is_upper and len(t.text) > 1) and not _word(toks, i):
            i += 1
            continue
        elif t.start in starts and i + 2 < len(toks) and toks[i + 1].text in ("of", "for") and re.fullmatch(r"[A-Z][a-z]+[^su]s", t.text):
            i += 1      # "Shares of Tokyo Electron", "Lawyers for X": a plural common noun opening a sentence is no name's start
            continue
        elif t.start in starts and t.text.endswith("ing") and i + 1 < len(toks) and (toks[i + 1].norm in _DETERMINERS
                                                                                    or is_title(toks[i + 1].text)):
            i += 1      # "Getting the Netherlands to ...": a verb opening a sentence
            continue
        else:
            j = _run_end(text, toks, covered, i, starts)
        j = j if shape else person_end(text, toks, covered, i, j)
        run = toks[i:j]
        i = j
        while not shape and len(run) > 1 and run[0].text[:1].isdigit():
            run = run[1:]       # "500MW Kulai": the figure before the name is no part of it
        if not shape and (_not_a_name(text, run) or furniture(text, run)):
            continue
        label = shape[2] if shape else text[run[0].start:run[-1].end]
        if in_headline(heads, run[0].start):
            continue  # a headline's name counts where the body names it
        at = bisect_right(ordered, run[0].start)
        lead = text[ordered[at - 1] if at else 0:run[0].start]
        sentence_first = not lead.strip(" \"“‘'([") or (run[0].start > 0 and text[run[0].start - 1] in "\n.") \
            or bool(_ITEM.search(text, max(0, run[0].start - 12), run[0].start))
        # a capital at the start of a sentence says nothing by itself: such a word is kept only
        # if it turns out to be a surname, an acronym or a place (``naming.refine``)
        initial = len(run) == 1 and sentence_first and not (t.is_upper or any(c.isdigit() for c in t.text))
        if len(label) < 2 or label.isdigit() or " ".join(x.norm for x in run) in lex.known_norms:
            continue
        plural = not shape and re.fullmatch(r"[A-Z]{1,3}\d{2,4}[A-Z]?s", label)
        label = label[:-1] if plural else label     # "shipping H20s": the chip H20
        key = " ".join(x.norm for x in (tokens(label) if shape or plural else run))
        if key in acronyms:
            if acronyms[key] in out:
                long = out[acronyms[key]].fields
                long["occurrences"].append([run[0].start, run[-1].end])
                if label not in long.setdefault("aliases", []):
                    long["aliases"].append(label)
            continue
        key = "\0" + state if not shape and (state := gazetteer.country(label)) else key   # "UK", "Britain": one country
        if key in out:
            out[key].fields["occurrences"].append([run[0].start, run[-1].end])
            if key[0] == "\0" and label not in [out[key].fields["label"], *out[key].fields.setdefault("aliases", [])]:
                out[key].fields["aliases"].append(label)
            if not initial:
                out[key].fields.pop("initial", None)
            if out[key].fields["kind_guess"] == "Company" and not shape:
                # "Company" is also the kind of a name nothing told apart; a later mention that
                # tells ("Ascend chips", "said ...") decides
                later = kind_of(label, text, run[0].start, run[-1].end)
                if later != "Company":
                    out[key].fields.update({"class": str(PK[later]), "kind_guess": later})
            continue
        s = sentence_at(sents, run[0].start, run[-1].end)
        cls = (shape[3] if shape else None) or kind_of(label, text, run[0].start, run[-1].end)
        out[key] = Proposal("entity", run[0].start, run[-1].end, text[run[0].start:run[-1].end], s.text if s else "",
                            s.start if s else 0, s.end if s else len(text),
                            {"label": label, "class": str(PK[cls]), "kind_guess": cls, "iri": None,
                             "occurrences": [[run[0].start, run[-1].end]],
                             **({"aliases": list(shape[4])} if shape and shape[4] else {}),
                             **({"initial": True} if initial else {})})
    return refine(unglue(out, text, lambda p, start, label: _part(p, text, start, label)), text, lex)


def _part(p: Proposal, text: str, start: int, label: str) -> Proposal:
    """One name of a run that glued two ("Mary Jones" of "Mary Jones of Goodwin Procter LLP")."""
    end, cls = start + len(label), kind_of(label, text, start, start + len(label))
    return Proposal("entity", start, end, label, p.sentence, p.sentence_start, p.sentence_end,
                    {"label": label, "class": str(PK[cls]), "kind_guess": cls, "iri": None, "occurrences": [[start, end]]})


def _not_a_name(text: str, run: list[Token]) -> bool:
    """A run that names no entity a reader would add: a place only as an adjective ("New York-based",
    "Shenzhen-based") or words in capitals throughout (a dateline or a shouted header: "PETALING
    JAYA", "BREAKING NEWS"; an acronym is one word)."""
    if re.match(r"-(?:based|headquartered|listed|born|size|sized|style|era|class|grade|made)\b", text[run[-1].end:run[-1].end + 16]):
        return True
    return len(run) >= 2 and all(t.text.isupper() and len(t.text) >= 3 for t in run)


def _run_end(text: str, toks: list[Token], covered: set[int], i: int, starts: set[int]) -> int:
    """The end of the run of capitalised words from token ``i``: joined by connectors ("of", "for", "&"; "and" only
    inside a name with "of": "Bureau of Industry and Security", never "Japan and South Korea"), never across brackets,
    punctuation, a line break or a sentence end."""
    j = i + 1
    while j < len(toks) and j not in covered and (toks[j].start - toks[j - 1].end <= 2 or text[toks[j - 1].end:toks[j].start] == " & "
                                                  or _POSSESSIVE.fullmatch(
            text[toks[j - 1].end:toks[j].start]) and toks[j - 1].norm.split("-")[0] in _PLURALS) and toks[j].start not in starts \
            and not _BREAK.search(text[toks[j - 1].end:toks[j].start]):
        if _word(toks, j) or model_number(text, toks, j):
            j += 1
        elif toks[j].text in ("for", "of", "on") and j + 2 < len(toks) and toks[j + 1].text == "the" and _word(toks, j + 2) \
                and (_HEAD.match(toks[j - 1].text) or _ORG_OF.match(toks[j - 1].text)) and not {j + 1, j + 2} & covered:
            j += 3      # "Court for the Northern District of California", "Institute for the Study of War"
        elif toks[j].text in ("for", "of") and j + 3 < len(toks) and toks[j + 1].text == "a" and _ORG_OF.match(toks[j - 1].text) \
                and _word(toks, j + 2) and j + 2 not in covered:    # "Center for a New American Security"
            j = (j + 3 in covered and _country_end(toks, j + 3)) or j + 3
        elif toks[j].text in ("of", "for", "on") and j + 1 in covered and (_ORG_OF.match(toks[j - 1].text) or _HEAD.match(toks[j - 1].text)) \
                and _country_end(toks, j + 1):
            j = _country_end(toks, j + 1)       # "Bank of China", "Select Committee on China": a known country inside a name
            if not (j < len(toks) and j not in covered and _word(toks, j) and toks[j].start - toks[j - 1].end <= 1):
                return j                        # ("Institute for China Studies" goes on)
        elif toks[j].text in _CONNECT and j + 1 < len(toks) and _word(toks, j + 1) and j + 1 not in covered \
                and (toks[j].text != "and" or any(x.norm == "of" for x in toks[i:j]) or _head_ahead(toks, j + 1)):
            j += 2
        else:
            break
    return j


def _country_end(toks: list[Token], k: int) -> int | None:
    """The end of a country's name of one to three words from token ``k``, else None."""
    for n in (3, 2, 1):
        if k + n <= len(toks) and gazetteer.country(" ".join(t.text for t in toks[k:k + n])):
            return k + n
    return k + 1 if k < len(toks) and gazetteer.demonym(toks[k].text) else None    # "Foundation for American Innovation"


def _word(toks: list[Token], k: int) -> bool:
    """Whether token ``k`` can be a word of a name: capitalised and no function word, or "AI", "New", "One", "First"
    before another such word ("GAIN AI Act", "New York", "One Big Beautiful Bill", "First Amendment")."""
    t = toks[k]
    if not _capitalised(t):
        return False
    if t.norm not in _FUNCTION:
        return True
    return (t.text == "AI" or t.norm in _NAME_ADJ) and k + 1 < len(toks) and toks[k + 1].start - t.end <= 1 \
        and _capitalised(toks[k + 1]) and toks[k + 1].norm not in _FUNCTION


def _head_ahead(toks: list[Token], k: int) -> bool:
    """Whether the capitalised words from ``k`` end in the head of a name of a law or a body
    ("CHIPS and Science Act", "Senate Banking and Housing Committee"): "and" is inside that name."""
    while k < len(toks) and _capitalised(toks[k]) and k - 1 >= 0 and toks[k].start - toks[k - 1].end <= 1:
        if _HEAD.match(toks[k].text):
            return True
        k += 1
    return False


def _capitalised(t: Token) -> bool:     # a brand's lowercase start ("xAI", "macOS", "iPhone"; no unit: "kWh")
    return t.text[:1].isupper() or (t.text[:1].isdigit() and any(c.isalpha() for c in t.text) and t.text[:1] != "0") \
        or bool(re.fullmatch(r"[a-z]{1,4}[A-Z]{1,2}[a-z]*", t.text)) and not re.fullmatch(r"[kmµnMG][A-Z][a-z]?", t.text)


def keyword_mentions(text: str, sents: list[Sentence], lex: Lexicon, finder, known: set[str]) -> list[Proposal]:
    """Nodes named in other words than their labels: most of the weight of a label's, alias's or
    definition's concept words close together in one sentence (``kg.curation.propose.concepts``); one
    proposal per node."""
    out: dict[str, Proposal] = {}
    for s in sents:
        toks = tokens(text, s.start, s.end)
        for m in finder.matches(toks):
            iri = m.iri
            if iri in known:
                continue
            a, b = tight(m, toks)
            start, end = toks[a].start, toks[b].end
            if iri in out:
                out[iri].fields["occurrences"].append([start, end])
                continue
            node = lex.nodes[iri]
            out[iri] = Proposal("mention", start, end, text[start:end], s.text, s.start, s.end,
                                {"entity": iri, "label": node.label, "matched": "key words", "types": list(node.types),
                                 "occurrences": [[start, end]], "fuzzy": True, "score": round(m.score, 2)})
    return list(out.values())


def tight(m, toks: list[Token], most: int = 4) -> tuple[int, int]:
    """The words of a key-word match that name its node: the run of its matched words (and the
    function words between them) around its rarest word, at most ``most`` words, rather than
    the window from its first matched word to its last."""
    anchor = m.anchor if m.first <= m.anchor <= m.last else m.first
    a = b = anchor
    while b - a + 1 < most:
        left = a - 1 if a - 1 >= m.first and (a - 1 in m.used or toks[a - 1].norm in _CONNECT) else None
        right = b + 1 if b + 1 <= m.last and (b + 1 in m.used or toks[b + 1].norm in _CONNECT) else None
        if right is not None and right in m.used:
            b = right
        elif left is not None and left in m.used:
            a = left
        elif right is not None and b + 2 <= m.last and b + 2 in m.used:
            b = right
        elif left is not None and a - 2 >= m.first and a - 2 in m.used:
            a = left
        else:
            break
    while a < b and toks[b].norm in _CONNECT:
        b -= 1
    while a < b and toks[a].norm in _CONNECT:
        a += 1
    return a, b
