"""The words of reported speech: verbs of saying and the epistemic status they give, the nouns
that name a speaker by role ("the spokesperson", "prosecutors", "people familiar with the
matter"), the descriptions that stand for an actor or a document ("the ministry", "the
indictment"), and what a text tells about a person (a title, "X said she").

Used by ``kg.curation.propose.speakers`` (who says what) and ``relays`` (what a document passes on).
"""
from __future__ import annotations

import re
from functools import lru_cache

_VERBS = {
    "Assertion": "said say says told stated states noted notes added wrote writes reported reports asserts asserted "
                 "highlights highlighted cited claims claimed clarified emphasised emphasized assured reaffirmed revealed "
                 "stressed explained confirmed reiterated disclosed vowed vows pledged commented comments remarked "
                 "testified testifies",
    "Opinion": "argues argued believes believed thinks contends suggests suggested insists insisted",
    "Warning": "warns warned cautions cautioned",
    "Recommendation": "urges urged recommends recommended calls called",
    "Allegation": "alleges alleged accused accuses",
    "Forecast": "predicts predicted expects forecasts",
    "Estimate": "estimates estimated",
}
SAY = {verb: status for status, verbs in _VERBS.items() for verb in verbs.split()}    # verb -> epistemic status
# more verbs a speaker uses: denials and characterisations ("described X as", "called X Y"),
# and the plain forms a plural subject takes ("prosecutors allege", "analysts warn"): a plain
# form is a verb only after its subject, never after a determiner ("an estimate", "a claim")
_MORE = {
    "Assertion": "denies denied deny note stress confirm insist mentioned mentions",
    "Opinion": "describes described describe characterised characterized frames framed argue believe contend "
               "disputed disputes touted touts "
               "criticised criticized criticises criticizes condemned condemns slammed questioned",
    "Warning": "warn caution",
    "Recommendation": "urge recommend",
    "Allegation": "allege accuse",
    "Forecast": "predict expect",
    "Estimate": "estimate",
}
SPEECH = {**SAY, **{verb: status for status, verbs in _MORE.items() for verb in verbs.split()}}
PLAIN = set(_MORE["Warning"].split() + _MORE["Recommendation"].split() + _MORE["Allegation"].split() +
            _MORE["Forecast"].split() + _MORE["Estimate"].split() + "say deny note stress confirm insist "
            "describe argue believe contend".split())
NOT_BEFORE_PLAIN = {"the", "a", "an", "this", "that", "its", "their", "his", "her", "our", "my", "your", "no", "any",
                    "to", "would", "could", "might", "may", "should", "will", "can", "must", "not", "s"}
# phrases that say something as a verb does: "made it clear that", "issued a statement"
PHRASES = re.compile(r"\b(?:made (?:it )?clear|voiced (?:(?:its|his|her|their) )?(?:\w+ )?(?:opposition|concerns?|support|alarm|doubts?|displeasure)|"
                     r"(?:issued|released|put out) (?:a|an) (?:\w+ )?(?:statement|warning|appeal)|express(?:ed|es)? "
                     r"(?:(?:its|his|her|their) )?(?:\w+ )?(?:concerns?|opposition|support|hope|regret|dissatisfaction|"
                     r"intent|intention|view|belief|confidence|willingness|readiness|doubts?)|"
                     r"raised concerns?|posted\s+(?:on|to)(?:\s+[\w-]+){1,3}?(?=\s+that\b))\b", re.I)
# a document's verbs ("court documents show", "the filing shows")
SHOW = {"show", "shows", "showed", "indicate", "indicates", "indicated"}
# verbs that say something only when what is said follows ("she added that", "..., he added."),
# not with an object ("has added 14 companies", "announced new rules")
BARE = {"add", "added", "adds", "announced", "announces"}
# verbs that say something only before "that": "the court ruled that", "researchers found that"
THAT_ONLY = {"ruled", "found", "concluded", "held", "determined", "acknowledged", "admitted", "agreed", "argue",
             "observed", "countered", "replied", "responded",
             "conceded", "maintained", "maintains", "signalled", "signaled", "indicated"}
