"""Issue 20: random and hostile values through every review action and upload field, on the web
(TestClient, the update token as Bearer) and the CLI (``kg review``, ``kg ingest``). After each
example the web never answered 500 and the CLI never crashed, ``kg build`` and ``kg validate``
succeed on the data folder, and the running app's store (which took the web writes itself and
the CLI writes through its data watcher) holds the same quads as a fresh build from the files.
Scratch copies of the corpus and data folders; every text is our own."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, seed, settings as hsettings, strategies as st

from kg.cli import main
from kg.core.settings import Settings
from kg.curation.records import read_review
from kg.store.build import open_store
from kg.validate import validate
from scratch import scratch_folders

TOKEN = "fuzz-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "X-Reviewer": "Fuzz", "Accept": "application/json"}
TEXT = ("Quay notes {n}\n"
        "Nvidia said its quay shipments fell by 12% in 2025, and Anthropic argues the gap could last 9 months.\n"
        "Inspectors said chip smuggling increases illicit compute access; stronger chip export controls would "
        "reduce it by 2030.\n")
HOSTILE = ["", " ", "\n", "a\nb", "https://w3id.org/policy-kg/id/nvi\ndia", "https://example.org/<script>",
           "javascript:alert(1)", "../../../etc/passwd", "file:///etc/passwd", "/relative", '{"a": 1}', "[1, 2]",
           "1.0e999", "-1e-999", "NaN", "INF", "20x8", "2024.5", "2025-13", "2025-09", "2025-02-30", "2025",
           "pk:Company", "Company", "pk:NotAClass", "id:nvidia", "nvidia", "Nvidia", "+", "-", "x\x00y", "\u2028",
           "https://w3id.org/policy-kg/id/nvidia", "https://w3id.org/policy-kg/id/anthropic", "a>b", 'q"uote',
           "https://example.org/a b", "http://", "https://x.org/" + "y" * 300, "Assertion", "Rumour", "{}"]
FIELDS = ["label", "entity", "cause", "effect", "polarity", "kind", "class", "value", "min", "max", "unit", "year",
          "claimer", "epistemic_status", "about", "note", "datatype"]
META = ["title", "publisher", "published", "url"]
ACTIONS = ["edit", "accept", "edit", "add", "reject", "accept", "never", "merge", "undo", "upload", "done"]
OK_STATUSES = {200, 201, 303, 400, 404, 409, 413, 415, 422}

values = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(HOSTILE), st.text(max_size=24),
                   st.from_regex(r"https?://[a-z]{1,6}\.(org|com)/[!-~]{0,10}", fullmatch=True))


def pick(data, items: list, label: str):
    """One of ``items``, a list that grows as the test goes (an index drawn in a fixed range, so
    each draw has the same shape whatever the state)."""
    return items[data.draw(st.integers(0, 999), label=label) % len(items)]


def quads(store) -> Counter:
    """The store's quads, blank nodes made one placeholder (two builds name them differently)."""
    def term(t):
        return "_:b" if type(t).__name__ == "BlankNode" else str(t)
    return Counter(tuple(term(x) for x in (q.subject, q.predicate, q.object, q.graph_name))
                   for q in store.oxigraph.quads_for_pattern(None, None, None, None))


