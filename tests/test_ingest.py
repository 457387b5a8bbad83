"""kg ingest and kg review on scratch copies of the corpus and data folders: every input kind,
refusals that leave nothing behind, the proposals' JSON, accepting into the data file with a
position and a quote selector, rejections remembered, and kg validate passing throughout.
Every input text is written here, in our own words."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import fpdf
import pytest
from rdflib import Dataset, URIRef
from rdflib.namespace import PROV

from kg.cli import main
from kg.core.namespaces import OA, PK
from scratch import NOTES, scratch_folders

HTML = """<!doctype html><html><head><title>Export rules and the smuggling trade</title></head><body>
<nav><a href="/">Front page</a> | <a href="/markets">Markets</a> | <a href="/subscribe">Subscribe today</a></nav>
<article><h1>Export rules and the smuggling trade</h1>
<p>Last August the Commerce team briefed reporters on a fresh package of rules. Nvidia said its revenue from the
region fell by 30% in 2025.</p>
<p>Customs officers reported that chip smuggling increases illicit compute access for buyers abroad, according to
Anthropic.</p>
<p>Quorvane Dynamics Inc was named in a filing in December. The outlook spans 12-24 months.</p>
</article>
<footer>Copyright 2026 Sample Wire. Cookie settings. Follow us on every platform.</footer></body></html>"""

TEXT = NOTES


@pytest.fixture()
def scratch(tmp_path: Path, corpus_dir: Path) -> dict:
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    return {"corpus": corpus, "data": data, "tmp": tmp_path,
            "opts": ["--corpus", str(corpus), "--data", str(data), "--store", "memory"]}


def run(runner, args):
    return runner.invoke(main, args, catch_exceptions=False)


def ingest(runner, scratch, path: Path, *extra) -> dict:
    r = run(runner, ["ingest", str(path), "--json", *extra, *scratch["opts"]])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout.strip().splitlines()[-1])


def validate_ok(runner, scratch) -> None:
    r = run(runner, ["validate", "--corpus", str(scratch["corpus"]), "--data", str(scratch["data"])])
    assert r.exit_code == 0, r.output


def snapshot(scratch) -> dict:
    return {p: p.read_bytes() for root in (scratch["corpus"], scratch["data"]) for p in root.rglob("*")
            if p.is_file() and p.name != ".kg-write.lock"}


def test_html_is_ingested_without_boilerplate_and_listed_in_review(runner, scratch):
    src = scratch["tmp"] / "wire.html"
    src.write_text(HTML, encoding="utf-8")
    out = ingest(runner, scratch, src, "--published", "2026-03-20", "--publisher", "Sample Wire")
    assert out["id"].startswith("005_") and out["iri"].endswith("/doc/" + out["id"])
    text = (scratch["corpus"] / f"{out['id']}.txt").read_text(encoding="utf-8")
    assert out["chars"] == len(text)
    assert "smuggling increases" in text and "Cookie settings" not in text and "Subscribe today" not in text
    assert out["proposals"]["mention"] >= 3 and out["proposals"]["figure"] >= 2 and out["proposals"]["date"] >= 2
    validate_ok(runner, scratch)
    r = run(runner, ["review", out["id"], "--json", *scratch["opts"]])
    view = json.loads(r.stdout)
    assert view["document"] == out["iri"]
    kinds = {p["kind"] for p in view["proposals"]}
    assert {"mention", "entity", "date", "figure", "link", "claim"} <= kinds
    for p in view["proposals"]:
        assert p["status"] == "proposed" and text[p["start"]:p["end"]] == p["text"]
        assert p["text"] in p["sentence"] or p["kind"] in ("link", "claim")
    by = {(p["kind"], p.get("entity") or p.get("value") or p.get("label")): p for p in view["proposals"]}
    assert ("mention", "https://w3id.org/policy-kg/id/nvidia") in by
    assert by[("date", "2025-08")]["approximate"] is True                  # "Last August" before March 2026
    assert by[("date", "2025-12")]["approximate"] is True                  # "in December"
    fig = [p for p in view["proposals"] if p["kind"] == "figure" and p.get("value") == 30][0]
    assert fig["unit"] == "percent" and fig["year"] == 2025
    assert any(p["kind"] == "figure" and p.get("min") == 12 and p.get("max") == 24 and p["unit"] == "month"
               for p in view["proposals"])
    link = [p for p in view["proposals"] if p["kind"] == "link"][0]
    assert (link["cause"].endswith("pathway-chip-smuggling") and link["effect"].endswith("pathway-illicit-compute-access")
            and link["polarity"] == "+" and link["corroborates"] and link["support"] >= 1)
    assert any(p["kind"] == "entity" and p["label"].startswith("Quorvane Dynamics") and p["class"].endswith("#Company")
               for p in view["proposals"])
    claims = {p["verb"]: p for p in view["proposals"] if p["kind"] == "claim"}
    assert claims["said"]["claimer"].endswith("/nvidia") and claims["according to"]["claimer"].endswith("/anthropic")


def test_accept_reject_edit_write_the_data_file_and_validate(runner, scratch):
    src = scratch["tmp"] / "notes.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = ingest(runner, scratch, src, "--published", "2026-04-02")
    view = json.loads(run(runner, ["review", out["id"], "--json", *scratch["opts"]]).stdout)
    props = {p["id"]: p for p in view["proposals"]}
    mention = next(p for p in props.values() if p["kind"] == "mention" and p["entity"].endswith("chip-export-controls"))
    figure = next(p for p in props.values() if p["kind"] == "figure" and p.get("max") == 18)
    link = next(p for p in props.values() if p["kind"] == "link")
    date_p = next(p for p in props.values() if p["kind"] == "date")
    assert link["polarity"] == "-"
    r = run(runner, ["review", out["id"], "--edit", figure["id"], "label=Lead of up to 18 months",
                     "--accept", f"{mention['id']},{figure['id']}", "--accept", link["id"], "--reject", date_p["id"],
                     "--reviewer", "tester", "--json", *scratch["opts"]])
    assert r.exit_code == 0, r.output
    after = {p["id"]: p for p in json.loads(r.stdout)["proposals"]}
    assert [after[x]["status"] for x in (mention["id"], figure["id"], link["id"], date_p["id"])] == \
        ["accepted", "accepted", "accepted", "rejected"]
    assert after[figure["id"]]["accepted_by"] == "tester"
    validate_ok(runner, scratch)
    ds = Dataset()
    ds.parse(scratch["data"] / f"{out['id']}.trig", format="trig")
    g = ds.graph(URIRef(out["iri"]))
    text = (scratch["corpus"] / f"{out['id']}.txt").read_text(encoding="utf-8")
    number = out["id"][:3]
    ev = URIRef(f"https://w3id.org/policy-kg/id/evidence/{number}-{figure['id']}")
    assert (None, PK.evidence, ev) in g
    selectors = list(g.objects(ev, OA.hasSelector))
    pos = next(s for s in selectors if g.value(s, OA.start) is not None)
    quote = next(s for s in selectors if g.value(s, OA.exact) is not None)
    start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
    assert str(g.value(quote, OA.exact)) == text[start:end] and "18 months" in text[start:end]
    assert str(g.value(quote, OA.prefix)) == text[max(0, start - 32):start]
    assert str(g.value(quote, OA.suffix)) == text[end:end + 32]
    assert str(g.value(ev, PROV.wasAttributedTo)).endswith("/reviewer/tester") and g.value(ev, PROV.generatedAtTime)
    fig_node = next(g.subjects(PK.evidence, ev))
    assert str(g.value(fig_node, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))) == "Lead of up to 18 months"
    cause, effect = URIRef(link["cause"]), URIRef(link["effect"])
    assert (cause, PK.decreases, effect) in g
    # accepting again changes nothing; a rejected proposal is not proposed again
    before = (scratch["data"] / f"{out['id']}.trig").read_bytes()
    run(runner, ["review", out["id"], "--accept", figure["id"], *scratch["opts"]])
    assert (scratch["data"] / f"{out['id']}.trig").read_bytes() == before
    r = run(runner, ["review", out["id"], "--repropose", "--json", *scratch["opts"]])
    again = json.loads(r.stdout)["proposals"]
    assert len(again) == len(view["proposals"])                       # nothing new, the rejected date not back
    other = scratch["tmp"] / "other.txt"
    other.write_text(TEXT.replace("Drafting notes", "Second draft of notes") + "A closing line of ours.\n")
    out2 = ingest(runner, scratch, other, "--published", "2026-04-02")
    view2 = json.loads(run(runner, ["review", out2["id"], "--json", *scratch["opts"]]).stdout)
    same_date = lambda v: [p for p in v["proposals"]  # noqa: E731
                           if p["kind"] == "date" and p["text"] == date_p["text"] and p["value"] == date_p["value"]]
    # a rejection holds for its document and span: the other document is still offered the date
    assert same_date(view2)
    assert view2["near_duplicates"] and view2["near_duplicates"][0]["id"] == out["id"]
    # "never propose this" holds everywhere: a third copy is not offered it
    run(runner, ["review", out["id"], "--never", date_p["id"], *scratch["opts"]])
    third = scratch["tmp"] / "third.txt"
    third.write_text(TEXT.replace("Drafting notes", "Third draft of notes") + "Another line of ours.\n")
    out3 = ingest(runner, scratch, third, "--published", "2026-04-02")
    assert not same_date(json.loads(run(runner, ["review", out3["id"], "--json", *scratch["opts"]]).stdout))


@pytest.mark.parametrize("name,data,words", [
    ("empty.txt", b"", "empty"),
    ("blank.md", b"   \n\n  ", "empty"),
    ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a real pdf", "PDF"),
    ("fake.pdf", b"just words, no pdf header at all here", "not a PDF"),
    ("image.html", b"\x89PNG\r\n\x1a\n\0\0\0IHDR", "binary"),
    ("latin1.txt", "Caf\xe9 prices rose again this week in the old town".encode("latin-1"), "UTF-8"),
    ("program.exe", b"MZ\x90\0", "unsupported"),
    ("nothing.html", b"<html><body><nav><a href='/'>Home</a></nav><script>alert(1)</script></body></html>", "text"),
])
def test_bad_files_are_refused_and_leave_nothing(runner, scratch, name, data, words):
    before = snapshot(scratch)
    src = scratch["tmp"] / name
    src.write_bytes(data)
    r = run(runner, ["ingest", str(src), *scratch["opts"]])
    assert r.exit_code == 2 and words.lower() in r.output.lower(), r.output     # bad input
    assert snapshot(scratch) == before


def test_huge_file_and_same_text_twice(runner, scratch, monkeypatch):
    monkeypatch.setenv("KG_MAX_UPLOAD_BYTES", "1000")
    before = snapshot(scratch)
    big = scratch["tmp"] / "big.txt"
    big.write_text("word " * 400)
    r = run(runner, ["ingest", str(big), *scratch["opts"]])
    assert r.exit_code == 2 and "upload cap" in r.output and snapshot(scratch) == before
    monkeypatch.delenv("KG_MAX_UPLOAD_BYTES")
    src = scratch["tmp"] / "a.md"
    src.write_text("# Our heading\n\nA short note of our own about Nvidia and Anthropic.\n")
    ingest(runner, scratch, src)
    after_first = snapshot(scratch)
    r = run(runner, ["ingest", str(src), *scratch["opts"]])
    assert r.exit_code == 1 and "same text" in r.output and snapshot(scratch) == after_first
    existing = scratch["tmp"] / "copy.txt"
    shutil.copy(scratch["corpus"] / "002_c1734acbc6d7b2bc.txt", existing)
    r = run(runner, ["ingest", str(existing), *scratch["opts"]])
    assert r.exit_code == 1 and "same text" in r.output


def test_pdf_is_read_page_by_page(runner, scratch):
    pdf = fpdf.FPDF()   # fpdf2, in the test extras: a missing one fails the test
    for words in ("First page: Anthropic said the gap could shrink by 15% in 2027.",
                  "Second page: chip smuggling increases illicit compute access."):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 8, words)
    path = scratch["tmp"] / "brief.pdf"
    path.write_bytes(bytes(pdf.output()))
    out = ingest(runner, scratch, path, "--title", "A two page brief")
    text = (scratch["corpus"] / f"{out['id']}.txt").read_text(encoding="utf-8")
    assert "First page" in text and "Second page" in text
    assert out["proposals"]["figure"] >= 1 and out["proposals"]["link"] >= 1
    validate_ok(runner, scratch)


def test_relative_dates_and_figures_by_rule():
    from kg.curation.propose.rules_numbers import dates, figures
    from kg.curation.propose.text import sentences

    text = ("Rules came in last August and again in December. Sales fell nearly 20 times over, up to 11x in 2024.\n"
            "A rise of 5-7 percent was seen by 2030, costing $3.5 billion across one- to two-year deals.\n")
    sents = sentences(text)
    ds = {p.text: p.fields for p in dates(text, sents, date(2026, 2, 10))}
    assert ds["last August"]["value"] == "2025-08" and ds["in December"]["value"] == "2025-12"
    assert ds["2024"]["value"] == "2024" and "2030" not in ds          # a horizon is a figure, not an event date
    fs = [p.fields for p in figures(text, sents, date(2026, 2, 10))]
    assert {"value": 20, "unit": "times", "approximate": True} in [{k: f[k] for k in ("value", "unit", "approximate")}
                                                                   for f in fs if "value" in f]
    assert any(f.get("max") == 11 and f["unit"] == "times" and f.get("year") == 2024 for f in fs)
    assert any(f.get("min") == 5 and f.get("max") == 7 and f["unit"] == "percent" for f in fs)
    assert any(f.get("value") == 3.5e9 and f["unit"] == "USD" for f in fs)
    assert any(f.get("min") == 1 and f.get("max") == 2 and f["unit"] == "year" for f in fs)
    assert any(f.get("value") == 2030 and f["unit"] == "calendar year" for f in fs)


def test_kg_review_takes_a_unique_start_of_a_document_id(runner, scratch):
    """`kg review 005` finds 005_<hash>; a start two documents share is refused naming both, as is
    a start of none (exit 2, nothing written)."""
    first, second = scratch["tmp"] / "one.txt", scratch["tmp"] / "two.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text(HTML, encoding="utf-8")
    a, b = ingest(runner, scratch, first), ingest(runner, scratch, second)
    short = a["id"].split("_")[0]
    assert short != a["id"] and not b["id"].startswith(short)
    whole = json.loads(run(runner, ["review", a["id"], "--json", *scratch["opts"]]).stdout)
    assert json.loads(run(runner, ["review", short, "--json", *scratch["opts"]]).stdout) == whole
    before = snapshot(scratch)
    shared = run(runner, ["review", "00", "--json", *scratch["opts"]])
    assert shared.exit_code == 2 and a["id"] in shared.output and b["id"] in shared.output
    none = run(runner, ["review", "009", "--accept", "p1", *scratch["opts"]])
    assert none.exit_code == 2 and "no document in review with id '009'" in none.output
    assert snapshot(scratch) == before
