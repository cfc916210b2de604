"""Every permission rule as a matrix of role × expected answer (adhocracy4's way). A new rule
in participate.auth.permissions.RULES needs its row here, or
test_every_rule_has_a_row_in_the_matrix fails."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from participate.accounts.models import User
from participate.auth.permissions import RULES, all_of, any_of, can, has_role, is_verified
from participate.auth.roles import Role
from participate.db import utcnow

VISITORS = ("anonymous", "unverified citizen", "citizen", "moderator", "council", "admin")

# rule → the visitors (in the order of VISITORS) that it allows.
MATRIX: dict[str, tuple[bool, bool, bool, bool, bool, bool]] = {
    #                       anon   unverif citizen moder  council admin
    "account.manage":      (False, True,   True,   True,  True,   True),
    "site.manage":         (False, False,  False,  False, False,  True),
    "users.manage":        (False, False,  False,  False, False,  True),
    "audit.view":          (False, False,  False,  False, False,  True),
    "consultation.manage": (False, False,  False,  False, False,  True),
    "consultation.post_update": (False, False, False, False, False, True),
    "announcement.manage": (False, False,  False,  False, False,  True),
    "idea.set_status":     (False, False,  False,  True,  False,  True),
    "moderation.act":      (False, False,  False,  True,  False,  True),
    "moderation.configure":(False, False,  False,  False, False,  True),
    "selftest.manage":     (False, False,  False,  False, False,  True),
    "selftest.aggregates": (False, False,  False,  False, True,   True),
    "results.view":        (False, False,  False,  True,  True,   True),
    "staff.tools":         (False, False,  False,  True,  True,   True),
    "results.export":      (False, False,  False,  False, True,   True),
    "results.export_contacts": (False, False, False, False, False, True),
    "share.view_counts":   (False, False,  False,  True,  True,   True),
}  # fmt: skip


@pytest.fixture(autouse=True)
def _english(client):
    """English pages, so assertions do not depend on the catalogues."""
    with client.session_transaction() as session:
        session["locale"] = "en"


def visitor(kind: str):
    if kind == "anonymous":
        return AnonymousUserMixin()
    role = "citizen" if kind == "unverified citizen" else kind
    return User(
        email=f"{role}@example.com",
        display_name=kind,
        role=Role(role).value,
        email_verified_at=None if kind == "unverified citizen" else utcnow(),
    )


def test_every_rule_has_a_row_in_the_matrix():
    assert set(MATRIX) == set(RULES)


@pytest.mark.parametrize(
    ("rule", "kind", "allowed"),
    [
        pytest.param(rule, kind, allowed, id=f"{rule}-{kind.replace(' ', '_')}")
        for rule, row in MATRIX.items()
        for kind, allowed in zip(VISITORS, row, strict=True)
    ],
)
def test_rule_answers_for_each_kind_of_visitor(rule, kind, allowed):
    assert can(visitor(kind), rule) is allowed


def test_unknown_rule_raises_key_error():
    with pytest.raises(KeyError, match=r"no\.such\.rule"):
        can(visitor("admin"), "no.such.rule")


def test_is_verified_needs_a_logged_in_user_with_a_confirmed_address():
    assert not is_verified(visitor("anonymous"))
    assert not is_verified(visitor("unverified citizen"))
    assert is_verified(visitor("citizen"))


def test_rules_compose_from_predicates():
    moderator_or_verified = any_of(has_role(Role.MODERATOR), is_verified)
    verified_council = all_of(has_role(Role.COUNCIL), is_verified)

    assert moderator_or_verified(visitor("citizen"))
    assert not moderator_or_verified(visitor("unverified citizen"))
    assert verified_council(visitor("council"))
    assert not verified_council(visitor("admin"))


def test_role_predicate_is_named_for_debugging():
    assert has_role(Role.MODERATOR, Role.ADMIN).__name__ == "has_role_moderator_or_admin"


# `require` on a real page: /admin/settings needs site.manage -----------------------------


def test_require_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/admin/settings")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fadmin%2Fsettings"
    assert "Please log in to see this page." in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("role", ["citizen", "moderator", "council"])
def test_require_refuses_logged_in_users_without_the_right(client, make_user, login, role):
    login(make_user(role))

    response = client.get("/admin/settings")

    assert response.status_code == 403
    assert "Access denied" in response.get_data(as_text=True)


def test_require_lets_through_users_with_the_right(client, make_user, login):
    login(make_user("admin"))

    assert client.get("/admin/settings").status_code == 200


def test_require_applies_to_posts_too(client, make_user, login):
    login(make_user("moderator"))

    assert client.post("/admin/settings", data={"municipality_name": "Overname"}).status_code == 403


def test_log_in_from_the_redirect_comes_back_to_the_page(client, make_user):
    admin = make_user("admin")
    next_url = client.get("/admin/settings").headers["Location"]

    response = client.post(
        next_url, data={"email": admin.email, "password": "correct horse battery staple"}
    )

    assert response.headers["Location"] == "/admin/settings"


@pytest.mark.parametrize(
    ("role", "tools", "settings"),
    [("citizen", False, False), ("council", True, False), ("admin", True, True)],
)
def test_templates_ask_the_same_rule(client, make_user, login, role, tools, settings):
    login(make_user(role))

    page = client.get("/").get_data(as_text=True)
    assert ('href="/admin"' in page) is tools

    admin_page = client.get("/admin")
    assert admin_page.status_code == (200 if tools else 403)
    assert ('href="/admin/settings"' in admin_page.get_data(as_text=True)) is settings
