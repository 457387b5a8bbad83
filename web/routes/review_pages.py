"""Growing the graph from the browser: sign in, upload a document (``/documents/new``), review
its proposals (``/documents/<id>/review``). Writes go through ``kg.curation.ingest`` and
``kg.curation.review`` under the data folder's lock and into the store through the app's one
writer (the SPARQL service), so the generation is bumped and every cache refreshes.
"""
from __future__ import annotations

import json
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from kg.pages import textparts
from kg.pages.paging import MAX_LIMIT, check, page
from kg.curation.ingest import Meta, ingest, reconcile_all
from kg.curation import queue
from kg.curation.review import ReviewService
from kg.curation.statements import CLASSES

from web import auth
from web.errors import BadRequest, UnsupportedMediaType
from web.negotiation import page_format
from web.params import OFFSET
from web.templating import page_links, render
from web.urls import urls_for

router = APIRouter(tags=["review"])
FORM_FIELDS = 64
FIELDS = ("label", "entity", "cause", "effect", "polarity", "kind", "class", "value", "min", "max", "unit", "year",
          "claimer", "epistemic_status", "about", "note", "datatype", "type", "date", "measures", "relays")


def _apply(request: Request):
    """The app's one writer: the SPARQL service's update when the app has one, else the store."""
    gateway = getattr(request.app.state, "sparql", None)
    if gateway is not None and hasattr(gateway, "start"):
        return lambda text: gateway.start().update(text)
    return request.app.state.store.update


def _service(request: Request) -> ReviewService:
    state = request.app.state
    if not getattr(state, "review_reconciled", False):
        reconcile_all(state.settings)
        state.review_reconciled = True
    return ReviewService(state.settings, apply=_apply(request), store=state.store)


def _signed_in(request: Request):
    try:
        return auth.session(request)
    except auth.Forbidden:
        return None


@router.get("/login", summary="Sign in with the update token")
def login_form(request: Request, next: str = "/documents") -> Response:
    return render(request, "review_login.html", {"next": _safe_next(next), "writes": bool(request.app.state.settings.update_token)})


@router.post("/login", include_in_schema=False)
async def login(request: Request) -> Response:
    form = await _small_form(request)
    response = RedirectResponse(urls_for(request).path(_safe_next(_text(form, "next") or "/documents")),
                                status_code=303)
    auth.login(request, response, _text(form, "token"), _text(form, "name"))
    return response


@router.post("/logout", include_in_schema=False)
async def logout(request: Request) -> Response:
    auth.admit(request)
    form = await _small_form(request)
    response = RedirectResponse(urls_for(request).document(), status_code=303)
    auth.logout(request, response, _text(form, "csrf"))
    return response


def _safe_next(target: str) -> str:
    """A path of this app (the mount prefix is put before it), never another site's."""
    ok = target.startswith("/") and not target.startswith("//") and "\\" not in target
    return target if ok and target.isprintable() else "/documents"


async def _small_form(request: Request):
    return await request.form(max_files=0, max_fields=FORM_FIELDS)


def _text(form, key: str) -> str:
    """A text field of a form ('' when absent); a file where text belongs is refused (400)."""
    value = form.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRequest(f"the field {key!r} is text, not a file")
    return value


@router.get("/documents/new", summary="Upload a document for review")
def upload_form(request: Request) -> Response:
    who = _signed_in(request)
    if who is None:
        return RedirectResponse(urls_for(request).path("/login?next=/documents/new"), status_code=303)
    s = request.app.state.settings
    return render(request, "ingest_new.html", {"csrf": who.csrf, "reviewer": who.name, "max_bytes": s.max_upload_bytes})


@router.post("/documents/new", include_in_schema=False)
async def upload(request: Request) -> Response:
    settings = request.app.state.settings
    auth.admit(request)   # before the body: web.limits caps it as it arrives
    form = await request.form(max_files=1, max_fields=FORM_FIELDS)
    who = auth.require(request, _text(form, "csrf"))
    upload = form.get("file")
    if upload is None or not hasattr(upload, "read"):
        raise BadRequest("no file in the form (field 'file')")
    data = await upload.read(settings.max_upload_bytes + 1)
    meta = Meta(*(str(form.get(k) or "").strip() or None for k in ("title", "publisher", "published", "url")))
    svc = _service(request)
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(ingest, settings, upload.filename or "upload", data, meta,
                                     store=request.app.state.store, apply=svc.apply)
    if page_format(request) == "json":
        return Response(json.dumps({"ok": True, **result.to_json(), "reviewer": who.name}),
                        media_type="application/json", status_code=201)
    return RedirectResponse(urls_for(request).document(result.id) + "/review", status_code=303)


