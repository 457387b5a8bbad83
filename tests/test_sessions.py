"""Sessions and forms that fail typed, never 500: non-ASCII cookie signatures and CSRF fields,
signing out on the server (a copied cookie stops working) with a CSRF token, redirects and the
cookie's path under a mount prefix."""
from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.routing import Mount

from web.app import create_app

TOKEN = "sessions-token"
JSON = {"accept": "application/json"}


@pytest.fixture()
def app(settings, store, tmp_path):
    return create_app(settings.replace(update_token=TOKEN, store_path=str(tmp_path / "store")), store)


def sign_in(c: TestClient, prefix: str = "") -> str:
    r = c.post(prefix + "/login", data={"token": TOKEN, "name": "Ines", "next": "/documents"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r


def csrf_of(c: TestClient, prefix: str = "") -> str:
    page = c.get(prefix + "/documents/new", headers={"accept": "text/html"})
    assert page.status_code == 200, page.text[:300]
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


@pytest.mark.parametrize("cookie", ["e30.\u00e9\u00e9\u00e9", "\u00e9.\u00e9", "abc.d\u0101f", "e30=.x"])
def test_a_forged_non_ascii_cookie_is_401_not_500(app, cookie):
    with TestClient(app, raise_server_exceptions=False) as c:
        raw = {"cookie": ("kg_session=" + cookie).encode("utf-8")}   # sent as UTF-8 bytes
        r = c.post("/documents/new", data={"csrf": "x"}, headers={**JSON, **raw})
        assert r.status_code == 401 and r.json()["error"]["status"] == 401, r.text
        assert c.get("/documents/new", headers=raw, follow_redirects=False).status_code == 303   # to sign in


@pytest.mark.parametrize("csrf", ["\u00e9t\u00e9", "\u2603" * 40, "", "a" * 10_000])
def test_a_wrong_or_non_ascii_csrf_field_is_403_not_500(app, csrf):
    with TestClient(app, raise_server_exceptions=False) as c:
        sign_in(c)
        r = c.post("/documents/whatever/review", data={"action": "done", "csrf": csrf}, headers=JSON)
        assert r.status_code == 403 and "CSRF" in r.json()["error"]["message"], r.text


def test_a_bearer_token_of_any_characters_is_403_not_500(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/documents/x/review", data={"action": "done"},
                   headers={**JSON, "authorization": "Bearer t\u00f6ken".encode()})
        assert r.status_code == 403, r.text


def test_signing_out_ends_the_session_on_the_server_and_needs_the_csrf_token(app):
    with TestClient(app, raise_server_exceptions=False) as c:
        sign_in(c)
        csrf = csrf_of(c)
        cookie = c.cookies.get("kg_session")
        # a cross-site form cannot know the CSRF token: the sign-out is refused, the session lives
        r = c.post("/logout", data={}, headers=JSON, follow_redirects=False)
        assert r.status_code == 403
        assert csrf_of(c) == csrf
        r = c.post("/logout", data={"csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303
    with TestClient(app, raise_server_exceptions=False) as other:   # the copied cookie, replayed
        other.cookies.set("kg_session", cookie)
        r = other.post("/documents/x/review", data={"action": "done", "csrf": csrf}, headers=JSON)
        assert r.status_code == 401, r.text
        assert other.get("/documents/new", follow_redirects=False).status_code == 303


def test_a_signed_out_session_stays_out_after_a_restart(settings, store, tmp_path):
    s = settings.replace(update_token=TOKEN, store_path=str(tmp_path / "store"))
    with TestClient(create_app(s, store)) as c:
        sign_in(c)
        csrf, cookie = csrf_of(c), c.cookies.get("kg_session")
        assert c.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    with TestClient(create_app(s, store)) as c:
        c.cookies.set("kg_session", cookie)
        assert c.get("/documents/new", follow_redirects=False).status_code == 303


def test_under_a_mount_prefix_redirects_and_the_cookie_stay_in_the_app(app):
    site = Starlette(routes=[Mount("/kg", app=app)])
    with TestClient(site) as c:
        r = c.get("/kg/documents/new", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/kg/login?"), r.headers
        r = c.post("/kg/login", data={"token": TOKEN, "name": "Ines", "next": "/documents/new"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/kg/documents/new", r.headers
        assert re.search(r"(?i)path=/kg/(;|$)", r.headers["set-cookie"]), r.headers["set-cookie"]
        csrf = csrf_of(c, "/kg")
        r = c.post("/kg/logout", data={"csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/kg/")


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example", "https://evil.example/", "/a\nb"])
def test_login_never_redirects_off_the_app(app, target):
    with TestClient(app) as c:
        r = c.post("/login", data={"token": TOKEN, "name": "x", "next": target}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/documents", r.headers
