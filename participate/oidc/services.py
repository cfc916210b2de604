"""The rules of signing in with another provider.

- A provider's subject is linked to one account. Signing in with a linked subject logs in.
- A first sign-in makes an account, but only from an address the provider confirmed.
- If an account with that address exists, the subject is linked only after the citizen proves
  the account is theirs: the account's password, or a link mailed to the address. When that
  account never confirmed its address, only the mailed link will do, and the password that
  someone chose without owning the mailbox stops working (no pre-registered account can be
  taken over this way).
- A logged-in citizen links and unlinks providers on their account page; the last way in
  (a password or a link) cannot be removed.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participate.accounts import services as accounts
from participate.accounts.models import User
from participate.accounts.tokens import TokenExpired, TokenInvalid, make_token, read_token
from participate.db import db, utcnow
from participate.mail import send_email
from participate.oidc.client import provider
from participate.oidc.models import OidcIdentity
from participate.urls import external_url

LINK_TOKEN_MAX_AGE = 2 * 3600


class SignInError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Claims:
    """What a provider said about the person, reduced to what we use."""

    provider: str
    subject: str
    email: str
    email_verified: bool
    name: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def claims_from(provider_name: str, info: dict[str, Any]) -> Claims:
    """Read the subject, address and name from an ID token's claims or user info."""
    settings = provider(provider_name) or {}
    subject = str(info.get("sub") or info.get("id") or "")
    if not subject:
        raise SignInError(str(_l("The sign-in service did not say who you are. Please try again.")))
    email = accounts.normalise_email(str(info.get("email") or ""))
    verified_claim = settings.get("email_verified_claim", "email_verified")
    verified = bool(email) and (
        _truthy(info.get(verified_claim))
        or (settings.get("trust_email", False) and verified_claim not in info)
    )
    name = str(
        info.get("name")
        or " ".join(p for p in (info.get("given_name"), info.get("family_name")) if p)
        or info.get("nickname")
        or ""
    )
    return Claims(provider_name, subject[:255], email[:254], verified, name)


def identity_for(provider_name: str, subject: str) -> OidcIdentity | None:
    return db.session.scalar(
        select(OidcIdentity).where(
            OidcIdentity.provider == provider_name, OidcIdentity.subject == subject
        )
    )


def identities_of(user: User) -> list[OidcIdentity]:
    return list(
        db.session.scalars(
            select(OidcIdentity).where(OidcIdentity.user_id == user.id).order_by(OidcIdentity.id)
        )
    )


def _touch(identity: OidcIdentity) -> User:
    identity.last_used_at = utcnow()
    user = db.session.get(User, identity.user_id)
    if user is None:  # the foreign key says this cannot be
        raise SignInError(str(_l("This link is not valid.")))
    user.last_login_at = utcnow()
    return user


@dataclass
class Outcome:
    """`user` is set when the citizen is signed in; otherwise `existing` is the account with
    the same address, which they must prove is theirs before the link is made."""

    user: User | None = None
    created: bool = False
    existing: User | None = None


def sign_in(claims: Claims) -> Outcome:
    """A citizen came back from a provider, not logged in here."""
    identity = identity_for(claims.provider, claims.subject)
    if identity is not None:
        return Outcome(user=_touch(identity))
    if not claims.email:
        raise SignInError(
            str(
                _l(
                    "The sign-in service did not give us your e-mail address. Register with your "
                    "e-mail address first; then you can link this service on your account page."
                )
            )
        )
    if not claims.email_verified:
        raise SignInError(
            str(
                _l(
                    "The sign-in service has not confirmed your e-mail address, so we cannot use "
                    "it to make or find your account. Confirm your address there first, or "
                    "register here with your e-mail address."
                )
            )
        )
    existing = accounts.get_by_email(claims.email)
    if existing is not None:
        return Outcome(existing=existing)
    user = accounts.create_external_user(claims.email, claims.name, locale=str(get_locale()))
    _link(user, claims)
    user.last_login_at = utcnow()
    return Outcome(user=user, created=True)


