"""A proposal's ties to nodes: names typed for a node field made IRIs (``named_nodes``), and ties
to candidate entities of the same document: a claim whose speaker, or an
event whose participants, are new entities the proposer found ("according to the Wall Street
Journal", "the Ministry of Investment, Trade and Industry") name them by label only
(``claimer_candidate``, ``participant_labels``). Once the reviewer has accepted such a
candidate, accepting the claim or event ties it to the node the candidate became."""
from __future__ import annotations

from dataclasses import replace

from kg.curation.propose.proposals import Proposal


def relayed(p: Proposal, review: dict, passages: set[str]) -> Proposal:
    """``p`` with what its document relays: an origin proposal gets the document's accepted
    passages (``passages``: their anchors), which accepting it marks as relaying the origin; any
    other proposal gets the origins accepted before it (``passage_relays``), which its passage relays too."""
    accepted = review.get("accepted") or {}
    if p.kind == "origin":
        return replace(p, fields={**p.fields, "passages": sorted(passages)})
    origins = sorted({accepted[o.id]["node"] for o in review["proposals"]
                      if o.kind == "origin" and o.id in accepted and accepted[o.id].get("node")})
    return replace(p, fields={**p.fields, "passage_relays": origins}) if origins else p


def accepted_entities(review: dict) -> dict[str, str]:
    """Label (case-folded) -> node IRI, for the entity proposals of ``review`` already accepted."""
    accepted = review.get("accepted") or {}
    out = {}
    for p in review["proposals"]:
        if p.kind == "entity" and p.id in accepted and accepted[p.id].get("node"):
            for label in [p.fields.get("label") or p.text, *(p.fields.get("aliases") or [])]:
                out[str(label).casefold()] = accepted[p.id]["node"]
    return out


def tied(p: Proposal, review: dict) -> Proposal:
    """``p`` with its candidate speaker or participants replaced by their nodes, where accepted."""
    f = p.fields
    if p.kind == "claim" and not f.get("claimer") and f.get("claimer_candidate"):
        node = accepted_entities(review).get(str(f["claimer_candidate"]).casefold())
        if node:
            return replace(p, fields={**f, "claimer": node})
    if p.kind == "origin" and not f.get("relays") and f.get("relays_candidate"):
        node = accepted_entities(review).get(str(f["relays_candidate"]).casefold())
        if node:
            return replace(p, fields={**f, "relays": node})
    if p.kind == "event" and f.get("participant_labels"):
        nodes = accepted_entities(review)
        extra = [nodes[x.casefold()] for x in f["participant_labels"] if x.casefold() in nodes]
        if extra:
            return replace(p, fields={**f, "participants": sorted({*(f.get("participants") or []), *extra})})
    return p


NODE_FIELDS = ("entity", "claimer", "cause", "effect", "relays")


def named_nodes(store, changes: dict) -> dict:
    """``changes`` with the node fields a person typed as a name ("Malaysia", "id:china") made
    IRIs (``kg.index.resolve``); a name that is not one node raises ``ResolveError`` saying why
    (no node of that name, with suggestions; or several)."""
    from kg.index.resolve import resolve

    out = dict(changes)
    for key in NODE_FIELDS:
        value = out.get(key)
        if store is not None and isinstance(value, str) and value and not value.startswith(("http://", "https://")):
            out[key] = resolve(store, value).iri
    return out



def named_fields(store, changes: dict, pid: str = "") -> dict:
    """``named_nodes`` field by field, a name that is not one node an ``InvalidField`` naming it."""
    from kg.curation.review_errors import InvalidField
    from kg.index.resolve import ResolveError

    for key in list(changes):
        try:
            changes.update(named_nodes(store, {key: changes[key]}))
        except ResolveError as exc:
            raise InvalidField(f"{pid}: {key}: {exc.message}".lstrip(": "), key) from exc
    return changes


def describe_entity(store, p: Proposal) -> None:
    """A mention pointed at a node gets the node's label and types from the label index."""
    from kg.index.labels import index

    idx = index(store)
    iri = p.fields.get("entity")
    p.fields["label"] = idx.label(iri)
    p.fields["types"] = idx.types(iri)