# verbs that attribute only when they close a quotation ("...,” the letter continued.")
CLOSING_ONLY = {"continued", "concluded", "went on"}
# what a word before a verb makes it an adjective or a noun: "the alleged effort", "its stated aim"
DETERMINERS = {"the", "a", "an", "this", "its", "their", "his", "her", "our", "my", "your", "no", "any"}
# a bare plural noun as the subject of a plain verb: "Industry trackers estimate that"
PLURAL_NP = re.compile(r"(?:^|(?<=[,;:—–(”\"])\s*|\b(?:and|but|while|as|whereas)\s+)(?P<np>(?P<det>(?:some|many|most|several|"
                       r"other|two|three|the|these|those|\d+)\s+)?(?:[\w’'-]+\s+){0,2}?(?P<head>[A-Za-z][\w-]*[a-rt-zA-RT-Z]s))\s*$")
# a thing said or written, after which a participle of saying needs no comma: "opened the hearing
# saying", "sent a letter alleging", "issued a statement warning"
SAID_THING = re.compile(r"\b(?:the|a|an|its|his|her|their|this)\s+(?:[\w-]+\s+){0,2}?(?:hearing|statement|letter|post|"
                        r"speech|remarks|note|complaint|lawsuit|filing|memo|release|video|interview|testimony|briefing|"
                        r"message|op-ed|editorial|petition|motion|address|session|meeting)\s*$", re.I)
# one quoted by another: "The Financial Times cited a U.S. official as saying that", "quoted X as warning"
CITED = re.compile(r"\b(?:cited|quoted|cites|quotes|citing|quoting)\s+(?P<who>(?:[^.;:“”\"]|\.(?=\S|\s+[a-z])){2,80}?)\s+as\s+$", re.I)
# participles of verbs of saying after a comma: "..., warning that", "..., saying"
PARTICIPLES = {"saying": "Assertion", "warning": "Warning", "arguing": "Opinion", "noting": "Assertion",
               "adding": "Assertion", "claiming": "Assertion", "insisting": "Assertion", "stressing": "Assertion",
               "urging": "Recommendation", "stating": "Assertion", "alleging": "Allegation", "calling": "Recommendation",
               "confirming": "Assertion", "denying": "Assertion", "reiterating": "Assertion", "asserting": "Assertion",
               "acknowledging": "Assertion", "accusing": "Allegation", "defending": "Opinion"}

ACTOR_KINDS = {"State", "GovernmentBody", "Company", "AILab", "Publisher", "Person", "Administration", "ActorGroup",
               "Coalition", "Actor"}
PRONOUN = {"it", "he", "she", "they"}
PRONOUN_KINDS = {"he": {"Person"}, "she": {"Person"}, "it": ACTOR_KINDS - {"Person"},
                 "they": ACTOR_KINDS - {"Person"}}
# nouns that name a person (or people) by their role: who speaks for someone, or a source the
# text does not name; singular and plural
ROLES = ("spokesperson spokesman spokeswoman spokespeople spokespersons spokesmen spokeswomen chairman chairwoman "
         "chair minister ministers secretary official officials representative representatives director directors "
         "executive executives president chief analyst analysts envoy ambassador prosecutor prosecutors attorney "
         "attorneys lawyer lawyers investigator investigators expert experts source sources people person insider "
         "insiders lawmaker lawmakers legislator legislators senator senators critic critics economist economists "
         "diplomat diplomats aide aides adviser advisers advisor advisors researcher researchers judge CEO CEOs "
         "authorities officer officers employee employees engineer engineers observer observers member members group "
         "coalition panel delegation alliance witness witnesses "
         # a person named by what they are rather than the office they speak for ("the tech mogul")
         "mogul moguls billionaire tycoon magnate entrepreneur businessman businesswoman boss head").split()
# roles that speak for the body they name: "a spokesperson for X", "Commerce Department officials" are X; "members
# of X", "X engineers" are themselves
SPEAK_FOR = set(("spokesperson spokesman spokeswoman spokespeople spokespersons spokesmen spokeswomen chairman "
                 "chairwoman chair official officials representative representatives "
                 "director directors executive executives envoy ambassador officer officers CEO "
                 "prosecutor prosecutors attorney attorneys lawyer lawyers head boss").lower().split())
