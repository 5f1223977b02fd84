"""A store and an embedded SQLite index built from our fixture articles, and apps over them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiemsat.settings import Settings
from tests.serve.fixtures import build_data, fixture_articles, make_app

OPENAPI = json.loads(
    (Path(__file__).resolve().parents[2] / "search_api" / "openapi.json").read_text(
        encoding="utf-8"
    )
)


@pytest.fixture(scope="session")
def data_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("serve-data")
    settings = Settings(data_dir=root / "data")
    build_data(settings)
    return settings


@pytest.fixture(scope="session")
def articles() -> list:
    return fixture_articles()


@pytest.fixture(scope="session")
def app(data_settings: Settings):
    application = make_app(data_settings)
    yield application
    application.extensions["kiemsat"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def openapi() -> dict:
    return OPENAPI
