"""The OpenAPI document is valid OpenAPI 3.1 and describes exactly the API there is: the same
addresses, and for each the same query parameters the code accepts."""

from __future__ import annotations

import re

import pytest
import schemathesis

from tests.api.conftest import get_json


@pytest.fixture
def document(client):
    return get_json(client, "/api/v1/openapi.json")


def test_the_document_is_valid_openapi_3_1(app, document):
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "http://participate.test/api/v1"}]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.validate()  # against the OpenAPI 3.1 meta-schema


def test_every_address_of_the_api_is_described_and_nothing_else(app, document):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            routes.add(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1")))
            assert rule.methods == {"GET", "HEAD", "OPTIONS"}, rule
    assert routes == set(document["paths"])
    for path, item in document["paths"].items():
        assert set(item) == {"get"}, path


def _accepted(client, url: str) -> set[str]:
    """The query parameters the code accepts, as its answer to an unknown one says."""
    body = get_json(client, url + "?zzz=1", 400)
    assert body["parameter"] == "zzz"
    accepted = body["message"].split("This address accepts: ", 1)[1].rstrip(".")
    return set() if accepted == "none" else set(accepted.split(", "))


def test_each_operation_documents_exactly_the_query_parameters_the_code_accepts(
    client, document, world, make_selftest
):
    with client.session_transaction() as session:
        session["locale"] = "en"
    selftest = make_selftest()
    values = {
        "slug": world.consultation.slug,
        "idea_id": world.public["plain"].id,
    }
    components = document["components"]["parameters"]
    for path, item in document["paths"].items():
        operation = item["get"]
        documented = set()
        for parameter in operation["parameters"]:
            if "$ref" in parameter:
                parameter = components[parameter["$ref"].rsplit("/", 1)[1]]
            if parameter["in"] == "query":
                documented.add(parameter["name"])
        url = "/api/v1" + path.format(
            **{**values, "slug": selftest.slug if path.startswith("/selftests") else values["slug"]}
        )
        assert _accepted(client, url) == documented, path
        assert {"200", "304", "400", "429"} <= set(operation["responses"]), path


def test_the_page_for_people_lists_every_address(client, document):
    page = client.get("/api").get_data(as_text=True)
    for path in document["paths"]:
        assert f"/api/v1{path.replace('{idea_id}', '{id}')}</code>" in page, path
