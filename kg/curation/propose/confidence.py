"""How sure a proposal is: every proposal gets a ``confidence`` between 0 and 1, the share of
proposals of its sort that were right as proposed where that was measured, and ``folded``
when that share is under the threshold (the review lists folded proposals last, closed).

A proposal's sort (``sort_of``) is its kind and the few things that told right from wrong in the
measurements: for a mention, whether it was found by a name or by key words (and how much of the name's weight they carried) or by the measures of a
package; for a new entity, its kind; for a figure, whether it is tied to what it measures; for
an event, whether the sentence dates it; for a claim, whether its speaker is a known node, a
candidate entity or only words (or ``disputed``: the claimer ranker's model that reads no rule
prefers another); for a date, whether the text gives the year; for a link, whether the graph
already has it and how it was found.

The shares live in ``calibration.json`` beside this module: counts of right and proposed per
sort, measured by ``bench/calibrate.py`` (the ``tune`` part of the real articles for the judged
kinds, the curated documents held out one at a time for dates and links), and the threshold
chosen there. A sort never measured takes its kind's share; a kind never measured takes 0.5.
Shares are smoothed (one right and one wrong added), so that three of three is not certainty.

Below the *floor* (``floor`` in the file, also chosen there) a proposal of a sort measured on
enough real-article proposals (the file's ``floored`` sorts) is not proposed at all, only
counted (``held_back``): in practice the key-word matches of concept nodes, almost never right
on new text. The setting
``all_proposals`` (``kg ingest --all-proposals``) keeps them.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from kg.curation.propose.proposals import Proposal

CALIBRATION = Path(__file__).with_name("calibration.json")
PEOPLE = {"Person"}
ORGANISATIONS = {"Company", "AILab", "GovernmentBody", "Publisher", "ActorGroup", "Administration", "Coalition",
                 "Actor"}
PLACES = {"State", "Place"}


def sort_of(p: Proposal) -> str:
    """The proposal's sort: ``kind:feature`` (see the module's description)."""
    f = p.fields
    if p.kind == "mention":
        if f.get("matched") == "measures recommended":
            return "mention:package"
        if f.get("fuzzy"):
            return "mention:key-words-" + ("all" if (f.get("score") or 0) >= 0.8 else "most")
        return "mention:name"
    if p.kind == "entity":
        kind = str(f.get("kind_guess") or f.get("class") or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        group = ("person" if kind in PEOPLE else "organisation" if kind in ORGANISATIONS
                 else "place" if kind in PLACES else "thing")
        return f"entity:{group}"
    if p.kind == "figure":
        return "figure:" + ("tied" if f.get("measures") or f.get("subject") else "untied")
    if p.kind == "event":
        return "event:" + ("undated" if "no date" in str(f.get("note") or "") else "dated")
    if p.kind == "claim":
        if f.get("claimer_disputed_by"):
            return "claim:disputed"     # the claimer ranker's independent model prefers another
        who = "known" if f.get("claimer") else "candidate" if f.get("claimer_candidate") else "words"
        return f"claim:{who}-{f.get('speaker_by') or 'named'}"
    if p.kind == "date":
        return "date:" + ("guessed" if f.get("approximate") else "stated")
    if p.kind == "link":
        return "link:" + ("known" if f.get("corroborates") else "new") + "-" + str(f.get("basis") or "cue")
    if p.kind == "origin":
        return "origin:" + ("known" if f.get("relays") else "candidate")
    return p.kind


@lru_cache(maxsize=1)
def table() -> dict:
    """The calibration file's content ({"sorts": {sort: [right, proposed]}, "threshold": T, ...});
    empty counts and threshold 0 when the file is absent."""
    if not CALIBRATION.is_file():
        return {"sorts": {}, "threshold": 0.0}
    return json.loads(CALIBRATION.read_text(encoding="utf-8"))


def share(sort: str, counts: dict) -> float:
    """The smoothed share right of ``sort`` in ``counts`` ({sort: [right, proposed]}), else of its kind."""
    if sort in counts:
        right, n = counts[sort]
    else:
        kind = sort.split(":", 1)[0]
        right = sum(r for s, (r, _) in counts.items() if s.split(":", 1)[0] == kind)
        n = sum(m for s, (_, m) in counts.items() if s.split(":", 1)[0] == kind)
    return round((right + 1) / (n + 2), 2)


def rate(proposals: list[Proposal], calibration: dict | None = None) -> list[Proposal]:
    """Set ``confidence`` and ``folded`` on every proposal (in place); returns them."""
    cal = calibration if calibration is not None else table()
    counts, threshold = cal.get("sorts", {}), float(cal.get("threshold", 0.0))
    for p in proposals:
        p.fields["confidence"] = share(sort_of(p), counts)
        if p.fields.get("probability") is not None:     # a learned model's: the two averaged
            p.fields["confidence"] = round((p.fields["confidence"] + float(p.fields["probability"])) / 2, 2)
        p.fields["folded"] = p.fields["confidence"] < threshold
    return proposals


def floor(calibration: dict | None = None) -> tuple[float, frozenset[str]]:
    """The confidence floor and the sorts held back under it (0 and none when not calibrated)."""
    cal = calibration if calibration is not None else table()
    return float(cal.get("floor", 0.0)), frozenset(cal.get("floored", ()))


def held_back(proposals: list[Proposal], floored: frozenset[str], unlikely: bool = True) -> tuple[list[Proposal], list[Proposal]]:
    """The ``proposals`` split into those proposed and those held back (of a ``floored`` sort, or
    marked ``unlikely`` by a learned model when ``unlikely`` is set)."""
    kept, held = [], []
    for p in proposals:
        (held if sort_of(p) in floored or unlikely and p.fields.get("unlikely") else kept).append(p)
    return kept, held


def unlikely_note(held: list[Proposal], below: float) -> dict:
    """What the review record says of the held-back proposals: their number, the floor, and how
    many of each sort (``kg.curation.propose.confidence.sort_of``)."""
    sorts: dict[str, int] = {}
    for p in held:
        sorts[sort_of(p)] = sorts.get(sort_of(p), 0) + 1
    words = {}
    for s, n in sorts.items():
        what = "key-word matches" if s.startswith("mention:key-words") else s
        words[what] = words.get(what, 0) + n
    what = next(iter(words)) if len(words) == 1 else ", ".join(f"{n} {w}" for w, n in words.items()) + ";"
    return {"count": len(held), "floor": below, "sorts": dict(sorted(sorts.items())),
            "text": f"{len(held)} unlikely matches not proposed ({what} below confidence {below})"}
