"""A self-test result as a kind of shareable item (participate/share/): its preview tags, its
share image (the top profile and its match) and counted share links. The permalink's token is
the key; a result shows only the ranking, never the answers, so every result can be shared."""

from __future__ import annotations

from flask_babel import format_percent
from flask_babel import gettext as _

from participate.consultations.content import content_of
from participate.selftest import taking
from participate.selftest.models import Response
from participate.share.drawing import ResultImage
from participate.share.kinds import Card, ShareKind, register_kind
from participate.site.services import get_settings
from participate.text import shorten
from participate.urls import external_url


def _load(token: str) -> Response | None:
    return taking.get_response(token) if 0 < len(token) <= 64 else None


def result_card(response: Response) -> Card:
    from participate.share.services import logo_version

    settings = get_settings()
    selftest = response.version.selftest
    res = taking.result(response)
    top = res.top
    percent = format_percent(top.match.percent / 100)
    ranking = ", ".join(
        f"{i}. {r.profile.name} {format_percent(r.match.percent / 100)}"
        for i, r in enumerate(res.ranking, start=1)
    )
    title = _("%(profile)s fits best (%(percent)s)", profile=top.profile.name, percent=percent)
    consultation = selftest.consultation
    stripes = tuple(t.colour for t in content_of(consultation).themes) if consultation else ()
    return Card(
        kind="result",
        key=response.token,
        title=f"{title} · {selftest.title}",
        description=shorten(
            _("Result of the self-test “%(title)s”:", title=selftest.title) + f" {ranking}.", 200
        ),
        url=external_url("selftest.result", token=response.token),
        og_type="website",
        share_text=title,
        figure=percent,
        eyebrow=selftest.title,
        image=ResultImage(
            title=selftest.title,
            profile_name=top.profile.name,
            percentage=float(top.match.percent),
            background=settings.primary_colour,
            stripes=stripes,
            site_name=settings.municipality_name,
            logo_version=logo_version(),
            logo_png=settings.logo_png,
        ),
        image_alt=_(
            "Self-test %(title)s: %(profile)s fits best, %(percent)s.",
            title=selftest.title,
            profile=top.profile.name,
            percent=percent,
        ),
    )


def register() -> None:
    register_kind(
        ShareKind(
            name="result",
            load=_load,
            is_public=lambda response: True,
            card=result_card,
            key_of=lambda response: response.token,
            page_endpoint="selftest.result",
            key_arg="token",
            posters=False,
            embeddable=False,
        )
    )
