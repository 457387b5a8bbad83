"""No test skips: a pytest plugin (loaded by conftest.py) that turns every skip into a failure.

A skipped test passes silently where its capability is missing, which is exactly where it
matters (a worker that cannot drop its network, a missing package). So a skip, from
``pytest.skip``, ``importorskip``, ``skipif`` or ``xfail``, fails the test (at run time) or is an
error (at collection, which then stops the run), unless the test is marked
``@pytest.mark.may_skip("why skipping is right here")``. tests/test_no_skips.py checks it.
"""
from __future__ import annotations

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "may_skip(reason): this test may skip; anything else that skips fails")


def _skip_reason(report) -> str:
    if hasattr(report, "wasxfail"):
        return f"xfail: {report.wasxfail}"
    longrepr = report.longrepr
    return str(longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else longrepr)


def _fail_skip(report, where: str) -> None:
    report.outcome = "failed"
    report.longrepr = (f"{where} skipped ({_skip_reason(report)}), and no test may skip: provide what it needs, "
                       "or mark it @pytest.mark.may_skip(reason)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if report.skipped and item.get_closest_marker("may_skip") is None:
        _fail_skip(report, item.nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    report = (yield).get_result()
    if report.skipped:
        _fail_skip(report, collector.nodeid)
