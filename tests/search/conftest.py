"""Fixtures of the search contract suite: every backend, loaded with the same corpus.

``backend_kind`` is parametrised over ``sqlite`` and ``engine`` (a real
OpenSearch node that :mod:`tests.search.engine` starts, or
``KIEMSAT_TEST_SEARCH_URL``). ``loaded`` is one backend per kind with the
fixture corpus indexed once per session (tests must not modify it);
``fresh`` gives an empty backend of the same kind for tests that write.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiemsat.model import Article
from search_api.base import SearchBackend
from search_api.sqlite_backend import SqliteBackend
from tests.search import corpus
from tests.search.engine import engine_url_or_skip

# KIEMSAT_SEARCH_SQLITE_ONLY=1 (or -m "not engine") leaves the engine half out
KINDS = [
    "sqlite",
    *(
        []
        if os.environ.get("KIEMSAT_SEARCH_SQLITE_ONLY") == "1"
        else [pytest.param("engine", marks=pytest.mark.engine)]
    ),
]
_counter = itertools.count()


@pytest.fixture(scope="session")
def articles() -> list[Article]:
    return corpus.build()


def make_backend(kind: str, tmp: Path, url: str | None) -> SearchBackend:
    if kind == "sqlite":
        return SqliteBackend(tmp / f"search-{next(_counter)}.sqlite3")
    from search_api.elastic_backend import ElasticBackend

    backend = ElasticBackend(url or "", prefix=f"t{next(_counter)}", refresh=True)
    backend.ensure_index()
    return backend


@pytest.fixture(scope="session")
def engine_url(request: pytest.FixtureRequest) -> str:
    return engine_url_or_skip(request)


@pytest.fixture(scope="session", params=KINDS)
def backend_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "engine":
        request.getfixturevalue("engine_url")
    return request.param


@pytest.fixture(scope="session")
def loaded(
    backend_kind: str, articles: list[Article], tmp_path_factory: pytest.TempPathFactory, request
) -> Iterator[SearchBackend]:
    url = request.getfixturevalue("engine_url") if backend_kind == "engine" else None
    backend = make_backend(backend_kind, tmp_path_factory.mktemp("loaded"), url)
    backend.index_articles(articles)
    yield backend
    backend.close()


@pytest.fixture
def fresh(backend_kind: str, tmp_path: Path, request) -> Iterator[SearchBackend]:
    url = request.getfixturevalue("engine_url") if backend_kind == "engine" else None
    backend = make_backend(backend_kind, tmp_path, url)
    yield backend
    backend.close()
