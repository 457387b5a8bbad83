"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query, update, service description).

``endpoint`` holds the route, ``protocol`` reads the request into one operation, ``media`` holds the endpoint's media types
and chooses the result format (with ``web.negotiation``), ``handlers`` runs the operation
through the app's SPARQL service (``web.gateway``) or describes the service. Failures are the
core's typed errors and ``web.errors``' own, answered by ``web.errors.RULES``. Nothing here
holds SPARQL or query logic.
"""
