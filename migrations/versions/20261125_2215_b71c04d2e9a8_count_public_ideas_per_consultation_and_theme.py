"""count the public ideas of each consultation and theme, kept exact by the database

Revision ID: b71c04d2e9a8
Revises: 9e3f5a1c7d42
Create Date: 2026-11-25 22:15:00.000000

A list's pages and its share card show how many public ideas a consultation (or one of its
themes) has. Counting them on every view reads every public idea of the consultation (the
benchmark, bench/: 8 ms on SQLite and 15 ms on PostgreSQL at 40 000 ideas, growing with the
consultation). `consultations.public_idea_count` and `themes.public_idea_count` hold the
number instead, and triggers on `ideas` keep it exact whatever changes an idea's public
state (posting, moderation, withdrawal, merging, a new theme, deletion): no code path can
forget it, and concurrent changes each add or take away one.

An idea is public when its status is one of PUBLIC (participate.ideas.models.PUBLIC_STATUSES),
it is visible and it was not merged into another; tests/ideas/test_public_counts.py holds the
triggers to that rule.

On SQLite, a later migration that copies `ideas` (batch mode) drops these triggers, as it
drops the full-text ones, and must create them again (TRIGGERS below).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b71c04d2e9a8"
down_revision: str | Sequence[str] | None = "9e3f5a1c7d42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PUBLIC = "('published', 'under_consideration', 'accepted', 'rejected', 'implemented')"


def _public(row: str) -> str:
    return (
        f"{row}.status IN {PUBLIC} AND {row}.visibility = 'visible'"
        f" AND {row}.merged_into_id IS NULL"
    )


def _change(row: str, sign: str) -> str:
    return (
        f"UPDATE consultations SET public_idea_count = public_idea_count {sign} 1"  # noqa: S608
        f" WHERE id = {row}.consultation_id; "
        f"UPDATE themes SET public_idea_count = public_idea_count {sign} 1"
        f" WHERE id = {row}.theme_id;"
    )


WATCHED = "status, visibility, merged_into_id, consultation_id, theme_id"

SQLITE_TRIGGERS = {
    "ideas_public_count_insert": (
        f"CREATE TRIGGER ideas_public_count_insert AFTER INSERT ON ideas "
        f"WHEN {_public('NEW')} BEGIN {_change('NEW', '+')} END"
    ),
    "ideas_public_count_delete": (
        f"CREATE TRIGGER ideas_public_count_delete AFTER DELETE ON ideas "
        f"WHEN {_public('OLD')} BEGIN {_change('OLD', '-')} END"
    ),
    "ideas_public_count_update_old": (
        f"CREATE TRIGGER ideas_public_count_update_old AFTER UPDATE OF {WATCHED} ON ideas "
        f"WHEN {_public('OLD')} BEGIN {_change('OLD', '-')} END"
    ),
    "ideas_public_count_update_new": (
        f"CREATE TRIGGER ideas_public_count_update_new AFTER UPDATE OF {WATCHED} ON ideas "
        f"WHEN {_public('NEW')} BEGIN {_change('NEW', '+')} END"
    ),
}

POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION ideas_public_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF {_public("OLD")} THEN
            {_change("OLD", "-")}
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        IF {_public("NEW")} THEN
            {_change("NEW", "+")}
        END IF;
    END IF;
    RETURN NULL;
END
$$
"""

POSTGRESQL_TRIGGER = (
    f"CREATE TRIGGER ideas_public_count AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} "
    "ON ideas FOR EACH ROW EXECUTE FUNCTION ideas_public_count()"
)

BACKFILL = {
    "consultations": "consultation_id",
    "themes": "theme_id",
}


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        op.execute(POSTGRESQL_TRIGGER)
    else:
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ideas_public_count ON ideas")
        op.execute("DROP FUNCTION IF EXISTS ideas_public_count()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade() -> None:
    for table in BACKFILL:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("public_idea_count", sa.Integer(), nullable=False, server_default="0")
            )
    for table, column in BACKFILL.items():
        op.execute(
            f"UPDATE {table} SET public_idea_count = ("  # noqa: S608 - fixed names
            f"SELECT count(*) FROM ideas WHERE ideas.{column} = {table}.id AND {_public('ideas')})"
        )
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    for table in BACKFILL:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("public_idea_count")