# roles that name a source the text does not name, one of a kind ("the first source" after "a person familiar")
SOURCES = {"source", "sources", "person", "people", "insider", "insiders", "official", "officials"}
_ROLE_WORDS = "|".join(ROLES)
# a noun phrase headed by a role that ends the words before a verb, starting a clause: "the
# spokesperson", "a U.S. official", "people familiar with the matter", "The U.S. attorney leading
# the case", "a spokesperson for the Commerce Department"
ROLE_NP = re.compile(
    r"(?:^|(?<=[,;:—–(”\"])\s*|\b(?:and|but|while|as|that|whereas|where|when|because|although|though|since)\s+)"
    r"(?P<np>(?P<det>(?:the|a|an|another|one|some|several|many|other|two|three|four|five|these|those|\d+)\s+)?"
    r"(?:(?!(?:by|of|for|with|from|to|in|on|at|and|or|but|while|whereas|as|yet|so|that|which|who)\s)[\w.’'&-]+\s+){0,4}?"
    r"(?P<head>" + _ROLE_WORDS + r")(?![\w-]|[’']s\b)"
    r"(?P<post>\s+(?:familiar with|close to|briefed on|leading|handling|for|at|of|in|from|with|who|on)\b"
    r"(?:\s+[\w.’'&()-]+){1,12}|\s+familiar)?)\s*,?\s*$", re.I)
DOCUMENTS = {"indictment", "statement", "filing", "filings", "complaint", "document", "documents", "lawsuit",
             "ruling", "records", "affidavit", "judgment", "order", "data", "letter", "memo", "submission",
             "papers", "petition", "motion", "testimony", "transcript", "notice", "warrant", "opinion", "decision",
             "study", "survey", "release", "announcement", "charges", "disclosure"}
# a document with its author: "Cotton’s letter", "Cotton sent a letter", "a statement from the ministry"
# what an author writes: documents, and the works a publisher or a research body puts out
WORKS = DOCUMENTS | {"report", "article", "paper"}
AUTHORED = re.compile(r"(?:[’']s|\s+(?:sent|wrote|filed|issued|published|signed|released|submitted)\s+(?:a|an|the|its|"
                      r"his|her|their))\s+(?:[\w-]+\s+){0,2}?(?P<head>" + "|".join(sorted(WORKS)) + r")\b|\b(?P<head2>" +
                      "|".join(sorted(WORKS)) + r")\s+(?:[a-z]+\s+){0,3}?(?:from|by)\s+(?:(?:the|[A-Z][\w.]*)\s+){0,2}$", re.I)
# the nouns a text names an organisation by ("the ministry", "the chipmaker", "the watchdog"), with
# the kinds of actor each can stand for
_BODIES = ("ministry department agency regulator bureau embassy consulate court office commission council authority "
           "watchdog committee parliament legislature tribunal secretariat").split()
_FIRMS = ("company firm house group startup start-up chipmaker carmaker automaker maker manufacturer supplier vendor "
          "provider operator developer designer giant conglomerate retailer exporter distributor lender bank insurer "
          "fund investor foundry corporation subsidiary business").split()
_MEDIA = "newspaper paper outlet report article broadcaster magazine newswire daily".split()
_OTHERS = "institute university organisation organization association federation union party".split()
HEAD_KINDS = {**{b: {"GovernmentBody"} for b in _BODIES}, "government": {"GovernmentBody", "State"},
              "administration": {"Administration", "GovernmentBody"},
              **{f: {"Company", "AILab"} for f in _FIRMS}, "lab": {"AILab"}, "group": {"Company", "ActorGroup"},
              **{m: {"Publisher"} for m in _MEDIA}, **{o: {"Actor", "Coalition", "ActorGroup"} for o in _OTHERS},
              **{d: set() for d in DOCUMENTS}}
PLURAL_HEADS = {(h[:-1] + "ies" if h.endswith("y") else h + "s"): h for h in HEAD_KINDS if h not in DOCUMENTS}
PLURAL_HEADS = {p: h for p, h in PLURAL_HEADS.items() if p not in ROLES}     # "authorities" is a role
DESCRIBED = re.compile(r"(?:\b(?:the|a|an)\s+|[\w-]+[’']s\s+|^|(?<=,\s)(?!(?:which|who|that|and|but|while|as|the|a|an)\b))((?:[\w.-]+\s+){0,3}?(?P<head>" +
                       "|".join(sorted([*HEAD_KINDS, *PLURAL_HEADS], key=len, reverse=True)) + r")"
                       r"(?P<where>\s+(?:in|at|of|by|from)\s+(?-i:(?:[Tt]he\s+)?[A-Z][\w’'-]*(?:\s+(?:for|of|and|on|[A-Z][\w’'-]*)){0,5}))?)"
                       r"\s*,?\s*$", re.I)
