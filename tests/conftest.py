"""Shared fixtures: settings, a store built from the curated data, the app, an HTTP client, the CLI
runner, and the hand-made export fixture graph with its own client (fstore, fclient)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.build import open_store
from kg.settings import PROJECT_ROOT, Settings

CORPUS = Path(os.environ.get("KG_TEST_CORPUS", PROJECT_ROOT.parent / "shared" / "corpus"))
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    assert CORPUS.is_dir(), f"the tests need the corpus at {CORPUS} (set KG_TEST_CORPUS)"
    return CORPUS


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

