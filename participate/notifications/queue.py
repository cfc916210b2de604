"""Sending without slowing the page. With REDIS_URL, each notification is a job on an RQ
queue ("participate-mail"; run `rq worker participate-mail --url $REDIS_URL`, or
`participate notifications worker`), retried by RQ with a growing wait. Without it, the
mails of a request go out in-process after its response is sent (from the response's close),
and outside a request (the command line) when `flush()` is called after the commit.

Every attempt is recorded on the Notification: its attempts, its last error, and after the
last retry the status "failed" (`participate notifications retry` sends those again)."""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, has_request_context

from participate.db import db, utcnow

log = logging.getLogger("participate.notifications")

QUEUE_NAME = "participate-mail"
MAX_ATTEMPTS = 3
RETRY_INTERVALS = [60, 300, 1800]  # seconds between RQ's retries


def _rq_queue():
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(current_app.config["REDIS_URL"]))


def enqueue(notification_id: int) -> None:
    """Queue one notification; it is sent after the current transaction commits."""
    pending: list[int] = g.setdefault("notifications_pending", []) if _has_g() else []
    pending.append(notification_id)
    if not _has_g():
        _dispatch(pending)


def _has_g() -> bool:
    from flask import has_app_context

    return has_app_context()


def flush() -> None:
    """Dispatch what this context queued (call after committing, outside a request)."""
    pending = g.pop("notifications_pending", [])
    if pending:
        _dispatch(pending)


def _dispatch(ids: list[int]) -> None:
    if current_app.config.get("REDIS_URL"):
        from rq import Retry

        queue = _rq_queue()
        for notification_id in ids:
            queue.enqueue(
                "participate.notifications.queue.rq_job",
                notification_id,
                retry=Retry(max=MAX_ATTEMPTS - 1, interval=RETRY_INTERVALS[: MAX_ATTEMPTS - 1]),
                job_timeout=60,
            )
    else:
        for notification_id in ids:
            for _attempt in range(MAX_ATTEMPTS):
                if deliver(notification_id):
                    break


def deliver(notification_id: int) -> bool:
    """Send one notification now. True when it went out (or needs nothing more)."""
    from participate.mail import SentMail
    from participate.mail import deliver as send
    from participate.notifications.models import Notification, Status

    # It writes what became of the attempt: on SQLite it takes the write lock with its first
    # read (db.py), or it could not write after a request that wrote in between.
    g.db_writes = True
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.status not in (Status.PENDING, Status.FAILED):
        return True
    mail = SentMail(
        to=notification.user.email,
        subject=notification.subject,
        text=notification.body_text,
        html=notification.body_html,
        headers=dict(notification.headers or {}),
    )
    notification.attempts += 1
    try:
        send(mail)
    except Exception as exc:  # any failure of the mail server is recorded, never raised here
        log.warning("notification %s not sent: %r", notification_id, exc)
        notification.last_error = repr(exc)[:2000]
        notification.status = (
            Status.FAILED if notification.attempts >= MAX_ATTEMPTS else Status.PENDING
        )
        db.session.commit()
        return False
    notification.status = Status.SENT
    notification.sent_at = utcnow()
    notification.last_error = ""
    db.session.commit()
    return True


def rq_job(notification_id: int) -> None:
    """The RQ job: raise on failure so that RQ retries it."""
    from participate import create_app

    app = _worker_app or create_app()
    with app.app_context():
        if not deliver(notification_id):
            raise RuntimeError(f"notification {notification_id} not sent")


_worker_app: Flask | None = None


def init_app(app: Flask) -> None:
    """After a successful response has gone out, send what the request queued."""

    @app.after_request
    def _send_after_response(response):
        pending = g.pop("notifications_pending", []) if has_request_context() else []
        if pending and response.status_code < 400:
            real_app = current_app._get_current_object()

            def send() -> None:
                with real_app.app_context():
                    try:
                        _dispatch(pending)
                    except Exception:  # never let a queue problem break the response's close
                        log.exception("could not dispatch notifications %s", pending)

            response.call_on_close(send)
        return response
