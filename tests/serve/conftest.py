"""A store and an embedded SQLite index built from our fixture articles, and apps over them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiemsat.settings import Settings
from kiemsat.store import Store
from search_api import get_backend
from search_api.app import create_app
from search_api.config import TestingConfig
from tests.serve.fixtures import fixture_articles, raw_page_html

OPENAPI = json.loads(
    (Path(__file__).resolve().parents[2] / "search_api" / "openapi.json").read_text(
        encoding="utf-8"
    )
)


def build_data(settings: Settings) -> list:
    """Write the fixture pages and articles to the store and index them; return the articles."""
    articles = fixture_articles()
    with Store.open(settings) as store:
        for art in articles:
            store.put_raw_page(
                url=art.url,
                body=raw_page_html(art),
                site=art.site,
                encoding="utf-8",
                content_type="text/html; charset=utf-8",
                fetched_at=art.fetched_at,
            )
            store.put_article(art)
    backend = get_backend(settings)
    try:
        backend.index_articles(articles)
    finally:
        backend.close()
    return articles


@pytest.fixture(scope="session")
def data_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("serve-data")
    settings = Settings(data_dir=root / "data")
    build_data(settings)
    return settings


@pytest.fixture(scope="session")
def articles() -> list:
    return fixture_articles()


def make_app(settings: Settings, **extra):
    config = type("TestConfig", (TestingConfig,), {"SETTINGS": settings, **extra})
    return create_app(config)


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
