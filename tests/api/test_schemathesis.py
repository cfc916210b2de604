"""The API keeps its OpenAPI document: schemathesis generates requests from the document
(valid ones and invalid ones) and checks every answer against it: status codes, headers,
content types, the response schemas (which allow no undocumented property), no server error,
and that invalid input is refused. On the demo data, so the answers have something in them;
plus one request per operation on data known to exist, so every schema meets a full answer."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from sqlalchemy import select

from participate import demo
from participate.db import db
from participate.ideas.models import Idea

# Modest, so that the suite stays fast: each operation gets this many generated requests of
# each kind (valid and invalid).
MAX_EXAMPLES = 15


@pytest.fixture
def api_schema(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_API", "100000 per minute")
    with app.app_context():
        demo.seed_demo()
        db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def _operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


# schemathesis's own pytest integration (`schemathesis.pytest.from_fixture`) breaks on pytest
# 9.2 (it sets `request.node._nodeid`, gone from pytest); its Hypothesis strategies do the same
# generation, one operation at a time.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_answers_as_its_openapi_document_says(app, api_schema, mode):
    operations = _operations(api_schema)
    # Every operation but the one serving the document itself (schemathesis leaves it out).
    assert len(operations) == 10
    known = _known_path_parameters(app)
    for operation in operations:
        strategies = [operation.as_strategy(generation_mode=mode)]
        names = {p.name for p in operation.path_parameters}
        if names and list(operation.query):
            # Once more on something that exists, so that the query and the answer's schema
            # are tried on real data rather than mostly on 404s.
            fixed = {name: known[operation.path][name] for name in names}
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=fixed))
        for strategy in strategies:

            @given(case=strategy)
            @settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                # The fixtures hold the demo data in the test's transaction; the API only reads.
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
            )
            def check(case):
                case.call_and_validate()

            check()


def _known_path_parameters(app) -> dict[str, dict[str, object]]:
    with app.app_context():
        idea_id = db.session.scalar(
            select(Idea.id)
            .where(Idea.public_clause(), Idea.comment_count > 1)
            .order_by(Idea.id)
            .limit(1)
        )
    consultation = {"slug": "ruimte-voor-morgen"}
    selftest = {"slug": "waar-wil-jij-wonen"}
    return {
        "/consultations/{slug}": consultation,
        "/consultations/{slug}/themes": consultation,
        "/consultations/{slug}/ideas": consultation,
        "/consultations/{slug}/comments": consultation,
        "/ideas/{idea_id}": {"idea_id": idea_id},
        "/ideas/{idea_id}/comments": {"idea_id": idea_id},
        "/selftests/{slug}": selftest,
        "/selftests/{slug}/aggregates": selftest,
    }


def test_every_operation_on_data_that_exists_answers_as_documented(app, api_schema):
    idea_id = _known_path_parameters(app)["/ideas/{idea_id}"]["idea_id"]
    with app.app_context():
        responded = db.session.scalar(
            select(Idea.id).where(Idea.public_clause(), Idea.status != "published").limit(1)
        )
    slug, selftest = "ruimte-voor-morgen", "waar-wil-jij-wonen"
    calls = [
        ("/consultations", {}, {"per_page": 100}),
        ("/consultations/{slug}", {"slug": slug}, {}),
        ("/consultations/{slug}/themes", {"slug": slug}, {}),
        ("/consultations/{slug}/ideas", {"slug": slug}, {"per_page": 100, "sort": "supported"}),
        ("/consultations/{slug}/comments", {"slug": slug}, {"per_page": 100}),
        ("/ideas/{idea_id}", {"idea_id": idea_id}, {}),
        ("/ideas/{idea_id}", {"idea_id": responded}, {}),
        ("/ideas/{idea_id}/comments", {"idea_id": idea_id}, {}),
        ("/selftests", {}, {}),
        ("/selftests/{slug}", {"slug": selftest}, {}),
        ("/selftests/{slug}/aggregates", {"slug": selftest}, {"version": 1}),
    ]
    for path, path_parameters, query in calls:
        case = api_schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
        response = case.call_and_validate()
        assert response.status_code == 200, (path, response.text)
        body = response.json()
        if "items" in body:
            assert body["items"], f"{path} gave an empty list: the check would prove little"
