"""Dutch demo content for `participate seed-demo` and `make run`. Idempotent: it adds what is
missing and never changes what an admin already edited. Later capabilities add their parts."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select, update

from participate import demo_content as content
from participate.accounts import services as accounts
from participate.accounts.models import User
from participate.accounts.passwords import hash_password
from participate.auth.roles import Role
from participate.consultations import services as consultations
from participate.consultations.models import Consultation, ModerationMode, VotingMode
from participate.db import db, utcnow
from participate.ideas import comments
from participate.ideas import services as ideas
from participate.ideas.models import Comment, Idea, Vote
from participate.site.models import SiteSettings

DEMO_PASSWORD = "lindeveld-demo-2026"  # noqa: S105 - printed on purpose, for a local demo only

DEMO_USERS = [
    ("admin@example.com", "Beheerder Lindeveld", Role.ADMIN.value),
    ("moderator@example.com", "Moderator Communicatiedienst", Role.MODERATOR.value),
    ("raad@example.com", "Gemeenteraad Lindeveld", Role.COUNCIL.value),
    ("burger@example.com", "An Peeters", Role.CITIZEN.value),
]
MODERATOR_EMAIL = "moderator@example.com"
VOTE_LIMIT = 10


def seed_demo() -> bool:
    """Create the demo municipality and accounts if they are missing. True if anything was added."""
    created = False
    if db.session.get(SiteSettings, 1) is None:
        db.session.add(
            SiteSettings(
                id=1,
                municipality_name="Gemeente Lindeveld",
                tagline="Denk mee over de toekomst van Lindeveld: deel je ideeën, steun die van anderen en praat mee.",
                primary_colour="#1d4f91",
                contact_email="participatie@example.com",
            )
        )
        created = True
    for email, name, role in DEMO_USERS:
        if accounts.get_by_email(email) is None:
            accounts.create_user(email, name, DEMO_PASSWORD, role, verified=True, locale="nl")
            created = True
    db.session.flush()
    created = seed_moderation_settings() or created
    if consultations.get_by_slug(content.SLUG) is None:
        seed_consultation()
        created = True
    from participate.selftest import demo as selftest_demo
    from participate.selftest.services import get_by_slug as get_selftest

    if get_selftest(selftest_demo.SLUG) is None:
        selftest_demo.seed_selftest(consultations.get_by_slug(content.SLUG), utcnow())
        created = True
    return created


def seed_moderation_settings() -> bool:
    """Standard reasons for rejection and a short list of blocked words, if there are none."""
    from participate.moderation.models import BlockedWord, RejectionTemplate

    created = False
    if db.session.scalar(select(RejectionTemplate.id).limit(1)) is None:
        for position, (title, body) in enumerate(content.REJECTION_TEMPLATES):
            db.session.add(RejectionTemplate(title=title, body=body, position=position))
        created = True
    if db.session.scalar(select(BlockedWord.id).limit(1)) is None:
        db.session.add_all(BlockedWord(word=word) for word in content.BLOCKED_WORDS)
        created = True
    db.session.flush()
    return created


def seed_consultation(now: datetime | None = None) -> Consultation:
    """The consultation "Ruimte voor morgen", open for ideas since ten days, with the ideas,
    votes, comments and official responses of about 25 citizens. Everything goes through the
    real services, so the rules and the counts hold; only the times are moved back afterwards,
    so that the demo looks like ten days of participation."""
    now = now or utcnow()
    # A fixed seed: every demo database tells the same story.
    rng = random.Random(2040)  # noqa: S311 - not for security
    citizens = _demo_citizens(now)
    consultation = consultations.save_consultation(
        None,
        title=content.TITLE,
        slug=content.SLUG,
        intro_md=content.INTRO_MD,
        moderation_mode=ModerationMode.POST,
        voting_mode=VotingMode.SUPPORT,
        vote_limit=VOTE_LIMIT,
        ideas_open_at=now - timedelta(days=10),
        voting_open_at=now + timedelta(days=30),
        closed_at=now + timedelta(days=45),
        results_at=now + timedelta(days=60),
        themes=[consultations.ThemeInput(name, colour) for name, colour in content.THEMES],
    )
    consultation.created_at = now - timedelta(days=12)
    posted = _post_ideas(consultation, citizens, now, rng)
    _cast_votes(consultation, posted, citizens, now, rng)
    _post_comments(posted, citizens, now, rng)
    _respond(posted, now)
    _moderation_story(consultation, posted, citizens, now)
    db.session.flush()
    return consultation


def _moderation_story(
    consultation: Consultation, posted: dict[str, Idea], citizens: dict[str, User], now: datetime
) -> None:
    """Something for the moderators to do: a held idea, a reported one, a reported comment,
    and an idea handed in on paper. Through the real services, so the queue is what it would be."""
    from participate.moderation import services as moderation

    theme_ids = {theme.name: theme.id for theme in consultation.themes}
    held = []
    for author, theme, title, body, place in (content.FLAGGED_IDEA, content.REPORTED_IDEA):
        idea = ideas.post_idea(
            consultation,
            citizens[author],
            title=title,
            body_md=body,
            theme_id=theme_ids[theme],
            place=place,
        )
        idea.created_at = now - timedelta(hours=20)
        held.append(idea)
    reported = held[1]
    # The attack on a shopkeeper passed the filters and was reported by three citizens.
    moderator = accounts.get_by_email(MODERATOR_EMAIL)
    if moderator is not None:
        for handle in content.REPORTERS:
            moderation.report(reported, citizens[handle], "offensive")
        first_comment = db.session.scalar(
            select(Comment).where(Comment.idea_id == posted["fietsstraat"].id).order_by(Comment.id)
        )
        if first_comment is not None:
            moderation.report(
                first_comment,
                citizens[content.COMMENT_REPORTER],
                "other",
                "Dit is geen reactie op het idee.",
            )
        theme, title, body, place = content.OFFLINE_IDEA
        offline = moderation.post_offline_idea(
            consultation,
            moderator,
            title=title,
            body_md=body,
            theme_id=theme_ids[theme],
            place=place,
        )
        offline.created_at = now - timedelta(days=3)
    db.session.flush()


def _demo_citizens(now: datetime) -> dict[str, User]:
    """The demo citizens by handle, created where missing. They share one password hash:
    argon2 takes a noticeable moment per hash, and the password is published anyway."""
    password_hash: str | None = None
    users: dict[str, User] = {}
    for handle, name in content.CITIZENS:
        email = f"{handle}@example.com"
        user = accounts.get_by_email(email)
        if user is None:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            user = User(
                email=email,
                display_name=name,
                password_hash=password_hash,
                role=Role.CITIZEN.value,
                locale="nl",
                email_verified_at=now - timedelta(days=11),
                created_at=now - timedelta(days=11),
            )
            db.session.add(user)
        users[handle] = user
    db.session.flush()
    return users


def _between(start: datetime, end: datetime, rng: random.Random) -> datetime:
    return start + (end - start) * rng.random()


def _post_ideas(
    consultation: Consultation, citizens: dict[str, User], now: datetime, rng: random.Random
) -> dict[str, Idea]:
    """Post the ideas in a shuffled order, spread over the ten days the consultation is open."""
    theme_ids = {theme.name: theme.id for theme in consultation.themes}
    texts = list(content.IDEAS)
    rng.shuffle(texts)
    posted: dict[str, Idea] = {}
    for position, text in enumerate(texts):
        idea = ideas.post_idea(
            consultation,
            citizens[text.author],
            title=text.title,
            body_md=text.body,
            theme_id=theme_ids[text.theme],
            place=text.place,
        )
        days_ago = 9.8 - 9.6 * position / len(texts) - rng.random() * 0.2
        idea.created_at = now - timedelta(days=days_ago)
        posted[text.key] = idea
    db.session.flush()
    return posted


def _cast_votes(
    consultation: Consultation,
    posted: dict[str, Idea],
    citizens: dict[str, User],
    now: datetime,
    rng: random.Random,
) -> None:
    """Each citizen supports 4 to 10 ideas (never their own), the appealing ones far more
    often. Then the votes are spread in time and trend_score is recomputed from those times,
    exactly as ideas.vote() would have counted it."""
    appeal = {text.key: text.appeal for text in content.IDEAS}
    own = defaultdict(set)
    for text in content.IDEAS:
        own[text.author].add(text.key)
    for handle, user in citizens.items():
        candidates = [key for key in posted if key not in own[handle]]
        # Weighted sampling without replacement (Efraimidis–Spirakis): the largest keys win.
        ranked = sorted(candidates, key=lambda k: rng.random() ** (1 / appeal[k] ** 2))
        for key in ranked[-rng.randint(4, VOTE_LIMIT) :]:
            ideas.vote(posted[key], user)

    scores: dict[int, float] = defaultdict(float)
    created = {idea.id: idea.created_at for idea in posted.values()}
    votes = db.session.scalars(
        select(Vote).where(Vote.consultation_id == consultation.id).order_by(Vote.id)
    )
    for vote in votes:
        vote.created_at = _between(created[vote.idea_id], now, rng)
        scores[vote.idea_id] += ideas.trend_weight(vote.created_at)
    db.session.flush()
    for idea in posted.values():
        db.session.execute(
            update(Idea)
            .where(Idea.id == idea.id)
            .values(trend_score=scores[idea.id])
            .execution_options(synchronize_session=False)
        )
        db.session.expire(idea, ["trend_score"])


def _post_comments(
    posted: dict[str, Idea], citizens: dict[str, User], now: datetime, rng: random.Random
) -> None:
    """Comments come a while after their idea, replies a while after what they answer."""
    for text in content.COMMENTS:
        idea = posted[text.idea]
        comment = comments.post_comment(idea, citizens[text.author], text.body)
        moment = _between(idea.created_at, now - (now - idea.created_at) / 3, rng)
        comment.created_at = moment
        for author, body in text.replies:
            reply = comments.post_comment(idea, citizens[author], body, parent_id=comment.id)
            moment = moment + (now - moment) * rng.uniform(0.1, 0.5)
            reply.created_at = moment
    db.session.flush()


def _respond(posted: dict[str, Idea], now: datetime) -> None:
    """The municipality's official responses, given by the demo moderator."""
    moderator = accounts.get_by_email(MODERATOR_EMAIL)
    if moderator is None:
        return
    for text in content.RESPONSES:
        idea = posted[text.idea]
        change = ideas.set_status(idea, moderator, text.status, text.body)
        change.created_at = idea.created_at + (now - idea.created_at) * 0.85
    db.session.flush()
