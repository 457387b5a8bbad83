"""Command-line interface: ``kg build | validate | query | serve | trace | export | anchors | settings``."""
from kg.cli.base import main

# Each module registers its command on ``main``.
from kg.cli import build  # noqa: E402,F401
from kg.cli import validate  # noqa: E402,F401
from kg.cli import settings  # noqa: E402,F401
from kg.cli import serve  # noqa: E402,F401
from kg.cli import query  # noqa: E402,F401
from kg.cli import trace  # noqa: E402,F401
from kg.cli import export  # noqa: E402,F401
from kg.cli import anchors  # noqa: E402,F401
from kg.cli import ingest  # noqa: E402,F401
from kg.cli import review  # noqa: E402,F401

__all__ = ["main"]
