"""kg validate finds accepted anchors again by their quote (exact, prefix, suffix) when the stored
text changed: moved anchors are reported with old and new offsets and ``--fix`` rewrites them in
the data files (and the hashes), a quote that is gone is an error naming the document, the
statement and the quote. On scratch copies of the corpus and data; every text is our own."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from kg.cli import main
from kg.core.corpus import sha256_text
from kg.core.namespaces import OA, PK
from kg.validate.reanchor import AMBIGUOUS, LOST, MOVED, Quote, locate
from kg.validate.rewrite import masked, statement
from scratch import NOTES, scratch_folders

TEXT = NOTES
PREFACE = "A preface we wrote later, before everything else.\n\n"


@pytest.fixture()
def accepted(tmp_path: Path, corpus_dir: Path, runner) -> dict:
    """A scratch copy with one ingested document, three of its proposals accepted."""
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    src = tmp_path / "notes.txt"
    src.write_text(TEXT, encoding="utf-8")
    opts = ["--corpus", str(corpus), "--data", str(data), "--store", "memory"]
    out = json.loads(_ok(runner, "ingest", str(src), "--json", "--published", "2026-04-02", *opts).splitlines()[-1])
    view = json.loads(_ok(runner, "review", out["id"], "--json", *opts))
    pick = [next(p["id"] for p in view["proposals"] if p["kind"] == "mention" and p["text"] == "Anthropic"),
            next(p["id"] for p in view["proposals"] if p["kind"] == "figure" and p.get("max") == 18),
            next(p["id"] for p in view["proposals"] if p["kind"] == "link" and p["start"] > 0)]
    _ok(runner, "review", out["id"], "--accept", ",".join(pick), *opts)
    return {"corpus": corpus, "data": data, "id": out["id"], "iri": out["iri"], "picked": pick,
            "text_file": corpus / f"{out['id']}.txt", "data_file": data / f"{out['id']}.trig",
            "dirs": ["--corpus", str(corpus), "--data", str(data)]}


def _ok(runner, *args) -> str:
    r = runner.invoke(main, list(args), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    return r.stdout


def validate(runner, s, *extra):
    r = runner.invoke(main, ["validate", *s["dirs"], "--json", *extra], catch_exceptions=False)
    return r.exit_code, json.loads(r.stdout)


def anchors(s) -> dict[str, tuple[int, int, str, str]]:
    """Each anchor of the document: start, end, exact quote, recorded hash."""
    ds = Dataset()
    ds.parse(s["data_file"], format="trig")
    g = ds.graph(URIRef(s["iri"]))
    out = {}
    for ev in g.subjects(OA.hasSource, URIRef(s["iri"])):
        sels = list(g.objects(ev, OA.hasSelector))
        pos = next(x for x in sels if g.value(x, OA.start) is not None)
        quote = next(x for x in sels if g.value(x, OA.exact) is not None)
        out[str(ev).rsplit("/", 1)[-1]] = (int(g.value(pos, OA.start)), int(g.value(pos, OA.end)),
                                           str(g.value(quote, OA.exact)), str(g.value(ev, PK.sourceSha256)))
    return out


def test_shifted_text_anchors_are_refound_reported_and_fixed(runner, accepted):
    s = accepted
    assert validate(runner, s)[0] == 0
    before = anchors(s)
    assert len(before) == 3
    old_text = s["text_file"].read_text(encoding="utf-8")
    inserted = "A line we inserted between the two.\n"
    new_text = PREFACE + old_text.replace("\nAnthropic argues", "\n" + inserted + "Anthropic argues")
    s["text_file"].write_text(new_text, encoding="utf-8")
    code, report = validate(runner, s)
    assert code == 1
    moved = {m["anchor"].split(":")[-1]: m for m in report["moved"]}
    assert set(moved) == set(before), moved
    assert all(m["outcome"] == "moved" for m in moved.values()), [(k, m["old"], m["outcome"], m["exact"]) for k, m in moved.items()]
    for ev, (start, end, exact, _) in before.items():
        shift = len(PREFACE) + (len(inserted) if start >= old_text.index("Anthropic argues") else 0)
        assert moved[ev]["old"] == [start, end] and moved[ev]["new"] == [start + shift, end + shift]
        assert new_text[start + shift:end + shift] == exact
    kinds = {p["kind"] for p in report["problems"]}
    assert "moved" in kinds and "offset" not in kinds            # no "cuts a word" noise for moved anchors
    line = next(p for p in report["problems"] if p["kind"] == "moved")["message"]
    assert "was " in line and "--fix" in line and f"doc:{s['id']}" in line
    data_before = s["data_file"].read_text(encoding="utf-8")

    code, report = validate(runner, s, "--fix")
    assert code == 0, report["problems"]
    assert len([f for f in report["fixed"] if "offsets" in f["change"]]) == 3
    after = anchors(s)
    sha = sha256_text(new_text)
    for ev, (start, end, exact, recorded) in after.items():
        assert new_text[start:end] == exact == before[ev][2] and recorded == sha
    # only the offsets and hashes changed in the data file; everything else byte for byte
    changed = [(a, b) for a, b in zip(data_before.splitlines(), s["data_file"].read_text().splitlines()) if a != b]
    assert len(data_before.splitlines()) == len(s["data_file"].read_text().splitlines())
    assert changed and all(a.split()[0] == b.split()[0] in ("oa:start", "oa:end", "pk:sourceSha256")
                           for a, b in changed)
    catalog = (s["data"] / "documents.trig").read_text(encoding="utf-8")
    assert f'pk:sha256 "{sha}"' in catalog and f"pk:charLength {len(new_text)} ;" in catalog
    assert (s["data"] / ".kg-changes").read_text().strip() != ""          # a running server is told
    assert validate(runner, s)[0] == 0
    text_out = runner.invoke(main, ["validate", *s["dirs"], "--fix"]).output
    assert "fixed:" not in text_out and text_out.startswith("valid")   # nothing left to fix


def test_deleted_quote_is_an_error_naming_document_statement_and_quote(runner, accepted):
    s = accepted
    before = anchors(s)
    old_text = s["text_file"].read_text(encoding="utf-8")
    figure_ev = next(ev for ev, a in before.items() if "18 months" in a[2])
    exact = before[figure_ev][2]
    s["text_file"].write_text(PREFACE + old_text.replace("could last up to 18 months", "was never measured"),
                              encoding="utf-8")
    code, report = validate(runner, s)
    assert code == 1
    lost = [p for p in report["problems"] if p["node"] == f"ev:{figure_ev}" and p["kind"] == "offset"]
    assert len(lost) == 1
    message = lost[0]["message"]
    assert "quote not found" in message and f"doc:{s['id']}" in message
    assert f"id:figure-{s['id'][:3]}-" in message and exact[:40] in message
    assert [m["outcome"] for m in report["moved"] if m["anchor"] == f"ev:{figure_ev}"] == ["lost"]
    code, report = validate(runner, s, "--fix")
    assert code == 1
    after = anchors(s)
    assert after[figure_ev][:2] == before[figure_ev][:2]                  # the lost anchor is left alone
    others = [ev for ev in before if ev != figure_ev]
    assert others and all(after[ev][0] == before[ev][0] + len(PREFACE) for ev in others)   # the rest were fixed
    # the document is not fully found again: the catalog keeps its hash
    assert f'pk:sha256 "{sha256_text(old_text)}"' in (s["data"] / "documents.trig").read_text()


def test_locate_prefers_context_then_nearest_and_refuses_ties():
    text = "alpha beta. The cue here. gamma delta. The cue here. epsilon."
    first, second = text.index("The cue"), text.rindex("The cue")
    by_context = locate(text, Quote("The cue here.", "gamma delta. ", " epsilon."), old_start=0)
    assert (by_context.start, by_context.outcome) == (second, MOVED)      # context beats distance
    nearest = locate(text, Quote("The cue here.", "zzz", "zzz"), old_start=first + 3)
    assert (nearest.start, nearest.outcome) == (first, MOVED)
    later = locate(text, Quote("The cue here.", "zzz", "zzz"), old_start=second + 1)
    assert later.start == second and later.candidates == 2
    tie = locate("x Q y Q z", Quote("Q", "", ""), old_start=4)
    assert tie.outcome == AMBIGUOUS and tie.start is None and tie.candidates == 2
    assert locate(text, Quote("not there", "", ""), old_start=5).outcome == LOST


def test_statement_search_skips_quoted_text_that_looks_like_a_statement():
    trig = ('@prefix ev: <https://w3id.org/policy-kg/id/evidence/> .\n@prefix oa: <http://www.w3.org/ns/oa#> .\n'
            '<g> {\nev:9-p1 a oa:SpecificResource ;\n  oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact """\n'
            'ev:9-p2 a oa:Fake ; oa:start 1 .\n# not a comment\n""" ] .\n'
            'ev:9-p2 a oa:SpecificResource ;\n  oa:hasSelector [ a oa:TextPositionSelector ; oa:start 5 ; oa:end 9 ] .\n}\n')
    span = statement(masked(trig), ["ev:9-p2"])
    assert span is not None and trig[span[0]:span[1]].startswith("ev:9-p2 a oa:SpecificResource")
    assert trig[span[0]:span[1]].endswith("oa:end 9 ] .")
    assert len(masked(trig)) == len(trig)
