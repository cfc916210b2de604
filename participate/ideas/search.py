"""Full-text search over ideas: SQLite FTS5 (the `ideas_fts` table the migration creates, kept
in step by triggers) or PostgreSQL full text with the Dutch configuration (a stored search
vector with a GIN index). Both take a visitor's words as plain words, never as query syntax."""

from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import ColumnElement, case, func, literal_column, select, text
from sqlalchemy.sql import Select

from participate.db import db
from participate.ideas.models import Idea

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12


def terms(query: str) -> list[str]:
    return WORD.findall(query.lower())[:MAX_TERMS]


def dialect() -> str:
    return db.session.get_bind().dialect.name


def pg_document() -> ColumnElement:
    """The idea's stored search vector (a generated column PostgreSQL keeps, of
    to_tsvector('dutch', title || ' ' || body_md), indexed by ix_ideas_fulltext): checking
    an idea reads it instead of computing it (migration c3d8e1f5a7b2)."""
    return literal_column("ideas.search_vector")


def _pg_word(word: str) -> ColumnElement:
    """The word's stem as a prefix, or the word as typed: the stem of a partial word need not
    begin the full word ("speel" stems to "spel", which does not begin "speeltuin"). A stop
    word has no stem and stays ignored."""
    stemmed = func.to_tsquery(literal_column("'dutch'::regconfig"), f"{word}:*")
    typed = func.to_tsquery(literal_column("'simple'::regconfig"), f"{word}:*")
    return case((func.numnode(stemmed) == 0, stemmed), else_=stemmed.op("||")(typed))


def matches(
    query: str, *, any_term: bool = False, in_order: bool = False
) -> ColumnElement[bool] | None:
    """A WHERE clause for ideas matching the words of `query` (all of them, or any).

    `in_order`: many ideas match, and a page of them is wanted in the list's order. On SQLite
    the list's index is then walked in order and each idea checked against the matches (a
    page of a common word: 1 to 4 ms), rather than every match read and sorted (10 to 15 ms
    for 9 000 matches). The unary + keeps SQLite from driving the query by the matches
    (SQLite's documented way to take a term off an index). PostgreSQL's planner chooses for
    itself: the same clause."""
    words = terms(query)
    if not words:
        return None
    name = dialect()
    return _clause(name, tuple(words), any_term, in_order and name == "sqlite")


@lru_cache(maxsize=2048)
def _clause(dialect: str, words: tuple[str, ...], any_term: bool, in_order: bool):
    """Built once per words (a clause is immutable; building a tsquery of CASE expressions
    cost a tenth of a search page's Python)."""
    if dialect == "postgresql":
        joiner = "||" if any_term else "&&"
        tsquery = _pg_word(words[0])
        for word in words[1:]:
            tsquery = tsquery.op(joiner)(_pg_word(word))
        return pg_document().op("@@")(tsquery)
    joiner = " OR " if any_term else " "
    fts = joiner.join('"' + w.replace('"', '""') + '"*' for w in words)
    ids = (
        select(literal_column("rowid"))
        .select_from(text("ideas_fts"))
        .where(text("ideas_fts MATCH :fts"))
    )
    column = literal_column("+ideas.id") if in_order else Idea.id
    return column.in_(ids.params(fts=fts))


def similar(base: Select, title: str, limit: int = 5) -> list[Idea]:
    """Ideas whose words resemble `title` (words of four letters or more), best first."""
    words = [w for w in terms(title) if len(w) >= 4]
    if not words:
        return []
    clause = matches(" ".join(words), any_term=True)
    statement = base.where(clause)
    if dialect() == "postgresql":
        rank = func.ts_rank(
            pg_document(), func.to_tsquery(literal_column("'dutch'::regconfig"), " | ".join(words))
        )
        statement = statement.order_by(rank.desc())
    else:
        statement = statement.order_by(Idea.support_count.desc())
    return list(db.session.scalars(statement.limit(limit)))