# a title before a name, or "X said she": what the text tells of a person (f, m, or p: a person)
_TITLE = re.compile(r"\b(?P<t>Mr|Mrs|Ms|Miss|Sir|Dame|Madam|Dr|Prof|Professor|Secretary|Senator|Sen|Rep|MEP|MP|President|"
                    r"Minister|Judge|Justice|Governor|Mayor|Chancellor|Premier|spokes(?:wo)?man|spokesperson|"
                    r"chair(?:wo)?man|CEO|founder)\.?\s+$")
_SAID_PRONOUN = re.compile(r"^,?\s+(?:\w+\s+){0,2}?(?:said|says|added|told\s+\w+|noted|argued|wrote|insisted|stressed)"
                           r"\s+(?:that\s+)?(?P<g>she|he|her|his)\b", re.I)
@lru_cache(maxsize=1)
def _given_names():
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


def name_gender(label: str) -> str | None:
    """'f' or 'm' when a name has a given name of women or men before another capitalised word
    ("David Sacks", "AI Czar David Sacks"), else None: it tells that the name is a person's (the
    list's sex of a name is too often wrong to choose between "he" and "she": "Laurence")."""
    words = label.split()
    for first, last in zip(words, words[1:]):      # "AI Czar David Sacks": David
        if first[:1].isupper() and last[:1].isupper() and first[1:].islower():
            g = _given_names().get_gender(first)
            if g != "unknown" and g != "andy":
                return "f" if "female" in g else "m"
    return None


_FEMALE, _MALE = {"ms", "mrs", "miss", "dame", "madam", "spokeswoman", "chairwoman", "she", "her"}, \
    {"mr", "sir", "spokesman", "chairman", "he", "his"}


# a title inside a name the proposer took whole: "Irish MEP Michael McNamara"
_TITLE_IN = re.compile(r"\b(?P<t>Mr|Mrs|Ms|Dr|Senator|Sen|Rep|MEP|MP|Minister|Secretary|President|Judge)\.?\s+"
                       r"(?-i:[A-Z][\w’'-]+)\s+(?-i:[A-Z])")


def person_hint(text: str, start: int, end: int) -> str | None:
    """What the words around one mention tell: 'f' or 'm' (a woman or man), 'p' (a person), or None."""
    said = _SAID_PRONOUN.match(text[end:end + 80])
    given = name_gender(text[start:end]) if said else None
    if given and said.group("g").lower() in (_MALE if given == "f" else _FEMALE):
        said = None     # "Gina Raimondo said he would comply": "he" is someone else
    title = _TITLE.search(text[max(0, start - 40):start]) or _TITLE_IN.search(text[start:end])
    word = (said.group("g") if said else title.group("t") if title else "").lower()
    if not word:
        return None
    return "f" if word in _FEMALE else "m" if word in _MALE else "p"


def plural(head: str) -> bool:
    return head.lower() in ("people", "authorities", "spokespeople", "spokesmen", "spokeswomen") or \
        head.endswith("s") and not head.lower().endswith(("ss", "us"))


def status(verb: str, after: str) -> str:
    """The epistemic status of a verb of saying; "called on / for" asks for something, "called X
    Y" characterises."""
    v = verb.lower()
    if v in ("calls", "called") and not re.match(r"\s+(?:on|for|upon)\b", after):
        return "Opinion"
    return SPEECH.get(v, "Assertion")


# the words around a verb of saying
_PAPERS = r"(?:report|reports|statement|press release|release|memorandum|memo|filing|letter|article|story|document|data|figures)"
ACCORDING = re.compile(r"\b(?:according to|as (?:stated|reported|noted|set out) in|(?:as )?(?:reported|stated|announced|revealed|"
                       r"disclosed|confirmed) by|(?:as\s+)?per(?=\s+(?:a|an|the)\s+(?:\w+\s+)?" + _PAPERS + r")|"
                       r"(?:^|(?<=,\s))per(?=\s+(?-i:[A-Z])))\s+(?:(?:(?:the|a|an|its)\s+)?(?:\w+\s+)?" + _PAPERS +
                       r"\s+(?:from|by|in|of)\s+)?", re.I)
# what "according to" means "in keeping with" before: "according to their specifications", "according to plan"
CONFORM = r"(?:specifications?|plans?|schedule|rules|law|instructions|designs?|terms|standards|requirements|guidelines|needs)\b"
# words that open a sentence capitalised and name nothing ("Despite reports ...")
NOT_NAMES = {"despite", "however", "meanwhile", "moreover", "furthermore", "nevertheless", "instead", "separately",
             "additionally", "still", "yet", "also", "earlier", "later", "today", "yesterday"}
