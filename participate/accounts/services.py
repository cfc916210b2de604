"""The rules of accounts: registering, verifying, logging in, resetting and changing.

Services flush; the request commits (participate/__init__.py). Each function says the rule."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask import current_app, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, bindparam, exists, select

from participate.accounts.models import User, new_session_token, unusable_password
from participate.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)
from participate.accounts.tokens import TokenExpired, TokenInvalid, make_token, read_token
from participate.auth.roles import Role
from participate.db import db, utcnow
from participate.mail import send_email
from participate.urls import external_url


class AccountError(ValueError):
    """A rule was broken; `field` names the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


# Every request of a logged-in visitor reads its account: a statement built once (a fifth
# less Python than `session.get`, which builds its query anew each time).
_USER_BY_ID = select(User).where(User.id == bindparam("user_id"))


@dataclass(frozen=True)
class SessionAccount:
    """An account as a session names it (`User.get_id()`: its id and its session token), not
    yet checked against the account's row."""

    id: int
    token: str


def _session_account_of(session_id: object) -> SessionAccount | None:
    if not isinstance(session_id, str):
        return None
    user_id, _, token = session_id.partition(".")
    if not user_id.isdigit() or not token:
        return None
    return SessionAccount(int(user_id), token)


def load_user_from_session_id(session_id: str) -> User | None:
    """Flask-Login's loader. The id carries the account's session token, so rotating the
    token (on a password change) ends every other session and remember-me cookie."""
    account = _session_account_of(session_id)
    if account is None:
        return None
    user = db.session.scalars(_USER_BY_ID, {"user_id": account.id}).first()
    if user is None or not hmac.compare_digest(user.session_token, account.token):
        return None
    return user


def session_account() -> SessionAccount | None:
    """The account this request's session names, read from the signed session cookie where
    Flask-Login keeps `User.get_id()`, without reading the account: for the busiest write (a
    vote), which checks the account in its own statement (`may_take_part_clause`). None for a
    visitor whose session names none (not logged in, or only a remember-me cookie so far: the
    caller then goes Flask-Login's way)."""
    return _session_account_of(session.get("_user_id"))


_USERS = User.__table__


def may_take_part_clause(account_id: ColumnElement, token: ColumnElement) -> ColumnElement[bool]:
    """As SQL, for a statement that checks its own author: the account exists and its session
    is still valid (`load_user_from_session_id`: the same session token), its e-mail address is
    confirmed and it is not blocked (the checks of `ideas.services._require_verified`).

    The token is compared in SQL rather than with `hmac.compare_digest`: its one caller takes
    it from the signed session cookie, which a visitor cannot write, so nobody can time
    guesses at it."""
    return exists().where(
        _USERS.c.id == account_id,
        _USERS.c.session_token == token,
        _USERS.c.email_verified_at.is_not(None),
        _USERS.c.blocked_at.is_(None),
    )


def _check_password(password: str, email: str, display_name: str, field: str = "password") -> None:
    problem = password_problem(password, email=email, display_name=display_name)
    if problem:
        raise AccountError(problem, field)


def _check_email(email: str) -> None:
    # The forms check this too; the CLI and the demo data reach the service directly.
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        raise AccountError(
            str(_l("Enter an e-mail address in the right form, like name@example.com.")), "email"
        ) from exc


POSTCODE = re.compile(r"^[1-9][0-9]{3}$")


def normalise_postcode(postcode: str | None) -> str | None:
    """An optional Belgian postcode: four digits (1000 to 9999), or None when left empty."""
    text = (postcode or "").strip()
    if not text:
        return None
    if not POSTCODE.match(text):
        raise AccountError(
            str(_l("A Belgian postcode has four digits, like 9000. Or leave it empty.")), "postcode"
        )
    return text


def _check_display_name(display_name: str) -> None:
    # The database refuses other lengths; say so before it does.
    if not 2 <= len(display_name) <= 60:
        raise AccountError(
            str(_l("A display name has between 2 and 60 characters.")), "display_name"
        )


