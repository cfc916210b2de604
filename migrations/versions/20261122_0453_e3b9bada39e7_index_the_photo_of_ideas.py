"""index the photo of ideas

Revision ID: e3b9bada39e7
Revises: b9f15adec951
Create Date: 2026-11-22 04:53:19.871983
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e3b9bada39e7"
down_revision: str | Sequence[str] | None = "b9f15adec951"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ideas_photo_id"), ["photo_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ideas_photo_id"))
