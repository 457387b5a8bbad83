"""What kind of thing a capitalised name is, from evidence in the name and around it, and which
names are no entity at all.

Evidence, strongest first: a legal company suffix (``cleanco``: "Inc", "Corp", "Bhd"); a
country, capital or city (``kg.curation.propose.gazetteer``); a body of government ("Ministry
of ...", "Department", "Bureau", "Commission"); a publisher (names of newspapers and agencies,
or a name after "according to", "reported by", "(Source: ...)"); a rule or law ("... Rule",
"... Act", "... List", "... Bill"); an AI model (a lab's name with a version, "R1" near
"model"); a chip (a code such as "H20", or a name followed by "chip(s)"/"processor"); the noun
just before the name ("his platform, Truth Social", "chipmaker X", "the agency X"); a person
(two or three words that can be parts of a personal name, with a title just before, a verb of
saying right beside, a personal cue nearby, "founded by" before, an age or a party tag after
("X, 45,", "X, R-Ind."), or a first name the ``gender-guesser`` list knows); else a company. Titles glued to names: ``titles``.

A union of states ("EU", "ASEAN") is a coalition; a name after "reported by sources including"
is a publisher; a model family's name without a version and with no model spoken of around it
("companies such as ... Mistral") is the lab.

Not entities: one-word common nouns and concept acronyms ("AI", "Government", "ROI", "R&D"),
titles on their own ("President", "CEO"), party tags ("R-Ind."), words shouted in capitals
("CONFLICTED"), awards ("Turing Award"), weekdays, months and time zones, figures ("RM1",
"100MW", "RM10" of "RM10.5 billion"), plurals of acronyms ("CEOs", "ICs"), units after a
number ("4 TB", "900 TFLOPs"). A body of government qualified by an adjective ("European
Commission") is a name even though both its words alone are not.
"""
from __future__ import annotations

import re

from nameparser.config import CONSTANTS

from kg.curation.propose import gazetteer
from kg.curation.propose.organisations import kind_around, kind_of_name
from kg.curation.propose.products import product_kind
from kg.curation.propose.titles import given_name, is_party_tag, is_title, personal_word

NOT_NAMES = {
    "ai", "agi", "asi", "llm", "llms", "ipo", "ipos", "gpu", "gpus", "cpu", "cpus", "hdd", "hdds", "ssd", "roi", "r&d", "cbrn", "it",
    "government", "technology", "innovation", "regulation", "regulations", "policy", "industry", "tier", "tiers",
    "president", "ceo", "cto", "cfo", "chairman", "sen", "sens", "rep", "reps", "minister", "secretary", "senator", "official", "officials",
    "western", "eastern", "northern", "southern", "feds", "department", "ministry", "bureau", "agency", "commission",
    "administration", "contractors", "members", "lawmakers", "committees", "authorities", "investigators",
    "prosecutors", "regulators", "analysts", "experts", "companies", "firms", "agencies", "files", "file", "big", "tech",
    "republican", "democratic", "democrat", "article", "section", "chapter", "clause", "annex", "non",
    "sources", "news", "details", "image", "credit", "pic", "pdf", "center", "centre", "new", "topics", "internet", "web", "north", "south", "east", "west",
    "reply", "updated", "written", "utc", "gmt", "am", "pm", "est", "pst", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "federal", "national", "international", "global", "asian", "european", "chinese", "american", "however",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "january", "february",
    "march", "april", "june", "july", "august", "september", "october", "november", "december",
}
# unions of states, not a state or a government body of one
COALITIONS = {"EU", "European Union", "NATO", "ASEAN", "G7", "G20", "OECD", "Quad", "BRICS", "African Union"}
# regulations better known by their acronyms than by their names
_MEASURE_ACRONYMS = {"GDPR", "EAR", "ITAR", "FDPR", "DMA", "DSA", "NDAA", "FEFTA"}
_GOV = re.compile(r"\b(?:Department|Ministry|Bureau|Agency|Commission|Office|Council|Administration|Committee|"
                  r"Congress|Senate|Parliament|Court|Treasury|Authority|Directorate|Inspectorate|Feds|Army|Navy|Party|Assembly|"
                  r"Cabinet|Embassy|Legislature|White House|House of [A-Z][a-z]+)\b")
