"""The order a reviewer works through a document's proposals: grouped by what they add, most
telling first (new entities, events, claims, figures, links, dates, then mentions of known
nodes: exact names before key-word matches, those by score), and in each group proposed first,
then in text order. Bulk actions work on these groups: "accept all exact mentions", "reject
the rest of this group".
"""
from __future__ import annotations

GROUPS = [("entity", "New entities"), ("event", "Events"), ("claim", "Claims"), ("figure", "Figures"),
          ("link", "Causal links"), ("date", "Dates"), ("mention", "Mentions of known nodes (exact names)"),
          ("fuzzy", "Mentions by key words (less sure)")]
_STATUS_ORDER = {"proposed": 0, "accepted": 1, "rejected": 2}


def group_of(p: dict) -> str:
    """The group of a proposal (its JSON form): its kind, with key-word mentions apart."""
    if p["kind"] == "mention" and p.get("fuzzy"):
        return "fuzzy"
    return p["kind"]


def groups(proposals: list[dict]) -> list[dict]:
    """[{"name", "title", "proposals", "proposed"}] in review order, empty groups left out."""
    out = []
    for name, title in GROUPS:
        members = [p for p in proposals if group_of(p) == name]
        if not members:
            continue
        if name == "fuzzy":
            members.sort(key=lambda p: (_STATUS_ORDER.get(p["status"], 3), -float(p.get("score") or 0), p["start"]))
        else:
            members.sort(key=lambda p: (_STATUS_ORDER.get(p["status"], 3), p["start"]))
        out.append({"name": name, "title": title, "proposals": members,
                    "proposed": sum(1 for p in members if p["status"] == "proposed")})
    return out


def in_group(proposals: list[dict], name: str, status: str = "proposed") -> list[str]:
    """Ids of the proposals of group ``name`` with ``status`` (the targets of a bulk action)."""
    if name not in dict(GROUPS):
        raise ValueError(f"unknown group {name!r} (one of {', '.join(dict(GROUPS))})")
    return [p["id"] for p in proposals if group_of(p) == name and p["status"] == status]
