"""Data for the browser tests of ideas, made through the real services on the live server's
database (its requests commit for real, so these helpers commit too)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask_babel import force_locale, ngettext
from PIL import Image
from sqlalchemy import func, select

from participate.accounts.models import User
from participate.accounts.services import create_user
from participate.consultations.models import ModerationMode, VotingMode
from participate.consultations.services import ThemeInput, get_by_slug, save_consultation
from participate.db import db, utcnow
from participate.ideas import services as ideas
from participate.ideas.models import Idea

PASSWORD = "een lange zin als wachtwoord"
THEMES = {"Groen en natuur": "#2e7d32", "Mobiliteit": "#1d4f91", "Wonen": "#8a5300"}
BODY = "Een uitgewerkt voorstel met genoeg woorden om de minimale lengte ruim te halen."


@dataclass(frozen=True)
class Citizen:
    id: int
    email: str
    name: str


def create_consultation(
    live_server, slug: str, *, vote_limit: int | None = None, moderation_mode: str = "post"
) -> str:
    """A consultation open for ideas and votes since yesterday, post-moderated unless asked."""
    now = utcnow()
    with live_server.app.app_context():
        save_consultation(
            None,
            title=f"Testraadpleging {slug}",
            slug=slug,
            intro_md="Hoe maken we de gemeente **groener** en veiliger?",
            moderation_mode=ModerationMode(moderation_mode),
            voting_mode=VotingMode.SUPPORT,
            vote_limit=vote_limit,
            ideas_open_at=now - timedelta(days=1),
            voting_open_at=now + timedelta(days=30),
            closed_at=now + timedelta(days=45),
            results_at=now + timedelta(days=60),
            themes=[ThemeInput(name, colour) for name, colour in THEMES.items()],
        )
        db.session.commit()
    return slug


def create_citizen(live_server, name: str) -> Citizen:
    """A verified citizen with a unique address (the live database lives for the session)."""
    email = f"{name.split()[0].lower()}.{uuid.uuid4().hex[:8]}@example.com"
    with live_server.app.app_context():
        user = create_user(email, name, PASSWORD, verified=True, locale="nl")
        db.session.commit()
        return Citizen(user.id, email, name)


def create_idea(live_server, slug: str, author: Citizen, title: str, theme: str) -> int:
    with live_server.app.app_context():
        consultation = get_by_slug(slug)
        theme_id = next(t.id for t in consultation.themes if t.name == theme)
        idea = ideas.post_idea(
            consultation,
            db.session.get_one(User, author.id),
            title=title,
            body_md=BODY,
            theme_id=theme_id,
        )
        db.session.commit()
        return idea.id


def cast_vote(live_server, idea_id: int, voter: Citizen) -> None:
    with live_server.app.app_context():
        ideas.vote(ideas.get_idea(idea_id), db.session.get_one(User, voter.id))
        db.session.commit()


def ideas_by(live_server, author: Citizen) -> int:
    with live_server.app.app_context():
        return db.session.scalar(select(func.count()).where(Idea.author_id == author.id))


def plural(live_server, singular: str, plural_: str, num: int, locale: str = "nl") -> str:
    """`ngettext` as the live app shows it in `locale`."""
    with live_server.app.test_request_context(), force_locale(locale):
        return ngettext(singular, plural_, num)


def jpeg_with_exif(path: Path) -> Path:
    """A real photo file that carries a camera make and a GPS position in its EXIF data."""
    image = Image.new("RGB", (1200, 800), (70, 130, 80))
    for x in range(0, 1200, 40):
        image.paste((200, 180, 60), (x, 300, x + 20, 500))
    exif = Image.Exif()
    exif[0x010F] = "Testcamera"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 3.0, 0.0)  # GPSLatitudeRef, GPSLatitude
    gps[3], gps[4] = "E", (4.0, 24.0, 0.0)  # GPSLongitudeRef, GPSLongitude
    image.save(path, format="JPEG", exif=exif)
    with Image.open(path) as check:  # the file really carries what the site must remove
        assert check.getexif()[0x010F] == "Testcamera"
    return path