def _link(user: User, claims: Claims) -> OidcIdentity:
    identity = OidcIdentity(
        user_id=user.id,
        provider=claims.provider,
        subject=claims.subject,
        email=claims.email,
        last_used_at=utcnow(),
    )
    db.session.add(identity)
    db.session.flush()
    return identity


def link(user: User, claims: Claims) -> OidcIdentity:
    """Link a provider to a logged-in account: one link per provider per account, and a
    provider's subject belongs to one account only."""
    identity = identity_for(claims.provider, claims.subject)
    if identity is not None:
        if identity.user_id == user.id:
            return identity
        raise SignInError(
            str(
                _l("This account of the sign-in service is already linked to another account here.")
            )
        )
    if any(i.provider == claims.provider for i in identities_of(user)):
        raise SignInError(
            str(_l("Your account is already linked to another account of this sign-in service."))
        )
    return _link(user, claims)


def link_with_password(claims: Claims, existing: User, password: str) -> User:
    """The citizen proves the existing account is theirs with its password. An account that
    never confirmed its address cannot be claimed this way."""
    if not existing.is_verified:
        raise SignInError(str(_l("Confirm by e-mail: this account's address was never confirmed.")))
    if accounts.authenticate(existing.email, password) is None:
        raise SignInError(str(_l("The password is not correct.")))
    link(existing, claims)
    return existing


def send_link_confirmation(claims: Claims, existing: User) -> None:
    """Mail the account's address a link that links the provider when opened."""
    token = make_token(
        "oidc-link",
        {"uid": existing.id, "email": existing.email, **claims.as_dict()},
    )
    settings = provider(claims.provider) or {}
    send_email(
        existing.email,
        _l("Confirm that you sign in with %(provider)s", provider=settings.get("label", "")),
        "oidc_link",
        locale=existing.locale,
        user=existing,
        provider_label=settings.get("label", claims.provider),
        link=external_url("oidc.confirm_link", token=token),
        hours=LINK_TOKEN_MAX_AGE // 3600,
    )


def confirm_link(token: str) -> User:
    """Open the mailed link: it proves the mailbox, so the provider is linked, the address
    counts as confirmed, and a password chosen before the address was confirmed stops working."""
    try:
        data = read_token("oidc-link", token, LINK_TOKEN_MAX_AGE)
    except TokenExpired as exc:
        raise SignInError(
            str(_l("This link has expired. Sign in again to get a new one."))
        ) from exc
    except TokenInvalid as exc:
        raise SignInError(str(_l("This link is not valid."))) from exc
    user = db.session.get(User, data.get("uid"))
    if user is None or not hmac.compare_digest(user.email, str(data.get("email", ""))):
        raise SignInError(str(_l("This link is not valid.")))
    claims = Claims(
        provider=str(data.get("provider")),
        subject=str(data.get("subject")),
        email=str(data.get("email")),
        email_verified=True,
        name=str(data.get("name", "")),
    )
    link(user, claims)
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        if user.has_password:
            accounts.remove_password(user)
    user.last_login_at = utcnow()
    return user


def ways_in(user: User) -> int:
    count = db.session.scalar(
        select(func.count()).select_from(OidcIdentity).where(OidcIdentity.user_id == user.id)
    )
    return (count or 0) + (1 if user.has_password else 0)


def unlink(user: User, provider_name: str) -> None:
    """Remove a link, unless it is the account's last way in."""
    identity = db.session.scalar(
        select(OidcIdentity).where(
            OidcIdentity.user_id == user.id, OidcIdentity.provider == provider_name
        )
    )
    if identity is None:
        return
    if ways_in(user) <= 1:
        raise SignInError(
            str(
                _l(
                    "This is the only way into your account. Choose a password first, then you "
                    "can remove this link."
                )
            )
        )
    db.session.delete(identity)
    db.session.flush()


def configured() -> list[dict[str, Any]]:
    from participate.oidc.client import providers

    return list(providers().values())


def log_failure(provider_name: str, reason: str) -> None:
    current_app.logger.info("sign-in with %s refused: %s", provider_name, reason)
