"""From runs of capitalised words to the entities they name: the clean-up after the runs and
shapes are found (``refine``; the shapes a plain run misses and headlines: ``shapes``).

Clean-up: two words or more of a known proper name are a mention of it ("Mythos Preview" is Claude Mythos Preview); a title
before a name is not part of it ("Commerce Secretary Gina Raimondo", "President Biden"); junk goes (``entity_kinds.is_junk``); a capital that
acts stands for its country ("Beijing faces ..." mentions China); a surname or nickname alone is
another occurrence of the person named in full (the first word too, for names in East Asian
order: "Lee" of Lee Ting Han), or a mention of a known person ("Trump"); a
demonym is the country's occurrence (the country itself, a State, where the text names it no other
way: "two Singaporean men" names Singapore); an acronym in brackets after a name, in any case later
("DOJ", "DoJ"; "MITI", "Miti"), is that name's alias.

What reviewers taught (``taught``, ``taught_kinds``): names merged into nodes are names of those
nodes, and kinds fixed for a name are proposed for it.
"""
from __future__ import annotations

import re

from kg.core.namespaces import PK
from kg.curation.propose import gazetteer
from kg.curation.propose.entity_kinds import (_GOV, _GOV_ACRONYM, _LEGAL_FORMS, COALITIONS, body_key, common_phrase, is_junk,
                                              kind_of)
from kg.curation.propose.titles import split
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.organisations import evident
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.shapes import headlines, in_headline  # noqa: F401 (re-exported: events and speakers use them)
from kg.curation.propose.text import tokens

# a capital that owns or acts ("Moscow's war machine", "Beijing has poured") stands for its country
_ACTS = re.compile(r"[’']s\b|\s+(?:has|have|had|is|was|will|would|said|says|wants|pressed|warned|accused|responded|"
                   r"imposed|announced|plans|must|should|could|may)\b")
# a word opening a sentence and saying something is a name ("Megaspeed said"; not "Officials said")
_SAYS = re.compile(r"(?<![sS])\s+(?:said|says|told|reported|announced|confirmed|denied|declined)\b")
# a short form the text defines in brackets with "the" ("Artificial Intelligence Act (the EU AI Act)")
_DEFINED_AFTER = re.compile(r"\s*\(the (?P<a>[A-Z][\w-]*(?: [A-Z][\w-]*){0,3})\)")
_ACRONYM_AFTER = re.compile(r"\s*\((?P<a>[A-Z][A-Za-z&-]{1,9}(?: (?:Act|Bill|Rule|Law))?)\)")     # "(MITI)", "(AI Act)"


