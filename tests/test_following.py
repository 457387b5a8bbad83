"""Caches follow small writes instead of being rebuilt (``per_generation``'s ``advance``), and
what they follow to is what a fresh build gives.

Each write below is applied to a private copy of the curated store; then every cached value
(label index, search, the causal layer, lists by kind, claims in every sort, events, timeline,
documents, quad count, home) is read, followed from the previous generation, and compared with
the same value built afresh after ``paging.forget``. A write that touches nothing a value reads
must leave that very object in place: that is what makes the first page after an accept cheap.
"""
from __future__ import annotations

import networkx as nx
import pytest

from kg.pages import home, lists, claims
from kg.index import cache as paging, labels as search
from kg import trace
import kg.trace.reaching as reaching
from kg.store.build import open_store
from kg.core.settings import Settings
from kg.store.changes import data_change
from kg.trace.load import evidence

ID = "https://w3id.org/policy-kg/id/"
DOC = ID + "doc/001_ee16a0d438a18aaf"   # a document graph of the curated data
MEASURE = ID + "measure-dc-access-limits"
PATHWAY = ID + "pathway-illicit-compute-access"
TARGET = ID + "capability-china-frontier-ai"    # the measure above acts on it


@pytest.fixture()
def mine(settings: Settings, tmp_path):
    """A private copy of the curated store (the writes must not leak into other tests)."""
    own = Settings.from_env(env={}, store="memory", corpus=settings.corpus, store_path=str(tmp_path / "s"))
    return open_store(own)


def snapshot(store) -> dict:
    """Everything the pages read from per-generation caches, as plain data."""
    idx = search.index(store)
    G = trace.causal_graph(store)
    out = {
        "labels": {i: idx.label(i) for i in (MEASURE, PATHWAY, ID + "zz-new-lab", ID + "claim-zz")},
        "search": [(h.iri, h.match) for h in idx.search("compute", limit=30)],
        "search_new": [h.iri for h in idx.search("Quokka", limit=5)],
        "types": idx.types_of([MEASURE, ID + "zz-new-lab"]),
        "nodes": sorted((n, d["label"], d["kind"]) for n, d in G.nodes(data=True)),
        "edges": sorted((u, v, k, d["sign"], d["support"]) for u, v, k, d in G.edges(keys=True, data=True)),
        "evidence": sorted(repr({a: b for a, b in evidence(G, u, v, key).items() if a != "raw"})   # raw: as read
                           for u, v, key in G.edges(keys=True)),
        "starts": trace.starts(G), "targets": trace.targets(G), "scenarios": trace.scenarios(store),
        "quads": lists.quads(store),
        "kinds": lists.kind_counts(store),
        "timeline": lists.timeline(store, limit=500),
        "home": {k: v for k, v in home.home(store, "data").items() if k != "example_queries"},
    }
    for slug in lists.LISTS:
        out["list:" + slug] = lists.kind_list(store, slug, limit=500)
    for sort in claims.SORTS:
        out["claims:" + sort] = claims.table(store, sort=sort, limit=500)
    out["documents"] = lists.documents(store, limit=500)
    out["trace"] = trace.trace(store, MEASURE)["targets"]
    # what acts on a target: the first measures walked, and every one counted (the measures' order and
    # link sets kept by kg.trace.prepared follow relabels, retypes and new links as the layer does)
    out["acts"] = trace.measures_reaching(store, TARGET, shown=4)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(reaching, "EXACT_BUDGET", 0)
        out["acts_counted"] = reaching.acting_on(G, {"iri": TARGET, "label": "t"})
    return out


def followed_equals_fresh(store, twin) -> dict:
    """``store`` has followed every write so far; ``twin`` holds the same data and builds afresh."""
    followed = snapshot(store)
    paging.forget(twin)
    fresh = snapshot(twin)
    for key in fresh:
        assert followed[key] == fresh[key], f"{key}: the followed value differs from a fresh build"
    return fresh


