"""consultations ideas votes comments

Revision ID: fdc9ddb660d6
Revises: 7e74e60c3627
Create Date: 2026-11-22 04:18:41.781335
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import participate.db

revision: str = "fdc9ddb660d6"
down_revision: str | Sequence[str] | None = "7e74e60c3627"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "images",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=20), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("thumb", sa.LargeBinary(), nullable=False),
        sa.Column("alt", sa.String(length=300), server_default="", nullable=False),
        sa.Column("created_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("width > 0 AND height > 0", name=op.f("ck_images_size_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_images")),
    )
    op.create_table(
        "consultations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("intro_md", sa.Text(), nullable=False),
        sa.Column("cover_image_id", sa.Integer(), nullable=True),
        sa.Column("moderation_mode", sa.String(length=10), nullable=False),
        sa.Column("voting_mode", sa.String(length=12), nullable=False),
        sa.Column("vote_limit", sa.Integer(), nullable=True),
        sa.Column("ideas_open_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("voting_open_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("results_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "moderation_mode IN ('pre', 'post')",
            name=op.f("ck_consultations_moderation_mode_valid"),
        ),
        sa.CheckConstraint(
            "voting_mode IN ('support', 'for_against')",
            name=op.f("ck_consultations_voting_mode_valid"),
        ),
        sa.CheckConstraint(
            "ideas_open_at <= voting_open_at AND voting_open_at <= closed_at AND closed_at <= results_at",
            name=op.f("ck_consultations_phases_in_order"),
        ),
        sa.CheckConstraint(
            "vote_limit IS NULL OR vote_limit > 0",
            name=op.f("ck_consultations_vote_limit_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["cover_image_id"],
            ["images.id"],
            name=op.f("fk_consultations_cover_image_id_images"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consultations")),
        sa.UniqueConstraint("slug", name=op.f("uq_consultations_slug")),
    )
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(colour) = 7", name=op.f("ck_themes_colour_hex")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_themes_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
        sa.UniqueConstraint("consultation_id", "name", name=op.f("uq_themes_consultation_id_name")),
    )
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_themes_consultation_id"), ["consultation_id"], unique=False
        )

    op.create_table(
        "vote_allowances",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("used", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("used >= 0", name=op.f("ck_vote_allowances_used_not_negative")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_vote_allowances_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_vote_allowances_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("consultation_id", "user_id", name=op.f("pk_vote_allowances")),
    )
    op.create_table(
        "ideas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("place", sa.String(length=120), server_default="", nullable=False),
        sa.Column("photo_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("support_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("oppose_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("comment_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("trend_score", sa.Float(), server_default="0", nullable=False),
        sa.Column("created_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", participate.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'published', 'under_consideration', 'accepted', 'rejected', 'implemented', 'withdrawn')",
            name=op.f("ck_ideas_status_valid"),
        ),
        sa.CheckConstraint("comment_count >= 0", name=op.f("ck_ideas_comment_count_not_negative")),
        sa.CheckConstraint("length(title) BETWEEN 10 AND 120", name=op.f("ck_ideas_title_length")),
        sa.CheckConstraint(
            "support_count >= 0 AND oppose_count >= 0",
            name=op.f("ck_ideas_vote_counts_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_ideas_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_ideas_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["photo_id"], ["images.id"], name=op.f("fk_ideas_photo_id_images"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["themes.id"], name=op.f("fk_ideas_theme_id_themes"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ideas")),
    )
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ideas_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            "ix_ideas_consultation_created", ["consultation_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_ideas_consultation_support", ["consultation_id", "support_count"], unique=False
        )
        batch_op.create_index(
            "ix_ideas_consultation_trend", ["consultation_id", "trend_score"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ideas_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("created_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("edited_at", participate.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("deleted_at", participate.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "length(body_md) BETWEEN 2 AND 5000", name=op.f("ck_comments_body_length")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_comments_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_comments_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["comments.id"],
            name=op.f("fk_comments_parent_id_comments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_comments_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_comments_idea_created", ["idea_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_comments_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "idea_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=False),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("response_md", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "to_status IN ('pending', 'published', 'under_consideration', 'accepted', 'rejected', 'implemented', 'withdrawn')",
            name=op.f("ck_idea_status_changes_to_status_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_idea_status_changes_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_idea_status_changes_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idea_status_changes")),
    )
    with op.batch_alter_table("idea_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idea_status_changes_idea_id"), ["idea_id"], unique=False
        )

    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("created_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("value IN (1, -1)", name=op.f("ck_votes_value_valid")),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultations.id"],
            name=op.f("fk_votes_consultation_id_consultations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_votes_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_votes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes")),
        sa.UniqueConstraint("idea_id", "user_id", name=op.f("uq_votes_idea_id_user_id")),
    )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index("ix_votes_idea_created", ["idea_id", "created_at"], unique=False)
        batch_op.create_index(
            "ix_votes_user_consultation", ["user_id", "consultation_id"], unique=False
        )

    # Full-text search (no model describes these; see participate/ideas/search.py).
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE ideas_fts USING fts5(title, body_md, content='ideas', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute(
            "CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN "
            "INSERT INTO ideas_fts(rowid, title, body_md) VALUES (new.id, new.title, new.body_md); END"
        )
        op.execute(
            "CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN "
            "INSERT INTO ideas_fts(ideas_fts, rowid, title, body_md) VALUES ('delete', old.id, old.title, old.body_md); END"
        )
        op.execute(
            "CREATE TRIGGER ideas_fts_update AFTER UPDATE OF title, body_md ON ideas BEGIN "
            "INSERT INTO ideas_fts(ideas_fts, rowid, title, body_md) VALUES ('delete', old.id, old.title, old.body_md); "
            "INSERT INTO ideas_fts(rowid, title, body_md) VALUES (new.id, new.title, new.body_md); END"
        )
    else:
        op.execute(
            "CREATE INDEX ix_ideas_fulltext ON ideas USING gin "
            "(to_tsvector('dutch'::regconfig, title || ' ' || body_md))"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("ideas_fts_insert", "ideas_fts_delete", "ideas_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS ideas_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_ideas_fulltext")

    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_index("ix_votes_user_consultation")
        batch_op.drop_index("ix_votes_idea_created")

    op.drop_table("votes")
    with op.batch_alter_table("idea_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idea_status_changes_idea_id"))

    op.drop_table("idea_status_changes")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_parent_id"))
        batch_op.drop_index("ix_comments_idea_created")
        batch_op.drop_index(batch_op.f("ix_comments_author_id"))

    op.drop_table("comments")
    with op.batch_alter_table("ideas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ideas_theme_id"))
        batch_op.drop_index("ix_ideas_consultation_trend")
        batch_op.drop_index("ix_ideas_consultation_support")
        batch_op.drop_index("ix_ideas_consultation_created")
        batch_op.drop_index(batch_op.f("ix_ideas_author_id"))

    op.drop_table("ideas")
    op.drop_table("vote_allowances")
    with op.batch_alter_table("themes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_themes_consultation_id"))

    op.drop_table("themes")
    op.drop_table("consultations")
    op.drop_table("images")
