import pytest

from tests.factories import make_consultation, make_idea, request_ctx  # noqa: F401


@pytest.fixture(autouse=True)
def _english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"