WRITES = [
    # evidence only: an anchor with its selectors, as an accepted mention writes
    f"""INSERT DATA {{ GRAPH <{DOC}> {{
        <{ID}evidence/zz-1> a oa:SpecificResource ; oa:hasSource <{DOC}> ; oa:hasSelector _:p .
        _:p a oa:TextPositionSelector ; oa:start 10 ; oa:end 20 .
        <{DOC}> schema:mentions <{MEASURE}> . }} }}""",
    # a new company, and a new claim by it
    f"""INSERT DATA {{ GRAPH <{DOC}> {{
        <{ID}zz-new-lab> a pk:Company ; skos:prefLabel "Quokka Compute"@en .
        <{ID}claim-zz> a pk:Claim ; skos:prefLabel "Quokka says data centres leak"@en ;
            pk:claimer <{ID}zz-new-lab> ; pk:about <{MEASURE}> . }} }}""",
    # a factor renamed (the DELETE DATA of its label is made from the store: see rename())
    "rename",
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{PATHWAY}> skos:prefLabel "Quokka route"@en . }} }}""",
    # a claimer added to a claim that supports a causal link; an agent added to an event
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}claim-ai-shifts-balance-of-power> pk:claimer <{ID}zz-new-lab> .
        <{ID}event-report-release> pk:agent <{ID}zz-new-lab> . }}
        GRAPH <{ID}doc/004_a34f769d077ce506> {{ <{ID}claim-ai-shifts-balance-of-power> a schema:CreativeWork . }} }}""",
    # a new causal link with its evidence
    f"""INSERT DATA {{ GRAPH <{DOC}> {{
        <{ID}link-zz> a pk:CausalLink ; pk:cause <{MEASURE}> ; pk:effect <{ID}zz-new-lab> ;
            pk:polarity pk:Negative ; pk:evidence <{ID}evidence/zz-2> .
        <{ID}evidence/zz-2> a oa:SpecificResource ; oa:hasSelector _:q . _:q oa:start 1 ; oa:end 5 . }} }}""",
    # the end of an unlabelled link renamed (the link is shown by its ends' labels)
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{MEASURE}> skos:prefLabel "Aaaa access limits"@en . }} }}""",
    # an event with a date
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}event-zz> a pk:Event ; skos:prefLabel "Quokka raid"@en ;
        pk:date "2026-03-01"^^xsd:date ; pk:agent <{ID}zz-new-lab> . }} }}""",
    # a type taken away (from a factor of the layer: the new link's effect)
    f"""DELETE DATA {{ GRAPH <{DOC}> {{ <{ID}zz-new-lab> a pk:Company . }} }}""",
    # a claimer of many claims renamed to the front of the alphabet (the claims sorted by claimer move)
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}author-002> skos:prefLabel "Aaa first claimer"@en . }} }}""",
    # a new claim contesting a link of the curated graph
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}claim-zz2> a pk:Claim ; pk:contests <{ID}link-ai-power-military-advantage> . }} }}""",
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}claim-zz2> skos:prefLabel "Quokka objection"@en . }} }}""",
    # a link stated first without its type, then typed (it counts among its cause's links then)
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}link-zz3> pk:cause <{MEASURE}> ; pk:effect <{PATHWAY}> ; pk:polarity pk:Positive . }} }}""",
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}link-zz3> a pk:CausalLink . }} }}""",
    # a scenario with a measure in force
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}scenario-zz> a pk:Scenario ; skos:prefLabel "Quokka world"@en ;
        pk:measureInForce <{MEASURE}> . }} }}""",
    # a claimer taken from a claim about links; the new link taken away again
    f"""DELETE DATA {{ GRAPH <{DOC}> {{ <{ID}claim-ai-shifts-balance-of-power> pk:claimer <{ID}zz-new-lab> . }} }}""",
    f"""DELETE DATA {{ GRAPH <{DOC}> {{ <{ID}link-zz> pk:cause <{MEASURE}> . }} }}""",
    # an event of the same date as another, then labelled so that it sorts after it (only the label moves it)
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}aaa-event> a pk:Event ; pk:date "2026-03-01"^^xsd:date . }} }}""",
    f"""INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}aaa-event> skos:prefLabel "Zzzz last raid"@en . }} }}""",
]


def rename(store) -> str:
    """A DELETE DATA of the pathway's English prefLabel, in every graph that states it."""
    rows = store.values(f"SELECT ?g ?l WHERE {{ GRAPH ?g {{ <{PATHWAY}> skos:prefLabel ?l }} }}")
    assert rows
    quads = " ".join(f'GRAPH <{g}> {{ <{PATHWAY}> skos:prefLabel "{label}"@en }}' for g, label in rows)
    return f"DELETE DATA {{ {quads} }}"


