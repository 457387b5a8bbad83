"""``kg serve``: the web app (pages, SPARQL endpoint, trace, export) over the store."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.base import fail, main, progress, setting_option, settings_from, store_options


@main.command()
@store_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--load", "load", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Serve these RDF files instead of the curated graph (repeatable; TriG and N-Quads keep "
                   "their graph names).")
@setting_option("update_token", metavar="TOKEN")
@setting_option("query_timeout", metavar="SECONDS")
@setting_option("workers")
@setting_option("row_cap")
@setting_option("max_result_bytes", metavar="BYTES")
@setting_option("query_memory_mb", metavar="MB")
@setting_option("query_copy_mb", metavar="MB")
@setting_option("query_cache_mb")
@click.option("--cors-origin", "cors_origin", multiple=True, metavar="ORIGIN",
              help="Let pages from ORIGIN (scheme://host[:port], or *) read this server cross-origin "
                   "(repeatable; env KG_CORS_ORIGINS, comma-separated; default: none).")
def serve(host: str, port: int, load: tuple[Path, ...], cors_origin: tuple[str, ...], **options: object) -> None:
    """Serve the graph over HTTP: pages, /sparql (SPARQL 1.1 Protocol), trace and export.

    Rebuilds the store first if data/ or ontology/ changed; with --load, serves the
    given files from a temporary store instead.
    """
    import uvicorn

    from kg.store.build import open_store
    from kg.sparql.temporary import temporary_store
    from kg.store import StoreError
    from web.app import create_app
    from web.cors import parse_origins

    settings = settings_from(**options, cors_origins=",".join(cors_origin) or None)
    try:
        parse_origins(settings.cors_origins)
    except ValueError as exc:
        fail(f"--cors-origin: {exc}", 2)
    if settings.workers < 1:
        fail("--workers must be at least 1", 2)
    try:
        if load:
            store = temporary_store(load, settings.base_iri, parent=Path(settings.store_path).parent,
                                    progress=progress)
        else:
            store = open_store(settings, progress=progress)
        app = create_app(settings, store)
        service = app.state.sparql.start()  # the app's lifespan closes it
    except StoreError as exc:
        fail(str(exc))
    _on_shutdown(app, _exit_soon)  # uvicorn re-raises SIGTERM after shutting down: no atexit, no finally
    if load:
        from kg.sparql.temporary import remove_temporary

        _on_shutdown(app, lambda: remove_temporary(store))
    updates = "updates enabled with a token" if settings.update_token else "read-only"
    from kg.index.counts import quads   # counted once per generation and kept warm: a restart reads it

    progress(f"serving {quads(store)} quads at http://{host}:{port}/ (SPARQL at /sparql: {updates}, "
             f"{settings.workers} workers, {settings.query_timeout:g} s limit, network in workers: {service.pool.network})")
    try:
        # h11 buffers a request's head up to this size (its default, 16 kB, made a long URL that
        # arrived in pieces a connection reset instead of the app's clear 4xx)
        uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=GRACE_SECONDS,
                    http="h11", h11_max_incomplete_event_size=settings.max_request_bytes)
    finally:
        app.state.sparql.close()  # when uvicorn stops before the lifespan starts (a port in use)


# On SIGTERM (or Ctrl-C) requests still running get this long to finish; then they are cancelled
# (a query's worker is killed), the workers are stopped, and the process exits.
GRACE_SECONDS = 2.0
# ... and should anything still hold the process (a thread stuck in the store), it exits this much later.
EXIT_DEADLINE_SECONDS = 3.0


def _on_shutdown(app, cleanup) -> None:
    """Run ``cleanup`` when the app's lifespan ends (wrapping whatever lifespan it has)."""
    from contextlib import asynccontextmanager

    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a):
        async with inner(a) as state:
            try:
                yield state
            finally:
                cleanup()

    app.router.lifespan_context = lifespan


def _exit_soon() -> None:
    """Make sure the process ends shortly after the app has shut down.

    Uvicorn cancels what is still running after ``GRACE_SECONDS``, but a task waiting for a
    thread (a page or export reading the store in-process) cannot end before that thread does;
    the event loop would wait for it. This timer ends the process instead."""
    import os
    import threading

    def end() -> None:
        progress(f"kg serve: still running {EXIT_DEADLINE_SECONDS:g} s after shutdown; exiting")
        os._exit(1)

    timer = threading.Timer(EXIT_DEADLINE_SECONDS, end)
    timer.daemon = True
    timer.start()
