"""Rich text, cleaned in one place: Markdown → HTML → bleach allow-list. Templates show it
through the `markdown` filter; nothing else a user wrote is ever marked safe."""

from __future__ import annotations

import html
import re
import threading
from functools import lru_cache

import bleach
import markdown as md
from bleach.linkifier import LinkifyFilter
from markupsafe import Markup

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code"})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _set_rel(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[lambda source: LinkifyFilter(source, callbacks=[_set_rel], skip_tags={"code"})],
)


# Rendering is a pure function of the text, and the costliest part of a list or an idea with
# many comments (about a millisecond each, every view): the results are kept per process, by
# text, so an edited text is simply another key. Bounded, so memory stays flat.
CACHE_SIZE = 4096
_local = threading.local()


def _converter(name: str, **options) -> md.Markdown:
    """One Markdown converter per thread and kind, reused: building one costs as much as a
    conversion (a converter is not safe to share between threads)."""
    converter = getattr(_local, name, None)
    if converter is None:
        converter = md.Markdown(**options)
        setattr(_local, name, converter)
    return converter.reset()


@lru_cache(maxsize=CACHE_SIZE)
def _render(text: str) -> str:
    converter = _converter("rich", extensions=["sane_lists", "nl2br"], output_format="html")
    return _cleaner.clean(converter.convert(text))


def render_markdown(text: str) -> str:
    """Sanitised HTML for Markdown a person wrote (raw HTML in it is stripped, not trusted)."""
    return _render(text or "")


def markdown_filter(text: str | None) -> Markup:
    return Markup(render_markdown(text or ""))  # noqa: S704 - cleaned by the allow-list above


_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(text: str | None) -> str:
    """Markdown as plain text (for previews, descriptions and search snippets)."""
    return _plain(text or "")


@lru_cache(maxsize=CACHE_SIZE)
def _plain(text: str) -> str:
    # Every tag out, then characters, not entities: this is text, never marked safe, and the
    # template that shows it escapes it (once). (bleach.clean between the two changed nothing
    # here, on 3 000 generated ideas and the tricky inputs of tests/test_text.py, and cost
    # half the time: a list page of ideas the cache had not seen spent 40 % in it.)
    rendered = _converter("plain").convert(text)
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", rendered))).strip()


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and add an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():  # the cut fell inside a word: drop that word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-") + "…"
