"""Briefing decks (kg.briefing): PPTX and PDF read back (python-pptx, pypdf), PDF pages drawn
to PNG with pdftoppm into tests/artifacts/briefing/, label sizes checked from the SVG.

A 6-hop chain on a hand-made graph with its own little corpus (so quotations are read at
build time), the curated data-centre trace and the curated scenario comparison."""
from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import pytest
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from kg.briefing import formats
from kg import export as exporting
from kg.briefing import compose, model
import kg.render as rendering
from kg.render import fit, slide
from kg.core.settings import Settings

PT = 12700  # EMU per point
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]


def _text(n: int) -> str:
    return " ".join(f"{WORDS[(n + i) % 10]}{i}" for i in range(60)) + ". "


CHAIN = ["m", "a", "b", "c", "d", "e", "f"]          # six hops: the trace's default depth
LABELS = {"m": "Limit test access to rented compute", "a": "Rented compute demand", "b": "Broker activity",
          "c": "Shadow training runs", "d": "Model capability abroad", "e": "Standards influence",
          "f": "Alliance cohesion"}


def _trig() -> str:
    out = ["@prefix pk: <https://w3id.org/policy-kg/ns#> . @prefix id: <https://w3id.org/policy-kg/id/> .",
           "@prefix doc: <https://w3id.org/policy-kg/id/doc/> . @prefix ev: <https://w3id.org/policy-kg/id/evidence/> .",
           "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .",
           "@prefix oa: <http://www.w3.org/ns/oa#> . @prefix schema: <https://schema.org/> .",
           "id:graph-catalog {",
           '  doc:001_t a pk:SourceDocument ; dcterms:title "Test memo on rented compute"@en ; pk:fileName "001_t.txt" ;'
           ' schema:publisher id:pub ; dcterms:date "2026-01-15" .',
           '  id:pub a pk:Publisher ; skos:prefLabel "Test Press"@en .',
           '  id:critic a pk:Person ; skos:prefLabel "A Sceptic"@en .', "}", "doc:001_t {"]
    for n in CHAIN:
        kind = "pk:Measure" if n == "m" else "pk:Factor"
        out.append(f'  id:{n} a {kind} ; skos:prefLabel "{LABELS[n]}"@en .')
    for i, (c, e) in enumerate(zip(CHAIN, CHAIN[1:])):
        pol, short = ("pk:Negative", "pk:decreases") if i % 3 == 0 else ("pk:Positive", "pk:increases")
        out.append(f'  id:l{i} a pk:CausalLink ; pk:cause id:{c} ; pk:effect id:{e} ; pk:polarity {pol} ;'
                   f' pk:mechanism "mechanism number {i}" ; pk:evidence ev:{i} . id:{c} {short} id:{e} .')
        out.append(f"  ev:{i} a oa:SpecificResource ; oa:hasSource doc:001_t ; oa:hasSelector "
                   f"[ a oa:TextPositionSelector ; oa:start {i * 40} ; oa:end {i * 40 + 30} ] .")
    out.append('  id:claim1 a pk:Claim ; skos:prefLabel "Brokers simply move offshore"@en ; pk:claimer id:critic ;'
               ' pk:contests id:l1 .')
    out.append('  id:claim2 a pk:Claim ; skos:prefLabel "Only for the largest runs"@en ; pk:claimer id:critic ;'
               ' pk:qualifies id:l3 .')
    out.append("}")
    return "\n".join(out)


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    from kg.store import memory_store
    from kg.core.namespaces import DEFAULT_BASE

    tmp = tmp_path_factory.mktemp("briefing")
    (tmp / "corpus").mkdir()
    (tmp / "corpus" / "001_t.txt").write_text(_text(0), encoding="utf-8")
    (tmp / "g.trig").write_text(_trig(), encoding="utf-8")
    store = memory_store(DEFAULT_BASE)
    store.load_file(tmp / "g.trig")
    settings = Settings.from_env(env={}, store="memory", corpus=str(tmp / "corpus"))
    return store, settings


@pytest.fixture(scope="module")
def out_dir(artifacts):
    d = artifacts / "briefing"
    d.mkdir(exist_ok=True)
    return d


