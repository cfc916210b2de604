"""Test fixtures (Indico's way): the schema is built once per session by running the Alembic
migrations, and every test runs inside a transaction that is rolled back afterwards.

SQLite by default; set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1/participate_test)
to run the same suite on PostgreSQL. That database is emptied at the start of the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from participate import create_app, migrate
from participate.accounts import passwords
from participate.db import db, make_engine
from participate.extensions import limiter
from participate.mail import outbox as app_outbox

TEST_PASSWORD = "correct horse battery staple"


def pytest_configure(config: pytest.Config) -> None:
    # argon2id still, but cheap: hashing is not what these tests are about.
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def reset_postgres_database(url: str) -> None:
    """Drop and recreate the database named in `url` (it is the test suite's own)."""
    u = make_url(url)
    admin = make_engine(
        u.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{u.database}"'))
    admin.dispose()


def database_url_for(tmp_path_factory: pytest.TempPathFactory, suffix: str = "") -> str:
    """A fresh, empty database: a SQLite file, or a PostgreSQL database beside TEST_DATABASE_URL."""
    base = os.environ.get("TEST_DATABASE_URL")
    if base:
        url = make_url(base)
        url = url.set(database=f"{url.database}{suffix}")
        rendered = url.render_as_string(hide_password=False)
        reset_postgres_database(rendered)
        return rendered
    return f"sqlite:///{tmp_path_factory.mktemp('db') / f'test{suffix}.db'}"


def app_test_config(database_url: str, **extra: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "BASE_URL": "http://participate.test",
        "MAIL_CAPTURE": True,
        "MAIL_SERVER": "",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(extra)
    return config


@contextmanager
def app_on_its_own_database(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, *, read_first: bool = False, **config
) -> Iterator[Any]:
    """An app on a migrated database of its own, for the concurrency tests: their threads make
    real requests on real connections, outside the rolled-back test transaction. With
    `read_first`, every request reads before it writes (as a later hook loading the visitor
    might), the case where SQLite could refuse the write."""
    app = create_app(app_test_config(database_url_for(tmp_path_factory, suffix), **config))
    if read_first:

        @app.before_request
        def _read_first() -> None:
            db.session.execute(text("SELECT 1"))

    with app.app_context():
        migrate.upgrade()
    try:
        yield app
    finally:
        app.extensions["participate.engine"].dispose()


@contextmanager
def unbound_session() -> Iterator[None]:
    """The shared session, unbound from the test's rolled-back connection for the duration."""
    bind = db.session.session_factory.kw.get("bind")
    db.session.remove()
    db.session.configure(bind=None)
    try:
        yield
    finally:
        db.session.remove()
        db.session.configure(bind=bind)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory):
    app = create_app(app_test_config(database_url_for(tmp_path_factory)))
    with app.app_context():
        migrate.upgrade()
    yield app
    app.extensions["participate.engine"].dispose()


@pytest.fixture(autouse=True)
def _db_transaction(app) -> Iterator[None]:
    """Each test runs in a transaction that is rolled back; the app's commits become savepoints."""
    engine = app.extensions["participate.engine"]
    connection = engine.connect()
    transaction = connection.begin()
    db.session.remove()
    db.session.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield
    finally:
        db.session.remove()
        transaction.rollback()
        connection.close()
        db.session.configure(bind=None)


@pytest.fixture(autouse=True)
def _fresh_limits_and_mail(app, request: pytest.FixtureRequest) -> Iterator[None]:
    """Rate limits start from zero; a test that sends e-mail must ask for `outbox` (Indico's
    `smtp` fixture), so no test mails anyone by accident."""
    with app.app_context():
        limiter.reset()
        app_outbox().clear()
    yield
    with app.app_context():
        sent = list(app_outbox())
    if sent and "outbox" not in request.fixturenames:
        pytest.fail(f"unexpected e-mail sent: {[(m.to, m.subject) for m in sent]}")


@pytest.fixture
def outbox(app):
    with app.app_context():
        return app_outbox()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_ctx(app) -> Iterator[None]:
    """For unit tests of services. Do not make requests while holding it."""
    with app.app_context():
        yield
        db.session.flush()


@contextmanager
def _in_app(app):
    with app.app_context():
        yield
        db.session.commit()  # a savepoint: the outer test transaction still rolls it back


@pytest.fixture
def make_user(app):
    """`make_user(role="moderator", verified=True, email=..., name=...)` → a saved User."""
    from participate.accounts.models import User
    from participate.accounts.passwords import hash_password

    counter = {"n": 0}

    def factory(
        role: str = "citizen",
        *,
        verified: bool = True,
        email: str | None = None,
        name: str | None = None,
        password: str = TEST_PASSWORD,
        locale: str | None = None,
    ) -> User:
        from participate.db import utcnow

        counter["n"] += 1
        n = counter["n"]
        with _in_app(app):
            user = User(
                email=(email or f"{role}{n}@example.com").lower(),
                display_name=name or f"{role.title()} {n}",
                password_hash=hash_password(password),
                role=role,
                locale=locale,
                email_verified_at=utcnow() if verified else None,
            )
            db.session.add(user)
            db.session.flush()
        return user

    return factory


@pytest.fixture
def login(client):
    """`login(user)` logs the test client in as `user` through the real log-in form."""

    def do_login(user, password: str = TEST_PASSWORD, remember: bool = False):
        data = {"email": user.email, "password": password}
        if remember:
            data["remember"] = "y"
        response = client.post("/login", data=data)
        assert response.status_code == 303, response.get_data(as_text=True)
        return response

    return do_login


@pytest.fixture(params=["citizen", "moderator", "council", "admin"])
def any_role(request) -> str:
    return request.param


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counter: ...; counter.count` — pins a page's query count."""

    @contextmanager
    def counting():
        class Counter:
            count = 0
            statements: list[str] = []

        counter = Counter()
        engine = app.extensions["participate.engine"]

        def before(conn, cursor, statement, *args):
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
                counter.count += 1
                counter.statements.append(statement)

        event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting
