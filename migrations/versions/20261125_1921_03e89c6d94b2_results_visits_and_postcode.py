"""results: visits and postcode

The anonymous per-day views of a consultation's page (for the participation funnel) and an
optional postcode on accounts (for "who do we reach?"); a Belgian postcode has four digits.

Revision ID: 03e89c6d94b2
Revises: 570f100af3c8
Create Date: 2026-11-25 19:21:43.511445
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "03e89c6d94b2"
down_revision: str | Sequence[str] | None = "570f100af3c8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "consultation_visits",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("views >= 0", name=op.f("ck_consultation_visits_views_not_negative")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_consultation_visits_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consultation_id", "day", name=op.f("pk_consultation_visits")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("postcode", sa.String(length=4), nullable=True))
        batch_op.create_check_constraint(
            "postcode_length", "postcode IS NULL OR length(postcode) = 4"
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_postcode_length"), type_="check")
        batch_op.drop_column("postcode")

    op.drop_table("consultation_visits")
