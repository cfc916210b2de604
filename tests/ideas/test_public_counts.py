"""The number of public ideas of each consultation and theme, which the database keeps
(triggers on `ideas`, migration b71c04d2e9a8), is always the number a count of the rows gives:
through the services that change an idea's public state, and for any sequence of raw changes.
The lists and share cards show this number (services.public_idea_count)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from participate.consultations.models import Consultation, Theme
from participate.db import db
from participate.ideas import services
from participate.ideas.models import PUBLIC_STATUSES, Idea, IdeaStatus, Visibility
from participate.moderation import services as moderation


def _stored(consultation_id: int) -> tuple[int, dict[int, int]]:
    total = db.session.scalar(
        select(Consultation.public_idea_count).where(Consultation.id == consultation_id)
    )
    themes = dict(
        db.session.execute(
            select(Theme.id, Theme.public_idea_count).where(
                Theme.consultation_id == consultation_id
            )
        ).all()
    )
    return total, themes


def _recounted(consultation_id: int) -> tuple[int, dict[int, int]]:
    public = select(Idea).where(Idea.consultation_id == consultation_id, Idea.public_clause())
    total = db.session.scalar(select(func.count()).select_from(public.subquery()))
    themes = dict.fromkeys(
        db.session.scalars(select(Theme.id).where(Theme.consultation_id == consultation_id)), 0
    )
    for theme_id, n in db.session.execute(
        select(Idea.theme_id, func.count())
        .where(Idea.consultation_id == consultation_id, Idea.public_clause())
        .group_by(Idea.theme_id)
    ):
        themes[theme_id] = n
    return total, themes


def _exact(*consultations: Consultation) -> None:
    db.session.flush()
    for consultation in consultations:
        assert _stored(consultation.id) == _recounted(consultation.id)


def test_the_triggers_know_which_statuses_are_public():
    """The migration writes the public statuses out; they must be the model's."""
    from importlib import import_module

    migration = import_module(
        "migrations.versions.20261125_2215_b71c04d2e9a8_count_public_ideas_per_consultation_and_theme"
    )
    listed = {s.strip(" '") for s in migration.PUBLIC.strip("()").split(",")}
    assert listed == {s.value for s in PUBLIC_STATUSES}


def test_the_services_keep_the_numbers_exact(
    request_ctx, make_consultation, make_idea, make_user, outbox
):
    consultation = make_consultation()
    other = make_consultation()
    moderator = make_user("moderator")
    first, second = consultation.themes[0], consultation.themes[1]
    ideas = [make_idea(consultation, theme=first) for _ in range(3)]
    make_idea(other)
    pending = make_idea(consultation, status=IdeaStatus.PENDING.value)
    _exact(consultation, other)
    assert _stored(consultation.id)[0] == 3

    moderation.hide(ideas[0], moderator, "Beledigend")
    _exact(consultation)
    moderation.unhide(ideas[0], moderator)
    _exact(consultation)
    moderation.change_theme(ideas[1], moderator, second.id)
    _exact(consultation)
    assert _stored(consultation.id)[1][second.id] == 1
    moderation.approve(pending, moderator)
    _exact(consultation)
    moderation.merge(ideas[2], ideas[1], moderator)
    _exact(consultation)
    services.withdraw_idea(ideas[0], ideas[0].author)
    _exact(consultation, other)
    assert _stored(consultation.id)[0] == 2


def test_the_list_shows_the_stored_number(client, make_consultation, make_idea):
    consultation = make_consultation()
    for _ in range(3):
        make_idea(consultation, theme=1)
    make_idea(consultation, status=IdeaStatus.PENDING.value)
    page = client.get(f"/consultations/{consultation.slug}?sort=newest").get_data(as_text=True)
    assert "3 ideeën" in page
    theme = consultation.themes[1].id
    page = client.get(f"/consultations/{consultation.slug}?theme={theme}").get_data(as_text=True)
    assert "3 ideeën" in page


