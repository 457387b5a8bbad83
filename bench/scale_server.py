"""Shared by ``pages_scale.py`` and ``load_mix.py``: the graphs they run on, a real ``kg serve``
subprocess for each, the entities each graph's pages are about, and the server's memory.

A graph size is ``curated`` (``kg serve --store memory``: the curated data built in memory) or a
quad count such as ``100k`` or ``1m`` (``bench/synth.py`` writes the N-Quads once into the work
folder, default ``/tmp/kg-bench``, and ``kg serve --load FILE`` serves them).
"""
from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
import live_server   # tests/live_server.py (bench/__init__.py puts tests/ on the path)
from live_server import free_port

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BASE = "https://w3id.org/policy-kg/id/"
WORKDIR = Path("/tmp/kg-bench")

# the curated graph's page subjects (pages_timing.py uses the same measure and target)
CURATED = {
    "typical_measure": BASE + "measure-dc-access-limits",
    "hub": BASE + "anthropic",                   # the node with the most statements in the curated data
    "target": BASE + "capability-china-frontier-ai",
    "rare_word": "smuggling",                  # 5 labels (synth: its SEARCH_WORD, in 0.4 % of labels)
    "common_word": "export",
    "missing": "anthropik",
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def parse_size(text: str) -> str | int:
    """``curated`` or a quad count (``100k``, ``1m``, ``250000``)."""
    s = text.strip().lower()
    if s in ("curated", "c"):
        return "curated"
    mult = {"k": 1_000, "m": 1_000_000}.get(s[-1], 1)
    return int(float(s[:-1] if s[-1] in "km" else s) * mult)


def size_label(size: str | int) -> str:
    if size == "curated":
        return "curated"
    n = int(size)
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


@dataclass
class Subjects:
    """What the pages of one graph are about."""
    typical_measure: str
    hub: str
    target: str
    rare_word: str
    common_word: str
    missing: str
    document: str | None = None          # a document id for /documents/<id> (curated: found at run time)
    meta: dict = field(default_factory=dict)

    def path(self, iri: str, suffix: str = "") -> str:
        """The page path of a node under the base IRI (as web/urls.py builds it)."""
        assert iri.startswith(BASE), iri
        return "/id/" + quote(iri[len(BASE):], safe="/-_.~") + suffix


def prepare(size: str | int, workdir: Path = WORKDIR) -> tuple[Path | None, Subjects]:
    """The N-Quads file (generated once, with progress) and the subjects for one graph size."""
    if size == "curated":
        return None, Subjects(**CURATED)
    from .synth import generate

    workdir.mkdir(parents=True, exist_ok=True)
    data = workdir / f"synth-{int(size)}.nq"
    meta = generate(int(size), data)
    return data, Subjects(typical_measure=meta["typical_cause"], hub=meta["hub_entity"], target=meta["typical_target"],
                          rare_word=meta["search_word"], common_word="export",
                          missing=meta["search_word"][:-2] + "yh-measure", document=meta["typical_document"], meta=meta)


def server_command(size: str | int, data: Path | None, port: int, workdir: Path, kg_args: str = "",
                   app_dir: Path = ROOT, ontology: bool = True, store_dir: Path | None = None,
                   built: bool = False) -> list[str]:
    """``kg serve`` for the curated graph (in memory) or ``kg serve --load ONTOLOGY --load FILE`` (a temporary
    store under workdir). The ontology comes along so that lists by a superclass (/actors, /pathways,
    /chips) and class labels work as on the curated graph, which ``kg build`` loads with it. With
    ``store_dir`` (the same folder at every start: a restart finds what the last start kept there), the
    temporary store goes under it, and the curated graph is an on-disk store in it. With ``built``, the
    on-disk store ``kg build`` made in ``store_dir`` from the data folder beside it (``built_args``)."""
    cmd = [PY, "-m", "kg.cli.run", "serve", "--port", str(port)]
    if built and store_dir is not None:
        cmd += built_args(store_dir)
    elif data is None and store_dir is not None:
        cmd += ["--store", "oxigraph", "--store-path", str(store_dir / "store")]
    elif data is None:
        cmd += ["--store", "memory"]
    else:
        store_dir = store_dir or workdir / "stores" / f"{size_label(size)}-{port}"
        store_dir.mkdir(parents=True, exist_ok=True)
        cmd += ["--store-path", str(store_dir / "store")]
        if ontology:
            cmd += ["--load", str(app_dir / "ontology" / "policy-kg.ttl")]
        cmd += ["--load", str(data)]
    return cmd + shlex.split(kg_args)


def built_args(store_dir: Path) -> list[str]:
    """The options of ``kg build`` and ``kg serve`` for the store built in ``store_dir`` (``--built``): the
    store in ``store_dir/store``, its data folder ``store_dir/data``."""
    return ["--store", "oxigraph", "--store-path", str(store_dir / "store"), "--data", str(store_dir / "data")]


def app_snapshot(rev: str, workdir: Path = WORKDIR) -> Path:
    """The app as committed at ``rev`` (``git archive``), unpacked once under workdir, to serve instead
    of the working tree (which others may be changing). The virtualenv's editable install does not get
    in the way: ``python -m`` puts the current folder first on sys.path."""
    sha = subprocess.run(["git", "rev-parse", "--short=12", rev], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    dest = workdir / "apps" / sha
    if not (dest / "kg").is_dir():
        dest.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "archive", sha], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
        vendor = ROOT / "web" / "static" / "vendor"      # built front-end assets (git-ignored)
        if vendor.is_dir() and not (dest / "web" / "static" / "vendor").exists():
            (dest / "web" / "static" / "vendor").symlink_to(vendor)
        log(f"app at {rev} ({sha}) unpacked into {dest}")
    return dest


def server_env(app_dir: Path) -> dict:
    env = dict(os.environ)
    # the corpus default is relative to the app folder; a snapshot elsewhere must still find it
    env.setdefault("KG_CORPUS", str(ROOT.parent / "shared" / "corpus"))
    env["PYTHONPATH"] = str(app_dir) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


@dataclass
class Server:
    base: str
    pid: int
    app_dir: Path
    ready_s: float
    quads: int | None
    command: list[str]
    log: Path


@contextmanager
def serve(size: str | int, data: Path | None, workdir: Path = WORKDIR, kg_args: str = "", timeout: float = 1800,
          app_dir: Path = ROOT, ontology: bool = True, store_dir: Path | None = None, built: bool = False):
    """Start ``kg serve`` on a free loopback port, wait for /health (the load time), yield a Server, stop it
    (SIGTERM to its process group, SIGKILL after 20 s)."""
    port = free_port()
    cmd = server_command(size, data, port, workdir, kg_args, app_dir, ontology, store_dir, built)
    (workdir / "logs").mkdir(parents=True, exist_ok=True)
    logfile = workdir / "logs" / f"serve-{size_label(size)}-{port}.log"
    label = size_label(size)
    log(f"{label}: starting {' '.join(shlex.quote(c) for c in cmd)} in {app_dir} (log {logfile})")

    def progress(seconds: float, pid: int) -> None:
        log(f"{label}: still loading ({seconds:.0f} s, RSS {memory(pid)['rss_mb']} MB)")

    server = live_server.start(cmd, port, logfile, cwd=app_dir, env=server_env(app_dir), timeout=timeout,
                               progress=progress)
    try:
        quads = server.health.get("quads")
        log(f"{label}: ready in {server.ready_s:.1f} s, {quads:,} quads")
        yield Server(server.base, server.pid, app_dir, round(server.ready_s, 2), quads, cmd, logfile)
    finally:
        if not live_server.stop(server.proc, 20):
            log(f"kg serve (pid {server.pid}) still running 20 s after SIGTERM (a request still in its thread "
                "pool?): SIGKILL; its temporary store may be left in the work folder")


def stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so that ``serve``'s cleanup stops the server (its own process group)."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def _tree(pid: int) -> list[int]:
    """pid and all its descendants, from /proc/<pid>/stat."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _kb(path: str, key: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def memory(pid: int) -> dict:
    """Resident memory of the server process tree (server + query workers), in MB: the sum of RSS
    (counts pages shared by forked workers once per process) and of PSS (shares them out)."""
    pids = _tree(pid)
    rss = sum(_kb(f"/proc/{p}/status", "VmRSS") for p in pids)
    pss = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in pids)
    return {"processes": len(pids), "rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1)}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by the server's process tree."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _tree(pid):
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        total += int(fields[11]) + int(fields[12])
    return total / tick


def wait_idle(pid: int, limit: float = 300, quiet: float = 1.0) -> float:
    """Wait until the server tree uses under 5 % of a CPU for ``quiet`` seconds (a request the client
    gave up on keeps running in the server's thread pool); return the seconds waited."""
    t0 = time.monotonic()
    last = cpu_seconds(pid)
    while time.monotonic() - t0 < limit:
        time.sleep(quiet)
        now = cpu_seconds(pid)
        if now - last < 0.05 * quiet:
            break
        last = now
    return round(time.monotonic() - t0, 1)


def curated_document(base: str) -> str | None:
    """The first document id of the curated graph (from /documents.json)."""
    try:
        docs = httpx.get(base + "/documents.json", timeout=60).json()["documents"]
    except (httpx.HTTPError, ValueError, KeyError):
        return None
    if not docs:
        return None
    d = docs[0]
    return d.get("id") or d["iri"].rsplit("/", 1)[-1]


def entity_query(iri: str) -> str:
    """An entity page's core read as SPARQL (as bench/sparql_bench.py's typical entity)."""
    return (f"SELECT ?s ?p ?o ?g WHERE {{\n"
            f"  {{ GRAPH ?g {{ <{iri}> ?p ?o }} BIND(<{iri}> AS ?s) }}\n"
            f"  UNION\n"
            f"  {{ GRAPH ?g {{ ?s ?p <{iri}> }} BIND(<{iri}> AS ?o) }}\n}}")


def app_info(app_dir: Path) -> dict:
    """Which code the server ran: a snapshot's commit, or the working tree's HEAD and whether the app's
    folders had uncommitted changes."""
    if app_dir != ROOT:
        return {"app_dir": str(app_dir), "commit": app_dir.name, "working_tree": False}
    git = lambda *a: subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: E731
    dirty = git("status", "--porcelain", "--", "kg", "web", "data", "ontology")
    return {"app_dir": str(ROOT), "commit": git("rev-parse", "--short=12", "HEAD"), "working_tree": True,
            "uncommitted": dirty.splitlines()}


def machine() -> dict:
    info = {"cpus": os.cpu_count(), "python": sys.version.split()[0]}
    try:
        info["mem_gib"] = round(_kb("/proc/meminfo", "MemTotal") / 1024 / 1024, 1)
        info["os"] = next(line.split("=", 1)[1].strip('"') for line in Path("/etc/os-release").read_text().splitlines()
                          if line.startswith("PRETTY_NAME="))
    except (OSError, StopIteration):
        pass
    return info
