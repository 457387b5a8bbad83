"""``kg ingest``: add documents (text, Markdown, HTML, PDF) to the corpus, in review, with proposals."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.base import fail, main, settings_from, store_options, writable_store


def lexicon_store(settings):
    """The graph the proposer reads its names from. The on-disk store is opened read-only when it
    is current; when the data changed since it was built (an earlier ``kg ingest``, a review) it is
    not rebuilt here, since a running ``kg serve`` may hold that folder open: the graph is read
    from the data files into memory instead."""
    from kg.store.build import is_current, open_store
    from kg.cli.base import open_for_reading

    if settings.store == "oxigraph" and not is_current(settings):
        return open_store(settings.replace(store="memory"))
    return open_for_reading(settings)[0]


@main.command()
@store_options
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", default=None, help="Title (default: the file's own title or first line).")
@click.option("--publisher", default=None, help="Publisher: the label of a node of the graph, or a new name.")
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date; relative dates in the text (\"last August\") are read against it.")
@click.option("--url", default=None, help="Where the document was taken from.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object per document.")
@click.option("--all-proposals", is_flag=True,
              help="Also propose what scores under the calibrated confidence floor (key-word matches of concept "
                   "nodes, seldom right on new text); without it they are only counted (setting all_proposals).")
def ingest(paths: tuple[Path, ...], title: str | None, publisher: str | None, published: str | None,
           url: str | None, as_json: bool, all_proposals: bool, **options: object) -> None:
    """Extract each file's text (HTML: the main text; PDF: every page), store it in the corpus
    folder with its SHA-256 and a catalog entry marked "in review", and propose statements for
    review (kg review). Prints the new document's IRI; with --json {"iri", "id", "chars",
    "proposals": {kind: count}, "near_duplicates", "unlikely"}. The same text twice is refused (exit 1); a file
    that is not text, HTML or PDF, past a size bound, or bad metadata is bad input (exit 2); a
    near duplicate is listed. A running kg serve on the same data folder shows the document within
    a second or so (it follows the folder's change counter, data/.kg-changes); with no server
    running, the on-disk store takes the document too, so the next kg serve starts without a
    rebuild."""
    from kg.curation.ingest import (BadMetadata, ExtractError, IngestError, Meta, checked_meta,
                                    ingest as run_ingest, reconcile_all)
    from kg.store import StoreError

    settings = settings_from(**options)
    if all_proposals:
        settings = settings.replace(all_proposals=1)
    try:
        meta = checked_meta(Meta(title, publisher, published, url))
    except IngestError as exc:
        fail(str(exc), 2)
    try:
        reconcile_all(settings)
        writer = writable_store(settings)       # no server holds the store: write it too, settled
        store = lexicon_store(settings) if writer is None else writer
    except (StoreError, OSError) as exc:
        fail(str(exc))
    failed = bad_input = False
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            click.echo(f"error: {path}: cannot read: {exc.strerror}", err=True)
            failed = True
            continue
        try:
            result = run_ingest(settings, path.name, data, meta, store=store,
                                apply=None if writer is None else writer.update)
        except IngestError as exc:
            click.echo(f"error: {exc}", err=True)
            bad_input = bad_input and isinstance(exc, (ExtractError, BadMetadata)) if failed else \
                isinstance(exc, (ExtractError, BadMetadata))
            failed = True
            continue
        if as_json:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            click.echo(result.iri)
            counts = ", ".join(f"{n} {k}" for k, n in sorted(result.proposals.items())) or "none"
            click.echo(f"  {result.chars} characters ({result.kind}); proposals: {counts}", err=True)
            if result.unlikely.get("count"):
                click.echo(f"  {result.unlikely['text']}", err=True)
            for d in result.near_duplicates:
                click.echo(f"  near duplicate of {d['id']} (similarity {d['similarity']})", err=True)
    if failed:
        raise SystemExit(2 if bad_input else 1)
