"""Consultations and ideas as kinds of shareable items."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from participate.consultations.content import content_of
from participate.consultations.models import Consultation, VotingMode
from participate.consultations.services import get_by_slug
from participate.ideas import services as ideas
from participate.ideas.models import Idea
from participate.share.drawing import CardImage
from participate.share.kinds import Card, ShareKind, register_kind
from participate.site.services import get_settings
from participate.text import plain_text, shorten
from participate.urls import external_url

DESCRIPTION_LENGTH = 200


def idea_is_shareable(idea: Idea) -> bool:
    """The one rule for whether an idea may be shared, previewed, drawn, embedded or counted:
    it must be public in the ideas package's own sense (published or given an official
    status). Pending (awaiting moderation), withdrawn and, once moderation can hide or reject
    ideas, hidden and rejected ones are not: for them every sharing URL answers 404 and shows
    nothing of the idea. Extend the rule here, in one place."""
    return bool(idea.is_public)


def _theme_colours(consultation: Consultation) -> tuple[str, ...]:
    return tuple(t.colour for t in content_of(consultation).themes)


def _site():
    from participate.share.services import logo_version

    settings = get_settings()
    return settings, logo_version()


def _load_idea(key: str) -> Idea | None:
    return ideas.get_idea(int(key)) if key.isdigit() and len(key) < 12 else None


def _figure(idea: Idea) -> tuple[str, str]:
    if idea.consultation.voting_mode == VotingMode.FOR_AGAINST:
        return str(idea.support_count), _("for · %(against)s against", against=idea.oppose_count)
    return str(idea.support_count), ngettext("supporter", "supporters", idea.support_count)


def idea_card(idea: Idea) -> Card:
    settings, logo = _site()
    consultation = idea.consultation
    figure, label = _figure(idea)
    return Card(
        kind="idea",
        key=str(idea.id),
        title=idea.title,
        description=shorten(plain_text(idea.body_md), DESCRIPTION_LENGTH),
        url=external_url("ideas.show", idea_id=idea.id),
        og_type="article",
        share_text=idea.title,
        figure=f"{figure} {label}",
        eyebrow=consultation.title,
        image=CardImage(
            title=idea.title,
            eyebrow=consultation.title,
            figure=figure,
            figure_label=label,
            background=idea.theme.colour,
            stripes=_theme_colours(consultation),
            site_name=settings.municipality_name,
            logo_version=logo,
            logo_png=settings.logo_png,
        ),
        image_alt=_(
            "%(title)s: an idea in %(consultation)s, %(figure)s %(label)s.",
            title=idea.title,
            consultation=consultation.title,
            figure=figure,
            label=label,
        ),
        feeds=_feeds(consultation),
    )


def consultation_card(consultation: Consultation) -> Card:
    settings, logo = _site()
    count = ideas.public_idea_count(consultation)
    label = ngettext("idea", "ideas", count)
    return Card(
        kind="consultation",
        key=consultation.slug,
        title=consultation.title,
        description=shorten(plain_text(consultation.intro_md), DESCRIPTION_LENGTH),
        url=external_url("consultations.show", slug=consultation.slug),
        og_type="website",
        share_text=consultation.title,
        figure=f"{count} {label}",
        eyebrow=_("Consultation"),
        image=CardImage(
            title=consultation.title,
            eyebrow=_("Consultation"),
            figure=str(count),
            figure_label=label,
            background=settings.primary_colour,
            stripes=_theme_colours(consultation),
            site_name=settings.municipality_name,
            logo_version=logo,
            logo_png=settings.logo_png,
        ),
        image_alt=_(
            "%(title)s: a consultation of %(site)s, %(count)s %(label)s so far.",
            title=consultation.title,
            site=settings.municipality_name,
            count=count,
            label=label,
        ),
        feeds=_feeds(consultation),
    )


def _feeds(consultation: Consultation) -> tuple[tuple[str, str], ...]:
    return (
        (
            _("New ideas in %(title)s", title=consultation.title),
            external_url("share.consultation_feed", slug=consultation.slug),
        ),
    )


def register() -> None:
    register_kind(
        ShareKind(
            name="consultation",
            load=get_by_slug,
            is_public=lambda consultation: True,  # every consultation page is public
            card=consultation_card,
            key_of=lambda consultation: consultation.slug,
            page_endpoint="consultations.show",
            key_arg="slug",
        )
    )
    register_kind(
        ShareKind(
            name="idea",
            load=_load_idea,
            is_public=idea_is_shareable,
            card=idea_card,
            key_of=lambda idea: str(idea.id),
            page_endpoint="ideas.show",
            key_arg="idea_id",
        )
    )
