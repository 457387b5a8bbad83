"""What kind of organisation (or person, app, outlet) a name is, from the words the text puts
around it, and names two names glued into one.

Evidence from the words around a name (``kind_around``), checked before the name's own shape
except a legal form or a country:

- an apposition right after it, "X, a Washington think tank", "X, the business magazine",
  "X, an AI coding app": the appositive's head noun tells the kind (``_APPOSED``); so does a
  noun right after it that names its sort ("the X news agency", "the X think tank");
- "told the X", "writing in X", "in an interview with X", "an op-ed in X", "a report in X",
  "first reported by X", "X first reported", "X reported that", "told X in an interview": an outlet (people are not
  told "the"; one writes in a publication);
- a lowercase head of a law after the name: "the AI Diffusion rule", "the GAIN AI bill" (two words
  or an acronym: "the Biden rule" is a person's);
- "posted on X", "wrote on X", "warned on X", "a post on X": a platform (``Software``);
- teaching or research staff after a name ("a former UCLA ... adjunct professor", "CNAS experts") or a
  research centre of its own ("RAND's ... Center"): a university or think tank (``Actor``);
- "the head of the ... regulator, X": the name after an office of a body is the
  person holding it, not the body (a bare "the regulator, X" is the body).

From the name itself (``kind_of_name``): a political party ("... Party", "Party of ...") is an
``Actor``, as a university or think tank is (the ontology has no class for either), and so is a
"Council on ...", an "Endowment", a "... Forum" or a "Polytechnic"; a party's members as one
("Social Democrats", "Greens") and an "... Association" (a trade group speaking for its members,
as a "trade group" or "advocacy group" apposition says) are an ``ActorGroup``; a "News Agency", "Broadcasting",
"Television" or "Radio" is an outlet (a ``Publisher``), no body of government.

A word opening a sentence is kept as a name when such evidence says what it is, or when "X's
spokesperson" (representative, shares, chief executive, founder, board ...) follows it (``evident``).

Glued names (``unglue``): "Mary Jones of Goodwin Procter LLP" is a person and the firm she is
with; split where the words before "of" are a personal name (a given name first) and the words
after it are no place (a place after a titled person is ``titles``' case). A country's adjective
before an acronym ("the Italian ANSA news agency") is no part of its name either.
"""
from __future__ import annotations

import re

# the head noun of an apposition or of a sort named after a name -> the kind it tells
_APPOSED = {
    "Actor": r"think[- ]tank|university|institute|research (?:group|centre|center|institute)|policy (?:group|institute)|"
             r"(?:political )?party|foundation|research body",
    # groups that speak for their members (the set's convention: consumer and rights groups are ActorGroups)
    "ActorGroup": r"(?:trade|industry|lobby|lobbying|advocacy|rights|consumer|campaign|civil society|business) (?:group|body|association)|"
                  r"non-?profit|association|alliance of [\w-]+|coalition of [\w-]+",
    "Publisher": r"newspaper|news agency|agency's? wire|wire service|outlet|news site|publication|broadcaster|magazine|"
                 r"daily|tabloid|news website|newsletter|journal|weekly",
    "Software": r"app|application|platform|social network|browser|messaging service|search engine|marketplace|tool",
    "AIModel": r"chatbot|model|large language model|assistant",
    "Company": r"law firm|firm|company|startup|start-up|chipmaker|(?:chip|semiconductor) designer|foundry|manufacturer|maker|supplier|conglomerate|subsidiary|"
               r"distributor|retailer|vendor|operator|bank|fund|investor|consultancy|contractor|developer|cloud provider",
    "GovernmentBody": r"regulator|watchdog|agency|ministry|department|authority|bureau|court|commission|legislature",
    # a role only a person has: "Lennart Roe, a researcher at ..." (after "according to" too)
    "Person": r"researcher|analyst|professor|economist|lawyer|attorney|spokes(?:man|woman|person)|official|engineer|"
              r"(?:co-)?founder|chair(?:man|woman)|chief executive|managing director|"
              r"scientist|fellow|adviser|advisor|lawmaker|senator|minister|diplomat|journalist|reporter|entrepreneur",
}
_NOUN = "|".join(f"(?P<{k}>{v})" for k, v in _APPOSED.items())
# what may follow an appositive's head: punctuation, or a clause about the thing ("based in", "that makes")
_FOLLOW = (r"(?=[,.;:)\n\"”]|\s+(?:in|on|at|based|with|that|which|whose|and|known|owned|run|headquartered|founded|"
           r"of|from|backed|led|focused)\b)")     # not a verb: "In Beijing, the ministry said" is a new clause
