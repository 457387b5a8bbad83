"""The ``kg`` command group and the options every command shares.

Commands are thin: they turn options into ``Settings`` and call plain functions
of the ``kg`` package. Each command lives in its own module of ``kg.cli``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.core.settings import LIMITS, SETTINGS, Settings

SETTING_BY_NAME = {s.name: s for s in SETTINGS}


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="policy-kg")
def main() -> None:
    """policy-kg: a knowledge graph of policy documents, with evidence on every statement.

    Settings come from options, then KG_* environment variables, then defaults
    (see `kg settings`).
    """


def store_options(fn):
    """--store, --store-path, --corpus and --data, shared by commands that open the graph."""
    fn = click.option("--corpus", type=click.Path(file_okay=False), default=None,
                      help="Corpus folder (env KG_CORPUS; default ../shared/corpus).")(fn)
    fn = click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None,
                      help="Curated data folder (env KG_DATA; default data/).")(fn)
    fn = click.option("--store-path", default=None, help="Folder of the on-disk store (env KG_STORE_PATH).")(fn)
    fn = click.option("--store", default=None, metavar="oxigraph|memory|sparql:URL",
                      help="Where the graph lives: oxigraph (on disk), memory, or sparql:QUERY_URL of a SPARQL 1.1 "
                           "server (env KG_STORE; default oxigraph; a server's update URL, Graph Store URL and "
                           "user:password come from KG_STORE_UPDATE_URL, KG_STORE_GSP_URL, KG_STORE_AUTH).")(fn)
    return fn


def limit_option(name: str, *flags: str, help_prefix: str = ""):
    """A click option for the request limit ``name`` of ``kg.core.settings.LIMITS``: the same default,
    range and help as the web parameter of that name."""
    lim = LIMITS[name]
    flag = flags or ("--" + name.replace("_", "-"),)
    return click.option(*flag, name, default=lim.default, show_default=True, type=click.IntRange(lim.low, lim.high),
                        help=help_prefix + lim.help)


def setting_option(name: str, *flags: str, help_prefix: str = "", metavar: str | None = None):
    """A click option overriding the setting ``name`` of ``kg.core.settings.SETTINGS``: its type, help,
    environment variable and default come from the table (None when not given: the environment
    or the default applies, through ``Settings.from_env``)."""
    setting = SETTING_BY_NAME[name]
    flag = flags or ("--" + name.replace("_", "-"),)
    kind = setting.kind if setting.kind in (int, float) else str
    return click.option(*flag, name, type=kind, default=None, metavar=metavar,
                        help=f"{help_prefix}{setting.help.rstrip('.')} (env {setting.env}; "
                             f"default {setting.default if setting.default != '' else 'none'}).")


def settings_from(**options: object) -> Settings:
    try:
        return Settings.from_env(**options)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def progress(message: str) -> None:
    click.echo(message, err=True)


def fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def open_for_reading(settings: Settings):
    """The store for a command that only reads, and the folder its query workers may open.

    The on-disk store is opened read-only (``kg serve`` may hold it open for writing), so
    ``kg query``, ``kg trace`` and ``kg export`` work while the server runs; a memory store is
    built in this process (no folder). Raises ``StoreError`` naming the folder when it cannot
    be opened."""
    from kg.store.build import open_store
    from kg.store import StoreError

    if settings.store != "oxigraph":
        return open_store(settings), None
    try:
        return open_store(settings, read_only=True), settings.store_path
    except StoreError as exc:
        raise StoreError(f"{exc} (opened read-only, which works while kg serve runs on it; is "
                         f"{settings.store_path} an Oxigraph store built by kg build?)") from exc


def writable_store(settings: Settings):
    """The on-disk store opened for writing, for a command that writes (``kg ingest``, ``kg
    review``) while no ``kg serve`` holds it, and only when it holds the data files as they are
    (``is_current``): the command's writes then go to the files and the store in one hold of the
    data folder's lock and are settled (``kg.store.settling``), so the next start opens the store
    without a build. None otherwise: another store kind, a store a running server holds (it
    follows the files' change counter), or one the data files have moved past (the next start
    rebuilds it, as it would have)."""
    from kg.store.build import is_current, open_store
    from kg.store import StoreError

    if settings.store != "oxigraph" or not Path(settings.store_path).is_dir() or not is_current(settings):
        return None
    try:
        return open_store(settings)
    except StoreError:
        return None     # its lock is taken: a running kg serve (or another writing command) holds it


def query_service(settings: Settings, store, read_only_path: str | None, workers: int = 1):
    """A SPARQL service (checks, worker processes, time limit, row cap) over ``store``: the
    gateway every user-written query of a command passes, as at the web endpoint."""
    from kg.sparql import SparqlService

    return SparqlService(settings, store, workers=workers, read_only_path=read_only_path)