def refine(cands: dict[str, Proposal], text: str, lex: Lexicon) -> list[Proposal]:
    """The candidates cleaned (see the module's description), plus the mentions of known nodes
    some of them turned out to be."""
    out: dict[str, Proposal] = {}
    mentions: list[Proposal] = []
    extra: list[Proposal] = []
    for key, p in cands.items():
        titled = split(p.fields["label"].split(), lambda w: bool(_GOV.search(w)) or w in _GOV_ACRONYM or w in COALITIONS or w == "House")
        if titled is not None:
            parts = _titled_parts(p, text, titled)
            if not parts:
                continue
            p, more = parts[0], parts[1:]
            extra += more
            key = " ".join(t.norm for t in tokens(p.fields["label"]))
        if is_junk(p.fields["label"], text[max(0, p.start - 12):p.start], text[p.end:p.end + 30]) or _office_only(p.fields["label"]) \
                or p.fields.get("kind_guess") in ("Company", "Person") and common_phrase(p.fields["label"]) and not evident(text, p.start, p.end):
            continue
        before = text[max(0, p.start - 12):p.start].split()
        part = _partial(lex).get(key) if " " in p.fields["label"] else None
        if part:
            mentions.append(_mention(p, lex, part, "part of its name"))
            continue
        region = gazetteer.region_of(p.fields["label"]) if " " in p.fields["label"] else None
        if region:      # "an unnamed Southeast Asian company": the region is named
            p = _entity(p, text, p.start, p.end, region, "Place", list(p.fields["occurrences"]))
            key = " ".join(t.norm for t in tokens(region))
        known = _known_as(lex, p.fields["label"])
        if known:
            mentions.append(_mention(p, lex, known[0], known[1]))
            continue
        capital = gazetteer.capital_of(p.fields["label"])
        if capital and not (before and before[-1].lower() in gazetteer.LOCATIVE):
            known = _known(lex, capital)
            if known:
                mentions.append(_mention(p, lex, known, f"capital standing for {capital}"))
                continue
            if _ACTS.match(text, p.end) and capital != p.fields["label"]:
                p = _entity(p, text, p.start, p.end, capital, "State", list(p.fields["occurrences"]))
                key = " ".join(t.norm for t in tokens(capital))     # "Moscow's war machine": Russia
        if key in out:
            out[key].fields["occurrences"] += p.fields["occurrences"]
        else:
            out[key] = p
    for p in extra:     # employers and places a title told ("Intel" of "Intel CEO Lip-Bu Tan")
        key = " ".join(t.norm for t in tokens(p.fields["label"]))
        known = _known(lex, p.fields["label"])
        if known:
            mentions.append(_mention(p, lex, known, "named with a title"))
        elif key in out:
            if out[key].start > p.start:
                p.fields["occurrences"] = sorted(p.fields["occurrences"] + out[key].fields["occurrences"])
                out[key] = p
            else:
                out[key].fields["occurrences"] += p.fields["occurrences"]
        elif not is_junk(p.fields["label"]):
            out[key] = p
    _fold(out, text, lex, mentions)
    ends = {b for p in out.values() if p.fields.get("kind_guess") == "Person" for _, b in p.fields["occurrences"]}
    out = {k: p for k, p in out.items() if not all(text[a - 1:a] == "(" and text[b:b + 1] == ")" and a - 2 in ends
                                                   for a, b in p.fields["occurrences"])}    # "X (Foreign Trade)": a portfolio
    return [p for p in out.values() if not p.fields.pop("initial", False) or _place_like(p.fields["label"])
            or p.fields.get("kind_guess") == "Publisher" or _SAYS.match(text, p.end) or evident(text, p.start, p.end)] + mentions


def _office_only(label: str) -> bool:
    """An office with no name after it ("Netherlands’ Trade Minister"): no candidate."""
    from kg.curation.propose.titles import OFFICES

    words = label.split()
    return len(words) >= 2 and words[-1].casefold() in OFFICES and words[-1][:1].isupper() and not _GOV.search(label) \
        and not {"of", "for"} & set(words)     # "Department of Justice" is a body


def _place_like(label: str) -> bool:
    return bool(gazetteer.country(label) or gazetteer.capital_of(label) or gazetteer.is_place(label))


