"""``kg query``: run a SPARQL query on the store, with the endpoint's time limit and row cap."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.base import fail, main, setting_option, settings_from, store_options

# --format -> (format for SELECT/ASK, format for CONSTRUCT/DESCRIBE)
FORMATS = {
    "table": ("table", "turtle"),
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ntriples": (None, "ntriples"),
    "rdfxml": (None, "rdfxml"),
    "jsonld": (None, "jsonld"),
}


@main.command()
@store_options
@click.argument("query", required=False)
@click.option("--file", "-f", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from a file ('-' for standard input).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="table", show_default=True,
              help="Output format; table shows prefixed names aligned in columns.")
@click.option("--load", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Query these RDF files instead of the curated graph (repeatable).")
@setting_option("query_timeout", "--timeout", metavar="SECONDS")
@setting_option("row_cap")
def query(query: str | None, query_file, fmt: str, load: tuple[Path, ...], **options: object) -> None:
    """Run a SPARQL QUERY (or --file F) on the graph and print the result.

    The default graph is the union of all graphs; SERVICE is refused; results longer
    than the row cap are cut and flagged on standard error (exit status 0). A malformed or
    refused query exits with status 2, a query stopped at the time limit or a store error with 1.
    """
    from kg import sparql
    from kg.sparql.temporary import temporary_store
    from kg.store import StoreError
    from kg.cli.base import open_for_reading, query_service

    if (query is None) == (query_file is None):
        fail("give a QUERY or --file F (one of them)", 2)
    text = query if query is not None else query_file.read()
    settings = settings_from(**options)
    result_format, graph_format = FORMATS[fmt]
    try:
        if load:
            service = query_service(settings, temporary_store(load, settings.base_iri), None)
        else:
            service = query_service(settings, *open_for_reading(settings))
    except StoreError as exc:
        fail(str(exc))
    try:
        result = service.query(text, result_format=result_format, graph_format=graph_format)
    except sparql.SparqlSyntaxError as exc:
        fail(f"malformed query: {exc}", 2)
    except sparql.QueryRefused as exc:
        fail(str(exc), 2)
    except sparql.NotAcceptable as exc:
        kinds = {"graph": "CONSTRUCT/DESCRIBE", "bindings": "SELECT", "boolean": "ASK"}
        fail(f"--format {fmt} cannot show a {kinds.get(exc.kind, exc.kind)} result", 2)
    except StoreError as exc:
        fail(str(exc))
    finally:
        service.close()
    sys.stdout.buffer.write(result.body)
    if result.body and not result.body.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    sys.stdout.flush()
    noun = "triples" if result.kind == "graph" else "rows"
    if result.truncated:
        click.echo(f"truncated: showing the first {result.count} {noun} (row cap {settings.row_cap})", err=True)
    elif result.kind != "boolean":
        click.echo(f"{result.count} {noun} in {result.seconds:.3f} s", err=True)
