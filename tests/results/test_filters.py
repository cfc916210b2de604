"""The filters an export is asked with are checked before anything is written: a theme of
another consultation, a status or format that does not exist, a date that is not one, a range
that ends before it starts."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from participate.results.filters import ExportError, check_format, make_filter


@pytest.fixture
def consultation(request_ctx, make_consultation):
    return make_consultation("results")


def refusal(consultation, **kwargs) -> ExportError:
    with force_locale("en"), pytest.raises(ExportError) as caught:
        make_filter(consultation, **kwargs)
    return caught.value


def test_themes_are_found_by_name_in_any_case_or_by_number(consultation):
    mobility, green = consultation.themes[:2]
    flt = make_filter(consultation, themes=["mobiliteit", str(green.id), mobility.name])

    assert flt.themes == (mobility, green)


def test_a_theme_of_another_consultation_is_refused(consultation, make_consultation):
    other = make_consultation("results", themes=("Cultuur",))
    error = refusal(consultation, themes=[other.themes[0].id])

    assert error.message == f"This consultation has no theme “{other.themes[0].id}”."
    assert error.field == "themes"
    assert refusal(consultation, themes=["Cultuur"]).field == "themes"


def test_an_unknown_status_is_refused_with_the_choices(consultation):
    error = refusal(consultation, statuses=["accepted", "approved"])

    assert error.message.startswith("“approved” is not a status. Choose from: published, ")
    assert error.field == "statuses"


def test_statuses_keep_a_fixed_order_without_repeats(consultation):
    flt = make_filter(consultation, statuses=["rejected", "accepted", "rejected"])

    assert flt.statuses == ("accepted", "rejected")


def test_a_reversed_range_is_refused_as_empty(consultation):
    error = refusal(consultation, since="2026-03-31", until="2026-03-01")

    assert "ends before it starts" in error.message
    assert error.field == "until"


def test_a_range_of_one_day_is_fine(consultation):
    flt = make_filter(consultation, since="2026-03-01", until=date(2026, 3, 1))

    assert flt.since == flt.until == date(2026, 3, 1)


@pytest.mark.parametrize("value", ["31/03/2026", "2026-02-30", "morgen"])
def test_a_date_that_is_not_one_is_refused(consultation, value):
    error = refusal(consultation, since=value)

    assert error.message.startswith(f"“{value}” is not a date.")
    assert error.field == "since"


def test_empty_dates_mean_no_limit(consultation):
    flt = make_filter(consultation, since="", until="  ")

    assert flt.since is None and flt.until is None and flt.is_default


def test_an_unknown_format_is_refused(request_ctx):
    with force_locale("en"), pytest.raises(ExportError, match="“pdf” is not an export format"):
        check_format("pdf")
    assert check_format("json") == "json"


def test_the_filters_describe_themselves_for_the_audit_log(consultation):
    flt = make_filter(
        consultation, themes=[consultation.themes[0].id], statuses=["accepted"], since="2026-01-01"
    )

    assert flt.describe() == {
        "themes": [consultation.themes[0].name],
        "statuses": ["accepted"],
        "since": "2026-01-01",
        "until": None,
        "include_hidden": False,
    }
    assert flt.query_args() == {
        "theme": [consultation.themes[0].id],
        "status": ["accepted"],
        "since": "2026-01-01",
    }
