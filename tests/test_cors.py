"""Cross-origin access is an allow-list: none by default, listed origins (or *) on every route."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from web.app import create_app
from web.cors import parse_origins

ALLOWED = "https://yasgui.example.org"
QUERY = {"query": "ASK { ?s ?p ?o }"}
JSON = {"accept": "application/sparql-results+json"}


@pytest.fixture()
def cors_client(settings, store):
    with TestClient(create_app(settings.replace(cors_origins=f"{ALLOWED}, http://localhost:3000"), store)) as c:
        yield c


def test_no_cors_headers_by_default(client):
    r = client.get("/sparql", params=QUERY, headers={**JSON, "origin": ALLOWED})
    assert r.status_code == 200
    assert not any(h.startswith("access-control-") for h in r.headers)
    pre = client.options("/sparql", headers={"origin": ALLOWED, "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in pre.headers


def test_listed_origin_reads_sparql_and_pages(cors_client):
    r = cors_client.get("/sparql", params=QUERY, headers={**JSON, "origin": ALLOWED})
    assert r.status_code == 200 and r.json()["boolean"] is True
    assert r.headers["access-control-allow-origin"] == ALLOWED
    assert "Origin" in r.headers["vary"] and "Accept" in r.headers["vary"]   # both kept
    assert "X-KG-Truncated" in r.headers["access-control-expose-headers"]
    page = cors_client.get("/search.json", params={"q": "nvidia"}, headers={"origin": "http://localhost:3000"})
    assert page.headers["access-control-allow-origin"] == "http://localhost:3000"


def test_preflight_for_a_listed_origin(cors_client):
    r = cors_client.options("/sparql", headers={"origin": ALLOWED, "access-control-request-method": "POST",
                                               "access-control-request-headers": "content-type"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "Content-Type" in r.headers["access-control-allow-headers"]


def test_other_origins_get_no_access(cors_client):
    r = cors_client.get("/sparql", params=QUERY, headers={**JSON, "origin": "https://evil.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = cors_client.options("/sparql", headers={"origin": "https://evil.example",
                                                 "access-control-request-method": "POST"})
    assert pre.status_code == 403
    assert "access-control-allow-origin" not in pre.headers
    error = pre.json()["error"]
    assert error["status"] == 403 and "https://evil.example" in error["message"]


def test_star_allows_any_origin(settings, store):
    with TestClient(create_app(settings.replace(cors_origins="*"), store)) as c:
        r = c.get("/sparql", params=QUERY, headers={**JSON, "origin": "https://anywhere.example"})
        assert r.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("bad", ["ftp://x.example", "https://a.example/path", "yasgui.example.org"])
def test_a_bad_origin_is_an_error_naming_it(bad, settings, store, runner):
    with pytest.raises(ValueError, match="not an origin"):
        parse_origins(f"https://ok.example, {bad}")
    with pytest.raises(ValueError, match="KG_CORS_ORIGINS"):
        create_app(settings.replace(cors_origins=bad), store)
    from kg.cli import main

    result = runner.invoke(main, ["serve", "--store", "memory", "--cors-origin", bad])
    assert result.exit_code == 2 and "not an origin" in result.output and bad in result.output


def test_trailing_slash_and_spaces_are_tolerated():
    assert parse_origins(" https://a.example/ ,http://localhost:3000") == {"https://a.example", "http://localhost:3000"}
    assert parse_origins("") == frozenset()


def test_a_huge_or_hostile_origin_is_refused_with_a_short_escaped_message(cors_client):
    hostile = "https://x.example/<script>alert(1)</script>" + "a" * 100_000
    pre = cors_client.options("/sparql", headers={"origin": hostile, "access-control-request-method": "GET"})
    assert pre.status_code == 403 and pre.headers["content-type"] == "application/json"
    message = pre.json()["error"]["message"]
    assert len(message) < 1000 and "https://x.example/<script>" in message
    r = cors_client.get("/sparql", params=QUERY, headers={**JSON, "origin": hostile})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
