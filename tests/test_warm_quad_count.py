"""One quad count (``kg.index.counts.quads``): whether pages may answer with a partial label index
(``kg.index.partial.large``), the home page and ``/health`` read the same count, taken at most once per
store generation (a scan: seconds at 10M quads), read from the warm state at a restart on unchanged
data, and followed through a write instead of counted again.

Each "process" is a real Python process opening an on-disk store; the store's ``len`` (the scan) is
counted by wrapping it, so a count taken anywhere, by any module, shows."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg.core.settings import PROJECT_ROOT
from scratch import scratch_folders

PROCESS = """
import json, sys
from kg.core.settings import Settings
from kg.store.build import open_store
from kg.index import counts, partial, warm
from kg.pages import lists

settings = Settings.from_env(env={}, store="oxigraph", store_path=sys.argv[1], data_dir=sys.argv[2])
store = open_store(settings)
scans = []
cls = type(store)
real = cls.__len__
cls.__len__ = lambda self: scans.append(1) or real(self)
seen = [partial.large(store), counts.quads(store), lists.quads(store), partial.large(store)]
out = {"scans": len(scans), "quads": counts.quads(store), "large": seen[0]}
if len(sys.argv) > 3:      # one statement written through the store, then asked again
    store.update(sys.argv[3])
    out["after"] = [partial.large(store), counts.quads(store), lists.quads(store)][1]
    out["scans after"] = len(scans)
cls.__len__ = real
out.update(real=len(store), counts=dict(warm.counts))
print(json.dumps(out))
"""
WRITE = ("INSERT DATA { GRAPH <https://w3id.org/policy-kg/id/doc/count-probe> { "
         "<https://w3id.org/policy-kg/id/count-probe> <http://www.w3.org/2004/02/skos/core#prefLabel> \"Count probe\" } }")


def _run(store_path: Path, data: Path, *more: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROCESS, str(store_path), str(data), *more], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_the_quad_count_is_taken_once_and_read_at_a_restart(tmp_path: Path):
    _, data = scratch_folders(tmp_path)
    store_path = tmp_path / "kg" / "store"

    first = _run(store_path, data)     # a fresh store: one scan for every reader, saved warm
    assert first["scans"] == 1 and first["quads"] == first["real"] > 0
    assert first["large"] is False    # the curated graph is small: its pages wait for the label index
    assert first["counts"].get("built catalog:quads") == 1 and first["counts"].get("saved catalog:quads") == 1

    again = _run(store_path, data, WRITE)     # a restart on the unchanged store, then a write
    assert again["scans"] == 0 and again["quads"] == first["quads"]
    assert again["counts"].get("read catalog:quads") == 1 and "built catalog:quads" not in again["counts"]
    assert again["scans after"] == 0 and again["after"] == again["real"] == first["quads"] + 1   # followed
