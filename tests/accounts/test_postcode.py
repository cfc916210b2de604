"""An optional postcode on the account, for the council's "who do we reach?": asked at
registration, changed or removed on the account page, four digits (a Belgian postcode), part
of the citizen's own data, and never shown to anyone else."""

from __future__ import annotations

import json

import pytest

from participate.accounts import services
from participate.db import db
from tests.accounts.helpers import inline_error


def test_registration_may_give_a_postcode(register, app, outbox):
    response = register(postcode=" 9000 ")

    assert response.status_code == 303
    with app.app_context():
        assert services.get_by_email("jan@example.com").postcode == "9000"


def test_registration_works_without_a_postcode(register, app, outbox):
    assert register().status_code == 303
    with app.app_context():
        assert services.get_by_email("jan@example.com").postcode is None


@pytest.mark.parametrize("postcode", ["900", "90000", "0900", "9OOO", "B-9000"])
def test_a_postcode_that_is_not_belgian_is_refused_and_nothing_is_saved(register, app, postcode):
    response = register(postcode=postcode)

    assert response.status_code == 422
    assert inline_error(response.get_data(as_text=True), "postcode") == (
        "A Belgian postcode has four digits, like 9000. Or leave it empty."
    )
    with app.app_context():
        assert services.get_by_email("jan@example.com") is None


def test_the_account_page_changes_and_removes_the_postcode(client, make_user, login, app):
    user = make_user("citizen")
    login(user)
    assert 'name="postcode"' in client.get("/account").get_data(as_text=True)

    response = client.post("/account/postcode", data={"postcode": "9050"})
    assert response.status_code == 303
    assert "9050" in client.get("/account").get_data(as_text=True)
    with app.app_context():
        assert services.get_by_email(user.email).postcode == "9050"

    client.post("/account/postcode", data={"postcode": ""})
    with app.app_context():
        assert services.get_by_email(user.email).postcode is None


def test_a_bad_postcode_on_the_account_page_is_refused(client, make_user, login, app):
    user = make_user("citizen")
    login(user)
    response = client.post("/account/postcode", data={"postcode": "12"})

    assert response.status_code == 422
    assert inline_error(response.get_data(as_text=True), "postcode").startswith(
        "A Belgian postcode has four digits"
    )
    with app.app_context():
        assert services.get_by_email(user.email).postcode is None


def test_the_service_refuses_what_the_form_would(app):
    with app.test_request_context(), pytest.raises(services.AccountError) as caught:
        services.normalise_postcode("10000")
    assert caught.value.field == "postcode"
    with app.test_request_context():
        assert services.normalise_postcode("  ") is None


def test_the_database_refuses_a_postcode_that_is_not_four_characters(app, make_user):
    from sqlalchemy.exc import IntegrityError

    user = make_user("citizen")
    with app.app_context():
        from participate.accounts.models import User

        row = db.session.get(User, user.id)
        row.postcode = "123"
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_the_postcode_is_in_the_citizens_own_data(client, make_user, login):
    login(make_user("citizen"))
    client.post("/account/postcode", data={"postcode": "9040"})
    response = client.get("/account/data")

    assert json.loads(response.get_data())["profile"]["postcode"] == "9040"