_GOV_ACRONYM = {"DOJ", "DOC", "BIS", "FBI", "SEC", "FTC", "FCC", "NSA", "CIA", "DOD", "DOE", "MITI", "MOFCOM", "EU", "CCP", "CPC", "PLA",
                "USTR", "DHS", "NDRC", "CAC"}
PUBLISHERS = re.compile(r"\b(?:Reuters|Bloomberg|Associated Press|AP|Times|FT|Journal|WSJ|Post|Herald|Tribune|"
                        r"Gazette|TechCrunch|The Information|Register|Guardian|Economist|Nikkei|Xinhua|Edge|Wire|"
                        r"Magazine|News|Press|Daily|Insider|Verge|Wired|Axios|Politico|CNBC|CNN|BBC|AFP|CCTV|NBC|ABC|CBS|NPR|PBS)\b")
_MEASURE = re.compile(r"\b(?:Rule|Act|Law|Regulation|Directive|Order|Ban|Framework|Initiative|Program|Programme|"
                      r"Strategy|Plan|Agreement|Accord|Treaty|List|Bill|Amendment|Guidance|Guidelines|Rules|Regulations|"
                      r"Controls|Sanctions|Scheme|Regime|Convention|Protocol)(?:$| (?:on|of|for|to) [A-Z])")
_MODEL = re.compile(r"^(?:GPT|Claude|Gemini|Llama|Qwen|DeepSeek|Kimi|Grok|Mistral|Ernie|Hunyuan|Doubao)[- ]?"
                    r"(?:[A-Z]?\d[\w.-]*|[A-Z][a-z]+)?$|^[RV]\d(?:-\d+)?$")
_CHIP = re.compile(r"^(?:[A-Z]{1,3}\d{2,4}[A-Z]?|[A-Z][a-z]+ \d{3,4}[A-Z]{0,2})$")
_CHIP_AFTER = re.compile(r"^[’'s]*\s+(?:AI\s+)?(?:chips?|processors?|GPUs?|accelerators?|line|series)\b"
                         r"(?!\s+(?:machine|maker|equipment|tool|industry|sector|stock|export|design|firm|compan|giant|"
                         r"manufactur|plant|factor|supplier))", re.I)     # "ASML chip machines": no chip
_LAB_FAMILIES = {"DeepSeek", "Mistral"}     # families named after the lab that makes them
_MODEL_NEAR = re.compile(r"\bmodels?\b", re.I)
# a model with a code before "machine", "tool", "scanner" ("Twinscan NXT1930Di chipmaking machine")
_TOOL_AFTER = re.compile(r"^\s+(?:(?:chip-?making|lithography|etching|deposition)\s+)?(?:machines?|tools?|scanners?|systems?)\b")
_DC_AFTER = re.compile(r"^\s+(?:AI\s+)?(?:data[ -]cent(?:er|re)s?|campus|hyperscale)\b", re.I)
_SOFTWARE_AFTER = re.compile(r"^\s+(?:(?:messaging|social media|chat|mobile|web)\s+)?(?:app|application|platform|browser)\b"
                             r"(?!\s+stores?\b)")     # "the Google app stores": the company's
_PLACE_OF = re.compile(r"\b(?:city|town|port|village|province|state|region|district|county) of\s+$")
# "Yongin, south of Seoul", "in Nusajaya and Kempas, both in Johor", "Manassas, Va." (a state's abbreviation after a town)
_PLACE_AFTER = re.compile(r"^,\s+(?:(?:north|south|east|west)(?:east|west)?(?:ern)?\s+of|near|outside)\s+[A-Z]|"
                          r"^(?:\s+and\s+[A-Z][\w-]+)?,\s+(?:both|all)\s+in\s+[A-Z]")
