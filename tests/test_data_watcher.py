"""The data watcher (``kg.curation.watch``) on every store: a data file loaded as a build loads it,
then rewritten: after the watcher reloads it a statement the file no longer holds is gone from the
store, and once the file is removed its graph is empty and no longer listed. The watcher empties
a graph the one way every writer does (``kg.store.graph_updates.clear_graph``: ``CLEAR SILENT``)."""
from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from kg.core.namespaces import DEFAULT_BASE, DOC_NS, rebase
from kg.core.storage import note_change
from kg.curation.watch import DataWatcher

STEM = "990_watchertest"
HEAD = "@prefix pk: <https://w3id.org/policy-kg/ns#> .\n@prefix id: <https://w3id.org/policy-kg/id/> .\n"
BOTH = HEAD + f"<{DOC_NS}{STEM}> {{ id:watcher-a pk:cause id:watcher-b . id:watcher-a pk:effect id:watcher-c . }}\n"
ONE = HEAD + f"<{DOC_NS}{STEM}> {{ id:watcher-a pk:cause id:watcher-b . }}\n"


def _stated(store, base_iri: str, prop: str, obj: str) -> bool:
    return store.ask("ASK { GRAPH ?g { $s $p $o } }", s=URIRef(rebase("https://w3id.org/policy-kg/id/watcher-a", base_iri)),
                     p=URIRef("https://w3id.org/policy-kg/ns#" + prop),
                     o=URIRef(rebase("https://w3id.org/policy-kg/id/" + obj, base_iri)))


def _write(folder: Path, text: str | None) -> None:
    path = folder / f"{STEM}.trig"
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")
    note_change(folder)


def test_a_removed_statement_is_gone_after_the_watcher_reloads_its_file(any_settings, any_store, tmp_path):
    store, base = any_store, any_settings.base_iri
    graph = rebase(DOC_NS + STEM, base)
    folder = tmp_path / "data"
    folder.mkdir()
    try:
        _write(folder, BOTH)
        store.load_file(folder / f"{STEM}.trig", rewrite_base=(DEFAULT_BASE, base))   # as kg build does
        watcher = DataWatcher(folder, store.update, base)                           # the file is seen
        assert watcher.poll() == []
        assert _stated(store, base, "cause", "watcher-b") and _stated(store, base, "effect", "watcher-c")

        _write(folder, ONE)                     # the file loses a statement
        assert watcher.poll() == [f"{STEM}.trig"]
        assert _stated(store, base, "cause", "watcher-b")
        assert not _stated(store, base, "effect", "watcher-c")

        _write(folder, None)                    # the file is gone
        assert watcher.poll() == [f"{STEM}.trig"]
        assert not _stated(store, base, "cause", "watcher-b")
        assert graph not in store.named_graphs()
    finally:
        from kg.store.graph_updates import clear_graph

        store.update(clear_graph(graph))        # the session's store is shared: leave it as found
