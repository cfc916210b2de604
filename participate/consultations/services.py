"""Consultations: creating and editing them (admins), their phases, and what each phase allows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from participate.consultations.models import Consultation, ModerationMode, Phase, Theme, VotingMode
from participate.db import db, utcnow
from participate.images.services import store_photo

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ConsultationError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower())[:80].strip("-")


def get_by_slug(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))


def list_consultations() -> list[Consultation]:
    """Every consultation, the running ones first, then by start date (newest first)."""
    items = list(
        db.session.scalars(select(Consultation).order_by(Consultation.ideas_open_at.desc()))
    )
    order = {Phase.IDEAS: 0, Phase.VOTING: 1, Phase.UPCOMING: 2, Phase.CLOSED: 3, Phase.RESULTS: 4}
    now = utcnow()
    return sorted(items, key=lambda c: order[c.phase(now)])


@dataclass
class ThemeInput:
    name: str
    colour: str


def save_consultation(
    consultation: Consultation | None,
    *,
    title: str,
    slug: str,
    intro_md: str,
    moderation_mode: str,
    voting_mode: str,
    vote_limit: int | None,
    ideas_open_at: datetime,
    voting_open_at: datetime,
    closed_at: datetime,
    results_at: datetime,
    themes: list[ThemeInput],
    cover: bytes | None = None,
    cover_alt: str = "",
    comments_premoderated: bool = False,
    report_threshold: int = 3,
) -> Consultation:
    """Create or update a consultation. The slug is unique, the phases follow each other, at
    least one theme is given, and a theme that has ideas is not removed."""
    slug = slug.strip().lower() or slugify(title)
    if not SLUG.match(slug):
        raise ConsultationError(_("Use only lower-case letters, digits and hyphens."), "slug")
    other = get_by_slug(slug)
    if other is not None and other is not consultation:
        raise ConsultationError(_("Another consultation already uses this address."), "slug")
    if not (ideas_open_at <= voting_open_at <= closed_at <= results_at):
        raise ConsultationError(
            _("The dates must follow each other: ideas open, voting opens, closes, results."),
            "voting_open_at",
        )
    if moderation_mode not in set(ModerationMode) or voting_mode not in set(VotingMode):
        raise ConsultationError(_("Choose one of the options."))
    if report_threshold is None or not 1 <= report_threshold <= 100:
        raise ConsultationError(
            _("Choose a number of reports between 1 and 100."), "report_threshold"
        )
    names = [t.name.strip() for t in themes if t.name.strip()]
    if not names:
        raise ConsultationError(_("Give at least one theme."), "themes")
    if len({n.lower() for n in names}) != len(names):
        raise ConsultationError(_("Two themes have the same name."), "themes")
    if consultation is not None:
        _check_removed_themes(consultation, names)
    cover_image = store_photo(cover, alt=cover_alt) if cover else None  # may refuse the file

    # Every check is done: from here on nothing is refused, so nothing is left half-changed.
    if consultation is None:
        consultation = Consultation()
        db.session.add(consultation)
    consultation.title = title.strip()
    consultation.slug = slug
    consultation.intro_md = intro_md.strip()
    consultation.moderation_mode = moderation_mode
    consultation.voting_mode = voting_mode
    consultation.vote_limit = vote_limit or None
    # Comments wait for a moderator only where ideas do too.
    consultation.comments_premoderated = bool(
        comments_premoderated and moderation_mode == ModerationMode.PRE
    )
    consultation.report_threshold = report_threshold
    consultation.ideas_open_at = ideas_open_at
    consultation.voting_open_at = voting_open_at
    consultation.closed_at = closed_at
    consultation.results_at = results_at
    if cover_image is not None:
        consultation.cover_image = cover_image
    elif consultation.cover_image is not None and cover_alt:
        consultation.cover_image.alt = cover_alt.strip()
    _sync_themes(consultation, [t for t in themes if t.name.strip()])
    db.session.flush()
    return consultation


def _check_removed_themes(consultation: Consultation, names: list[str]) -> None:
    """A theme that has ideas stays: refuse an edit that would remove it."""
    from participate.ideas.models import Idea

    kept = {n.lower() for n in names}
    for theme in consultation.themes:
        if theme.name.lower() not in kept and db.session.scalar(
            select(Idea.id).where(Idea.theme_id == theme.id).limit(1)
        ):
            raise ConsultationError(
                _("The theme “%(name)s” has ideas and cannot be removed.", name=theme.name),
                "themes",
            )


def _sync_themes(consultation: Consultation, themes: list[ThemeInput]) -> None:
    existing = {t.name.lower(): t for t in consultation.themes}
    keep: list[Theme] = []
    for position, item in enumerate(themes):
        theme = existing.pop(item.name.strip().lower(), None) or Theme()
        theme.name = item.name.strip()  # the same theme may change the case of its name
        theme.colour = item.colour.lower()
        theme.position = position
        keep.append(theme)
    consultation.themes = keep


def _when(moment: datetime) -> str:
    return format_datetime(moment, "d MMMM yyyy, HH:mm")


def posting_refusal(consultation: Consultation, now: datetime | None = None) -> str | None:
    """Why ideas cannot be posted now, or None when they can."""
    phase = consultation.phase(now)
    if phase == Phase.UPCOMING:
        return _("Posting ideas opens on %(when)s.", when=_when(consultation.ideas_open_at))
    if phase != Phase.IDEAS:
        return _("Posting ideas closed on %(when)s.", when=_when(consultation.voting_open_at))
    return None


def voting_refusal(consultation: Consultation, now: datetime | None = None) -> str | None:
    """Why votes cannot be cast now, or None. Voting is open from the moment ideas open until
    the consultation closes; the voting phase is the final round without new ideas."""
    phase = consultation.phase(now)
    if phase == Phase.UPCOMING:
        return _("Voting opens on %(when)s.", when=_when(consultation.ideas_open_at))
    if phase in (Phase.CLOSED, Phase.RESULTS):
        return _("Voting closed on %(when)s.", when=_when(consultation.closed_at))
    return None


def commenting_refusal(consultation: Consultation, now: datetime | None = None) -> str | None:
    if consultation.phase(now) in (Phase.CLOSED, Phase.RESULTS):
        return _("The discussion closed on %(when)s.", when=_when(consultation.closed_at))
    if consultation.phase(now) == Phase.UPCOMING:
        return _("The discussion opens on %(when)s.", when=_when(consultation.ideas_open_at))
    return None


def timeline(consultation: Consultation) -> list[dict]:
    """The four steps with their dates, for the phase timeline (current one marked)."""
    phase = consultation.phase()
    steps = [
        (Phase.IDEAS, _("Ideas open"), consultation.ideas_open_at),
        (Phase.VOTING, _("Final voting round"), consultation.voting_open_at),
        (Phase.CLOSED, _("Closed"), consultation.closed_at),
        (Phase.RESULTS, _("Results published"), consultation.results_at),
    ]
    order = [Phase.UPCOMING, Phase.IDEAS, Phase.VOTING, Phase.CLOSED, Phase.RESULTS]
    return [
        {
            "phase": p,
            "label": label,
            "when": when,
            "current": p == phase,
            "done": order.index(p) < order.index(phase),
        }
        for p, label, when in steps
    ]


def phase_labels() -> dict[str, str]:
    return {
        Phase.UPCOMING: _("Starts soon"),
        Phase.IDEAS: _("Post ideas and vote now"),
        Phase.VOTING: _("Final voting round: vote now"),
        Phase.CLOSED: _("Closed; results follow"),
        Phase.RESULTS: _("Results published"),
    }
