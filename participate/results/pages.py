"""The charts of the results page, the report and the dashboard, with their words."""

from __future__ import annotations

from typing import Any

from flask_babel import format_date
from flask_babel import gettext as _

from participate.results.charts import bar_chart, column_chart
from participate.results.dashboard import Dashboard
from participate.results.services import Overview
from participate.results.tables import ANSWER_LABELS


def answer_labels() -> list[str]:
    return [str(label) for label in ANSWER_LABELS]


def overview_charts(overview: Overview) -> dict[str, Any]:
    themes = overview.themes
    charts: dict[str, Any] = {
        "ideas": bar_chart(
            "chart-ideas", _("Ideas per theme"), [(t.theme.name, t.ideas) for t in themes]
        ),
        "supporters": bar_chart(
            "chart-supporters",
            _("Supporters per theme"),
            [(t.theme.name, t.supporters) for t in themes],
        ),
        "selftests": {},
    }
    for result in overview.selftests:
        for figures in result.versions:
            if figures.completions:
                charts["selftests"][figures.version.id] = bar_chart(
                    f"chart-profiles-{figures.version.id}",
                    _("How often each profile came first"),
                    [(profile.name, n) for profile, n in figures.first_places],
                )
    return charts


def dashboard_charts(figures: Dashboard) -> dict[str, Any]:
    days = figures.days
    if days:
        busiest = max(days, key=lambda d: d.participants)
        description = _(
            "From %(first)s to %(last)s; the most participants, %(most)d, on %(day)s.",
            first=format_date(days[0].day, "medium"),
            last=format_date(days[-1].day, "medium"),
            most=busiest.participants,
            day=format_date(busiest.day, "medium"),
        )
    else:
        description = _("Nobody has taken part yet.")
    funnel = figures.funnel
    return {
        "participants": column_chart(
            "chart-days",
            _("Participants per day"),
            [(d.day, d.participants) for d in days],
            description,
        ),
        "themes": bar_chart(
            "chart-themes",
            _("Ideas per theme"),
            [(_theme_label(t, figures), t.ideas) for t in figures.themes],
        ),
        "postcodes": bar_chart(
            "chart-postcodes",
            _("Participants per postcode"),
            [(p.postcode or _("not given"), p.participants) for p in figures.postcodes],
        ),
        "networks": bar_chart(
            "chart-networks",
            _("Arrivals through shared links, per network"),
            [(n.label, n.arrivals) for n in figures.networks],
        ),
        "funnel": bar_chart(
            "chart-funnel",
            _("From visit to vote to idea"),
            [
                (_("Views of the consultation page"), funnel.visits),
                (_("Citizens who voted"), funnel.voters),
                (_("Citizens who posted an idea"), funnel.authors),
            ],
        ),
    }


def _theme_label(theme: Any, figures: Dashboard) -> str:
    return theme.name if figures.consultation else f"{theme.name} · {theme.consultation}"