def _pptx(body: bytes):
    prs = Presentation(io.BytesIO(body))
    assert (prs.slide_width, prs.slide_height) == (Emu(960 * PT), Emu(540 * PT))   # 16:9
    return prs


def _slide_text(s) -> str:
    parts = [sh.text_frame.text for sh in s.shapes if sh.has_text_frame]
    for sh in s.shapes:
        if sh.has_table:
            parts += [c.text for row in sh.table.rows for c in row.cells]
    return "\n".join(parts)


def _pdf_text(pages) -> str:
    """The pages' text, ligatures (cairo writes "ff" as one glyph) and line breaks undone."""
    return " ".join(unicodedata.normalize("NFKC", " ".join(p.extract_text() for p in pages)).split())


def _pdf_pages(body: bytes, path, out_dir, stem: str) -> PdfReader:
    path.write_bytes(body)
    reader = PdfReader(io.BytesIO(body))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (960, 540)
    assert shutil.which("pdftoppm"), "pdftoppm missing: scripts/setup.sh --test installs poppler-utils"
    for old in out_dir.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "144", "-png", str(path), str(out_dir / stem)], check=True)
    pngs = sorted(out_dir.glob(f"{stem}-*.png"))
    assert len(pngs) == len(reader.pages)
    from PIL import Image
    assert Image.open(pngs[0]).size == (1920, 1080)
    return reader


def _check_pictures(deck: model.Deck) -> int:
    """Every diagram fits its area at full size; no label below 18 pt on the slide (from the SVG)."""
    checked = 0
    for s in deck.slides:
        if s.picture is None:
            continue
        svg = slide.pipe_many([s.picture.graph], "svg")[0]
        w, h = slide.svg_size(svg)
        assert w <= model.BOX[0] and h <= model.BOX[1], s.title
        assert min(slide.label_sizes(svg)) * s.picture.fit(model.BOX) >= 18, s.title
        checked += 1
    return checked


def test_chain_deck_pptx(chain, out_dir):
    store, settings = chain
    export = exporting.trace(store, "id:m")
    body, media = formats.serialise(export, "pptx", store=store, settings=settings)
    (out_dir / "chain.pptx").write_bytes(body)
    assert media.endswith("presentationml.presentation")
    prs = _pptx(body)
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[0] == "What does limiting test access to rented compute do?"
    steps = [t for t in titles if t.startswith("Step ")]
    assert len(steps) == 6 and steps[0].startswith("Step 1 of 6: Limit test access to rented compute \u2192 Rented")
    assert steps[-1].startswith("Step 6 of 6: Standards influence \u2192 Alliance cohesion")
    contested = [s for s in prs.slides if s.shapes.title.text.startswith("Contested: Rented compute demand")]
    qualified = [s for s in prs.slides if s.shapes.title.text.startswith("Qualified: Shadow training runs")]
    assert len(contested) == 1 and len(qualified) == 1
    table = next(sh.table for sh in contested[0].shapes if sh.has_table)
    assert [c.text for c in table.rows[1].cells] == ["Brokers simply move offshore", "contests", "A Sceptic"]
    title_text = _slide_text(prs.slides[0])
    assert "policy-kg" in title_text and "store generation" in title_text and "Date: 20" in title_text
    sources = "\n".join(_slide_text(s) for s in prs.slides if s.shapes.title.text.startswith("Sources"))
    assert "Test memo on rented compute \u2014 Test Press, 2026-01-15" in sources
    assert "[1] \u201calpha0 bravo1" in sources                    # read from the corpus at build time
    step1 = prs.slides[titles.index(steps[0])]
    notes = step1.notes_slide.notes_text_frame.text
    assert "mechanism number 0" in notes and "[1] " in notes and "alpha0" in notes
    for s in prs.slides:
        for sh in s.shapes:
            if sh.shape_type == 13:                                   # a picture: inside the slide
                assert sh.left + sh.width <= prs.slide_width and sh.top + sh.height <= prs.slide_height


