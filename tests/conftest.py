"""Shared fixtures: settings, a store built from the curated data, the app, an HTTP client, the CLI
runner, and the hand-made export fixture graph with its own client (fstore, fclient); and the rule
that no test skips (a skip or xfail fails the run unless the test is marked ``may_skip``)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.store.build import open_store
from kg.core.settings import PROJECT_ROOT, Settings

CORPUS = Path(os.environ.get("KG_TEST_CORPUS", PROJECT_ROOT.parent / "shared" / "corpus"))
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"

pytest_plugins = ["no_skips"]   # a skip fails the run unless the test is marked may_skip


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    assert CORPUS.is_dir(), f"the tests need the corpus at {CORPUS} (set KG_TEST_CORPUS)"
    return CORPUS


@pytest.fixture(scope="session", autouse=True)
def project_data_untouched():
    """No test may write to the project's own data folder (an update through /sparql is journaled
    in the data folder of the app that took it: tests give such apps a scratch copy)."""
    def listing() -> list[str]:
        return sorted(p.name for p in (PROJECT_ROOT / "data").iterdir() if not p.name.startswith("."))
    before = listing()
    yield
    assert listing() == before, "a test wrote into data/"


@pytest.fixture(scope="session")
def settings(corpus_dir: Path, tmp_path_factory) -> Settings:
    """Settings for the curated graph in memory, reading the real corpus."""
    return Settings.from_env(env={}, store="memory", corpus=str(corpus_dir),
                             store_path=str(tmp_path_factory.mktemp("store") / "store"))


@pytest.fixture(scope="session")
def store(settings: Settings):
    return open_store(settings)


@pytest.fixture(scope="session")
def app(settings: Settings, store):
    from web.app import create_app

    return create_app(settings, store)


@pytest.fixture()
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture()
def runner():
    from click.testing import CliRunner

    return CliRunner()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def fstore(tmp_path_factory):
    """The small hand-made graph of ``export_fixture`` in a memory store."""
    from export_fixture import fixture_store

    return fixture_store(tmp_path_factory.mktemp("fixture"))


@pytest.fixture(scope="module")
def fclient(settings, fstore):
    """A test client of the app over ``fstore``."""
    from fastapi.testclient import TestClient

    from web.app import create_app

    with TestClient(create_app(settings, fstore)) as c:
        yield c



# -- one parametrised store: embedded, Virtuoso, Oxigraph server ---------------------------------
# Each server is started once per session (on a free loopback port, its files in a temporary
# folder) and loaded with the curated graph once; tests/remote_servers.py starts them.

def _engine_settings(request, settings: Settings, tmp_path_factory) -> Settings:
    name = request.param
    if name == "embedded":
        return settings
    server = request.getfixturevalue(f"_server_{name.replace('-', '_')}")
    return settings.replace(**server.settings, store_path=str(tmp_path_factory.mktemp(f"kg-{name}") / "store"))


@pytest.fixture(scope="session")
def _server_virtuoso(tmp_path_factory):
    from remote_servers import start

    server = start("virtuoso", tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _server_oxigraph_server(tmp_path_factory):
    from remote_servers import start

    server = start("oxigraph-server", tmp_path_factory.mktemp("oxigraph-server"))
    yield server
    server.stop()


@pytest.fixture(scope="session", params=["embedded", "virtuoso", "oxigraph-server"])
def any_settings(request, settings: Settings, tmp_path_factory) -> Settings:
    """Settings for the curated graph on each store in turn: the embedded one (the ``settings``
    fixture), a Virtuoso and an Oxigraph server, each started for the session."""
    return _engine_settings(request, settings, tmp_path_factory)


@pytest.fixture(scope="session")
def any_store(any_settings: Settings, store):
    """The curated graph on each store in turn (loaded once per session and engine)."""
    if any_settings.store == "memory":
        return store
    return open_store(any_settings, rebuild=True)


@pytest.fixture(scope="session")
def any_app(any_settings: Settings, any_store, app):
    from web.app import create_app

    if any_settings.store == "memory":
        return app
    return create_app(any_settings, any_store)


@pytest.fixture()
def any_client(any_app):
    from fastapi.testclient import TestClient

    with TestClient(any_app) as c:
        yield c