STATUSES = [s.value for s in IdeaStatus]
VISIBILITIES = [v.value for v in Visibility]

change = st.one_of(
    st.tuples(
        st.just("insert"),
        st.integers(0, 1),  # consultation
        st.integers(0, 1),  # theme
        st.sampled_from(STATUSES),
        st.sampled_from(VISIBILITIES),
    ),
    st.tuples(st.just("status"), st.integers(0, 20), st.sampled_from(STATUSES)),
    st.tuples(st.just("visibility"), st.integers(0, 20), st.sampled_from(VISIBILITIES)),
    st.tuples(st.just("merge"), st.integers(0, 20), st.booleans()),
    st.tuples(st.just("theme"), st.integers(0, 20), st.integers(0, 1)),
    st.tuples(st.just("move"), st.integers(0, 20), st.integers(0, 1)),
    st.tuples(st.just("delete"), st.integers(0, 20)),
)


@pytest.fixture
def two_consultations(make_consultation):
    return make_consultation(), make_consultation()


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.lists(change, min_size=1, max_size=25))
def test_any_sequence_of_changes_keeps_the_numbers_exact(app, two_consultations, changes):
    """Rows written and changed directly (as a migration, a script or a future code path
    would): inserts, every kind of update of the columns that make an idea public, a move to
    another consultation, deletes."""
    consultations = two_consultations
    with app.app_context():
        connection = db.session.connection()
        nested = connection.begin_nested()
        try:
            ids: list[int] = []
            for step in changes:
                kind, *args = step
                if kind == "insert":
                    c, t, status, visibility = args
                    consultation = consultations[c]
                    ids.append(
                        connection.execute(
                            text(
                                "INSERT INTO ideas (consultation_id, theme_id, title, body_md,"
                                " place, status, visibility, source, support_count,"
                                " oppose_count, comment_count, trend_score, featured, pinned,"
                                " created_at) VALUES (:c, :t, 'Een idee voor het plein',"
                                " 'Meer bomen op het plein.', '', :s, :v, 'online', 0, 0, 0,"
                                " 0, :f, :f, CURRENT_TIMESTAMP) RETURNING id"
                            ),
                            {
                                "c": consultation.id,
                                "t": consultation.themes[t].id,
                                "s": status,
                                "v": visibility,
                                "f": False,
                            },
                        ).scalar_one()
                    )
                    continue
                if not ids:
                    continue
                idea_id = ids[args[0] % len(ids)]
                if kind == "delete":
                    connection.execute(text("DELETE FROM ideas WHERE id = :i"), {"i": idea_id})
                    ids.remove(idea_id)
                elif kind == "merge":
                    into = ids[0] if args[1] and ids[0] != idea_id else None
                    connection.execute(
                        text("UPDATE ideas SET merged_into_id = :m WHERE id = :i"),
                        {"m": into, "i": idea_id},
                    )
                elif kind == "theme":
                    connection.execute(
                        text(
                            "UPDATE ideas SET theme_id = (SELECT t.id FROM themes t WHERE"
                            " t.consultation_id = ideas.consultation_id ORDER BY t.id"
                            " LIMIT 1 OFFSET :k) WHERE id = :i"
                        ),
                        {"k": args[1], "i": idea_id},
                    )
                elif kind == "move":
                    target = consultations[args[1]]
                    connection.execute(
                        text("UPDATE ideas SET consultation_id = :c, theme_id = :t WHERE id = :i"),
                        {"c": target.id, "t": target.themes[0].id, "i": idea_id},
                    )
                else:  # status or visibility
                    connection.execute(
                        text(f"UPDATE ideas SET {kind} = :v WHERE id = :i"),  # noqa: S608 - fixed names
                        {"v": args[1], "i": idea_id},
                    )
            for consultation in consultations:
                assert _stored(consultation.id) == _recounted(consultation.id)
        finally:
            nested.rollback()
