"""SPARQL text of the core, one ``.rq`` file per question, loaded by name."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_DIR = Path(__file__).parent


@lru_cache(maxsize=None)
def get(name: str) -> str:
    path = _DIR / f"{name}.rq"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {_DIR}")
    return path.read_text(encoding="utf-8")
