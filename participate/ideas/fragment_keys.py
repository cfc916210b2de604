"""The keys of the kept idea cards and comments (participate/fragments.py): every value
they show.

Built in Python rather than in the templates: a list page builds twenty of them and an idea
page a hundred, and a template spends several calls on each attribute it reads. The request
tests change each value between two views (tests/ideas/test_fragments.py): a value missing
here would show a stale piece.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from participate.consultations.models import Consultation
from participate.fragments import fragment
from participate.ideas.comments import public_thread_rows, thread
from participate.ideas.models import Comment, Idea


def card_key(idea: Idea, locale: str) -> tuple:
    """What a card's text shows: photo, title, badges, theme, author, date, comments, body."""
    theme = idea.theme
    author = idea.author
    return (
        "idea-card",
        locale,
        idea.id,
        idea.photo_id,
        idea.title,
        idea.pinned,
        idea.featured,
        theme.id,
        theme.name,
        idea.status,
        idea.source,
        author.display_name if author is not None else None,
        idea.created_at,
        idea.comment_count,
        idea.body_md,
    )


def vote_box_key(
    idea: Idea, consultation: Consultation, refusal: str | None, next_url: str, locale: str
) -> tuple:
    """What the vote box shows a visitor who is not logged in: the counts, and the refusal or
    the link to log in (which comes back to this page)."""
    return (
        "vote-box",
        locale,
        idea.id,
        idea.title,
        idea.support_count,
        idea.oppose_count,
        consultation.voting_mode,
        refusal,
        next_url,
    )


def card_list_key(
    ideas: list[Idea], consultation: Consultation, refusal: str | None, next_url: str, locale: str
) -> tuple:
    """A whole list of cards as a visitor who is not logged in sees it: each card's text and
    vote box, in this order."""
    mode = consultation.voting_mode
    return (
        "idea-list",
        locale,
        mode,
        refusal,
        next_url,
        tuple((*card_key(idea, locale), idea.support_count, idea.oppose_count) for idea in ideas),
    )


def comment_key(comment: Comment, locale: str) -> tuple:
    """What a comment shows everyone but its author and the moderators."""
    author = comment.author
    return (
        "comment",
        locale,
        comment.id,
        comment.created_at,
        comment.edited_at,
        comment.moderator_edited_at,
        comment.deleted_at,
        comment.visibility,
        comment.source,
        author.display_name if author is not None else None,
        comment.body_md,
    )


def kept_thread(idea: Idea, locale: str, render: Callable[..., Any]) -> Markup:
    """The whole thread as a visitor who is not logged in sees it, kept rendered under every
    value it shows, read as plain rows; the comments are loaded as objects only to render it
    when that key is new. Empty when there is no comment to show."""
    rows = public_thread_rows(idea)
    if not rows:
        return Markup("")
    key = ("thread", locale, idea.id, tuple(rows))
    return fragment(key, lambda: render(thread(idea, None), idea, False, False))
