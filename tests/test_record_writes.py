"""Issue 20: a user's values are checked before anything is written, a write is one transaction,
edits never touch curated nodes, rejections are scoped, repropose keeps the publication date,
file modes are kept. Each test reproduces one finding of the probe on scratch copies of the
corpus and data folders, through the web (TestClient, the update token as Bearer) and the CLI;
every text is our own."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from kg.cli import main
from kg.core.namespaces import PK
from kg.core.settings import Settings
from scratch import scratch_folders

TOKEN = "record-token"
TEXT = ("Harbour notes on compute\n"
        "Nvidia reported that its shipments through the harbour dropped by 35% in 2025.\n"
        "Port inspectors said chip smuggling increases illicit compute access for buyers overseas.\n"
        "Last August the officials met; by 2030 the rules may change.\n")
AUTH = {"Authorization": f"Bearer {TOKEN}", "X-Reviewer": "Probe", "Accept": "application/json"}
LINK = "https://w3id.org/policy-kg/id/link-smuggling-illicit-compute"


@pytest.fixture()
def scratch(tmp_path: Path, corpus_dir: Path) -> dict:
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    (tmp_path / "notes.txt").write_text(TEXT, encoding="utf-8")
    settings = Settings.from_env(env={}, store="memory", corpus=str(corpus), data_dir=str(data),
                                 update_token=TOKEN, warm_up=False, store_path=str(tmp_path / "store"))
    return {"corpus": corpus, "data": data, "tmp": tmp_path, "settings": settings,
            "opts": ["--corpus", str(corpus), "--data", str(data), "--store", "memory"]}


def cli(runner, scratch, *args, code: int = 0) -> str:
    r = runner.invoke(main, [*args, *scratch["opts"]])
    out = r.output + (r.stderr if r.stderr_bytes is not None else "")
    assert r.exit_code == code, out[-1500:]
    assert "Traceback" not in out and (r.exception is None or isinstance(r.exception, SystemExit)), repr(r.exception)
    return out


def ingest(runner, scratch) -> dict:
    r = runner.invoke(main, ["ingest", str(scratch["tmp"] / "notes.txt"), "--json", "--published", "2026-04-02",
                             *scratch["opts"]])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout.strip().splitlines()[-1])


def view(runner, scratch, ident):
    r = runner.invoke(main, ["review", ident, "--json", *scratch["opts"]])
    assert r.exit_code == 0, r.output
    return {p["id"]: p for p in json.loads(r.stdout)["proposals"]}


def pick(props: dict, kind: str, test=lambda p: True) -> dict:
    return next(p for p in props.values() if p["kind"] == kind and test(p))


def snapshot(scratch) -> dict:
    return {p: p.read_bytes() for root in (scratch["corpus"], scratch["data"]) for p in root.rglob("*")
            if p.is_file() and p.name not in (".kg-write.lock", ".kg-changes")}


def dataset(scratch) -> Dataset:
    """Every data file in one dataset whose default graph is the union of its graphs."""
    ds = Dataset(default_union=True)
    for path in sorted(scratch["data"].glob("*.trig")):
        ds.parse(path, format="trig")
    return ds


def build_and_validate(runner, scratch) -> None:
    cli(runner, scratch, "build")
    r = runner.invoke(main, ["validate", "--corpus", str(scratch["corpus"]), "--data", str(scratch["data"])])
    assert r.exit_code == 0, r.output[-2000:]


def web(scratch):
    from web.app import create_app

    return TestClient(create_app(scratch["settings"]))


# -- bad values: 400 / exit 2 naming the field, nothing written ---------------------------------
@pytest.mark.parametrize("field,value", [
    ("cause", "https://w3id.org/policy-kg/id/chip\nsmuggling"),      # a newline inside an IRI
    ("cause", "https://w3id.org/policy-kg/id/a>b"),                   # a character no IRI may hold
    ("effect", "../../../etc/passwd"),                                # relative: would resolve to a file: IRI
    ("effect", "javascript:alert(1)"),
    ("claimer", "https://example.org/x y"),
    ("about", "https://w3id.org/policy-kg/id/nvidia ../secret"),
])
def test_a_bad_iri_on_the_web_is_400_naming_the_field_and_writes_nothing(runner, scratch, field, value):
    out = ingest(runner, scratch)
    props = view(runner, scratch, out["id"])
    target = pick(props, "claim" if field in ("claimer", "about") else "link")
    before = snapshot(scratch)
    with web(scratch) as c:
        r = c.post(f"/documents/{out['id']}/review", data={"action": "edit", "pid": target["id"], field: value},
                   headers=AUTH)
        assert r.status_code == 400, r.text
        assert r.json()["error"]["field"] == field and field in r.json()["error"]["message"]
        r = c.post(f"/documents/{out['id']}/review", data={"action": "add", "start": "0", "end": "7", "kind": "link",
                                                          field: value}, headers=AUTH)
        assert r.status_code == 400 and r.json()["error"]["field"] == field
    assert snapshot(scratch) == before
    build_and_validate(runner, scratch)


@pytest.mark.parametrize("change", [
    "entity=https://w3id.org/policy-kg/id/nvi\ndia", 'about={"a": 1}', "link=javascript:alert(1)",
    "cause=https://w3id.org/policy-kg/id/a>b", "class=NotAKind", "class=pk:Claimx", "value=1.0e999",
    "year=20x8", "year=2024.5", "value=NaN", "epistemic_status=Rumour",
])
def test_a_bad_value_on_the_cli_exits_2_naming_the_field_and_writes_nothing(runner, scratch, change):
    out = ingest(runner, scratch)
    props = view(runner, scratch, out["id"])
    field = change.split("=", 1)[0]
    kind = {"entity": "mention", "about": "claim", "link": "link", "cause": "link", "class": "mention",
            "value": "figure", "year": "figure", "epistemic_status": "claim"}[field]
    pid = pick(props, kind)["id"]
    before = snapshot(scratch)
    text = cli(runner, scratch, "review", out["id"], "--edit", pid, change, "--accept", pid, code=2)
    assert field in text
    assert snapshot(scratch) == before
    build_and_validate(runner, scratch)


def test_a_bad_upload_url_is_400_and_leaves_no_file(runner, scratch):
    before = snapshot(scratch)
    with web(scratch) as c:
        for url in ("https://example.org/a\nb", "https://example.org/<script>", "javascript:alert(1)",
                    "/relative/path"):
            r = c.post("/documents/new", data={"url": url},
                       files={"file": ("notes.txt", TEXT.encode(), "text/plain")}, headers=AUTH)
            assert r.status_code == 400 and "url" in r.json()["error"]["message"], r.text
        r = c.post("/documents/new", data={"published": "20260402"},
                   files={"file": ("notes.txt", TEXT.encode(), "text/plain")}, headers=AUTH)
        assert r.status_code == 201, r.text              # a date Python reads, written as YYYY-MM-DD
    cat = (scratch["data"] / "documents.trig").read_text(encoding="utf-8")
    assert '"2026-04-02"^^xsd:date' in cat
    assert {p for p in before} <= set(snapshot(scratch))
    cli(runner, scratch, "ingest", str(scratch["tmp"] / "notes.txt"), "--url", "https://x.org/a b", code=2)
    build_and_validate(runner, scratch)


# -- typed values ---------------------------------------------------------------------------------
def test_a_date_can_be_set_to_a_month_from_the_web_and_is_a_gyearmonth(runner, scratch):
    out = ingest(runner, scratch)
    date_p = pick(view(runner, scratch, out["id"]), "date", lambda p: p["value"] == "2025")
    with web(scratch) as c:
        r = c.post(f"/documents/{out['id']}/review", data={"action": "edit", "pid": date_p["id"], "value": "2025-09"},
                   headers=AUTH)
        assert r.status_code == 200, r.text
        assert r.json()["result"]["datatype"] == "gYearMonth"
        r = c.post(f"/documents/{out['id']}/review", data={"action": "edit", "pid": date_p["id"], "value": "2025-13"},
                   headers=AUTH)
        assert r.status_code == 400 and r.json()["error"]["field"] == "value"
        r = c.post(f"/documents/{out['id']}/review", data={"action": "accept", "pid": date_p["id"]}, headers=AUTH)
        assert r.status_code == 200, r.text
        assert c.app.state.store.ask('ASK { ?e pk:date "2025-09"^^xsd:gYearMonth }')
    assert (None, PK.date, Literal("2025-09", datatype=XSD.gYearMonth)) in dataset(scratch)
    build_and_validate(runner, scratch)


def test_a_figure_number_is_written_as_a_plain_decimal(runner, scratch):
    out = ingest(runner, scratch)
    fig = pick(view(runner, scratch, out["id"]), "figure", lambda p: p.get("value") == 35)
    cli(runner, scratch, "review", out["id"], "--edit", fig["id"], "value=1e-7", "--accept", fig["id"])
    values = {str(o) for o in dataset(scratch).objects(None, URIRef("https://schema.org/value"))}
    assert "0.0000001" in values
    build_and_validate(runner, scratch)


# -- curated nodes --------------------------------------------------------------------------------
def test_changing_a_corroborated_links_sign_makes_a_new_link(runner, scratch):
    out = ingest(runner, scratch)
    link = pick(view(runner, scratch, out["id"]), "link", lambda p: p.get("corroborates"))
    curated = URIRef(link["link"])
    ds = dataset(scratch)
    polarity_before = set(ds.objects(curated, PK.polarity))
    cli(runner, scratch, "review", out["id"], "--edit", link["id"], "polarity=-", "--accept", link["id"])
    ds = dataset(scratch)
    assert set(ds.objects(curated, PK.polarity)) == polarity_before and len(polarity_before) == 1
    assert len(set(ds.objects(curated, SKOS.prefLabel))) == 1
    node = json.loads(cli(runner, scratch, "review", out["id"], "--json"))
    accepted = next(p for p in node["proposals"] if p["id"] == link["id"])
    assert accepted["node"] != str(curated) and accepted["instead_of"] == str(curated)
    assert set(ds.objects(URIRef(accepted["node"]), PK.polarity)) == {PK.Negative}
    build_and_validate(runner, scratch)


def test_an_unedited_corroboration_adds_support_without_a_second_name(runner, scratch):
    out = ingest(runner, scratch)
    link = pick(view(runner, scratch, out["id"]), "link", lambda p: p.get("corroborates"))
    cli(runner, scratch, "review", out["id"], "--accept", link["id"])
    ds = dataset(scratch)
    curated = URIRef(link["link"])
    assert len(set(ds.objects(curated, SKOS.prefLabel))) == 1 and len(set(ds.objects(curated, PK.polarity))) == 1
    g = ds.graph(URIRef(out["iri"]))
    assert (curated, PK.cause, URIRef(link["cause"])) in g            # the document states it: support grows
    build_and_validate(runner, scratch)


def test_a_mentions_edited_label_is_an_alternative_label_in_that_document(runner, scratch):
    out = ingest(runner, scratch)
    nvidia = pick(view(runner, scratch, out["id"]), "mention", lambda p: p["entity"].endswith("/nvidia"))
    with web(scratch) as c:
        r = c.post(f"/documents/{out['id']}/review", data={"action": "edit", "pid": nvidia["id"],
                                                          "label": "Team Green"}, headers=AUTH)
        assert r.status_code == 200, r.text
        r = c.post(f"/documents/{out['id']}/review", data={"action": "accept", "pid": nvidia["id"]}, headers=AUTH)
        assert r.status_code == 200, r.text
        assert "Team Green" not in c.get("/id/nvidia").text.split("<h1", 1)[1].split("</h1>", 1)[0]
    ds = dataset(scratch)
    node = URIRef(nvidia["entity"])
    assert [str(x) for x in ds.objects(node, SKOS.prefLabel) if x.language == "en"] == ["Nvidia"]
    assert (node, SKOS.altLabel, Literal("Team Green", lang="en")) in ds.graph(URIRef(out["iri"]))
    build_and_validate(runner, scratch)


def test_a_hand_set_link_must_be_new(runner, scratch):
    out = ingest(runner, scratch)
    link = pick(view(runner, scratch, out["id"]), "link")
    text = cli(runner, scratch, "review", out["id"], "--edit", link["id"], f"link={link['link']}", code=2)
    assert "link" in text and "curated" in text


# -- one transaction ------------------------------------------------------------------------------
def test_a_store_refusal_leaves_nothing_and_the_next_accept_writes_it(runner, scratch):
    from kg.curation.review import ReviewService, StoreRefused

    out = ingest(runner, scratch)
    nvidia = pick(view(runner, scratch, out["id"]), "mention", lambda p: p["entity"].endswith("/nvidia"))
    before = snapshot(scratch)
    taken = []

    def refuse(text):
        raise RuntimeError("the store is read-only today")
    with pytest.raises(StoreRefused):
        ReviewService(scratch["settings"], apply=refuse).accept(out["id"], [nvidia["id"]], "Probe")
    assert snapshot(scratch) == before and not list(scratch["data"].glob(".*.tmp"))
    done = ReviewService(scratch["settings"], apply=taken.append).accept(out["id"], [nvidia["id"]], "Probe")
    assert done[0].get("already") is None and len(taken) == 1 and "INSERT DATA" in taken[0]


def test_an_ingest_the_store_refuses_leaves_nothing(runner, scratch):
    from kg.curation.ingest_errors import StoreRefusedIngest
    from kg.curation.ingest import Meta, ingest as run_ingest

    before = snapshot(scratch)

    def refuse(text):
        raise RuntimeError("no room")
    with pytest.raises(StoreRefusedIngest):
        run_ingest(scratch["settings"], "notes.txt", TEXT.encode(), Meta(), apply=refuse)
    assert snapshot(scratch) == before


def test_a_status_change_the_store_refuses_leaves_the_catalog_as_it_was(runner, scratch):
    from kg.curation.review import ReviewService

    out = ingest(runner, scratch)
    catalog = (scratch["data"] / "documents.trig").read_bytes()

    def refuse(text):
        raise RuntimeError("read-only")
    with pytest.raises(RuntimeError):
        ReviewService(scratch["settings"], apply=refuse).done(out["id"], "Probe")
    assert (scratch["data"] / "documents.trig").read_bytes() == catalog


# -- review state -----------------------------------------------------------------------------------
def test_repropose_keeps_the_publication_date(runner, scratch):
    out = ingest(runner, scratch)
    props = view(runner, scratch, out["id"])
    assert any(p["kind"] == "date" and p["text"] == "Last August" for p in props.values())
    text = cli(runner, scratch, "review", out["id"], "--repropose")
    assert "0 new proposals" in text
    assert view(runner, scratch, out["id"]).keys() == props.keys()


def test_a_rejection_holds_for_its_span_only_and_never_for_every_document(runner, scratch):
    out = ingest(runner, scratch)
    props = view(runner, scratch, out["id"])
    nvidia = pick(props, "mention", lambda p: p["entity"].endswith("/nvidia"))
    with web(scratch) as c:
        r = c.post(f"/documents/{out['id']}/review", data={"action": "reject", "pid": nvidia["id"]}, headers=AUTH)
        assert r.status_code == 200
        assert not (scratch["data"] / "review" / "never.json").exists()
        r = c.post(f"/documents/{out['id']}/review", data={"action": "never", "pid": nvidia["id"]}, headers=AUTH)
        assert r.status_code == 200 and r.json()["result"][0]["never"] is True
    keys = json.loads((scratch["data"] / "review" / "never.json").read_text())["keys"]
    assert keys == [["mention", "nvidia", nvidia["entity"]]]


# -- file modes ---------------------------------------------------------------------------------------
def test_rewritten_files_keep_their_mode_and_new_ones_follow_the_umask(runner, scratch):
    catalog = scratch["data"] / "documents.trig"
    catalog.chmod(0o640)
    old = os.umask(0o022)
    try:
        out = ingest(runner, scratch)
    finally:
        os.umask(old)
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(catalog) == 0o640
    for path in (scratch["corpus"] / f"{out['id']}.txt", scratch["data"] / f"{out['id']}.trig",
                 scratch["data"] / "review" / f"{out['id']}.json"):
        assert mode(path) == 0o644, (path, oct(mode(path)))