_STATE_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{1,4}\.|[A-Z]\.[A-Z]\.)$")
_AT_ORG = re.compile(r"\b(?:at|from|with|of)\s+$")       # "analysts at Morgan Stanley": a firm, first name or not
# people of a trade who work at the name: "analysts at X", "engineers from X" (no "for": lawyers act for people)
_STAFF_AT = re.compile(r"\b(?:analysts?|economists?|strategists?|researchers?|engineers?|executives?|employees?|staff|"
                       r"workers?|partners?|scientists?|experts?|bankers?|consultants?)\s+(?:at|from|with)\s+(?:the\s+)?$", re.I)
# an office as a body: "Minister of Economic Affairs", "Attorney-General's Chambers", "US Attorney’s Office"
_OFFICE_OF = re.compile(r"^(?:Minister|Secretary|Ministry|Commissioner|Secretariat) (?:of|for) [A-Z]|"
                        r"(?:Attorney|Prosecutor|President|Governor|Mayor|Inspector)(?:-General)?[’']s [A-Z]")
_FOUNDED_BY = re.compile(r"\b(?:founded|co-founded|led|headed|run|chaired|owned)\s+by\s+$")
# a body of research or teaching (the ontology has no class for it: an ``Actor``): "Star University",
# "Mercator Institute for China Studies", "Brookings Institution", "Center for Security and Emerging Technology"
_SCHOLARLY = re.compile(r"\b(?:University|Institute|Institution|Academy|College|Foundation|Think Tank)\b|"
                        r"^(?:Cent(?:er|re)|School) (?:for|of) (?:a )?[A-Z]")
# a credit line after a dash: "— Bernama" closing the text, "— Reuters pic" under a photo
_CREDIT = re.compile(r"[—–]\s*$")
_CREDIT_AFTER = re.compile(r"^\s*(?:$|\n|pic\b|photo\b|file\b)")
# a lone word saying something with a personal pronoun after it ("Raimondo said she was")
_SAYS_PRONOUN = re.compile(r"^,?\s+(?:said|says|told \w+|added|argued|noted)\s+(?:that\s+)?(?:she|he)\b")
_LAB = re.compile(r"(?:AI$|\bLabs?\b|\bIntelligence$)")     # "X Research" is a research house: a company
_ORG_WORDS = re.compile(r"\b(?:Group|Holdings?|Technologies|Technology|Systems|Semiconductor|Electronics|Company|Co|"
                        r"Partners|Capital|Networks|Industries|Computing|Computer|Construction|Power|Energy|Cloud|"
                        r"Data|Digital|Bank|Motors|Media|Solutions|Software|Micro|Devices|Telecom|International|Bhd|"
                        r"Berhad|Inc|Corp|Corporation|Ltd|LLC|plc|AG|SA|GmbH|Research|Trading|Logistics|Enterprises|Ventures|Associates|"
                        r"Consulting|Services|Securities|Manufacturing|Industrial|Materials|Chemicals|Airlines|Shipping|Supply)\b")
_GEO_WORDS = re.compile(r"\b(?:Valley|River|Province|Island|Islands|Bay|Strait|Peninsula|Sea|Region|Coast|Desert|City|"
                        r"Zone|County|Prefecture|Airport|Hills|Port|Harbou?r|Station|Dam|Reservoir|Canal|Bridge|"
                        r"(?:Industrial|Science|Technology|Business) Park)$|\bDistrict of [A-Z]|^(?:Port|Fort|Mount|Lake|Cape|San|Santa|São|Saint) [A-Z]")
_PERSON_CUE = re.compile(r"\b(?:CEO|chief|founder|co-founder|engineer|president|"
                         r"minister|secretary|spokesperson|spokesman|spokeswoman|analyst|professor|researcher|manager|"
                         r"contractor|defendant|citizen|national|executive|director|chairman|Mr|Ms|Dr)\b", re.I)
