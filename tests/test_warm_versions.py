"""Warm state is kept under each part's format version (``kg.index.versions``), not under a hash of
all the code: a restart after a code change that touches no builder (a deploy) reads the warm state
of the last start; a part whose version changed is built again, with the parts that use it, and the
others are still read. The recorded hash of each part's builder code guards the versions: changing
a builder without looking at its version fails here."""
from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.core.settings import PROJECT_ROOT
from kg.index import versions
from scratch import scratch_folders

QUERIES = PROJECT_ROOT / "kg" / "queries"


def _source(name: str) -> str:
    """The text of a source name of ``versions.Part.sources``: a module's file, or a name inside it."""
    module, _, attr = name.partition(":")
    found = importlib.import_module(module)
    if not attr:
        return Path(found.__file__).read_text()
    obj = getattr(found, attr)
    return inspect.getsource(obj) if inspect.isfunction(obj) or inspect.isclass(obj) else repr(obj)


def _checked(part: versions.Part) -> str:
    """The hash of a part's code: its sources and every query they name."""
    h = hashlib.sha256()
    for name in part.sources:
        text = _source(name)
        h.update(f"{name}\0{text}\0".encode())
        for query in sorted(set(re.findall(r"""queries\.get\(["']([\w-]+)["']\)""", text))):
            h.update(f"{query}\0".encode() + (QUERIES / f"{query}.rq").read_bytes() + b"\0")
    return h.hexdigest()[:16]


def test_every_builder_is_the_code_its_version_was_given_for():
    stale = {name: _checked(part) for name, part in [("SHELF", versions.SHELF), *versions.PARTS.items()]
             if _checked(part) != part.checked}
    assert not stale, (
        "the code that builds these warm parts changed: in kg/index/versions.py bump each one's version if what "
        "it saves changed (a value saved by the old code would be read wrong), then record checked= as shown: "
        + "; ".join(f"{name}: checked={h!r}" for name, h in stale.items()))


def test_a_part_uses_only_known_parts_and_every_key_has_one():
    for name, part in versions.PARTS.items():
        assert set(part.uses) <= set(versions.PARTS) - {name}, name
    assert versions.part("catalog:members:measures")[0] == "catalog:members"
    assert versions.part("claims:order:claimer")[0] == "claims:order"
    assert "search:index=" in versions.tag("catalog:members:measures")
    with pytest.raises(LookupError, match="no format version"):
        versions.part("catalog:unknown")


PROCESS = """
import dataclasses, json, sys
from kg.core.settings import Settings
from kg.index import versions, warm
from kg.store.build import open_store
from web.app import warm_up

for name in sys.argv[3:]:    # a new format of these parts, as a changed builder would declare it
    versions.PARTS[name] = dataclasses.replace(versions.PARTS[name], version=versions.PARTS[name].version + 1)
settings = Settings.from_env(env={}, store="oxigraph", store_path=sys.argv[1], data_dir=sys.argv[2])
warm_up(open_store(settings), settings)
print(json.dumps(dict(warm.counts)))
"""


def _run(code: Path, store_path: Path, data: Path, *bumped: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROCESS, str(store_path), str(data), *bumped], cwd=code,
                          capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _kept(counts: dict, how: str) -> set[str]:
    """The parts (key stems) with a ``how`` ("built", "read") count."""
    return {versions.part(k.split(" ", 1)[1])[0] for k in counts
            if k.startswith(how + " ") and k.count(":") >= 1 and _known(k.split(" ", 1)[1])}


def _known(key: str) -> bool:
    try:
        versions.part(key)
    except LookupError:
        return False
    return True


def test_a_deploy_reads_the_warm_state_and_a_new_format_rebuilds_its_part(tmp_path: Path):
    _, data = scratch_folders(tmp_path)
    store_path = tmp_path / "kg" / "store"
    code = tmp_path / "code"          # the app as deployed: a copy, then changed where no builder is
    for folder in ("kg", "web"):
        shutil.copytree(PROJECT_ROOT / folder, code / folder, ignore=shutil.ignore_patterns("__pycache__", "vendor"))
    for other in ("ontology", "data"):                               # read, never changed: shared
        (code / other).symlink_to(PROJECT_ROOT / other)
    first = _run(code, store_path, data)
    lasting = _kept(first, "saved")
    assert {"search:index", "trace:causal_graph", "catalog:members", "catalog:events", "claims:order",
            "catalog:quads", "documents:order"} <= lasting

    with (code / "kg" / "trace" / "output.py").open("a") as fh:     # a deploy: code that builds no warm part
        fh.write("\n\nDEPLOYED = 'a later version of the app'\n")
    with (code / "kg" / "pages" / "lists.py").open("a") as fh:      # even in a module that builds some
        fh.write("\n\nPAGE_NOTE = 'a change outside every builder'\n")
    deployed = _run(code, store_path, data)
    assert _kept(deployed, "read") == lasting and not _kept(deployed, "built")

    bumped = _run(code, store_path, data, "catalog:events")        # one part's builder changed
    assert _kept(bumped, "built") == {"catalog:events"}
    assert _kept(bumped, "read") == lasting - {"catalog:events"}

    labels = _run(code, store_path, data, "search:index")          # and every part using the labels with it
    users = {name for name in lasting if "search:index" in versions.tag(name)}
    assert {"search:index", "trace:causal_graph", "catalog:members", "claims:order"} <= users
    assert _kept(labels, "built") == users
    assert _kept(labels, "read") == lasting - users
    again = _run(code, store_path, data, "search:index")           # saved at the new version: read at the next start
    assert _kept(again, "read") == lasting and not _kept(again, "built")
    shelf = next(p for p in (tmp_path / "kg" / "warm").iterdir() if p.is_dir())
    assert len(list(shelf.glob("search_index-*.sqlite"))) == 1       # the old version's file is gone
