"""`participate notifications ...`: what cron runs (phases hourly, digest weekly, retry
now and then) and the RQ worker."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select


@click.group("notifications")
def notifications() -> None:
    """E-mail notifications: digests, phase news, retries, the queue's worker."""


@notifications.command("digest")
@with_appcontext
def digest_command() -> None:
    """Send the weekly digests (run weekly from cron)."""
    from participate.db import db
    from participate.notifications import queue
    from participate.notifications.digest import send_digests

    sent = send_digests()
    db.session.commit()
    queue.flush()
    click.echo(f"{sent} digest(s) sent.")


@notifications.command("phases")
@with_appcontext
def phases_command() -> None:
    """Tell followers about consultations that entered a new phase (run hourly)."""
    from participate.db import db
    from participate.notifications import queue
    from participate.notifications.news import announce_phases

    announced = announce_phases()
    db.session.commit()
    queue.flush()
    click.echo(f"{announced} consultation(s) with a new phase announced.")


@notifications.command("retry")
@with_appcontext
def retry_command() -> None:
    """Send again the notifications that failed, or that still wait after 10 minutes (the
    queue normally sends them within seconds; younger ones may be on their way)."""
    from datetime import timedelta

    from sqlalchemy import or_

    from participate.db import db, utcnow
    from participate.notifications import queue
    from participate.notifications.models import Notification, Status

    stale = utcnow() - timedelta(minutes=10)
    ids = list(
        db.session.scalars(
            select(Notification.id).where(
                or_(
                    Notification.status == Status.FAILED,
                    (Notification.status == Status.PENDING) & (Notification.created_at < stale),
                )
            )
        )
    )
    for notification_id in ids:
        notification = db.session.get(Notification, notification_id)
        if notification is not None and notification.status == Status.FAILED:
            notification.attempts = 0
            notification.status = Status.PENDING
    db.session.commit()
    queue._dispatch(ids)
    click.echo(f"{len(ids)} notification(s) sent again.")


@notifications.command("worker")
@with_appcontext
def worker_command() -> None:
    """Run an RQ worker for the mail queue (needs REDIS_URL)."""
    from redis import Redis
    from rq import Worker

    from participate.notifications import queue

    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: mail is sent in-process instead.")
    queue._worker_app = current_app._get_current_object()
    Worker([queue.QUEUE_NAME], connection=Redis.from_url(url)).work()
