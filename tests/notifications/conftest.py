"""Notifications arrive at a real SMTP server on loopback (aiosmtpd); the tests read them as
a mail program would."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from tests.factories import make_consultation, make_idea, request_ctx  # noqa: F401


class Mailbox:
    """What arrived at the loopback SMTP server."""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        found = []
        for envelope in self.envelopes:
            if to is None or to in envelope.rcpt_tos:
                found.append(message_from_bytes(envelope.content, policy=default))
        return found

    def one(self, to: str) -> EmailMessage:
        messages = self.messages(to)
        assert len(messages) == 1, [m["Subject"] for m in messages]
        return messages[0]

    def clear(self) -> None:
        self.envelopes.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


@pytest.fixture
def mailbox(app, outbox, monkeypatch) -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1; the app sends its mail there for this test."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    for key, value in {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": controller.port,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_DEFAULT_SENDER": "noreply@lindeveld.example",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    try:
        yield box
    finally:
        controller.stop()


@pytest.fixture
def send(client):
    """`send(response)`: the response goes out as a server sends it, closing it, which is
    when the mails queued in-process are sent. Returns the response."""

    def close(response):
        response.close()
        return response

    return close


@pytest.fixture(autouse=True)
def _english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"