# ", a Washington think tank", ", the business magazine", ", an AI coding app," (up to three words
# before the head, none a preposition: "a partner at the law firm" is no law firm)
_APPOSITION = re.compile(r"^,\s+(?:a|an|the|its|their|(?:[A-Z][\w.]*\s)?[A-Z][\w.]*[’']s)\s+(?:(?!(?:at|of|for|in|with|from|on|by|and|who)\b)[\w.’'-]+\s+){0,3}?"
                         r"(?:" + _NOUN + r")s?" + _FOLLOW)
# the sort named right after a name: "the Caixin news agency", "the Brookings think tank", "the Doubao app"
_SORT_AFTER = re.compile(r"^\s+(?:(?P<Actor>think[- ]tank)|(?P<Publisher>news agency|newspaper|wire service|news site)|"
                         r"(?P<Software>(?:(?:messaging|social media|chat|mobile|shopping|video)\s+)?(?:app|platform))|"
                         r"(?P<AIModel>chatbot))\b(?![\w’'-])(?!\s+stores?\b)")
# an outlet: "told the X", "writing in X", "in an interview with the X"
_OUTLET_BEFORE = re.compile(r"(?i)\b(?:(?:told|telling|speaking to|in an interview with|interviewed by)\s+the|writing in|wrote in|"
                            r"(?:first )?reported by|an? (?:(?:op-ed|column|editorial|article) (?:for|in)|report in)(?:\s+the)?)\s+$")
# "X first reported", "X reported that", "X reported, citing", "told X in an interview"
_OUTLET_AFTER = re.compile(r"^\s+(?:first reported|was (?:the )?first to report|reported(?:,? citing| that| earlier| late))\b")
_INTERVIEW = re.compile(r"\btold\s+$"), re.compile(r"^\s+in an interview\b")
# a law by its lowercase head: "the AI Diffusion rule", "the GAIN AI bill"
_MEASURE_AFTER = re.compile(r"^\s+(?:AI\s+)?(?:rule|rules|act|law|bill|regulation|regulations|directive|legislation|amendment|treaty)"
                            r"\b(?![\w’'-])")
# the name a description is known by: "the Italian regulator ..., known as the Garante"
_KNOWN_AS = re.compile(r"\b(?:" + _NOUN + r")\b[^.;\n]{0,60}?,?\s+(?:known as|called|dubbed)\s+(?:the\s+)?$")
# a firm's staff after its name: "Morgan Stanley analysts", "a former Motorola software engineer", "Bernstein analyst Jane Roe"
_FIRM_STAFF = re.compile(r"^\s+(?:analysts|economists|strategists)\b|"
                         r"^\s+(?:(?:software|hardware|chip|senior|former|top|design|research|sales|security)\s+)?"
                         r"(?:engineers?|employees?|executives?|staff)\b|^\s+(?:analyst|economist|strategist|spokes(?:man|woman|person)|"
                         r"chief executive|executive|lawyer|partner)\s+[A-Z]")     # "Bernstein analyst Jane Roe"
