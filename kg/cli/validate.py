"""``kg validate``: check the curated data against the shapes, the vocabulary and the corpus."""
from __future__ import annotations

import json
import sys

import click

from kg.validate import validate as run_validation
from kg.cli.base import main, settings_from


@main.command()
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="Corpus folder (env KG_CORPUS; default ../shared/corpus).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None,
              help="Curated data folder (env KG_DATA; default data/).")
@click.option("--fix", is_flag=True,
              help="Rewrite, in the data files (atomically), the offsets of anchors whose quote was found "
                   "elsewhere in the text, and their pk:sourceSha256; when every anchor of a document was found "
                   "by its quote, the catalog's pk:sha256 and pk:charLength too. Then validate.")
@click.option("--json", "as_json", is_flag=True,
              help='Print the report as JSON (with "moved": [{"anchor", "document", "statements", "old", "new", '
                   '"outcome", "exact"}], "fixed" and "unfixed").')
def validate(corpus: str | None, data_dir: str | None, fix: bool, as_json: bool) -> None:
    """Run the SHACL shapes, check every evidence anchor against the corpus (offsets inside
    the document, SHA-256 matching) and that every statement has evidence and uses declared
    terms. An anchor with a quote (TextQuoteSelector) whose offsets no longer hold it is looked
    for by its exact text, prefix and suffix (the best placed, then the nearest to the old
    offsets): found, it is reported moved with its old and new offsets [moved]; gone or not
    to be told apart, it is an error naming the document, the statements and the quote.
    Exits 1 with one line per problem (file: node: problem [kind]), 0 when clean."""
    settings = settings_from(corpus=corpus, data_dir=data_dir)
    report = run_validation(settings, fix=fix)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for change in report.fixed:
            click.echo(change.line())
        for message in report.unfixed:
            click.echo(f"not fixed: {message}")
        for problem in report.problems:
            click.echo(problem.line())
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)
