"""The origin a document relays: the report, paper or actor whose statements it passes on
(``pk:relays``, see ``kg.trace.origins``), so that five reports of one paper count as one source.

A text says where its content comes from in a few ways, each a cue followed or preceded by a
name the proposer found (a known node or a candidate entity of an actor's kind):

- "according to (a report / paper / study by) X", "as reported by X", "citing X";
- "a (new) paper / report / study / analysis (published) by X", "X's paper / report / study";
- "X reported / first reported" (a publisher right before the verb: a company that "reported"
  its earnings is no origin);
- "X argues / warns / states ..." when the graph knows a report X wrote: the text passes on
  that report (an actor the graph knows no report of is a claim's speaker, not an origin).

When the cue speaks of a work ("a paper by Anthropic") and the graph knows reports X wrote
(``schema:author``), the origin is the report (the one the text also names, else the only one);
a report the text names after the cue is the origin itself; otherwise the actor. One proposal
per origin (``kind: origin``): ``origin`` (the node's IRI, or None for a candidate),
``relays_label``, ``relays_candidate`` (the candidate's label: accept it first, as for a claim's
speaker), ``cue`` and ``occurrences``. Accepting it marks the document's passages as relaying
that origin (``kg.curation.statements``).
"""
from __future__ import annotations

import re

from kg.core.namespaces import PK
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.actors import Spans, actor_kind
from kg.curation.propose.saying import ACTOR_KINDS, SAY
from kg.curation.propose.text import Sentence

_WORK = r"(?:report|paper|study|analysis|article|essay|research|statement|investigation)"
_BEFORE = re.compile(r"\b(?:according to|(?:as )?(?:first )?reported by|citing|cited by)\s+(?:(?:the|a|an)\s+)?"
                     r"(?:(?:new|recent|latest|earlier|policy)\s+)*(?:(?P<work>" + _WORK + r"s?)\s+(?:by|from|of)\s+)?"
                     r"|\b(?:a|an|the)\s+(?:(?:new|recent|latest|earlier|policy)\s+)*(?P<work2>" + _WORK + r")\s+"
                     r"(?:(?:published|released|written)\s+)?(?:by|from)\s+", re.I)
_AFTER = re.compile(r"[’']s\s+(?:(?:new|recent|latest|earlier|policy)\s+)*(?P<work>" + _WORK + r"|post)\b"
                    r"|\s+(?:(?:first|earlier|also|had|has)\s+)?(?P<verb>reported)\b"
                    r"|\s+(?:\w+ly\s+)?(?P<say>" + "|".join(sorted(SAY, key=len, reverse=True)) + r")\b", re.I)
REPORT = str(PK.Report)


def origins(text: str, sents: list[Sentence], lex: Lexicon, named: list[Proposal]) -> list[Proposal]:
    """Origin proposals for ``text`` (``named``: the mention and entity proposals so far)."""
    every = [(o[0], o[1], p) for p in named if _source_like(p, lex)
             for o in p.fields.get("occurrences") or [[p.start, p.end]]]
    spans = Spans(every)
    reports_named = {p.fields.get("entity") for _, _, p in every if _is_report(p, lex)}
    out: dict[str, Proposal] = {}
    for s in sents:
        for m in _BEFORE.finditer(s.text):
            at = s.start + m.end()
            after = spans.between(at, at + 4)
            if after:
                _add(out, after[0][2], bool(m.group("work") or m.group("work2")), s.start + m.start(),
                     after[0][1], m.group(0).strip(), text, s, lex, reports_named)
        for a0, a1, p in spans.between(s.start, s.end - 1):
            m = _AFTER.match(text, a1, s.end)
            if m and m.group("say") and p.kind == "mention" and lex.authored.get(p.fields["entity"]):
                _add(out, p, True, a0, m.end(), text[a1:m.end()].strip(), text, s, lex, reports_named)
            elif m and (m.group("work") or m.group("verb") and actor_kind(p, lex) == "Publisher"):
                _add(out, p, bool(m.group("work")), a0, m.end(), text[a1:m.end()].strip(" ’'"), text, s, lex,
                     reports_named)
    return list(out.values())


def _source_like(p: Proposal, lex: Lexicon) -> bool:
    return _is_report(p, lex) or actor_kind(p, lex) in ACTOR_KINDS


def _is_report(p: Proposal, lex: Lexicon) -> bool:
    node = lex.nodes.get(p.fields.get("entity")) if p.kind == "mention" else None
    return node is not None and REPORT in node.types


def _add(out: dict, p: Proposal, work: bool, start: int, end: int, cue: str, text: str, s: Sentence, lex: Lexicon,
         reports_named: set) -> None:
    iri, label, candidate = None, p.fields.get("label") or p.text, None
    if p.kind == "mention":
        iri = p.fields["entity"]
        written = lex.authored.get(iri, [])
        if work and written:
            named = [r for r in written if r in reports_named]
            pick = named[0] if named else written[0] if len(written) == 1 else None
            if pick:
                iri, label = pick, lex.nodes[pick].label
    else:
        candidate = label
    key = iri or f"candidate:{label.casefold()}"
    if key in out:
        out[key].fields["occurrences"].append([start, end])
        return
    out[key] = Proposal("origin", start, end, text[start:end], s.text, s.start, s.end, {
        "relays": iri, "relays_label": label, "relays_candidate": candidate, "cue": cue,
        "label": f"relays {label}", "occurrences": [[start, end]]})


__all__ = ["origins"]