@router.get("/documents/{ident}/review", summary="Review a document's proposed statements")
@router.get("/documents/{ident}/review.json", include_in_schema=False)
def review_page(ident: str, request: Request, offset: int = OFFSET,
                limit: int = Query(queue.PAGE, ge=1, le=MAX_LIMIT, description="Proposals per page"),
                part: int | None = Query(None, ge=0, le=10_000_000, description="Part of the document's text shown "
                                         "(default: the part holding the first proposal of this page)")) -> Response:
    """One page of the document's proposals in review order (``offset``, ``limit``: like every
    list), one part of the text marked with the page's proposals (``part``, ``kg.pages.textparts``),
    and the whole document's counts."""
    svc = _service(request)
    view = svc.view(ident)
    text = svc.corpus.text(view["file"])
    who = _signed_in(request)
    everything = view["proposals"]
    check(offset, limit)
    shown, paging = queue.page(everything, offset, limit), page(len(everything), offset, limit)
    page_rows = [p for g in shown for p in g["proposals"]]
    marks = [{"id": p["id"], "start": p["start"], "end": p["end"]} for p in sorted(page_rows, key=lambda p: p["start"])]
    counts = {s: sum(1 for p in everything if p["status"] == s) for s in ("proposed", "accepted", "rejected")}
    if part is None:
        part = textparts.part_of(text, page_rows[0]["start"]) if page_rows else 0
    shown_part = textparts.part(text, marks, part)
    parts = {p["id"]: textparts.part_of(text, p["start"]) for p in page_rows}
    text_part = {k: v for k, v in shown_part.items() if k != "segments"}
    links = page_links(request, paging, drop=("part",))   # another page shows its own first proposal's part
    context = {**view, "proposals": page_rows, **paging, "links": links, "text_part": text_part}
    return render(request, "review.html", context, paging=paging, view={
        "segments": shown_part["segments"], "by_id": {p["id"]: p for p in page_rows}, "counts": counts,
        "signed_in": who, "csrf": who.csrf if who else "", "text_length": len(text), "groups": shown,
        "classes": sorted(CLASSES), "part_of": parts, "part_url": lambda k: _with_part(request, k)})


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@router.post("/documents/{ident}/review", include_in_schema=False)
async def review_action(ident: str, request: Request) -> Response:
    auth.admit(request)   # before the body
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in FORM_TYPES:         # a JSON or text body would read as a form with no action
        raise UnsupportedMediaType(f"cannot read a {media or 'typeless'} body; send a form ({FORM_TYPES[0]})")
    form = await request.form(max_files=0, max_fields=FORM_FIELDS)
    who = auth.require(request, _text(form, "csrf"))
    action = _text(form, "action")
    pids = [str(v) for v in form.getlist("pid") if str(v).strip()]
    pid = pids[0] if pids else ""
    svc = _service(request)
    changes = {}
    for key in FIELDS:
        value = form.get(key)
        if value is not None and str(value).strip() != "":
            changes[key] = str(value).strip()        # checked by the core (kg.curation.values)
    from starlette.concurrency import run_in_threadpool

    def group(name: str) -> list[str]:
        try:
            return queue.in_group(svc.view(ident)["proposals"], name)
        except ValueError as exc:
            raise BadRequest(str(exc)) from exc

    actions = {
        "accept": lambda: svc.accept(ident, pids, who.name),
        "reject": lambda: svc.reject(ident, pids, who.name),
        "never": lambda: svc.never(ident, pids, who.name),
        "undo": lambda: [svc.undo(ident, x, who.name) for x in pids],
        "accept_exact": lambda: svc.accept(ident, group("mention"), who.name),
        "reject_rest": lambda: svc.reject(ident, group(_text(form, "group")), who.name),
        "edit": lambda: svc.edit(ident, pid, changes, who.name),
        "merge": lambda: svc.merge(ident, pid, changes.get("entity", ""), who.name),
        "add": lambda: svc.add(ident, _int(form.get("start")), _int(form.get("end")), changes.pop("kind", "mention"),
                               changes, who.name),
        "done": lambda: svc.done(ident, who.name),
    }
    if action not in actions:
        raise BadRequest(f"unknown action {action!r} ({', '.join(actions)})")
    if action in ("accept", "reject", "never", "undo", "edit", "merge") and not pids:
        raise BadRequest(f"{action}: no proposal chosen (field 'pid')")
    result = await run_in_threadpool(actions[action])
    if action == "add":
        pid = result["id"]
    if page_format(request) == "json":
        return Response(json.dumps({"ok": True, "result": result}, ensure_ascii=False), media_type="application/json")
    anchor = "#status" if action == "done" else f"#row-{pid}" if pid else "#proposals"
    query = request.url.query          # the page the form was on (offset, limit)
    return RedirectResponse(urls_for(request).document(ident) + "/review" + (f"?{query}" if query else "") + anchor,
                            status_code=303)


def _with_part(request: Request, k: int | None) -> str:
    """This review page (same proposals page) showing part ``k`` of the text (None: the part of
    its first proposal), at the text."""
    params = {key: v for key, v in request.query_params.items() if key != "part"}
    if k is not None:
        params["part"] = str(k)
    return urls_for(request).here(request) + (f"?{urlencode(params)}" if params else "") + "#text"


def _int(value) -> int:
    try:
        return int(str(value))
    except ValueError as exc:
        raise BadRequest(f"not a character offset: {value!r}") from exc
