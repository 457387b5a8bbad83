"""Bad input everywhere outside the SPARQL endpoint: malformed, hostile and huge requests to
every browsing, trace and export route, and wrong arguments to every non-query CLI command.

Each must get a 4xx in the one JSON error shape (or the HTML error page for browsers) whose
message names the problem: never a 500, a traceback, unescaped input, or a changed store.
"""
from __future__ import annotations

import gc
import http.client
import shutil
from urllib.parse import quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from markupsafe import escape

from kg.store.build import counts, open_store
from kg.cli import main
from kg.core.settings import PROJECT_ROOT, Settings
from kg.store import disk_store
from live_server import live_server
from waiting import read_by_peer, wait_for

MEASURE = "id:measure-dc-access-limits"
HTML = {"accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}
JSON = {"accept": "application/json"}
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
INJECT = "x> } ; DROP ALL ; #"
HOSTILE = [SCRIPT, IMG, INJECT, "a b", 'a"b', "a\nb", "<http://x/a>", "http://x/a b", "id:", "'; --"]


def error_of(r, status: int, *needles: str) -> str:
    """Assert ``r`` is the one JSON error shape with ``status`` and return its message."""
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json"), r.headers["content-type"]
    body = r.json()
    assert body["ok"] is False and body["error"]["status"] == status and body["error"]["title"]
    message = body["error"]["message"]
    for needle in needles:
        assert needle in message, (needle, message)
    assert "Traceback" not in r.text
    return message


def html_error(r, status: int) -> BeautifulSoup:
    assert r.status_code == status, (r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    for raw in (SCRIPT, "<img src=x"):
        assert raw not in r.text, f"unescaped {raw!r} in the error page"
    soup = BeautifulSoup(r.text, "lxml")
    assert soup.select_one("h1").text.startswith(str(status))
    assert soup.select_one(".error-message").text.strip()
    return soup


@pytest.fixture(scope="module")
def quads(store) -> int:
    return len(store)


def q(text: str) -> str:
    return quote(text, safe="")


# -- unknown entities and hostile names: 404 naming what was asked for -----------------------
ROUTES_NAMING = [
    "/id/{x}", "/id/{x}.ttl", "/id/{x}.json", "/resource?iri={x}", "/resource.ttl?iri={x}", "/documents/{x}",
    "/timeline?actor={x}", "/kinds/{x}", "/trace?from={x}", "/trace?to={x}", "/trace?from=" + MEASURE + "&to={x}",
    "/trace?scenario={x}&vs={x}", "/export?focus={x}", "/export?trace={x}", "/export?trace=" + MEASURE + "&to={x}",
]


@pytest.mark.parametrize("route", ROUTES_NAMING)
@pytest.mark.parametrize("name", HOSTILE + ["nothing-called-this"], ids=repr)
def test_unknown_and_hostile_names_are_404_naming_them(client, route, name):
    r = client.get(route.format(x=q(name)), headers=JSON)
    message = error_of(r, 404)
    shown = name.strip()
    # the message names the input (an /id/ path is shown as the IRI it stands for)
    assert shown.split("\n")[0] in message or repr(shown)[1:-1] in message, message


HTML_ROUTES = [r for r in ROUTES_NAMING if not urlsplit(r).path.endswith(".json")]
JSON_ROUTES = [r for r in ROUTES_NAMING if urlsplit(r).path.endswith(".json")]


@pytest.mark.parametrize("route", HTML_ROUTES)
@pytest.mark.parametrize("name", [SCRIPT, IMG], ids=["script", "img"])
def test_hostile_names_come_back_escaped_in_the_html_error_page(client, route, name):
    path = route.format(x=q(name))
    r = client.get(path, headers=HTML)
    soup = html_error(r, 404)
    assert name in soup.select_one(".error-message").text       # shown, as text
    assert str(escape(name)) in r.text                           # as Jinja escapes it


@pytest.mark.parametrize("route", JSON_ROUTES)
@pytest.mark.parametrize("name", [SCRIPT, IMG], ids=["script", "img"])
def test_hostile_names_in_a_json_form_stay_json_whatever_the_accept_header(client, route, name):
    """The ``.json`` form answers JSON even to a browser's Accept: the name is a JSON string,
    never markup a browser would render."""
    r = client.get(route.format(x=q(name)), headers=HTML)
    message = error_of(r, 404)
    assert name in message
    assert "<html" not in r.text.lower() and "<!doctype" not in r.text.lower()


@pytest.mark.parametrize("route", ["/search?q={x}", "/trace?from={x}", "/export?focus={x}", "/timeline?actor={x}"])
def test_sparql_injection_in_names_changes_nothing(client, store, quads, route):
    for attempt in (INJECT, "x> } ; CLEAR ALL ; <x", '" } ; DROP ALL ; #', "?s ?p ?o } #"):
        r = client.get(route.format(x=q(attempt)), headers=JSON)
        assert r.status_code in (200, 404), r.text[:300]
        assert "Traceback" not in r.text
    assert len(store) == quads


def test_search_escapes_the_query_on_the_page(client):
    for name in (SCRIPT, IMG):
        r = client.get("/search?q=" + q(name), headers=HTML)
        assert r.status_code == 200 and SCRIPT not in r.text and "<img src=x" not in r.text
        assert BeautifulSoup(r.text, "lxml").select_one("input[name=q]")["value"] == name


# -- non-UTF-8 percent-encodings and IRIs a query cannot hold --------------------------------
@pytest.mark.parametrize("path", ["/id/%ff", "/id/%ff%fe.ttl", "/id/a%ffb.json", "/resource?iri=http://x/%ff",
                                  "/resource?iri=http%3A%2F%2Fx%2Fa%20b", "/resource.json?iri=http://x/%ff",
                                  "/trace?from=http://x/%ff", "/trace?to=http://x/%ff", "/export?focus=http://x/%ff",
                                  "/export?trace=http://x/%ff", "/timeline?actor=http://x/%ff", "/timeline?actor=%ff",
                                  "/documents/%ff", "/kinds/%ff", "/trace?scenario=%ff&vs=%fe"])
def test_undecodable_or_invalid_iris_are_404_not_500(client, path):
    error_of(client.get(path, headers=JSON), 404)
    if not urlsplit(path).path.endswith(".json"):
        html_error(client.get(path, headers=HTML), 404)


def test_search_survives_undecodable_bytes(client):
    r = client.get("/search?q=%ff%fe", headers=JSON)
    assert r.status_code == 200 and r.json() == []


# -- out-of-range and malformed numbers: 400 naming the parameter ----------------------------
@pytest.mark.parametrize("path,param", [
    ("/trace?from=" + MEASURE + "&max_depth=0", "max_depth"),
    ("/trace?from=" + MEASURE + "&max_depth=13", "max_depth"),
    ("/trace?from=" + MEASURE + "&max_depth=99999999999999999999999", "max_depth"),
    ("/trace?from=" + MEASURE + "&max_depth=1e3", "max_depth"),
    ("/trace?from=" + MEASURE + "&min_support=-1", "min_support"),
    ("/trace?from=" + MEASURE + "&min_support=101", "min_support"),
    ("/trace?from=" + MEASURE + "&path_cap=0", "path_cap"),
    ("/trace?from=" + MEASURE + "&max_depth=%ff", "max_depth"),
    ("/export?focus=id:anthropic&depth=-1", "depth"),
    ("/export?focus=id:anthropic&depth=99", "depth"),
    ("/export?focus=id:anthropic&min_support=0", "min_support"),
    ("/export?trace=" + MEASURE + "&max_depth=21", "max_depth"),
    ("/export?focus=id:anthropic&download=maybe", "download"),
    ("/search?q=a&limit=0", "limit"),
    ("/search?q=a&limit=nan", "limit"),
    ("/claims?dir=sideways", "dir"),
])
def test_out_of_range_numbers_are_400_naming_the_parameter(client, path, param):
    error_of(client.get(path, headers=JSON), 400, param)
    html_error(client.get(path, headers=HTML), 400)


# -- unknown formats, sorts, lists and malformed combinations --------------------------------
@pytest.mark.parametrize("path,status,needle", [
    ("/export?focus=id:anthropic&format=docx", 400, "unknown format 'docx'"),
    ("/export?focus=id:anthropic&format=" + q(SCRIPT), 400, "unknown format"),
    ("/resource.xyz?iri=https://w3id.org/policy-kg/id/anthropic", 404, "unknown format .xyz"),
    ("/claims?sort=bogus", 400, "unknown sort 'bogus'"),
    ("/claims?sort=" + q(INJECT), 400, "unknown sort"),
    ("/kinds/bogus", 404, "no list called 'bogus'"),
    ("/export", 400, "exactly one of"),
    ("/export?focus=id:anthropic&trace=" + MEASURE, 400, "exactly one of"),
    ("/export?focus=id:anthropic&to=id:anthropic", 400, "to= goes with trace="),
    ("/export?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D", 400, "CONSTRUCT"),
    ("/export?query=" + q("INSERT DATA { <a:a> <a:b> <a:c> }"), 400, "CONSTRUCT"),
    ("/export?query=" + q("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p "), 400, "does not parse"),
    ("/export?query=" + q("CONSTRUCT {\n?s ?p ?o } WHERE { ?s ?p ?o . <" + INJECT + "> }"), 400, "line 2"),
    ("/trace?scenario=x", 400, "needs both scenario and vs"),
    ("/resource", 400, "iri"),
    ("/resource?iri=", 400, "iri"),
])
def test_unknown_formats_and_bad_combinations_name_the_problem(client, store, quads, path, status, needle):
    error_of(client.get(path, headers=JSON), status, needle)
    html_error(client.get(path, headers=HTML), status)
    assert len(store) == quads


def test_a_media_type_nobody_serves_is_406(client):
    error_of(client.get("/id/anthropic", headers={"accept": "image/png"}), 406, "text/turtle")


def test_wrong_method_is_405_in_the_error_shape(client):
    error_of(client.post("/search?q=a", headers=JSON), 405)
    error_of(client.delete("/id/anthropic", headers=JSON), 405)


@pytest.mark.parametrize("target, names", [
    ("/search?q=a%00b", "'q'"), ("/search.json?q=%00x", "'q'"), ("/trace?from=a%00b", "'from'"),
    ("/trace?from=" + MEASURE + "&to=x%00", "'to'"), ("/export?focus=a%00b", "'focus'"),
    ("/documents/a%00b", "path"), ("/documents/a%00b/review", "path"), ("/id/a%00b", "path"),
    ("/resource?iri=http://x/%00", "'iri'"), ("/measures?q=%00", "'q'"),
])
def test_a_nul_character_in_a_name_or_parameter_is_400_naming_it(client, target, names):
    message = error_of(client.get(target, headers=JSON), 400, "NUL")
    assert names in message
    r = client.get(target, headers=HTML)
    html = ".json" not in urlsplit(target).path      # a .json address stays JSON
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html" if html else "application/json")


def test_search_in_the_core_takes_a_nul_character(store):
    from kg.index.labels import search

    hits = search(store, "anth\0ropic")      # the FTS5 phrase raised OperationalError
    assert any(h.iri.endswith("/anthropic") for h in hits)


def test_path_traversal_does_not_leave_static(client):
    for path in ("/static/..%2F..%2Fkg%2Fstore.py", "/static/../app.py", "/id/..%2F..%2Fetc%2Fpasswd"):
        r = client.get(path, headers=JSON)
        assert r.status_code == 404 and "import" not in r.text


def test_an_unexpected_failure_is_500_in_the_error_shape_without_a_traceback(settings, store):
    from fastapi.testclient import TestClient

    from web.app import create_app

    app = create_app(settings, store)

    @app.get("/__boom")
    def boom():
        raise RuntimeError("secret internals /etc/passwd")

    with TestClient(app, raise_server_exceptions=False) as c:
        message = error_of(c.get("/__boom", headers=JSON), 500, "RuntimeError")
        assert "secret internals" not in message
        r = c.get("/__boom", headers=HTML)
        assert r.status_code == 500 and r.headers["content-type"].startswith("text/html") and "Traceback" not in r.text
        # the security headers are on the last resort's answer too (it runs outside the middlewares)
        for header in ("content-security-policy", "x-content-type-options", "referrer-policy"):
            assert header in r.headers, header


# -- huge requests, over real HTTP (a test client cannot send a 100 KB URL) -----------------
@pytest.fixture(scope="module")
def server(tmp_path_factory, corpus_dir):
    tmp = tmp_path_factory.mktemp("bad-input-live")
    with live_server(["--corpus", str(corpus_dir)], tmp) as base:
        yield urlsplit(base)


def raw_get(server, target: str, accept: str):
    conn = http.client.HTTPConnection(server.hostname, server.port, timeout=60)
    try:
        conn.request("GET", target, headers={"Accept": accept})
        r = conn.getresponse()    # http.client refuses a header line over 64 KB: that would fail here
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


HUGE = "a" * 100_000


@pytest.mark.parametrize("target", [
    "/search?q=" + HUGE, "/id/" + HUGE, "/resource?iri=http://x/" + HUGE, "/documents/" + HUGE,
    "/claims?sort=" + HUGE, "/timeline?actor=" + HUGE, "/kinds/" + HUGE, "/trace?from=" + HUGE,
    "/trace?from=" + MEASURE + "&to=" + HUGE, "/trace?scenario=" + HUGE + "&vs=x", "/export?focus=" + HUGE,
    "/export?trace=" + HUGE, "/export?focus=id:anthropic&format=" + HUGE, "/trace?max_depth=" + "9" * 100_000,
])
def test_huge_query_strings_get_a_short_clear_4xx(server, target):
    import json

    status, headers, body = raw_get(server, target, "application/json")
    assert 400 <= status < 500, (status, body[:300])
    error = json.loads(body)["error"]
    assert error["status"] == status and error["message"]
    assert len(body) < 5_000, f"the error echoes the whole input ({len(body)} bytes)"
    status, headers, body = raw_get(server, target, HTML["accept"])
    assert 400 <= status < 500 and headers["content-type"].startswith("text/html") and len(body) < 10_000


@pytest.mark.parametrize("target", ["/actors?junk=" + HUGE, "/claims?x=" + HUGE, "/?" + HUGE])
def test_a_huge_ignored_parameter_does_not_blow_up_the_link_header(server, target):
    status, headers, body = raw_get(server, target, HTML["accept"])
    assert status == 200 and len(headers.get("Link", "")) < 5_000


# -- the CLI ---------------------------------------------------------------------------------
def cli(runner, *args: str, code: int, needle: str | None = None):
    result = runner.invoke(main, list(args))
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == code, (result.exit_code, output[-800:], result.exception)
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if needle:
        assert needle in output, output[-800:]
    return output


MEM = ("--store", "memory")


@pytest.mark.parametrize("args,code,needle", [
    (("build", *MEM, "--data", "/nonexistent/data"), 1, "data folder not found: /nonexistent/data"),
    (("build", "--store", "bogus"), 1, "unknown store kind 'bogus'"),
    (("build", "--no-such-option"), 2, "No such option"),
    (("validate", "--data", "/nonexistent/data"), 1, "data folder not found"),
    (("validate", "--corpus", "/nonexistent/corpus"), 1, "corpus folder not found"),
    (("settings", "--bogus"), 2, "No such option"),
    (("no-such-command",), 2, "No such command"),
    (("trace", *MEM), 2, "missing MEASURE"),
    (("trace", *MEM, INJECT), 2, f"no node is labelled {INJECT!r}"),
    (("trace", *MEM, SCRIPT), 2, "no node is labelled"),
    (("trace", *MEM, "http://x/a b"), 2, "http://x/a b"),
    (("trace", *MEM, "http://x/\ufffd"), 2, "is not used in the graph"),
    (("trace", *MEM, MEASURE, "--to", "nothing-called-this"), 2, "nothing-called-this"),
    (("trace", *MEM, MEASURE, "--max-depth", "0"), 2, "--max-depth"),
    (("trace", *MEM, MEASURE, "--min-support", "-3"), 2, "--min-support"),
    (("trace", *MEM, MEASURE, "--format", "pdf"), 2, "'pdf' is not one of"),
    (("trace", *MEM, "--scenario", "nope"), 2, "--scenario and --vs go together"),
    (("trace", *MEM, "--scenario", "nope", "--vs", "nope either"), 2, "nope"),
    (("trace", *MEM, "id:anthropic"), 2, "has no causal links"),
    (("export", *MEM), 2, "exactly one of"),
    (("export", *MEM, INJECT), 1, f"no node is labelled {INJECT!r}"),
    (("export", *MEM, "http://x/%ff"), 1, "is not used in the graph"),
    (("export", *MEM, "id:anthropic", "--format", "docx"), 2, "'docx' is not one of"),
    (("export", *MEM, "id:anthropic", "--depth", "9"), 2, "--depth"),
    (("export", *MEM, "id:anthropic", "--to", "x"), 2, "--to goes with --trace"),
    (("export", *MEM, "--query", "/nonexistent.rq"), 2, "does not exist"),
    (("export", *MEM, "--trace", "id:anthropic"), 1, "has no causal links"),
])
def test_cli_wrong_arguments_name_the_problem(runner, args, code, needle):
    cli(runner, *args, code=code, needle=needle)


def test_cli_export_bad_query_files(runner, tmp_path):
    (tmp_path / "latin1.rq").write_bytes(b"CONSTRUCT WHERE { ?s ?p \xff }")
    (tmp_path / "select.rq").write_text("SELECT * WHERE { ?s ?p ?o }")
    (tmp_path / "broken.rq").write_text("CONSTRUCT {\n  ?s ?p ?o\n} WHERE { ?s ?p")
    cli(runner, "export", *MEM, "--query", str(tmp_path / "latin1.rq"), "--format", "ttl", code=2,
        needle=f"{tmp_path / 'latin1.rq'}: not UTF-8")
    cli(runner, "export", *MEM, "--query", str(tmp_path / "select.rq"), "--format", "ttl", code=2, needle="CONSTRUCT")
    # the position is counted in the user's file, not after the prefixes the store adds
    cli(runner, "export", *MEM, "--query", str(tmp_path / "broken.rq"), "--format", "ttl", code=2,
        needle="error at line 3")


def test_cli_export_to_an_unwritable_place(runner, tmp_path):
    target = tmp_path / "missing" / "folder" / "x.svg"
    cli(runner, "export", *MEM, "id:anthropic", "-o", str(target), code=1, needle=f"cannot write {target}")
    assert not target.exists()


def test_cli_build_with_a_corrupt_data_file_keeps_the_old_store(runner, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    store_path = tmp_path / "store"
    cli(runner, "build", "--store-path", str(store_path), "--data", str(data), code=0)
    settings = Settings.from_env(env={}, store_path=str(store_path), data_dir=str(data))
    before = counts(open_store(settings, read_only=True))
    gc.collect()    # let go of the read-only handle before the next build
    victim = sorted(data.glob("*.trig"))[0]
    victim.write_bytes(victim.read_bytes()[:-200] + b"\n<oops \xff")
    cli(runner, "build", "--store-path", str(store_path), "--data", str(data), code=1, needle=f"error: {victim}")
    # the previous store is untouched (opened as is: open_store would try to rebuild from the broken data)
    assert counts(disk_store(store_path, settings.base_iri, read_only=True)) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "warm") == ["data", "store"]   # warm: the count kg build kept


def test_a_long_url_arriving_in_pieces_gets_the_apps_own_4xx(server):
    """A 100 kB request line sent in two pieces (as a loaded network delivers it): the server
    must wait for the whole head and answer with the app's JSON error, not reset the connection."""
    import json
    import socket

    head = f"GET /search?q={HUGE} HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nConnection: close\r\n\r\n".encode()
    with socket.create_connection((server.hostname, server.port), timeout=30) as sock:
        sock.sendall(head[:40_000])
        wait_for(lambda: read_by_peer(sock), "the server reading the first piece")   # then the rest
        sock.sendall(head[40_000:])
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    status = int(status_line.split()[1])
    assert 400 <= status < 500, status_line
    body = rest.split(b"\r\n\r\n", 1)[1]
    assert json.loads(body)["error"]["status"] == status
