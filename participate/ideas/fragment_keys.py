"""The keys of the kept idea cards and comments (participate/fragments.py): every value
they show.

Built in Python rather than in the templates: a list page builds twenty of them and an idea
page a hundred, and a template spends several calls on each attribute it reads. The request
tests change each value between two views (tests/ideas/test_fragments.py): a value missing
here would show a stale piece.
"""

from __future__ import annotations

from participate.consultations.models import Consultation
from participate.ideas.comments import ThreadItem
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


def thread_key(thread: list[ThreadItem], locale: str) -> tuple:
    """A whole thread as a visitor who is not logged in sees it: each comment with its
    replies, in this order."""
    return (
        "thread",
        locale,
        tuple(
            (
                comment_key(item.comment, locale),
                tuple(comment_key(reply, locale) for reply in item.replies),
            )
            for item in thread
        ),
    )
