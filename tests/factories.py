"""Factories for consultations, ideas, votes and comments, and photos made on the spot.

`make_consultation(phase="ideas")` dates the phases around now so that the consultation is in
that phase; `make_idea(consultation, author, votes=3)` adds an idea with three real vote rows.
Inside an app context (the `app_ctx` fixture) they only flush, so the objects stay attached to
the test's session; outside one they save in their own app context, like `make_user`.

Import the fixtures into a conftest.py (`from tests.factories import make_consultation, ...`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from io import BytesIO

import pytest
from flask import has_app_context
from PIL import Image
from sqlalchemy import func, select, update
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from participate.accounts.models import User
from participate.consultations.models import Consultation, Theme
from participate.db import db, utcnow
from participate.ideas.models import Comment, Idea, Vote
from participate.ideas.services import trend_weight
from participate.images.models import StoredImage

DAY = timedelta(days=1)
BODY = "Een uitgewerkt voorstel met genoeg woorden om de lengte te halen."
THEMES = ("Mobiliteit", "Groen en natuur", "Wonen")

# Phase → (ideas open, voting opens, closes, results), as offsets from now.
PHASE_OFFSETS = {
    "upcoming": (2 * DAY, 10 * DAY, 20 * DAY, 30 * DAY),
    "ideas": (-DAY, 10 * DAY, 20 * DAY, 30 * DAY),
    "voting": (-10 * DAY, -DAY, 10 * DAY, 20 * DAY),
    "closed": (-20 * DAY, -10 * DAY, -DAY, 10 * DAY),
    "results": (-30 * DAY, -20 * DAY, -10 * DAY, -DAY),
}

_serial = itertools.count(1)


@contextmanager
def saving(app) -> Iterator[None]:
    """Work in the test's app context when there is one; otherwise in a new one, committed
    (a savepoint: the test's transaction still rolls it back)."""
    if has_app_context():
        yield
        db.session.flush()
        return
    with app.app_context():
        yield
        db.session.commit()


def add_vote(idea: Idea, user: User, value: int = 1, when: datetime | None = None) -> None:
    """A vote's row as a vote leaves it, with the idea's count for its value (in the session
    the idea is in; flushed by the caller)."""
    db.session.add(
        Vote(
            idea_id=idea.id,
            user_id=user.id,
            consultation_id=idea.consultation_id,
            value=value,
            created_at=when or utcnow(),
        )
    )
    if value > 0:
        idea.support_count += 1
    else:
        idea.oppose_count += 1


def change_row(app, model, row_id: int, **values) -> None:
    """Change a row behind the app's back (a raw UPDATE, committed), as another request or an
    admin's tool would: for tests that pages show the change at once."""
    with app.app_context():
        db.session.execute(update(model).where(model.id == row_id).values(**values))
        db.session.commit()


def count(model) -> int:
    """Rows of a model (call inside an app context)."""
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (64, 48), mode: str = "RGB", exif=None
) -> bytes:
    img = Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30))
    out = BytesIO()
    options = {"exif": exif} if exif is not None else {}
    img.save(out, format=fmt, **options)
    return out.getvalue()


def gps_exif() -> Image.Exif:
    """EXIF with a camera model and the GPS position of Leuven's town hall."""
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera 3000"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (50.0, 52.0, 44.0)
    gps[3] = "E"
    gps[4] = (4.0, 42.0, 3.0)
    return exif


def multipart(data: dict) -> dict:
    """`client.post(url, **multipart(data))`: the form encoded in memory. (For a large upload
    the test client would spool the body to a temporary file that it never closes.)"""
    fields = {
        key: FileStorage(value[0], filename=value[1]) if isinstance(value, tuple) else value
        for key, value in data.items()
    }
    stream, _length, boundary = stream_encode_multipart(fields, use_tempfile=False)
    return {"data": stream.getvalue(), "content_type": f"multipart/form-data; boundary={boundary}"}