# verbs of saying right after a name ("Lee said") or right before it ("said Lee")
_SAYS_AFTER = re.compile(r"^,?\s+(?:has\s+|had\s+)?(?:said|says|told|argued|argues|wrote|added|noted|stated|warned)\b")
_SAYS_BEFORE = re.compile(r"\b(?:said|says|told|added)\s+$")
# the noun just before a name tells what it is ("his platform, Truth Social"; "chipmaker Nvidia")
_CLASSIFIER = {
    "Software": "platform|app|application|service|software|browser",
    "Company": "company|firm|startup|start-up|chipmaker|manufacturer|maker|supplier|giant|conglomerate|subsidiary|"
               "distributor|retailer|vendor|operator|carrier|contractor|insurer|lender|bank",
    "GovernmentBody": "agency|ministry|department|regulator|watchdog|authority|bureau|court|legislature",
    "Publisher": "newspaper|outlet|publication|broadcaster|magazine|daily|tabloid|website",
    "AIModel": "model|chatbot",
    "Chip": "chip|processor|accelerator|GPU",
    "Place": "city|town|province|district|region|village|port|county|prefecture",
    "Person": "official|executive|senator|minister|analyst|spokesperson|spokesman|spokeswoman|founder|lawyer|"
              "engineer|professor|researcher|judge|prosecutor|businessman|businesswoman|entrepreneur|investor|"
              "chairman|CEO|economist|diplomat|lawmaker|director|winner|laureate|adviser|advisor|scientist",
}
_CLASSIFIED = re.compile(r"\b(?P<noun>" + "|".join(_CLASSIFIER.values()) + r"),?\s+(?:the\s+)?$")
_FIGURE = re.compile(r"^(?:RM|US\$|S\$|HK\$|NT\$|Rp|Rs|\$|€|£|¥)?\d[\d.,]*\s*(?:[A-Za-z]{0,3})$")
_LEGAL_FORMS = {"Corp", "Inc", "Ltd", "LLC", "Bhd", "Berhad", "Co", "plc", "PLC", "GmbH", "AG", "SA"}   # alone: no name


def place_name(name: str) -> bool:
    """A country, capital, region or place by the gazetteer."""
    return bool(gazetteer.country(name) or gazetteer.capital_of(name) or gazetteer.region(name) or gazetteer.is_place(name))


def _currency(code: str) -> bool:
    import pycountry

    return pycountry.currencies.get(alpha_3=code) is not None


# heads shaped like common nouns and adjectives ("Predictive Policing", "Emotion Inference",
# "Prohibitions", "Manipulative"): categories written in capitals, no names
_COMMON_HEAD = re.compile(r"[a-z]{3,}(?:ing|tions?|sions?|ments?|ness|ity|ities|ances?|ences?|isms?|ive|ous)$")


def common_phrase(label: str) -> bool:
    """A run whose last word is shaped like a common noun or adjective and that nothing else
    tells a name (no organisation word, no legal form): checked on candidates guessed a company
    or a person only from their capitals."""
    words = label.split()
    return bool(_COMMON_HEAD.search(words[-1])) and not _ORG_WORDS.search(label) and not gazetteer.is_place(words[-1]) \
        and not any(gazetteer.country(w) for w in words)


def is_junk(label: str, before: str = "", after: str = "") -> bool:
    """A run of capitalised words that names nothing: a common noun, a title alone, a figure, the
    plural of an acronym ("CEOs", "ICs"), a unit after a number ("4 TB", "900 TFLOPs")."""
    words = label.split()
    if label.isupper() and len(label) >= 4 and (not before.strip() or before.endswith("\n")) \
            and re.match(r"\s*\([A-Z][\w ]*\)\s*[-–—]", after):
        return True     # a dateline's city ("WASHINGTON (Reuters) -"): its agency is the name
    if len(words) >= 2 and (_GOV.search(words[-1]) or words[-1] in ("ministry", "regulator", "embassy")) \
            and not _GOV.search(words[0]) or gazetteer.country(label):
        return False    # "European Commission", "Chinese foreign ministry"; "UK" (which nameparser lists as a title)
    if len(words) == 1 and (label.casefold() in NOT_NAMES or label.strip(".") in _LEGAL_FORMS or re.fullmatch(r"[A-Z]{2,}s", label)
                            or re.search(r"(?<![\d.,])\d{1,3}(?:[.,]\d+)?\s?$", before)
                            and sum(c.isupper() for c in label) >= 2 and len(label) <= 6):
        return True
    if is_party_tag(label) or re.fullmatch(r"[A-Z]{4,}(?:ED|ING|LY)", label) or re.search(r" (?:Award|Prize|Medal)$", label):
        return True     # "R-Ind.", a word shouted in capitals ("CONFLICTED")
    if re.fullmatch(r"[A-Z]{1,5}\.[A-Z]{1,2}|[0-9a-f]{12,}|[MGkKT]W|[KMGTP]B|ID", label) or re.search(r" Index$", label) \
            or label.isupper() and (before.endswith("(") and after.startswith(":") or re.search(r"\([A-Z]+:\s*$", before)):
        return True     # a stock ticker ("NVDA.O", "(NASDAQ:NVDA)"), a hash, a unit alone, "ID", a market index
    if re.fullmatch(r"[A-Z]{3}", label) and re.match(r"\s*\d", after) and _currency(label):
        return True     # a currency code before an amount ("EUR 35 million")
    if _FIGURE.match(label) and (not _CHIP.match(label) or re.match(r"(?:RM|Rp|Rs)\d", label)):
        return True
    return all(w.casefold().strip(".") in NOT_NAMES or w.casefold() in CONSTANTS.titles
               or w.casefold()[-1:] == "s" and w.casefold()[:-1] in CONSTANTS.titles for w in words)    # "Attorneys General"