def _fold(out: dict[str, Proposal], text: str, lex: Lexicon, mentions: list[Proposal]) -> None:
    """Surnames, nicknames, demonyms, bracketed acronyms and a body's name the other way round
    ("Commerce Department" after "Department of Commerce") folded into the name they stand for."""
    bodies: dict[tuple[str, str], str] = {}
    for key in sorted(out, key=lambda k: out[k].start):
        body = body_key(out[key].fields["label"])
        tail = _tail_of(out, key)
        if body and body in bodies or tail:
            out[tail or bodies[body]].fields["occurrences"] += out.pop(key).fields["occurrences"]
        elif body:
            bodies[body] = key
    short: dict[str, str] = {}
    defined: set[str] = set()       # short forms the text defines in brackets ("(AI Act)")
    for key, p in out.items():
        label = p.fields["label"]
        surname = [label.split()[-1]] if p.fields.get("kind_guess") == "Person" and " " in label else []
        for w in [*surname, *p.fields.get("aliases", [])]:
            short.setdefault(w.casefold(), key)
        for a, b in p.fields["occurrences"]:
            m, d = _ACRONYM_AFTER.match(text, b), _DEFINED_AFTER.match(text, b)
            # "Netherlands (AP)": no alias; "TEHRAN (Tasnim)": a dateline's agency, no alias; "(the EU AI Act)": the same head
            if m and m.group("a")[0].casefold() == label[0].casefold() and (" " in label or m.group("a").isupper()) \
                    or d and " " in d.group("a") and d.group("a").split()[-1] == label.split()[-1] and (m := d):
                short.setdefault(m.group("a").casefold(), key)
                defined.add(m.group("a").casefold())
                if m.group("a") not in p.fields.setdefault("aliases", []):
                    p.fields["aliases"].append(m.group("a"))
    for key, p in out.items():      # "TSMC" after "Taiwan Semiconductor Manufacturing Company"
        content = [w for w in p.fields["label"].split() if w[:1].isupper() and w.strip(".") not in _LEGAL_FORMS]
        if len(content) >= 3:
            short.setdefault("".join(w[0] for w in content).casefold(), key)
    for key, p in out.items():      # "MIDF" for "MIDF Research", "Super Micro" for "Super Micro Computer"
        words = p.fields["label"].split()
        if p.fields.get("kind_guess") in ("Person", "State", "Place", "Administration"):
            continue
        for n in range(1, len(words)):
            if not _place_like(" ".join(words[n:])):     # "Microsoft" is no short form of "Microsoft Malaysia"
                short.setdefault(" ".join(words[:n]).casefold(), key)
    for key, p in out.items():      # a surname first, in East Asian order: "Lee" of Lee Ting Han
        if p.fields.get("kind_guess") == "Person" and " " in p.fields["label"]:
            short.setdefault(p.fields["label"].split()[0].casefold(), key)
    people = {n.label.split()[-1].casefold(): iri for iri, n in lex.nodes.items()
              if str(PK.Person) in n.types and " " in n.label}
    for key in list(out):
        p = out[key]
        label = p.fields["label"]
        low = label.casefold()
        home = short.get(low) or (_syllabic(label, out) if label.isupper() and len(label) >= 4 else None)
        home = home if home in out else None
        prefix = home and out[home].fields["label"].casefold().startswith(low + " ")
        if home and home != key and (" " not in label and not prefix or low in defined or prefix
                                     and p.fields.get("kind_guess") not in ("State", "Place")):
            out[home].fields["occurrences"] += p.fields["occurrences"]
            del out[key]
        elif " " not in label and low in people:
            mentions.append(_mention(p, lex, people[low], "surname of a known person"))
            del out[key]
        elif gazetteer.demonym(label) and not gazetteer.country(label):
            country = gazetteer.demonym(label)
            home = next((k for k, q in out.items() if q.fields["label"] == country), None)
            known = None if home else _known(lex, country)
            del out[key]
            if home:
                out[home].fields["occurrences"] += p.fields["occurrences"]
            elif known:
                mentions.append(_mention(p, lex, known, f"adjective of {country}"))
            else:       # "two Singaporean men": the adjective names the state
                out[" ".join(t.norm for t in tokens(country))] = _entity(p, text, p.start, p.end, country, "State",
                                                                         list(p.fields["occurrences"]))


def _syllabic(acronym: str, out: dict[str, Proposal]) -> str | None:
    """A candidate whose name the acronym is made of, a beginning of each word in order
    ("MERICS" of "Mercator Institute for China Studies"; "of", "for" may give letters or none)."""
    def fits(letters: str, words: list[str]) -> bool:
        if not words:
            return not letters
        w, optional = words[0].casefold(), words[0].casefold() in ("of", "for", "and", "the", "on")
        return optional and fits(letters, words[1:]) or any(
            letters[:n] == w[:n] and fits(letters[n:], words[1:]) for n in range(1, min(len(w), len(letters)) + 1))
    return next((k for k, q in out.items() if len(q.fields["label"].split()) >= 2 and q.fields["label"] != acronym
                 and q.fields.get("kind_guess") not in ("Person", "Place", "State")
                 and fits(acronym.casefold(), q.fields["label"].split())), None)


def _tail_of(out: dict[str, Proposal], key: str) -> str | None:
    """An earlier body of government whose name ends in this one's two words or more ("Industry
    Ministry" after "Economy and Industry Ministry"): the same body named short."""
    p = out[key]
    label = p.fields["label"]
    if p.fields.get("kind_guess") != "GovernmentBody" or " " not in label:
        return None
    return next((k for k, q in out.items() if k != key and q.start < p.start and q.fields.get("kind_guess") == "GovernmentBody"
                 and q.fields["label"].endswith(" " + label)), None)


