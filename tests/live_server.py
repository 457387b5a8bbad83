"""Start ``kg serve`` as a real process on a free loopback port, for tests that speak HTTP."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from kg.core.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(args: list[str], tmp: Path, env: dict[str, str] | None = None, timeout: float = 60.0):
    """Yield the base URL of ``kg serve ARGS`` running with its store under ``tmp``; stop it afterwards."""
    port = free_port()
    cmd = [sys.executable, "-m", "kg.cli.run", "serve", "--port", str(port),
           "--store-path", str(tmp / "store"), *args]
    full_env = {**os.environ, **(env or {})}
    log = open(tmp / f"server-{port}.log", "w")
    proc = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"kg serve exited with {proc.returncode}: {(tmp / f'server-{port}.log').read_text()[-2000:]}")
            try:
                if httpx.get(base + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not answer within {timeout} s")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
