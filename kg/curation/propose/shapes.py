"""Shapes of names a plain run of capitalised words misses, and lines that name nothing on their own.

- a person with a nickname in quotes ("Yih-Shyan “Wally” Liaw", label without the nickname);
- a law with its acronym in brackets before its head ("Guaranteeing Access and Innovation for
  National Artificial Intelligence (GAIN AI) Act" is the GAIN AI Act);
- a law whose title has capitalised small words ("Stop Stealing Our Chips Act", "No Adversarial
  AI Act") is one name;
- a body of government whose name lists portfolios ("Ministry of Investment, Trade and Industry",
  "Senate Committee on Commerce, Science and Transportation"; a committee's fields may have several
  words: "Subcommittee on East Asia, the Pacific and International Cybersecurity Policy");
- a body of government described in lower case, owned by a country (or its adjective) or given
  an acronym ("Malaysia's trade ministry", "the Chinese embassy", "the investment, trade and
  industry ministry (Miti)", "China's central bank"): the description is its name, as written;
- a government named by its place or its leader in lower case ("the Johor state government",
  "the Kishida government"): a place's is a body of government, a leader's an administration (a
  country's government is the country's node or the country, as before);
- a person's name a run of capitals cuts short: a romanised given name with a lowercase part after
  its hyphen ("Choi Sang-mok"), a given name before a surname that a known name covers ("Joe" of
  "President Joe Biden’s administration", where "Biden’s administration" is a known node);
- a university with its campus after a comma ("University of California, Berkeley") is one name;
- a name with a dotted version after a hyphen ("GLM-4.5") is an AI model;
- headline lines (short, most words capitalised, no closing stop) name nothing on their own: a
  name there is proposed when the body names it too.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from kg.curation.propose import gazetteer
from kg.curation.propose.aliases import COUNTRY_OF
from kg.curation.propose.entity_kinds import PUBLISHERS

_NICK = re.compile(r"\b(?P<first>[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)\s+[\"“'‘](?P<nick>[A-Z][a-z]+)[\"”'’]\s+"
                   r"(?P<last>[A-Z][a-z]+)\b")
_PORTFOLIOS = re.compile(r"\b(?:(?!(?:The|A|An|In|On|At|For|And|But|Its|Their|This|That) )[A-Z][a-z]+ )*(?:Ministry|Department|Bureau|Office|Commission|Agency|Council|Committee) "
                         r"(?:of|on|for) [A-Z][\w-]+"
                         r"(?:, [A-Z][\w-]+)*,? (?:and|&) [A-Z][\w-]+")
# a committee whose name lists its fields of several words: "Subcommittee on East Asia, the Pacific
# and International Cybersecurity Policy"
_W = r"(?:the )?[A-Z][\w-]+(?: [A-Z][\w-]+){0,3}"
_COMMITTEE = re.compile(r"\b(?:(?!(?:The|A|An|In|On|At|For|And|But|Its|Their|This|That) )[A-Z][a-z]+ )*(?:Subcommittee|Committee) "
                        r"(?:on|for) " + _W + r"(?:, " + _W + r")*,? (?:and|&) " + _W)
# a law named by its long title with the acronym in brackets before its head: "Guaranteeing Access
# and Innovation for National Artificial Intelligence (GAIN AI) Act" is the GAIN AI Act
_ACRONYM_LAW = re.compile(r"\b(?P<long>[A-Z][\w-]*(?:\s+(?:(?:and|for|of|the|to|on|in)\s+)?[A-Z][\w-]*)+)\s+"
                          r"\((?P<acr>[A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*)?)\)\s+(?P<head>Act|Bill)\b")
_BODY_WORDS = r"(?:ministry|department|agency|regulator|central bank|commission|presidential office|cabinet office|embassy)"
_DESCRIBED = re.compile(r"(?P<owner>\b(?!(?:The|A|An|Its|Their|This|That) )[A-Z][a-z]+(?: [A-Z][a-z]+)?(?:[’']s)?\s+)?(?P<desc>(?<![\w’'])(?:[a-z]+,?\s+(?:and\s+)?){0,4}?)"
                        r"(?P<head>" + _BODY_WORDS + r")\b(?P<acr>\s*\((?:[A-Z][A-Za-z]{1,7})\))?")
# a university with its campus after a comma: "University of California, Berkeley"
# a law whose title has capitalised small words ("Stop Stealing Our Chips Act", "the No Adversarial AI Act"),
# where a plain run of capitals would stop at the small word
_TITLED_LAW = re.compile(r"(?<![\w’'.-])(?!(?:The|A|An|This|That|Its|Their|Under|With|By|If|As|But|And)\s)(?:[A-Z][\w’'-]*\s){2,9}(?:Act|Bill)\b")
_LAW_SMALL = {"No", "Not", "Our", "Your", "Their", "My", "To", "For", "And", "The", "Of", "On", "In", "With", "From", "Against", "All"}
_CAMPUS = re.compile(r"\bUniversity of [A-Z][a-z]+(?: [A-Z][a-z]+)?, (?P<campus>[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?=[,.;)]|\s+(?:and|said|says|has|is|was|in)\b)")
# a name with a dotted version after a hyphen: a model ("GLM-4.5", "Qwen-2.5")
_VERSIONED = re.compile(r"\b[A-Z][A-Za-z]{1,15}-\d+(?:\.\d+)+[a-z]?\b(?!\.\d)")
# the name a description is known by: "..., known as the Garante", "(called the X)"
_NAMED_AS = re.compile(r"[^.;\n]{0,60}?,?\s+\(?(?:known as|called|dubbed)\s+(?:the\s+)?[A-Z]")

_GOVERNED = re.compile(r"\b(?P<owner>(?!(?:The|A|An|Its|Their|This|That|Our|His|Her) )[A-Z][a-z]+(?: [A-Z][a-z]+)?) "
                       r"(?:(?:state|provincial|federal|municipal|city|local) )?(?P<head>government|administration)\b")

# names a photo credit gives (page furniture), concept acronyms defined by lowercase words, and
# single capitalised words listed before a lowercase plural head ("the Commerce, Energy and
# Treasury departments": parts of names, not names)
_LISTED_TITLE = re.compile(r"^(?:,\s*[A-Z][a-z]+)*,?\s+(?:and\s+)?[A-Z][a-z]+\s+(?:Minister|Secretary)\b")
_CREDIT = re.compile(r"\b(?:(?:Credit|Photo|Image|Picture|Pic)s?\s*[:/]|(?:Photo|Image|Picture)s? by "
                     r"|(?:(?:Additional )?[Rr]eporting|Editing|Writing|Written|Edited|Compiled|Reported) by )[^\n.)]*$")
# a byline: a short line of its own opening with "By" and a capitalised name ("By Kimber Cooley, associate editor")
_BYLINE = re.compile(r"[ \t]*By [A-Z][^\n\d]{0,70}$")
# an author's note, at a page's head or foot: "X is a senior correspondent for ...", "About the author: ...",
# "X and Y contributed reporting"
_AUTHOR_NOTE = re.compile(r"[ \t]*(?:About the (?:author|writer)s?\b|(?:[A-Z][\w.’'-]*\s+){1,3}(?:is|was)\s+(?:a|an|the)\s+"
                          r"(?:[\w-]+\s+){0,3}?(?:correspondent|reporter|editor|journalist|writer|columnist|contributor|freelancer)\b"
                          r"|(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}(?:,\s+|,?\s+and\s+))*[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}\s+"
                          r"contributed\s+(?:to\s+(?:this|the)\s+(?:report|story|article)|reporting)\b)")
# a line addressed to the reader: a newsletter prompt, an app's banner, a field to fill ("Sign up for the
# X newsletter", "Enter a story ID in the field below", "Follow X on Google News")
_TO_READER = re.compile(r"[ \t]*(?:Get [^\n]{0,80}?(?:inbox|delivered)[^\n.]*\.\s+)?(?:Sign up|Subscribe|Register|Enter|Click|Tap|"
                        r"Download|Follow(?= )|Share (?:this|on)|Read more|Watch|Listen)\b[^\n]{0,160}?"
                        r"\b(?:newsletters?|inbox|below|here|app|alerts|podcast|Google News|Telegram|WhatsApp)\b")
# a caption's credit at the end of its line: "... at dusk. Jon Arvid/Stockvane via Grimly Images"
_CAPS_WORDS = r"[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){0,3}"
_CAPTION_CREDIT = re.compile(r"(?:^|(?<=[.)])\s+)" + _CAPS_WORDS + "/" + _CAPS_WORDS + r"(?: via " + _CAPS_WORDS + r")?[ \t]*$", re.M)
_LISTED = re.compile(r"^(?:,\s*(?:and\s+|or\s+)?[A-Z][a-z]+)*,?\s+(?:and\s+|or\s+)?(?:[A-Z][a-z]+\s+)?"
                     r"(?:departments|ministries|agencies|committees|bureaus|commissions|offices|companies)\b")


def described_bodies(text: str) -> list[tuple[int, int, str, str | None, list[str]]]:
    """Bodies of government a text names by a lowercase description with a country as owner or
    an acronym after it (see the module's description)."""
    out, named = [], set()
    for m in _DESCRIBED.finditer(text):
        owner = (m.group("owner") or "").strip()
        country = owner[:-2] if owner[-2:] in ("’s", "'s") else gazetteer.demonym(owner) if owner else ""
        if not (m.group("acr") or country and (gazetteer.country(country) or gazetteer.capital_of(country))):
            continue
        if (country, m.group("head")) in named or _NAMED_AS.match(text, m.end()):
            named.add((country, m.group("head")))
            continue    # "the Italian regulator ..., known as the Garante": the name it is known by is the name
        if not m.group("desc") and not m.group("acr") and m.group("head") in ("ministry", "department", "agency"):
            continue    # "China's ministry": no name
        start = m.start("desc") if m.group("desc") else m.start("head")
        label = text[m.start():m.end("head")] if owner else text[start:m.end("head")]
        out.append((start, m.end("head"), label, "GovernmentBody", [m.group("acr").strip(" ()")] if m.group("acr") else []))
    return out


def governments(text: str) -> list[tuple[int, int, str, str | None, list[str]]]:
    """Governments named by their place or leader in lower case (see the module's description)."""
    from kg.curation.propose.titles import personal_word

    out = []
    for m in _GOVERNED.finditer(text):
        owner = m.group("owner")
        if gazetteer.country(owner) or gazetteer.demonym(owner) or owner.casefold() in COUNTRY_OF:
            continue    # "the Korean government": the country's, as before
        if gazetteer.region(owner) or gazetteer.is_place(owner, "in") or gazetteer.capital_of(owner):
            out.append((m.start(), m.end(), m.group(0), "GovernmentBody", []))
        elif " " not in owner and personal_word(owner) and text[m.start() - 2:m.start()] not in (". ", "\n") and m.start():
            out.append((m.start(), m.end(), m.group(0), "Administration", []))
    return out


def person_end(text: str, toks: list, covered: set[int], i: int, j: int) -> int:
    """The end of the run ``toks[i:j]`` with the parts of a person's name it cut off (see the
    module's description)."""
    from kg.curation.propose.titles import given_name, personal_word

    if j < len(toks) and j - i >= 2 and j not in covered and text[toks[j - 1].end:toks[j].start] == "-" \
            and re.fullmatch(r"[a-z]{2,5}", toks[j].text) and re.fullmatch(r"[A-Z][a-z]{1,4}", toks[j - 1].text) \
            and not re.match(r"(?:based|born|listed|made|sized?|style|era|class|grade)\b", toks[j].text):
        return j + 1
    if j < len(toks) and j not in covered and text[toks[j - 1].end:toks[j].start] in ("’", "'") \
            and re.fullmatch(r"[a-z]{2,4}", toks[j].text) and toks[j].text not in ("ll", "re", "ve"):
        return j + 1    # "Xi’an": an apostrophe inside a romanised name
    if j < len(toks) and j in covered and toks[j].start - toks[j - 1].end == 1 \
            and given_name(toks[j - 1].text) and personal_word(toks[j].text) and personal_word(toks[j - 1].text):
        return j + 1
    return j


def special_spans(text: str) -> list[tuple[int, int, str, str | None, list[str]]]:
    """(start, end, label, kind or None, aliases) of the shapes a plain run of capitals misses."""
    out = [(m.start(), m.end(), f"{m.group('first')} {m.group('last')}", "Person", [m.group("nick")])
           for m in _NICK.finditer(text)]
    out += [(m.start(), m.end(), m.group(0), "GovernmentBody", []) for m in _PORTFOLIOS.finditer(text)]
    out += [(m.start(), m.end(), m.group(0), "GovernmentBody", []) for m in _COMMITTEE.finditer(text)
            if not any(a <= m.start() < b for a, b, *_ in out)]
    out += [(m.start(), m.end(), f"{m.group('acr')} {m.group('head')}", "Measure", [f"{m.group('long')} {m.group('head')}"])
            for m in _ACRONYM_LAW.finditer(text)]
    out += [(m.start(), m.end(), m.group(0), "Measure", []) for m in _TITLED_LAW.finditer(text)
            if _LAW_SMALL & set(m.group(0).split()[:-1]) and not any(a <= m.start() < b for a, b, *_ in out)]
    out += [(m.start(), m.end(), m.group(0), "Actor", []) for m in _CAMPUS.finditer(text) if not gazetteer.country(m.group("campus"))]
    out += [(m.start(), m.end(), m.group(0), "AIModel", []) for m in _VERSIONED.finditer(text)]
    return sorted(out + described_bodies(text) + governments(text))


_TITLE_SMALL = re.compile(r"(?<=[\w,] )(?:Its|To|On|For|And|The|With|From|Over|After|Who|Will|In|Of|At|By|As|Is|Are)\b")


def headlines(text: str) -> list[tuple[int, int]]:
    """Lines that read as headlines or page furniture: no stop at the end, no sentence ending
    inside (a stored text's last line may be cut off mid-sentence), at least half the longer
    words capitalised; or, whatever their end, written in capitals throughout ("WHAT'S THE
    STORY?", an "AD" marker) or capitalising every longer word of five or more and a small word
    inside (a headline in title case that ends in a quote: "X: “We Will Never Let Y
    ...”"; a sentence keeps its small words in lower case), or every one of seven or more (a
    promotion: "Get Full ... Transcripts, Videos, & Alerts Forever!")."""
    out, pos = [], 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", line) if len(w) > 3]
        caps = sum(w[0].isupper() for w in words)
        letters = [c for c in line if c.isalpha()]
        if line.strip() and not line.lstrip().startswith("(") and line.rstrip()[-1:] not in ".?!\"”" and words \
                and not _sentence_inside(line) and caps >= max(1, len(words) / 2) \
                or len(letters) >= 2 and all(c.isupper() for c in letters) and len(line) < 80 \
                or len(words) >= 5 and caps == len(words) and (_TITLE_SMALL.search(line) or len(words) >= 7) \
                and not _sentence_inside(line):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _sentence_inside(line: str) -> bool:
    """Whether a sentence ends inside ``line``; a short capitalised word's dot is an abbreviation
    ("9th Circuit Reverses Calif. Court's Acquittal")."""
    return any(not re.fullmatch(r"[A-Z][a-z]{0,4}", m.group(1)) for m in _STOP_INSIDE.finditer(line))


_STOP_INSIDE = re.compile(r"(\w*[a-z)])[.?!][\"”’]?\s+[A-Z]")


def in_headline(heads: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of ``heads`` (``headlines``: lines in text order, apart)."""
    at = bisect_right(heads, (pos, float("inf"))) - 1
    return at >= 0 and heads[at][0] <= pos < heads[at][1]


def furniture(text: str, run: list[Token]) -> bool:
    """A run that is no name a reviewer would add: in a photo credit, an author's note or a line to
    the reader, a concept's acronym ("electronic design automation (EDA)"), a word of a list of
    names' parts before their lowercase head or of a title ("Economy, Trade and Industry
    Minister"), or the start of a country's formal name."""
    a, b = run[0].start, run[-1].end
    line = text.rfind("\n", 0, a) + 1
    if (_CREDIT.search(text, line, a) or _BYLINE.match(text[line:text.find("\n", b) % (len(text) + 1)])
            or _AUTHOR_NOTE.match(text, line) or _in_caption_credit(text, line, a) or _TO_READER.match(text, line) and not gazetteer.is_place(text[a:b])) \
            and not PUBLISHERS.search(text[a:b]) or len(run) == 1 and _LISTED.match(text[b:b + 120]):
        return True
    if run[-1].text in ("Republic", "Kingdom", "Federation") and text[b:b + 4] == " of ":
        return True     # "People’s Republic of China": the country's name, whose known part is its mention
    if _LISTED_TITLE.match(text[b:b + 80]):
        return True     # "Economy, Trade and Industry Minister X": portfolios of a title
    word = run[0].text
    if len(run) == 1 and word.isupper() and text[a - 1:a] == "(" and text[b:b + 1] == ")":
        longs = re.findall(r"[A-Za-z][\w-]*", text[max(0, a - 80):a - 1])[-len(word):]
        return len(longs) == len(word) and all(w.islower() for w in longs) \
            and "".join(w[0] for w in longs).upper() == word.upper()
    return False


def _in_caption_credit(text: str, line: int, a: int) -> bool:
    m = _CAPTION_CREDIT.search(text, line, (text.find("\n", a) + 1 or len(text) + 1) - 1)
    return bool(m) and m.start() <= a
