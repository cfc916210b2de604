"""The rules of notifications: who follows what, which kinds a citizen wants, and `notify`,
the one function every capability calls to e-mail a citizen.

    from participate.notifications.services import notify
    notify(user, "my_idea", _l("Your idea was approved"), "idea_approved", idea=idea)

renders `email/<template>.txt` and `.html` in the citizen's language (with an unsubscribe
link and the List-Unsubscribe headers), records it, and hands it to the queue; or holds it
for the weekly digest if the citizen asked for one. Nothing is sent to an unconfirmed
address, nor for a kind the citizen switched off."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from participate.accounts.models import User
from participate.accounts.tokens import TokenExpired, TokenInvalid, make_token, read_token
from participate.db import db
from participate.mail import render_email
from participate.notifications import queue
from participate.notifications.models import Follow, Kind, Notification, Preferences, Status
from participate.urls import external_url

SETTABLE_KINDS = (Kind.MY_IDEA, Kind.REPLIES, Kind.FOLLOWED_IDEAS, Kind.CONSULTATIONS)
UNSUBSCRIBE_MAX_AGE = 10 * 365 * 24 * 3600  # an old mail's link still works


def kind_labels() -> dict[str, str]:
    return {
        Kind.MY_IDEA: str(_l("My ideas: approved, rejected, a new status or an official response")),
        Kind.REPLIES: str(_l("Comments on my ideas and replies to my comments")),
        Kind.FOLLOWED_IDEAS: str(_l("News about ideas I follow")),
        Kind.CONSULTATIONS: str(_l("Updates and new phases of consultations I follow")),
    }


# -- Preferences -------------------------------------------------------------------------


def preferences(user: User) -> Preferences:
    """The citizen's settings (unsaved defaults when they never changed them)."""
    prefs = db.session.get(Preferences, user.id)
    if prefs is None:
        prefs = Preferences(
            user_id=user.id,
            my_idea=True,
            replies=True,
            followed_ideas=True,
            consultations=True,
            digest=False,
        )
    return prefs


def save_preferences(user: User, *, kinds: set[str], digest: bool) -> Preferences:
    """Switch kinds on or off; `digest` collects a week's mails into one."""
    prefs = db.session.get(Preferences, user.id)
    if prefs is None:
        prefs = Preferences(user_id=user.id)
        db.session.add(prefs)
    for kind in SETTABLE_KINDS:
        setattr(prefs, kind.value, kind.value in kinds)
    prefs.digest = digest
    db.session.flush()
    return prefs


def wants(user: User, kind: str) -> bool:
    if kind == Kind.DIGEST:
        return True
    return bool(getattr(preferences(user), kind, True))


def unsubscribe_token(user: User, kind: str) -> str:
    return make_token("unsubscribe", {"uid": user.id, "kind": kind})


def unsubscribe(token: str) -> tuple[User, str]:
    """One click: switch off the kind the mail was of (a digest: back to single mails
    switched off entirely). The signed token is the proof; it names the account."""
    try:
        data = read_token("unsubscribe", token, UNSUBSCRIBE_MAX_AGE)
    except (TokenInvalid, TokenExpired) as exc:
        raise ValueError("invalid unsubscribe token") from exc
    user = db.session.get(User, data.get("uid"))
    kind = str(data.get("kind"))
    if user is None or kind not in {k.value for k in Kind}:
        raise ValueError("invalid unsubscribe token")
    prefs = preferences(user)
    on = {k.value for k in SETTABLE_KINDS if getattr(prefs, k.value)}
    if kind == Kind.DIGEST:
        on = set()
    else:
        on.discard(kind)
    save_preferences(user, kinds=on, digest=prefs.digest and kind != Kind.DIGEST)
    return user, kind


# -- Following ---------------------------------------------------------------------------


def _follow_filter(user_id: int, *, idea_id: int | None, consultation_id: int | None):
    clause = Follow.user_id == user_id
    if idea_id is not None:
        return clause & (Follow.idea_id == idea_id)
    return clause & (Follow.consultation_id == consultation_id)


def is_following(
    user: User, *, idea_id: int | None = None, consultation_id: int | None = None
) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(
            select(Follow.id).where(
                _follow_filter(user.id, idea_id=idea_id, consultation_id=consultation_id)
            )
        )
        is not None
    )


def toggle_follow(
    user: User, *, idea_id: int | None = None, consultation_id: int | None = None
) -> bool:
    """Follow, or stop following if they did. Returns whether they follow now."""
    if is_following(user, idea_id=idea_id, consultation_id=consultation_id):
        db.session.execute(
            delete(Follow).where(
                _follow_filter(user.id, idea_id=idea_id, consultation_id=consultation_id)
            )
        )
        return False
    db.session.add(Follow(user_id=user.id, idea_id=idea_id, consultation_id=consultation_id))
    db.session.flush()
    return True


def followers(*, idea_id: int | None = None, consultation_id: int | None = None) -> list[User]:
    column = Follow.idea_id if idea_id is not None else Follow.consultation_id
    value = idea_id if idea_id is not None else consultation_id
    return list(
        db.session.scalars(
            select(User).join(Follow, Follow.user_id == User.id).where(column == value)
        )
    )


def follows_of(user: User) -> list[Follow]:
    return list(db.session.scalars(select(Follow).where(Follow.user_id == user.id)))


# -- Notify ------------------------------------------------------------------------------


def notify(
    user: User | None,
    kind: str,
    subject: Any,
    template: str,
    *,
    summary: Any = "",
    link: str = "",
    **context: Any,
) -> Notification | None:
    """E-mail `user` about something of `kind` (see Kind), from `email/<template>.txt/.html`
    rendered in their language with `context`. `subject` and `summary` may be lazy strings
    (they are translated for the recipient); `link` is where the digest points.

    Returns the recorded Notification, or None when nothing is to be sent (no user, an
    unconfirmed address, or the kind switched off)."""
    if user is None or not user.is_verified or not wants(user, kind):
        return None
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    unsubscribe_url = external_url("notifications.unsubscribe", token=unsubscribe_token(user, kind))
    headers = {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    mail = render_email(
        user.email,
        subject,
        template,
        locale,
        headers,
        user=user,
        link=link,
        unsubscribe_url=unsubscribe_url,
        settings_url=external_url("accounts.account") + "#notifications",
        **context,
    )
    with force_locale(locale):
        summary_text = str(summary or subject)
    held = kind != Kind.DIGEST and preferences(user).digest
    notification = Notification(
        user_id=user.id,
        kind=kind,
        subject=mail.subject[:300],
        body_text=mail.text,
        body_html=mail.html,
        summary=summary_text[:300],
        link=link,
        headers=headers,
        status=Status.HELD if held else Status.PENDING,
    )
    db.session.add(notification)
    db.session.flush()
    if not held:
        queue.enqueue(notification.id)
    return notification


def notify_many(
    users: list[User],
    kind: str,
    subject: Any,
    template: str,
    *,
    skip: set[int] | None = None,
    **context: Any,
) -> list[Notification]:
    """`notify` each user once, leaving out the ids in `skip` (the person who acted, or those
    told already by a more specific mail)."""
    skip = set(skip or ())
    sent = []
    for user in users:
        if user.id in skip:
            continue
        skip.add(user.id)
        notification = notify(user, kind, subject, template, **context)
        if notification is not None:
            sent.append(notification)
    return sent
