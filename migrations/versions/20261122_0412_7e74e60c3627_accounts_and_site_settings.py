"""accounts and site settings

Revision ID: 7e74e60c3627
Revises:
Create Date: 2026-11-22 04:12:58.682559
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import participate.db

revision: str = "7e74e60c3627"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "site_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_name", sa.String(length=120), nullable=False),
        sa.Column("tagline", sa.String(length=200), server_default="", nullable=False),
        sa.Column("primary_colour", sa.String(length=7), nullable=False),
        sa.Column("contact_email", sa.String(length=254), server_default="", nullable=False),
        sa.Column("logo_png", sa.LargeBinary(), nullable=True),
        sa.Column("logo_alt", sa.String(length=200), server_default="", nullable=False),
        sa.Column("updated_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_site_settings_single_row")),
        sa.CheckConstraint(
            "length(primary_colour) = 7", name=op.f("ck_site_settings_primary_colour_hex")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_settings")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=60), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), server_default="citizen", nullable=False),
        sa.Column("email_verified_at", participate.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("session_token", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            participate.db.UTCDateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("last_login_at", participate.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role IN ('citizen', 'moderator', 'council', 'admin')", name=op.f("ck_users_role_valid")
        ),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_users_email_lowercase")),
        sa.CheckConstraint(
            "length(display_name) BETWEEN 2 AND 60", name=op.f("ck_users_display_name_length")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "footer_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("settings_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["settings_id"],
            ["site_settings.id"],
            name=op.f("fk_footer_links_settings_id_site_settings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_footer_links")),
    )


def downgrade() -> None:

    op.drop_table("footer_links")
    op.drop_table("users")
    op.drop_table("site_settings")
