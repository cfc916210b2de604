"""moderation: reports, the queue, blocked words, rejection templates; moderation columns on
ideas, comments, consultations, site settings and users (blocked accounts)

Revision ID: 61aab55f1346
Revises: e3b9bada39e7
Create Date: 2026-11-25 18:12:32.515515
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import participate.db

revision: str = "61aab55f1346"
down_revision: str | Sequence[str] | None = "e3b9bada39e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blocked_words",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=60), nullable=False),
        sa.Column("created_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(word) BETWEEN 2 AND 60", name=op.f("ck_blocked_words_word_length")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blocked_words")),
        sa.UniqueConstraint("word", name=op.f("uq_blocked_words_word")),
    )
    op.create_table(
        "rejection_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "length(title) BETWEEN 2 AND 80", name=op.f("ck_rejection_templates_title_length")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rejection_templates")),
        sa.UniqueConstraint("title", name=op.f("uq_rejection_templates_title")),
    )
    op.create_table(
        "moderation_queue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=10), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("queued_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", participate.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), server_default="", nullable=False),
        sa.CheckConstraint(
            "reason IN ('approval', 'flagged', 'reported')",
            name=op.f("ck_moderation_queue_reason_valid"),
        ),
        sa.CheckConstraint(
            "(idea_id IS NULL) <> (comment_id IS NULL)", name=op.f("ck_moderation_queue_one_target")
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_moderation_queue_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"],
            ["ideas.id"],
            name=op.f("fk_moderation_queue_idea_id_ideas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["users.id"],
            name=op.f("fk_moderation_queue_resolved_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_queue")),
        sa.UniqueConstraint("comment_id", name=op.f("uq_moderation_queue_comment_id")),
        sa.UniqueConstraint("idea_id", name=op.f("uq_moderation_queue_idea_id")),
    )
    with op.batch_alter_table("moderation_queue", schema=None) as batch_op:
        batch_op.create_index(
            "ix_moderation_queue_open", ["resolved_at", "queued_at", "id"], unique=False
        )

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idea_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", participate.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", participate.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "reason <> 'other' OR length(text) > 0", name=op.f("ck_reports_other_has_text")
        ),
        sa.CheckConstraint(
            "reason IN ('spam', 'offensive', 'off_topic', 'personal_data', 'other')",
            name=op.f("ck_reports_reason_valid"),
        ),
        sa.CheckConstraint(
            "(idea_id IS NULL) <> (comment_id IS NULL)", name=op.f("ck_reports_one_target")
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["comments.id"],
            name=op.f("fk_reports_comment_id_comments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["idea_id"], ["ideas.id"], name=op.f("fk_reports_idea_id_ideas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["users.id"],
            name=op.f("fk_reports_reporter_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint(
            "comment_id", "reporter_id", name=op.f("uq_reports_comment_id_reporter_id")
        ),
        sa.UniqueConstraint("idea_id", "reporter_id", name=op.f("uq_reports_idea_id_reporter_id")),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index("ix_reports_comment_id", ["comment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_reporter_id"), ["reporter_id"], unique=False)

    _add_moderation_columns()

    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "comments_premoderated", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("report_threshold", sa.Integer(), server_default="3", nullable=False)
        )
        batch_op.create_check_constraint(
            "report_threshold_range", "report_threshold BETWEEN 1 AND 100"
        )

    with op.batch_alter_table("site_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("max_links_per_post", sa.Integer(), server_default="3", nullable=False)
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("blocked_at", participate.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column("blocked_reason", sa.Text(), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("blocked_reason")
        batch_op.drop_column("blocked_at")

    with op.batch_alter_table("site_settings", schema=None) as batch_op:
        batch_op.drop_column("max_links_per_post")

    with op.batch_alter_table("consultations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_consultations_report_threshold_range"), type_="check")
        batch_op.drop_column("report_threshold")
        batch_op.drop_column("comments_premoderated")

    _drop_moderation_columns()

    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_reporter_id"))
        batch_op.drop_index("ix_reports_comment_id")

    op.drop_table("reports")
    with op.batch_alter_table("moderation_queue", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_queue_open")

    op.drop_table("moderation_queue")
    op.drop_table("rejection_templates")
    op.drop_table("blocked_words")


VISIBILITY = "visibility IN ('visible', 'pending', 'hidden', 'rejected')"
SOURCE = "source IN ('online', 'town_hall')"
IDEA_COLUMNS = {
    # name: (SQLite column definition, a new SQLAlchemy column for PostgreSQL)
    "visibility": (
        "VARCHAR(10) DEFAULT 'visible' NOT NULL CONSTRAINT ck_{t}_visibility_valid CHECK ("
        + VISIBILITY
        + ")",
        lambda: sa.Column("visibility", sa.String(10), server_default="visible", nullable=False),
    ),
    "source": (
        "VARCHAR(12) DEFAULT 'online' NOT NULL CONSTRAINT ck_{t}_source_valid CHECK ("
        + SOURCE
        + ")",
        lambda: sa.Column("source", sa.String(12), server_default="online", nullable=False),
    ),
    "moderator_edited_at": (
        "DATETIME",
        lambda: sa.Column(
            "moderator_edited_at", participate.db.UTCDateTime(timezone=True), nullable=True
        ),
    ),
}
IDEA_ONLY = {
    "merged_into_id": (
        "INTEGER CONSTRAINT fk_ideas_merged_into_id_ideas REFERENCES ideas (id) ON DELETE SET NULL"
        " CONSTRAINT ck_ideas_not_merged_into_self CHECK (merged_into_id IS NULL OR merged_into_id <> id)",
        lambda: sa.Column("merged_into_id", sa.Integer(), nullable=True),
    ),
    "featured": (
        "BOOLEAN DEFAULT 0 NOT NULL",
        lambda: sa.Column("featured", sa.Boolean(), server_default=sa.false(), nullable=False),
    ),
    "pinned": (
        "BOOLEAN DEFAULT 0 NOT NULL",
        lambda: sa.Column("pinned", sa.Boolean(), server_default=sa.false(), nullable=False),
    ),
}
FTS_TRIGGERS = (
    "CREATE TRIGGER ideas_fts_insert AFTER INSERT ON ideas BEGIN "
    "INSERT INTO ideas_fts(rowid, title, body_md) VALUES (new.id, new.title, new.body_md); END",
    "CREATE TRIGGER ideas_fts_delete AFTER DELETE ON ideas BEGIN "
    "INSERT INTO ideas_fts(ideas_fts, rowid, title, body_md) VALUES ('delete', old.id, old.title, old.body_md); END",
    "CREATE TRIGGER ideas_fts_update AFTER UPDATE OF title, body_md ON ideas BEGIN "
    "INSERT INTO ideas_fts(ideas_fts, rowid, title, body_md) VALUES ('delete', old.id, old.title, old.body_md); "
    "INSERT INTO ideas_fts(rowid, title, body_md) VALUES (new.id, new.title, new.body_md); END",
)


def _add_moderation_columns() -> None:
    """SQLite adds the columns with ALTER TABLE, checks and the foreign key inline: a batch
    copy of `ideas` would drop the full-text triggers on it."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in (("ideas", {**IDEA_COLUMNS, **IDEA_ONLY}), ("comments", IDEA_COLUMNS)):
        for name, (definition, column) in columns.items():
            if sqlite:
                op.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition.format(t=table)}")
            else:
                op.add_column(table, column())
        if not sqlite:
            op.create_check_constraint("visibility_valid", table, VISIBILITY)
            op.create_check_constraint("source_valid", table, SOURCE)
    if not sqlite:
        op.create_foreign_key(
            "fk_ideas_merged_into_id_ideas",
            "ideas",
            "ideas",
            ["merged_into_id"],
            ["id"],
            ondelete="SET NULL",
        )
        op.create_check_constraint(
            "not_merged_into_self", "ideas", "merged_into_id IS NULL OR merged_into_id <> id"
        )
    op.create_index("ix_ideas_merged_into_id", "ideas", ["merged_into_id"])


def _drop_moderation_columns() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index("ix_ideas_merged_into_id", table_name="ideas")
    if sqlite:
        for trigger in ("ideas_fts_insert", "ideas_fts_delete", "ideas_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for table, columns in (("ideas", {**IDEA_COLUMNS, **IDEA_ONLY}), ("comments", IDEA_COLUMNS)):
        with op.batch_alter_table(table, recreate="always" if sqlite else "auto") as batch_op:
            if table == "ideas":
                if not sqlite:  # SQLite does not name the inline foreign key when reflected
                    batch_op.drop_constraint(
                        op.f("fk_ideas_merged_into_id_ideas"), type_="foreignkey"
                    )
                batch_op.drop_constraint(op.f("ck_ideas_not_merged_into_self"), type_="check")
            batch_op.drop_constraint(op.f(f"ck_{table}_visibility_valid"), type_="check")
            batch_op.drop_constraint(op.f(f"ck_{table}_source_valid"), type_="check")
            for name in columns:
                batch_op.drop_column(name)
    if sqlite:
        for statement in FTS_TRIGGERS:
            op.execute(statement)
