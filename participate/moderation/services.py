"""The rules of moderation: reports, the decisions of moderators, merges, offline
contributions and blocked accounts.

Every decision is recorded in the audit log in the same transaction (who, what, the state before
and after, the reason). Counts stay exact: a comment counts in its idea's comment_count only while
it is visible, and every change of that is an atomic UPDATE; a merge recounts the kept idea from
its votes and comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from participate.accounts.models import User
from participate.audit.services import record
from participate.auth.permissions import can
from participate.auth.roles import Role
from participate.consultations.models import Consultation
from participate.db import db, utcnow
from participate.ideas import services as ideas
from participate.ideas.comments import change_count
from participate.ideas.models import (
    Comment,
    Idea,
    IdeaStatus,
    Source,
    Visibility,
    Vote,
)
from participate.ideas.services import IdeaError, trend_weight
from participate.mail import send_email
from participate.moderation import queue
from participate.moderation.models import (
    BlockedWord,
    QueueEntry,
    QueueReason,
    RejectionTemplate,
    Report,
    ReportReason,
)
from participate.urls import external_url

Item = Idea | Comment


class ModerationError(IdeaError):
    """A refused moderation action or report, with a message for the person who tried."""


REPORT_REASONS = {
    ReportReason.SPAM: _l("Spam or advertising"),
    ReportReason.OFFENSIVE: _l("Offensive, hateful or threatening"),
    ReportReason.OFF_TOPIC: _l("Off-topic"),
    ReportReason.PERSONAL_DATA: _l("Contains personal data"),
    ReportReason.OTHER: _l("Something else"),
}


def kind_of(item: Item) -> str:
    return "idea" if isinstance(item, Idea) else "comment"


def consultation_of(item: Item) -> Consultation:
    return item.consultation if isinstance(item, Idea) else item.idea.consultation


def _require_moderator(user: User) -> None:
    if not can(user, "moderation.act"):
        raise ModerationError(_("Only moderators can do this."))


def _state(item: Item) -> dict:
    state = {"visibility": item.visibility}
    if isinstance(item, Idea):
        state["status"] = item.status
    return state


def _set_comment_visibility(comment: Comment, visibility: Visibility) -> None:
    """Change what everyone sees of a comment, keeping its idea's comment_count exact."""
    was_counted = comment.is_visible
    comment.visibility = visibility
    now_counted = comment.is_visible
    if was_counted != now_counted:
        change_count(comment.idea_id, +1 if now_counted else -1)


def _resolve(item: Item, moderator: User, outcome: str) -> None:
    """The moderator looked: open reports are settled and the queue entry is closed."""
    queue.settle(item, outcome, by=moderator.id)


def _author_email(item: Item) -> User | None:
    author = item.author
    if author is None or item.source == Source.TOWN_HALL:
        return None
    return author


def _mail_author(item: Item, template: str, subject, **context) -> None:
    """The author hears of the decision, unless they switched off e-mail about their ideas."""
    from participate.notifications.models import Kind
    from participate.notifications.services import wants

    author = _author_email(item)
    if author is None or not wants(author, Kind.MY_IDEA):
        return
    idea = item if isinstance(item, Idea) else item.idea
    send_email(
        author.email,
        subject,
        template,
        locale=author.locale,
        user=author,
        item=item,
        kind=kind_of(item),
        idea=idea,
        idea_url=external_url("ideas.show", idea_id=idea.id),
        **context,
    )


# -- Reports ------------------------------------------------------------------------------


def report_refusal(item: Item, user: User) -> str | None:
    if not user.is_authenticated:
        return _("Log in to report a contribution.")
    if user.is_blocked:
        return _("Your account is blocked: you cannot post, vote, comment or report anymore.")
    if not user.is_verified:
        return _("Confirm your e-mail address first: open the link we sent you.")
    if item.author_id == user.id and item.source == Source.ONLINE:
        return _("You cannot report your own contribution.")
    visible = item.is_public if isinstance(item, Idea) else item.is_visible
    if not visible:
        return _("This contribution is not public, so it cannot be reported.")
    return None


