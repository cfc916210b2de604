"""Notifications: e-mails when something happens to what a citizen wrote or follows, follow
and unfollow, per-kind settings and one-click unsubscribe, a weekly digest, the
municipality's news on a consultation, and site-wide announcements. Mail goes out through a
job queue (RQ on Redis, or in-process after the response)."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, template_folder="templates")

from participate.notifications import views  # noqa: E402, F401
