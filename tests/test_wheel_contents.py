"""The built package carries every file the code reads at run time, not only the Python modules:
query texts, the proposer's calibration and learned models, templates and static assets. An
editable install hides a missing ``package-data`` entry; a wheel does not."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tracked() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [n for n in out.stdout.decode().split("\0") if n]


@pytest.mark.slow
def test_wheel_holds_every_data_file(tmp_path):
    """Built from a copy of the tracked files (no build folder is left in the checkout, and nothing
    untracked or left over from an earlier build can stand in for a missing entry)."""
    src, dist = tmp_path / "src", tmp_path / "dist"
    tracked = _tracked()
    for name in tracked:
        if name.split("/")[0] in ("kg", "web") or "/" not in name:
            dest = src / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, dest)
    out = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    wheel, = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {n for n in tracked if n.split("/")[0] in ("kg", "web") and not n.endswith(".py")}
    assert any(n.endswith(".rq") for n in wanted) and any(n.endswith(".json") for n in wanted)
    missing = sorted(wanted - names)
    assert not missing, f"files the code reads but the wheel lacks: {missing}"