def test_every_cache_follows_small_writes_to_what_a_fresh_build_gives(mine, settings, tmp_path):
    twin = open_store(Settings.from_env(env={}, store="memory", corpus=settings.corpus, store_path=str(tmp_path / "t")))
    snapshot(mine)
    for write in WRITES:
        write = rename(mine) if write == "rename" else write
        assert data_change(write, mine.prologue) is not None, write   # each is a write whose quads are known
        mine.update(write)
        twin.update(write)
        followed_equals_fresh(mine, twin)


def test_a_write_nothing_reads_keeps_the_values_themselves(mine):
    snapshot(mine)
    before = {"index": search.index(mine), "layer": trace.causal_graph(mine),
              "claims": claims.order(mine, "claimer"), "measures": lists._members(mine, "measures")}
    count = lists.quads(mine)
    mine.update(WRITES[0])
    assert search.index(mine) is before["index"]
    assert trace.causal_graph(mine) is before["layer"]
    assert claims.order(mine, "claimer") is before["claims"]
    assert lists._members(mine, "measures") is before["measures"]
    assert lists.quads(mine) == count + 7 == len(mine)   # followed, not counted again


def test_a_new_link_and_an_unknown_write_are_read_again(mine):
    layer = trace.causal_graph(mine)
    mine.update(WRITES[5])
    after = trace.causal_graph(mine)
    assert after is not layer and after.has_edge(MEASURE, ID + "zz-new-lab")
    members = claims.members(mine)
    mine.update(f"DELETE {{ ?c pk:claimer ?x }} WHERE {{ ?c pk:claimer ?x . FILTER(?c = <{ID}nothing>) }}")
    assert mine.changes_since(mine.generation - 1) is None     # a WHERE update says nothing of its quads
    assert claims.members(mine) is not members
    assert isinstance(after, nx.MultiDiGraph)


def test_a_relabel_shows_in_search_and_the_layer_without_a_rebuild(mine):
    idx, layer = search.index(mine), trace.causal_graph(mine)
    mine.update(f'INSERT DATA {{ GRAPH <{DOC}> {{ <{PATHWAY}> skos:prefLabel "Quokka tunnel"@de . }} }}')
    mine.update(f'DELETE DATA {{ GRAPH <{DOC}> {{ <{PATHWAY}> skos:prefLabel "Quokka tunnel"@de . }} }}')
    mine.update(f'INSERT DATA {{ GRAPH <{DOC}> {{ <{PATHWAY}> skos:altLabel "Quokka tunnel"@en . }} }}')
    assert search.index(mine) is idx and trace.causal_graph(mine) is layer
    assert [h.iri for h in idx.search("quokka tunnel")] == [PATHWAY]
    assert ("http://www.w3.org/2004/02/skos/core#altLabel", "Quokka tunnel") in idx.labels(PATHWAY)


