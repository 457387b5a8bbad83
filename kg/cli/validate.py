"""``kg validate``: check the curated data against the shapes, the vocabulary and the corpus."""
from __future__ import annotations

import json
import sys

import click

from ..validate import validate as run_validation
from .base import main, settings_from


@main.command()
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="Corpus folder (env KG_CORPUS; default ../shared/corpus).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None,
              help="Curated data folder (env KG_DATA; default data/).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def validate(corpus: str | None, data_dir: str | None, as_json: bool) -> None:
    """Run the SHACL shapes, check every evidence anchor against the corpus (offsets inside
    the document, SHA-256 matching) and that every statement has evidence and uses declared
    terms. Exits 1 with one line per problem (file: node: problem [kind]), 0 when clean."""
    settings = settings_from(corpus=corpus, data_dir=data_dir)
    report = run_validation(settings)
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for problem in report.problems:
            click.echo(problem.line())
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)
