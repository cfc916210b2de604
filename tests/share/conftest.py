from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participate.db import db
from participate.share.models import ShareCount
from tests.factories import make_consultation, make_idea, request_ctx  # noqa: F401

BASE = "http://localhost"  # the test client's host, made the site's public address (BASE_URL)


@pytest.fixture(autouse=True)
def _public_address(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", BASE)


@pytest.fixture
def get(client):
    """`get(path)`: a GET on the site's own host, as a visitor or a crawler makes it."""

    def do(path: str, **kwargs):
        return client.get(path, **kwargs)

    return do


@pytest.fixture
def english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"


def counts(app, kind: str, key: str, network: str | None = None) -> tuple[int, int]:
    """(clicks, arrivals) of an item, for one network or all, over all days."""
    with app.app_context():
        statement = select(
            func.coalesce(func.sum(ShareCount.clicks), 0),
            func.coalesce(func.sum(ShareCount.arrivals), 0),
        ).where(ShareCount.kind == kind, ShareCount.item_key == key)
        if network:
            statement = statement.where(ShareCount.network == network)
        clicks, arrivals = db.session.execute(statement).one()
        return int(clicks), int(arrivals)


def rename_site(app, name: str, tagline: str = "") -> None:
    """Save the site's settings with this municipality name and tagline (the rest default)."""
    from participate.site.services import update_settings

    with app.test_request_context():
        update_settings(
            municipality_name=name,
            tagline=tagline,
            primary_colour="#1d4f91",
            contact_email="",
            logo_alt="",
            logo=None,
            remove_logo=False,
            footer_links=[],
        )
        db.session.commit()
