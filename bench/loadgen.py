"""Closed-loop load at a fixed concurrency: ``wrk`` (Debian package) when present, else an
asyncio httpx client. Both report requests/s, errors and p50/p95/p99 latency in ms."""
from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

WRK_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, "non2xx": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect + e.read + e.write + e.timeout, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run(url: str, accept: str, *, concurrency: int, seconds: float, threads: int = 1, tool: str = "auto") -> dict:
    if tool == "wrk" or (tool == "auto" and have_wrk()):
        return run_wrk(url, accept, concurrency=concurrency, seconds=seconds, threads=threads)
    return asyncio.run(run_httpx(url, accept, concurrency=concurrency, seconds=seconds))


def run_wrk(url: str, accept: str, *, concurrency: int, seconds: float, threads: int = 1) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_LUA)
        script = f.name
    try:
        cmd = ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--timeout", "60s",
               "-H", f"Accept: {accept}", "-s", script, url]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    finally:
        Path(script).unlink(missing_ok=True)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result: {out.stdout[-500:]} {out.stderr[-500:]}")
    r = json.loads(line[len("WRKJSON "):])
    secs = r["duration_us"] / 1e6
    done = r["requests"]
    return {"tool": "wrk", "requests": done, "seconds": round(secs, 2), "rps": round(done / secs, 1) if secs else 0.0,
            "errors": r["errors"] + r["non2xx"],
            "p50_ms": r["p50_us"] / 1000 if done else None, "p95_ms": r["p95_us"] / 1000 if done else None,
            "p99_ms": r["p99_us"] / 1000 if done else None, "max_ms": r["max_us"] / 1000 if done else None,
            "bytes_per_response": round(r["bytes"] / done) if done else None}


async def run_httpx(url: str, accept: str, *, concurrency: int, seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=60, headers={"Accept": accept}) as client:
        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    r = await client.get(url)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += 0 if ok else 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    ms = (lambda v: None if v is None else round(v * 1000, 2))
    return {"tool": "httpx", "requests": len(latencies), "seconds": round(elapsed, 2),
            "rps": round(len(latencies) / elapsed, 1), "errors": errors,
            "p50_ms": ms(percentile(latencies, 50)), "p95_ms": ms(percentile(latencies, 95)),
            "p99_ms": ms(percentile(latencies, 99)), "max_ms": ms(max(latencies)) if latencies else None,
            "bytes_per_response": None}


def percentile(values: list[float], q: int) -> float | None:
    """The q-th percentile (q in 1..99) by ``statistics.quantiles`` (inclusive: within the values'
    range, interpolated between neighbours); None for no values. Every bench script uses this one."""
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]
