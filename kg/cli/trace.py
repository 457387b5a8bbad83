"""``kg trace``: signed paths from a measure through the causal layer, with the evidence on every hop."""
from __future__ import annotations

import json
import sys

import click

from kg.cli.base import fail, limit_option, main, settings_from, store_options

FORMATS = ("text", "json", "dot", "mermaid", "svg")

HELP = """Trace MEASURE through the causal layer: every simple path (up to --max-depth links)
from the measure to each factor it reaches, the path's sign (the product of its links'
signs), each target's net effect (+, - or ± when paths disagree), the documents and
offsets behind every hop, contested hops, and the feedback loops the paths touch.

MEASURE and TARGET are IRIs, prefixed names (id:measure-dc-access-limits) or labels and
aliases (matched ignoring case and accents); an ambiguous label lists its candidates.

With --include-proposed the causal links proposed for documents still in review (the
review files, data/review/*.json; neither accepted nor rejected) join the graph: their hops
are marked "proposed": true (PROPOSED in text, grey dotted in drawings), have support 0 (no
document states them yet) and never enter the accepted graph.

With --scenario A --vs B (IRIs or labels of pk:Scenario) the outcomes of all measures in
force in each scenario are compared side by side (MEASURE is then not given).

--format json prints the documented result: {"measure": {"iri", "label"}, "targets":
[{"iri", "label", "net", "paths": [ids]}], "paths": [{"id", "sign", "support", "hops":
[{"from", "to", "link", "polarity", "sources": [{"document", "start", "end"}],
"contested_by": [...]}]}], "loops": [...]} (see docs/reference/tracing.md).

Sources: "support" counts the documents stating a link; "independent" counts its independent
origins (five reports of one paper are one source), listed under "origins" with the documents
relaying each; --min-independent N keeps only links with at least N. "disputes" lists the claims
about nodes on the paths that another claim contests or qualifies (who disagrees). See
docs/reference/answers.md.
"""


@main.command(help=HELP)
@store_options
@click.argument("measure", required=False)
@click.option("--to", "target", default=None, help="Only paths to this target (IRI or label).")
@limit_option("max_depth")
@limit_option("min_support")
@limit_option("min_independent")
@limit_option("path_cap")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--scenario", default=None, help="Compare this scenario's outcomes ...")
@click.option("--vs", default=None, help="... with this one's.")
@click.option("--include-proposed", is_flag=True, default=False,
              help="Add the causal links still in review (proposed, support 0, drawn grey and dotted).")
def trace(measure: str | None, target: str | None, max_depth: int, min_support: int, min_independent: int, path_cap: int,
          fmt: str, scenario: str | None, vs: str | None, include_proposed: bool, **options: object) -> None:
    from kg.store.build import open_store
    from kg.store import StoreError
    from kg.trace import (ResolveError, SameScenario, TraceError, causal_graph_with_proposed, compare_scenarios, format_scenarios, format_text, to_figure)
    from kg.trace import trace as run_trace

    if bool(scenario) != bool(vs):
        raise click.UsageError("--scenario and --vs go together")
    if scenario and (measure or target):
        raise click.UsageError("give either MEASURE or --scenario A --vs B, not both")
    if scenario and fmt not in ("text", "json"):
        raise click.UsageError("a scenario comparison prints as text or json (the web page draws both diagrams)")
    if not scenario and not measure:
        raise click.UsageError("missing MEASURE (or --scenario A --vs B)")
    settings = settings_from(**options)
    try:
        store = open_store(settings, read_only=settings.store == "oxigraph")
        opts = dict(max_depth=max_depth, min_support=min_support, path_cap=path_cap)
        if include_proposed:
            opts["graph"] = causal_graph_with_proposed(store, settings.data_dir)
        if scenario:
            result = compare_scenarios(store, scenario, vs, **opts)
        else:
            result = run_trace(store, measure, to=target, min_independent=min_independent, **opts)
            if include_proposed:
                result["options"]["include_proposed"] = True
    except ResolveError as exc:     # the message lists the candidates or close matches
        fail(exc.message, code=2)
    except SameScenario as exc:     # bad input, as a name that resolves to nothing is
        fail(str(exc), code=2)
    except (TraceError, StoreError, ValueError) as exc:
        fail(str(exc))
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    elif fmt == "text":
        click.echo(format_scenarios(result, settings.base_iri) if scenario else format_text(result, settings.base_iri),
                   nl=False)
    else:
        try:
            from kg.render import render
        except ImportError:
            fail(f"--format {fmt} needs kg.render, which is not available")
        sys.stdout.buffer.write(render(to_figure(result), fmt))
        sys.stdout.buffer.flush()
