"""A document leaves review: its status becomes "reviewed" once no proposal is left proposed, or
when the reviewer marks it done (``kg review DOC --done``, the review page's button), in the catalog
file (one pk:reviewStatus, rewritten in place) and in the store; a new proposal opens it again.
Everything runs on scratch copies of the corpus and data folders; the texts are our own words."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, URIRef

from kg.store.build import open_store
from kg.cli import main
from kg.core.namespaces import PK
from kg.core.settings import Settings
from scratch import NOTES, scratch_folders

TEXT = NOTES
TOKEN = "status-token"
CATALOG = URIRef("https://w3id.org/policy-kg/id/graph-catalog")


@pytest.fixture()
def scratch(tmp_path: Path, corpus_dir: Path) -> dict:
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    src = tmp_path / "notes.txt"
    src.write_text(TEXT, encoding="utf-8")
    opts = ["--corpus", str(corpus), "--data", str(data), "--store", "memory"]
    return {"corpus": corpus, "data": data, "tmp": tmp_path, "src": src, "opts": opts}


def cli(runner, *args) -> str:
    r = runner.invoke(main, list(args), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.stdout


def ingest(runner, scratch) -> dict:
    return json.loads(cli(runner, "ingest", str(scratch["src"]), "--json", "--published", "2026-04-02",
                          *scratch["opts"]).strip().splitlines()[-1])


def review(runner, scratch, ident: str, *args) -> dict:
    return json.loads(cli(runner, "review", ident, *args, "--json", *scratch["opts"]))


def statuses(data: Path, iri: str) -> set[str]:
    """Every pk:reviewStatus the catalog file gives the document."""
    ds = Dataset()
    ds.parse(data / "documents.trig", format="trig")
    return {str(o).rsplit("#", 1)[-1] for o in ds.graph(CATALOG).objects(URIRef(iri), PK.reviewStatus)}


def test_deciding_every_proposal_makes_the_document_reviewed_and_a_new_one_reopens_it(runner, scratch):
    out = ingest(runner, scratch)
    view = review(runner, scratch, out["id"])
    assert view["status"] == "in review" and view["pending"] == len(view["proposals"]) > 3
    assert statuses(scratch["data"], out["iri"]) == {"InReview"}
    catalog_before = (scratch["data"] / "documents.trig").read_text(encoding="utf-8")
    ids = [p["id"] for p in view["proposals"]]
    mention = next(p["id"] for p in view["proposals"] if p["kind"] == "mention")
    rest = [i for i in ids if i != mention]
    view = review(runner, scratch, out["id"], "--reject", ",".join(rest[:-1]))
    assert view["status"] == "in review" and view["pending"] == 2          # one left undecided is enough
    view = review(runner, scratch, out["id"], "--reject", rest[-1], "--accept", mention)
    assert view["status"] == "reviewed" and view["pending"] == 0 and view["done"] is None
    assert statuses(scratch["data"], out["iri"]) == {"Reviewed"}
    # the catalog file changed by that one value, nothing else
    after = (scratch["data"] / "documents.trig").read_text(encoding="utf-8")
    assert after == catalog_before.replace("pk:reviewStatus pk:InReview", "pk:reviewStatus pk:Reviewed")
    r = runner.invoke(main, ["validate", "--corpus", str(scratch["corpus"]), "--data", str(scratch["data"])])
    assert r.exit_code == 0, r.output
    # a store built from the files shows it on the documents list and the document page
    settings = Settings.from_env(env={}, store="memory", corpus=str(scratch["corpus"]), data_dir=str(scratch["data"]))
    from kg.pages import lists

    store = open_store(settings)
    listed = {d["id"]: d for d in lists.documents(store)["documents"]}
    assert listed[out["id"]]["review_status"]["label"] == "reviewed"
    # a statement made from a span is a new proposal: the review opens again
    view = review(runner, scratch, out["id"], "--add", "0", "8", "entity")
    assert view["status"] == "in review" and view["pending"] == 1
    assert statuses(scratch["data"], out["iri"]) == {"InReview"}


def test_done_marks_reviewed_with_proposals_left_and_text_output_says_so(runner, scratch):
    out = ingest(runner, scratch)
    view = review(runner, scratch, out["id"], "--done", "--reviewer", "tess")
    assert view["status"] == "reviewed" and view["pending"] == len(view["proposals"]) > 0
    assert view["done"]["by"] == "tess"
    assert all(p["status"] == "proposed" for p in view["proposals"])   # left undecided, not accepted
    assert statuses(scratch["data"], out["iri"]) == {"Reviewed"}
    text = cli(runner, "review", out["id"], *scratch["opts"])
    assert text.splitlines()[0].endswith(f"reviewed  ({len(view['proposals'])} proposals, {view['pending']} undecided)")
    # editing a proposal puts it back in review
    view = review(runner, scratch, out["id"], "--edit", view["proposals"][0]["id"], "label=Our own label")
    assert view["status"] == "in review" and view["done"] is None
    help_text = runner.invoke(main, ["review", "--help"]).output
    assert "--done" in help_text and "reviewed" in help_text


def test_review_page_button_marks_done_in_files_and_store(runner, scratch):
    out = ingest(runner, scratch)
    settings = Settings.from_env(env={}, store="memory", corpus=str(scratch["corpus"]), data_dir=str(scratch["data"]),
                                 update_token=TOKEN, warm_up=False)
    from web.app import create_app

    with TestClient(create_app(settings)) as c:
        page = c.get(f"/documents/{out['id']}/review")
        assert 'data-status="in review"' in page.text and "Mark review done" not in page.text  # not signed in
        assert c.get("/documents.json").json()["documents"][-1]["review_status"]["label"] == "in review"
        c.post("/login", data={"token": TOKEN, "name": "Rita", "next": "/documents"}, follow_redirects=False)
        page = c.get(f"/documents/{out['id']}/review")
        assert "Mark review done" in page.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        refused = c.post(f"/documents/{out['id']}/review", data={"action": "done", "csrf": "wrong"},
                         headers={"accept": "application/json"})
        assert refused.status_code == 403 and statuses(scratch["data"], out["iri"]) == {"InReview"}
        r = c.post(f"/documents/{out['id']}/review", data={"action": "done", "csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].endswith("/review#status")
        assert statuses(scratch["data"], out["iri"]) == {"Reviewed"}
        listed = c.get("/documents.json").json()["documents"]
        assert [d["review_status"]["label"] for d in listed if d["id"] == out["id"]] == ["reviewed"]
        doc = c.get(f"/documents/{out['id']}.json").json()["doc"]
        assert doc["review_status"]["label"] == "reviewed"
        assert ">reviewed</a>" in c.get(f"/documents/{out['id']}").text and "in review" not in c.get(
            f"/documents/{out['id']}").text
        assert 'class="badge review-status"' in c.get("/documents").text
        page = c.get(f"/documents/{out['id']}/review")
        assert 'data-status="reviewed"' in page.text and "marked done by Rita" in page.text
        assert "Mark review done" not in page.text
        # the store holds one status, not two
        rows = c.app.state.store.values("SELECT ?s WHERE { $doc pk:reviewStatus ?s }", doc=URIRef(out["iri"]))
        assert [s for s, in rows] == [str(PK.Reviewed)]
