"""The format version of each warm part: what decides whether a value on the shelf is still right.

A warm part (``kg.index.warm``) is kept on disk under its store's data (generation and data
fingerprint) and under its own ``version`` here, not under a hash of the whole code base: a deploy
that changes other code reads the warm state of the last start. Bump a part's ``version`` when what
its builder makes changes (a new column, another sort, another query); the value saved by the old
code is then not read, and built again.

``sources`` names the code that builds the part: modules (``kg.index.labels``), or names inside a
module (``kg.pages.lists:_events``: a function's or class's source, another value's ``repr``), and
with them every query they name (``queries.get("...")``). ``checked`` is a hash of that code, and
``tests/test_warm_versions.py`` fails when the code no longer has it: whoever changed it then bumps
the version (when the saved value changes) and records the new hash (in every case). Nothing is
hashed at run time. ``uses``: other parts whose values shape this one (an order sorted by labels
uses the label index), whose versions are part of this one's.

``SHELF`` is the version of the shelf itself (the file forms of ``kg.index.lasting``, how
``kg.index.warm`` names and reads files): bumping it leaves every part's file unread.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    version: int
    sources: tuple[str, ...]
    checked: str
    uses: tuple[str, ...] = ()


SHELF = Part(1, ("kg.index.lasting", "kg.index.warm:Shelf", "kg.index.warm:Lasting", "kg.index.warm:SQLiteFile",
                 "kg.index.warm:database", "kg.index.versions:tag"), "039de1470b3849dc")

_LISTS = "kg.pages.lists:LISTS"
PARTS: dict[str, Part] = {
    "search:index": Part(1, ("kg.index.labels", "kg.index.label_table", "kg.index.variants", "kg.index.folding"),
                         "b698192e93b3b57d"),
    "search:passages": Part(1, ("kg.index.passages", "kg.index.variants"), "e3f44638b60c19b8"),
    "trace:causal_graph": Part(1, ("kg.trace.layer", "kg.trace.light", "kg.trace.load"), "fe46f1e13db2c1f0",
                               ("search:index",)),
    "trace:scenarios": Part(1, ("kg.trace:scenarios",), "a99eceb1a9f9d838"),
    "catalog:members": Part(1, ("kg.pages.lists:_members", "kg.pages.lists:_compact", "kg.pages.lists:_Members",
                                _LISTS), "e52e2407ce274f9a", ("search:index",)),
    "catalog:subtypes": Part(1, ("kg.pages.lists:_subtypes", _LISTS), "3b6b6a2c4a27baee",
                             ("search:index", "catalog:members")),
    "catalog:events": Part(1, ("kg.pages.lists:_events",), "9f445c0a8e2df831", ("search:index",)),
    "catalog:timeline_actors": Part(1, ("kg.pages.lists:_timeline_actors", "kg.pages.lists:_Actors"),
                                    "9e3b76dd57842b15", ("search:index",)),
    "catalog:causes": Part(1, ("kg.pages.lists:_causes",), "9695c78988178148"),
    "home": Part(2, ("kg.pages.home", "kg.pages.lists:kind_counts", "kg.pages.lists:event_rows",
                             "kg.pages.display:node"), "e9a34e157df5bf04", ("search:index", "catalog:members", "catalog:events",
                                                             "catalog:causes", "catalog:quads", "documents:order")),
    "catalog:quads": Part(1, ("kg.index.counts:quads", "kg.index.counts:_follow", "kg.index.counts:KEY"), "aa70233ad2bc5c34"),
    "claims:members": Part(1, ("kg.pages.claims:members",), "972d12350c84faf0"),
    "claims:order": Part(1, ("kg.pages.claims:order", "kg.pages.claims:_Order", "kg.pages.claims:_Kept",
                             "kg.pages.claims:_digest", "kg.pages.claims:_sort_keys", "kg.pages.claims:SORTS",
                             "kg.pages.claims:_SORT_PROPERTY"), "9777f919adf6d9f1", ("search:index", "claims:members")),
    "claims:contested": Part(1, ("kg.pages.claims:_contested_count", "kg.pages.claims:_sort_keys"), "349d4842e20219c6",
                             ("claims:members",)),
    "documents:order": Part(1, ("kg.pages.documents:_ordered", "kg.pages.documents:doc_id",
                                "kg.pages.documents:doc_base"), "f50de24388e50615"),
}


def part(key: str) -> tuple[str, Part]:
    """The part a warm key belongs to: the key itself, or its stem before ``:name`` (``catalog:members:measures``)."""
    stem = key
    while stem not in PARTS:
        if stem.count(":") < 2:
            raise LookupError(f"warm part {key!r} has no format version: add it to kg.index.versions.PARTS")
        stem = stem.rsplit(":", 1)[0]
    return stem, PARTS[stem]


def tag(key: str) -> str:
    """The version of ``key``'s value: the versions of its part and of the parts it uses, with the
    shelf's (``shelf=1,catalog:members=2,search:index=1``)."""
    seen: list[str] = []

    def add(name: str) -> None:
        if name not in seen:
            seen.append(name)
            for used in PARTS[name].uses:
                add(used)
    add(part(key)[0])
    return ",".join([f"shelf={SHELF.version}"] + [f"{name}={PARTS[name].version}" for name in seen])
