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


def test_a_poll_started_during_another_waits_for_it_and_retries_what_it_could_not_load(tmp_path):
    """The watch thread and a caller may poll at once. A poll that begins while another is loading
    must not return early on the counter the first has only begun to load: it waits for the
    folder's lock, then loads again what the first could not (here: the store refused it)."""
    import threading

    folder = tmp_path / "data"
    folder.mkdir()
    applied, refusing = [], [True]
    inside, release, second_started = threading.Event(), threading.Event(), threading.Event()

    def apply(text: str) -> None:
        if refusing[0]:
            inside.set()
            release.wait(30)
            raise RuntimeError("the store is busy")
        applied.append(text)

    watcher = DataWatcher(folder, apply, DEFAULT_BASE)
    _write(folder, ONE)
    first = threading.Thread(target=watcher.poll)
    first.start()
    assert inside.wait(30)                  # the first poll holds the lock, loading the file
    refusing[0] = False
    result: list = []

    def second_poll() -> None:
        second_started.set()
        result.append(watcher.poll())

    second = threading.Thread(target=second_poll)
    second.start()
    assert second_started.wait(30)
    release.set()                           # the first poll's load is refused
    first.join(30)
    second.join(30)
    assert result == [[f"{STEM}.trig"]]     # the second poll loaded it, after the first
    assert watcher.behind == {} and len(applied) == 1