def report(item: Item, reporter: User, reason: str, text: str = "") -> Report:
    """A citizen reports an idea or a comment: once per account per item. The item enters the
    queue; from the consultation's threshold of reports by different accounts on, it is hidden
    until a moderator looks."""
    refusal = report_refusal(item, reporter)
    if refusal:
        raise ModerationError(refusal)
    if reason not in {r.value for r in ReportReason}:
        raise ModerationError(_("Choose a reason."), "reason")
    text = text.strip()
    if reason == ReportReason.OTHER and not text:
        raise ModerationError(_("Tell us what is wrong."), "text")
    if len(text) > 1000:
        raise ModerationError(_("Keep the explanation under 1000 characters."), "text")

    # One report at a time per item (a row lock on PostgreSQL; SQLite writes one at a time),
    # so that concurrent reports cannot all miss the threshold.
    model = type(item)
    db.session.execute(select(model.id).where(model.id == item.id).with_for_update())
    new = Report(reporter_id=reporter.id, reason=reason, text=text)
    if isinstance(item, Idea):
        new.idea_id = item.id
    else:
        new.comment_id = item.id
    try:
        with db.session.begin_nested():
            db.session.add(new)
            db.session.flush()
    except IntegrityError:
        raise ModerationError(
            _("You have already reported this. A moderator will look at it.")
        ) from None

    target = Report.idea_id if isinstance(item, Idea) else Report.comment_id
    open_reports = db.session.scalar(
        select(func.count()).where(target == item.id, Report.resolved_at.is_(None))
    )
    queue.enqueue(item, QueueReason.REPORTED, "")
    threshold = consultation_of(item).report_threshold
    if open_reports >= threshold and item.visibility == Visibility.VISIBLE:
        before = _state(item)
        if isinstance(item, Comment):
            _set_comment_visibility(item, Visibility.HIDDEN)
        else:
            item.visibility = Visibility.HIDDEN
        record(
            None,
            f"{kind_of(item)}.auto_hide",
            item,
            before=before,
            after=_state(item),
            reason=f"{open_reports} reports (threshold {threshold})",
        )
    db.session.flush()
    return new


def reports_for(entries: list[QueueEntry]) -> dict[tuple[str, int], list[Report]]:
    """The open reports of the items of these queue entries, in one query."""
    idea_ids = [e.idea_id for e in entries if e.idea_id]
    comment_ids = [e.comment_id for e in entries if e.comment_id]
    if not idea_ids and not comment_ids:
        return {}
    rows = db.session.scalars(
        select(Report)
        .where(
            Report.resolved_at.is_(None),
            Report.idea_id.in_(idea_ids) | Report.comment_id.in_(comment_ids),
        )
        .order_by(Report.created_at)
    )
    grouped: dict[tuple[str, int], list[Report]] = {}
    for r in rows:
        key = ("idea", r.idea_id) if r.idea_id else ("comment", r.comment_id)
        grouped.setdefault(key, []).append(r)
    return grouped


def open_reports(item: Item) -> list[Report]:
    target = Report.idea_id if isinstance(item, Idea) else Report.comment_id
    return list(
        db.session.scalars(
            select(Report)
            .where(target == item.id, Report.resolved_at.is_(None))
            .order_by(Report.created_at)
        )
    )


# -- The queue ----------------------------------------------------------------------------


@dataclass
class AuthorHistory:
    ideas: int = 0
    comments: int = 0
    removed: int = 0  # hidden or rejected by the moderation
    reports: int = 0  # reports received
    blocked: bool = False


@dataclass
class QueuePage:
    entries: list[QueueEntry]
    reports: dict[tuple[str, int], list[Report]]
    histories: dict[int, AuthorHistory]
    total: int
    next_cursor: str | None
    kinds: dict[str, int] = field(default_factory=dict)


QUEUE_PAGE = 25


def _cursor(entry: QueueEntry) -> str:
    return f"{entry.queued_at.timestamp():.6f}_{entry.id}"