_WHO = re.compile(r"^\s*[,—–]\s*who\b")
# teaching and research staff after a name ("a former UCLA electrical engineering adjunct professor",
# "CNAS experts"), or a research unit of its own ("RAND's Technology and Security and Policy Center"):
# a university or think tank (firms have engineers, researchers and analysts: ``_FIRM_STAFF``)
_SCHOLARS = re.compile(r"^\s+(?:[a-z-]+\s+){0,3}?(?:professors?|lecturers?|scholars?|fellows?|experts?|faculty|alumn(?:us|a|i)|"
                       r"graduate students?)\b|^[’']s\s+(?:[A-Z][\w-]*\s+(?:(?:and|for|on|of)\s+)?){0,6}?(?:Cent(?:er|re)|Institute|School)\b")
# a platform one posts on: "posted on Truth Social", "warned on X"
_PLATFORM_BEFORE = re.compile(r"\b(?:posted|posting|wrote|shared|warned|declared|announced|said in a post|a post)\s+"
                              r"(?:\w+\s+)?on\s+(?:(?:his|her|its|their)\s+)?$")
# an office of a body just before the body's description and a name: "the head of the Italian data
# regulator, X" names the person holding it
_HOLDER = re.compile(r"\b(?:head|chief|director|chair(?:man|woman)?|president|leader|boss|secretary|commissioner|"
                     r"spokes(?:man|woman|person)|member|founder)\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?[\w’'-]+,?\s+$")
# parties, their members as one, and think tanks by their own words
_POLITICAL_GROUP = re.compile(r"^(?:Social |Christian |Free |Liberal |Green |Young )?(?:Democrats|Republicans|Greens|Liberals|"
                              r"Conservatives|Socialists|Communists|Nationalists|Tories|Labourites)$")
_OUTLET_NAME = re.compile(r"\b(?:News|Press) Agency$|\bBroadcasting\b|\bTelevision\b|\bRadio\b")
_ACTOR_NAME = re.compile(r"\bParty\b|\bEndowment\b|\bForum$|\bPolytechnic\b|^Council (?:on|for) [A-Z]|\bCouncil on [A-Z]")
# "X's spokesperson", "X's shares": X is an organisation
_SPOKES = re.compile(r"^[’']s\s+(?:\w+\s+)?(?:spokes(?:man|woman|person)|representative|press office|statement|shares|stock|"
                     r"chief executive|CEO|founder|chairman|board|headquarters|subsidiary|parent company)\b")


def kind_of_name(label: str) -> str | None:
    """The kind a name's own words tell of a party, a party's members, a trade association or a think tank."""
    if _POLITICAL_GROUP.match(label) or re.search(r"\bAssociation$", label):
        return "ActorGroup"
    if _OUTLET_NAME.search(label):
        return "Publisher"      # "Yonhap News Agency": an agency that is no body of government
    if _ACTOR_NAME.search(label):
        return "Actor"
    return None


def kind_around(label: str, text: str, start: int, end: int, place: bool = False) -> str | None:
    """The kind the words around the mention at ``start:end`` tell (see the module's description);
    of a name that is also a ``place``'s, only an apposition tells."""
    before, after = text[max(0, start - 80):start], text[end:end + 80]
    person = _person_shaped(label)
    if _HOLDER.search(before) and person:
        return "Person"
    m = _APPOSITION.match(after) or (None if place or person else _SORT_AFTER.match(after) or _KNOWN_AS.search(before))
    kind = next(k for k, v in m.groupdict().items() if v) if m else None
    if place or kind:
        return kind if kind == "Publisher" or not place else None    # "Xinhua, China's state news agency"
    if _WHO.match(after) and len(label.split()) <= 3:
        return "Person"     # "Kiet Mai—who was charged separately": "who" speaks of a person
    if _SCHOLARS.match(after) and not person and len(label.split()) <= 3:
        return "Actor"
    if _FIRM_STAFF.match(after):
        return "Company"    # "Morgan Stanley analysts said": the firm, though its first word is a given name
    if (_OUTLET_BEFORE.search(before) or _OUTLET_AFTER.match(after) or _INTERVIEW[0].search(before)
            and _INTERVIEW[1].match(after)) and not person:
        return "Publisher"
    if _MEASURE_AFTER.match(after) and (len(label.split()) >= 2 or label.isupper()):
        return "Measure"    # a single plain word before "rule" is more often a person's ("the Biden rule")
    if _PLATFORM_BEFORE.search(before) and len(label.split()) <= 3:
        return "Software"
    return None


