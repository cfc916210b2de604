import pytest


@pytest.fixture
def english(client):
    """The test client reads English pages, so assertions do not depend on the catalogues."""
    with client.session_transaction() as session:
        session["locale"] = "en"
    return client
