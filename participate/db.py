"""The database core: declarative base with a constraint naming convention, one engine per
app, and a scoped session that is committed once per request.

We use SQLAlchemy directly rather than Flask-SQLAlchemy so that the test suite can bind the
session to a connection whose outer transaction is rolled back after every test (Flask-SQLAlchemy
3's session ignores an explicit bind), and because everything else we need from it fits here.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from flask import Flask, abort, current_app, g, has_app_context, has_request_context, request
from sqlalchemy import DateTime, MetaData, create_engine, event, exc, select
from sqlalchemy.engine import Engine, Row
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker
from sqlalchemy.sql import Executable
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use participate.db.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime()}


class AppSession(Session):
    """A session that talks to the current app's engine unless it was bound explicitly
    (the test suite binds it to a connection inside a transaction)."""

    def get_bind(self, mapper=None, *, clause=None, bind=None, **kwargs):  # type: ignore[override]
        if bind is not None:
            return bind
        if self.bind is not None:
            return self.bind
        return current_app.extensions["participate.engine"]


def _configure_sqlite(engine: Engine) -> None:
    """Foreign keys on, WAL and a busy timeout for concurrent readers and writers, and the
    pysqlite transaction fix so that SAVEPOINTs (used by the test suite) behave; requests that
    write begin IMMEDIATE so that concurrent writers wait their turn instead of failing."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised on connect
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # A request that changes data takes the write lock with its first statement. Begun
        # as a reader, it would fail at its first write ("database is locked", at once: no
        # busy timeout helps) whenever another request wrote since it began to read.
        # A GET that writes (a share count, a cached image) sets g.db_writes before its first
        # query (participate.share.services.prepare_write); so does work done outside a
        # request that will write (mail sent after the response: notifications.queue).
        writing = (has_app_context() and g.get("db_writes", False)) or (
            has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
        )
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


# A pooled connection that lay unused this long is tested before a request gets it.
PING_AFTER_IDLE_SECONDS = 1.0


def _ping_after_idle(engine: Engine) -> None:
    """Test a pooled server connection before use when it lay unused for a second or more, and
    replace it (and every connection pooled before it) when the server dropped it: a
    restarted database, or a connection closed while idle. SQLAlchemy's `pool_pre_ping`
    tests every checkout, which costs a busy site one round trip per request (a seventh of a
    vote's). A connection in steady use is not tested; a database restart takes longer than
    the second, so afterwards each connection is tested before it is used. A connection that
    fails while in use is SQLAlchemy's disconnect handling, as with the pre-ping: the pool is
    invalidated and the next request connects again."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection, record):
        # `info` lives as long as the server connection: a new one starts without it.
        record.info["participate.idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):
        idle_since = record.info.get("participate.idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, None):
                # The pool discards every connection made before now and connects anew.
                raise exc.InvalidatePoolError() from error
            raise


def make_engine(url: str, **options: Any) -> Engine:
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


class Database:
    """Holds the models' base and the scoped session; `init_app` gives an app its engine."""

    Model = Base

    def __init__(self) -> None:
        self.session: scoped_session[AppSession] = scoped_session(
            sessionmaker(class_=AppSession, expire_on_commit=False)
        )

    def init_app(self, app: Flask) -> None:
        url = app.config["DATABASE_URL"]
        options: dict[str, Any] = {}
        if not url.startswith("sqlite"):
            options.update(pool_size=5, max_overflow=10)
        engine = make_engine(url, **options)
        if engine.dialect.name != "sqlite":
            _ping_after_idle(engine)
        app.extensions["participate.engine"] = engine

        # A request's session ends with the request, also when a test holds an app context.
        app.teardown_request(self._remove_session)
        app.teardown_appcontext(self._remove_session)

    def _remove_session(self, _exc: BaseException | None = None) -> None:
        self.session.remove()

    @property
    def engine(self) -> Engine:
        return current_app.extensions["participate.engine"]

    def execute_alone(self, statement: Executable, params: dict[str, Any]) -> Row[Any] | None:
        """Run a statement that is a whole transaction by itself and return its first row.

        Where the session has begun nothing yet and talks to a server database, the
        statement runs on a pooled connection of its own in autocommit: the server commits
        it as it ends, as one statement (a WITH that inserts and updates is all or nothing),
        in one round trip where BEGIN, the statement and COMMIT are three. Otherwise (the
        session is in a transaction, or bound to a connection as the test suite binds it, or
        SQLite, where a write begins IMMEDIATE) it runs in the session's transaction, which
        the request commits. Only for a statement that is all its request changes: what the
        request changes after it, through the session, is committed apart from it."""
        session = self.session()
        bind = session.get_bind()
        if (
            not isinstance(bind, Engine)
            or bind.dialect.name == "sqlite"
            or session.in_transaction()
        ):
            return session.execute(statement, params).first()
        with bind.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            return connection.execute(statement, params).first()

    def get_or_404(self, model: type[Any], ident: Any) -> Any:
        obj = self.session.get(model, ident)
        if obj is None:
            abort(404)
        return obj

    def first_or_404(self, statement: Any) -> Any:
        obj = self.session.scalar(statement)
        if obj is None:
            abort(404)
        return obj


db = Database()

__all__ = ["Base", "Database", "db", "select", "utcnow"]