def evident(text: str, start: int, end: int) -> bool:
    """Whether the words right after a name say it is one (an apposition, a sort, "X's spokesperson")."""
    after = text[end:end + 80]
    if re.fullmatch(r"[A-Z][a-z]+(?:ly|where|theless|wise)", text[start:end]):
        return False    # "Separately, the agency ...": an adverb opening a sentence
    return bool(_APPOSITION.match(after) or _SORT_AFTER.match(after) or _SPOKES.match(after) or _FIRM_STAFF.match(after))


def _person_shaped(label: str, unsure=False) -> bool:
    """Two or three words that can be a personal name, the first a given name (any first word when ``unsure`` is set)."""
    from kg.curation.propose.titles import given_name, personal_word

    words = label.split()
    return 2 <= len(words) <= 3 and all(personal_word(w) for w in words) and bool(unsure or given_name(words[0]))


_FIRM = re.compile(r"&|\b(?:LLP|LLC|Inc|Corp|Ltd|PLC|plc|GmbH|AG|SA|Bhd)\b")    # a firm for sure, whatever the name before "of"
_ADJ_ACRONYM = re.compile(r"^(?P<adj>[A-Z][a-z]+) (?P<acr>[A-Z][A-Z0-9&]{1,7})$")
_GLUED = re.compile(r"^(?P<person>\S+(?: \S+){1,2}) of (?P<org>[A-Z].*)$")


def unglue(cands: dict, text: str, make) -> dict:
    """Candidates with "Person of Organisation" split in two (see the module's description);
    ``make(proposal, start, label)`` builds the proposal of one part, its kind guessed anew."""
    from kg.curation.propose import gazetteer
    from kg.curation.propose.text import tokens

    out: dict = {}
    for key, p in cands.items():
        adj = _ADJ_ACRONYM.match(p.fields["label"])
        if adj and gazetteer.demonym(adj.group("adj")) and p.fields["label"] == p.text:
            for label, at in ((adj.group("adj"), 0), (adj.group("acr"), adj.start("acr"))):
                out.setdefault(" ".join(t.norm for t in tokens(label)), make(p, p.start + at, label))
            continue    # "the Italian ANSA news agency": the country's adjective and the agency
        m = _GLUED.match(p.fields["label"])
        org = m.group("org") if m else ""
        if not m or not _person_shaped(m.group("person"), _FIRM.search(org)) or gazetteer.is_place(org) or gazetteer.country(org) \
                or gazetteer.region(org) or p.fields["label"] != p.text:
            out[key] = p
            continue
        for label, at in ((m.group("person"), 0), (org, m.start("org"))):
            out.setdefault(" ".join(t.norm for t in tokens(label)), make(p, p.start + at, label))
    return out


# heads of names that take a country's name or adjective as their first word ("China Daily",
# "Chinese Communist Party", "Chinese Academy of Sciences"): there the country is no mention of its own
_OWNED_HEAD = re.compile(r"^(?:Post|Times|Herald|Daily|Journal|Tribune|Gazette|Mail|Party|Academy|University|Institute|Bank)$")


def country_in_name(toks: list, j: int) -> bool:
    """Whether the capitalised words from token ``j`` (right after a country's name) end, within
    three words, in the head of an organisation's name."""
    for k in range(j, min(j + 3, len(toks))):
        if not toks[k].text[:1].isupper() or toks[k].start - toks[k - 1].end != 1:
            return False
        if _OWNED_HEAD.match(toks[k].text):
            return True
    return False
