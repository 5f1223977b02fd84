"""The OpenAPI document describes every endpoint and parameter, and the app keeps to it."""

from __future__ import annotations

import re

import jsonschema
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from search_api import params


def test_document_is_openapi_3_with_every_route(app, openapi):
    assert openapi["openapi"].startswith("3.1")
    rules = {
        re.sub(r"<(?:\w+:)?(\w+)>", "{id}", r.rule).replace("{aid}", "{id}")
        for r in app.url_map.iter_rules()
        if r.rule.startswith(("/api", "/feeds"))
    }
    rules = {re.sub(r"\{(aid|pid|uid)\}", "{id}", r) for r in rules}
    documented = set(openapi["paths"])
    assert rules <= documented, rules - documented


@pytest.mark.parametrize("path", sorted(params.ENDPOINT_PARAMS))
def test_documented_parameters_are_the_accepted_ones(openapi, path):
    op = openapi["paths"][path]["get"]
    documented = {p["name"] for p in op["parameters"] if p["in"] == "query"}
    assert documented == set(params.ENDPOINT_PARAMS[path])
    for p in op["parameters"]:
        assert p.get("description"), f"{path} {p['name']} has no description"


def _schema_for(openapi: dict, path: str, status: int, media: str = "application/json") -> dict:
    response = openapi["paths"][path]["get"]["responses"][str(status)]
    schema = dict(response["content"][media]["schema"])
    schema["components"] = openapi["components"]
    return schema


def _validate(openapi: dict, path: str, resp) -> None:
    schema = _schema_for(openapi, path, resp.status_code)
    jsonschema.Draft202012Validator(schema).validate(resp.get_json())


def test_responses_validate_against_the_document(client, openapi, articles):
    art = articles[0]
    person = client.get("/api/people").get_json()["items"][0]["id"]
    unit = client.get("/api/units").get_json()["items"][0]["id"]
    cases = [
        ("/api/search", "/api/search?q=kiem sat&collapse=story&histogram=year"),
        ("/api/search", "/api/search?size=101"),
        ("/api/articles/{id}", f"/api/articles/{art.id}"),
        ("/api/articles/{id}", "/api/articles/0000000000000000"),
        ("/api/people", "/api/people"),
        ("/api/people/{id}", f"/api/people/{person}"),
        ("/api/units", "/api/units?level=supreme"),
        ("/api/units/{id}", f"/api/units/{unit}"),
        ("/api/documents", "/api/documents"),
        ("/api/documents", "/api/documents?number=03/CT-VKSTC"),
        ("/api/documents", "/api/documents?number=1/ZZ"),
        ("/api/metrics", "/api/metrics?group_by=unit"),
        ("/api/coverage", "/api/coverage?interval=week&by=unit"),
        ("/api/health", "/api/health"),
    ]
    for path, url in cases:
        resp = client.get(url)
        _validate(openapi, path, resp)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def fuzz_api(app, max_examples: int) -> list[str]:
    """Fuzz every documented operation of ``app`` (admin endpoints excepted: they are
    off without a token) with schemathesis; return the paths that were exercised."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    tested = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.path.startswith("/api/admin"):
            continue

        @given(case=operation.as_strategy())
        @settings(
            max_examples=max_examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        )
        def run(case) -> None:
            case.call_and_validate(checks=CHECKS)

        run()
        tested.append(operation.path)
    return tested


def test_fuzzed_requests_never_500_and_conform(app):
    """Generated requests (valid and invalid) get documented statuses and bodies, never a 500."""
    tested = fuzz_api(app, max_examples=25)
    # schemathesis leaves out the document's own path
    assert set(tested) == set(params.ENDPOINT_PARAMS) - {"/api/openapi.json"}
