"""The moderation's and the self-test's parts of the citizen's data: reports they made and
results they saved are in the download; deleting the account removes the reports and unlinks
the saved result (which stays in the council's figures, as anonymous as every other)."""

from __future__ import annotations

import json

from sqlalchemy import select

from participate.db import db
from participate.moderation.models import Report
from participate.selftest.models import Response
from tests.conftest import TEST_PASSWORD
from tests.selftest.conftest import make_selftest  # noqa: F401
from tests.selftest.flow import take


def test_reports_and_saved_results_are_downloaded_and_then_deleted(
    client,
    app,
    make_user,
    login,
    make_consultation,
    make_idea,
    make_selftest,  # noqa: F811
):
    citizen = make_user(name="Els Wouters")
    idea = make_idea(make_consultation())
    login(citizen)
    assert (
        client.post(
            f"/report/idea/{idea.id}", data={"reason": "other", "text": "Dit is reclame."}
        ).status_code
        == 303
    )
    selftest = make_selftest()
    token = take(client, app, selftest, ["4", "4", "0", "2"])
    assert client.post(f"/selftest-results/{token}/save").status_code == 303

    data = json.loads(client.get("/account/data").get_data(as_text=True))
    (report,) = data["moderation"]["reports_made"]
    assert report == {
        "item": "idea",
        "item_id": idea.id,
        "reason": "other",
        "text": "Dit is reclame.",
        "created_at": report["created_at"],
        "settled_at": None,
    }
    assert data["moderation"]["blocked_at"] is None
    (saved,) = data["selftest"]
    assert saved["best_match"] == "Groen"
    assert saved["address"].endswith(f"/selftest-results/{token}")
    assert len(saved["answers"]) == 4

    response = client.post("/account/delete", data={"confirm": "y", "password": TEST_PASSWORD})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalars(select(Report).where(Report.idea_id == idea.id)).all() == []
        result = db.session.scalar(select(Response).where(Response.token == token))
        assert result is not None and result.user_id is None
