"""The word classes of happenings: for each event type, the verbs that report one (as lemmas,
inflected here), the fixed phrases, and the nouns that name one (nominalisations: "the
indictment", "an investigation", "talks"). ``find`` gives every candidate in a sentence with its
type and its form (past, participle, progressive, present, future base, phrase, noun); which of
them are happenings is decided by ``kg.curation.propose.events`` from the grammar around them.

The classes are kinds of happening a policy text reports (court steps, official actions,
corporate moves, trips, meetings, statements), not the words of any one article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_IRREGULAR = {"fly": ("flew", "flown"), "meet": ("met", "met"), "sink": ("sank", "sunk"), "fall": ("fell", "fallen"),
              "rise": ("rose", "risen"), "slide": ("slid", "slid"), "withdraw": ("withdrew", "withdrawn"),
              "set up": ("set up", "set up"), "shut down": ("shut down", "shut down"), "step down": ("stepped down",) * 2,
              "bring": ("brought", "brought"), "strike": ("struck", "struck"), "hold": ("held", "held"),
              "sell": ("sold", "sold"), "buy": ("bought", "bought"), "freeze": ("froze", "frozen"),
              "put on hold": ("put on hold", "put on hold"), "push back": ("pushed back", "pushed back"),
              "say": ("said", "said"), "tell": ("told", "told"), "speak": ("spoke", "spoken")}
_DOUBLE = {"acquit", "submit"}     # a final stressed syllable's consonant doubled: acquitted (one-syllable verbs: see _doubles)
_BRITISH_L = {"travel", "cancel", "label"}                     # travelled and traveled

# type -> (verbs, phrases (regex), nouns); a verb "x y" inflects its first word
# the verbs of saying, shared by the Statement class and REPORTING (which adds "report")
_SAYING = ("say", "tell", "speak", "confirm", "warn", "notify", "reveal", "express", "respond", "indicate",
           "deny", "reject", "criticise", "criticize", "condemn", "denounce", "welcome", "praise")
CLASSES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Charge": (("charge", "indict", "prosecute", "sue", "unseal"),
               (r"filed (?:a )?(?:lawsuit|suit|complaint)", r"brought charges"),
               ("charges", "indictment", "lawsuit", "prosecution")),
    "Arrest": (("arrest", "detain", "apprehend"), (r"taken into custody", r"surrendered to (?:authorities|police|the FBI)"),
               ("arrest", "arrests", "detention")),
    "Extradition": (("extradite",), (), ("extradition",)),
    "Plea": ((), (r"ple(?:a|)d(?:ed|s|ing)? (?:not )?guilty", r"pleads? (?:not )?guilty", r"admitted (?:guilt|wrongdoing)",
                  r"(?:not[- ])?guilty plea", r"plea (?:deal|agreement|bargain)"), ()),
    "Sentencing": (("sentence", "jail", "imprison"), (), ("sentencing",)),
    "Conviction": (("convict",), (r"found guilty",), ("conviction", "verdict")),
    "Acquittal": (("acquit",), (r"found not guilty",), ("acquittal",)),
    "Hearing": (("arraign", "adjourn", "testify"), (r"appeared (?:in|before) (?:a |the )?(?:[A-Z][\w.]* )*(?:court|Court|judge)",),
                ("hearing", "arraignment", "trial")),
    "Bail": ((), (r"(?:released|freed) on (?:\$?[\d,.]+ )?(?:bail|bond)", r"(?:granted|denied|set|posted) (?:\$?[\d,.]+ )?bail"), ()),
    "Ruling": (("overturn",), (r"ruled (?:that|in favou?r|against)", r"struck down", r"(?<=ourt |udge )ordered",
                               r"(?:reversed|affirmed|upheld|vacated|set aside) (?:(?:a|an|the|his|her|its|their|[\w.’'-]+(?:'s|’s))\s+)?"
                               r"(?:[\w’'-]+ ){0,3}?(?:decision|ruling|conviction|verdict|acquittal|sentence|judgment|order)s?\b"),
               ("ruling", "injunction")),
    "Investigation": (("investigate", "probe", "raid", "audit", "verify"), (r"(?:is|are|was|were|been)\s+(?:\w+ly\s+)?looking into",),
                      ("investigation", "probe", "inquiry", "raid", "audit")),
    "Listing": (("blacklist", "delist", "designate"),
                (r"add(?:ed|s|ing)?\s(?:[^.;:]{0,110}?\s)?to (?:the |its |a |an )?(?:[\w.’'-]+ ){0,6}?(?:list|List|blacklist)\b",
                 r"plac(?:ed|es|ing)\s(?:[^.;:]{0,80}?\s)?on (?:the |its |a |an )?(?:[\w.’'-]+ ){0,5}?(?:list|List)\b",
                 r"removed\s(?:[^.;:]{0,80}?\s)?from (?:the |its |a |an )?(?:[\w.’'-]+ ){0,5}?(?:list|List)\b",
                 r"(?:been|was|were|is|are) on (?:the |its |a |an )?(?:[\w.’'-]+ ){0,4}?(?:list|List) since",
                 r"sanctioned(?= (?:the |a |an |\d|[A-Z]))"),
                ("listing", "designation")),
    "Rescission": (("rescind", "revoke", "repeal", "withdraw", "scrap"), (), ("rescission", "repeal", "revocation")),
    "Approval": (("approve", "authorise", "authorize"),
                 (r"grant(?:ed|s)? (?:[\w-]+ ){0,3}?(?:licen[cs]es?|permits?|approval|exemptions?|waivers?)",),
                 ("approval", "authorisation", "authorization")),
    "Vote": (("vote", "enact", "ratify", "veto"), (r"passed (?:the|a|an) (?:[\w-]+ ){0,3}?(?:bill|law|act|Act|resolution|amendment)",
                                             r"passed (?:the|both) (?:House|Senate|chambers?|[Pp]arliament|Congress)",
                                             r"signed (?:[\w-]+ ){0,4}?into law", r"adopted (?:the|a) (?:[\w-]+ ){0,3}?"
                                             r"(?:bill|law|act|Act|resolution|regulation|text)"),
             ("vote", "ballot", "election", "elections")),
    "PolicyChange": (("impose", "introduce", "issue", "tighten", "ban", "announce", "lift", "strengthen",
                      "loosen", "relax", "expand", "ease", "restrict", "curb", "prohibit"),
                     (r"(?:pushed|pressed|moved|went) ahead with",
                      r"updated (?:the |its |their )?(?:[\w-]+ ){0,2}?(?:rules|regulations|controls|restrictions)", r"requir(?:e|ed|es|ing) (?:[\w-]+ ){0,4}?(?:licen[cs]es?|permits?)"),
                     ("ban", "guidance")),
    "EntryIntoForce": ((), (r"(?:come|came|comes|take|took|takes) into (?:effect|force)",
                            r"enter(?:ed|s)? into (?:effect|force)", r"(?:start|begin|began|started)s? to apply", r"take effect|took effect|takes effect",
                            r"kicks? in|kicked in", r"went into (?:effect|force)"), ("entry into force",)),
    "Introduction": (("propose",), (), ("proposal",)),
    "Agreement": (("sign", "agree"), (r"reached (?:an|a) (?:[\w-]+ )?(?:agreement|deal)", r"struck (?:an|a) (?:[\w-]+ )?deal",
                                      r"concluded(?= (?:in|on|last|earlier|late) )"),
                  ("agreement", "deal", "partnership", "lease", "contract", "pledge", "memorandum of understanding")),
    "Acquisition": (("acquire",), (r"bought (?:a |an )?(?:[\w-]+ )?stake",), ("acquisition", "merger", "takeover")),
    "Release": (("release", "launch", "unveil", "preview", "debut"), (r"rolled out",), ("release", "launch", "debut", "unveiling")),
    "Payment": (("wire",), (r"(?:received|made|sent|wired) (?:a |an )?(?:[\w$.,-]+ ){0,4}?(?:payments?|transfers?)",), ()),
    "Results": ((), (r"(?:reported|posted|announced) (?:[\w$.,%-]+ ){0,4}?(?:results|revenue|earnings|profits?|losses|sales)",),
                ("results", "earnings")),
    "Delay": (("delay", "postpone"), (r"pushed back", r"put on hold"), ("delay", "postponement")),
    "Suspension": (("halt", "suspend", "pause", "freeze"), (), ("suspension", "halt", "moratorium")),
    "Closure": (("dismantle",), (r"shut (?:it |them )?down", r"shuts down", r"filed for (?:bankruptcy|insolvency)"),
                ("closure", "shutdown")),
    "Penalty": (("fine", "penalise", "penalize", "settle"), (r"agreed to pay",), ("penalty", "settlement")),
    "Trip": (("fly", "travel", "transport", "visit", "arrive"), (), ("visit", "trip", "tour")),
    "Resignation": (("resign", "dismiss", "oust"), (r"stepped down", r"steps down"), ("resignation", "departure")),
    "Appointment": (("appoint", "nominate", "elect", "hire"), (r"(?:was|were) sworn in", r"t(?:ook|akes?|aking) office"),
                    ("appointment", "nomination")),
    "Meeting": (("meet", "convene", "summon"), (r"met with", r"held talks", r"spoke by (?:tele)?phone",
                                                  r"held (?:a |an )?(?:phone |video |virtual )?(?:call|summit)"), ("meeting", "talks", "summit", "discussions", "negotiations")),
    "Milestone": ((), (r"(?:expected|scheduled|slated|due) to be (?:[\w-]+ly )?[a-z]+ed\b",
                        r"(?:scheduled|slated|due|set) for (?:completion|opening|delivery|commissioning)",
                        r"(?:scheduled|slated|due) for"), ()),
    "Establishment": (("found", "establish", "form", "register", "set up"), (r"broke ground",
                                                      r"opened (?:a|an|its|their|the) (?:new )?(?:[\w-]+ ){0,2}?(?:office|factory|plant|facility|"
                                                      r"centre|center|campus|branch|headquarters|fab)\b",r"(?:has|have|had|was|were) been (?:set up|created)",
                                                      r"(?:was|were) (?:set up|created)"), ("establishment", "founding")),
    "Statement": (("disclose", *_SAYING), (r"said in a (?:statement|filing)", r"in a statement", r"(?:press|news) conference",
                                  r"(?:press|news) briefing", r"told reporters"), ("statement", "announcement", "filing", "press release", "warning",
                                                                 "notification", "letter")),
    "Request": (("demand", "urge", "submit"), (r"(?:asked|called) for",), ("request",)),
    "Decision": (("decide",), (), ("decision",)),
    "Funding": (("invest",), (r"raised (?:[\w$.,-]+ ){0,4}?(?:in )?(?:funding|capital|financing)",), ()),
    "Publication": (("publish", "report"), (), ("publication", "memorandum")),
    "Intervention": (("intervene", "seize", "nationalise", "nationalize"),
                     (r"took (?:over|control of)", r"plac(?:ed|es|ing) (?:[\w-]+ ){0,4}?under (?:state |government )?(?:supervision|administration|control)"),
                     ("intervention", "takeover", "seizure")),
    "MarketMove": (("plummet", "plunge", "tumble", "soar", "surge", "jump", "rise", "fall", "drop", "slide", "climb",
                    "sink", "rally"), (), ()),
}
# a noun that is the object of one of these verbs names the happening ("opened an investigation",
# "issued a statement", "announced charges", "signed a lease"): the noun's type wins
LIGHT_VERBS = re.compile(r"\b(?:open|launch|announc|issu|releas|unseal|fil|posted|posting|posts|br(?:ing|ought)|h(?:o|e)ld|reach|sign|struck|"
                         r"strik|mak|made|enter|schedul|set|conduct|beg[ai]n|start|complet|began|publish|confirm|receiv|sen[dt]|gave|giv|grant)\w*\s+"
                         r"(?:(?:a|an|the|its|their|his|her|new|further|fresh|formal|criminal|federal|first|formal|final)\s+)*"
                         r"(?:[\w-]+\s+){0,2}$", re.I)


@dataclass(frozen=True)
class Cue:
    type: str
    form: str           # "past" | "ing" | "present" | "base" | "phrase" | "noun"
    start: int
    end: int
    text: str


def _doubles(verb: str) -> bool:
    """Whether the final consonant doubles before -ed/-ing: a one-syllable verb ending in one vowel
    and one consonant (ban, stop, scrap), or a listed one stressed on its last syllable (acquit)."""
    vowels = "aeiou"
    one_syllable = len(re.findall(r"[aeiouy]+", verb)) == 1
    return verb in _DOUBLE or one_syllable and len(verb) >= 3 and verb[-1] not in vowels + "wxy" and \
        verb[-2] in vowels and verb[-3] not in vowels


def _inflect(lemma: str) -> dict[str, set[str]]:
    head, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    if lemma in _IRREGULAR and " " in lemma:
        return {"past": set(_IRREGULAR[lemma])}
    stem = head[:-1] if head.endswith("e") and not head.endswith("ee") else head
    stems = {stem + head[-1]} if _doubles(head) else {stem, stem + "l"} if head in _BRITISH_L else {stem}
    if head.endswith("y") and head[-2] not in "aeiou":
        past = {head[:-1] + "ied"}
    else:
        past = {head + "d"} if head.endswith("e") else {s + "ed" for s in stems}
    pres = head[:-1] + "ies" if head.endswith("y") and head[-2] not in "aeiou" else \
        head + "es" if head.endswith(("s", "sh", "ch", "x", "z")) else head + "s"
    if lemma in _IRREGULAR:
        past = set(_IRREGULAR[lemma])
    forms = {"past": past, "ing": {s + "ing" for s in stems}, "present": {pres}, "base": {head}}
    return {k: {w + tail for w in v} for k, v in forms.items()}


def _build() -> tuple[re.Pattern, list[tuple[str, str]]]:
    """One pattern: every type's phrases first, then its verbs' forms, then its nouns (at one place
    the first alternative that matches wins, so the longer reading is tried first)."""
    parts, names = [], []
    for typ, (_, phrases, _) in CLASSES.items():
        if phrases:
            names.append((typ, "phrase"))
            parts.append("|".join(phrases))
    for typ, (verbs, _, _) in CLASSES.items():
        forms: dict[str, set[str]] = {}
        for v in verbs:
            for form, words in _inflect(v).items():
                forms.setdefault(form, set()).update(words)
        for form, words in forms.items():
            names.append((typ, form))
            parts.append("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    for typ, (_, _, nouns) in CLASSES.items():
        if nouns:
            names.append((typ, "noun"))
            parts.append("|".join(sorted(map(re.escape, _with_plurals(nouns)), key=len, reverse=True)))
    rx = r"(?<![\w-])(?:" + "|".join(f"(?P<g{i}>{p})" for i, p in enumerate(parts)) + r")(?![\w-])"
    return re.compile(rx, re.I), names


def _with_plurals(nouns: tuple[str, ...]) -> set[str]:
    """The nouns and their plurals ("deals", "inquiries", "press releases"); a noun phrase with a
    preposition ("entry into force") or one already plural ("talks") stays as it is."""
    out = set(nouns)
    for n in nouns:
        if " of " in n or " into " in n or n.endswith("s"):
            continue
        out.add(n[:-1] + "ies" if n.endswith("y") and n[-2] not in "aeiou" else n + "es" if n.endswith(("sh", "ch", "x")) else n + "s")
    return out


NOUNS = {n: typ for typ, (_, _, nouns) in CLASSES.items() for n in _with_plurals(nouns)}
_RX, _NAMES = _build()


def find(sentence: str) -> list[Cue]:
    """Every candidate in ``sentence``: the longest at each place (phrases before single words),
    never two that overlap."""
    out: list[Cue] = []
    for m in _RX.finditer(sentence):
        i = int(m.lastgroup[1:])
        typ, form = _NAMES[i]
        out.append(Cue(typ, form, m.start(), m.end(), m.group(0)))
    return out


# verbs and phrases that report speech: a happening only with a date of their own ("said on
# Tuesday", "confirmed the decision late Friday"); undated ("X said", "told Reuters", "said in a
# statement") they attribute a claim
REPORTING = frozenset(w for lemma in (*_SAYING, "report")
                      for forms in _inflect(lemma).values() for w in forms) | \
    {"said in a statement", "said in a filing", "in a statement", "told reporters"}
# words that report a happening only with a date of their own ("took office on January 20",
# "sanctioned the firm on Monday"); undated they tell background ("since he took office")
OWN_DATE_ONLY = REPORTING | frozenset(w for lemma in ("designate", "invest", "testify")
                                      for forms in _inflect(lemma).values() for w in forms) | \
    {"took office", "takes office", "take office", "taking office", "sanctioned"}


def light_verb_before(sentence: str, at: int) -> bool:
    """Whether the noun at ``at`` is the object of a verb that only says the happening took place."""
    return bool(LIGHT_VERBS.search(sentence[max(0, at - 60):at]))
