"""The app mounted under a path (``Starlette(routes=[Mount("/kg", app=create_app(...))])``):
every link, script, stylesheet, form, redirect, Link header, JSON link, the query editor's
endpoint and the SPARQL service description carry the prefix and resolve under it.
A link built without the URL builder (a template concatenating ``/claims``) fails here."""
from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.routing import Mount

from web.app import create_app

PREFIX = "/kg"
HTML = {"accept": "text/html"}
ATTRIBUTES = ("href", "src", "action", "data-typeahead", "data-cyjs", "data-cytoscape", "data-endpoint",
              "data-examples-url")
PAGES = ["/", "/measures", "/claims", "/id/measure-dc-access-limits", "/trace?from=id:measure-dc-access-limits",
         "/documents", "/sparql"]


@pytest.fixture(scope="module")
def mounted(settings, store):
    app = create_app(settings, store)
    site = Starlette(routes=[Mount(PREFIX, app=app)], lifespan=lambda _: app.router.lifespan_context(app))
    with TestClient(site) as c:
        yield c


def local_urls(html: str) -> set[str]:
    """Every same-host URL a page refers to (links, assets, forms, data attributes), without fragments."""
    soup = BeautifulSoup(html, "lxml")
    found = set()
    for attr in ATTRIBUTES:
        for tag in soup.find_all(attrs={attr: True}):
            url = urldefrag(tag[attr])[0]
            if url and not urlsplit(url).scheme and not url.startswith("//"):
                found.add(url)
    return found


def test_every_url_on_the_pages_carries_the_prefix_and_resolves(mounted):
    seen: set[str] = set()
    for page in PAGES:
        r = mounted.get(PREFIX + page, headers=HTML)
        assert r.status_code == 200, (page, r.text[:300])
        urls = local_urls(r.text)
        assert urls, page
        wrong = sorted(u for u in urls if not u.startswith(PREFIX + "/"))
        assert not wrong, (page, wrong[:10])
        seen |= urls
    for url in sorted(seen):
        r = mounted.get(url, headers=HTML)
        assert r.status_code == 200, (url, r.status_code, r.text[:200])


def test_static_assets_load_under_the_prefix(mounted):
    page = mounted.get(PREFIX + "/", headers=HTML).text
    assets = [u for u in local_urls(page) if "/static/" in u]
    assert any(u.endswith("style.css") for u in assets) and any(u.endswith(".js") for u in assets)
    for url in assets:
        r = mounted.get(url)
        assert r.status_code == 200 and r.content, url
    assert mounted.get("/static/style.css").status_code == 404   # only under the prefix


def test_link_headers_and_json_links_carry_the_prefix(mounted):
    r = mounted.get(PREFIX + "/claims?limit=5", headers={"accept": "application/json"})
    body = r.json()
    assert body["ok"] is True and body["links"]["next"].startswith(PREFIX + "/claims?")
    header_urls = re.findall(r"<([^>]+)>", r.headers["link"])
    assert header_urls and all(u.startswith(PREFIX + "/") for u in header_urls), header_urls
    for url in header_urls:
        assert mounted.get(url).status_code == 200, url
    entity = mounted.get(PREFIX + "/id/anthropic", headers=HTML)
    alternates = re.findall(r"<([^>]+)>", entity.headers["link"])
    assert {urlsplit(u).path for u in alternates} >= {PREFIX + "/id/anthropic.ttl", PREFIX + "/id/anthropic.json"}
    hits = mounted.get(PREFIX + "/search.json", params={"q": "anthropic"}).json()
    assert hits and all(h["url"].startswith(PREFIX + "/") for h in hits)


def test_redirects_and_error_suggestions_stay_under_the_prefix(mounted):
    r = mounted.get(PREFIX + "/claims/", follow_redirects=False)
    assert r.status_code in (301, 307, 308)
    assert urlsplit(r.headers["location"]).path == PREFIX + "/claims"
    r = mounted.get(PREFIX + "/trace", params={"from": "Limit foreign access to"}, headers={"accept": "application/json"})
    suggestions = r.json()["error"]["suggestions"]
    assert suggestions and all(s["url"].startswith(PREFIX + "/") for s in suggestions)


def test_the_query_editor_and_the_service_description_name_the_prefixed_endpoint(mounted):
    editor = BeautifulSoup(mounted.get(PREFIX + "/sparql", headers=HTML).text, "lxml")
    assert editor.select_one("#yasgui")["data-endpoint"] == PREFIX + "/sparql"
    assert mounted.get(editor.select_one("#yasgui")["data-examples-url"]).json()["examples"]
    description = mounted.get(PREFIX + "/sparql", headers={"accept": "text/turtle"}).text
    assert f"<http://testserver{PREFIX}/sparql>" in description
    r = mounted.get(PREFIX + "/sparql", params={"query": "ASK { ?s ?p ?o }"},
                    headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_a_trace_diagram_links_under_the_prefix_it_was_asked_for(mounted, client):
    """Apps on one store share its remembered drawings: a diagram drawn for the mounted app is not
    served to the app at the root (its node links would carry the other prefix), nor the reverse."""
    asked = {"from": "id:measure-dc-access-limits"}
    under = mounted.get(PREFIX + "/trace/diagram.svg", params=asked).text
    plain = client.get("/trace/diagram.svg", params=asked).text
    assert f'xlink:href="{PREFIX}/id/measure-dc-access-limits"' in under
    assert 'xlink:href="/id/measure-dc-access-limits"' in plain and PREFIX + "/id/" not in plain
    again = mounted.get(PREFIX + "/trace/diagram.svg", params=asked).text
    assert f'xlink:href="{PREFIX}/id/measure-dc-access-limits"' in again
