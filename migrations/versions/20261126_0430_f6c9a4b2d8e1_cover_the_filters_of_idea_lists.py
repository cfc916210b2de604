"""the indexes of the idea lists hold the columns the lists filter on

Revision ID: f6c9a4b2d8e1
Revises: e5b8f3a1c9d6
Create Date: 2026-11-26 04:30:00.000000

A list page reads its ids first (ORDER BY pinned, <order>, id with an OFFSET), then those
ideas' rows. With the status, visibility, merge and theme of each idea in the index itself,
finding the ids of page 50 reads the index alone, not the 1 000 rows it skips (the benchmark,
bench/: SQLite and PostgreSQL). Same names and leading columns as before (4c1d7e9a2b60): the
orders they serve do not change.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "f6c9a4b2d8e1"
down_revision: str | Sequence[str] | None = "e5b8f3a1c9d6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FILTERS = ["status", "visibility", "merged_into_id", "theme_id"]
ORDERS = {
    "ix_ideas_list_newest": ["consultation_id", "pinned", "created_at", "id"],
    "ix_ideas_list_supported": ["consultation_id", "pinned", "support_count", "id"],
    "ix_ideas_list_trending": ["consultation_id", "pinned", "trend_score", "id"],
}


def upgrade() -> None:
    # Plain CREATE and DROP INDEX, not batch mode (which on SQLite may copy `ideas` and drop
    # its triggers).
    for name, columns in ORDERS.items():
        op.drop_index(name, table_name="ideas")
        op.create_index(name, "ideas", columns + FILTERS, unique=False)


def downgrade() -> None:
    for name, columns in ORDERS.items():
        op.drop_index(name, table_name="ideas")
        op.create_index(name, "ideas", columns, unique=False)
