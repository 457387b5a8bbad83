"""``kg build``: load the ontology and data into the store and print counts."""
from __future__ import annotations

import click

from kg.store.build import counts, open_store
from kg.store import StoreError
from kg.cli.base import fail, main, progress, settings_from, store_options


@main.command()
@store_options
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def build(as_json: bool, **options: object) -> None:
    """Load ontology and data into the store (always rebuilt) and print counts by class and per document graph.

    The files are bulk-loaded into a new folder that replaces the store only once every file
    loaded and the journal replayed; a file that does not parse leaves the store as it was.
    Progress (quads, seconds, quads/s) goes to stderr."""
    settings = settings_from(**options)
    try:
        store = open_store(settings, rebuild=True, progress=progress)
    except StoreError as exc:
        fail(str(exc))
    from kg.index.counts import quads

    c = counts(store, quads(store))   # counted once, and kept as warm state for the first start
    if as_json:
        import json
        click.echo(json.dumps({"quads": c.quads,
                               "classes": [{"class": k, "count": n} for k, n in c.by_class],
                               "graphs": [{"graph": g, "quads": q, "anchors": a} for g, q, a in c.by_graph]}, indent=2))
        return
    click.echo(f"quads: {c.quads}")
    click.echo("entities by class:")
    for cls, n in c.by_class:
        click.echo(f"  {cls:<28} {n:>6}")
    click.echo("graphs (quads, evidence anchors):")
    for g, q, a in c.by_graph:
        click.echo(f"  {g:<44} {q:>6} {a:>6}")
