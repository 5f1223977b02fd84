"""The fake procuracy portal served on 127.0.0.1 (tests, ``kiemsat demo``, benchmarks)."""

from crawler.fakeportal.server import (
    SITES,
    FakePortal,
    FixtureArticle,
    expected_stored,
    load_fixtures,
    render_fixture,
)

__all__ = [
    "SITES",
    "FakePortal",
    "FixtureArticle",
    "expected_stored",
    "load_fixtures",
    "render_fixture",
]
