"""Imports every capability's models so that Alembic and the test suite see the whole schema.
Add a line here when a capability gets models; nothing else should import this module."""

from participate.accounts import models as _accounts  # noqa: F401
from participate.audit import models as _audit  # noqa: F401
from participate.consultations import models as _consultations  # noqa: F401
from participate.db import Base
from participate.ideas import models as _ideas  # noqa: F401
from participate.images import models as _images  # noqa: F401
from participate.moderation import models as _moderation  # noqa: F401
from participate.notifications import models as _notifications  # noqa: F401
from participate.oidc import models as _oidc  # noqa: F401
from participate.results import models as _results  # noqa: F401
from participate.selftest import models as _selftest  # noqa: F401
from participate.share import models as _share  # noqa: F401
from participate.site import models as _site  # noqa: F401

metadata = Base.metadata

# Schema objects the migrations make by hand, per database, that no model describes:
# SQLite's FTS5 index of ideas (and its shadow tables), PostgreSQL's full-text index and the
# stored search vector it indexes (participate/ideas/search.py reads it).
UNMODELLED = ("ideas_fts", "ix_ideas_fulltext", "search_vector")


# SQLite can only add a foreign key with a new column inline (ALTER TABLE ... ADD COLUMN ...
# REFERENCES), and then does not report its name: the comparison of models and migrations
# skips that one there (PostgreSQL compares it like every other constraint).
INLINE_ON_SQLITE = {("ideas", ("merged_into_id",))}


def include_object(obj, name, type_, reflected, compare_to):
    return not (name and name.startswith(UNMODELLED))


def include_object_for(dialect: str):
    """`include_object` for autogenerate on this database."""

    def include(obj, name, type_, reflected, compare_to):
        if not include_object(obj, name, type_, reflected, compare_to):
            return False
        if dialect == "sqlite" and type_ == "foreign_key_constraint" and compare_to is None:
            return (obj.parent.name, tuple(obj.column_keys)) not in INLINE_ON_SQLITE
        return True

    return include
