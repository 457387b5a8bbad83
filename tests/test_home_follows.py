"""Home follows a small write instead of being built again (``kg.pages.home.followed``), and is built
afresh after a large one. Writes go through the app's ``/sparql`` (the update token as Bearer); what
home shows is read from ``/index.json``; ``kg.index.warm.counts`` counts each build of home's value."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.core.settings import Settings
from kg.index import warm
from kg.pages.home import FOLLOW_MOST, HOME_KEY
from scratch import scratch_folders

TOKEN = "home-token"
ID = "https://w3id.org/policy-kg/id/"
GRAPH = ID + "doc/home-follows"
BUILT = f"built {HOME_KEY}"


@pytest.fixture()
def client(tmp_path: Path, corpus_dir: Path):
    from web.app import create_app

    corpus, data = scratch_folders(tmp_path, corpus_dir)
    settings = Settings.from_env(env={}, store="memory", corpus=str(corpus), data_dir=str(data), update_token=TOKEN,
                                 warm_up=False, store_path=str(tmp_path / "store"))
    with TestClient(create_app(settings)) as c:
        yield c


def update(client: TestClient, text: str) -> None:
    r = client.post("/sparql", data={"update": text}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code in (200, 204), r.text


def home(client: TestClient) -> dict:
    r = client.get("/index.json")
    assert r.status_code == 200, r.text
    return r.json()


def count(page: dict, slug: str) -> int:
    return next(c["count"] for c in page["counts"] if c["slug"] == slug)


def test_one_statement_writes_are_followed_not_rebuilt(client):
    before = home(client)
    built = warm.counts[BUILT]
    first = before["measures"][0]
    update(client, f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{first["iri"]}> skos:altLabel "Quokka measure"@en }} }}')
    after = home(client)
    assert warm.counts[BUILT] == built, "home was built again after a one-statement write"
    assert after["quads"] == before["quads"] + 1
    assert after["measures"][0]["documents"] == first["documents"] + 1      # the new graph describes it too

    update(client, f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{ID}aaa-quokka-measure> a pk:Measure ; '
                   f'skos:prefLabel "Aaa quokka measure"@en ; pk:status pk:Recommended }} }}')
    again = home(client)
    assert warm.counts[BUILT] == built
    assert count(again, "measures") == count(after, "measures") + 1 == again["measures_count"]
    assert again["measures"][0]["iri"] == ID + "aaa-quokka-measure"
    assert count(again, "actors") == count(before, "actors")


def test_a_write_home_does_not_show_keeps_every_box(client):
    before = home(client)
    built = warm.counts[BUILT]
    update(client, f'INSERT DATA {{ GRAPH <{GRAPH}> {{ <{ID}zz-unshown> <{ID}note> "nothing home shows" }} }}')
    after = home(client)
    assert warm.counts[BUILT] == built
    assert {k: v for k, v in after.items() if k != "quads"} == {k: v for k, v in before.items() if k != "quads"}
    assert after["quads"] == before["quads"] + 1


def test_a_large_write_has_home_built_afresh(client):
    before = home(client)
    built = warm.counts[BUILT]
    many = " ".join(f'<{ID}bulk-{i}> <{ID}note> "bulk" .' for i in range(FOLLOW_MOST + 1))
    update(client, f"INSERT DATA {{ GRAPH <{GRAPH}> {{ {many} }} }}")
    after = home(client)
    assert warm.counts[BUILT] == built + 1, "a write larger than FOLLOW_MOST quads is not followed"
    assert after["quads"] == before["quads"] + FOLLOW_MOST + 1
