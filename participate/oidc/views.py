from __future__ import annotations

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from joserfc.errors import JoseError

from participate.accounts.forms import EmptyForm
from participate.accounts.models import User
from participate.db import db
from participate.extensions import limiter
from participate.forms import add_error, render_form
from participate.oidc import bp, services
from participate.oidc.client import client_for, provider
from participate.oidc.forms import LinkPasswordForm
from participate.urls import external_url, safe_next

INTENT = "oidc_intent"
PENDING = "oidc_pending"


def _limit(name: str):
    return lambda: current_app.config.get(name, "")


def _failed(response) -> bool:
    return response.status_code >= 400


def _refuse(message: str, provider_name: str, reason: str):
    """A refused sign-in: a clear message, status 400 (so the request rolls back), and
    nobody is logged in by it."""
    services.log_failure(provider_name, reason)
    session.pop(PENDING, None)
    return render_template(
        "oidc/failed.html", message=message, provider=provider(provider_name)
    ), 400


@bp.get("/login/with/<name>")
@limiter.limit(_limit("RATELIMIT_WRITE"))
def start(name: str):
    """Send the visitor to the provider (to log in, or to link it to their account).

    A link, not a form: the Content-Security-Policy's form-action 'self' rightly stops a form
    from leading to another site. Starting is harmless; the state Authlib keeps in the
    session is what makes only a flow started here come back in."""
    client = client_for(name)
    if client is None:
        abort(404)
    linking = current_user.is_authenticated
    session[INTENT] = {
        "provider": name,
        "link_user": current_user.id if linking else None,
        "next": safe_next(request.args.get("next")) or "",
    }
    try:
        return client.authorize_redirect(external_url("oidc.callback", name=name))
    except (requests.RequestException, AuthlibBaseError, ValueError) as exc:
        return _refuse(
            _("The sign-in service does not answer. Please try again later."), name, repr(exc)
        )


@bp.get("/login/with/<name>/callback")
@limiter.limit(_limit("RATELIMIT_LOGIN_IP"), deduct_when=_failed)
def callback(name: str):
    client = client_for(name)
    if client is None:
        abort(404)
    intent = session.pop(INTENT, None) or {}
    try:
        token = client.authorize_access_token()
        info = dict(token.get("userinfo") or {})
        if not info.get("email"):
            fetched = dict(client.userinfo(token=token))
            if info.get("sub") and str(fetched.get("sub")) != str(info["sub"]):
                raise JoseError("userinfo subject differs from the ID token's")
            info = {**fetched, **info}
        claims = services.claims_from(name, info)
    except MismatchingStateError:
        return _refuse(
            _(
                "This sign-in was not started on this site, or it was already used. "
                "Nobody is logged in. Please start again."
            ),
            name,
            "state mismatch",
        )
    except JoseError as exc:
        return _refuse(
            _(
                "We could not trust the answer of the sign-in service: it did not match the "
                "request we sent. Nobody is logged in. Please start again."
            ),
            name,
            repr(exc),
        )
    except AuthlibBaseError as exc:
        error = getattr(exc, "error", "")
        if error == "access_denied":
            message = _("You cancelled signing in. Nobody is logged in.")
        elif error == "invalid_grant":
            message = _(
                "The sign-in took too long or was already used. Nobody is logged in. "
                "Please start again."
            )
        else:
            message = _("Signing in did not work. Nobody is logged in. Please start again.")
        return _refuse(message, name, repr(exc))
    except requests.RequestException as exc:
        return _refuse(
            _("The sign-in service does not answer. Please try again later."), name, repr(exc)
        )
    except services.SignInError as err:
        return _refuse(err.message, name, err.message)

    if intent.get("provider") != name:
        return _refuse(
            _("This sign-in was not started on this site. Nobody is logged in."),
            name,
            "no matching intent",
        )
    link_user = intent.get("link_user")
    try:
        if link_user is not None:
            if not current_user.is_authenticated or current_user.id != link_user:
                return _refuse(
                    _("You were logged out meanwhile. Log in and link again."), name, "link user"
                )
            services.link(current_user, claims)
            flash(
                _("You can now log in with %(provider)s.", provider=provider(name)["label"]),
                "success",
            )
            return redirect(url_for("accounts.account"), code=303)
        outcome = services.sign_in(claims)
    except services.SignInError as err:
        return _refuse(err.message, name, err.message)

    if outcome.user is None and outcome.existing is not None:
        session[PENDING] = {"claims": claims.as_dict(), "uid": outcome.existing.id}
        return redirect(url_for("oidc.link_existing"), code=303)
    if outcome.user is None:
        return _refuse(
            _("Signing in did not work. Nobody is logged in. Please start again."),
            name,
            "no outcome",
        )
    login_user(outcome.user)
    if outcome.created:
        flash(
            _(
                "Welcome, %(name)s. Your account is made with your address from %(provider)s.",
                name=outcome.user.display_name,
                provider=provider(name)["label"],
            ),
            "success",
        )
    else:
        flash(_("Welcome, %(name)s.", name=outcome.user.display_name), "success")
    return redirect(intent.get("next") or url_for("core.home"), code=303)


