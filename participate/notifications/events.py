"""What happened, and whom to tell. The ideas services call these after they did their work
(inside the same transaction: if the request fails, no mail is queued)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participate.accounts.models import User
from participate.db import db
from participate.notifications.models import Kind
from participate.notifications.services import followers, notify, notify_many
from participate.urls import external_url


def idea_status_changed(idea, change, moderator: User) -> None:
    """The idea's author hears of a new status or an official response; so do its followers."""
    link = external_url("ideas.show", idea_id=idea.id)
    context = {"idea": idea, "change": change, "link": link}
    told = {moderator.id}
    if idea.author is not None and idea.author_id not in told:
        notify(
            idea.author,
            Kind.MY_IDEA,
            _l("Your idea “%(title)s” has news from the municipality", title=idea.title),
            "notify_idea_status",
            mine=True,
            **context,
        )
        told.add(idea.author_id)
    notify_many(
        followers(idea_id=idea.id),
        Kind.FOLLOWED_IDEAS,
        _l("News about the idea “%(title)s”", title=idea.title),
        "notify_idea_status",
        skip=told,
        mine=False,
        **context,
    )


def comment_posted(comment) -> None:
    """The idea's author hears of a comment, the parent comment's author of a reply, and the
    idea's followers of both; nobody hears of their own comment, and nobody twice."""
    from participate.ideas.models import Comment

    idea = comment.idea
    link = external_url("ideas.show", idea_id=idea.id) + f"#comment-{comment.id}"
    context = {"idea": idea, "comment": comment, "link": link}
    told = {comment.author_id}
    if comment.parent_id is not None:
        parent = db.session.get(Comment, comment.parent_id)
        if parent is not None and parent.author is not None and parent.author_id not in told:
            notify(
                parent.author,
                Kind.REPLIES,
                _l("A reply to your comment on “%(title)s”", title=idea.title),
                "notify_comment",
                reply=True,
                **context,
            )
            told.add(parent.author_id)
    if idea.author is not None and idea.author_id not in told:
        notify(
            idea.author,
            Kind.REPLIES,
            _l("A new comment on your idea “%(title)s”", title=idea.title),
            "notify_comment",
            reply=False,
            **context,
        )
        told.add(idea.author_id)
    notify_many(
        followers(idea_id=idea.id),
        Kind.FOLLOWED_IDEAS,
        _l("A new comment on “%(title)s”", title=idea.title),
        "notify_comment",
        skip=told,
        reply=False,
        **context,
    )