def test_chain_deck_labels_and_pdf(chain, out_dir):
    store, settings = chain
    export = exporting.trace(store, "id:m")
    result = export.context["result"]
    deck = compose.trace_deck(store, export.figure, result, layout="slide", corpus_dir=settings.corpus, version="v")
    assert _check_pictures(deck) >= 7                                # overview page(s) and 6 steps
    body, media = formats.serialise(export, "pdf", store=store, settings=settings)
    assert media == "application/pdf"
    reader = _pdf_pages(body, out_dir / "chain.pdf", out_dir, "chain")
    assert len(reader.pages) == len(deck.slides)
    assert "What does limiting test access to rented compute do?" in _pdf_text(reader.pages[:1])
    text = _pdf_text(reader.pages)
    assert "Step 6 of 6" in text and "Brokers simply move offshore" in text and "Test Press" in text


@pytest.mark.parametrize("layout", ["wide", "tall"])
def test_other_layouts_fit_too(chain, layout):
    store, _ = chain
    figure = exporting.trace(store, "id:m").figure
    pages = fit.plan(figure, layout, model.BOX)
    assert sorted(n for p, _ in pages for n in p.nodes) == sorted(n.iri for n in figure.nodes)
    assert all(w <= model.BOX[0] and h <= model.BOX[1] for _, (w, h) in pages)


def test_layout_for_drawn_formats(chain):
    store, _ = chain
    figure = exporting.trace(store, "id:m").figure
    svg = rendering.render(figure, "svg", layout="slide")
    assert min(slide.label_sizes(svg)) >= 18
    assert "rankdir=TB" in rendering.render(figure, "dot", layout="tall").decode()
    assert "subgraph row1" in rendering.render(figure, "mermaid", layout="slide").decode()
    with pytest.raises(exporting.ExportError, match="unknown layout 'diagonal'"):
        formats.serialise(exporting.trace(store, "id:m"), "svg", layout="diagonal")
    with pytest.raises(exporting.ExportError, match="a layout goes with a drawn format"):
        formats.serialise(exporting.trace(store, "id:m"), "ttl", layout="slide")


def test_too_large_says_so(chain):
    store, settings = chain
    figure = exporting.trace(store, "id:m").figure
    with pytest.raises(fit.PlanTooLarge, match="cannot be cut into at most 40 slides"):
        fit.plan(figure, "slide", (120, 60))
    with pytest.raises(exporting.ExportError, match="14 slides, more than 5"):
        import kg.briefing as briefing
        old, briefing.MAX_SLIDES = briefing.MAX_SLIDES, 5
        try:
            formats.serialise(exporting.trace(store, "id:m"), "pptx", store=store, settings=settings)
        finally:
            briefing.MAX_SLIDES = old


def test_curated_trace_deck(store, settings, out_dir):
    export = exporting.trace(store, "id:measure-dc-access-limits")
    body, _ = formats.serialise(export, "pptx", store=store, settings=settings)
    (out_dir / "dc-trace.pptx").write_bytes(body)
    prs = _pptx(body)
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles[0] == "What does limiting foreign access to sensitive data centres do?"
    assert len(titles) < 15 and titles[1] == "Bottom line"          # the answer first
    bottom = _slide_text(prs.slides[1])
    assert "\u2212  lowers China's frontier AI capability (2 paths)" in bottom
    assert "1 source (Anthropic's paper)" in bottom and "Zhang Chi" in bottom
    # eleven links build a page a slide; each step says the measure's running effect, not only the link's sign
    steps = [s for s in prs.slides if s.shapes.title.text.startswith("Step ")]
    assert len(steps) == 3 and all("So far: " in _slide_text(s) for s in steps)
    assert "\u2212 China's frontier AI capability" in "".join(_slide_text(s) for s in steps)
    (who,) = [s for s in prs.slides if s.shapes.title.text == "Who disagrees"]
    rows = [[c.text for c in r.cells] for r in list(next(sh.table for sh in who.shapes if sh.has_table).rows)[1:]]
    assert ["Zhang Chi: China is falling further behind in AI"] == sorted({r[2] for r in rows if "Zhang" in r[2]})
    assert any(r[2].startswith("Observers who doubt China is catching up") and r[1] == "contested by" for r in rows)
    sources = "\n".join(_slide_text(s) for s in prs.slides if s.shapes.title.text.startswith("Sources"))
    assert "Anthropic Urges U.S. to Lock 12\u201324 Month AI Lead Over China" in sources
    assert "Vietmetric" in sources and "\u201c" in sources and "passage not available" not in sources
    assert "Vietmetric, 2026" in sources                              # publisher and date from the catalog
    pdf, _ = formats.serialise(export, "pdf", store=store, settings=settings)
    reader = _pdf_pages(pdf, out_dir / "dc-trace.pdf", out_dir, "dc-trace")
    assert len(reader.pages) == len(prs.slides)
    second = _pdf_text(reader.pages[1:2])                              # slide 2 as drawn in the PDF
    assert second.startswith("Bottom line") and "lowers China's frontier AI capability" in second
    assert "Who disagrees:" in second