def test_no_sequence_of_hostile_actions_breaks_the_record(runner, tmp_path: Path, corpus_dir: Path):
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    opts = ["--corpus", str(corpus), "--data", str(data), "--store", "memory"]
    conf = Settings.from_env(env={}, store="memory", corpus=str(corpus), data_dir=str(data), update_token=TOKEN,
                             warm_up=False, store_path=str(tmp_path / "store"))
    counter = iter(range(10_000))
    seen: Counter = Counter()        # (channel, action, status or exit code): what the examples did
    note = tmp_path / "note.txt"
    note.write_text(TEXT.format(n=next(counter)), encoding="utf-8")
    first = json.loads(runner.invoke(main, ["ingest", str(note), "--json", "--published", "2026-03-02", *opts])
                       .stdout.strip().splitlines()[-1])
    docs = [first["id"]]
    from web.app import create_app

    app = create_app(conf)

    def proposal_ids(ident: str) -> list[str]:
        review = read_review(data, ident)
        return [p.id for p in review["proposals"]] or ["p1"]

    def web(c, data) -> None:
        action = data.draw(st.sampled_from(ACTIONS), label="action")
        if action == "upload":
            meta = {k: data.draw(values, label=k) for k in data.draw(st.lists(st.sampled_from(META), unique=True))}
            body = TEXT.format(n=next(counter)).encode()
            r = c.post("/documents/new", data=meta, files={"file": ("n.txt", body, "text/plain")}, headers=AUTH)
            if r.status_code == 201:
                docs.append(r.json()["id"])
        else:
            ident = pick(data, docs, "doc")
            form = {"action": action, "pid": pick(data, proposal_ids(ident), "pid")}
            for k in data.draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True), label="fields"):
                form[k] = data.draw(values, label=k)
            if action == "add":
                form.update(start=str(data.draw(st.integers(-5, 400))), end=str(data.draw(st.integers(-5, 400))))
            r = c.post(f"/documents/{ident}/review", data=form, headers=AUTH)
            if action == "edit" and data.draw(st.booleans(), label="then accept"):
                assert r.status_code in OK_STATUSES, (r.status_code, r.text[:500])
                r = c.post(f"/documents/{ident}/review", data={"action": "accept", "pid": form["pid"]}, headers=AUTH)
        assert r.status_code in OK_STATUSES, (r.status_code, r.text[:500])
        seen[("web", action, r.status_code)] += 1

    def cli(data) -> None:
        action = data.draw(st.sampled_from(["edit", "edit", "accept", "reject", "never", "undo", "upload"]),
                           label="cli action")
        if action == "upload":
            path = tmp_path / f"u{next(counter)}.txt"
            path.write_text(TEXT.format(n=next(counter)), encoding="utf-8")
            args = ["ingest", str(path), "--json"]
            for k in data.draw(st.lists(st.sampled_from(META), unique=True), label="meta"):
                args += [f"--{k}", data.draw(values, label=k)]
        else:
            ident = pick(data, docs, "doc")
            pid = pick(data, proposal_ids(ident), "pid")
            args = ["review", ident]
            for k in data.draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=2, unique=True), label="fields"):
                args += ["--edit", pid, f"{k}={data.draw(values, label=k)}"]
            if action != "edit":
                args += [f"--{action}", pid]
            elif data.draw(st.booleans(), label="then accept"):
                args += ["--accept", pid]
        r = runner.invoke(main, [*args, *opts])
        assert r.exit_code in (0, 1, 2), (r.exit_code, r.output[-800:])
        assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
        seen[("cli", "accept" if "--accept" in args else action, r.exit_code)] += 1
        if action == "upload" and r.exit_code == 0:
            docs.append(json.loads(r.stdout.strip().splitlines()[-1])["id"])

    with TestClient(app) as c:
        # the examples build on each other (the data folder grows): generated only, never shrunk
        @seed(20)      # the same run each time
        @hsettings(max_examples=30, deadline=None, database=None, phases=[Phase.generate],
                   suppress_health_check=list(HealthCheck))
        @given(st.data())
        def example(data):
            if data.draw(st.booleans(), label="on the web"):
                web(c, data)
            else:
                cli(data)
                app.state.data_watch.poll()           # the running app follows the CLI's write
            assert app.state.data_watch.behind == {}
            built = runner.invoke(main, ["build", *opts])
            assert built.exit_code == 0, built.output[-800:]
            report = validate(conf)
            assert report.ok, "\n".join(p.line() for p in report.problems[:10])
            assert quads(app.state.store) == quads(open_store(conf)), "the live store differs from a fresh build"
        example()
    print(sorted(seen.items()))
    # the examples wrote: accepts went through on both channels, and bad values were refused
    assert seen[("web", "accept", 200)] and seen[("cli", "accept", 0)] and seen[("cli", "accept", 2)]
    assert any(n for (ch, a, code), n in seen.items() if ch == "web" and code == 400)
