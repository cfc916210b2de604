"""What a consultation's page shows besides its ideas (themes, published self-tests, latest
news) is read once per `content_version`, which the database raises (triggers on `themes`,
`selftests` and `consultation_updates`, migration e5b8f3a1c9d6) at every change the page
shows. So the page reads none of them again while nothing changed, and shows every change on
the next view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, insert, select, update

from participate.consultations import content
from participate.consultations.models import Consultation, Theme
from participate.db import db, utcnow
from participate.notifications.models import ConsultationUpdate
from participate.selftest.models import SelfTest
from tests.factories import saving
from tests.selftest.helpers import build_selftest


def _version(consultation_id: int) -> int:
    return db.session.scalar(
        select(Consultation.content_version).where(Consultation.id == consultation_id)
    )


def _news(consultation_id: int, title: str = "Infoavond in de sporthal") -> int:
    return db.session.execute(
        insert(ConsultationUpdate)
        .values(
            consultation_id=consultation_id,
            title=title,
            body_md="Kom langs op **12 maart**.",
            created_at=utcnow(),
        )
        .returning(ConsultationUpdate.id)
    ).scalar_one()


@pytest.mark.parametrize(
    ("change", "raises"),
    [
        ({"name": "Groen en water"}, True),
        ({"colour": "#aa3300"}, True),
        ({"position": 9}, True),
        # the count the triggers on `ideas` keep changes with every idea: not shown here
        ({"public_idea_count": 12}, False),
    ],
)
def test_a_theme_raises_the_version_when_what_the_page_shows_of_it_changes(
    app_ctx, make_consultation, change, raises
):
    consultation = make_consultation()
    theme = consultation.themes[0]
    before = _version(consultation.id)
    db.session.execute(update(Theme).where(Theme.id == theme.id).values(**change))
    assert (_version(consultation.id) > before) is raises


def test_new_and_removed_themes_and_news_raise_the_version(app_ctx, make_consultation):
    consultation = make_consultation()
    start = _version(consultation.id)
    db.session.execute(insert(Theme).values(consultation_id=consultation.id, name="Cultuur"))
    assert _version(consultation.id) > start
    middle = _version(consultation.id)
    news_id = _news(consultation.id)
    assert _version(consultation.id) > middle
    edited = _version(consultation.id)
    db.session.execute(
        update(ConsultationUpdate)
        .where(ConsultationUpdate.id == news_id)
        .values(body_md="Verplaatst naar **19 maart**.")
    )
    assert _version(consultation.id) > edited
    last = _version(consultation.id)
    db.session.execute(delete(ConsultationUpdate).where(ConsultationUpdate.id == news_id))
    assert _version(consultation.id) > last


def test_a_self_test_raises_the_version_of_each_consultation_it_leaves_or_joins(
    app, make_consultation
):
    with app.app_context():
        one, other = make_consultation(), make_consultation()
        ids = one.id, other.id
        db.session.commit()
    with saving(app):
        selftest = build_selftest(published=False, consultation=None)
        selftest_id = selftest.id
    with app.app_context():
        start = _version(ids[0]), _version(ids[1])
        db.session.execute(
            update(SelfTest).where(SelfTest.id == selftest_id).values(consultation_id=ids[0])
        )
        assert _version(ids[0]) > start[0] and _version(ids[1]) == start[1]
        middle = _version(ids[0])
        db.session.execute(
            update(SelfTest).where(SelfTest.id == selftest_id).values(published=True)
        )
        assert _version(ids[0]) > middle
        moved = _version(ids[0]), _version(ids[1])
        db.session.execute(
            update(SelfTest).where(SelfTest.id == selftest_id).values(consultation_id=ids[1])
        )
        assert _version(ids[0]) > moved[0] and _version(ids[1]) > moved[1]
        kept = _version(ids[1])
        db.session.execute(
            update(SelfTest).where(SelfTest.id == selftest_id).values(retention_days=30)
        )
        assert _version(ids[1]) == kept  # not shown on the page
        db.session.commit()


def _content_queries(counter) -> list[str]:
    tables = ("FROM themes", "FROM selftests", "FROM consultation_updates")
    return [s for s in counter.statements if any(t in s for t in tables)]


def test_the_page_reads_its_content_once_and_shows_every_change_on_the_next_view(
    app, client, make_consultation, count_queries, monkeypatch
):
    monkeypatch.setattr(content, "_KEPT", {})
    with app.app_context():
        consultation = make_consultation()
        slug, consultation_id = consultation.slug, consultation.id
        _news(consultation_id, "Infoavond in de sporthal")
        db.session.commit()
    url = f"/consultations/{slug}"

    with count_queries() as first:
        page = client.get(url).text
    assert "Infoavond in de sporthal" in page and "<strong>12 maart</strong>" in page
    assert len(_content_queries(first)) == 3
    with count_queries() as second:
        assert "Infoavond in de sporthal" in client.get(url).text
    assert _content_queries(second) == []  # kept: not read again

    # each change shows on the next view: news, a theme's new name, a self-test published
    with app.app_context():
        _news(consultation_id, "De plannen liggen ter inzage")
        theme_id = db.session.scalar(
            select(Theme.id).where(Theme.consultation_id == consultation_id).limit(1)
        )
        db.session.execute(update(Theme).where(Theme.id == theme_id).values(name="Blauw-groen"))
        db.session.commit()
    with saving(app):
        selftest = build_selftest(
            published=True, consultation=db.session.get(Consultation, consultation_id)
        )
        selftest_title = selftest.title
    with count_queries() as third:
        page = client.get(url).text
    assert "De plannen liggen ter inzage" in page and "Infoavond in de sporthal" in page
    assert "Blauw-groen" in page and selftest_title in page
    assert len(_content_queries(third)) == 3
    css = client.get(f"/consultations/{slug}/themes.css").text
    assert f".theme-{theme_id} .swatch" in css

    # removed news is gone on the next view too
    with app.app_context():
        db.session.execute(
            delete(ConsultationUpdate).where(
                ConsultationUpdate.consultation_id == consultation_id,
                ConsultationUpdate.title == "Infoavond in de sporthal",
            )
        )
        db.session.commit()
    assert "Infoavond in de sporthal" not in client.get(url).text


def test_what_was_kept_for_an_earlier_consultation_with_the_same_id_is_not_shown(
    app, client, make_consultation, monkeypatch
):
    """SQLite gives a deleted row's id again, and the versions of the new row start over:
    what is kept is keyed by the moment the consultation was made too."""
    with app.app_context():
        consultation = make_consultation()
        db.session.commit()
        slug = consultation.slug
        row = db.session.execute(
            select(Consultation.id, Consultation.created_at, Consultation.content_version).where(
                Consultation.slug == slug
            )
        ).one()
        key = tuple(row)
    earlier = (key[0], key[1] - timedelta(days=30), key[2])
    old = content.ConsultationContent(
        themes=(), selftests=(), news=(content.NewsShown(1, "Oud nieuws", "Gewist.", utcnow()),)
    )
    monkeypatch.setattr(content, "_KEPT", {earlier: old})
    assert "Oud nieuws" not in client.get(f"/consultations/{slug}").text
    monkeypatch.setattr(content, "_KEPT", {key: old})
    assert "Oud nieuws" in client.get(f"/consultations/{slug}").text  # the key it is read by
