"""Who may write: the update token (``KG_UPDATE_TOKEN``, as for SPARQL Update) exchanged at
``/login`` for a session cookie, and a CSRF token on every form.

The session cookie holds the reviewer's name, an expiry and the session's CSRF token, signed
with HMAC-SHA256 under a key derived from the update token (so changing the token ends every
session, and a restart keeps them). It is HttpOnly and SameSite=Strict. A write needs the
session and the form's ``csrf`` field equal to the session's; a script may instead send
``Authorization: Bearer TOKEN`` (no cookie, so no CSRF) and name itself in ``X-Reviewer``.
With no update token set, writing is off and every write is refused (403).
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

COOKIE = "kg_session"
MAX_AGE = 12 * 3600


@dataclass
class Session:
    name: str
    csrf: str
    by_token: bool = False


def _key(token: str) -> bytes:
    return hashlib.sha256(b"policy-kg session\0" + token.encode()).digest()


def _token(request: Request) -> str:
    return request.app.state.settings.update_token


def make_cookie(token: str, name: str) -> str:
    payload = base64.urlsafe_b64encode(json.dumps({"n": name, "e": int(time.time()) + MAX_AGE,
                                                   "c": secrets.token_urlsafe(24)}).encode()).decode()
    sig = hmac.new(_key(token), payload.encode(), hashlib.sha256).hexdigest()
    return f"{payload}.{sig}"


def read_cookie(token: str, value: str | None) -> Session | None:
    if not token or not value or "." not in value:
        return None
    payload, sig = value.rsplit(".", 1)
    if not hmac.compare_digest(sig, hmac.new(_key(token), payload.encode(), hashlib.sha256).hexdigest()):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode()))
    except ValueError:
        return None
    if data.get("e", 0) < time.time():
        return None
    return Session(str(data.get("n") or "reviewer"), str(data.get("c")))


def session(request: Request) -> Session | None:
    """The signed-in reviewer, if any (cookie, or a bearer token for scripts)."""
    token = _token(request)
    if not token:
        return None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        if hmac.compare_digest(auth[7:].strip().encode(), token.encode()):
            return Session(request.headers.get("x-reviewer", "api")[:80], "", by_token=True)
        raise Forbidden("wrong update token")
    return read_cookie(token, request.cookies.get(COOKIE))


def require(request: Request, csrf: str | None = None, *, form: bool = True) -> Session:
    """The reviewer of a write; 403 when writing is off or the CSRF token is wrong, 401 without a session."""
    if not _token(request):
        raise Forbidden("writing is off: start the server with --update-token (or KG_UPDATE_TOKEN)")
    found = session(request)
    if found is None:
        raise Unauthorized("sign in first (/login) with the update token")
    if form and not found.by_token and not (csrf and hmac.compare_digest(csrf, found.csrf)):
        raise Forbidden("missing or wrong CSRF token: reload the form and try again")
    return found


def login(request: Request, response: Response, token: str, name: str) -> None:
    expected = _token(request)
    if not expected:
        raise Forbidden("writing is off: start the server with --update-token (or KG_UPDATE_TOKEN)")
    if not hmac.compare_digest(token.encode(), expected.encode()):
        raise Forbidden("wrong update token")
    name = " ".join(name.split())[:80] or "reviewer"
    response.set_cookie(COOKIE, make_cookie(expected, name), max_age=MAX_AGE, httponly=True, samesite="strict",
                        path="/")


def logout(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/")
