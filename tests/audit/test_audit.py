import csv
import io

import pytest

from participate.audit import services
from participate.audit.models import AuditEntry
from participate.db import db


@pytest.fixture
def admin(make_user):
    return make_user("admin")


def _record(app, actor, action="idea.set_status", reason="", **kwargs):
    with app.app_context():
        services.record(actor, action, None, reason=reason, **kwargs)
        db.session.commit()


def test_record_keeps_who_what_before_after_and_reason(app, admin):
    with app.app_context():
        user = db.session.get(type(admin), admin.id)
        entry = services.record(
            user, "site.update", user, before={"a": 1}, after={"a": 2}, reason="typo"
        )
        assert (entry.actor_id, entry.actor_name, entry.action) == (
            admin.id,
            admin.display_name,
            "site.update",
        )
        assert (entry.target_type, entry.target_id) == ("users", admin.id)
        assert entry.before == {"a": 1} and entry.after == {"a": 2} and entry.reason == "typo"


@pytest.mark.parametrize(
    ("role", "status"), [("citizen", 403), ("moderator", 403), ("council", 403), ("admin", 200)]
)
def test_only_admins_see_the_audit_log(client, make_user, login, role, status):
    login(make_user(role))
    assert client.get("/admin/audit").status_code == status
    assert client.get("/admin/audit.csv").status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/audit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_log_filters_by_action(app, client, admin, login):
    _record(app, admin, "idea.set_status", reason="first-reason")
    _record(app, admin, "site.update", reason="second-reason")
    login(admin)
    page = client.get("/admin/audit?action=site.update").get_data(as_text=True)
    assert "second-reason" in page and "first-reason" not in page
    assert "first-reason" in client.get("/admin/audit").get_data(as_text=True)


def test_empty_log_shows_an_empty_state(client, admin, login):
    login(admin)
    page = client.get("/admin/audit?action=nothing").get_data(as_text=True)
    assert 'class="empty-state"' in page


def test_csv_download_neutralises_formulas_and_opens_in_excel(app, client, admin, login):
    _record(app, admin, "comment.hide", reason='=HYPERLINK("http://evil")', after={"x": "+1"})
    login(admin)
    response = client.get("/admin/audit.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == services.CSV_COLUMNS
    assert rows[1][services.CSV_COLUMNS.index("reason")] == '\'=HYPERLINK("http://evil")'
    assert rows[1][services.CSV_COLUMNS.index("action")] == "comment.hide"


def test_the_application_offers_no_way_to_change_entries(app):
    rules = {rule.rule: rule.methods for rule in app.url_map.iter_rules() if "audit" in rule.rule}
    assert all(methods <= {"GET", "HEAD", "OPTIONS"} for methods in rules.values())


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_neutralise_prefixes_formula_starters(value):
    assert services.neutralise(value).startswith("'")


def test_entries_count_and_order(app, admin):
    for i in range(3):
        _record(app, admin, "x.y", reason=str(i))
    with app.app_context():
        rows, total = services.entries(services.AuditFilter(action="x.y"))
        assert total == 3 and [r.reason for r in rows] == ["2", "1", "0"]
        assert db.session.query(AuditEntry).count() == 3
