"""The routers, in the order they are mounted. Each module owns one part of the site.

The SPARQL endpoint comes first: a request is matched against the routes in order, and
``/sparql`` is the path scripts hit hardest (on the pages' routes first, route matching
was about a third of a cached SPARQL answer's server time)."""
ROUTERS: list = []

from web.sparql.endpoint import router as _sparql_router  # noqa: E402  (/sparql: SPARQL 1.1 Protocol endpoint)

ROUTERS.append(_sparql_router)

from web.routes.editor import router as _editor_router  # noqa: E402  (query editor: example queries)

ROUTERS.append(_editor_router)

from web.routes.pages import router as _pages_router  # noqa: E402  (home, search, lists, claims, timeline, documents)
from web.routes.resources import router as _entities_router  # noqa: E402  (entity pages with content negotiation)

ROUTERS.extend([_pages_router, _entities_router])

from web.routes.export import router as _export_router  # noqa: E402  (/export: diagrams and data)

ROUTERS.append(_export_router)

from web.routes.trace import router as _trace_router  # noqa: E402  (/trace: signed paths and scenarios)

ROUTERS.append(_trace_router)

from web.routes.review_pages import router as _review_router  # noqa: E402  (sign in, upload, review; before the pages: /documents/new)

ROUTERS.insert(ROUTERS.index(_pages_router), _review_router)
