"""index the orders of idea lists

Revision ID: 4c1d7e9a2b60
Revises: 03e89c6d94b2
Create Date: 2026-11-25 19:55:00.000000

The lists put pinned ideas first (ORDER BY pinned DESC, <order> DESC, id DESC): the existing
(consultation_id, <order>) indexes cannot give that order, so every page sorted every idea of
its consultation (the benchmark, bench/: 0.5 s a page on PostgreSQL at 40 000 ideas).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4c1d7e9a2b60"
down_revision: str | Sequence[str] | None = "03e89c6d94b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_ideas_list_newest": ["consultation_id", "pinned", "created_at", "id"],
    "ix_ideas_list_supported": ["consultation_id", "pinned", "support_count", "id"],
    "ix_ideas_list_trending": ["consultation_id", "pinned", "trend_score", "id"],
}


def upgrade() -> None:
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
