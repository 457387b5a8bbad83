"""What a load costs, for ``bench/remote_bench.py``: the peak memory and CPU of the app and the
engine while it runs, and its progress every ten seconds."""
from __future__ import annotations

import os
import time

from .scale_server import cpu_seconds, log, memory


def pid_rss_mb(pid: int) -> float:
    return memory(pid)["rss_mb"]


class Watch:
    """Peak resident memory of this process (alone: the Oxigraph server is its child) and of the
    engine, sampled every half second, and the CPU seconds and load average over the watched span."""

    def __init__(self, engine_pid: int | None) -> None:
        import threading

        self.pids = {"app": os.getpid(), **({"engine": engine_pid} if engine_pid else {})}
        self.peak = {k: 0.0 for k in self.pids}
        self.cpu0 = {k: self._cpu(k) for k in self.pids}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _cpu(self, key: str) -> float:
        if key == "app":
            t = os.times()
            return t.user + t.system
        return cpu_seconds(self.pids[key])

    def _rss(self, key: str) -> float:
        if key == "app":
            kb = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmRSS:"))
            return int(kb) / 1024
        return pid_rss_mb(self.pids[key])

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            for k in self.pids:
                try:
                    self.peak[k] = max(self.peak[k], self._rss(k))
                except OSError:
                    pass

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return {"peak_rss_mb": {k: round(v) for k, v in self.peak.items()},
                "cpu_s": {k: round(self._cpu(k) - self.cpu0[k], 1) for k in self.pids},
                "loadavg_1m_after": os.getloadavg()[0]}


def load_progress(engine: str, total: int):
    t0, last = time.perf_counter(), [0.0]

    def progress(done: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= 10 or done >= total:
            last[0] = now
            log(f"{engine}: {done:,} of {total:,} quads loaded ({done / max(now - t0, 1e-9):,.0f}/s, "
                f"load average {os.getloadavg()[0]:.1f})")
    return progress
