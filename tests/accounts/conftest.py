from __future__ import annotations

import pytest
from flask_babel import force_locale
from itsdangerous.timed import TimestampSigner
from sqlalchemy import func, select

from participate.accounts.models import User
from participate.db import db

NEW_PASSWORD = "a brand new sentence for a password"


@pytest.fixture(autouse=True)
def _english(client):
    """The test client reads English pages, so assertions read like the source text and do not
    depend on the catalogues. Dutch stays the default; the tests about language say so."""
    with client.session_transaction() as session:
        session["locale"] = "en"


@pytest.fixture
def register(client):
    """`register(**fields)` posts the registration form; fields not given are valid."""

    def post(**fields: str):
        data = {
            "email": "jan@example.com",
            "display_name": "Jan Janssens",
            "password": "een lange zin als wachtwoord",
            "password_confirm": "een lange zin als wachtwoord",
        }
        data.update(fields)
        return client.post("/register", data=data)

    return post


@pytest.fixture
def user_count(app):
    def count() -> int:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(User))

    return count


@pytest.fixture
def reload(app):
    """`reload(user)` → the user as the database has it now."""

    def get(user: User) -> User:
        with app.app_context():
            return db.session.get(User, user.id)

    return get


class Clock:
    """Moves the clock that signed links (itsdangerous) are checked against; nothing sleeps."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset = 0
        real = TimestampSigner.get_timestamp
        monkeypatch.setattr(
            TimestampSigner, "get_timestamp", lambda signer: real(signer) + self.offset
        )

    def advance(self, seconds: int) -> None:
        self.offset += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def request_ctx(app):
    """For unit tests of services whose refusals are translated (they need a visitor's
    locale; English here). Do not make requests with the client while holding it."""
    with app.test_request_context(), force_locale("en"):
        yield
        db.session.flush()
