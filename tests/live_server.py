"""The one server starter for tests and bench/: start a process that serves HTTP on a free loopback
port, wait until its ``/health`` (or another URL) answers, stop it (and what it started) afterwards.

``live_server(args, tmp)`` runs ``kg serve ARGS`` for tests; ``running(cmd, port, log)`` runs any
command (bench/ serves ``kg serve`` from an app snapshot, rdflib-endpoint and a null app with it;
tests/remote_servers.py the Oxigraph server).
bench/ imports this module with tests/ on its path (bench/scale_server.py puts it there).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import httpx

from kg.core.settings import PROJECT_ROOT

NOTE_EVERY = 15.0   # seconds between calls of a start's ``progress``


def free_port(pair: bool = False) -> int:
    """A free loopback port (with ``pair``: one whose successor is free too)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if not pair:
            return port
        with socket.socket() as s2:
            try:
                s2.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port pair")


@dataclass
class Running:
    proc: subprocess.Popen
    base: str            # http://127.0.0.1:PORT
    log: Path            # the process's stdout and stderr
    ready_s: float       # from the start to the first 200 from its health URL
    health: dict         # that answer's JSON ({} when it is not JSON)

    @property
    def pid(self) -> int:
        return self.proc.pid


def start(cmd: list[str], port: int, log: Path, *, cwd: Path = PROJECT_ROOT, env: dict | None = None,
          timeout: float = 60.0, progress: Callable[[float, int], None] | None = None,
          health: str = "/health") -> Running:
    """Start ``cmd`` (in its own process group, output to ``log``), which is to serve on ``port``, and
    wait until ``health`` (a path and query) answers 200; ``progress(seconds, pid)`` is called every
    NOTE_EVERY s meanwhile.
    Raises RuntimeError (with the log's end) if the process exits or ``timeout`` s pass first."""
    t0 = time.monotonic()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    noted = t0
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"{Path(cmd[0]).name} {' '.join(cmd[1:4])} exited with {proc.returncode}: "
                                   f"{log.read_text()[-2000:]}")
            try:
                r = httpx.get(base + health, timeout=2)
                if r.status_code == 200:
                    health = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
                    return Running(proc, base, log, time.monotonic() - t0, health)
            except httpx.HTTPError:
                pass
            if time.monotonic() - t0 > timeout:
                raise RuntimeError(f"no answer from {base}{health} within {timeout:g} s: {log.read_text()[-2000:]}")
            if progress is not None and time.monotonic() - noted > NOTE_EVERY:
                progress(time.monotonic() - t0, proc.pid)
                noted = time.monotonic()
            time.sleep(0.1)
    except BaseException:
        stop(proc)
        raise


def stop(proc: subprocess.Popen, grace: float = 20.0) -> bool:
    """SIGTERM to the process group ``proc`` leads, SIGKILL after ``grace`` s; True if SIGTERM sufficed."""
    if proc.poll() is not None:
        return True
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(grace)
        return True
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        return False


@contextmanager
def running(cmd: list[str], port: int, log: Path, *, grace: float = 20.0, **start_args):
    """``start`` as a context: yields the Running, stops it on the way out."""
    server = start(cmd, port, log, **start_args)
    try:
        yield server
    finally:
        stop(server.proc, grace)


def kg_serve(port: int, tmp: Path, args: list[str]) -> list[str]:
    """The ``kg serve`` command on ``port`` with its store under ``tmp``."""
    return [sys.executable, "-m", "kg.cli.run", "serve", "--port", str(port), "--store-path", str(tmp / "store"), *args]


@contextmanager
def live_server(args: list[str], tmp: Path, env: dict[str, str] | None = None, timeout: float = 60.0):
    """Yield the base URL of ``kg serve ARGS`` running with its store under ``tmp``; stop it afterwards."""
    port = free_port()
    with running(kg_serve(port, tmp, args), port, tmp / f"server-{port}.log", env={**os.environ, **(env or {})},
                 timeout=timeout, grace=10.0) as server:
        yield server.base
