"""Alembic environment. It runs inside the app (for its DATABASE_URL) and knows every model."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from flask import current_app, has_app_context

from participate.models import include_object_for, metadata

config = context.config
if config.config_file_name is not None and not config.attributes.get("skip_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _app_context():
    if has_app_context():
        from contextlib import nullcontext

        return nullcontext()
    from participate import create_app

    return create_app().app_context()


def run_migrations_offline() -> None:
    with _app_context():
        context.configure(
            url=current_app.config["DATABASE_URL"],
            target_metadata=metadata,
            literal_binds=True,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with _app_context(), current_app.extensions["participate.engine"].connect() as connection:
        _run(connection)


def _run(connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite and not connection.in_transaction():
        # SQLite's batch mode copies a table, drops it and renames the copy: with foreign keys
        # on, dropping `ideas` would cascade to its votes and comments. Off for the migration
        # (outside a transaction, where SQLite honours the pragma), checked and on afterwards.
        raw = connection.connection.driver_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            _migrate(connection)
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
        problems = raw.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"the migration broke foreign keys: {problems[:10]}")
        return
    _migrate(connection)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
        compare_server_default=False,
        include_object=include_object_for(connection.dialect.name),
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
