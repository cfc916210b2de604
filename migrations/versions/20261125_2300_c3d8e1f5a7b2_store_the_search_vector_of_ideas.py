"""store the search vector of ideas (PostgreSQL)

Revision ID: c3d8e1f5a7b2
Revises: b71c04d2e9a8
Create Date: 2026-11-25 23:00:00.000000

PostgreSQL's full-text index of ideas was an index on an expression, to_tsvector('dutch',
title || ' ' || body_md). Where the planner did not use it (it walked a list's order index,
or the index that counts a list's ideas, and checked each idea), it computed that expression
again for every idea of the consultation: 1.5 to 3 s for a rare word at 40 000 ideas (the
benchmark, bench/). The vector is now a stored generated column, kept by PostgreSQL itself on
every insert and edit, with the GIN index on it under the same name: checking an idea is
reading its vector. SQLite searches with FTS5 (the ideas_fts table) and is not changed.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c3d8e1f5a7b2"
down_revision: str | Sequence[str] | None = "b71c04d2e9a8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENT = "to_tsvector('dutch'::regconfig, title || ' ' || body_md)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"ALTER TABLE ideas ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED"
    )
    op.execute("DROP INDEX IF EXISTS ix_ideas_fulltext")
    op.execute("CREATE INDEX ix_ideas_fulltext ON ideas USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_ideas_fulltext")
    op.execute("ALTER TABLE ideas DROP COLUMN search_vector")
    op.execute(f"CREATE INDEX ix_ideas_fulltext ON ideas USING gin ({DOCUMENT})")
