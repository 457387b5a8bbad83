"""The no_skips plugin: a test that skips (any way) fails the run, unless marked may_skip."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.core.settings import PROJECT_ROOT

SAMPLE = '''
import pytest

def test_skips():
    pytest.skip("no capability here")

@pytest.mark.skipif(True, reason="a condition")
def test_skipif():
    pass

@pytest.mark.xfail(reason="known")
def test_xfail():
    assert False

@pytest.mark.may_skip("skipping is right here")
def test_allowed():
    pytest.skip("allowed")

def test_passes():
    pass
'''


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """pytest with only the no_skips plugin (not this suite's conftest) on ``folder``."""
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no_skips", "-p", "no:cacheprovider", "-rA",
                           "--rootdir", str(folder), str(folder), *args],
                          cwd=folder, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(PROJECT_ROOT / "tests"), "PATH": "/usr/bin:/bin"})


def test_each_kind_of_skip_fails_and_a_marked_one_is_allowed(tmp_path):
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    r = _pytest(tmp_path)
    assert r.returncode == 1, r.stdout
    out = r.stdout
    assert "FAILED test_sample.py::test_skips" in out and "no capability here" in out
    assert "ERROR test_sample.py::test_skipif" in out and "a condition" in out
    assert "FAILED test_sample.py::test_xfail" in out
    assert "SKIPPED [1] test_sample.py" in out and ": allowed" in out
    assert "PASSED test_sample.py::test_passes" in out
    assert "2 failed, 1 passed, 1 skipped, 1 error" in out


def test_a_module_that_skips_at_import_is_an_error(tmp_path):
    (tmp_path / "test_needs.py").write_text('import pytest\npytest.importorskip("no_such_module_here")\n'
                                           "def test_x():\n    pass\n")
    r = _pytest(tmp_path)
    assert r.returncode != 0, r.stdout
    assert "ERROR" in r.stdout and "no_such_module_here" in r.stdout and "no test may skip" in r.stdout
