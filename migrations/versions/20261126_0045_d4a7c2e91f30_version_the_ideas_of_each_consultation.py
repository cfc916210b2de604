"""a version of each consultation's ideas, raised by the database whenever what a search counts changes

Revision ID: d4a7c2e91f30
Revises: c3d8e1f5a7b2
Create Date: 2026-11-26 00:45:00.000000

A search on a consultation's list counts its matches: every matching idea's row is read (25
to 45 ms for a common word at 40 000 ideas, the benchmark, bench/). The count only changes
when an idea of the consultation is added or removed, or its text, status, visibility, merge,
theme or consultation changes: `consultations.ideas_version` goes up by one at each such
change (triggers on `ideas`, both the old and the new consultation when an idea moves), so a
count kept under (consultation, version, words, filters) is exact while the version stands
(participate/ideas/services.py). Votes and comment counts do not touch it.

On SQLite, a later migration that copies `ideas` (batch mode) drops these triggers, as it
drops the full-text and count ones, and must create them again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d4a7c2e91f30"
down_revision: str | Sequence[str] | None = "c3d8e1f5a7b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = "title, body_md, status, visibility, merged_into_id, consultation_id, theme_id"


def _bump(row: str) -> str:
    return (
        "UPDATE consultations SET ideas_version = ideas_version + 1"  # noqa: S608 - fixed names
        f" WHERE id = {row}.consultation_id;"
    )


SQLITE_TRIGGERS = {
    "ideas_version_insert": (
        f"CREATE TRIGGER ideas_version_insert AFTER INSERT ON ideas BEGIN {_bump('NEW')} END"
    ),
    "ideas_version_delete": (
        f"CREATE TRIGGER ideas_version_delete AFTER DELETE ON ideas BEGIN {_bump('OLD')} END"
    ),
    "ideas_version_update": (
        f"CREATE TRIGGER ideas_version_update AFTER UPDATE OF {WATCHED} ON ideas BEGIN "  # noqa: S608 - fixed names
        f"{_bump('NEW')} "
        "UPDATE consultations SET ideas_version = ideas_version + 1"
        " WHERE id = OLD.consultation_id AND OLD.consultation_id <> NEW.consultation_id; END"
    ),
}

POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION ideas_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_bump("OLD")}
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.consultation_id <> OLD.consultation_id) THEN
        {_bump("NEW")}
    END IF;
    RETURN NULL;
END
$$
"""

POSTGRESQL_TRIGGER = (
    f"CREATE TRIGGER ideas_version AFTER INSERT OR DELETE OR UPDATE OF {WATCHED} "
    "ON ideas FOR EACH ROW EXECUTE FUNCTION ideas_version()"
)


def upgrade() -> None:
    # Not in batch mode: on SQLite that copies `consultations`, which the count triggers on
    # `ideas` (b71c04d2e9a8) name; SQLite adds and drops a plain column in place.
    op.add_column(
        "consultations",
        sa.Column("ideas_version", sa.Integer(), nullable=False, server_default="0"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRESQL_FUNCTION)
        op.execute(POSTGRESQL_TRIGGER)
    else:
        for statement in SQLITE_TRIGGERS.values():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ideas_version ON ideas")
        op.execute("DROP FUNCTION IF EXISTS ideas_version()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_column("consultations", "ideas_version")
    else:
        op.execute("ALTER TABLE consultations DROP COLUMN ideas_version")
