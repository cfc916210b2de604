"""Exports from the site: only the council and admins; each format downloads as a file that
is complete; every export is in the audit log (the variant with contact details under its own
action, for admins only); bad input re-renders the form with a clear message and records
nothing; the report page uses the same filters."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from participate.audit.models import AuditEntry
from participate.db import db
from participate.results import services
from participate.results.filters import ExportError, ExportFilter

ROLES = [(None, 302), ("citizen", 403), ("moderator", 403), ("council", 200), ("admin", 200)]


@pytest.fixture
def english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"


def url(story, what: str = "export") -> str:
    return f"/admin/results/{story.consultation.slug}/{what}"


def audit(app) -> list[AuditEntry]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action.like("results.%"))
                .order_by(AuditEntry.id)
            )
        )


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_only_the_council_and_admins_open_the_export_form(
    client, make_user, login, story, role, status
):
    if role:
        login(make_user(role))
    assert client.get(url(story)).status_code == status
    assert client.get("/admin/results").status_code == status


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_a_citizen_or_moderator_cannot_download_and_nothing_is_recorded(
    app, client, make_user, login, story, role, status
):
    if role:
        login(make_user(role))
    response = client.post(url(story), data={"format": "json"}, buffered=True)

    assert response.status_code == (200 if status == 200 else status)
    assert len(audit(app)) == (1 if status == 200 else 0)


@pytest.mark.parametrize(
    ("fmt", "mimetype", "suffix"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        ("csv", "application/zip", ".zip"),
        ("json", "application/json", ".json"),
    ],
)
def test_the_council_downloads_each_format(
    app, client, make_user, login, story, fmt, mimetype, suffix
):
    council = make_user("council")
    login(council)
    response = client.post(url(story), data={"format": fmt}, buffered=True)

    assert response.status_code == 200
    assert response.mimetype == mimetype
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith(f"attachment; filename={story.consultation.slug}-results-")
    assert disposition.endswith(suffix)
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_data()
    if fmt == "xlsx":
        assert openpyxl.load_workbook(io.BytesIO(data)).worksheets[1].max_row == 5
    elif fmt == "csv":
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    else:
        assert json.loads(data)["summary"]["ideas"] == 4
    (entry,) = audit(app)
    assert entry.action == "results.export"
    assert entry.actor_id == council.id
    assert entry.target_type == "consultations" and entry.target_id == story.consultation.id
    assert entry.after == {
        "format": fmt,
        "filters": ExportFilter().describe(),
        "contact_details": False,
        "via": "site",
    }


def test_the_filters_of_the_form_reach_the_file(client, make_user, login, story):
    login(make_user("council"))
    theme = story.consultation.themes[0]
    response = client.post(
        url(story),
        data={"format": "json", "themes": [str(theme.id)], "statuses": ["accepted"]},
        buffered=True,
    )
    document = json.loads(response.get_data())

    assert [i["id"] for i in document["ideas"]] == [story.ideas["fietsstraat"]]
    assert document["filters"]["themes"] == [theme.name]


def test_an_admin_may_add_contact_details_and_the_log_says_so(app, client, make_user, login, story):
    login(make_user("admin"))
    response = client.post(
        url(story), data={"format": "json", "contact_details": "y"}, buffered=True
    )
    document = json.loads(response.get_data())

    assert document["contact_details"] is True
    assert any(i.get("author_email") for i in document["ideas"])
    assert "-contact-details.json" in response.headers["Content-Disposition"]
    (entry,) = audit(app)
    assert entry.action == "results.export_contact_details"
    assert entry.after["contact_details"] is True


def test_the_council_is_not_offered_contact_details_and_cannot_ask_for_them(
    app, client, make_user, login, story, english
):
    login(make_user("council"))
    assert "contact_details" not in client.get(url(story)).get_data(as_text=True)
    response = client.post(
        url(story), data={"format": "json", "contact_details": "y"}, buffered=True
    )
    document = json.loads(response.get_data())

    assert document["contact_details"] is False
    assert not any("author_email" in i for i in document["ideas"])
    assert [e.action for e in audit(app)] == ["results.export"]


def test_the_service_refuses_contact_details_to_the_council(request_ctx, story, make_user):
    from participate.accounts.models import User
    from participate.consultations.models import Consultation

    council = db.session.get(User, make_user("council").id)
    consultation = db.session.get(Consultation, story.consultation.id)
    with pytest.raises(ExportError):
        services.start_export(council, consultation, ExportFilter(), "json", contact_details=True)
    citizen = db.session.get(User, make_user("citizen").id)
    with pytest.raises(ExportError):
        services.start_export(citizen, consultation, ExportFilter(), "json")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "pdf"}, "Not a valid choice."),
        ({"format": "json", "since": "2026-03-31", "until": "2026-03-01"}, "ends before it starts"),
        ({"format": "json", "since": "31 maart"}, "Not a valid date value."),
        ({"format": "json", "themes": ["999999"]}, "is not a valid choice"),
        ({"format": "json", "statuses": ["approved"]}, "is not a valid choice"),
    ],
)
def test_bad_input_shows_the_form_again_and_records_nothing(
    app, client, make_user, login, story, english, data, message
):
    login(make_user("council"))
    response = client.post(url(story), data=data, buffered=True)

    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert message in response.get_data(as_text=True)
    assert audit(app) == []


def test_an_unknown_consultation_is_404(client, make_user, login):
    login(make_user("council"))
    assert client.get("/admin/results/bestaat-niet/export").status_code == 404
    assert (
        client.post("/admin/results/bestaat-niet/export", data={"format": "json"}).status_code
        == 404
    )
    assert client.get("/admin/results/bestaat-niet/report").status_code == 404


def test_a_failure_while_writing_answers_500_and_records_nothing(
    app, client, make_user, login, story, monkeypatch
):
    def broken(export, out):
        out.write(b"{half")
        raise RuntimeError("disk full")

    monkeypatch.setitem(services.writers.WRITERS, "json", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        login(make_user("council"))
        response = client.post(url(story), data={"format": "json"}, buffered=True)
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    assert b"{half" not in response.get_data()
    assert audit(app) == []


# -- The report -----------------------------------------------------------------------------


def test_choosing_the_report_leads_to_its_page_with_the_filters(client, make_user, login, story):
    login(make_user("council"))
    theme = story.consultation.themes[0]
    response = client.post(
        url(story), data={"format": "report", "themes": [str(theme.id)]}, buffered=True
    )

    assert response.status_code == 303
    assert response.headers["Location"] == f"{url(story, 'report')}?theme={theme.id}"


def test_the_report_shows_the_figures_top_ideas_and_responses_and_is_logged(
    app, client, make_user, login, story, english
):
    login(make_user("council"))
    response = client.get(url(story, "report"))
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert '<dd data-figure="ideas">4</dd>' in page
    assert '<dd data-figure="supporters">7</dd>' in page
    assert "Het idee fietsstraat voor Lindeveld" in page
    assert "<strong>fietsstraat</strong>" in page  # the official response, as Markdown
    assert "Het idee verborgen" not in page and "Het idee wachtend" not in page
    assert 'role="img"' in page and "<table" in page
    assert "css/results.css" in page
    assert [e.action for e in audit(app)] == ["results.report"]


def test_the_report_with_hidden_items_includes_them(client, make_user, login, story):
    login(make_user("council"))
    page = client.get(url(story, "report"), query_string={"include_hidden": "1"}).get_data(
        as_text=True
    )

    assert "Het idee verborgen voor Lindeveld" in page


def test_the_report_refuses_bad_filters_with_a_message(
    app, client, make_user, login, story, english
):
    login(make_user("council"))
    response = client.get(url(story, "report"), query_string={"status": "approved"})

    assert response.status_code == 400
    assert "“approved” is not a status." in response.get_data(as_text=True)
    assert audit(app) == []


@pytest.mark.parametrize(("role", "status"), ROLES)
def test_the_report_is_for_the_council_and_admins(client, make_user, login, story, role, status):
    if role:
        login(make_user(role))
    assert client.get(url(story, "report")).status_code == status


def test_the_schema_of_the_json_export_is_published(client):
    response = client.get("/results/export.schema.json")

    assert response.status_code == 200
    assert response.mimetype == "application/schema+json"
    assert json.loads(response.get_data())["title"].startswith("Results of a consultation")
