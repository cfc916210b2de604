"""What every template can use: the site's settings, the permission rules, the languages."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask_babel import get_locale

from participate.auth.permissions import can_current
from participate.fragments import fragment
from participate.i18n import LANGUAGE_NAMES, install_template_gettext
from participate.text import markdown_filter, plain_text, shorten


def init_app(app: Flask) -> None:
    from participate.site.services import get_settings

    install_template_gettext(app)
    app.jinja_env.globals.update(
        can=can_current,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        page_window=page_window,
        fragment=fragment,
        values_of=values_of,
    )
    app.jinja_env.filters["markdown"] = markdown_filter
    app.jinja_env.filters["plain"] = plain_text
    app.jinja_env.filters["shorten"] = shorten
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def _site_context():
        settings = get_settings()
        return {
            "site": settings,
            "site_version": int(settings.updated_at.timestamp()) if settings.updated_at else 0,
            "current_locale": str(get_locale()),
            "moderation_open": _moderation_open,
        }


def _moderation_open() -> int:
    """Items waiting in the moderation queue, for moderators' navigation (one indexed count,
    only asked for when the navigation shows it)."""
    from participate.moderation.queue import open_count

    return open_count()


def page_window(current: int, pages: int, around: int = 2) -> list[int]:
    """The page numbers a pagination links to: the first, the last and those within
    `around` of the current one (a few numbers however many pages there are)."""
    near = range(max(1, current - around), min(pages, current + around) + 1)
    return sorted({1, pages, *near})


def render_partial(template: str, **context: Any) -> str:
    """A piece of a page (the share tags, the share box) rendered with exactly the context it
    is given. `render_template` would run every context processor again for each piece (the
    site's settings, the sign-in providers, the languages...), which the page around it has
    already done; the piece gets what it uses, and the Jinja globals (`_`, `url_for`,
    `csrf_token`) as any template does."""
    return current_app.jinja_env.get_template(template).render(context)


def values_of(items: Any, *names: str) -> tuple:
    """The named values of each item (attributes, or keys of a dict), as one tuple: the key
    of a piece kept rendered that shows exactly those values of those items, built in one
    call rather than a loop of template lookups."""
    return tuple(
        tuple(item[n] for n in names)
        if isinstance(item, dict)
        else tuple(getattr(item, n) for n in names)
        for item in items
    )
