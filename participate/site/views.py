from __future__ import annotations

import hashlib

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from participate.auth.permissions import require
from participate.forms import add_error, render_form
from participate.site import bp
from participate.site.forms import SiteSettingsForm
from participate.site.services import SettingsError, get_settings, update_settings


def _cached(body: bytes, mimetype: str) -> Response:
    etag = hashlib.sha256(body).hexdigest()[:32]
    response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = 86400 if request.args.get("v") else 300
    return response.make_conditional(request)


@bp.get("/site/theme.css")
def theme_css():
    settings = get_settings()
    css = f":root {{ --primary: {settings.primary_colour}; --primary-contrast: #ffffff; }}\n"
    return _cached(css.encode(), "text/css")


@bp.get("/site/logo.png")
def logo():
    settings = get_settings()
    if not settings.logo_png:
        abort(404)
    return _cached(settings.logo_png, "image/png")


@bp.route("/admin/settings", methods=["GET", "POST"])
@require("site.manage")
def edit_settings():
    settings = get_settings()
    form = SiteSettingsForm(obj=settings if request.method == "GET" else None)
    if request.method == "GET":
        for entry, link in zip(form.footer_links.entries, settings.footer_links, strict=False):
            entry.form.label.data, entry.form.url.data = link.label, link.url
    if form.validate_on_submit():
        upload = form.logo.data
        try:
            update_settings(
                municipality_name=form.municipality_name.data,
                tagline=form.tagline.data or "",
                primary_colour=form.primary_colour.data,
                contact_email=form.contact_email.data or "",
                logo_alt=form.logo_alt.data or "",
                logo=upload.read() if upload else None,
                remove_logo=form.remove_logo.data,
                footer_links=[
                    (e.form.label.data or "", e.form.url.data or "") for e in form.footer_links
                ],
                privacy_md=form.privacy_md.data or "",
            )
        except SettingsError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("The settings are saved."), "success")
            return redirect(url_for("site.edit_settings"), code=303)
    return render_form("site/settings.html", form, settings=settings)
