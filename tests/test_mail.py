"""E-mail goes out over SMTP when MAIL_SERVER is set (a real SMTP server on loopback here),
as HTML and plain text, in the recipient's language and with the municipality's name."""

import socket
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from participate.mail import send_email


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def test_mail_is_sent_over_smtp_as_html_and_text(app, outbox, smtp_server, monkeypatch, make_user):
    controller, handler = smtp_server
    port = controller.port
    for key, value in {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_DEFAULT_SENDER": "noreply@lindeveld.example",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    user = make_user(locale="fr")
    with app.test_request_context():
        send_email(user.email, "Sujet", "password_changed", locale="fr", user=user)

    assert len(handler.messages) == 1
    envelope = handler.messages[0]
    assert envelope.rcpt_tos == [user.email]
    message = message_from_bytes(envelope.content, policy=default)
    assert message["Subject"] == "Sujet"
    assert "noreply@lindeveld.example" in message["From"]
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
    text = message.get_body(("plain",)).get_content()
    assert "mot de passe" in text  # rendered in the recipient's language
    assert len(outbox) == 1  # the test suite also keeps a copy


def test_without_mail_server_mail_is_logged_not_sent(app, outbox, make_user, caplog):
    user = make_user()
    with app.test_request_context(), caplog.at_level("INFO", logger="participate.mail"):
        send_email(user.email, "Onderwerp", "password_changed", user=user)
    assert "MAIL_SERVER unset" in caplog.text and user.email in caplog.text
    assert len(outbox) == 1