def test_curated_scenario_deck(store, settings, out_dir):
    export = exporting.scenarios(store, "id:scenario-2028-restrict", "id:scenario-2028-no-restrict")
    body, _ = formats.serialise(export, "pptx", store=store, settings=settings)
    (out_dir / "scenarios.pptx").write_bytes(body)
    prs = _pptx(body)
    assert prs.slides[0].shapes.title.text.startswith("What changes between \u201c2028 with restricted")
    rows = {}
    for s in prs.slides:
        if s.shapes.title.text.startswith("Net effects in A and B"):
            table = next(sh.table for sh in s.shapes if sh.has_table)
            rows.update({r.cells[0].text: [c.text for c in r.cells] for r in list(table.rows)[1:]})
    assert rows["AI safety"][2:5] == ["+", "\u2212", "changes"]
    assert rows["Chip smuggling"][2:4] == ["\u2212", "\u00b7"]
    with pytest.raises(exporting.ExportError, match="exports as pptx or pdf"):
        formats.serialise(export, "svg")
    pdf, _ = formats.serialise(export, "pdf", store=store, settings=settings)
    reader = _pdf_pages(pdf, out_dir / "scenarios.pdf", out_dir, "scenarios")
    assert "AI safety" in _pdf_text(reader.pages)


def test_web_formats_and_errors(fclient):
    r = fclient.get("/export", params={"trace": "id:m", "format": "pptx"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in r.headers["content-disposition"] and ".pptx" in r.headers["content-disposition"]
    assert len(Presentation(io.BytesIO(r.content)).slides) > 3
    r = fclient.get("/export", params={"focus": "id:p", "format": "pdf", "layout": "wide"})
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    for params, words in (({"trace": "id:m", "format": "key"}, "unknown format"),
                          ({"trace": "id:m", "format": "svg", "layout": "round"}, "unknown layout"),
                          ({"trace": "id:m", "format": "ttl", "layout": "slide"}, "drawn format"),
                          ({"scenario": "x", "vs": "y", "format": "svg"}, "pptx or pdf")):
        r = fclient.get("/export", params=params)
        assert r.status_code == 400 and words in r.text, (params, r.text)


def test_cli(runner, tmp_path, chain):
    from kg.cli import main

    from kg.core.settings import PROJECT_ROOT
    out = tmp_path / "dc.pptx"
    r = runner.invoke(main, ["export", "--store", "memory", "--data", str(PROJECT_ROOT / "data"), "--trace",
                             "id:measure-dc-access-limits", "--to", "id:outcome-us-lead", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert Presentation(str(out)).slides[0].shapes.title.text.startswith("What does limiting foreign access")
    r = runner.invoke(main, ["export", "--store", "memory", "id:x", "--layout", "diagonal"])
    assert r.exit_code == 2 and "diagonal" in r.output
    r = runner.invoke(main, ["export", "--store", "memory", "--scenario", "a", "--vs", "b", "--format", "svg"])
    assert r.exit_code == 2 and "pptx or pdf" in r.output
    r = runner.invoke(main, ["export", "--store", "memory", "id:x", "--format", "ttl", "--layout", "slide"])
    assert r.exit_code == 2 and "drawn format" in r.output
