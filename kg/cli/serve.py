"""``kg serve``: the web app (pages, SPARQL endpoint, trace, export) over the store."""
from __future__ import annotations

import click

from .base import fail, main, progress, settings_from, store_options


@main.command()
@store_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
def serve(host: str, port: int, **options: object) -> None:
    """Serve the curated graph over HTTP (rebuilding the store first if data/ or ontology/ changed)."""
    import uvicorn

    from ..build import open_store
    from ..store import StoreError
    from web.app import create_app

    settings = settings_from(**options)
    try:
        store = open_store(settings, progress=progress)
    except StoreError as exc:
        fail(str(exc))
    app = create_app(settings, store)
    progress(f"serving {len(store)} quads at http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="warning")
