"""The rules of creating and editing a consultation (consultations/services.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from participate.consultations.models import Consultation, Theme
from participate.consultations.services import (
    ConsultationError,
    ThemeInput,
    save_consultation,
    slugify,
)
from participate.db import db, utcnow
from participate.images.models import StoredImage
from tests.factories import count, image_bytes

pytestmark = pytest.mark.usefixtures("request_ctx")
DAY = timedelta(days=1)


def fields(**changes: Any) -> dict[str, Any]:
    now = utcnow()
    values: dict[str, Any] = {
        "title": "Ruimte voor morgen",
        "slug": "",
        "intro_md": "  Hoe gebruiken we onze ruimte?  ",
        "moderation_mode": "post",
        "voting_mode": "support",
        "vote_limit": None,
        "ideas_open_at": now,
        "voting_open_at": now + 10 * DAY,
        "closed_at": now + 20 * DAY,
        "results_at": now + 30 * DAY,
        "themes": [ThemeInput("Mobiliteit", "#AA0000"), ThemeInput("Groen", "#00aa00")],
    }
    values.update(changes)
    return values


def refusal(consultation: Consultation | None = None, **changes: Any) -> ConsultationError:
    with pytest.raises(ConsultationError) as refused:
        save_consultation(consultation, **fields(**changes))
    return refused.value


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Ruimte voor morgen", "ruimte-voor-morgen"),
        ("Één plein, twee straten!", "een-plein-twee-straten"),
        ("  --Leuven 2040--  ", "leuven-2040"),
        ("Café & Co: wat nu?", "cafe-co-wat-nu"),
    ],
)
def test_slugify_makes_an_address_of_a_title(title, slug):
    assert slugify(title) == slug


def test_slugify_never_ends_with_a_hyphen_when_it_cuts_a_long_title():
    slug = slugify("a" * 79 + " b" * 10)

    assert len(slug) <= 80
    assert not slug.endswith("-")


def test_a_long_title_gives_a_valid_address():
    consultation = save_consultation(None, **fields(title="Ruimte " * 11 + "voor morgen"))

    assert len(consultation.slug) <= 80 and not consultation.slug.endswith("-")


def test_saving_creates_the_consultation_with_its_themes():
    consultation = save_consultation(None, **fields(vote_limit=10))

    saved = db.session.get(Consultation, consultation.id)
    assert saved.slug == "ruimte-voor-morgen"
    assert saved.intro_md == "Hoe gebruiken we onze ruimte?"
    assert saved.vote_limit == 10
    assert [(t.name, t.colour, t.position) for t in saved.themes] == [
        ("Mobiliteit", "#aa0000", 0),
        ("Groen", "#00aa00", 1),
    ]


def test_a_given_slug_is_used_in_lower_case():
    assert save_consultation(None, **fields(slug=" Leuven-2040 ")).slug == "leuven-2040"


@pytest.mark.parametrize("slug", ["met spatie", "under_score", "-begin", "dubbel--streep", "é"])
def test_a_slug_with_other_characters_is_refused(slug):
    error = refusal(slug=slug)

    assert error.field == "slug"


def test_a_slug_in_use_is_refused():
    save_consultation(None, **fields(slug="ruimte"))

    error = refusal(slug="ruimte", title="Een andere bevraging")

    assert error.field == "slug"
    assert count(Consultation) == 1


def test_a_consultation_keeps_its_own_slug_when_edited():
    consultation = save_consultation(None, **fields(slug="ruimte"))

    save_consultation(consultation, **fields(slug="ruimte", title="Nieuwe titel"))

    assert db.session.get(Consultation, consultation.id).title == "Nieuwe titel"


@pytest.mark.parametrize(
    "dates",
    [
        {"voting_open_at": utcnow() - DAY},  # voting before ideas open
        {"closed_at": utcnow() + 5 * DAY},  # closes before voting opens
        {"results_at": utcnow() + 15 * DAY},  # results before closing
    ],
)
def test_dates_out_of_order_are_refused(dates):
    error = refusal(**dates)

    assert error.field == "voting_open_at"
    assert count(Consultation) == 0


def test_phases_may_share_a_moment():
    now = utcnow()

    consultation = save_consultation(
        None, **fields(ideas_open_at=now, voting_open_at=now, closed_at=now, results_at=now)
    )

    assert consultation.id is not None


@pytest.mark.parametrize("themes", [[], [ThemeInput("", "#000000"), ThemeInput("  ", "#111111")]])
def test_at_least_one_theme_is_required(themes):
    error = refusal(themes=themes)

    assert error.field == "themes"
    assert count(Consultation) == 0


def test_empty_theme_rows_are_skipped():
    consultation = save_consultation(
        None,
        **fields(themes=[ThemeInput("", "#000000"), ThemeInput(" Wonen ", "#123456")]),
    )

    assert [t.name for t in consultation.themes] == ["Wonen"]


def test_duplicate_theme_names_are_refused_whatever_their_case():
    error = refusal(themes=[ThemeInput("Groen", "#000000"), ThemeInput("groen ", "#111111")])

    assert error.field == "themes"
    assert count(Theme) == 0


@pytest.mark.parametrize("mode", [{"moderation_mode": "never"}, {"voting_mode": "stars"}])
def test_unknown_modes_are_refused(mode):
    refusal(**mode)

    assert count(Consultation) == 0


def test_themes_can_be_added_reordered_and_recoloured():
    consultation = save_consultation(None, **fields())
    groen_id = next(t.id for t in consultation.themes if t.name == "Groen")

    save_consultation(
        consultation,
        **fields(
            themes=[
                ThemeInput("Groen", "#0000FF"),
                ThemeInput("Mobiliteit", "#aa0000"),
                ThemeInput("Wonen", "#00ff00"),
            ]
        ),
    )

    themes = db.session.get(Consultation, consultation.id).themes
    assert [t.name for t in themes] == ["Groen", "Mobiliteit", "Wonen"]
    assert themes[0].id == groen_id and themes[0].colour == "#0000ff"


def test_a_theme_name_can_change_case():
    consultation = save_consultation(None, **fields())

    save_consultation(
        consultation,
        **fields(themes=[ThemeInput("MOBILITEIT", "#aa0000"), ThemeInput("groen", "#00aa00")]),
    )

    assert [t.name for t in consultation.themes] == ["MOBILITEIT", "groen"]


def test_a_theme_without_ideas_can_be_removed():
    consultation = save_consultation(None, **fields())

    save_consultation(consultation, **fields(themes=[ThemeInput("Groen", "#00aa00")]))
    db.session.flush()

    assert [t.name for t in db.session.get(Consultation, consultation.id).themes] == ["Groen"]
    assert count(Theme) == 1


def test_a_theme_with_ideas_cannot_be_removed(make_user, make_idea):
    author = make_user()
    consultation = save_consultation(None, **fields())
    make_idea(consultation, author, theme=0)  # an idea under "Mobiliteit"

    error = refusal(consultation, themes=[ThemeInput("Groen", "#00aa00")])

    assert error.field == "themes"
    assert "Mobiliteit" in error.message


def test_a_refused_edit_changes_nothing(make_user, make_idea):
    author = make_user()
    consultation = save_consultation(None, **fields())
    make_idea(consultation, author, theme=0)
    db.session.commit()

    refusal(
        consultation,
        title="Een nieuwe titel",
        vote_limit=3,
        themes=[ThemeInput("Groen", "#00aa00")],
        cover=image_bytes(),
    )

    assert consultation.title == "Ruimte voor morgen"
    assert consultation.vote_limit is None
    assert [t.name for t in consultation.themes] == ["Mobiliteit", "Groen"]
    assert consultation.cover_image is None
    assert count(StoredImage) == 0


def test_a_cover_image_is_stored_re_encoded():
    consultation = save_consultation(
        None, **fields(cover=image_bytes("PNG", size=(2000, 1000)), cover_alt="Het plein")
    )

    cover = consultation.cover_image
    assert (cover.width, cover.height) == (1600, 800)
    assert cover.alt == "Het plein"


def test_the_cover_description_can_change_without_a_new_image():
    consultation = save_consultation(None, **fields(cover=image_bytes(), cover_alt="Oud"))
    image_id = consultation.cover_image_id

    save_consultation(consultation, **fields(cover_alt="Nieuw"))

    assert consultation.cover_image_id == image_id
    assert consultation.cover_image.alt == "Nieuw"


def test_a_refused_cover_image_changes_nothing():
    from participate.images.services import ImageError

    consultation = save_consultation(None, **fields())

    with pytest.raises(ImageError):
        save_consultation(consultation, **fields(title="Een nieuwe titel", cover=b"geen foto"))

    assert consultation.title == "Ruimte voor morgen"
    assert count(StoredImage) == 0
