"""``kg export``: a subgraph as a briefing diagram (SVG, PNG, DOT, Mermaid) or as data
(GraphML, Cytoscape JSON, Turtle, JSON-LD)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.base import fail, limit_option, main, setting_option, settings_from, store_options

FORMATS = ("svg", "png", "dot", "mermaid", "graphml", "cyjs", "ttl", "jsonld", "pptx", "pdf")
SUFFIXES = {"svg": "svg", "png": "png", "dot": "dot", "gv": "dot", "mmd": "mermaid", "mermaid": "mermaid",
            "graphml": "graphml", "cyjs": "cyjs", "json": "cyjs", "ttl": "ttl", "jsonld": "jsonld",
            "pptx": "pptx", "pdf": "pdf"}
BINARY = ("png", "pptx", "pdf")

HELP = """Export a subgraph as a diagram or as data.

Choose the subgraph one of three ways:

\b
  kg export FOCUS [--depth N]        FOCUS (IRI, prefixed name or label) and its neighbourhood
  kg export --trace MEASURE [--to T] the paths of `kg trace MEASURE`
  kg export --query FILE             whatever a SPARQL CONSTRUCT query returns
  kg export --scenario A --vs B      two scenarios side by side (pptx or pdf only)

--format pptx|pdf makes a 16:9 briefing deck: the question, for a trace the bottom line (net
effect on the target or the top targets, independent sources, who disagrees), the diagram cut
so that no label is below 18 pt, a build one hop a slide (page by page past six links) saying
the measure's running effect, net effects, "Who disagrees", contested and qualified hops,
sources with publisher, date and short quotations read from the corpus (KG_CORPUS), speaker
notes (PPTX).
--layout wide|slide|tall arranges every drawn format (wide by default; slide for decks).

A --query runs like `kg query` and the web endpoint: SERVICE refused, a worker process
stopped at --timeout, the result cut at --row-cap (the subtitle says "truncated").
The store is opened read-only, so this works while `kg serve` runs on it.

Causal links are drawn as signed edges cause -> effect (solid +: increases, dashed −:
decreases); evidence anchors become numbered source footnotes. Drawn formats refuse
subgraphs of more than --max-nodes nodes: narrow the selection or export data instead.
The format defaults to the extension of -o, else svg; an extension no format has (without
--format), or one naming another format than --format, is a usage error (exit 2).
"""


@main.command(help=HELP)
@store_options
@click.argument("focus", required=False)
@limit_option("depth")
@limit_option("fold", help_prefix="FOCUS: ")
@click.option("--trace", "measure", default=None, help="Export the trace from this measure.")
@click.option("--to", "target", default=None, help="With --trace: only paths to this target.")
@limit_option("max_depth", help_prefix="With --trace: ")
@limit_option("min_support")
@click.option("--query", "query_file", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A file holding a SPARQL CONSTRUCT query.")
@click.option("--scenario", default=None, help="Compare this scenario's outcomes (pptx or pdf) ...")
@click.option("--vs", default=None, help="... with this one's.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format.")
@click.option("--layout", type=click.Choice(("wide", "slide", "tall")), default=None,
              help="Drawn formats: wide (left to right), slide (16:9 rows, labels >= 18 pt), tall (top to bottom).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="Write here (default: stdout).")
@limit_option("max_nodes")
@setting_option("query_timeout", "--timeout", help_prefix="With --query: ", metavar="SECONDS")
@setting_option("row_cap", help_prefix="With --query: ")
def export(focus: str | None, depth: int, fold: int, measure: str | None, target: str | None, max_depth: int,
           min_support: int, query_file: str | None, scenario: str | None, vs: str | None, fmt: str | None,
           layout: str | None, output: str | None, max_nodes: int, **options: object) -> None:
    from kg import export as exporting
    from kg.briefing import formats
    from kg import sparql
    from kg.render import FigureTooLarge
    from kg.store import StoreError
    from kg.trace import SameScenario
    from kg.cli.base import open_for_reading, query_service

    if bool(scenario) != bool(vs):
        raise click.UsageError("--scenario and --vs go together")
    chosen = [x for x in (focus, measure, query_file, scenario) if x]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of FOCUS, --trace MEASURE, --query FILE or --scenario A --vs B")
    if target and not measure:
        raise click.UsageError("--to goes with --trace")
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    if suffix and suffix not in SUFFIXES and fmt is None:
        raise click.UsageError(f"cannot tell a format from the name {Path(output).name} (extensions: "
                               f"{', '.join(sorted(SUFFIXES))}); give --format")
    if suffix in SUFFIXES and fmt is not None and SUFFIXES[suffix] != fmt:
        raise click.UsageError(f"-o {Path(output).name} names a {SUFFIXES[suffix]} file but --format is {fmt}")
    fmt = fmt or SUFFIXES.get(suffix, "svg")
    if fmt in BINARY and not output and sys.stdout.isatty():
        raise click.UsageError(f"{fmt.upper()} is binary: give -o FILE.{fmt}")
    if layout and fmt not in exporting.DRAWN:
        raise click.UsageError(f"--layout goes with a drawn format ({', '.join(exporting.DRAWN)}), not {fmt}")
    if scenario and fmt not in exporting.DECK_FORMATS:
        raise click.UsageError("--scenario A --vs B exports as pptx or pdf (kg trace --scenario gives text or JSON)")
    limit = max_nodes if fmt in exporting.DRAWN else None
    settings = settings_from(**options)
    text = None
    if query_file:
        try:
            text = Path(query_file).read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            fail(f"{query_file}: not UTF-8 text (byte {exc.start}): a query file must be UTF-8", 2)
        try:
            exporting.check_query(text)     # not a CONSTRUCT: bad input (exit 2), before the store opens
        except exporting.ExportError as exc:
            fail(str(exc), 2)
    try:
        store, read_only_path = open_for_reading(settings)
        if scenario:
            result = exporting.scenarios(store, scenario, vs, max_depth=max_depth, min_support=min_support)
        elif measure:
            result = exporting.trace(store, measure, to=target, max_depth=max_depth, min_support=min_support,
                                     max_nodes=limit)
        elif text is not None:
            service = query_service(settings, store, read_only_path)
            try:
                result = exporting.from_query(store, text, service=service, max_nodes=limit)
            finally:
                service.close()
        else:
            result = exporting.neighbourhood(store, focus, depth=depth, min_support=min_support, fold=fold,
                                             max_nodes=limit)
        data, _ = formats.serialise(result, fmt, max_nodes=max_nodes, layout=layout, store=store, settings=settings)
    except FigureTooLarge as exc:
        fail(str(exc))
    except sparql.SparqlSyntaxError as exc:
        fail(exporting.syntax_message(exc), 2)
    except (sparql.QueryRefused, SameScenario) as exc:
        fail(str(exc), 2)
    except (exporting.ExportError, StoreError, RuntimeError) as exc:
        fail(str(exc))
    if result.truncated:
        click.echo(f"truncated: the query's result was cut at the row cap ({settings.row_cap})", err=True)
    if output:
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror}")
        click.echo(f"wrote {output}: {fmt}, {len(result.figure.nodes)} nodes, {len(result.figure.edges)} edges, "
                   f"{len(result.graph)} statements", err=True)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
