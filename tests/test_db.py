"""The engine's pooled connections: tested before use only after lying idle, and replaced when
the database server dropped them."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, text

from participate import db as db_module
from participate.db import make_engine


@pytest.fixture
def engine(app):
    engine = make_engine(app.config["DATABASE_URL"], pool_size=1, max_overflow=0)
    db_module._ping_after_idle(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pings(engine, monkeypatch) -> list[object]:
    seen: list[object] = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection):
        seen.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return seen


def _use(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT 1")).scalar_one()


def test_a_connection_in_steady_use_is_not_tested(engine, pings):
    for _ in range(3):
        _use(engine)
    assert pings == []  # a new connection, then one back in the pool less than a second ago


def test_a_connection_that_lay_idle_is_tested_before_use(engine, pings, monkeypatch):
    _use(engine)
    monkeypatch.setattr(db_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    _use(engine)
    _use(engine)
    assert len(pings) == 2


def _server_pid(connection) -> int:
    return connection.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(app, pid: int) -> None:
    admin = make_engine(app.config["DATABASE_URL"], isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    admin.dispose()


def _postgresql_only(engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("a server that drops connections: PostgreSQL")


def test_a_dropped_idle_connection_is_replaced_before_a_request_uses_it(app, engine, monkeypatch):
    _postgresql_only(engine)
    with engine.connect() as connection:
        dropped = _server_pid(connection)
    _terminate(app, dropped)  # the database restarted, or closed the idle connection
    monkeypatch.setattr(db_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    with engine.connect() as connection:
        assert _server_pid(connection) != dropped


def test_a_connection_dropped_while_in_steady_use_fails_once_and_the_pool_recovers(app, engine):
    # The trade-off of not testing busy connections: the request that finds a connection
    # dropped within the second since its last use fails; the pool then connects anew.
    _postgresql_only(engine)
    with engine.connect() as connection:
        dropped = _server_pid(connection)
    _terminate(app, dropped)
    with pytest.raises(exc.DBAPIError) as failure, engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    assert failure.value.connection_invalidated
    with engine.connect() as connection:
        assert _server_pid(connection) != dropped
