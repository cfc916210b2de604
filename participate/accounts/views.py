from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE_NAME
from werkzeug import Response

from participate.accounts import bp, services
from participate.accounts.forms import (
    ChangePasswordForm,
    DisplayNameForm,
    EmptyForm,
    ForgotPasswordForm,
    LoginForm,
    PostcodeForm,
    RegisterForm,
    ResetPasswordForm,
)
from participate.auth.permissions import require
from participate.extensions import limiter
from participate.forms import add_error, render_form
from participate.urls import safe_next


def _failed(response: Response) -> bool:
    return response.status_code == 422


def _submitted_email() -> str:
    return "login:" + services.normalise_email(request.form.get("email", ""))[:254]


def _limit(name: str):
    return lambda: current_app.config.get(name, "")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_REGISTER"), methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            services.register(
                form.email.data, form.display_name.data, form.password.data, form.postcode.data
            )
        except services.AccountError as err:
            add_error(form, err.message, err.field)
        else:
            return redirect(url_for("accounts.registered"), code=303)
    return render_form("accounts/register.html", form)


@bp.get("/register/check-your-email")
def registered():
    return render_template("accounts/registered.html")


@bp.get("/verify/<token>")
def verify_email(token: str):
    try:
        user = services.verify_email(token)
    except services.AccountError as err:
        return render_template("accounts/verify_failed.html", message=err.message), 400
    flash(_("Thank you, your e-mail address is confirmed."), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(url_for("accounts.account"), code=303)
    flash(_("You can log in now."), "info")
    return redirect(url_for("accounts.login"), code=303)


@bp.post("/verify/resend")
@login_required
@limiter.limit(_limit("RATELIMIT_MAIL"))
def resend_verification():
    if EmptyForm().validate_on_submit() and not current_user.is_verified:
        services.send_verification_email(current_user)
        flash(_("We sent you a new confirmation link."), "success")
    return redirect(url_for("accounts.account"), code=303)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_LOGIN_IP"), methods=["POST"], deduct_when=_failed)
@limiter.limit(
    _limit("RATELIMIT_LOGIN_ACCOUNT"),
    key_func=_submitted_email,
    methods=["POST"],
    deduct_when=_failed,
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            add_error(form, _("The e-mail address or password is not correct."))
        else:
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(form.next.data) or url_for("core.home"), code=303)
    return render_form("accounts/login.html", form)


@bp.post("/logout")
def logout():
    if EmptyForm().validate_on_submit():
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("core.home"), code=303)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_MAIL"), methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        # The same answer whether or not the address has an account.
        return render_template("accounts/forgot_sent.html")
    return render_form("accounts/forgot_password.html", form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_limit("RATELIMIT_LOGIN_IP"), methods=["POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except services.AccountError as err:
        return render_template("accounts/verify_failed.html", message=err.message), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.reset_password(token, form.password.data)
        except services.AccountError as err:
            add_error(form, err.message, "password")
        else:
            logout_user()
            login_user(user)
            flash(_("Your new password is set and you are logged in."), "success")
            return redirect(url_for("accounts.account"), code=303)
    return render_form("accounts/reset_password.html", form)


@bp.get("/account")
@require("account.manage")
def account():
    return render_template(
        "accounts/account.html",
        name_form=DisplayNameForm(display_name=current_user.display_name),
        postcode_form=PostcodeForm(postcode=current_user.postcode),
        password_form=ChangePasswordForm(),
        resend_form=EmptyForm(),
    )


@bp.post("/account/name")
@require("account.manage")
@limiter.limit(_limit("RATELIMIT_WRITE"))
def change_name():
    form = DisplayNameForm()
    if form.validate_on_submit():
        services.change_display_name(current_user, form.display_name.data)
        flash(_("Your display name is changed."), "success")
        return redirect(url_for("accounts.account"), code=303)
    return _account_with_errors(name_form=form)


@bp.post("/account/postcode")
@require("account.manage")
@limiter.limit(_limit("RATELIMIT_WRITE"))
def change_postcode():
    form = PostcodeForm()
    if form.validate_on_submit():
        try:
            services.change_postcode(current_user, form.postcode.data)
        except services.AccountError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("Your postcode is saved."), "success")
            return redirect(url_for("accounts.account"), code=303)
    return _account_with_errors(postcode_form=form)


@bp.post("/account/password")
@require("account.manage")
@limiter.limit(_limit("RATELIMIT_LOGIN_IP"), deduct_when=_failed)
def change_password():
    form = ChangePasswordForm()
    if not current_user.has_password:
        # An account made by signing in elsewhere chooses its first password.
        del form.current_password
    if form.validate_on_submit():
        try:
            if current_user.has_password:
                services.change_password(
                    current_user, form.current_password.data, form.new_password.data
                )
            else:
                services.set_first_password(current_user, form.new_password.data)
        except services.AccountError as err:
            add_error(form, err.message, err.field)
        else:
            # The session token rotated: log in again here so only this session survives,
            # renewing this device's remember-me cookie if it had one (else it would die too).
            cookie = current_app.config.get("REMEMBER_COOKIE_NAME", REMEMBER_COOKIE_NAME)
            login_user(current_user._get_current_object(), remember=cookie in request.cookies)
            flash(
                _("Your password is changed. You were logged out on your other devices."), "success"
            )
            return redirect(url_for("accounts.account"), code=303)
    return _account_with_errors(password_form=form)


def _account_with_errors(**forms):
    context = {
        "name_form": DisplayNameForm(formdata=None, display_name=current_user.display_name),
        "postcode_form": PostcodeForm(formdata=None, postcode=current_user.postcode),
        "password_form": ChangePasswordForm(formdata=None),
        "resend_form": EmptyForm(formdata=None),
    }
    context.update(forms)
    return render_template("accounts/account.html", **context), 422
