"""The citizen's flow without JavaScript: one statement per screen, back and skip, the review,
the result with its permalink, and every kind of bad input refused with nothing stored."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participate.db import db
from participate.selftest.models import Answer, Response
from tests.selftest.flow import answer, attempt_of, finish, ids, take


@pytest.fixture(autouse=True)
def _english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"


@pytest.fixture
def selftest(make_selftest):
    return make_selftest()


def stranger(app):
    """Another visitor (a fresh browser session), reading English."""
    other = app.test_client()
    with other.session_transaction() as session:
        session["locale"] = "en"
    return other


def stored(app) -> tuple[int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Response)),
            db.session.scalar(select(func.count()).select_from(Answer)),
        )


def ranking(page: str) -> list[tuple[str, str]]:
    block = page[page.index("data-ranking") :]
    block = block[: block.index("</ol>")]
    return re.findall(
        r'ranking-name">([^<]+)</span> <span class="ranking-percent">([^<]+)</span>', block
    )


def test_intro_page_invites_to_start(client, selftest):
    page = client.get(f"/selftests/{selftest.slug}").get_data(as_text=True)
    assert "Waar wil jij wonen in 2040?" in page
    assert f'href="/selftests/{selftest.slug}/questions/1"' in page
    assert "4 statements, one per screen." in page


def test_each_statement_has_its_own_screen_with_progress(client, selftest):
    page = client.get(f"/selftests/{selftest.slug}/questions/3").get_data(as_text=True)
    assert "Question 3 of 4" in page
    assert "Er worden hogere gebouwen toegelaten." in page
    assert 'name="answer" value="none"' in page  # "no opinion"
    assert 'name="important"' in page
    assert 'value="skip"' in page
    assert f'href="/selftests/{selftest.slug}/questions/2"' in page  # back


def test_an_answer_leads_to_the_next_statement_and_is_shown_when_going_back(client, app, selftest):
    response = answer(client, app, selftest, 1, "3", important=True)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/selftests/{selftest.slug}/questions/2")
    back = client.get(f"/selftests/{selftest.slug}/questions/1").get_data(as_text=True)
    assert re.search(r'value="3" checked', back)
    assert re.search(r'id="important"[^>]*checked', back)


def test_the_last_statement_leads_to_the_review(client, app, selftest):
    response = answer(client, app, selftest, 4, "2")
    assert response.headers["Location"].endswith(f"/selftests/{selftest.slug}/review")


def test_nothing_is_stored_before_the_test_is_finished(client, app, selftest):
    for n in range(1, 5):
        answer(client, app, selftest, n, "4")
    assert stored(app) == (0, 0)


def test_whole_test_gives_the_hand_computed_ranking(client, app, selftest):
    # Profiles (see helpers): Groen 4 4 0 2 · Stad 0 4 4 4 · Dorp 2 0 0 0.
    # You: s1 fully agree, marked important; s2 skipped; s3 no opinion; s4 agree (3).
    # Groen: (2×100 + 75) / 3 = 91.67 → 92 %; Stad: (2×0 + 75) / 3 = 25 %;
    # Dorp: (2×50 + 25) / 3 = 41.67 → 42 %.
    token = take(client, app, selftest, ["4!", None, "none", "3"])
    page = client.get(f"/selftest-results/{token}").get_data(as_text=True)
    assert ranking(page) == [("Groen", "92%"), ("Dorp", "42%"), ("Stad", "25%")]
    assert "<svg" in page and 'role="img"' in page
    assert "Groen: 92%; Dorp: 42%; Stad: 25%" in page  # the chart's text alternative
    with app.app_context():
        response = db.session.scalar(select(Response).where(Response.token == token))
        assert response.user_id is None
        assert response.top_profile.name == "Groen"
        got = {a.statement_id: (a.value, a.important) for a in response.answers}
    _, statement_ids = ids(app, selftest)
    assert got == {
        statement_ids[0]: (4, True),
        statement_ids[2]: (None, False),
        statement_ids[3]: (3, False),
    }


def test_result_page_has_a_title_and_description_for_previews(client, app, selftest):
    token = take(client, app, selftest, ["4", "4", "0", "2"])
    page = client.get(f"/selftest-results/{token}").get_data(as_text=True)
    assert "<title>Groen fits best (100%) · Waar wil jij wonen in 2040?" in page
    assert re.search(
        r'<meta name="description" content="Result of the self-test[^"]*1\. Groen 100%', page
    )
    assert f'<link rel="canonical" href="http://participate.test/selftest-results/{token}">' in page


def test_the_owner_sees_the_comparison_others_only_the_result(client, app, selftest):
    token = take(client, app, selftest, ["4!", None, "none", "3"])
    own = client.get(f"/selftest-results/{token}").get_data(as_text=True)
    assert "Your answers next to the profiles" in own
    assert "(matters a lot)" in own

    other = stranger(app)
    page = other.get(f"/selftest-results/{token}").get_data(as_text=True)
    assert ranking(page)[0][0] == "Groen"
    assert "next to the profiles" not in page
    assert "Skipped" not in page
    assert "Delete my result" not in page


def test_a_new_result_never_shows_a_deleted_one_s_kept_chart_or_table(client, app, selftest):
    """The chart and the comparison are kept rendered per result, named by its token: a
    result taken after another was deleted (on SQLite it may get the same id) shows its own."""
    first = take(client, app, selftest, ["4", "4", "0", "2"])
    page = client.get(f"/selftest-results/{first}").get_data(as_text=True)
    assert "Groen: 100%" in page
    assert client.post(f"/selftest-results/{first}/delete").status_code == 303
    second = take(client, app, selftest, ["0", "4", "4", "4"])
    page = client.get(f"/selftest-results/{second}").get_data(as_text=True)
    assert ranking(page)[0] == ("Stad", "100%")
    assert "Stad: 100%" in page and "Groen: 100%" not in page
    assert "Your answers next to the profiles" in page
    visitor = stranger(app).get(f"/selftest-results/{second}").get_data(as_text=True)
    assert "Stad: 100%" in visitor and "next to the profiles" not in visitor


def test_the_owner_may_show_the_answers_to_others(client, app, selftest):
    token = take(client, app, selftest, ["4", "4", "0", "2"])
    response = client.post(f"/selftest-results/{token}/answers", data={"show": "1"})
    assert response.status_code == 303
    page = stranger(app).get(f"/selftest-results/{token}").get_data(as_text=True)
    assert "The answers next to the profiles" in page

    client.post(f"/selftest-results/{token}/answers", data={"show": "0"})
    page = stranger(app).get(f"/selftest-results/{token}").get_data(as_text=True)
    assert "next to the profiles" not in page


def test_someone_else_cannot_change_or_delete_a_result(client, app, selftest):
    token = take(client, app, selftest, ["4", "4", "0", "2"])
    other = stranger(app)
    assert other.post(f"/selftest-results/{token}/answers", data={"show": "1"}).status_code == 404
    assert other.post(f"/selftest-results/{token}/delete").status_code == 404
    assert stored(app)[0] == 1


def test_the_owner_deletes_the_result_and_its_answers(client, app, selftest):
    token = take(client, app, selftest, ["4", "4", "0", "2"])
    assert client.post(f"/selftest-results/{token}/delete").status_code == 303
    assert stored(app) == (0, 0)
    assert client.get(f"/selftest-results/{token}").status_code == 404


def test_a_logged_in_citizen_saves_the_result_to_the_account(
    client, app, selftest, make_user, login
):
    citizen = make_user()
    login(citizen)
    token = take(client, app, selftest, ["4", "4", "0", "2"])
    with app.app_context():
        assert db.session.scalar(select(Response.user_id)) is None  # not until they choose
    assert client.post(f"/selftest-results/{token}/save").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Response.user_id)) == citizen.id
    page = client.get("/selftest-results").get_data(as_text=True)
    assert f"/selftest-results/{token}" in page


def test_an_anonymous_owner_is_asked_to_log_in_to_save(client, app, selftest):
    token = take(client, app, selftest, ["4", "4", "0", "2"])
    response = client.post(f"/selftest-results/{token}/save")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    with app.app_context():
        assert db.session.scalar(select(Response.user_id)) is None


# -- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["x" * 32, "not a token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
def test_an_unknown_or_tampered_token_gets_a_clear_404(client, app, selftest, token):
    real = take(client, app, selftest, ["4", "4", "0", "2"])
    for candidate in (token, real[:-1] + ("A" if real[-1] != "A" else "B"), real + "x"):
        response = client.get(f"/selftest-results/{candidate}")
        assert response.status_code == 404
        assert "We cannot find a self-test result at this address." in response.get_data(
            as_text=True
        )


@pytest.mark.parametrize("value", ["5", "-1", "7", "agree", "2.5"])
def test_an_answer_outside_the_scale_is_refused(client, app, selftest, value):
    response = answer(client, app, selftest, 1, value)
    assert response.status_code == 400
    assert "Choose one of the answers on the scale." in response.get_data(as_text=True)
    back = client.get(f"/selftests/{selftest.slug}/questions/1").get_data(as_text=True)
    assert " checked" not in back.split('name="important"')[0]


def test_no_answer_chosen_asks_to_choose_or_skip(client, app, selftest):
    response = answer(client, app, selftest, 1, None)
    assert response.status_code == 422
    assert "Choose an answer, or skip this statement." in response.get_data(as_text=True)


def test_a_statement_of_another_self_test_is_refused(client, app, selftest, make_selftest):
    other = make_selftest()
    _, other_statements = ids(app, other)
    version_id, _ = ids(app, selftest)
    response = client.post(
        f"/selftests/{selftest.slug}/questions/1",
        data={"statement": str(other_statements[0]), "version": str(version_id), "answer": "4"},
    )
    assert response.status_code == 400
    assert "This answer does not belong to this question." in response.get_data(as_text=True)
    other_version, _ = ids(app, other)
    response = answer(client, app, selftest, 1, "4", version=str(other_version))
    assert response.status_code == 400
    assert "This answer does not belong to this self-test." in response.get_data(as_text=True)


def test_an_answer_to_an_older_version_starts_again(client, app, selftest):
    from participate.selftest import services
    from participate.selftest.models import SelfTest

    answer(client, app, selftest, 1, "4")
    token = take(app.test_client(), app, selftest, ["4", "4", "0", "2"])  # someone finishes
    assert token
    old_version, statements = ids(app, selftest)
    with app.app_context():
        t = db.session.get(SelfTest, selftest.id)
        services.save_statement(
            t,
            t.current_version.statements[1].key,
            text="Bussen rijden elke tien minuten.",
            explanation="",
            theme="Mobiliteit",
            positions={p.key: 2 for p in t.current_version.profiles},
        )
        db.session.commit()
    response = client.post(
        f"/selftests/{selftest.slug}/questions/2",
        data={"statement": str(statements[1]), "version": str(old_version), "answer": "3"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/questions/1")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This self-test was changed while you took it. Please start again." in page


def test_a_finished_test_submitted_twice_is_stored_once(client, app, selftest):
    for n, value in enumerate(["4", "4", "0", "2"], start=1):
        answer(client, app, selftest, n, value)
    attempt = attempt_of(client, selftest)
    first = finish(client, selftest, attempt)
    assert first.status_code == 303
    second = finish(client, selftest, attempt)
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "You already finished this self-test: here is your result." in page
    assert stored(app) == (1, 4)


def test_finishing_with_an_unknown_attempt_stores_nothing(client, app, selftest):
    answer(client, app, selftest, 1, "4")
    response = finish(client, selftest, "made-up-attempt")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/questions/1")
    assert stored(app) == (0, 0)


def test_finishing_without_any_opinion_is_refused(client, app, selftest):
    answer(client, app, selftest, 1, "none")
    answer(client, app, selftest, 2, None, skip=True)
    page = client.get(f"/selftests/{selftest.slug}/review").get_data(as_text=True)
    assert "Give your opinion on at least one statement" in page
    assert 'name="attempt"' not in page
    with client.session_transaction() as session:
        attempt = session["selftests"][str(selftest.id)]["a"]
    response = finish(client, selftest, attempt)
    assert response.status_code == 422
    assert stored(app) == (0, 0)


def test_an_unpublished_self_test_is_not_public(client, make_selftest):
    draft = make_selftest(published=False)
    assert client.get(f"/selftests/{draft.slug}").status_code == 404
    assert client.get(f"/selftests/{draft.slug}/questions/1").status_code == 404


def test_a_question_number_out_of_range_is_404(client, selftest):
    assert client.get(f"/selftests/{selftest.slug}/questions/5").status_code == 404
    assert client.get(f"/selftests/{selftest.slug}/questions/0").status_code == 404


# -- With JavaScript: the same posts, answered with the next screen as JSON ------------------


def test_the_script_gets_the_next_statement_as_json(client, app, selftest):
    version_id, statements = ids(app, selftest)
    response = client.post(
        f"/selftests/{selftest.slug}/questions/1",
        data={
            "statement": str(statements[0]),
            "version": str(version_id),
            "answer": "4",
            "go": "next",
        },
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["url"] == f"/selftests/{selftest.slug}/questions/2"
    assert "Question 2 of 4" in body["html"]
    assert body["title"].startswith("Question 2 of 4")
    assert "Accept" in response.headers["Vary"]

    last = client.post(
        f"/selftests/{selftest.slug}/questions/4",
        data={
            "statement": str(statements[3]),
            "version": str(version_id),
            "answer": "4",
            "go": "next",
        },
        headers={"Accept": "application/json"},
    )
    assert last.get_json() == {"redirect": f"/selftests/{selftest.slug}/review"}


def test_the_script_gets_errors_as_json_with_the_screen(client, app, selftest):
    version_id, statements = ids(app, selftest)
    response = client.post(
        f"/selftests/{selftest.slug}/questions/1",
        data={"statement": str(statements[0]), "version": str(version_id), "go": "next"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 422
    assert "Choose an answer, or skip this statement." in response.get_json()["html"]


def test_the_result_suggests_only_public_ideas_of_the_profile_s_themes(
    app_ctx, make_consultation, make_idea
):
    """The most supported ideas in the top profile's themes, in the self-test's consultation:
    never a hidden, merged, pending or rejected-by-moderation one, nor one of another theme."""
    from types import SimpleNamespace

    from sqlalchemy import update

    from participate.db import db
    from participate.ideas.models import Idea
    from participate.selftest.taking import ideas_for

    consultation = make_consultation(themes=["Natuur", "Wonen"])
    nature, housing = consultation.themes
    best = make_idea(consultation, votes=5, theme=nature)
    second = make_idea(consultation, votes=2, theme=nature, status="accepted")
    hidden = make_idea(consultation, votes=9, theme=nature)
    merged = make_idea(consultation, votes=8, theme=nature)
    make_idea(consultation, votes=7, theme=nature, status="pending")
    make_idea(consultation, votes=6, theme=housing)
    make_idea(make_consultation(themes=["Natuur"]), votes=9)
    db.session.execute(update(Idea).where(Idea.id == hidden.id).values(visibility="hidden"))
    db.session.execute(update(Idea).where(Idea.id == merged.id).values(merged_into_id=best.id))

    selftest = SimpleNamespace(consultation_id=consultation.id)
    suggested = ideas_for(selftest, ["natuur"])
    assert [(i.id, i.support_count) for i in suggested] == [(best.id, 5), (second.id, 2)]
    assert suggested[0].title == best.title
    assert ideas_for(selftest, []) == []


def test_a_result_reads_its_version_once_and_an_edit_leaves_it_as_it_was(
    client, app, selftest, count_queries, monkeypatch
):
    """An answered version never changes (an edit makes a new one): its statements and
    profiles are read once per process. A result of the old version keeps its profiles after
    an edit; a result of the new version shows the new ones."""
    from participate.selftest import services, taking
    from participate.selftest.models import SelfTest

    monkeypatch.setattr(taking, "_DEFINITIONS", {})
    definition = ("FROM selftest_statements", "FROM selftest_profiles", "FROM selftest_positions")
    old = take(client, app, selftest, ["4", "4", "0", "2"])
    client.get(f"/selftest-results/{old}")
    with count_queries() as again:
        assert ranking(client.get(f"/selftest-results/{old}").text)[0] == ("Groen", "100%")
    assert not [s for s in again.statements if any(t in s for t in definition)]

    with app.app_context():
        t = db.session.get(SelfTest, selftest.id)
        groen = next(p for p in t.current_version.profiles if p.name == "Groen")
        services.save_profile(
            t,
            groen.key,
            name="Groen wonen",
            description=groen.description,
            themes=list(groen.themes),
            positions={s.key: 0 for s in t.current_version.statements},
        )
        db.session.commit()
    assert ranking(client.get(f"/selftest-results/{old}").text)[0] == ("Groen", "100%")
    new = take(app.test_client(), app, selftest, ["4", "4", "0", "2"])
    page = client.get(f"/selftest-results/{new}").text
    # Groen wonen now fully disagrees everywhere: (0 + 0 + 100 + 50) / 4 = 37.5 → 38 %
    assert ("Groen wonen", "38%") in ranking(page) and ranking(page)[0] == ("Dorp", "50%")


def test_a_profile_image_s_new_description_shows_on_results_at_once(
    client, app, selftest, monkeypatch
):
    """Describing a profile's image anew makes no new version: the image is read on each view."""
    from sqlalchemy import update

    from participate.images.models import StoredImage
    from participate.selftest import taking
    from participate.selftest.models import Profile

    monkeypatch.setattr(taking, "_DEFINITIONS", {})
    version, _statements = ids(app, selftest)
    with app.app_context():
        image = StoredImage(
            data=b"\x89PNG",
            thumb=b"\x89PNG",
            content_type="image/png",
            width=640,
            height=480,
            alt="Een groene straat",
        )
        db.session.add(image)
        db.session.flush()
        db.session.execute(
            update(Profile)
            .where(Profile.version_id == version, Profile.name == "Groen")
            .values(image_id=image.id)
        )
        image_id = image.id
        db.session.commit()
    token = take(client, app, selftest, ["4", "4", "0", "2"])
    assert 'alt="Een groene straat" width="480"' in client.get(f"/selftest-results/{token}").text
    with app.app_context():
        db.session.get(StoredImage, image_id).alt = "Bomen langs een fietsstraat"
        db.session.commit()
    assert 'alt="Bomen langs een fietsstraat"' in client.get(f"/selftest-results/{token}").text
