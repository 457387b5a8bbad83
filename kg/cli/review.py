"""``kg review``: list a document's proposals; accept, reject, edit, merge, add from a span."""
from __future__ import annotations

import getpass
import json

import click

from kg.cli.base import fail, main, settings_from, store_options, writable_store


def _ids(values: tuple[str, ...]) -> list[str]:
    return [i for v in values for i in v.replace(",", " ").split()]


def _value(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


@main.command()
@store_options
@click.argument("doc")
@click.option("--accept", "accept", multiple=True, metavar="ID", help="Accept proposals (repeatable or comma-separated).")
@click.option("--reject", "reject", multiple=True, metavar="ID",
              help="Reject proposals (remembered for this document and span: --repropose skips them).")
@click.option("--edit", "edits", multiple=True, nargs=2, metavar="ID KEY=VALUE",
              help="Change a field before accepting: entity, cause, effect, polarity (+/-), kind, label, class, "
                   "value, min, max, unit, year, claimer, about (JSON list), epistemic_status, relays (the "
                   "report or actor an origin proposal says the document relays)... IRIs are "
                   "absolute http(s) or prefixed (id:nvidia, pk:Company); dates YYYY, YYYY-MM or YYYY-MM-DD; "
                   "numbers finite. A bad value exits 2 naming the field, and nothing is written.")
@click.option("--never", "never", multiple=True, metavar="ID",
              help="Reject proposals and never propose the same again in any document (a plain --reject holds "
                   "for this document and span only).")
@click.option("--merge", "merges", multiple=True, nargs=2, metavar="ID ENTITY",
              help="A candidate entity is this existing node: make the proposal a mention of it.")
@click.option("--add", "adds", multiple=True, nargs=3, metavar="START END KIND",
              help="Propose a statement from a span (character offsets); accept it with --accept.")
@click.option("--undo", "undos", multiple=True, metavar="ID",
              help="Undo the decision on proposals (repeatable or comma-separated): an accept takes its statements "
                   "out of the data file and the store together; a reject is forgotten. Runs last.")
@click.option("--repropose", is_flag=True, help="Run the proposer again (skips what is listed or was rejected).")
@click.option("--all-proposals", is_flag=True,
              help="With --repropose: also propose what scores under the calibrated confidence floor (key-word "
                   "matches of concept nodes, held back by default; see kg ingest --all-proposals).")
@click.option("--done", is_flag=True,
              help="Mark the review done: the document's status becomes \"reviewed\" even with proposals left "
                   "undecided (they stay out of the graph). It becomes reviewed by itself once no proposal is left "
                   "proposed; adding, editing or reproposing one opens the review again.")
@click.option("--reviewer", default=None, help="Who reviews (default: the login name).")
@click.option("--json", "as_json", is_flag=True,
              help='Print {"document", "status": "in review"|"reviewed", "proposals": [...]} as JSON.')
def review(doc: str, accept: tuple, reject: tuple, never: tuple, edits: tuple, merges: tuple, adds: tuple,
           undos: tuple, repropose: bool, all_proposals: bool, done: bool, reviewer: str | None, as_json: bool, **options: object) -> None:
    """DOC is the id or IRI kg ingest printed. Without actions, lists the proposals with their
    status, span and what each would state. Accepted statements go into the document's data
    file with their evidence anchor and who accepted them when; a running kg serve loads the
    changed files within a second or so; with no server running, the on-disk store takes them
    too, so the next kg serve starts without a rebuild. Actions run in the order edit, merge, add, repropose,
    reject, never, accept, undo, done."""
    from kg.curation.ingest import reconcile_all
    from kg.curation.review import ReviewConflict, ReviewError, ReviewService, StoreRefused

    settings = settings_from(**options)
    who = reviewer or getpass.getuser()
    reconcile_all(settings)
    writes = any((accept, reject, never, edits, merges, adds, undos, repropose, done))
    store = writer = writable_store(settings) if writes else None   # no server holds it: written too, settled
    if store is None and (repropose or merges or any(k == "mention" for _, _, k in adds)):
        from kg.cli.ingest import lexicon_store

        store = lexicon_store(settings)
    svc = ReviewService(settings, store=store, apply=None if writer is None else writer.update)
    try:
        for pid, change in edits:
            key, _, value = change.partition("=")
            svc.edit(doc, pid, {key.strip(): _value(value)}, who)
        for pid, entity in merges:
            svc.merge(doc, pid, entity, who)
        for start, end, kind in adds:
            added = svc.add(doc, int(start), int(end), kind, {}, who)
            click.echo(f"added {added['id']}", err=True)
        if repropose:
            from kg.curation.propose.lexicon import Lexicon

            click.echo(f"{len(svc.repropose(doc, Lexicon.from_store(store), everything=all_proposals))} new proposals", err=True)
        if reject:
            svc.reject(doc, _ids(reject), who)
        if never:
            svc.never(doc, _ids(never), who)
        if accept:
            svc.accept(doc, _ids(accept), who)
        for pid in _ids(undos):
            svc.undo(doc, pid, who)
        if done:
            svc.done(doc, who)
        view = svc.view(doc)
    except (ReviewConflict, StoreRefused) as exc:
        fail(str(exc), 1)
    except ReviewError as exc:          # bad input (a field, an id, a span): nothing was written
        fail(str(exc), 2)
    except ValueError as exc:
        fail(str(exc), 2)
    if as_json:
        click.echo(json.dumps(view, ensure_ascii=False, indent=1))
        return
    click.echo(f"{view['document']}  {view['status']}  ({len(view['proposals'])} proposals, {view['pending']} "
               "undecided)")
    for p in view["proposals"]:
        conf = f" [{p['confidence']:.2f}]" if isinstance(p.get("confidence"), (int, float)) else ""
        click.echo(f"{p['id']:>5} {p['kind']:<8} {p['status']:<9} {p['start']:>6}-{p['end']:<6} "
                   f"{p['text'][:50]!r}  {_summary(p)}{conf}")


def _summary(p: dict) -> str:
    k = p["kind"]
    if k == "mention":
        return f"-> {p.get('label')} <{p.get('entity')}>"
    if k == "entity":
        return f"new {p.get('kind_guess') or p.get('class')}: {p.get('label')}"
    if k == "date":
        return f"{p.get('value')}{' (approximate)' if p.get('approximate') else ''}"
    if k == "figure":
        nums = "-".join(str(p[x]) for x in ("value", "min", "max") if p.get(x) is not None)
        return f"{nums} {p.get('unit')}" + (f" ({p['year']})" if p.get("year") else "")
    if k == "link":
        return (f"{p.get('cause_label')} {p.get('polarity')} {p.get('effect_label')}"
                + (" (corroborates)" if p.get("corroborates") else ""))
    if k == "claim":
        return f"{p.get('claimer_label')} {p.get('verb')} ({p.get('epistemic_status')})"
    if k == "origin":
        return f"relays {p.get('relays_label')} <{p.get('relays') or 'candidate: accept it first'}>"
    return ""
