"""The order a reviewer works through a document's proposals: grouped by what they add, most
telling first (new entities, events, claims, figures, links, dates, then mentions of known
nodes: exact names before key-word matches), then the proposals whose confidence is under the
calibrated threshold (``folded``, ``kg.curation.propose.confidence``; exact names excepted, which
stay with the exact mentions for "accept all exact mentions") in one last group; in each
group proposed first, then the most confident, then in text order (key-word mentions by their
score). Bulk actions work on these groups: "accept all exact mentions", "reject the rest of
this group".
"""
from __future__ import annotations

PAGE = 500     # proposals per review page unless asked otherwise (the most a list page shows)

GROUPS = [("entity", "New entities"), ("event", "Events"), ("claim", "Claims"), ("figure", "Figures"),
          ("link", "Causal links"), ("origin", "Origins (what the document relays)"), ("date", "Dates"), ("mention", "Mentions of known nodes (exact names)"),
          ("fuzzy", "Mentions by key words (less sure)"),
          ("folded", "Less likely (confidence under the threshold; most of these were wrong where measured)")]
_STATUS_ORDER = {"proposed": 0, "accepted": 1, "rejected": 2}


def group_of(p: dict) -> str:
    """The group of a proposal (its JSON form): its kind, with key-word mentions and the folded
    (unlikely) proposals apart."""
    exact = p["kind"] == "mention" and not p.get("fuzzy") and p.get("matched") != "measures recommended"
    if p.get("folded") and not exact:      # exact names stay for "accept all exact mentions", ranked
        return "folded"
    if p["kind"] == "mention" and p.get("fuzzy"):
        return "fuzzy"
    return p["kind"]


def groups(proposals: list[dict]) -> list[dict]:
    """[{"name", "title", "proposals", "proposed", "total"}] in review order, empty groups left out."""
    out = []
    for name, title in GROUPS:
        members = [p for p in proposals if group_of(p) == name]
        if not members:
            continue
        members.sort(key=lambda p: (_STATUS_ORDER.get(p["status"], 3), -float(p.get("confidence") or 0),
                                    -float(p.get("score") or 0), p["start"]))
        out.append({"name": name, "title": title, "proposals": members, "total": len(members),
                    "proposed": sum(1 for p in members if p["status"] == "proposed")})
    return out


def page(proposals: list[dict], offset: int = 0, limit: int = PAGE) -> list[dict]:
    """One page of the review queue: the groups of the proposals ``offset`` .. ``offset + limit``
    in review order, each keeping its whole-document ``total`` and ``proposed`` counts. A
    document of 18,301 proposals was one 12 MB page; a page now holds at most ``limit`` rows."""
    whole = groups(proposals)
    shown, start = [], 0
    for g in whole:
        end = start + len(g["proposals"])
        if end > offset and start < offset + limit:
            cut = g["proposals"][max(0, offset - start):offset + limit - start]
            shown.append({**g, "proposals": cut})
        start = end
    return shown


def in_group(proposals: list[dict], name: str, status: str = "proposed") -> list[str]:
    """Ids of the proposals of group ``name`` with ``status`` (the targets of a bulk action)."""
    if name not in dict(GROUPS):
        raise ValueError(f"unknown group {name!r} (one of {', '.join(dict(GROUPS))})")
    return [p["id"] for p in proposals if group_of(p) == name and p["status"] == status]
