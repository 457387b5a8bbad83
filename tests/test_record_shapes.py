"""The shapes are checked before a write, over the nodes it touches (``kg.validate.write_shapes``):
a review accept (web and CLI) or a /sparql update that would break one is refused (422 / 400 /
exit 2) naming the shape and the node, and nothing is written: the files, the journal and the
live store are as before. Scratch copies of the corpus and data folders; every text is our own."""
from __future__ import annotations

import json

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from kg.validate.write_shapes import FileSource, StoreSource, shape_problems
from kg.validate.datafiles import load_data
from test_record_writes import AUTH, TOKEN, build_and_validate, cli, ingest, pick, scratch, snapshot, view, web  # noqa: F401

ID = "https://w3id.org/policy-kg/id/"
MEASURE = ID + "measure-chip-export-controls"         # a pk:Measure, not a pk:Actor


def live(app) -> set:
    return set(app.state.store.oxigraph)


def test_an_edit_whose_claimer_is_no_actor_is_refused_on_the_web_naming_shape_and_node(runner, scratch):
    """Accepting the claim would point pk:claimer at a measure: the edit that would make it so is
    refused (422), and so is an accept of a proposal edited by hand in its review file."""
    out = ingest(runner, scratch)
    claim = pick(view(runner, scratch, out["id"]), "claim")
    with web(scratch) as c:
        url = f"/documents/{out['id']}/review"
        before, quads = snapshot(scratch), live(c.app)
        r = c.post(url, data={"action": "edit", "pid": claim["id"], "claimer": MEASURE, "about": ID + "nvidia"},
                   headers=AUTH)
        assert r.status_code == 422, r.text
        message = r.json()["error"]["message"]
        assert "pks:ActorReferences" in message and "pk:claimer must point at a pk:Actor" in message
        assert message.startswith(claim["id"] + ":")
        assert snapshot(scratch) == before and live(c.app) == quads
        review_file = next((scratch["data"] / "review").glob(f"{out['id']}*.json"))
        record = json.loads(review_file.read_text(encoding="utf-8"))
        edited = next(p for p in record["proposals"] if p["id"] == claim["id"])
        edited.update({"claimer": MEASURE, "about": [ID + "nvidia"]})
        review_file.write_text(json.dumps(record), encoding="utf-8")
        before = snapshot(scratch)
        r = c.post(url, data={"action": "accept", "pid": claim["id"]}, headers=AUTH)
        assert r.status_code == 422 and "pks:ActorReferences" in r.text, r.text
        assert snapshot(scratch) == before and live(c.app) == quads
    build_and_validate(runner, scratch)


def test_an_edit_whose_claimer_is_no_actor_exits_2_on_the_cli_and_writes_nothing(runner, scratch):
    out = ingest(runner, scratch)
    claim = pick(view(runner, scratch, out["id"]), "claim")
    cli(runner, scratch, "review", out["id"], "--edit", claim["id"], f'about=["{ID}nvidia"]')
    before = snapshot(scratch)
    text = cli(runner, scratch, "review", out["id"], "--edit", claim["id"], f"claimer={MEASURE}",
               "--accept", claim["id"], code=2)
    assert "pks:ActorReferences" in text and "pk:claimer" in text
    assert snapshot(scratch) == before
    build_and_validate(runner, scratch)


SECOND_NAME = ('INSERT DATA { GRAPH <urn:x-kg-test:mine> { <https://w3id.org/policy-kg/id/nvidia> '
               '<http://www.w3.org/2004/02/skos/core#prefLabel> "Another English name"@en } }')
NAMELESS_CLAIM = ('PREFIX pk: <https://w3id.org/policy-kg/ns#> INSERT DATA { GRAPH <urn:x-kg-test:mine> { '
                  '<urn:x-kg-test:claim> a pk:Claim ; <http://www.w3.org/2004/02/skos/core#prefLabel> "c"@en ; '
                  'pk:about <https://w3id.org/policy-kg/id/nvidia> ; pk:epistemicStatus pk:Assertion } }')


def test_a_sparql_update_that_breaks_a_shape_is_400_and_leaves_files_journal_and_store(scratch):
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with web(scratch) as c:
        before, quads = snapshot(scratch), live(c.app)
        for update, shape, node in ((SECOND_NAME, "pks:TextValues", "id:nvidia"),
                                    (NAMELESS_CLAIM, "pks:Claim", "urn:x-kg-test:claim")):
            r = c.post("/sparql", data={"update": update}, headers=bearer)
            assert r.status_code == 400, r.text
            message = r.json()["error"]["message"]
            assert shape in message and node in message, message
        assert snapshot(scratch) == before and live(c.app) == quads
        assert not (scratch["data"] / "updates").exists() or not list((scratch["data"] / "updates").iterdir())
        ok = NAMELESS_CLAIM.replace("pk:epistemicStatus", "pk:claimer <https://w3id.org/policy-kg/id/nvidia> ; "
                                                          "pk:epistemicStatus")
        assert c.post("/sparql", data={"update": ok}, headers=bearer).status_code == 200
        assert len(live(c.app)) == len(quads) + 5


def test_only_what_the_write_adds_is_held_against_it_and_files_and_store_agree(scratch):
    """A node already breaking a shape does not block a write touching it; the same check reads
    the data files (the CLI without a store) and the store alike."""
    from kg.store.build import open_store

    store = open_store(scratch["settings"])
    g = URIRef("urn:x-kg-test:g")
    nvidia = URIRef(ID + "nvidia")
    second = [(nvidia, SKOS.prefLabel, Literal("Another English name", lang="en"), g)]
    files = FileSource(load_data(scratch["data"])[0])
    for source in (StoreSource(store), files):
        found = shape_problems(source, second, [], scratch["settings"].ontology_dir)
        assert len(found) == 1 and found[0].startswith("id:nvidia:") and "pks:TextValues" in found[0]
    store.oxigraph.add(ox.Quad(ox.NamedNode(ID + "nvidia"), ox.NamedNode(str(SKOS.prefLabel)),
                               ox.Literal("Another English name", language="en"), ox.NamedNode(str(g))))
    alt = [(nvidia, SKOS.altLabel, Literal("A third name", lang="en"), g)]
    assert shape_problems(StoreSource(store), alt, [], scratch["settings"].ontology_dir) == []
