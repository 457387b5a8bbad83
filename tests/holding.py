"""A build held half-way, for tests of what answers while it runs (the warm-up after a start)."""
from __future__ import annotations

import threading
from contextlib import contextmanager


@contextmanager
def build_held(monkeypatch, owner, name: str, start):
    """``start()`` run in a thread, held inside its call of ``owner.name`` (a function the build calls)
    until the block ends; gives the thread and the event that lets it go."""
    entered, release = threading.Event(), threading.Event()
    real = getattr(owner, name)

    def held(*args, **kwargs):
        entered.set()
        assert release.wait(120)
        return real(*args, **kwargs)
    monkeypatch.setattr(owner, name, held)
    thread = threading.Thread(target=start)
    thread.start()
    try:
        assert entered.wait(60)
        yield thread, release
    finally:
        release.set()
        thread.join()
