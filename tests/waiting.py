"""Waiting on events in other processes, not on the clock: a condition becoming true, a server's
query workers, a worker busy with a query, a process gone, bytes read off a loopback connection.

``wait_for`` polls a condition; its limit only bounds a hang (it is far above what any machine
needs), so a slow machine makes a test slower, never red. Tests assert what happened, not how long.
"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

LIMIT = 120.0           # seconds before a wait gives up: a hang, not a slow machine
TICKS = os.sysconf("SC_CLK_TCK")
BUSY_CPU_S = 0.3        # CPU seconds a worker spends before it counts as busy with a query


def wait_for(condition, what: str, limit: float = LIMIT, every: float = 0.05):
    """Poll ``condition()`` until it returns something true, and return that; fail naming ``what``
    if ``limit`` seconds pass first."""
    deadline = time.monotonic() + limit
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not seen within {limit:g} s")
        time.sleep(every)


def children(pid: int) -> set[int]:
    """The pids of ``pid``'s child processes (a server's query workers)."""
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return {int(x) for x in out.split()}


def server_pid(port: int) -> int:
    """The pid of the ``kg serve`` listening on ``port``."""
    out = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if "kg.cli.run serve" in line and f"--port {port} " in line + " ":
            return int(line.split()[0])
    raise AssertionError(f"no kg serve process on port {port}")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), or None if it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def alive(pid: int) -> bool:
    """The process exists and has not exited (a zombie waiting to be reaped has exited)."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used (0 once it is gone)."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS if fields else 0.0


def busy_worker(pids: set[int], before: dict[int, float] | None = None) -> int:
    """Wait until one of ``pids`` (query workers) has spent BUSY_CPU_S of CPU since ``before`` (CPU
    seconds by pid, taken before the query was sent; now if None): it is computing the query. Its pid."""
    start = before if before is not None else {p: cpu_seconds(p) for p in pids}

    def busy() -> int | None:
        return next((p for p in pids if cpu_seconds(p) - start.get(p, 0.0) >= BUSY_CPU_S), None)

    return wait_for(busy, f"a query worker among {sorted(pids)} computing")


def queues(local_port: int, remote_port: int) -> tuple[int, int] | None:
    """(send queue, receive queue) in bytes of the TCP socket at ``local_port`` connected to
    ``remote_port`` on this machine (from /proc/net/tcp and tcp6), or None if there is none."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == local_port and \
                    int(fields[2].rsplit(":", 1)[1], 16) == remote_port:
                tx, rx = fields[4].split(":")
                return int(tx, 16), int(rx, 16)
    return None


def read_by_peer(sock) -> bool:
    """Whether everything sent on the loopback socket ``sock`` has been read by the process at the
    other end: nothing left in our send queue or in the peer's receive queue."""
    mine, theirs = sock.getsockname()[1], sock.getpeername()[1]
    return queues(mine, theirs) == (0, 0) and (queues(theirs, mine) or (0, 1))[1] == 0
