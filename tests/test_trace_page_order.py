"""The trace page reads answer first (issue 22): net effects with their independent sources and who
disagrees, then the diagram, one compact row per path, and every step's evidence once, the path
rows linking to it. Checked against the same trace's JSON, on the curated data-centre measure."""
from __future__ import annotations

from bs4 import BeautifulSoup

MEASURE = "Limit foreign access to sensitive data centres"


def test_each_steps_evidence_once_and_path_rows_link_to_it(client):
    body = client.get("/trace.json", params={"from": MEASURE, "limit": 10, "paths": 3}).json()
    soup = BeautifulSoup(client.get("/trace", params={"from": MEASURE}).text, "html.parser")
    links = [h["link"] for p in body["paths"] if p["hops"] for h in p["hops"]]
    steps = soup.select("li.hop-evidence")
    assert sorted(li["data-link"] for li in steps) == sorted(set(links))      # each link once, none missing
    assert len(links) > len(steps)                                             # paths do share hops here
    ids = {li["id"] for li in steps}
    rows = soup.select("tr.trace-path")
    assert [r["id"] for r in rows] == [p["id"] for p in body["paths"] if p["hops"]]
    for row, path in zip(rows, [p for p in body["paths"] if p["hops"]]):
        arrows = row.select("a.hop")
        assert len(arrows) == len(path["hops"])
        for a, h in zip(arrows, path["hops"]):
            step = soup.find(id=a["href"][1:])
            assert a["href"][1:] in ids and step["data-link"] == h["link"]
            assert str(h["independent"]) in a.select_one(".n-src").text
            assert path["id"] in [x.text for x in step.select(".on-paths a")]


def test_the_answer_comes_before_the_detail(client):
    html = client.get("/trace", params={"from": MEASURE}).text
    order = [html.index(marker) for marker in ('class="trace-nets"', 'id="who-disagrees"', 'class="trace-diagram"',
                                               'class="trace-paths"', 'id="steps"')]
    assert order == sorted(order)
    soup = BeautifulSoup(html, "html.parser")
    first = soup.select_one("table.trace-nets tbody tr td.target-sources")
    assert first.strong.text == "1" and "Anthropic's paper" in first.text     # the first hop rests on the paper


def test_long_evidence_lists_fold(client):
    """A step stated in more documents than are listed keeps the rest behind "show all"."""
    soup = BeautifulSoup(client.get("/trace", params={"from": MEASURE}).text, "html.parser")
    for step in soup.select("li.hop-evidence"):
        folded = step.select_one("details.more-sources")
        listed = len(step.select("ul.sources > li"))
        line = step.select_one(".step-sources").text
        documents = int(line.split("reported by ")[-1].split()[0]) if "reported by" in line else listed
        assert listed == documents                                  # every document is there, shown or folded
        assert (folded is not None) == (documents > 3)
        assert len(step.select(":scope > details > ul.sources > li")) == min(documents, 3)


def test_steps_fold_when_there_are_many(client):
    """A page with at most 12 steps shows each step's evidence; the curated trace to every target
    has 11 steps. Beyond 12 (a large graph's trace) only the steps' heads are open."""
    soup = BeautifulSoup(client.get("/trace", params={"from": MEASURE}).text, "html.parser")
    steps = soup.select("li.hop-evidence > details")
    assert len(steps) <= 12 and all(d.has_attr("open") for d in steps)
    assert all("source" in d.summary.text for d in steps)      # the head says how many sources back it


def test_every_in_page_link_has_its_anchor(client):
    """Path rows, steps and the net-effect table link to one another, also on a scenario comparison,
    where each side's steps and paths carry its prefix (A-step-1, B-p3)."""
    for params in ({"from": MEASURE}, {"scenario": "id:scenario-2028-restrict", "vs": "id:scenario-2028-no-restrict"}):
        soup = BeautifulSoup(client.get("/trace", params=params).text, "html.parser")
        ids = {e["id"] for e in soup.select("[id]")}
        fragments = {a["href"][1:] for a in soup.select('a[href^="#"]')}
        assert fragments and fragments <= ids, sorted(fragments - ids)[:5]