def kind_of(label: str, text: str, start: int, end: int) -> str:
    """The kind (a ``pk:`` class name) a candidate name most likely has, from the name itself and
    the words around its mention at ``start:end`` in ``text``."""
    before = text[max(0, start - 60):start]
    after = text[end:end + 40]
    words = label.split()
    prev = before.split()[-1] if before.split() else ""
    import cleanco
    base = cleanco.basename(label)
    if base and base != label or re.search(r"\b(?:Inc|Corp|Bhd|Berhad|Ltd|LLC|plc)\.?$", label):
        return "Company"
    if gazetteer.country(label):
        return "State"
    told = kind_of_name(label) or ("Publisher" if PUBLISHERS.fullmatch(label) else None if _GOV.search(label)
                                   or label in _GOV_ACRONYM or PUBLISHERS.search(label) else kind_around(label, text, start, end, place_name(label)))
    if told:
        return told     # "Xinhua" (a district too), "Democratic Party", "X, a think tank", "told the X", "posted on X"
    if prev == "The" and gazetteer.is_place("The " + label, before.split()[-2] if len(before.split()) > 1 else ""):
        return "Place"      # "in The Hague"
    if classified(before) and not _GOV.search(label) and len(words) <= 4:
        return classified(before)
    if _PLACE_AFTER.match(after) or _PLACE_OF.search(before) or _STATE_ABBREVIATION.match(label + after[:1]) and re.search(r"\b[A-Z][a-z]+,\s*$", before):
        return "Place"      # "in Yongin, south of Seoul", "the port city of Rotterdam"
    if _SOFTWARE_AFTER.match(after) and len(words) <= 3:
        return "Software"   # "the Signal messaging app"
    if gazetteer.is_place(label, prev) or gazetteer.region(label) or _GEO_WORDS.search(label) and not _GOV.search(label) or re.match(r"^\s*,\s*[A-Z][a-z]+\b", after) \
            and gazetteer.is_place(label, "in"):
        return "Place"
    if label in COALITIONS:
        return "Coalition"
    if label in _MEASURE_ACRONYMS:
        return "Measure"
    if label == "House" and re.search(r"\bthe\s+$", before):
        return "GovernmentBody"     # "the House": a chamber
    if _MEASURE.search(label):
        return "Measure"    # "Export Administration Regulations": the head decides
    if _GOV.search(label) or label in _GOV_ACRONYM or _OFFICE_OF.search(label):
        return "GovernmentBody"
    if re.search(r"(?:^|\n)[A-Z][A-Z ]{2,}\($", before) and re.match(r"^\)\s*[–—-]", after):
        return "Publisher"  # "TEHRAN (Tasnim) –": the agency of a dateline
    if label.isupper() and len(label) > 4 and re.match(r"^\s*\(", after) and gazetteer.is_place(label.title()):
        return "Place"      # a dateline's city in capitals before its agency ("TEHRAN (Tasnim)")
    if _CREDIT.search(before) and _CREDIT_AFTER.match(after) and len(words) <= 3:
        return "Publisher"  # "... he said. — Bernama": the agency the text is from
    if PUBLISHERS.search(label) or label.isupper() and PUBLISHERS.search(label.title()) or re.search(
            r"(?:according to|reported by|Source:|citing|(?:first|originally) (?:appeared|published) (?:on|in))\s+"
            r"(?:(?:sources|outlets|media)\s+(?:including|such as)\s+)?(?:the\s+)?$", before, re.I):
        return "Publisher"
    if _MODEL.match(label) and (not re.match(r"^[RV]\d", label) or _MODEL_NEAR.search(text[start - 30:end + 30])):
        # a family name alone is the model ("Qwen", "Grok"), but a lab's own name ("Mistral") is the lab,
        # unless models are spoken of around it
        return "AIModel" if re.search(r"\d", label) or label not in _LAB_FAMILIES or _MODEL_NEAR.search(
            text[max(0, start - 30):end + 30]) else "AILab"
    if product := product_kind(label, after):
        return product     # "MateBook Pro", "its Mate series smartphones", "HarmonyOS 5"
    if _CHIP.match(label) or _CHIP_AFTER.match(after):
        return "Chip"
    if _TOOL_AFTER.match(after) and re.search(r"[A-Z]{2,}-?\d", label):
        return "ManufacturingEquipment"
    if _DC_AFTER.match(after) and not _ORG_WORDS.search(label):
        return "DataCenter"
    if _SCHOLARLY.search(label):
        return "Actor"
    if _LAB.search(label):
        return "AILab"
    if _ORG_WORDS.search(label) or (label.isupper() and len(label) <= 6):
        return "Company"
    if len(words) >= 2 and gazetteer.country(words[-1]) and not place_name(" ".join(words[:-1])):
        return "Company"    # "Microsoft Malaysia": a firm's arm in a country, never a person
    if re.match(r"^Greater [A-Z]", label) and place_name(label.split(" ", 1)[1]):
        return "Place"      # "Greater Kuala Lumpur"
    if _STAFF_AT.search(before):
        return "Company"
    plain = all(personal_word(w) for w in words)
    if plain and len(words) == 1 and (is_title(prev) or re.match(r"^(?:[’']s)?\s+administration\b", after, re.I)
                                      or _SAYS_PRONOUN.match(after)):
        return "Person"     # "President Biden", "the Trump administration"
    if 2 <= len(words) <= 3 and plain and (_PERSON_CUE.search(before[-40:] + " " + after[:30]) or is_title(prev)
                                           or _SAYS_AFTER.match(after) or _SAYS_BEFORE.search(before)
                                           or _FOUNDED_BY.search(before) or re.match(r"^,\s*\d{2},", after)
                                           or given_name(words[0]) and not _AT_ORG.search(before) or is_party_tag(after.split(",")[1] if after.startswith(",") else "")):
        return "Person"
    return "Company"


_BODY_OF = re.compile(r"(?:Department|Ministry|Bureau|Agency|Commission|Office)")


def body_key(label: str) -> tuple[str, str] | None:
    """(head, portfolio) of a body of government named either way round: "Commerce
    Department" and "Department of Commerce" are one body."""
    words = label.split()
    if len(words) >= 3 and _BODY_OF.fullmatch(words[-3]) and words[-2] == "of":
        return words[-3], words[-1]
    if len(words) == 2 and _BODY_OF.fullmatch(words[1]) and words[0][:1].isupper():
        return words[1], words[0]
    if len(words) == 2 and words[1] in ("government", "administration") and words[0][:1].isupper():
        return "government", words[0]   # "the Kishida government" and "the Kishida administration"
    return None


def classified(before: str) -> str | None:
    """The kind the noun just before a name gives it ("social media platform, Truth Social")."""
    m = _CLASSIFIED.search(before)
    if not m:
        return None
    noun = m.group("noun")
    return next(k for k, v in _CLASSIFIER.items() if re.fullmatch(v, noun))
