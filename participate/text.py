"""Rich text, cleaned in one place: Markdown → HTML → bleach allow-list. Templates show it
through the `markdown` filter; nothing else a user wrote is ever marked safe."""

from __future__ import annotations

import html
import re

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


def render_markdown(text: str) -> str:
    """Sanitised HTML for Markdown a person wrote (raw HTML in it is stripped, not trusted)."""
    rendered = md.markdown(text or "", extensions=["sane_lists", "nl2br"], output_format="html")
    return _cleaner.clean(rendered)


def markdown_filter(text: str | None) -> Markup:
    return Markup(render_markdown(text or ""))  # noqa: S704 - cleaned by the allow-list above


_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(text: str | None) -> str:
    """Markdown as plain text (for previews, descriptions and search snippets)."""
    rendered = md.markdown(text or "")
    cleaned = bleach.clean(_TAGS.sub(" ", rendered), tags=set(), strip=True)
    # Characters, not entities: the template that shows this text escapes it (once).
    return _SPACE.sub(" ", html.unescape(cleaned)).strip()


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and add an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():  # the cut fell inside a word: drop that word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-") + "…"
