from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participate.accounts import services
from participate.accounts.models import User
from participate.cli import cli
from participate.db import db
from participate.demo import DEMO_PASSWORD, DEMO_USERS

PASSWORD = "een lange zin als wachtwoord"


@pytest.fixture
def run(app, monkeypatch):
    """`run("users", "create", ...)` → click's Result. Goes through the `participate` command
    itself, which (unlike `app.cli`) pushes an app context as it does in production."""
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # FlaskGroup sets it; undo afterwards
    runner = app.test_cli_runner()

    def invoke(*args: str, **kwargs):
        return runner.invoke(cli, args=list(args), **kwargs)

    return invoke


@pytest.fixture
def account(app):
    def get(email: str) -> User | None:
        with app.app_context():
            return services.get_by_email(email)

    return get


def _user_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


# users create ----------------------------------------------------------------------------


def test_users_create_makes_a_verified_account_with_the_role(run, account):
    result = run("users", "create", "Beheer@Example.com", "--role", "admin", "--password", PASSWORD)

    assert result.exit_code == 0, result.output
    assert result.output == "Created beheer@example.com with role admin.\n"
    user = account("beheer@example.com")
    assert user.role == "admin"
    assert user.is_verified
    assert user.display_name == "Beheer"


def test_users_create_can_log_in_with_the_password(run, client):
    run("users", "create", "beheer@example.com", "--role", "admin", "--password", PASSWORD)

    response = client.post("/login", data={"email": "beheer@example.com", "password": PASSWORD})

    assert response.status_code == 303
    assert client.get("/admin/settings").status_code == 200


def test_users_create_defaults_to_citizen_and_takes_a_name(run, account):
    result = run(
        "users", "create", "mia@example.com", "--name", "Mia Claes", "--password", PASSWORD
    )

    assert result.exit_code == 0, result.output
    assert account("mia@example.com").role == "citizen"
    assert account("mia@example.com").display_name == "Mia Claes"


def test_users_create_asks_for_the_password_twice_when_not_given(run, account):
    result = run("users", "create", "mia@example.com", input=f"{PASSWORD}\n{PASSWORD}\n")

    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert account("mia@example.com") is not None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "Use at least 10 characters."),
        ("iloveyou123", "This password is too common and easy to guess. Choose another one."),
        ("beheerder-wachtwoord", "Your password must not contain your e-mail address or name."),
    ],
)
def test_users_create_refuses_a_weak_password(run, app, account, password, message):
    result = run("users", "create", "beheerder@example.com", "--password", password)

    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"
    assert account("beheerder@example.com") is None


def test_users_create_refuses_a_duplicate(run, make_user, app):
    make_user(email="mia@example.com")

    result = run("users", "create", "MIA@example.com", "--password", PASSWORD)

    assert result.exit_code == 1
    assert result.output == "Error: An account with this e-mail address already exists.\n"
    assert _user_count(app) == 1


def test_users_create_refuses_a_malformed_address(run, app):
    result = run("users", "create", "not-an-address", "--password", PASSWORD)

    assert result.exit_code == 1
    assert "Error: Enter an e-mail address in the right form" in result.output
    assert _user_count(app) == 0


@pytest.mark.parametrize("args", [("a@example.com",), ("mia@example.com", "--name", "M")])
def test_users_create_refuses_a_display_name_that_is_too_short(run, app, args):
    result = run("users", "create", *args, "--password", PASSWORD)

    assert result.exit_code == 1
    assert "--name" in result.output
    assert "between 2 and 60 characters" in result.output
    assert _user_count(app) == 0


def test_users_create_refuses_an_unknown_role(run, app):
    result = run("users", "create", "mia@example.com", "--role", "mayor", "--password", PASSWORD)

    assert result.exit_code == 2
    assert "'mayor' is not one of" in result.output
    assert _user_count(app) == 0


# users set-role --------------------------------------------------------------------------


def test_users_set_role_changes_the_role(run, make_user, account):
    make_user(email="mia@example.com")

    result = run("users", "set-role", "Mia@Example.com", "council")

    assert result.exit_code == 0, result.output
    assert result.output == "mia@example.com now has role council.\n"
    assert account("mia@example.com").role == "council"


def test_users_set_role_refuses_an_unknown_address(run):
    result = run("users", "set-role", "nobody@example.com", "admin")

    assert result.exit_code == 1
    assert result.output == "Error: No account with e-mail address nobody@example.com.\n"


def test_users_set_role_refuses_an_unknown_role(run, make_user, account):
    make_user(email="mia@example.com")

    result = run("users", "set-role", "mia@example.com", "mayor")

    assert result.exit_code == 2
    assert account("mia@example.com").role == "citizen"


# seed-demo -------------------------------------------------------------------------------


def test_seed_demo_creates_the_demo_accounts_and_prints_how_to_log_in(run, account):
    result = run("seed-demo")

    assert result.exit_code == 0, result.output
    assert "Demo data created." in result.output
    assert DEMO_PASSWORD in result.output
    assert "admin@example.com" in result.output
    for email, _name, role in DEMO_USERS:
        user = account(email)
        assert user.role == role
        assert user.is_verified


def test_seed_demo_twice_adds_nothing_the_second_time(run, app):
    run("seed-demo")
    users_after_first_run = _user_count(app)

    result = run("seed-demo")

    assert result.exit_code == 0, result.output
    assert "Demo data already present, left as it is." in result.output
    assert "admin@example.com" in result.output
    assert DEMO_PASSWORD in result.output
    assert _user_count(app) == users_after_first_run >= len(DEMO_USERS)


def test_seed_demo_admin_can_log_in(run, client):
    run("seed-demo")

    response = client.post("/login", data={"email": "admin@example.com", "password": DEMO_PASSWORD})

    assert response.status_code == 303
    assert client.get("/admin/settings").status_code == 200
