"""An accepted proposal as RDF: the statements it makes in the document's graph, with an
evidence anchor that carries a TextPositionSelector (fast) and a TextQuoteSelector (exact,
prefix, suffix: finds the span again if the text is re-extracted), who accepted it
(``prov:wasAttributedTo``) and when (``prov:generatedAtTime``).

An accepted origin (``kind: origin``) marks the document's accepted passages, and each passage
accepted after it, as relaying the report or actor (``pk:relays``, ``kg.curation.ties.relayed``).

IRIs are written under the default base (``https://w3id.org/policy-kg/id/``), as in every
data file; ``kg.store.build`` rewrites them to the configured base when loading.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from kg.core.namespaces import DEFAULT_BASE, OA, PK, SCHEMA
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.text import widen_to_words
from kg.curation.values import decimal_text

ID = DEFAULT_BASE
QUOTE_CONTEXT = 32
STATUSES = {"Assertion", "Forecast", "Estimate", "Allegation", "Recommendation", "Warning", "Opinion"}
CLASSES = {"AILab", "AIModel", "Actor", "ActorGroup", "Administration", "Capability", "Chip", "Coalition", "Company",
           "DataCenter", "GovernmentBody", "ManufacturingEquipment", "Measure", "Outcome", "Pathway", "Person",
           "PolicyPackage", "Publisher", "Software", "State", "Hardware", "Place"}


class StatementError(ValueError):
    """The proposal cannot become statements as it stands; the message says what to edit."""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "node"


def local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def anchor_span(p: Proposal, text: str) -> tuple[int, int]:
    """Where the evidence points: the name itself for a mention or a new entity, the whole
    sentence for the rest (a date, figure, link or claim needs its context)."""
    if p.kind in ("mention", "entity") or p.fields.get("span_only"):
        return widen_to_words(text, p.start, p.end)
    start = min(p.start, p.sentence_start) if p.sentence_end > p.sentence_start else p.start
    end = max(p.end, p.sentence_end)
    return widen_to_words(text, start, end)


def anchor(g: Graph, doc: URIRef, number: str, p: Proposal, text: str, sha: str, reviewer: str,
           when: datetime) -> URIRef:
    ev = URIRef(f"{ID}evidence/{number}-{p.id}")
    start, end = anchor_span(p, text)
    pos, quote = BNode(), BNode()
    g.add((ev, RDF.type, OA.SpecificResource))
    g.add((ev, OA.hasSource, doc))
    g.add((ev, PK.sourceSha256, Literal(sha)))
    g.add((ev, OA.hasSelector, pos))
    g.add((pos, RDF.type, OA.TextPositionSelector))
    g.add((pos, OA.start, Literal(start)))
    g.add((pos, OA.end, Literal(end)))
    g.add((ev, OA.hasSelector, quote))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(text[start:end])))
    g.add((quote, OA.prefix, Literal(text[max(0, start - QUOTE_CONTEXT):start])))
    g.add((quote, OA.suffix, Literal(text[end:end + QUOTE_CONTEXT])))
    g.add((ev, PROV.wasAttributedTo, URIRef(f"{ID}reviewer/{slug(reviewer)}")))
    g.add((ev, PROV.generatedAtTime, Literal(when.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    if p.kind == "origin" and p.fields.get("relays"):
        g.add((ev, PK.relays, URIRef(p.fields["relays"])))
    return ev


def statements(p: Proposal, *, doc: str, number: str, text: str, sha: str, reviewer: str,
               known: set[str], when: datetime | None = None) -> tuple[Graph, URIRef]:
    """The graph of statements accepting ``p`` makes, and the main node they describe.
    ``known``: IRIs already in the graph (a new node's IRI must not clash with one)."""
    when = when or datetime.now(timezone.utc)
    g = Graph()
    d = URIRef(doc)
    ev = anchor(g, d, number, p, text, sha, reviewer, when)
    f = p.fields
    en = lambda s: Literal(str(s), lang="en")  # noqa: E731
    if p.kind == "mention":
        if not f.get("entity"):
            raise StatementError(f"{p.id}: a mention needs the entity it names (edit its target)")
        node = URIRef(f["entity"])
        for t in f.get("types") or []:
            g.add((node, RDF.type, URIRef(t)))
        if f.get("label"):       # the node's own name, or the reviewer's: another name in this document
            g.add((node, SKOS.altLabel if f.get("label_edited") else SKOS.prefLabel, en(f["label"])))
    elif p.kind == "entity":
        cls = re.split(r"[/#:]", str(f.get("class") or ""))[-1]      # an IRI, pk:Company or Company
        if cls not in CLASSES:
            raise StatementError(f"{p.id}: unknown kind {cls!r} for a new entity (one of {', '.join(sorted(CLASSES))})")
        label = (f.get("label") or p.text).strip()
        node = URIRef(f.get("iri") or fresh(f"{ID}{slug(label)}", known))
        g.add((node, RDF.type, PK[cls]))
        g.add((node, SKOS.prefLabel, en(label)))
        if cls == "Measure":
            g.add((node, PK.status, PK[f.get("status") or "Recommended"]))
    elif p.kind in ("date", "event"):
        node = URIRef(f.get("iri") or fresh(f"{ID}event-{number}-{p.id}", known))
        value = f.get("value") if p.kind == "date" else f.get("date")
        dtype = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}.get(f.get("datatype"))
        if (p.kind == "date" or value) and (not value or dtype is None):
            raise StatementError(f"{p.id}: a date needs a value (YYYY, YYYY-MM or YYYY-MM-DD) and its datatype")
        g.add((node, RDF.type, PK.Event))
        default = f"Event of {value} (document {number})" if p.kind == "date" else f"{f.get('type') or 'Event'}: {p.text}"
        g.add((node, SKOS.prefLabel, en(f.get("label") or default)))
        if f.get("type"):
            g.add((node, PK.eventType, Literal(str(f["type"]))))
        if value:
            g.add((node, PK.date, Literal(value, datatype=dtype)))
        if f.get("approximate"):
            g.add((node, PK.dateApproximate, Literal(True)))
        if f.get("note"):
            g.add((node, PK.dateNote, Literal(f["note"])))
        for agent in f.get("agents") or []:
            g.add((node, PK.agent, URIRef(agent)))
        for who in f.get("participants") or []:
            g.add((node, PK.participant, URIRef(who)))
    elif p.kind == "figure":
        node = URIRef(f.get("iri") or fresh(f"{ID}figure-{number}-{p.id}", known))
        nums = [(k, f.get(k)) for k in ("value", "min", "max") if f.get(k) is not None]
        if not nums or not f.get("unit"):
            raise StatementError(f"{p.id}: a figure needs a number (value, or min/max) and a unit")
        g.add((node, RDF.type, PK.Figure))
        g.add((node, SKOS.prefLabel, en(f.get("label") or figure_label(f))))
        prop = {"value": SCHEMA.value, "min": SCHEMA.minValue, "max": SCHEMA.maxValue}
        for k, v in nums:
            g.add((node, prop[k], Literal(decimal_text(v), datatype=XSD.decimal)))
        g.add((node, SCHEMA.unitText, Literal(str(f["unit"]))))
        if f.get("measures"):
            g.add((node, PK.quantity, Literal(str(f["measures"]))))
        if f.get("subject"):
            g.add((node, SCHEMA.about, URIRef(f["subject"])))
        if f.get("year"):
            g.add((node, PK.referenceYear, Literal(str(f["year"]), datatype=XSD.gYear)))
        if f.get("approximate"):
            g.add((node, PK.approximate, Literal(True)))
    elif p.kind == "link":
        cause, effect, pol = f.get("cause"), f.get("effect"), f.get("polarity")
        if not cause or not effect or pol not in ("+", "-") or cause == effect:
            raise StatementError(f"{p.id}: a causal link needs a cause, a different effect and a polarity (+ or -)")
        c, e = URIRef(cause), URIRef(effect)
        curated = bool(f.get("link")) and f["link"] in known     # corroborated: its name stays its own
        node = URIRef(f.get("link") or fresh(f"{ID}link-{slug(local(cause))}-{slug(local(effect))}", known))
        g.add((node, RDF.type, PK.CausalLink))
        g.add((node, PK.cause, c))
        g.add((node, PK.effect, e))
        g.add((node, PK.polarity, PK.Positive if pol == "+" else PK.Negative))
        verb = "increases" if pol == "+" else "decreases"
        if not curated:
            g.add((node, SKOS.prefLabel, en(f.get("label") or f"{f.get('cause_label') or local(cause)} → "
                                             f"{f.get('effect_label') or local(effect)} ({verb})")))
        if f.get("mechanism"):
            g.add((node, PK.mechanism, Literal(f["mechanism"])))
        g.add((c, PK.increases if pol == "+" else PK.decreases, e))
        g.add((c, PK.evidence, ev))
    elif p.kind == "claim":
        if not f.get("claimer"):
            raise StatementError(f"{p.id}: a claim needs a claimer (edit it: an actor's IRI)")
        about = [a for a in f.get("about") or [] if a]
        if not about:
            raise StatementError(f"{p.id}: a claim needs at least one node it is about (edit 'about')")
        status = f.get("epistemic_status") or "Assertion"
        if status not in STATUSES:
            raise StatementError(f"{p.id}: epistemic status {status!r} is not one of {', '.join(sorted(STATUSES))}")
        node = URIRef(f.get("iri") or fresh(f"{ID}claim-{number}-{p.id}", known))
        g.add((node, RDF.type, PK.Claim))
        g.add((node, SKOS.prefLabel, en(f.get("label") or f"Claim {p.id} of document {number}")))
        g.add((node, PK.claimer, URIRef(f["claimer"])))
        g.add((node, PK.epistemicStatus, PK[status]))
        for a in about:
            g.add((node, PK.about, URIRef(a)))
    elif p.kind == "origin":
        if not f.get("relays"):
            raise StatementError(f"{p.id}: an origin needs the report or actor the document relays (accept "
                                 f"{f.get('relays_candidate') or 'the candidate'} first, or edit 'relays')")
        node = URIRef(f["relays"])
        for passage in f.get("passages") or []:      # what the document's accepted passages say comes from it
            g.add((URIRef(passage), PK.relays, node))
    else:
        raise StatementError(f"{p.id}: unknown kind {p.kind!r}")
    for origin in f.get("passage_relays") or []:            # an origin accepted before: this passage relays it too
        g.add((ev, PK.relays, URIRef(origin)))
    g.add((node, PK.evidence, ev))
    return g, node


def fresh(iri: str, known: set[str]) -> str:
    if iri not in known:
        return iri
    n = 2
    while f"{iri}-{n}" in known:
        n += 1
    return f"{iri}-{n}"


def figure_label(f: dict) -> str:
    unit = str(f.get("unit"))
    approx = "about " if f.get("approximate") else ""
    if f.get("min") is not None and f.get("max") is not None:
        return f"{approx}{f['min']} to {f['max']} {unit}"
    if f.get("max") is not None:
        return f"up to {f['max']} {unit}"
    if f.get("min") is not None:
        return f"at least {f['min']} {unit}"
    return f"{approx}{f.get('value')} {unit}"
