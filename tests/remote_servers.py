"""Start and stop the real SPARQL servers the remote-store tests (and bench/remote_bench.py) run
against: a private loopback Virtuoso (scripts/virtuoso.sh) and the Oxigraph server (PyPI
``oxigraph``, in .venv or .venv-oxigraph-server). Each returns the settings pointing the app at
it (``KG_STORE`` and friends, as ``Settings`` field names)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import httpx

from kg.core.settings import PROJECT_ROOT
import live_server
from live_server import free_port
from waiting import wait_for

ENGINES = ("embedded", "virtuoso", "oxigraph-server")


def oxigraph_binary() -> str | None:
    for candidate in (PROJECT_ROOT / ".venv" / "bin" / "oxigraph",
                      PROJECT_ROOT / ".venv-oxigraph-server" / "bin" / "oxigraph"):
        if candidate.is_file():
            return str(candidate)
    return shutil.which("oxigraph")


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


class Server:
    """A running engine: ``settings`` (store, store_update_url, store_gsp_url, store_auth), ``pid``, ``stop()``."""

    def __init__(self, name: str, settings: dict, stop, pid: int | None) -> None:
        self.name, self.settings, self._stop, self.pid = name, settings, stop, pid

    def stop(self) -> None:
        self._stop()


def start_virtuoso(folder: Path, *, buffers: int = 20000) -> Server:
    if shutil.which("virtuoso-t") is None:
        raise RuntimeError("virtuoso-t not found: scripts/setup.sh --test installs Debian's virtuoso-opensource")
    port = free_port(pair=True)
    script = str(PROJECT_ROOT / "scripts" / "virtuoso.sh")
    args = ["--port", str(port), "--dir", str(folder), "--buffers", str(buffers)]
    out = subprocess.run([script, "start", *args], capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        raise RuntimeError(f"scripts/virtuoso.sh start failed: {out.stderr}")
    env = dict(line.split("=", 1) for line in out.stdout.split() if "=" in line)
    pid = int((folder / "virtuoso.lck").read_text().split("VIRT_PID=")[1].split()[0])
    settings = {"store": env["KG_STORE"], "store_update_url": env["KG_STORE_UPDATE_URL"],
                "store_gsp_url": env["KG_STORE_GSP_URL"], "store_auth": env["KG_STORE_AUTH"]}
    wait_for(lambda: _answers(env["KG_STORE"][len("sparql:"):]), "Virtuoso answering ASK {}", limit=60)
    return Server("virtuoso", settings, lambda: subprocess.run([script, "stop", *args], capture_output=True,
                                                               timeout=60), pid)


def start_oxigraph(folder: Path | None, *, timeout_s: int | None = 10) -> Server:
    """``timeout_s``: the server's own query limit (``--timeout-s``; None: none, the app's client-side
    limit only). Oxigraph server 0.5.13 keeps a thread per query for that long, so a high query rate
    times a long limit runs into the thread limit ("Resource temporarily unavailable")."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the oxigraph server binary was not found: scripts/setup.sh --test installs PyPI 'oxigraph'")
    port = free_port()
    cmd = [binary, "serve", "--bind", f"127.0.0.1:{port}"]
    if timeout_s is not None:
        cmd += ["--timeout-s", str(timeout_s)]
    if folder is not None:
        cmd += ["--location", str(folder)]
    log_path = folder / "oxigraph.log" if folder is not None else Path(os.devnull)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    server = live_server.start(cmd, port, log_path, health="/query?query=ASK%20%7B%7D", timeout=60)
    url = f"{server.base}/query"

    def stop() -> None:
        live_server.stop(server.proc, 10)

    return Server("oxigraph-server", {"store": f"sparql:{url}"}, stop, server.pid)


def start(name: str, folder: Path) -> Server:
    if name == "virtuoso":
        return start_virtuoso(folder)
    if name == "oxigraph-server":
        return start_oxigraph(folder)
    raise ValueError(name)