def _voters(n: int) -> list[User]:
    users = []
    for _ in range(n):
        k = next(_serial)
        users.append(
            User(email=f"voter{k}@example.com", display_name=f"Stemmer {k}", password_hash="-")
        )
    db.session.add_all(users)
    db.session.flush()
    return users


@pytest.fixture
def request_ctx(app) -> Iterator[None]:
    """For unit tests of services: a request context (messages are translated and dates
    formatted for a visitor, in Dutch by default). Do not make client requests while holding it."""
    with app.test_request_context():
        yield
        db.session.flush()


@pytest.fixture
def make_consultation(app):
    """`make_consultation(phase="ideas", vote_limit=None, voting_mode="support",
    moderation_mode="post", themes=THEMES, slug=None, title=None)` → a saved Consultation
    with its themes loaded."""

    def factory(
        phase: str = "ideas",
        *,
        vote_limit: int | None = None,
        voting_mode: str = "support",
        moderation_mode: str = "post",
        themes: Sequence[str] = THEMES,
        slug: str | None = None,
        title: str | None = None,
        intro_md: str = "Hoe gebruiken we **onze ruimte** in 2040?",
    ) -> Consultation:
        k = next(_serial)
        now = utcnow()
        opens, voting, closes, results = (now + offset for offset in PHASE_OFFSETS[phase])
        with saving(app):
            consultation = Consultation(
                slug=slug or f"inspraak-{k}",
                title=title or f"Ruimte voor morgen {k}",
                intro_md=intro_md,
                moderation_mode=moderation_mode,
                voting_mode=voting_mode,
                vote_limit=vote_limit,
                ideas_open_at=opens,
                voting_open_at=voting,
                closed_at=closes,
                results_at=results,
                themes=[
                    Theme(name=name, colour="#1d4f91", position=i) for i, name in enumerate(themes)
                ],
            )
            db.session.add(consultation)
            db.session.flush()
        return consultation

    return factory


@pytest.fixture
def make_idea(app):
    """`make_idea(consultation, author=None, votes=0, *, against=0, title=None, body=BODY,
    theme=0, status="published", created_at=None, voted_at=None, comments=0, photo=False,
    place="")` → a saved Idea. `votes` (and `against`) add that many voters with real vote rows
    cast at `voted_at`, `comments` that many comments; the counts match the rows. `theme` is an index into the
    consultation's themes or a Theme."""

    def factory(
        consultation: Consultation,
        author: User | None = None,
        votes: int = 0,
        *,
        against: int = 0,
        title: str | None = None,
        body: str = BODY,
        theme: int | Theme = 0,
        status: str = "published",
        created_at: datetime | None = None,
        voted_at: datetime | None = None,
        comments: int = 0,
        photo: bool = False,
        place: str = "",
    ) -> Idea:
        k = next(_serial)
        theme_id = theme.id if isinstance(theme, Theme) else consultation.themes[theme].id
        when = voted_at or utcnow()
        with saving(app):
            if author is None:
                author = _voters(1)[0]
            idea = Idea(
                consultation_id=consultation.id,
                theme_id=theme_id,
                author_id=author.id,
                title=title or f"Een idee met nummer {k}",
                body_md=body,
                place=place,
                status=status,
                created_at=created_at or utcnow(),
                support_count=votes,
                oppose_count=against,
                comment_count=comments,
                trend_score=votes * trend_weight(when),
            )
            if photo:
                data = image_bytes()
                idea.photo = StoredImage(
                    content_type="image/jpeg", width=64, height=48, data=data, thumb=data
                )
            db.session.add(idea)
            db.session.flush()
            for i, voter in enumerate(_voters(votes + against)):
                db.session.add(
                    Vote(
                        idea_id=idea.id,
                        user_id=voter.id,
                        consultation_id=consultation.id,
                        value=1 if i < votes else -1,
                        created_at=when,
                    )
                )
            for i in range(comments):
                db.session.add(
                    Comment(idea_id=idea.id, author_id=author.id, body_md=f"Reactie {i}")
                )
            db.session.flush()
        return idea

    return factory