def _pending() -> tuple[services.Claims, User] | None:
    data = session.get(PENDING)
    if not data:
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None:
        return None
    return services.Claims(**data["claims"]), user


@bp.route("/login/link-account", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_LOGIN_IP"), methods=["POST"], deduct_when=_failed)
def link_existing():
    """An account with the provider's address exists: prove it is yours to link it."""
    pending = _pending()
    if pending is None:
        flash(_("Start signing in again."), "info")
        return redirect(url_for("accounts.login"), code=303)
    claims, existing = pending
    form = LinkPasswordForm()
    if existing.is_verified and existing.has_password and form.validate_on_submit():
        try:
            user = services.link_with_password(claims, existing, form.password.data)
        except services.SignInError as err:
            add_error(form, err.message, "password")
        else:
            session.pop(PENDING, None)
            login_user(user)
            flash(
                _(
                    "Your account is linked: from now on you can log in with %(provider)s.",
                    provider=provider(claims.provider)["label"],
                ),
                "success",
            )
            return redirect(url_for("core.home"), code=303)
    return render_form(
        "oidc/link_existing.html",
        form,
        claims=claims,
        existing=existing,
        provider=provider(claims.provider),
        mail_form=EmptyForm(formdata=None),
    )


@bp.post("/login/link-account/mail")
@limiter.limit(_limit("RATELIMIT_MAIL"))
def send_link_mail():
    pending = _pending()
    if pending is None or not EmptyForm().validate_on_submit():
        return redirect(url_for("accounts.login"), code=303)
    claims, existing = pending
    services.send_link_confirmation(claims, existing)
    session.pop(PENDING, None)
    return render_template("oidc/link_mail_sent.html", provider=provider(claims.provider))


@bp.get("/login/link-account/<token>")
def confirm_link(token: str):
    try:
        user = services.confirm_link(token)
    except services.SignInError as err:
        return render_template("oidc/failed.html", message=err.message, provider=None), 400
    login_user(user)
    flash(_("Your account is linked and you are logged in."), "success")
    return redirect(url_for("accounts.account"), code=303)


@bp.post("/account/sign-in/<name>/unlink")
@limiter.limit(_limit("RATELIMIT_WRITE"))
def unlink(name: str):
    if not current_user.is_authenticated:
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.unlink(current_user, name)
    except services.SignInError as err:
        flash(err.message, "error")
        return redirect(url_for("accounts.account"), code=303)
    label = (provider(name) or {}).get("label", name)
    flash(_("The link with %(provider)s is removed.", provider=label), "success")
    return redirect(url_for("accounts.account"), code=303)


@bp.app_context_processor
def _sign_in_providers():
    from participate.oidc.client import providers

    def provider_label(name: str) -> str:
        return (provider(name) or {}).get("label", name)

    return {
        "sign_in_providers": list(providers().values()),
        "oidc_identities": services.identities_of,
        "provider_label": provider_label,
    }
