"""Decks of a focus neighbourhood on the curated graph (a hub, a measure, a person): a hub's
dozen labelled edges into it once made every cut overflow ("cannot be cut into 40 slides" for a
10-node diagram); its row is now drawn again for each share of the nodes pointing at it
(kg.render.fit). The PPTX is read back with python-pptx."""
from __future__ import annotations

import io

import pytest
from pptx import Presentation

from kg import export as exporting
from kg.briefing.model import BOX
from kg.render import fit

# focus -> its label: two hubs (companies), a measure, a person
FOCUSES = {"id:nvidia": "Nvidia", "id:anthropic": "Anthropic",
           "id:measure-dc-access-limits": "Limit foreign access to sensitive data centres",
           "id:jensen-huang": "Jensen Huang"}


def _titles(body: bytes) -> list[str]:
    return [s.shapes.title.text for s in Presentation(io.BytesIO(body)).slides if s.shapes.title is not None]


def _names_the_focus(titles: list[str], label: str) -> None:
    question = "What does limiting foreign access to sensitive data centres do?" if label.startswith("Limit ") \
        else f"What is {label} connected to?"     # a measure's question says what it does
    assert titles[0] == question, titles[0]
    diagrams = [t for t in titles if t.startswith(f"{label}: neighbourhood, depth 1")]
    assert diagrams, titles


@pytest.mark.parametrize("focus", FOCUSES)
def test_web_focus_deck_names_the_focus(client, focus):
    r = client.get("/export", params={"focus": focus, "format": "pptx"})
    assert r.status_code == 200, r.text
    _names_the_focus(_titles(r.content), FOCUSES[focus])


@pytest.mark.parametrize("focus", ["id:nvidia", "id:measure-dc-access-limits", "id:jensen-huang"])
def test_cli_focus_deck_names_the_focus(runner, tmp_path, focus):
    from kg.cli import main
    from kg.core.settings import PROJECT_ROOT

    out = tmp_path / "focus.pptx"
    r = runner.invoke(main, ["export", "--store", "memory", "--data", str(PROJECT_ROOT / "data"), focus,
                             "--format", "pptx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    _names_the_focus(_titles(out.read_bytes()), FOCUSES[focus])


@pytest.mark.parametrize("focus", ["id:nvidia", "id:anthropic", "id:china"])
def test_a_hubs_pages_fit_and_draw_every_edge(store, focus):
    """Each page fits the slide's diagram area; every edge of the figure is drawn on some page
    (its target on the page, its source there too or among the entry nodes of earlier pages);
    the hub's row is drawn on more than one page, each with a share of its entry nodes."""
    figure = exporting.neighbourhood(store, focus).figure
    pages = fit.plan(figure, "slide", BOX)
    assert all(w <= BOX[0] and h <= BOX[1] for _, (w, h) in pages)
    for e in figure.edges:
        assert any(e.target in p.nodes and (e.source in p.nodes or e.source in p.ghosts) for p, _ in pages), e
    hub = str(exporting.neighbourhood(store, focus).context["focus"])
    shares = [p for p, _ in pages if hub in p.nodes]
    assert len(shares) > 1 and all(p.ghosts for p in shares[1:])
    assert not set(shares[0].ghosts) & set(shares[1].ghosts)
