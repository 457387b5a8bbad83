"""The one negotiation module, rule by rule (written for the mutants that survived the page tests)."""
from __future__ import annotations

import pytest
from starlette.requests import Request

from web import negotiation as n


def request(path: str = "/x", accept: str | None = None) -> Request:
    headers = [(b"accept", accept.encode())] if accept is not None else []
    return Request({"type": "http", "method": "GET", "path": path, "headers": headers, "query_string": b""})


def test_accept_ranges_order_by_q_then_position_and_drop_q0():
    assert n.accept_ranges("text/html;q=0.5, application/json, text/turtle;q=0.9") == (
        "application/json", "text/turtle", "text/html")
    assert n.accept_ranges("a/b;q=0, c/d") == ("c/d",)
    assert n.accept_ranges("A/B;Q=0.2, c/d;q=0.2") == ("a/b", "c/d")      # ties keep their order, names fold case
    assert n.accept_ranges("x/y;q=oops, z/w") == ("z/w",)                   # an unreadable q counts as 0
    assert n.accept_ranges("x/y;level=1;q=0.3, ,z/w") == ("z/w", "x/y")     # empty parts are skipped
    assert n.accept_ranges("x/y;q=1") == ("x/y",)
    assert n.accept_ranges("x/y;q=0.001") == ("x/y",)


@pytest.mark.parametrize("table, accept, expected", [
    (n.PAGE, None, "html"), (n.PAGE, "  ", "html"), (n.PAGE, "*/*", "html"),
    (n.PAGE, "text/html", "html"), (n.PAGE, "application/xhtml+xml", "html"),
    (n.PAGE, "application/json", "json"), (n.PAGE, "application/*", "json"), (n.PAGE, "text/*", "html"),
    (n.PAGE, "image/png", None), (n.PAGE, "image/*", None),
    (n.ERROR, None, "json"), (n.ERROR, "*/*", "json"), (n.ERROR, "text/html", "html"),
    (n.ERROR, "application/xhtml+xml", "html"), (n.ERROR, "application/json", "json"),
    (n.ENTITY, "*/*", "html"), (n.ENTITY, "text/turtle", "ttl"), (n.ENTITY, "application/x-turtle", "ttl"),
    (n.ENTITY, "text/n3", "ttl"), (n.ENTITY, "application/trig", "trig"), (n.ENTITY, "application/ld+json", "jsonld"),
    (n.ENTITY, "application/json", "json"), (n.ENTITY, "application/*", "jsonld"),
    (n.ENTITY, "application/xhtml+xml", "html"), (n.ENTITY, "text/html", "html"),
    (n.ENTITY, "image/png, text/turtle;q=0.5", "ttl"),
])
def test_negotiate_picks_from_each_table(table, accept, expected):
    assert n.negotiate(accept, table) == expected


def test_wildcard_only():
    assert n.wildcard_only(None) and n.wildcard_only("") and n.wildcard_only("*/*") and n.wildcard_only("*/*, */*;q=0.5")
    assert not n.wildcard_only("text/html") and not n.wildcard_only("*/*, text/html;q=0.1")


def test_choose_prefers_the_suffix_and_refuses_with_the_served_types():
    assert n.choose(request(accept="text/html"), "ttl") == "ttl"
    assert n.choose(request(accept="text/turtle")) == "ttl"
    with pytest.raises(n.NotAcceptable) as err:
        n.choose(request(accept="image/png"))
    assert "image/png" in str(err.value) and "text/html, application/ld+json" in str(err.value)


def test_page_and_error_formats():
    assert n.page_format(request("/claims.json", "text/html")) == "json"
    assert n.page_format(request("/claims", "text/html")) == "html"
    assert n.page_format(request("/claims", "application/json")) == "json"
    with pytest.raises(n.NotAcceptable):
        n.page_format(request("/claims", "image/png"))
    assert n.error_format(request("/id/x.json", "text/html")) == "json"
    assert n.error_format(request("/id/x", "text/html")) == "html"
    assert n.error_format(request("/id/x", "image/png")) == "json"
    assert n.error_format(request("/id/x")) == "json"


def test_wants_image_looks_at_the_best_specific_range():
    assert n.wants_image(request(accept="image/avif,image/webp,*/*"))
    assert n.wants_image(request(accept="*/*, image/png"))
    assert not n.wants_image(request(accept="text/html, image/png"))
    assert not n.wants_image(request(accept="*/*"))
    assert not n.wants_image(request())


def test_split_suffix():
    assert n.split_suffix("measure-x.ttl") == ("measure-x", "ttl")
    assert n.split_suffix("measure-x.jsonld") == ("measure-x", "jsonld")
    assert n.split_suffix("doc/001.json") == ("doc/001", "json")
    assert n.split_suffix("measure-x.trig") == ("measure-x", "trig")
    assert n.split_suffix("measure-x") == ("measure-x", None)
    assert set(n.SUFFIXES) == {".ttl", ".jsonld", ".trig", ".json"}
    assert n.FORMATS["html"] == ("text/html", "")


def test_each_entity_form_is_announced_with_its_media_type():
    assert n.FORMATS == {"html": ("text/html", ""), "ttl": ("text/turtle", ".ttl"),
                         "jsonld": ("application/ld+json", ".jsonld"), "trig": ("application/trig", ".trig"),
                         "json": ("application/json", ".json")}