def _parse_cursor(cursor: str) -> tuple[datetime, int] | None:
    from datetime import UTC

    try:
        stamp, _sep, ident = cursor.partition("_")
        return datetime.fromtimestamp(float(stamp), UTC), int(ident)
    except (ValueError, OverflowError, OSError):
        return None


def queue_page(cursor: str = "", reason: str = "", per_page: int = QUEUE_PAGE) -> QueuePage:
    """A page of the open queue, oldest first, with everything a moderator needs to decide:
    the item (and its idea and consultation), the open reports, the authors' history. A fixed
    number of queries whatever the page's length; keyset pagination, so page 100 of a queue of
    thousands costs what page 1 does."""
    base = select(QueueEntry).where(QueueEntry.resolved_at.is_(None))
    if reason in {r.value for r in QueueReason}:
        base = base.where(QueueEntry.reason == reason)
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    statement = base
    position = _parse_cursor(cursor) if cursor else None
    if position:
        at, ident = position
        statement = statement.where(
            (QueueEntry.queued_at > at) | ((QueueEntry.queued_at == at) & (QueueEntry.id > ident))
        )
    entries = list(
        db.session.scalars(
            statement.options(
                joinedload(QueueEntry.idea).joinedload(Idea.author),
                joinedload(QueueEntry.idea).joinedload(Idea.consultation),
                joinedload(QueueEntry.idea).joinedload(Idea.theme),
                joinedload(QueueEntry.comment).joinedload(Comment.author),
                joinedload(QueueEntry.comment)
                .joinedload(Comment.idea)
                .joinedload(Idea.consultation),
            )
            .order_by(QueueEntry.queued_at, QueueEntry.id)
            .limit(per_page + 1)
        ).unique()
    )
    more = len(entries) > per_page
    entries = entries[:per_page]
    authors = {(e.idea or e.comment).author_id for e in entries if (e.idea or e.comment).author_id}
    kinds = dict(
        db.session.execute(
            select(QueueEntry.reason, func.count())
            .where(QueueEntry.resolved_at.is_(None))
            .group_by(QueueEntry.reason)
        ).all()
    )
    return QueuePage(
        entries=entries,
        reports=reports_for(entries),
        histories=author_histories(authors),
        total=total,
        next_cursor=_cursor(entries[-1]) if more else None,
        kinds=kinds,
    )


def author_histories(author_ids: set[int]) -> dict[int, AuthorHistory]:
    """What these authors did before: their ideas and comments, how many the moderation hid
    or rejected, how many reports they received. Four grouped queries for the whole page."""
    if not author_ids:
        return {}
    ids = list(author_ids)
    histories = {i: AuthorHistory() for i in ids}
    removed_values = [Visibility.HIDDEN.value, Visibility.REJECTED.value]
    for model in (Idea, Comment):
        rows = db.session.execute(
            select(
                model.author_id,
                func.count(),
                func.sum(case((model.visibility.in_(removed_values), 1), else_=0)),
            )
            .where(model.author_id.in_(ids))
            .group_by(model.author_id)
        )
        for author_id, count, removed in rows:
            h = histories[author_id]
            if model is Idea:
                h.ideas = count
            else:
                h.comments = count
            h.removed += int(removed or 0)
    received = db.session.execute(
        select(func.coalesce(Idea.author_id, Comment.author_id), func.count())
        .select_from(Report)
        .outerjoin(Idea, Report.idea_id == Idea.id)
        .outerjoin(Comment, Report.comment_id == Comment.id)
        .where(func.coalesce(Idea.author_id, Comment.author_id).in_(ids))
        .group_by(func.coalesce(Idea.author_id, Comment.author_id))
    )
    for author_id, count in received:
        histories[author_id].reports = count
    for user_id in db.session.scalars(
        select(User.id).where(User.id.in_(ids), User.blocked_at.is_not(None))
    ):
        histories[user_id].blocked = True
    return histories


# -- Decisions ----------------------------------------------------------------------------


