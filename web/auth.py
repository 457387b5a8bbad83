"""Who may write: the update token (``KG_UPDATE_TOKEN``, as for SPARQL Update) exchanged at
``/login`` for a session cookie, and a CSRF token on every form.

The session cookie holds the reviewer's name, an expiry and the session's CSRF token, signed
with HMAC-SHA256 under a key derived from the update token (so changing the token ends every
session, and a restart keeps them). It is HttpOnly and SameSite=Strict. A write needs the
session and the form's ``csrf`` field equal to the session's; a script may instead send
``Authorization: Bearer TOKEN`` (no cookie, so no CSRF) and name itself in ``X-Reviewer``.
With no update token set, writing is off and every write is refused (403).

Write routes call ``admit`` before they read a body (so a client without credentials is
refused after its headers), then ``require`` with the form's CSRF field. Signing out needs
the CSRF field too and puts the session's id on the server's revocation list
(``web.signout``): the cookie stops working at once, not at its expiry. The cookie's path is
the app's mount prefix.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

from fastapi import Request
from starlette.responses import Response

from web.errors import Forbidden, Unauthorized
from web.urls import urls_for

COOKIE = "kg_session"
MAX_AGE = 12 * 3600


@dataclass
class Session:
    name: str
    csrf: str                  # also the session's id: signing out revokes it
    by_token: bool = False
    expires: float = 0.0


def _key(token: str) -> bytes:
    return hashlib.sha256(b"policy-kg session\0" + token.encode()).digest()


def _token(request: Request) -> str:
    return request.app.state.settings.update_token


def make_cookie(token: str, name: str) -> str:
    payload = base64.urlsafe_b64encode(json.dumps({"n": name, "e": int(time.time()) + MAX_AGE,
                                                   "c": secrets.token_urlsafe(24)}).encode()).decode()
    sig = hmac.new(_key(token), payload.encode(), hashlib.sha256).hexdigest()
    return f"{payload}.{sig}"


def same(given: str, expected: str) -> bool:
    """Constant-time equality of two texts of any characters (``compare_digest`` on ``str``
    raises for non-ASCII: a cookie or form field is compared as UTF-8 bytes)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape"))


def read_cookie(token: str, value: str | None, revoked=None) -> Session | None:
    """The session a cookie holds; None when it is missing, forged, expired or signed out
    (``revoked``: a ``kg.core`` revocation list, or anything with ``in``)."""
    if not token or not value or "." not in value:
        return None
    payload, sig = value.rsplit(".", 1)
    if not same(sig, hmac.new(_key(token), payload.encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
        expires, csrf = float(data.get("e", 0)), str(data.get("c"))
    except (ValueError, TypeError, AttributeError):
        return None
    if expires < time.time() or (revoked is not None and csrf in revoked):
        return None
    return Session(str(data.get("n") or "reviewer"), csrf, expires=expires)


def _revoked(request: Request):
    return getattr(request.app.state, "signed_out", None)


def bearer(request: Request) -> bool:
    """The one check of ``Authorization: Bearer <update token>`` (review writes and SPARQL Update):
    True when the request carries the token, False when it carries no bearer credentials; 403 when
    it carries other ones, or any while writing is off."""
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    token = _token(request)
    if not token or not same(credentials.strip(), token):
        raise Forbidden("wrong update token")
    return True


def session(request: Request) -> Session | None:
    """The signed-in reviewer, if any (cookie, or a bearer token for scripts)."""
    token = _token(request)
    if not token:
        return None
    if bearer(request):
        return Session(request.headers.get("x-reviewer", "api")[:80], "", by_token=True)
    return read_cookie(token, request.cookies.get(COOKIE), _revoked(request))


def admit(request: Request) -> Session:
    """Who is writing, checked from the headers alone, before a byte of the body is read:
    403 when writing is off or the bearer token is wrong, 401 without a session."""
    if not _token(request):
        raise Forbidden("writing is off: start the server with --update-token (or KG_UPDATE_TOKEN)")
    found = session(request)
    if found is None:
        raise Unauthorized("sign in first (/login) with the update token")
    return found


def require(request: Request, csrf: str | None = None, *, form: bool = True) -> Session:
    """The reviewer of a write; 403 when writing is off or the CSRF token is wrong, 401 without a session."""
    found = admit(request)
    if form and not found.by_token and not (csrf and same(csrf, found.csrf)):
        raise Forbidden("missing or wrong CSRF token: reload the form and try again")
    return found


def login(request: Request, response: Response, token: str, name: str) -> None:
    expected = _token(request)
    if not expected:
        raise Forbidden("writing is off: start the server with --update-token (or KG_UPDATE_TOKEN)")
    if not same(token, expected):
        raise Forbidden("wrong update token")
    name = " ".join(name.split())[:80] or "reviewer"
    response.set_cookie(COOKIE, make_cookie(expected, name), max_age=MAX_AGE, httponly=True, samesite="strict",
                        path=cookie_path(request))


def logout(request: Request, response: Response, csrf: str | None) -> None:
    """End the session on the server too (its id goes on the revocation list), so a copy of
    the cookie stops working; needs the session's CSRF token, so no other site can post it."""
    found = require(request, csrf)
    revoked = _revoked(request)
    if not found.by_token and revoked is not None:
        revoked.add(found.csrf, found.expires)
    response.delete_cookie(COOKIE, path=cookie_path(request), httponly=True, samesite="strict")


def cookie_path(request: Request) -> str:
    """The session cookie is sent to this app only: its path is the mount prefix (or ``/``)."""
    return urls_for(request).path("/")
