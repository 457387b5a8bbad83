"""Where a review lives on disk, and the TriG a data file gains when a proposal is accepted.

- ``<data>/review/<id>.json``: the document's proposals (with rejections and edits) and who
  accepted what; written atomically. Accepted statements are *not* kept here: whether a
  proposal is accepted is read from the document's data file (its anchor ``ev:NNN-pK`` is
  there), so the data file alone is the record and a crash between two writes loses nothing.
- A rejection is kept with its proposal (its document and span): a later proposal run of the
  same document does not suggest it again at that span; other documents and spans are free.
- ``<data>/review/never.json``: the keys of proposals a reviewer said never to propose again
  (``kg review --never``, the review page's "never" action), in any document.
- ``<data>/<id>.trig``: accepting appends one TriG block (prefixes and the document's graph
  with the new statements) to the file, written as a whole new file and swapped in once the
  store took the same statements (``write_accepted``).
"""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg.core.storage import atomic_write
from kg.core.namespaces import OA, prefixes
from kg.curation.propose.proposals import Proposal

NEVER_FILE = "never.json"
PREFIXES = prefixes()     # as every data file is written: under DEFAULT_BASE
HEADER = "".join(f"@prefix {p + ':':<9}<{iri}> .\n" for p, iri in PREFIXES.items())


def review_dir(data_dir: str | Path) -> Path:
    return Path(data_dir) / "review"


def review_path(data_dir: str | Path, ident: str) -> Path:
    return review_dir(data_dir) / f"{ident}.json"


def read_review(data_dir: str | Path, ident: str) -> dict | None:
    path = review_path(data_dir, ident)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    data["proposals"] = [Proposal.from_json(p) for p in data.get("proposals", [])]
    return data


def reviews_named(data_dir: str | Path, doc: str) -> list[str]:
    """The documents in review that ``doc`` names: its own id, else every id it starts (so that
    ``kg review 005`` finds ``005_c803ed057884928b``); ``doc`` is a checked id (no path parts)."""
    if review_path(data_dir, doc).is_file():
        return [doc]
    return sorted(q.stem for q in review_dir(data_dir).glob(f"{doc}*.json") if q.name != NEVER_FILE)


def write_review(data_dir: str | Path, ident: str, review: dict) -> None:
    out = dict(review)
    out["proposals"] = [p.to_json() if isinstance(p, Proposal) else p for p in review.get("proposals", [])]
    review_dir(data_dir).mkdir(parents=True, exist_ok=True)
    atomic_write(review_path(data_dir, ident), json.dumps(out, ensure_ascii=False, indent=1) + "\n")


def never_keys(data_dir: str | Path) -> set[tuple]:
    """The keys (``Proposal.key``) a reviewer said never to propose again, in any document."""
    path = review_dir(data_dir) / NEVER_FILE
    if not path.is_file():
        return set()
    return {tuple(k) for k in json.loads(path.read_text(encoding="utf-8")).get("keys", [])}


def remember_never(data_dir: str | Path, key: tuple, forget: bool = False) -> None:
    """Add ``key`` to the keys never proposed again (``forget``: take it out)."""
    keys = never_keys(data_dir)
    if (key in keys) != forget:
        return
    keys = keys - {key} if forget else keys | {key}
    review_dir(data_dir).mkdir(parents=True, exist_ok=True)
    atomic_write(review_dir(data_dir) / NEVER_FILE,
                 json.dumps({"keys": sorted(list(k) for k in keys)}, ensure_ascii=False, indent=1) + "\n")


def data_file(data_dir: str | Path, ident: str) -> Path:
    return Path(data_dir) / f"{ident}.trig"


def new_data_file(doc_iri: str, file_name: str) -> str:
    """The data file of a freshly ingested document: prefixes and its (still empty) graph."""
    return (HEADER + f"\n# Statements supported by {file_name}, accepted by a reviewer (kg review); evidence "
            "offsets are code points into that file.\n\n" + f"<{doc_iri}> {{\n}}\n")


def trig_block(doc_iri: str, g: Graph) -> str:
    """``g`` as a TriG block of the document's graph (with its own prefix lines, which TriG
    allows between blocks)."""
    body = Graph()
    for prefix, iri in PREFIXES.items():
        body.bind(prefix, iri, override=True, replace=True)
    for t in g:
        body.add(t)
    text = body.serialize(format="turtle")
    lines = text.splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix")]
    rest = [line for line in lines if not line.startswith("@prefix") and line.strip()]
    return "\n" + "\n".join(prefixes) + f"\n\n<{doc_iri}> {{\n" + "\n".join(rest) + "\n}\n"


def anchors_in(path: Path, doc_iri: str) -> set[str]:
    """The evidence anchors the document's data file holds."""
    if not path.is_file():
        return set()
    ds = Dataset()
    ds.parse(path, format="trig")
    return {str(s) for s in ds.graph(URIRef(doc_iri)).subjects(OA.hasSource, None)}


def write_accepted(data_dir: Path, ident: str, doc: str, g: Graph, base_iri: str, apply, update: str) -> str:
    """Accepting as one transaction: the data file with the new block under a temporary name
    (parsed back, so it is sure to build), the store (``apply``: the app's one writer, or none
    for the CLI), then the rename. A failure at any step leaves the file as it was, and the store
    is the last step but the rename, so its refusal leaves nothing. ``update``: the same
    statements as a SPARQL update for ``apply``. Returns the block the file gained."""
    from kg.core.namespaces import rebase
    from kg.core.storage import staged
    from kg.curation.review_errors import InvalidStatement, StoreRefused

    block = rebase(trig_block(doc, g), base_iri, back=True)
    path = data_file(data_dir, ident)
    new = (path.read_text(encoding="utf-8") if path.is_file() else "") + block
    try:
        Dataset().parse(data=new, format="trig")
    except Exception as exc:  # noqa: BLE001 - any parser error: nothing is written
        raise InvalidStatement(f"the statements would not parse back: {exc}") from None
    with staged(path, new):
        try:
            if apply is not None:
                apply(update)
        except Exception as exc:
            raise StoreRefused(f"the store refused the statements (nothing was written): {exc}") from exc
    return block
