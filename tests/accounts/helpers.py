"""Reading what the accounts pages and e-mails show, the way a visitor would."""

from __future__ import annotations

import html
import re

from participate.mail import SentMail

BASE_URL = "http://participate.test"


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def inline_error(page: str, field_id: str) -> str:
    """The error shown next to a field, after checking that the field is marked invalid and
    points at it (aria-invalid, aria-describedby). Fails if the field has no error."""
    error = re.search(
        rf'<p class="error-message" id="{field_id}-error">(.*?)</p>', page, flags=re.S
    )
    assert error, f"no inline error for {field_id!r}"
    control = re.search(rf'<(?:input|textarea|select)\b[^>]*\bid="{field_id}"[^>]*>', page)
    assert control, f"no form control with id {field_id!r}"
    assert 'aria-invalid="true"' in control.group(0)
    assert f"{field_id}-error" in control.group(0)  # aria-describedby names the error
    return _text(error.group(1)).removeprefix("Error:").strip()


def has_inline_error(page: str, field_id: str) -> bool:
    return f'id="{field_id}-error"' in page


def page_message(page: str) -> str:
    """The alert on a page such as "this link does not work"."""
    alert = re.search(r'<div class="flash flash-error" role="alert">(.*?)</div>', page, re.S)
    assert alert, "no error message on the page"
    return _text(alert.group(1))


def link_in(mail: SentMail) -> str:
    """The path of the one link to this site in a mail's plain text (also in its HTML)."""
    links = re.findall(rf"{re.escape(BASE_URL)}(/\S+)", mail.text)
    assert len(links) == 1, links
    assert f"{BASE_URL}{links[0]}" in mail.html
    return links[0]


def set_cookie_header(response, name: str) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return header
    return None