def approve(item: Item, moderator: User) -> None:
    """The item may stay or be published: an idea awaiting approval is published (and its
    author told so), a hidden item becomes visible again, its reports are settled."""
    _require_moderator(moderator)
    before = _state(item)
    was_waiting = isinstance(item, Idea) and item.status == IdeaStatus.PENDING
    was_waiting = was_waiting or (
        isinstance(item, Comment) and item.visibility == Visibility.PENDING
    )
    if isinstance(item, Idea):
        if item.status == IdeaStatus.PENDING:
            item.status = IdeaStatus.PUBLISHED
        item.visibility = Visibility.VISIBLE
    else:
        _set_comment_visibility(item, Visibility.VISIBLE)
    _resolve(item, moderator, "approved")
    record(moderator, f"{kind_of(item)}.approve", item, before=before, after=_state(item))
    db.session.flush()
    if was_waiting and isinstance(item, Comment):
        from participate.notifications import events

        events.comment_posted(item)  # now that it is public, the idea's author may hear of it
    if was_waiting:
        _mail_author(
            item,
            "moderation_approved",
            _l("Your contribution is published"),
        )


def reject(item: Item, moderator: User, reason: str, template_id: int | None = None) -> str:
    """The item breaks the rules: it disappears from the site (its author and the moderators
    still see it, marked), its votes are given back, and its author gets the reason by e-mail.
    The reason is a template's text, free text, or both."""
    _require_moderator(moderator)
    parts = []
    if template_id:
        template = db.session.get(RejectionTemplate, template_id)
        if template is None:
            raise ModerationError(_("Choose one of the reasons."), "template_id")
        parts.append(template.body.strip())
    if reason.strip():
        parts.append(reason.strip())
    full_reason = "\n\n".join(parts)
    if not full_reason:
        raise ModerationError(
            _("Give a reason: pick one or write it. The author receives it by e-mail."), "reason"
        )
    before = _state(item)
    if isinstance(item, Idea):
        item.visibility = Visibility.REJECTED
        ideas.remove_votes(item)
    else:
        _set_comment_visibility(item, Visibility.REJECTED)
    _resolve(item, moderator, "rejected")
    record(
        moderator,
        f"{kind_of(item)}.reject",
        item,
        before=before,
        after=_state(item),
        reason=full_reason,
    )
    db.session.flush()
    _mail_author(
        item,
        "moderation_rejected",
        _l("Your contribution was not published"),
        reason=full_reason,
    )
    return full_reason


def hide(item: Item, moderator: User, reason: str) -> None:
    """Take an item off the site for now (it keeps its votes and can come back)."""
    _require_moderator(moderator)
    if not reason.strip():
        raise ModerationError(_("Say why you hide this: it is kept in the audit log."), "reason")
    before = _state(item)
    if isinstance(item, Idea):
        item.visibility = Visibility.HIDDEN
    else:
        _set_comment_visibility(item, Visibility.HIDDEN)
    _resolve(item, moderator, "hidden")
    record(
        moderator, f"{kind_of(item)}.hide", item, before=before, after=_state(item), reason=reason
    )
    db.session.flush()


def unhide(item: Item, moderator: User, reason: str = "") -> None:
    _require_moderator(moderator)
    if item.visibility != Visibility.HIDDEN:
        raise ModerationError(_("This contribution is not hidden."))
    before = _state(item)
    if isinstance(item, Idea):
        item.visibility = Visibility.VISIBLE
    else:
        _set_comment_visibility(item, Visibility.VISIBLE)
    _resolve(item, moderator, "unhidden")
    record(
        moderator,
        f"{kind_of(item)}.unhide",
        item,
        before=before,
        after=_state(item),
        reason=reason,
    )
    db.session.flush()


