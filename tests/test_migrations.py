"""The migrations are the schema: one head, nothing the models have that they miss, and a clean
way down and up again (Redash's single-head test, Indico's migration checks). Runs on SQLite, and
on PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from participate import create_app, migrate
from participate.models import include_object, include_object_for, metadata
from tests.conftest import app_test_config, database_url_for

VERSIONS = Path(migrate.ROOT) / "migrations" / "versions"


def test_there_is_exactly_one_head():
    heads = ScriptDirectory.from_config(migrate.alembic_config()).get_heads()
    assert len(heads) == 1, f"several Alembic heads, merge them: {heads}"


@pytest.fixture(scope="module")
def fresh_app(tmp_path_factory):
    app = create_app(app_test_config(database_url_for(tmp_path_factory, "_migrations")))
    yield app
    app.extensions["participate.engine"].dispose()


def _schema_differences(engine) -> list:
    with engine.connect() as connection:
        # The options migrations/env.py gives autogenerate.
        opts = {
            "compare_type": True,
            "compare_server_default": False,
            "include_object": include_object_for(connection.dialect.name),
        }
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, metadata)


def _tables(engine) -> set[str]:
    """The tables in the database, less those the models deliberately leave out (full-text
    indexes made by hand in the migrations)."""
    names = inspect(engine).get_table_names()
    return {n for n in names if include_object(None, n, "table", True, None)}


def test_upgrade_matches_the_models_downgrade_empties_and_upgrade_again(fresh_app):
    engine = fresh_app.extensions["participate.engine"]
    with fresh_app.app_context():
        migrate.upgrade("head")
        assert _schema_differences(engine) == [], (
            "the models differ from the migrations: write a migration"
        )

        migrate.downgrade("base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}

        migrate.upgrade("head")
        assert _tables(engine) == set(metadata.tables) | {"alembic_version"}
        assert _schema_differences(engine) == []


FILE_NAME = re.compile(r"^\d{8}_\d{4}_[0-9a-f]{12}_[a-z0-9_]+\.py$")


def _migration_files() -> list[Path]:
    return sorted(VERSIONS.glob("*.py"))


def test_migration_files_have_dated_names():
    files = _migration_files()
    assert files
    misnamed = [f.name for f in files if not FILE_NAME.match(f.name)]
    assert not misnamed, f"name migrations YYYYMMDD_HHMM_<rev>_<slug>.py: {misnamed}"


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _not_null_columns_added_without_default(tree: ast.AST) -> list[str]:
    """Columns given to `add_column` (op. or batch_op.) as NOT NULL without a server_default:
    such a step fails on a table that already has rows."""
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "add_column"):
            continue
        for arg in node.args:
            if not (isinstance(arg, ast.Call) and getattr(arg.func, "attr", None) == "Column"):
                continue
            nullable = _keyword(arg, "nullable")
            not_null = isinstance(nullable, ast.Constant) and nullable.value is False
            if not_null and _keyword(arg, "server_default") is None:
                name = (
                    arg.args[0].value if arg.args and isinstance(arg.args[0], ast.Constant) else "?"
                )
                found.append(f"line {arg.lineno}: {name}")
    return found


@pytest.mark.parametrize("path", _migration_files(), ids=lambda p: p.name)
def test_not_null_columns_added_to_existing_tables_have_a_server_default(path):
    problems = _not_null_columns_added_without_default(ast.parse(path.read_text()))
    assert not problems, f"{path.name}: NOT NULL column added without server_default: {problems}"


def test_the_server_default_check_catches_a_bare_not_null_column():
    bad = "op.add_column('users', sa.Column('x', sa.Integer(), nullable=False))"
    good = (
        "op.add_column('users', sa.Column('x', sa.Integer(), nullable=False, server_default='0'))"
    )
    assert _not_null_columns_added_without_default(ast.parse(bad)) == ["line 1: x"]
    assert _not_null_columns_added_without_default(ast.parse(good)) == []


BEFORE_MODERATION = "e3b9bada39e7"


@pytest.fixture
def data_app(tmp_path_factory):
    app = create_app(app_test_config(database_url_for(tmp_path_factory, "_migration_data")))
    yield app
    app.extensions["participate.engine"].dispose()


def _seed_rows(connection) -> None:
    """A citizen, a consultation with a theme, an idea with a vote and a comment, written as
    rows at the revision before moderation (no model is used: models follow the head)."""
    from sqlalchemy import text

    now = "2026-11-01 10:00:00.000000"
    statements = [
        "INSERT INTO users (id, email, display_name, password_hash, role, session_token, created_at)"
        " VALUES (1, 'a@example.com', 'An', '-', 'citizen', 'tok', :now)",
        "INSERT INTO consultations (id, slug, title, intro_md, moderation_mode, voting_mode,"
        " ideas_open_at, voting_open_at, closed_at, results_at, created_at)"
        " VALUES (1, 'c', 'Consultatie', '', 'post', 'support', :now, :now, :now, :now, :now)",
        "INSERT INTO themes (id, consultation_id, name, colour, position)"
        " VALUES (1, 1, 'Wonen', '#1d4f91', 0)",
        "INSERT INTO ideas (id, consultation_id, theme_id, author_id, title, body_md, place,"
        " status, support_count, oppose_count, comment_count, trend_score, created_at)"
        " VALUES (1, 1, 1, 1, 'Een fietsstraat aan de school', 'Veiliger fietsen naar school.',"
        " '', 'published', 1, 0, 1, 1.0, :now)",
        "INSERT INTO votes (id, idea_id, user_id, consultation_id, value, created_at)"
        " VALUES (1, 1, 1, 1, 1, :now)",
        "INSERT INTO comments (id, idea_id, author_id, body_md, created_at)"
        " VALUES (1, 1, 1, 'Goed idee!', :now)",
    ]
    for statement in statements:
        connection.execute(text(statement), {"now": now})


def _seeded_then_upgraded(engine) -> None:
    """Rows written at the revision before moderation, then every migration since."""
    migrate.upgrade(BEFORE_MODERATION)
    with engine.begin() as connection:
        _seed_rows(connection)
    migrate.upgrade("head")


def _counts(connection) -> dict[str, int]:
    from sqlalchemy import text

    return {
        table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608 - fixed names
        for table in ("users", "ideas", "votes", "comments")
    }


def test_the_moderation_migration_keeps_every_row_both_ways(data_app):
    """Adding the moderation columns, and taking them away again, loses no idea, vote or
    comment (SQLite copies `ideas` to drop columns: foreign keys must not cascade), and the
    full-text search of ideas still follows their changes afterwards."""
    from sqlalchemy import text

    engine = data_app.extensions["participate.engine"]
    with data_app.app_context():
        _seeded_then_upgraded(engine)
        with engine.connect() as connection:
            assert _counts(connection) == {"users": 1, "ideas": 1, "votes": 1, "comments": 1}
            row = connection.execute(
                text("SELECT visibility, source, featured, pinned FROM ideas")
            ).one()
            assert tuple(row) == ("visible", "online", False, False)
        migrate.downgrade(BEFORE_MODERATION)
        with engine.connect() as connection:
            assert _counts(connection) == {"users": 1, "ideas": 1, "votes": 1, "comments": 1}
        with engine.begin() as connection:
            connection.execute(text("UPDATE ideas SET title = 'Een schoolstraat met bloembakken'"))
            if engine.dialect.name == "sqlite":
                found = connection.execute(
                    text("SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH 'bloembakken'")
                ).all()
                assert found == [(1,)]
        migrate.upgrade("head")
        with engine.connect() as connection:
            assert _counts(connection) == {"users": 1, "ideas": 1, "votes": 1, "comments": 1}


def test_the_public_idea_counts_are_filled_from_the_ideas_and_removed_cleanly(data_app):
    """The counts migration fills each consultation's and theme's number from the rows there
    are, and its downgrade (triggers, then columns) keeps every row."""
    from sqlalchemy import text

    engine = data_app.extensions["participate.engine"]
    counts = "SELECT (SELECT public_idea_count FROM consultations), (SELECT public_idea_count FROM themes)"
    with data_app.app_context():
        _seeded_then_upgraded(engine)
        with engine.connect() as connection:
            assert tuple(connection.execute(text(counts)).one()) == (1, 1)
        migrate.downgrade("9e3f5a1c7d42")
        with engine.begin() as connection:
            assert _counts(connection) == {"users": 1, "ideas": 1, "votes": 1, "comments": 1}
            connection.execute(text("UPDATE ideas SET status = 'pending'"))
        migrate.upgrade("head")
        with engine.begin() as connection:
            assert tuple(connection.execute(text(counts)).one()) == (0, 0)
            connection.execute(text("UPDATE ideas SET status = 'accepted'"))
            assert tuple(connection.execute(text(counts)).one()) == (1, 1)
