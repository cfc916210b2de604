"""Outgoing e-mail: HTML and plain text, in the recipient's language, with the municipality's
name. Sent over SMTP when MAIL_SERVER is set; otherwise written to the log. With MAIL_CAPTURE
(the test suite) every message is also kept in `outbox()`."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger("participate.mail")


@dataclass
class SentMail:
    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def outbox() -> list[SentMail]:
    return current_app.extensions.setdefault("participate.outbox", [])


def send_email(
    to: str,
    subject: str,
    template: str,
    locale: str | None = None,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> SentMail:
    """Render `email/<template>.txt` and `.html` in `locale` and send them to `to`.

    `subject` is a lazy or plain string evaluated inside the recipient's locale."""
    mail = render_email(to, subject, template, locale, headers, **context)
    deliver(mail)
    return mail


def render_email(
    to: str,
    subject: str,
    template: str,
    locale: str | None = None,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> SentMail:
    """The mail as `send_email` would send it, rendered in `locale` but not sent (the
    notifications queue sends it later)."""
    from participate.site.services import get_settings

    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        context.update(site=get_settings(), subject=str(subject), current_locale=locale)
        text = render_template(f"email/{template}.txt", **context)
        html = render_template(f"email/{template}.html", **context)
        subject_text = str(subject)
    return SentMail(to=to, subject=subject_text, text=text, html=html, headers=headers or {})


def deliver(mail: SentMail) -> None:
    """Send a rendered mail over SMTP (or write it to the log without MAIL_SERVER)."""
    from participate.site.services import get_settings

    if current_app.config.get("MAIL_CAPTURE"):
        outbox().append(mail)
    if current_app.config["MAIL_SERVER"]:
        _send_smtp(mail, get_settings().municipality_name)
    else:
        log.info(
            "E-mail (not sent, MAIL_SERVER unset) to %s: %s\n%s", mail.to, mail.subject, mail.text
        )


def _send_smtp(mail: SentMail, sender_name: str) -> None:
    cfg = current_app.config
    msg = EmailMessage()
    msg["Subject"] = mail.subject
    msg["From"] = formataddr((sender_name, cfg["MAIL_DEFAULT_SENDER"]))
    msg["To"] = mail.to
    msg["Message-ID"] = make_msgid(domain=cfg["MAIL_DEFAULT_SENDER"].rpartition("@")[2] or None)
    for name, value in mail.headers.items():
        msg[name] = value
    msg.set_content(mail.text)
    msg.add_alternative(mail.html, subtype="html")

    context = ssl.create_default_context()
    if cfg["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            cfg["MAIL_SERVER"], cfg["MAIL_PORT"], context=context, timeout=20
        )
    else:
        smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=20)
    with smtp:
        if cfg["MAIL_USE_TLS"] and not cfg["MAIL_USE_SSL"]:
            smtp.starttls(context=context)
        if cfg["MAIL_USERNAME"]:
            smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        smtp.send_message(msg)
