"""Sending goes through a queue: in-process after the response (no REDIS_URL), or RQ on
Redis. Failures are retried and recorded; `notifications retry` sends them again."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from flask import Response
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participate.db import db
from participate.notifications import queue
from participate.notifications.models import Notification, Status
from participate.notifications.services import notify
from tests.notifications.conftest import free_port, text_of


def _notify(app, user, **context):
    with app.test_request_context():
        notification = notify(
            user, "my_idea", _l("Your idea was approved"), "notify_test", **context
        )
        db.session.commit()
        return notification.id if notification else None


@pytest.fixture(autouse=True)
def _test_template(app, monkeypatch):
    """A mail template such as another package (moderation) brings along."""
    from jinja2 import ChoiceLoader, DictLoader

    templates = {
        "email/notify_test.txt": "{{ _('Hello %(name)s,', name=user.display_name) }} {{ note }}\n{% include 'email/_notify_footer.txt' %}",
        "email/notify_test.html": "{% extends 'email/base.html' %}{% block body %}<p>{{ note }}</p>{% include 'email/_notify_footer.html' %}{% endblock %}",
    }
    monkeypatch.setattr(
        app, "jinja_loader", ChoiceLoader([DictLoader(templates), app.jinja_loader])
    )


def test_the_public_notify_function_for_other_packages(app, make_user, mailbox):
    user = make_user(email="burger@example.com", locale="nl")
    with app.test_request_context():
        notify(user, "my_idea", _l("Your idea was approved"), "notify_test", note="Goedgekeurd!")
        db.session.commit()
        assert mailbox.envelopes == []  # queued, not sent while the request runs
        response = app.process_response(Response("ok"))
    response.close()  # the server has sent the response
    mail = mailbox.one("burger@example.com")
    assert mail["Subject"] == "Your idea was approved"  # a test's text: no translation
    assert "Goedgekeurd!" in text_of(mail) and "Hallo" in text_of(mail)
    assert mail["List-Unsubscribe"] and mail["List-Unsubscribe-Post"]
    with app.app_context():
        [row] = db.session.scalars(select(Notification)).all()
        assert (row.status, row.attempts) == (Status.SENT, 1)


def test_a_failing_mail_server_is_retried_then_recorded(app, make_user, outbox, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", False)
    user = make_user()
    notification_id = _notify(app, user, note="x")
    with app.app_context():
        queue._dispatch([notification_id])
        row = db.session.get(Notification, notification_id)
        assert row.status == Status.FAILED
        assert row.attempts == queue.MAX_ATTEMPTS
        assert "Connection refused" in row.last_error or "Errno" in row.last_error


def test_retry_sends_the_failed_ones_again(app, make_user, mailbox, monkeypatch):
    user = make_user(email="later@example.com")
    port = app.config["MAIL_PORT"]
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    notification_id = _notify(app, user, note="eindelijk")
    with app.app_context():
        queue._dispatch([notification_id])
        assert db.session.get(Notification, notification_id).status == Status.FAILED
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    result = app.test_cli_runner().invoke(args=["notifications", "retry"])
    assert result.exit_code == 0, result.output
    assert "eindelijk" in text_of(mailbox.one("later@example.com"))
    with app.app_context():
        assert db.session.get(Notification, notification_id).status == Status.SENT


@pytest.fixture
def redis_url():
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - a fixed local binary, for this test only
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    from redis import Redis

    client = Redis(host="127.0.0.1", port=port)
    for _ in range(200):  # waits for the server to listen, not for a duration of time
        try:
            client.ping()
            break
        except Exception:
            time.sleep(0.02)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        process.terminate()
        process.wait()


def test_with_redis_mail_goes_through_an_rq_job(app, make_user, mailbox, redis_url, monkeypatch):
    from redis import Redis
    from rq import Queue, SimpleWorker

    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    monkeypatch.setattr(queue, "_worker_app", app)
    user = make_user(email="rq@example.com")
    with app.test_request_context():
        notify(user, "my_idea", _l("Your idea was approved"), "notify_test", note="via RQ")
        db.session.commit()
        response = app.process_response(Response("ok"))
    response.close()
    assert mailbox.envelopes == []  # on the queue, waiting for a worker

    connection = Redis.from_url(redis_url)
    rq_queue = Queue(queue.QUEUE_NAME, connection=connection)
    assert rq_queue.count == 1
    SimpleWorker([rq_queue], connection=connection).work(burst=True)
    assert "via RQ" in text_of(mailbox.one("rq@example.com"))
    connection.close()


def test_retry_leaves_young_pending_mail_to_the_queue(app, make_user, mailbox):
    user = make_user(email="jong@example.com")
    notification_id = _notify(app, user, note="net gemaakt")  # queued, its response not sent
    result = app.test_cli_runner().invoke(args=["notifications", "retry"])
    assert result.exit_code == 0 and "0 notification(s)" in result.output
    assert mailbox.envelopes == []
    with app.app_context():
        assert db.session.get(Notification, notification_id).status == Status.PENDING


def test_work_that_will_write_outside_a_request_takes_sqlites_write_lock_first(app, tmp_path):
    """Mail sent after the response records each attempt: begun as a reader, its write would
    fail at once ("database is locked") whenever another request wrote in between."""
    from flask import g
    from sqlalchemy import event, text

    from participate.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'lock.db'}")
    begun: list[str] = []
    event.listen(
        engine,
        "before_cursor_execute",
        lambda conn, cursor, statement, *args: begun.append(statement),
    )
    with app.app_context():
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        g.db_writes = True
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    engine.dispose()
    assert [s for s in begun if s.startswith("BEGIN")] == ["BEGIN", "BEGIN IMMEDIATE"]


def test_delivering_says_it_will_write(app, make_user, outbox):
    from flask import g

    user = make_user()
    notification_id = _notify(app, user, note="x")
    with app.app_context():
        queue.deliver(notification_id)
        assert g.db_writes is True