def _partial(lex: Lexicon) -> dict[str, str]:
    """Runs of two words or more inside a known proper name, left to one node ("Mythos Preview"
    in "Claude Mythos Preview"): norms joined by spaces -> the node's IRI (kept per lexicon)."""
    cached = getattr(lex, "_partial_names", None)
    if cached is not None:
        return cached
    from kg.curation.propose.concepts import is_proper

    seen: dict[str, set[str]] = {}
    for n in lex.names:
        if len(n.norms) < 3 or not is_proper(n.label):
            continue
        for a in range(len(n.norms)):
            for b in range(a + 2, len(n.norms) + 1):
                if b - a < len(n.norms):
                    seen.setdefault(" ".join(n.norms[a:b]), set()).add(n.iri)
    lex._partial_names = {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and k not in lex.known_norms}
    return lex._partial_names


def _known_as(lex: Lexicon, label: str) -> tuple[str, str] | None:
    """A known node a candidate names in other words: a country's other name ("PRC" is China),
    or a company's full name whose initials are the node's label ("Advanced Micro Devices Inc"
    is AMD)."""
    country = gazetteer.country(label)
    if country and country != label and _known(lex, country):
        return _known(lex, country), f"another name of {country}"
    words = [w for w in label.split() if w[:1].isupper() and w.strip(".") not in _LEGAL_FORMS]
    if len(words) >= 3:
        initials = "".join(w[0] for w in words)
        node = lex.nodes.get(_known(lex, initials) or "")
        if node and node.label.isupper() or node and initials in [n.label for n in lex.names if n.iri == node.iri]:
            return node.iri, f"initials {initials}"
    return None


def _known(lex: Lexicon, name: str) -> str | None:
    toks = tokens(name)
    hits = [n for i, j, n in lex.find(toks) if i == 0 and j == len(toks)]
    return hits[0].iri if hits else None


def _mention(p: Proposal, lex: Lexicon, iri: str, how: str) -> Proposal:
    node = lex.nodes.get(iri)
    return Proposal("mention", p.start, p.end, p.text, p.sentence, p.sentence_start, p.sentence_end,
                    {"entity": iri, "label": node.label if node else p.text, "matched": how,
                     "types": list(node.types) if node else [], "occurrences": list(p.fields["occurrences"])})


def _titled_parts(p: Proposal, text: str, titled) -> list[Proposal]:
    """The person of a run with a title, then the organisation and place it names (``titles.split``)."""
    out = []
    for label, kind in ((titled.name, "Person"), (titled.employer, None), (titled.place, None)):
        at = p.text.find(label) if label else -1
        if at < 0:
            continue
        a, b = p.start + at, p.start + at + len(label)
        out.append(_entity(p, text, a, b, label, kind or kind_of(label, text, a, b)))
    return out


def _entity(p: Proposal, text: str, start: int, end: int, label: str, kind: str, occurrences=None) -> Proposal:
    fields = dict(p.fields, label=label)
    fields.update({"class": str(PK[kind]), "kind_guess": kind, "occurrences": occurrences or [[start, end]]})
    return Proposal("entity", start, end, text[start:end], p.sentence, p.sentence_start, p.sentence_end, fields)


def taught(lex: Lexicon, learned: dict | None) -> Lexicon:
    """The lexicon with the names reviewers merged into nodes (``kg.curation.learned``)."""
    from kg.curation.propose.lexicon import make_name

    aliases = (learned or {}).get("aliases") or {}
    extra = [n for name, iri in aliases.items() if iri in lex.nodes
             for n in [make_name(iri, name, "http://www.w3.org/2004/02/skos/core#altLabel")] if n is not None]
    if not extra:
        return lex
    return lex.extended(extra)


def taught_kinds(props: list[Proposal], learned: dict | None) -> None:
    """Candidates a reviewer gave a kind before get that kind (``learned: true``)."""
    kinds = (learned or {}).get("kinds") or {}
    for p in props:
        kind = kinds.get(str(p.fields.get("label", "")).casefold()) if p.kind == "entity" else None
        if kind:
            p.fields.update({"class": str(PK[kind]), "kind_guess": kind, "learned": True})
