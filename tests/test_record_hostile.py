"""A sweep of broken and hostile bodies through every write route of a live ``kg serve`` and
every write command: each gets a clear 4xx (or exit 2) naming the problem, and the data folder is
byte for byte as before (hashed). Huge bodies, bytes that are not UTF-8, the wrong media type,
NUL and control characters, 100 KB and markup names, IRIs with spaces or a javascript: scheme,
nested JSON. Scratch copies of the corpus and data folders; every text is our own."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx
import pytest

from kg.cli import main
from live_server import live_server
from scratch import scratch_folders

TOKEN = "hostile-token"
AUTH = {"authorization": f"Bearer {TOKEN}", "accept": "application/json", "x-reviewer": "Probe"}
FORM = {**AUTH, "content-type": "application/x-www-form-urlencoded"}
UPDATE = {**AUTH, "content-type": "application/sparql-update"}
NOTE = "Quay ledger of ours\nNvidia said chip smuggling raises illicit compute access in 2025.\n"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
NVIDIA = "<https://w3id.org/policy-kg/id/nvidia>"


def label_update(value: str) -> str:
    return f"INSERT DATA {{ GRAPH <urn:x-kg-test:g> {{ {NVIDIA} {ALT} {json.dumps(value)}@en }} }}"


def folder_hash(data: Path) -> dict:
    return {str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(data.rglob("*"))
            if p.is_file() and p.name not in (".kg-write.lock", ".kg-changes")}


@pytest.fixture(scope="module")
def live(tmp_path_factory, corpus_dir):
    tmp = tmp_path_factory.mktemp("hostile")
    corpus, data = scratch_folders(tmp, corpus_dir)
    (tmp / "note.txt").write_text(NOTE, encoding="utf-8")
    from click.testing import CliRunner

    opts = ["--corpus", str(corpus), "--data", str(data), "--store", "memory"]
    r = CliRunner().invoke(main, ["ingest", str(tmp / "note.txt"), "--json", *opts])
    assert r.exit_code == 0, r.output
    ident = json.loads(r.stdout.strip().splitlines()[-1])["id"]
    with live_server(["--store", "memory", "--corpus", str(corpus), "--data", str(data), "--update-token", TOKEN,
                      "--workers", "1"], tmp, env={"KG_WARM_UP": "0"}, timeout=120) as base:
        props = httpx.get(f"{base}/documents/{ident}/review.json").json()["proposals"]
        mention = next(p["id"] for p in props if p["kind"] == "mention")
        yield {"base": base, "data": data, "corpus": corpus, "tmp": tmp, "ident": ident, "pid": mention,
               "opts": opts}


def upload(name: str, body: bytes, media: str, **fields) -> tuple:
    return ("/documents/new", {"files": {"file": (name, body, media)}, "data": fields, "headers": AUTH})


def review(ident: str, **fields) -> tuple:
    return (f"/documents/{ident}/review", {"data": fields, "headers": AUTH})


CASES = {
    # /sparql updates (with the update token)
    "update: 2 MB body": (413, "/sparql", {"content": b"update=" + b"x" * 2_000_000, "headers": FORM}, "limit"),
    "update: form not UTF-8": (400, "/sparql", {"content": b"update=INSERT%20DATA%20%7B%7D%FF", "headers": FORM}, "UTF-8"),
    "update: body not UTF-8": (400, "/sparql", {"content": b'INSERT DATA { <urn:a> <urn:b> "\xff" }', "headers": UPDATE},
                               "UTF-8"),
    "update: text/plain": (415, "/sparql", {"content": b'INSERT DATA { <urn:a> <urn:b> "c" }',
                                            "headers": {**AUTH, "content-type": "text/plain"}}, "text/plain"),
    "update: nested JSON": (415, "/sparql", {"content": json.dumps({"update": [[[{"a": 1}]]]}),
                                             "headers": {**AUTH, "content-type": "application/json"}}, "json"),
    "update: NUL in a literal": (400, "/sparql", {"content": label_update("a\x00b").encode(), "headers": UPDATE},
                                 "control characters"),
    "update: control character": (400, "/sparql", {"content": label_update("a\x07b").encode(), "headers": UPDATE},
                                  "control characters"),
    "update: 100 KB label": (400, "/sparql", {"content": label_update("a" * 100_000).encode(), "headers": UPDATE},
                             "at most 500"),
    "update: markup label": (400, "/sparql", {"content": label_update("<script>alert(1)</script>").encode(),
                                              "headers": UPDATE}, "markup"),
    "update: IRI with a space": (400, "/sparql", {"content": b'INSERT DATA { GRAPH <urn:g> { <http://a b> <urn:b> "c" } }',
                                                  "headers": UPDATE}, "parse"),
    "update: javascript: IRI": (400, "/sparql", {"content": b'INSERT DATA { GRAPH <urn:g> { <javascript:alert(1)> '
                                                            b'<urn:b> "c" } }', "headers": UPDATE}, "javascript:"),
    # uploads
    "upload: 11 MB": (413, *upload("big.txt", b"a" * 11_000_000, "text/plain"), "limit"),
    "upload: an executable": (415, *upload("a.exe", b"MZ\x90\x00" * 64, "application/x-msdownload"), ".exe"),
    "upload: NUL bytes": (415, *upload("a.txt", b"Title\nSome \x00 text on chips.\n", "text/plain"), "binary"),
    "upload: Latin-1 text": (415, *upload("a.txt", "Titre\nCaf\xe9 sur les puces.\n".encode("latin-1"), "text/plain"),
                             "UTF-8"),
    "upload: title with a control character": (400, *upload("a.txt", b"T\nWords on export rules.\n", "text/plain",
                                                            title="a\x07b"), "title"),
    "upload: 100 KB title": (400, *upload("a.txt", b"T\nMore words on export rules.\n", "text/plain", title="t" * 100_000),
                             "title"),
    "upload: markup title": (400, *upload("a.txt", b"T\nOther words on rules.\n", "text/plain",
                                          title="<img src=x onerror=alert(1)>"), "markup"),
    "upload: javascript: url": (400, *upload("a.txt", b"T\nStill more words.\n", "text/plain", url="javascript:alert(1)"),
                                "url"),
    "upload: url with a space": (400, *upload("a.txt", b"T\nEven more words.\n", "text/plain", url="http://a b/"), "url"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_hostile_request_is_a_clear_4xx_and_changes_nothing(live, name):
    status, path, request, words = CASES[name]
    before = folder_hash(live["data"])
    r = httpx.post(live["base"] + path, timeout=120, **request)
    assert r.status_code == status, r.text[:300]
    assert words.lower() in r.json()["error"]["message"].lower(), r.text[:300]
    assert folder_hash(live["data"]) == before


@pytest.mark.parametrize("fields,status,words", [
    ({"label": "a\x00b"}, 400, "control characters"),
    ({"label": "a\x1bb"}, 400, "control characters"),
    ({"label": "n" * 100_000}, 400, "at most 500"),
    ({"label": "<b onmouseover=alert(1)>Nvidia</b>"}, 400, "markup"),
    ({"note": "x" * 100_000}, 400, "at most 20,000"),
    ({"cause": "javascript:alert(1)"}, 400, "cause"),
    ({"about": "https://w3id.org/policy-kg/id/nvidia ../x"}, 400, "about"),
])
def test_a_hostile_review_edit_is_400_and_changes_nothing(live, fields, status, words):
    before = folder_hash(live["data"])
    path, request = review(live["ident"], action="edit", pid=live["pid"], **fields)
    r = httpx.post(live["base"] + path, timeout=60, **request)
    assert r.status_code == status and words in r.json()["error"]["message"], r.text[:300]
    assert folder_hash(live["data"]) == before


@pytest.mark.parametrize("body,media", [
    (json.dumps({"action": "edit", "pid": "p1", "label": {"a": [[[["x"]]]]}}), "application/json"),
    ("[" * 50_000 + "]" * 50_000, "application/json"),
    ("action=edit&pid=p1", "text/plain"),
])
def test_a_review_body_that_is_not_a_form_is_415(live, body, media):
    before = folder_hash(live["data"])
    r = httpx.post(f"{live['base']}/documents/{live['ident']}/review", content=body,
                   headers={**AUTH, "content-type": media}, timeout=60)
    assert r.status_code == 415 and "send a form" in r.json()["error"]["message"], r.text[:300]
    assert folder_hash(live["data"]) == before


@pytest.mark.parametrize("args,words", [
    (["--edit", "{pid}", "label=a\x07b"], "control characters"),
    (["--edit", "{pid}", "label=" + "n" * 100_000], "at most 500"),
    (["--edit", "{pid}", "label=<script>x</script>"], "markup"),
    (["--edit", "{pid}", 'about=[[["https://w3id.org/policy-kg/id/nvidia"]]]'], "about"),
    (["--edit", "{pid}", 'about={"a": {"b": [1, 2]}}'], "about"),
    (["--edit", "{pid}", "entity=javascript:alert(1)"], "entity"),
])
def test_a_hostile_cli_edit_exits_2_and_changes_nothing(live, runner, args, words):
    before = folder_hash(live["data"])
    r = runner.invoke(main, ["review", live["ident"], *[a.replace("{pid}", live["pid"]) for a in args], *live["opts"]])
    assert r.exit_code == 2 and words in r.output, r.output[-500:]
    assert folder_hash(live["data"]) == before


@pytest.mark.parametrize("body,options,words", [
    (b"Title\nSome \x00 words on chips.\n", [], "binary"),
    (b"Title\nWords on export rules of ours.\n", ["--title", "t" * 100_000], "title"),
    (b"Title\nWords on export rules, ours.\n", ["--url", "javascript:alert(1)"], "url"),
])
def test_a_hostile_cli_ingest_exits_2_and_changes_nothing(live, runner, body, options, words):
    path = live["tmp"] / "hostile.txt"
    path.write_bytes(body)
    before = folder_hash(live["data"]), folder_hash(live["corpus"])
    r = runner.invoke(main, ["ingest", str(path), *options, *live["opts"]])
    assert r.exit_code == 2 and words in r.output, r.output[-500:]
    assert (folder_hash(live["data"]), folder_hash(live["corpus"])) == before
