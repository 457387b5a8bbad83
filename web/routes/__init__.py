"""The routers, in the order they are mounted. Each module owns one part of the site."""
ROUTERS: list = []

from .editor import router as _editor_router  # noqa: E402  (query editor: example queries)

ROUTERS.append(_editor_router)
