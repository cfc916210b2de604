"""Markdown that people write is rendered through one allow-list (participate/text.py)."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from participate.text import LINK_REL, markdown_filter, plain_text, render_markdown, shorten


def test_script_tags_are_stripped():
    html = render_markdown("Hallo <script>alert('x')</script> wereld")

    assert "<script" not in html
    assert "Hallo" in html and "wereld" in html


@pytest.mark.parametrize(
    "markdown",
    [
        '<p onmouseover="steal()">tekst</p>',
        '<a href="https://example.com" onclick="steal()">link</a>',
        '<img src="x.png" onerror="steal()">',
        '<strong onfocus="steal()">vet</strong>',
    ],
)
def test_event_handler_attributes_are_stripped(markdown):
    html = render_markdown(markdown)

    assert "steal" not in html
    assert "on" + "mouseover" not in html and "onclick" not in html and "onerror" not in html


@pytest.mark.parametrize(
    "markdown",
    [
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        '<a href="javascript:alert(1)">klik</a>',
        "[klik](data:text/html;base64,PHNjcmlwdD4=)",
        "[klik](vbscript:msgbox(1))",
    ],
)
def test_javascript_and_other_unsafe_links_lose_their_address(markdown):
    html = render_markdown(markdown)

    assert "href" not in html
    assert "javascript" not in html.lower() and "data:" not in html
    assert "klik" in html


@pytest.mark.parametrize(
    "markdown",
    [
        "![foto](javascript:alert(1))",
        "![foto](https://tracker.example.com/pixel.png)",
        '<img src="https://example.com/a.png" alt="foto">',
    ],
)
def test_images_are_stripped(markdown):
    assert "<img" not in render_markdown(markdown)


@pytest.mark.parametrize(
    "markdown",
    [
        "[de site](https://example.com)",
        "Zie https://example.com/plan voor details",
        '<a href="https://example.com" rel="follow">de site</a>',
        '<a href="https://example.com" rel="">de site</a>',
    ],
)
def test_links_get_rel_nofollow_ugc_noopener(markdown):
    html = render_markdown(markdown)

    assert 'href="https://example.com' in html
    assert f'rel="{LINK_REL}"' in html
    assert LINK_REL == "nofollow ugc noopener"
    assert html.count("rel=") == 1


def test_allowed_tags_are_kept():
    html = render_markdown(
        "**vet** en *schuin* en `code`\n\n- een\n- twee\n\n1. eerste\n\n> citaat\n\n"
        '[link](https://example.com "titel")'
    )

    for tag in (
        "<strong>vet</strong>",
        "<em>schuin</em>",
        "<code>code</code>",
        "<ul>",
        "<li>een</li>",
        "<ol>",
        "<blockquote>",
        "<p>",
        'title="titel"',
    ):
        assert tag in html


def test_line_breaks_are_kept():
    assert "<br" in render_markdown("regel een\nregel twee")


@pytest.mark.parametrize(
    "markdown",
    [
        "<iframe src='https://example.com'></iframe>",
        "<style>body { display: none }</style>",
        "<form action='/x'><input name='a'></form>",
        "# Kop",
        "<div class='x'>blok</div>",
        "<!-- verborgen -->",
    ],
)
def test_tags_outside_the_allow_list_are_removed(markdown):
    html = render_markdown(markdown)

    for tag in ("<iframe", "<style", "<form", "<input", "<h1", "<div", "<!--", "class="):
        assert tag not in html


def test_markdown_filter_marks_only_cleaned_html_safe():
    result = markdown_filter("<script>x</script>**ok**")

    assert isinstance(result, Markup)
    assert "<script" not in result and "<strong>ok</strong>" in result
    assert markdown_filter(None) == Markup("")


def test_plain_text_drops_markup_and_collapses_space():
    assert plain_text("**Meer** _bomen_\n\n- in de   straat\n- op het plein") == (
        "Meer bomen in de straat op het plein"
    )


def test_plain_text_drops_html_a_person_wrote():
    assert plain_text("Hallo <script>alert(1)</script><b>daar</b>") == "Hallo alert(1) daar"


def test_plain_text_keeps_characters_as_characters():
    """Plain text is escaped by the template that shows it; it must not arrive escaped already."""
    assert plain_text('Fiets & voetganger <3, "veilig" en \'t plein') == (
        'Fiets & voetganger <3, "veilig" en \'t plein'
    )


def test_plain_text_of_nothing_is_empty():
    assert plain_text(None) == "" and plain_text("") == ""


def test_shorten_leaves_short_text_alone():
    assert shorten("Kort genoeg", 20) == "Kort genoeg"
    assert shorten("x" * 20, 20) == "x" * 20


def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis():
    result = shorten("Meer bomen in de Stationsstraat en op het marktplein", 22)

    assert result == "Meer bomen in de…"
    assert len(result) <= 22


def test_shorten_keeps_a_word_that_ends_exactly_at_the_limit():
    assert shorten("een twee drie", 9) == "een twee…"


def test_shorten_drops_trailing_punctuation_before_the_ellipsis():
    assert shorten("Bomen, struiken, bloemen en gras", 17) == "Bomen, struiken…"


def test_shorten_cuts_one_long_word_hard():
    assert shorten("Onderwijsvernieuwingsprojecten", 10) == "Onderwijs…"


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ("&#60;script&#62;alert(1)&#60;/script&#62;", "<script>alert(1)</script>"),
        ("&lt;b&gt;vet&lt;/b&gt; & meer", "<b>vet</b> & meer"),
        ("5 > 3 && 2 < 4", "5 > 3 && 2 < 4"),
        ("<img src=x onerror=alert(1)> **ja**", "ja"),
        ("[klik](javascript:alert(1)) <!-- weg -->", "klik"),
    ],
)
def test_plain_text_is_text_whatever_was_written(written, text):
    """Plain text is never marked safe: what looks like a tag after the entities are read
    is shown as characters, escaped by the template (tests/ideas/test_lists.py)."""
    assert plain_text(written) == text
