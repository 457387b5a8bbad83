"""What a reviewer's edit does to a proposal, checked before anything is written.

- Every field goes through ``kg.curation.values.clean`` (IRIs, typed values, kinds from the
  vocabulary); a bad one raises ``BadField`` naming it.
- A link proposal that corroborates a curated link (``link`` set by the proposer) whose cause,
  effect or polarity the reviewer changes is no longer that link: it becomes a new link
  (``link`` dropped, the old one kept as ``instead_of``), so accepting it never adds a second
  polarity, effect or name to the curated one. A ``link`` the reviewer types must be new.
- A mention's label the reviewer edits is another name of the node in this document
  (``label_edited``: written as ``skos:altLabel``, never a second English ``prefLabel``); a
  mention pointed at another entity without a store to describe it loses the old entity's
  label and types.
"""
from __future__ import annotations

from pathlib import Path

from kg.curation.propose.proposals import Proposal
from kg.curation.values import InvalidValue, clean

LINK_ENDS = ("cause", "effect", "polarity")
# the fields a reviewer may edit, or give a statement added from a span
EDITABLE = {"entity", "cause", "effect", "polarity", "label", "class", "value", "min", "max", "unit", "year",
            "approximate", "claimer", "about", "epistemic_status", "datatype", "note", "agents", "mechanism",
            "status", "link", "type", "date", "participants", "measures", "subject", "of", "relays"}
STATED = {"entity", "cause", "effect", "polarity", "label", "class", "value", "min", "max", "unit", "year",
          "approximate", "claimer", "about", "epistemic_status", "datatype", "note", "agents", "mechanism",
          "status", "link", "types", "iri", "subject", "participants", "measures", "type", "date", "relays"}


class BadField(ValueError):
    """A field's value cannot be written (the message names the field)."""

    def __init__(self, exc: InvalidValue) -> None:
        super().__init__(str(exc))
        self.field = exc.field


def cleaned(kind: str, fields: dict, ontology_dir: str | Path) -> dict:
    try:
        return clean(kind, fields, ontology_dir)
    except InvalidValue as exc:
        raise BadField(exc) from None


def apply_edit(p: Proposal, changes: dict, known: set[str], described: bool, ontology_dir: str | Path) -> dict:
    """Change ``p`` as the reviewer asks (``changes`` without ``kind``, already applied); returns
    the cleaned changes. ``known``: IRIs the data files hold; ``described``: the caller will
    describe a changed entity from the store."""
    fields = cleaned(p.kind, changes, ontology_dir)
    if fields.get("link") and fields["link"] in known:
        raise BadField(InvalidValue("link", f"{fields['link']} is a curated link already; a link set by hand "
                                            "must be new (leave cause, effect and polarity as proposed to "
                                            "corroborate it)"))
    if p.kind == "link" and p.fields.get("link") and "link" not in fields \
            and any(k in fields and fields[k] != p.fields.get(k) for k in LINK_ENDS):
        p.fields["instead_of"] = p.fields.pop("link")
        p.fields["corroborates"] = False
        for end in ("cause", "effect"):
            if end in fields and fields[end] != p.fields.get(end):
                p.fields.pop(f"{end}_label", None)
    if p.kind == "mention" and "entity" in fields and fields["entity"] != p.fields.get("entity") and not described:
        for k in ("label", "types", "label_edited"):
            p.fields.pop(k, None)
    if "label" in fields and p.kind == "mention":
        p.fields["label_edited"] = True
    for k, v in fields.items():
        p.fields[k] = v
    return fields


def checked(p: Proposal, ontology_dir: str | Path) -> Proposal:
    """``p`` with what it would state cleaned again (a review file from before these checks, or
    edited by hand, is not trusted)."""
    stated = {k: v for k, v in p.fields.items() if k in STATED}
    p.fields.update(cleaned(p.kind, stated, ontology_dir))
    return p
