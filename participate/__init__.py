"""Participate: a citizen participation platform for municipalities."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cached_property
from typing import Any

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

from participate.config import load_config


class Participate(Flask):
    """The app's Flask. Flask asks, for every hook and view on every request, whether it is a
    coroutine (a tenth of a vote's Python); the answer is kept per function (a function's
    nature does not change, and the functions a request runs are the ones registered)."""

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        known = self._synchronous.get(func)
        if known is None:
            known = super().ensure_sync(func)
            if len(self._synchronous) < 10_000:
                self._synchronous[func] = known
        return known

    @cached_property
    def _synchronous(self) -> dict[Callable[..., Any], Callable[..., Any]]:
        return {}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Participate(__name__, instance_relative_config=True)
    app.config.update(load_config(app.instance_path))
    if config:
        app.config.update(config)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)

    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    _init_extensions(app)
    _register_blueprints(app)
    _init_request_cycle(app)
    if app.config.get("BENCH_BASELINE"):
        from participate.core.views import bench_baseline

        # The benchmark's yardstick (bench/): exists only when BENCH_BASELINE=1 is set.
        app.add_url_rule("/_bench/baseline", "bench_baseline", bench_baseline)

    from participate import cli, errors, security, templating
    from participate.notifications import queue as notifications_queue

    security.init_app(app)
    errors.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    notifications_queue.init_app(app)
    return app


def _init_extensions(app: Flask) -> None:
    from participate.extensions import babel, csrf, db, limiter, login_manager
    from participate.i18n import select_locale

    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    from flask_login import user_loaded_from_cookie, user_logged_in

    from participate.accounts.services import load_user_from_session_id
    from participate.i18n import keep_account_language

    login_manager.user_loader(load_user_from_session_id)
    user_logged_in.connect(keep_account_language, app)
    user_loaded_from_cookie.connect(keep_account_language, app)

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to see this page.")


def _register_blueprints(app: Flask) -> None:
    from participate.accounts import bp as accounts_bp
    from participate.api import bp as api_bp
    from participate.audit import bp as audit_bp
    from participate.consultations import bp as consultations_bp
    from participate.core import bp as core_bp
    from participate.ideas import bp as ideas_bp
    from participate.images import bp as images_bp
    from participate.moderation.views import bp as moderation_bp
    from participate.notifications import bp as notifications_bp
    from participate.oidc import bp as oidc_bp
    from participate.results import bp as results_bp
    from participate.selftest import bp as selftest_bp
    from participate.share import bp as share_bp
    from participate.site import bp as site_bp
    from participate.userdata import bp as userdata_bp

    for blueprint in (
        core_bp,
        accounts_bp,
        site_bp,
        images_bp,
        consultations_bp,
        ideas_bp,
        moderation_bp,
        selftest_bp,
        audit_bp,
        share_bp,
        oidc_bp,
        userdata_bp,
        notifications_bp,
        api_bp,
        results_bp,
    ):
        app.register_blueprint(blueprint)


def _init_request_cycle(app: Flask) -> None:
    """One commit per request: services only flush; a successful response commits the
    request's work, anything else rolls it back (Indico's way)."""
    from participate.extensions import db

    @app.after_request
    def _commit(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