@pytest.mark.parametrize("update, known", [
    ('INSERT DATA { GRAPH <http://g> { <http://a> <http://b> "c" } }', True),
    ('PREFIX ex: <http://ex/>\nDELETE DATA { ex:a ex:b ex:c }', True),               # its own prefixes, no final "."
    ('INSERT DATA { GRAPH <http://g> { <http://a> <http://b> "x } y" } }', True),     # a brace inside a literal
    ('DELETE DATA { <http://a> <http://b> "c;" } ; INSERT DATA { <http://a> <http://b> "d" } ;', True),  # two of them
    ('INSERT DATA { <http://a> <http://b> "c" } ; CLEAR GRAPH <http://g>', False),      # one is not data
    ('DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }', False),
    ('CLEAR GRAPH <http://g>', False),
    ('INSERT DATA { GRAPH <http://g> { <http://a> <http://b> } }', False),             # not even a triple
])
def test_only_a_single_data_operation_says_what_it_changed(update, known):
    assert (data_change(update, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n") is not None) is known


def test_the_net_count_leaves_out_quads_already_there(mine):
    before = lists.quads(mine)          # counted now, followed through the writes below
    mine.update(f'INSERT DATA {{ GRAPH <{DOC}> {{ <{MEASURE}> <{ID}p> "x", "x" . <{ID}s> <{ID}p> _:b . }} }}')
    assert mine.changes_since(mine.generation - 1)[0].net == 2 == len(mine) - before
    mine.update(f'INSERT DATA {{ GRAPH <{DOC}> {{ <{MEASURE}> <{ID}p> "x" . }} }}')          # there already
    mine.update(f'DELETE DATA {{ GRAPH <{DOC}> {{ <{MEASURE}> <{ID}p> "x" . <{MEASURE}> <{ID}p> "y" . }} }}')
    assert [c.net for c in mine.changes_since(mine.generation - 2)] == [0, -1]
    assert lists.quads(mine) == len(mine) == before + 1
    mine.update(f'DELETE DATA {{ GRAPH <{DOC}> {{ <{MEASURE}> <{ID}p> "q" . <{ID}s> <{ID}p> "z" }} }} ; '      # nothing there
                f'INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}s> <{ID}p> "z" . }} }} ; '
                f'DELETE DATA {{ GRAPH <{DOC}> {{ <{ID}s> <{ID}p> "z" . }} }} ; '
                f'INSERT DATA {{ GRAPH <{DOC}> {{ <{ID}s> <{ID}p> "w" . }} }}')
    change = mine.changes_since(mine.generation - 1)[0]
    assert change.net == 1 and len(change.added) == 2 and len(change.removed) == 3
    assert lists.quads(mine) == len(mine) == before + 2


def test_an_update_through_the_endpoint_is_followed(settings, mine, tmp_path):
    """``/sparql`` passes the endpoint's URL as the base IRI: a data update (even with a relative
    IRI) must still say what it changed, or every cache would be built again after each accept."""
    from fastapi.testclient import TestClient

    from web.app import create_app

    from scratch import scratch_folders

    _, data = scratch_folders(tmp_path)          # the update is journaled in the data folder
    own = Settings.from_env(env={}, store="memory", corpus=settings.corpus, store_path=str(tmp_path / "e"),
                            update_token="follow-token", warm_up=False, data_dir=str(data))
    app = create_app(own, mine)
    with TestClient(app) as client:
        idx, layer = search.index(mine), trace.causal_graph(mine)
        update = WRITES[0].replace(f"<{ID}evidence/zz-1>", "<zz-relative>").replace(   # the shapes are checked
            "oa:hasSelector _:p .", f'oa:hasSelector _:p ; pk:sourceSha256 "{"0" * 64}" .')
        r = client.post("/sparql", data={"update": update}, headers={"Authorization": "Bearer follow-token"})
        assert r.status_code in (200, 204), r.text
        change = mine.changes_since(mine.generation - 1)
        assert change is not None and any(s.endswith("/zz-relative") for s in change[0].subjects())
        assert search.index(mine) is idx and trace.causal_graph(mine) is layer


def test_a_review_status_change_is_followed(mine):
    """The end of a document's review sets its status; that must not rebuild every cache."""
    from kg.curation.status import update_text

    text = update_text(DOC, "Reviewed", mine.base_iri)
    idx, layer = search.index(mine), trace.causal_graph(mine)
    mine.update(text)
    change = mine.changes_since(mine.generation - 1)
    assert change is not None and (DOC, "https://w3id.org/policy-kg/ns#reviewStatus") in {q[:2] for q in change[0].added}
    assert mine.ask(f"ASK {{ <{DOC}> pk:reviewStatus pk:Reviewed }}")
    assert not mine.ask(f"ASK {{ <{DOC}> pk:reviewStatus pk:InReview }}")
    assert search.index(mine) is idx and trace.causal_graph(mine) is layer