# a short form the text defines for a name: "the Department of Justice (DOJ)", "the Minister of
# Economic Affairs (the Minister)"
DEFINED = re.compile(r"(?-i:(?P<long>[A-Z][\w’'-]*(?:\s+(?:of|for|and|on|the|[A-Z][\w’'-]*)){0,8}))\s+\((?:the\s+)?"
                     r"(?-i:(?P<short>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'-]*){0,2}))\)")
# an appositive that gives a speaker's role: "Lin Jian, spokesperson for the ministry, said"
APPOSITIVE = re.compile(r",\s*(?:(?:a|an|the)\s+)?(?:[a-z][\w-]*\s+){0,3}(?:" + "|".join(ROLES) +
                         r"|founder|co-founder|head|professor|researcher|manager)\b[^,]*,\s*$")
# words after a verb that start what is said, not a speaker's title ("alleged that China agreed")
ROLE_SET = {w.lower() for w in ROLES}
NOT_TITLE = {"that", "how", "what", "whether", "why", "if", "to", "it", "its", "he", "she", "they", "we", "this", "these"}
# what a verb of saying is not: passive ("was claimed to be", "performance estimated to be")
PASSIVE_BEFORE = {"is", "are", "was", "were", "be", "been", "being"}
# what may stand between a speaker and the verb: adverbs and auxiliaries ("the ministry further
# noted", "it has revealed"), an aside ("The report, which was published this week, alleged")
ADVERBS = re.compile(r"(?:\s+(?:also|further|later|then|again|previously|earlier|already|now|today|yesterday|has|have|had|was|were|(?-i:[a-z]\w*ly)))+\s*$", re.I)
ASIDE = re.compile(r"(?:,\s*(?:(?:which|who|whom|whose|including|asked|[a-z]+ing|[a-z]{3,}(?:ed|en))\b[^,“”\"]*|[^,“”\"]{1,12}),"
                   r"|\s*[—–]\s*[^—–“”\"]{2,120}?[—–])\s*$")     # or between dashes: "X — a company that ... — said"
# an appositive that describes the subject: "Tarn Capital, a fund based in Zurich, said", "Mira Okafor,
# the chief executive of Soltera, told"
DESCRIBING = re.compile(r",\s*(?:(?:a|an)\s+|the\s+(?=[a-z]))[^,“”\"]{2,90},\s*$")
# a subject joined by others after it: "X and Y, along with Z, voiced"
ALONG = re.compile(r"\(?[^()]*\)?,?\s+(?:along with|together with|as well as|joined by|accompanied by)\b[^“”\"]*$")
# an appositive with commas inside it: "Sen. Cantwell, ranking member of the Committee on Commerce,
# Science and Transportation, warned"
APPOSITIVE_WIDE = re.compile(r",\s*(?:(?:a|an|the)\s+)?(?:[a-z][\w-]*\s+){0,3}(?:" + "|".join(ROLES) +
                             r")\b[^“”\"]*,\s*$", re.I)
# a name the proposer does not know as the subject of a clause: "Hut 8 (HUT.O) said", ", Hut 8 added"
NAME = re.compile(r"(?:^|(?<=[,;:”\"])\s*)(?P<name>(?-i:[A-Z][\w&.-]*)(?:\s+(?-i:[A-Z0-9][\w&.-]*)){0,3})"
                   r"(?:\s+\([A-Z0-9.]+\))?\s*$")
WHEN = re.compile(r"\s+(?:on|in|at|last|this|earlier|late|early)\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
                   r"Sunday|week|month|year|January|February|March|April|May|June|July|August|September|October|"
                   r"November|December)(?:\s+\d{1,2})?(?:,?\s+\d{4})?|(?:a|its|his|her|their)\s+(?:\w+\s+)?(?:statement|briefing|"
                   r"conference|interview|post|filing|letter))\s*,?\s*$")
# what may follow a verb that closes a sentence's attribution: "..., the people said on Sunday."
CLOSING = re.compile(r"^(?:\s+(?:[A-Z][\w.&’'-]*\s*){1,4})?(?:\s+(?:on|in|at|during|last|this|earlier|later|"
                      r"yesterday|today|recently|previously|separately|also|again|late|early)\b[^,;.“”\"]{0,40})?"
                      r"\s*[.!]?\s*[”\"’]?\s*$")
