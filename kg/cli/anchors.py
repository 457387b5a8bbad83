"""``kg anchors``: each evidence anchor's span text beside the statements that cite it."""
from __future__ import annotations

import json

import click

from kg.core.namespaces import curie
from kg.cli.base import fail, main, settings_from, store_options

HELP = """List the evidence anchors of document DOC (all documents when DOC is left out): for
each anchor its offsets and the text they select, read from the corpus folder now (never
stored), then every node of the document's graph that cites it, with what that node states
there. Read it to check that each span says what it is cited for (data/README.md, "Rules
for curators").

DOC is a document number (001), identifier (001_ee16a0d438a18aaf), file name, prefixed
name (doc:001_...) or IRI. An unknown DOC exits with status 2.

--json prints the result of kg.pages.anchors.document_anchors (or {"documents": [...]}).
"""

WIDTH = 110


def _short(text: str, width: int = WIDTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_text(result: dict) -> str:
    d, c = result["document"], result["counts"]
    out = [f"Document {d['number']} ({curie(d['iri'])}), {d['file']}: {c['anchors']} anchors, "
           f"{c['citing_nodes']} citing nodes" + (f", {c['unused']} unused" if c["unused"] else "")]
    if result["hash_matches"] is False:
        out.append("  WARNING: the corpus file's hash differs from the catalog's pk:sha256")
    for a in result["anchors"]:
        where = f"[{a['start']}–{a['end']}]" if a["start"] is not None else "[no offsets]"
        out.append(f"\n{a['name']}  {where}")
        if a["text"] is not None:
            out.append(f"  «{' '.join(a['text'].split())}»")
        if a["problem"]:
            out.append(f"  PROBLEM: {a['problem']}")
        if not a["cited_by"]:
            out.append("  cited by nothing")
        for n in a["cited_by"]:
            kinds = ", ".join(n["types"])
            out.append(f"  cited by {n['name']}" + (f" [{kinds}]" if kinds else "")
                       + (f": {n['label']}" if n["label"] else ""))
            for st in n["statements"]:
                if st["property"] == "skos:prefLabel":
                    continue
                shown = st["value"] + (f" ({st['label']})" if st.get("label") else "")
                out.append(f"      {st['property']} {_short(shown, WIDTH - len(st['property']) - 7)}")
    return "\n".join(out) + "\n"


@main.command(help=HELP)
@store_options
@click.argument("doc", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def anchors(doc: str | None, as_json: bool, **options: object) -> None:
    from kg.pages.anchors import AnchorsError, all_anchors, document_anchors
    from kg.store.build import open_store
    from kg.store import StoreError

    settings = settings_from(**options)
    try:
        store = open_store(settings, read_only=True)
        if doc is None:
            result = all_anchors(store, settings.corpus)
        else:
            result = document_anchors(store, settings.corpus, doc)
    except AnchorsError as exc:
        fail(str(exc), 2)
        return
    except StoreError as exc:
        fail(str(exc))
        return
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    elif doc is None:
        click.echo("\n\n".join(format_text(r).rstrip("\n") for r in result["documents"]) + "\n", nl=False)
    else:
        click.echo(format_text(result), nl=False)
