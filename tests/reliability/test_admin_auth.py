"""Admin endpoints: off without a token, refused without the right one, compared in constant time.

``tests/serve/test_serve_failures.py`` has the happy path (a reindex job run
with the token) and the basic refusals; here are the hostile variants and the
proof that the comparison is :func:`hmac.compare_digest`. No job is started:
every request below must be refused before anything runs.
"""

from __future__ import annotations

import hmac
from pathlib import Path

import pytest

from kiemsat.settings import Settings
from tests.serve.conftest import make_app

TOKEN = "k1em-sat-admin-0123456789abcdef"
PATHS = ["/api/admin/reindex", "/api/admin/crawl"]


@pytest.fixture
def app(tmp_path: Path):
    application = make_app(Settings(data_dir=tmp_path, admin_token=TOKEN))
    yield application
    application.extensions["kiemsat"].close()


@pytest.mark.parametrize("token", ["", None])
def test_admin_is_off_without_a_token(tmp_path: Path, token):
    settings = (
        Settings(data_dir=tmp_path)
        if token is None
        else Settings(data_dir=tmp_path, admin_token=token)
    )
    application = make_app(settings)
    client = application.test_client()
    for path in [*PATHS, "/api/admin/jobs/abc"]:
        for auth in ({}, {"Authorization": "Bearer "}, {"Authorization": f"Bearer {TOKEN}"}):
            resp = (
                client.post(path, headers=auth)
                if "jobs" not in path
                else client.get(path, headers=auth)
            )
            assert resp.status_code == 404 and resp.is_json, (path, auth, resp.status_code)
    assert not any(r.rule.startswith("/api/admin") for r in application.url_map.iter_rules())
    application.extensions["kiemsat"].close()


WRONG = [
    {},
    {"Authorization": ""},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer "},
    {"Authorization": TOKEN},  # no scheme
    {"Authorization": f"Basic {TOKEN}"},
    {"Authorization": f"bearer  {TOKEN}"},
    {"Authorization": f"Bearer {TOKEN[:-1]}"},  # a prefix of the token
    {"Authorization": f"Bearer {TOKEN}x"},  # the token and more
    {"Authorization": f"Bearer {TOKEN.upper()}"},
    {"Authorization": "Bearer " + "é" * 40},  # non-ASCII
    {"Authorization": "Bearer " + "a" * 10000},
    {"X-Admin-Token": TOKEN},
    {"Cookie": f"token={TOKEN}"},
]


@pytest.mark.parametrize("headers", WRONG, ids=range(len(WRONG)))
def test_wrong_or_missing_token_is_401_json(app, headers):
    client = app.test_client()
    for path in PATHS:
        resp = client.post(path, headers=headers)
        assert resp.status_code == 401, (headers, path, resp.status_code)
        assert resp.is_json and "token" in resp.get_json()["error"]
    resp = client.get("/api/admin/jobs/anything", headers=headers)
    assert resp.status_code == 401
    # the token in the query string is not a credential either
    assert client.post(f"{PATHS[0]}?token={TOKEN}", headers=headers).status_code == 401


def test_token_is_compared_in_constant_time(app, monkeypatch):
    """Every check goes through :func:`hmac.compare_digest` (no ``==`` that could
    leak the token's prefix through timing)."""
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    client = app.test_client()
    assert client.post(PATHS[0], headers={"Authorization": "Bearer nope"}).status_code == 401
    assert calls and calls[-1][1] == TOKEN.encode()
    n = len(calls)
    # the right token passes the check (an unknown action then answers 404, nothing runs)
    resp = client.post("/api/admin/no-such-action", headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status_code == 404 and len(calls) == n + 1