def edit(
    item: Item, moderator: User, *, body_md: str, title: str | None = None, reason: str
) -> None:
    """A moderator changes the text (to remove personal data, an insult); the item then shows a
    public note "edited by the moderation"."""
    _require_moderator(moderator)
    body = body_md.strip()
    if not reason.strip():
        raise ModerationError(_("Say why you change this: it is kept in the audit log."), "reason")
    before = {"body_md": item.body_md}
    if isinstance(item, Idea):
        title = (title or "").strip()
        if not 10 <= len(title) <= 120:
            raise ModerationError(_("A title has between 10 and 120 characters."), "title")
        if not 30 <= len(body) <= 5000:
            raise ModerationError(
                _("The description has between 30 and 5000 characters."), "body_md"
            )
        before["title"] = item.title
        item.title = title
    elif not 2 <= len(body) <= 5000:
        raise ModerationError(_("A comment has between 2 and 5000 characters."), "body_md")
    item.body_md = body
    item.moderator_edited_at = utcnow()
    after = {"body_md": body}
    if isinstance(item, Idea):
        after["title"] = item.title
    record(
        moderator,
        f"{kind_of(item)}.moderator_edit",
        item,
        before=before,
        after=after,
        reason=reason,
    )
    db.session.flush()


def change_theme(idea: Idea, moderator: User, theme_id: int | None) -> None:
    _require_moderator(moderator)
    theme = next((t for t in idea.consultation.themes if t.id == theme_id), None)
    if theme is None:
        raise ModerationError(_("Choose one of the themes of this consultation."), "theme_id")
    if theme.id == idea.theme_id:
        return
    before = {"theme": idea.theme.name}
    idea.theme_id = theme.id
    idea.theme = theme
    record(moderator, "idea.change_theme", idea, before=before, after={"theme": theme.name})
    db.session.flush()


def set_flag(idea: Idea, moderator: User, flag: str, value: bool) -> None:
    """Feature an idea (shown in the consultation's highlights) or pin it (first in every list)."""
    _require_moderator(moderator)
    if flag not in ("featured", "pinned"):
        raise ModerationError(_("This action is not possible here."))
    if value and not idea.is_public:
        raise ModerationError(_("Only a published idea can be featured or pinned."))
    before = {flag: getattr(idea, flag)}
    setattr(idea, flag, value)
    record(
        moderator,
        f"idea.{flag}" if value else f"idea.un{flag}",
        idea,
        before=before,
        after={flag: value},
    )
    db.session.flush()


# -- Merging duplicates -------------------------------------------------------------------


@dataclass
class MergeResult:
    moved_votes: int
    combined_votes: int  # votes on the duplicate by citizens who had voted for the kept idea
    moved_comments: int
    notified: list[int]


def merge_refusal(duplicate: Idea, kept: Idea | None) -> str | None:
    if kept is None:
        return _("There is no idea with that number.")
    if kept.id == duplicate.id:
        return _("An idea cannot be merged into itself.")
    if kept.consultation_id != duplicate.consultation_id:
        return _("Only ideas of the same consultation can be merged.")
    if duplicate.merged_into_id is not None:
        return _("This idea was already merged.")
    if not kept.is_public:
        return _("The idea to keep must be published.")
    return None


