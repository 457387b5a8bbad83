"""Benchmarks (see docs/reference/benchmarks.md). They start servers with tests/live_server.py, the one server
starter of tests and bench, and the remote engines with tests/remote_servers.py: tests/ goes on
the import path here, once for every ``python -m bench.NAME``."""
import sys
from pathlib import Path

_TESTS = str(Path(__file__).resolve().parent.parent / "tests")
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)
