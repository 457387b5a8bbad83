"""Command-line interface: ``kg build | validate | query | serve | trace | export | anchors | settings``."""
from .base import main

# Each module registers its command on ``main``.
from . import build  # noqa: E402,F401
from . import validate  # noqa: E402,F401
from . import settings  # noqa: E402,F401
from . import serve  # noqa: E402,F401
from . import query  # noqa: E402,F401
from . import trace  # noqa: E402,F401
from . import export  # noqa: E402,F401
from . import anchors  # noqa: E402,F401
from . import ingest  # noqa: E402,F401
from . import review  # noqa: E402,F401

__all__ = ["main"]