def merge(duplicate: Idea, kept: Idea, moderator: User) -> MergeResult:
    """Merge a duplicate into the idea that is kept.

    Comments move. Votes combine: a citizen who voted for both keeps one vote (on the kept idea;
    the other is given back where votes are limited); the others' votes move, and each of them is
    told so by e-mail and may withdraw it. The counts of both ideas are then recounted from the
    votes and comments themselves, so they are exact whatever happened before. The duplicate's
    page redirects to the kept idea."""
    _require_moderator(moderator)
    refusal = merge_refusal(duplicate, kept)
    if refusal:
        raise ModerationError(refusal, "into")
    consultation = kept.consultation
    # Lock both rows (PostgreSQL) so no vote lands on either while we move them.
    db.session.execute(
        select(Idea.id).where(Idea.id.in_([kept.id, duplicate.id])).with_for_update()
    )
    before = {"kept": _counts(kept), "duplicate": _counts(duplicate)}

    voted_both = select(Vote.user_id).where(Vote.idea_id == kept.id)
    combined = db.session.scalars(
        delete(Vote)
        .where(Vote.idea_id == duplicate.id, Vote.user_id.in_(voted_both))
        .returning(Vote.user_id)
        .execution_options(synchronize_session=False)
    ).all()
    ideas.give_votes_back(consultation, combined)
    moved = db.session.scalars(
        update(Vote)
        .where(Vote.idea_id == duplicate.id)
        .values(idea_id=kept.id)
        .returning(Vote.user_id)
        .execution_options(synchronize_session=False)
    ).all()
    moved_comments = db.session.execute(
        update(Comment)
        .where(Comment.idea_id == duplicate.id)
        .values(idea_id=kept.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.execute(
        update(Report)
        .where(Report.idea_id == duplicate.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    )

    recount(kept)
    recount(duplicate)
    duplicate.merged_into_id = kept.id
    duplicate.pinned = duplicate.featured = False
    _resolve(duplicate, moderator, "merged")
    after = {
        "kept": _counts(kept),
        "duplicate": {"id": duplicate.id, "merged_into": kept.id},
        "moved_votes": len(moved),
        "combined_votes": len(combined),
        "moved_comments": moved_comments,
    }
    record(moderator, "idea.merge", duplicate, before=before, after=after)
    db.session.flush()

    if moved:
        voters = db.session.scalars(select(User).where(User.id.in_(moved))).all()
        for voter in voters:
            send_email(
                voter.email,
                _l("Your vote moved to a similar idea"),
                "vote_moved",
                locale=voter.locale,
                user=voter,
                duplicate=duplicate,
                kept=kept,
                idea_url=external_url("ideas.show", idea_id=kept.id),
            )
    return MergeResult(len(moved), len(combined), moved_comments, list(moved))


def _counts(idea: Idea) -> dict[str, int]:
    return {
        "id": idea.id,
        "support": idea.support_count,
        "oppose": idea.oppose_count,
        "comments": idea.comment_count,
    }


def recount(idea: Idea) -> None:
    """Set an idea's counts from its votes and visible comments (exact by construction)."""
    support, oppose = db.session.execute(
        select(
            func.count().filter(Vote.value == 1),
            func.count().filter(Vote.value == -1),
        ).where(Vote.idea_id == idea.id)
    ).one()
    comment_count = db.session.scalar(
        select(func.count()).where(
            Comment.idea_id == idea.id,
            Comment.deleted_at.is_(None),
            Comment.visibility == Visibility.VISIBLE.value,
        )
    )
    trend = sum(
        trend_weight(moment)
        for moment in db.session.scalars(
            select(Vote.created_at).where(Vote.idea_id == idea.id, Vote.value == 1)
        )
    )
    db.session.execute(
        update(Idea)
        .where(Idea.id == idea.id)
        .values(
            support_count=support,
            oppose_count=oppose,
            comment_count=comment_count,
            trend_score=trend,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(idea, ["support_count", "oppose_count", "comment_count", "trend_score"])


# -- Offline contributions ----------------------------------------------------------------


def post_offline_idea(
    consultation: Consultation,
    moderator: User,
    *,
    title: str,
    body_md: str,
    theme_id: int | None,
    place: str = "",
) -> Idea:
    """A moderator enters an idea handed in on paper or at the town hall's counter. It has no
    account behind it, is marked publicly as such, and is published at once (a moderator typed
    it in). It counts everywhere like the others."""
    _require_moderator(moderator)
    title, body = title.strip(), body_md.strip()
    if not 10 <= len(title) <= 120:
        raise ModerationError(_("A title has between 10 and 120 characters."), "title")
    if not 30 <= len(body) <= 5000:
        raise ModerationError(_("The description has between 30 and 5000 characters."), "body_md")
    theme = next((t for t in consultation.themes if t.id == theme_id), None)
    if theme is None:
        raise ModerationError(_("Choose one of the themes of this consultation."), "theme_id")
    idea = Idea(
        consultation_id=consultation.id,
        theme_id=theme.id,
        author_id=None,
        title=title,
        body_md=body,
        place=place.strip(),
        status=IdeaStatus.PUBLISHED,
        source=Source.TOWN_HALL,
    )
    db.session.add(idea)
    db.session.flush()
    record(moderator, "idea.offline_create", idea, after={"title": title, "theme": theme.name})
    return idea


def post_offline_comment(idea: Idea, moderator: User, body_md: str) -> Comment:
    _require_moderator(moderator)
    body = body_md.strip()
    if not 2 <= len(body) <= 5000:
        raise ModerationError(_("A comment has between 2 and 5000 characters."), "body_md")
    if not idea.is_public:
        raise ModerationError(_("You can only comment on published ideas."))
    comment = Comment(idea_id=idea.id, author_id=None, body_md=body, source=Source.TOWN_HALL)
    db.session.add(comment)
    db.session.flush()
    change_count(idea.id, +1)
    record(moderator, "comment.offline_create", comment, after={"idea_id": idea.id})
    return comment


# -- People -------------------------------------------------------------------------------


def block_refusal(target: User, moderator: User) -> str | None:
    if target.id == moderator.id:
        return _("You cannot block your own account.")
    if target.role != Role.CITIZEN and moderator.role != Role.ADMIN:
        return _("Only an administrator can block the account of a staff member.")
    return None


def block(target: User, moderator: User, reason: str) -> None:
    """A blocked account can still log in and read (and download its data), but cannot post,
    vote, comment or report."""
    _require_moderator(moderator)
    refusal = block_refusal(target, moderator)
    if refusal:
        raise ModerationError(refusal)
    if not reason.strip():
        raise ModerationError(_("Say why you block this account."), "reason")
    if target.is_blocked:
        raise ModerationError(_("This account is already blocked."))
    target.blocked_at = utcnow()
    target.blocked_reason = reason.strip()
    record(
        moderator,
        "user.block",
        target,
        before={"blocked": False},
        after={"blocked": True},
        reason=reason,
    )
    db.session.flush()


def unblock(target: User, moderator: User, reason: str = "") -> None:
    """Who may not block an account may not unblock it either: a blocked moderator cannot
    unblock themselves, and only an admin unblocks a staff member."""
    _require_moderator(moderator)
    refusal = block_refusal(target, moderator)
    if refusal:
        raise ModerationError(refusal)
    if not target.is_blocked:
        raise ModerationError(_("This account is not blocked."))
    target.blocked_at = None
    target.blocked_reason = ""
    record(
        moderator,
        "user.unblock",
        target,
        before={"blocked": True},
        after={"blocked": False},
        reason=reason,
    )
    db.session.flush()


def hide_all_content(target: User, moderator: User, reason: str) -> tuple[int, int]:
    """Hide every visible idea and comment of an account in one action (each can be unhidden)."""
    _require_moderator(moderator)
    refusal = block_refusal(target, moderator)
    if refusal:
        raise ModerationError(refusal)
    if not reason.strip():
        raise ModerationError(_("Say why you hide this: it is kept in the audit log."), "reason")
    hidden_ideas = db.session.execute(
        update(Idea)
        .where(Idea.author_id == target.id, Idea.visibility == Visibility.VISIBLE.value)
        .values(visibility=Visibility.HIDDEN.value)
        .execution_options(synchronize_session=False)
    ).rowcount
    # Each idea's comment_count loses the visible comments of this author, in one UPDATE.
    visible = (
        select(Comment.idea_id, func.count().label("n"))
        .where(
            Comment.author_id == target.id,
            Comment.visibility == Visibility.VISIBLE.value,
            Comment.deleted_at.is_(None),
        )
        .group_by(Comment.idea_id)
        .subquery()
    )
    db.session.execute(
        update(Idea)
        .where(Idea.id == visible.c.idea_id)
        .values(comment_count=Idea.comment_count - visible.c.n)
        .execution_options(synchronize_session=False)
    )
    hidden_comments = db.session.execute(
        update(Comment)
        .where(
            Comment.author_id == target.id,
            Comment.visibility == Visibility.VISIBLE.value,
            Comment.deleted_at.is_(None),  # removed comments show nothing: not counted as hidden
        )
        .values(visibility=Visibility.HIDDEN.value)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.expire_all()
    record(
        moderator,
        "user.hide_all",
        target,
        after={"ideas_hidden": hidden_ideas, "comments_hidden": hidden_comments},
        reason=reason,
    )
    db.session.flush()
    return hidden_ideas, hidden_comments


def search_people(query: str, limit: int = 50) -> list[User]:
    """Accounts by display name (e-mail addresses are never shown to moderators)."""
    statement = select(User).order_by(User.display_name, User.id).limit(limit)
    query = query.strip()
    if query:
        escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        statement = statement.where(User.display_name.ilike(f"%{escaped}%", escape="\\"))
    else:
        statement = statement.where(User.blocked_at.is_not(None))
    return list(db.session.scalars(statement))


def contributions_of(user: User, limit: int = 50) -> tuple[list[Idea], list[Comment]]:
    recent_ideas = db.session.scalars(
        select(Idea).where(Idea.author_id == user.id).order_by(Idea.created_at.desc()).limit(limit)
    ).all()
    recent_comments = db.session.scalars(
        select(Comment)
        .where(Comment.author_id == user.id)
        .options(joinedload(Comment.idea))
        .order_by(Comment.created_at.desc())
        .limit(limit)
    ).all()
    return list(recent_ideas), list(recent_comments)


# -- Settings (admins) --------------------------------------------------------------------


def save_blocked_words(admin: User, text: str) -> list[str]:
    """Replace the list of blocked words with one word or phrase per line."""
    words = []
    for line in text.splitlines():
        word = queue.normalise_word(line)
        if not word:
            continue
        if not 2 <= len(word) <= 60:
            raise ModerationError(
                _("Each blocked word has between 2 and 60 characters: %(word)s", word=word[:60]),
                "words",
            )
        if word not in words:
            words.append(word)
    before = queue.blocked_words()
    db.session.execute(delete(BlockedWord))
    db.session.add_all(BlockedWord(word=w) for w in words)
    record(
        admin,
        "moderation.blocked_words",
        None,
        before={"words": before},
        after={"words": sorted(words)},
    )
    db.session.flush()
    return words


def save_links_limit(admin: User, limit: int | None) -> None:
    from participate.site.services import get_settings

    if limit is None or not 0 <= limit <= 50:
        raise ModerationError(_("Choose a number of links between 0 and 50."), "max_links")
    settings = get_settings()
    if settings not in db.session:
        # get_settings() hands out unsaved defaults until the site settings are first saved:
        # without this the new limit would be audited but never stored.
        db.session.add(settings)
    if settings.max_links_per_post != limit:
        record(
            admin,
            "moderation.links_limit",
            None,
            before={"max_links": settings.max_links_per_post},
            after={"max_links": limit},
        )
        settings.max_links_per_post = limit
    db.session.flush()


def rejection_templates() -> list[RejectionTemplate]:
    return list(
        db.session.scalars(
            select(RejectionTemplate).order_by(RejectionTemplate.position, RejectionTemplate.id)
        )
    )


def save_rejection_template(
    admin: User, template: RejectionTemplate | None, *, title: str, body: str
) -> RejectionTemplate:
    title, body = title.strip(), body.strip()
    if not 2 <= len(title) <= 80:
        raise ModerationError(_("A name has between 2 and 80 characters."), "title")
    if not 10 <= len(body) <= 2000:
        raise ModerationError(_("The text has between 10 and 2000 characters."), "body")
    clash = db.session.scalar(select(RejectionTemplate).where(RejectionTemplate.title == title))
    if clash is not None and clash is not template:
        raise ModerationError(_("Another reason already has this name."), "title")
    before = {"title": template.title, "body": template.body} if template else None
    if template is None:
        position = db.session.scalar(select(func.coalesce(func.max(RejectionTemplate.position), 0)))
        template = RejectionTemplate(position=(position or 0) + 1)
        db.session.add(template)
    template.title, template.body = title, body
    db.session.flush()
    record(
        admin,
        "moderation.rejection_template",
        template,
        before=before,
        after={"title": title, "body": body},
    )
    return template


def delete_rejection_template(admin: User, template: RejectionTemplate) -> None:
    record(
        admin,
        "moderation.rejection_template_delete",
        template,
        before={"title": template.title, "body": template.body},
    )
    db.session.delete(template)
    db.session.flush()