def create_user(
    email: str,
    display_name: str,
    password: str,
    role: Role | str = Role.CITIZEN,
    *,
    verified: bool = False,
    locale: str | None = None,
) -> User:
    """Create an account. The e-mail must be unused and the password must pass the policy."""
    email = normalise_email(email)
    display_name = display_name.strip()
    _check_email(email)
    _check_display_name(display_name)
    if get_by_email(email) is not None:
        raise AccountError(str(_l("An account with this e-mail address already exists.")), "email")
    _check_password(password, email, display_name)
    user = User(
        email=email,
        display_name=display_name,
        password_hash=hash_password(password),
        role=Role(role).value,
        locale=locale,
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def create_external_user(email: str, display_name: str, locale: str | None = None) -> User:
    """An account made by signing in with another provider that confirmed the address: it
    is verified and has no password (the citizen may set one later)."""
    email = normalise_email(email)
    _check_email(email)
    display_name = display_name.strip()[:60].strip()
    if len(display_name) < 2:
        display_name = email.partition("@")[0][:60]
    if len(display_name) < 2:
        display_name = display_name.ljust(2, "_")
    if get_by_email(email) is not None:
        raise AccountError(str(_l("An account with this e-mail address already exists.")), "email")
    user = User(
        email=email,
        display_name=display_name,
        password_hash=unusable_password(),
        role=Role.CITIZEN.value,
        locale=locale,
        email_verified_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def register(email: str, display_name: str, password: str, postcode: str | None = None) -> User:
    """A citizen registers: the account starts unverified and a verification link is mailed.
    The postcode is optional (for the council's view of whom the consultations reach)."""
    postcode = normalise_postcode(postcode)
    user = create_user(email, display_name, password, locale=str(get_locale()))
    user.postcode = postcode
    send_verification_email(user)
    return user


def send_verification_email(user: User) -> None:
    token = make_token("verify-email", {"uid": user.id, "email": user.email})
    send_email(
        user.email,
        _l("Confirm your e-mail address"),
        "verify_email",
        locale=user.locale,
        user=user,
        link=external_url("accounts.verify_email", token=token),
        hours=current_app.config["EMAIL_TOKEN_MAX_AGE"] // 3600,
    )


def verify_email(token: str) -> User:
    """Confirm the address a link was sent to. The link stops working if the address changed."""
    try:
        data = read_token("verify-email", token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    except TokenExpired as exc:
        raise AccountError(
            str(_l("This confirmation link has expired. Log in to get a new one."))
        ) from exc
    except TokenInvalid as exc:
        raise AccountError(str(_l("This confirmation link is not valid."))) from exc
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        raise AccountError(str(_l("This confirmation link is not valid.")))
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The account for these credentials, or None. Takes as long for unknown addresses."""
    user = get_by_email(email)
    known_hash = user.password_hash if user is not None and user.has_password else None
    if not verify_password(known_hash, password) or user is None:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def _reset_fingerprint(user: User) -> str:
    # The end of the current hash: once the password changes, every older reset link dies.
    return user.password_hash[-16:]


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists. Says nothing either way (no enumeration)."""
    user = get_by_email(email)
    if user is None:
        current_app.logger.info("password reset asked for an unknown address")
        return
    token = make_token("reset-password", {"uid": user.id, "fp": _reset_fingerprint(user)})
    send_email(
        user.email,
        _l("Choose a new password"),
        "reset_password",
        locale=user.locale,
        user=user,
        link=external_url("accounts.reset_password", token=token),
        hours=current_app.config["RESET_TOKEN_MAX_AGE"] // 3600,
    )


def user_for_reset_token(token: str) -> User:
    try:
        data = read_token("reset-password", token, current_app.config["RESET_TOKEN_MAX_AGE"])
    except TokenExpired as exc:
        raise AccountError(str(_l("This link has expired. Ask for a new one."))) from exc
    except TokenInvalid as exc:
        raise AccountError(str(_l("This link is not valid or was already used."))) from exc
    user = db.session.get(User, data.get("uid"))
    if user is None or not hmac.compare_digest(_reset_fingerprint(user), str(data.get("fp", ""))):
        raise AccountError(str(_l("This link is not valid or was already used.")))
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; the link proves the mailbox, so it verifies too."""
    user = user_for_reset_token(token)
    _set_password(user, new_password)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Change a password, knowing the current one. Other sessions end."""
    if not verify_password(user.password_hash, current_password):
        raise AccountError(str(_l("Your current password is not correct.")), "current_password")
    _set_password(user, new_password, field="new_password")


def set_first_password(user: User, new_password: str) -> None:
    """An account without a password (made by signing in elsewhere) chooses one."""
    if user.has_password:
        raise AccountError(str(_l("Your account already has a password.")), "new_password")
    _set_password(user, new_password, field="new_password")


def remove_password(user: User) -> None:
    """The password stops working and other sessions end (used when a mailbox proof shows
    that whoever chose the password never owned the address)."""
    user.password_hash = unusable_password()
    user.session_token = new_session_token()


def _set_password(user: User, new_password: str, field: str = "password") -> None:
    _check_password(new_password, user.email, user.display_name, field)
    user.password_hash = hash_password(new_password)
    user.session_token = new_session_token()
    send_email(
        user.email,
        _l("Your password was changed"),
        "password_changed",
        locale=user.locale,
        user=user,
    )


def change_display_name(user: User, display_name: str) -> None:
    """A display name has 2 to 60 characters, not counting spaces around it."""
    display_name = display_name.strip()
    _check_display_name(display_name)
    user.display_name = display_name


def change_postcode(user: User, postcode: str | None) -> None:
    """Give, change or remove (empty) the optional postcode."""
    user.postcode = normalise_postcode(postcode)


def set_role(user: User, role: Role | str) -> None:
    user.role = Role(role).value
