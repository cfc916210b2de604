from __future__ import annotations

import json

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from participate.auth.permissions import require
from participate.extensions import limiter
from participate.forms import add_error, render_form
from participate.site.services import get_settings
from participate.userdata import bp, services
from participate.userdata.forms import DeleteAccountForm


def _limit(name: str):
    return lambda: current_app.config.get(name, "")


@bp.get("/privacy")
def privacy():
    return render_template("userdata/privacy.html", statement=get_settings().privacy_md)


@bp.get("/account/data")
@require("account.manage")
@limiter.limit(_limit("RATELIMIT_WRITE"))
def download():
    """Everything we hold about the citizen, as a JSON file."""
    body = json.dumps(services.export_user(current_user), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@require("account.manage")
@limiter.limit(_limit("RATELIMIT_LOGIN_IP"), methods=["POST"])
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(
                current_user._get_current_object(),
                password=form.password.data,
                confirmed=form.confirm.data,
            )
        except services.DeletionError as err:
            add_error(form, err.message, err.field)
        else:
            logout_user()
            flash(_("Your account and your personal data are deleted. Goodbye!"), "success")
            return redirect(url_for("core.home"), code=303)
    return render_form("userdata/delete.html", form)
