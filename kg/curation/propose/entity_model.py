"""Learned decisions over the rules' candidate entities (issue 21): two models of
``kg.curation.propose.linear`` trained on the annotated ``tune`` articles by
``bench/train_entities.py``, over the features of ``entity_features``.

- ``entities_keep`` (labels ``keep``/``drop``): whether a candidate names an entity a reviewer
  would add (``KEEP_WITHOUT``: not the name's ending, its number of occurrences or where it
  first stands: cross-validated log loss was better without them). A candidate under the keep model's ``drop_below`` (in the file's ``meta``) is
  marked ``unlikely``: not proposed, only counted, like the matches under the confidence floor
  (``kg ingest --all-proposals`` proposes it) -- unless a claim, an event or an origin names it
  (then it stays, its low probability folding it).
- ``entities_kind`` (labels: the kinds the annotations give): the candidate's kind from general
  evidence only (``KIND_WITHOUT``: not the rules' kind),
  a second opinion beside the rules'. Where the rules guessed a ``Company`` or a ``Person`` (their
  fallbacks, and the kinds most often wrong on unseen articles: places and facilities taken for
  companies, organisations for people) and the model gives another kind at least the file's
  ``override`` probability, the model's kind is proposed; the rules' is kept in ``rule_kind``.

Each candidate gets ``probability``: the keep model's probability times the kind model's for
the kind proposed, which ``confidence.rate`` averages with its sort's measured share (on tune,
cross-validated, the product ranks right-as-they-stand candidates above the others with an
area under the ROC curve of 0.80, the keep model alone 0.77, the kind model alone 0.79). A kind a
reviewer taught for a name (``naming.taught_kinds``) is applied after, and wins.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.core.namespaces import PK
from kg.curation.propose.entity_features import VERSION, features
from kg.curation.propose.linear import Linear, check, loaded
from kg.curation.propose.proposals import Proposal

KEEP, KIND = "entities_keep", "entities_kind"
# features each model does not see (left out where cross-validation found them harmful)
KEEP_WITHOUT = ("suffix=", "occ=", "where=")
KIND_WITHOUT = ("rule=", "kind_at=")
OVERRIDABLE = {"Company", "Person"}


def keep_features(f: dict[str, float]) -> dict[str, float]:
    """The features of ``f`` the keep model sees."""
    return {k: v for k, v in f.items() if not k.startswith(KEEP_WITHOUT)}


def kind_features(f: dict[str, float]) -> dict[str, float]:
    """The features of ``f`` the kind model sees."""
    return {k: v for k, v in f.items() if not k.startswith(KIND_WITHOUT)}


@dataclass
class EntityModels:
    keep: Linear | None
    kind: Linear | None
    drop_below: float = 0.0
    override: float = 1.01

    @classmethod
    def default(cls) -> "EntityModels":
        """The committed models (none when a file is absent; a file of another feature set is refused)."""
        keep, kind = check(loaded(KEEP), VERSION), check(loaded(KIND), VERSION)
        return cls(keep, kind, float((keep.meta if keep else {}).get("drop_below", 0.0)),
                   float((kind.meta if kind else {}).get("override", 1.01)))


def judge(props: list[Proposal], text: str, models: EntityModels | None) -> list[Proposal]:
    """Set each candidate entity's kind, ``probability`` and ``unlikely`` by ``models`` (in place)."""
    if models is None or (models.keep is None and models.kind is None):
        return props
    for p in props:
        if p.kind != "entity":
            continue
        f = features(p, text)
        keep = models.keep.probabilities(keep_features(f))["keep"] if models.keep else 1.0
        share = 1.0
        if models.kind:
            probs = models.kind.probabilities(kind_features(f))
            rule = str(p.fields.get("kind_guess") or "")
            best = max(probs, key=lambda k: probs[k])
            share = probs.get(rule, 0.0)
            if rule in OVERRIDABLE and best != rule and probs[best] >= models.override:
                p.fields.update({"rule_kind": rule, "class": str(PK[best]), "kind_guess": best})
                share = probs[best]
        p.fields["probability"] = round(keep * share, 4)
        p.fields["keep_probability"] = round(keep, 4)
        if keep < models.drop_below:
            p.fields["unlikely"] = True
    return props


def spare_named(props: list[Proposal]) -> list[Proposal]:
    """Candidates marked ``unlikely`` that a claim, an event or an origin names are proposed after all."""
    named = set()
    for p in props:
        f = p.fields
        named.update(x.casefold() for x in [f.get("claimer_candidate"), f.get("relays_candidate"),
                                            *(f.get("participant_labels") or [])] if x)
    for p in props:
        if p.kind == "entity" and p.fields.get("unlikely") and str(p.fields.get("label", p.text)).casefold() in named:
            p.fields.pop("unlikely")
    return props
