"""a version of what each consultation page shows besides its ideas, raised by the database

Revision ID: e5b8f3a1c9d6
Revises: d4a7c2e91f30
Create Date: 2026-11-26 04:15:00.000000

A consultation's page reads its themes, its published self-tests and its latest news on every
view: three queries for things that change a few times in a consultation's life (the
benchmark, bench/: each query costs 0.2 to 0.4 ms on PostgreSQL). `consultations.content_version`
goes up by one whenever one of them changes (triggers on `themes`, `selftests` and
`consultation_updates`: a row added or removed, or a column the page shows changed; both the
old and the new consultation when a row moves), so what was read under (consultation,
version) is exact while the version stands (participate/consultations/content.py). The counts
the triggers on `ideas` keep in `themes` (public_idea_count) do not touch it.

On SQLite, a later migration that copies one of these tables (batch mode) drops its triggers
and must create them again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e5b8f3a1c9d6"
down_revision: str | Sequence[str] | None = "d4a7c2e91f30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables, and the columns of each that the page shows (or that place the row).
WATCHED = {
    "themes": "name, colour, position, consultation_id",
    "selftests": "slug, title, intro_md, published, consultation_id",
    "consultation_updates": "title, body_md, created_at, consultation_id",
}


def _bump(row: str) -> str:
    return (
        "UPDATE consultations SET content_version = content_version + 1"  # noqa: S608 - fixed names
        f" WHERE id = {row}.consultation_id;"
    )


def _sqlite_triggers(table: str, columns: str) -> dict[str, str]:
    return {
        f"{table}_content_insert": (
            f"CREATE TRIGGER {table}_content_insert AFTER INSERT ON {table} "
            f"BEGIN {_bump('NEW')} END"
        ),
        f"{table}_content_delete": (
            f"CREATE TRIGGER {table}_content_delete AFTER DELETE ON {table} "
            f"BEGIN {_bump('OLD')} END"
        ),
        f"{table}_content_update": (
            f"CREATE TRIGGER {table}_content_update AFTER UPDATE OF {columns} ON {table} BEGIN "  # noqa: S608 - fixed names
            f"{_bump('NEW')} "
            "UPDATE consultations SET content_version = content_version + 1"
            " WHERE id = OLD.consultation_id"
            " AND OLD.consultation_id IS NOT NEW.consultation_id; END"
        ),
    }


SQLITE_TRIGGERS = {
    name: statement
    for table, columns in WATCHED.items()
    for name, statement in _sqlite_triggers(table, columns).items()
}

POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION consultation_content_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_bump("OLD")}
    END IF;
    IF TG_OP = 'INSERT'
       OR (TG_OP = 'UPDATE' AND NEW.consultation_id IS DISTINCT FROM OLD.consultation_id) THEN
        {_bump("NEW")}
    END IF;
    RETURN NULL;
END
$$
"""


def _postgresql_trigger(table: str, columns: str) -> str:
    return (
        f"CREATE TRIGGER {table}_content_version AFTER INSERT OR DELETE OR UPDATE OF {columns} "
        f"ON {table} FOR EACH ROW EXECUTE FUNCTION consultation_content_version()"
    )


def upgrade() -> None:
    # Not in batch mode: on SQLite that copies `consultations`, which the triggers on `ideas`
    # name; SQLite adds and drops a plain column in place.
    op.add_column(
        "consultations",
        sa.Column("content_version", sa.Integer(), nullable=False, server_default="0"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        for table, columns in WATCHED.items():
            op.execute(_postgresql_trigger(table, columns))
    else:
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_content_version ON {table}")
        op.execute("DROP FUNCTION IF EXISTS consultation_content_version()")
        op.drop_column("consultations", "content_version")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("ALTER TABLE consultations DROP COLUMN content_version")
