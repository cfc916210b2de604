from __future__ import annotations

import pytest

from participate.accounts.passwords import (
    common_passwords,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)

TOO_COMMON = "This password is too common and easy to guess. Choose another one."
CONTAINS_ME = "Your password must not contain your e-mail address or name."


@pytest.fixture(autouse=True)
def _in_a_request(request_ctx):
    """The refusals are translated, so they need a visitor's locale."""


def test_hash_is_argon2id_and_salted():
    first, second = hash_password("een lange zin"), hash_password("een lange zin")

    assert first.startswith("$argon2id$")
    assert first != second


def test_verify_accepts_the_right_password_only():
    password_hash = hash_password("een lange zin")

    assert verify_password(password_hash, "een lange zin")
    assert not verify_password(password_hash, "Een lange zin")
    assert not verify_password(password_hash, "")


def test_verify_refuses_a_missing_or_broken_hash():
    assert not verify_password(None, "participate-dummy-password")
    assert not verify_password("not a hash", "een lange zin")


def test_a_hash_made_with_weaker_settings_needs_rehashing():
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash("een lange zin")

    assert needs_rehash(weak)
    assert not needs_rehash(hash_password("een lange zin"))


def test_common_password_list_is_lower_case_and_long_passwords_only():
    words = common_passwords()

    assert len(words) > 1000
    assert all(word == word.lower() for word in words)


@pytest.mark.parametrize("password", ["iloveyou123", "ILOVEYOU123", "ILoveYou123"])
def test_common_passwords_are_refused_whatever_their_case(password):
    assert password_problem(password) == TOO_COMMON


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababab", "1111111111"])
def test_passwords_of_one_or_two_characters_repeated_are_refused(password):
    assert password_problem(password) == TOO_COMMON


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("a" * 9, "Use at least 10 characters."),
        ("x" * 201, "Use at most 200 characters."),
    ],
)
def test_length_limits(password, problem):
    assert password_problem(password) == problem


def test_ten_and_two_hundred_characters_are_allowed():
    assert password_problem("tien tekens"[:10]) is None
    assert password_problem("een zin " * 25) is None


@pytest.mark.parametrize("password", ["my mailbox mia.peeters!", "MIA.PEETERS rocks!"])
def test_password_containing_the_email_local_part_is_refused(password):
    assert password_problem(password, email="Mia.Peeters@example.com") == CONTAINS_ME


def test_short_email_local_part_is_not_held_against_the_password():
    assert password_problem("een zin met jan erin", email="jan@example.com") is None


def test_password_equal_to_the_display_name_is_refused():
    assert password_problem("Mia Claes Lindeveld", display_name="mia claes lindeveld") == (
        CONTAINS_ME
    )


def test_good_password_has_no_problem():
    assert password_problem("een lange zin als wachtwoord", email="mia@example.com") is None
