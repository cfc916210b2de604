"""Votes: one per citizen per idea, a second click withdraws it, for/against switches, a vote
limit is shown and enforced, and the counts always equal the rows in `votes`."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from participate.db import db
from participate.ideas.models import Idea, Vote, VoteAllowance


def counts(app, idea) -> tuple[int, int]:
    """(support_count, oppose_count) of the idea, checked against the rows in `votes`."""
    with app.app_context():
        row = db.session.get(Idea, idea.id)
        rows = dict(
            db.session.execute(
                select(Vote.value, func.count()).where(Vote.idea_id == idea.id).group_by(Vote.value)
            ).all()
        )
        assert (row.support_count, row.oppose_count) == (rows.get(1, 0), rows.get(-1, 0))
        return row.support_count, row.oppose_count


def used(app, consultation, user) -> int:
    """Votes the citizen spent, checked against their rows in `votes`."""
    with app.app_context():
        spent = db.session.scalar(
            select(VoteAllowance.used).where(
                VoteAllowance.consultation_id == consultation.id,
                VoteAllowance.user_id == user.id,
            )
        )
        rows = db.session.scalar(
            select(func.count())
            .select_from(Vote)
            .where(Vote.consultation_id == consultation.id, Vote.user_id == user.id)
        )
        assert (spent or 0) == rows
        return rows


def votes_left(page: str) -> int:
    match = re.search(r"data-votes-left>[^<]*?(\d+)", page)
    assert match, "the page does not say how many votes are left"
    return int(match.group(1))


def vote(client, idea, value: int = 1, **extra):
    return client.post(f"/ideas/{idea.id}/vote", data={"value": str(value), **extra})


def vote_json(client, idea, value: int = 1):
    return client.post(
        f"/ideas/{idea.id}/vote",
        data={"value": str(value)},
        headers={"Accept": "application/json"},
    )


@pytest.fixture
def citizen(make_user, login):
    user = make_user()
    login(user)
    return user


@pytest.fixture
def consultation(make_consultation):
    return make_consultation("ideas")


@pytest.fixture
def idea(make_idea, consultation):
    return make_idea(consultation, votes=2)


def test_a_vote_is_counted(app, client, citizen, idea):
    response = vote(client, idea)

    assert response.status_code == 303
    assert counts(app, idea) == (3, 0)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "vote-button voted" in page
    assert "<span data-support-count>3</span>" in page


def test_second_vote_withdraws_the_first(app, client, citizen, idea):
    vote(client, idea)
    vote(client, idea)

    assert counts(app, idea) == (2, 0)
    assert "vote-button voted" not in client.get(f"/ideas/{idea.id}").get_data(as_text=True)


def test_voting_again_after_withdrawing_counts_again(app, client, citizen, idea):
    for expected in (3, 2, 3, 2, 3):
        vote(client, idea)
        assert counts(app, idea) == (expected, 0)


def test_for_and_against_switch_and_update_both_counts(
    app, client, citizen, make_consultation, make_idea
):
    idea = make_idea(make_consultation(voting_mode="for_against"), votes=2)

    vote(client, idea, 1)
    assert counts(app, idea) == (3, 0)
    vote(client, idea, -1)
    assert counts(app, idea) == (2, 1)
    vote(client, idea, 1)
    assert counts(app, idea) == (3, 0)
    vote(client, idea, 1)
    assert counts(app, idea) == (2, 0)
    vote(client, idea, -1)
    vote(client, idea, -1)
    assert counts(app, idea) == (2, 0)


def test_against_is_refused_where_only_support_counts(app, client, citizen, idea):
    response = vote_json(client, idea, -1)

    assert response.status_code == 409
    assert counts(app, idea) == (2, 0)


def test_the_json_variant_returns_counts_value_and_votes_left(
    app, client, citizen, make_consultation, make_idea
):
    consultation = make_consultation(voting_mode="for_against", vote_limit=3)
    idea = make_idea(consultation, votes=4)

    cast = vote_json(client, idea, 1).get_json()
    switched = vote_json(client, idea, -1).get_json()
    withdrawn = vote_json(client, idea, -1).get_json()

    assert {k: cast[k] for k in ("value", "support_count", "oppose_count", "remaining")} == {
        "value": 1,
        "support_count": 5,
        "oppose_count": 0,
        "remaining": 2,
    }
    assert (switched["value"], switched["support_count"], switched["oppose_count"]) == (-1, 4, 1)
    assert switched["remaining"] == 2
    assert (withdrawn["value"], withdrawn["oppose_count"], withdrawn["remaining"]) == (0, 0, 3)
    assert cast["message"] and withdrawn["message"] and cast["message"] != withdrawn["message"]
    assert counts(app, idea) == (4, 0)


def test_the_no_js_variant_goes_back_to_the_same_place(client, citizen, idea, consultation):
    back = f"/consultations/{consultation.slug}?sort=newest&page=1#idea-{idea.id}"

    response = vote(client, idea, next=back)

    assert response.status_code == 303
    assert response.headers["Location"] == back


def test_the_list_page_sends_its_own_address_with_the_anchor(client, citizen, idea, consultation):
    page = client.get(f"/consultations/{consultation.slug}?sort=newest").get_data(as_text=True)

    assert (
        f'name="next" value="/consultations/{consultation.slug}?sort=newest#idea-{idea.id}"' in page
    )


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com", ""])
def test_the_no_js_variant_never_leaves_the_site(client, citizen, idea, target):
    response = vote(client, idea, next=target)

    assert response.headers["Location"] == f"/ideas/{idea.id}"


def test_anonymous_vote_is_sent_to_log_in(app, client, idea):
    response = vote(client, idea, next=f"/ideas/{idea.id}")
    as_json = vote_json(client, idea)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert as_json.status_code == 401
    assert counts(app, idea) == (2, 0)


def test_an_unverified_account_cannot_vote(app, client, make_user, login, idea):
    login(make_user(verified=False))

    assert vote_json(client, idea).status_code == 409
    assert counts(app, idea) == (2, 0)


@pytest.mark.parametrize(
    ("phase", "message"),
    [
        ("upcoming", "Voting opens on"),
        ("closed", "Voting closed on"),
        ("results", "Voting closed on"),
    ],
)
def test_voting_outside_its_phase_is_refused_with_the_date(
    app, client, citizen, make_consultation, make_idea, phase, message
):
    idea = make_idea(make_consultation(phase), votes=1)
    client.post("/language", data={"lang": "en"})

    response = vote(client, idea)
    as_json = vote_json(client, idea)

    assert response.status_code == 303
    assert message in client.get(response.headers["Location"]).get_data(as_text=True)
    assert as_json.status_code == 409 and as_json.get_json()["error"].startswith(message)
    assert counts(app, idea) == (1, 0)


def test_voting_is_open_in_the_final_voting_round(
    app, client, citizen, make_consultation, make_idea
):
    idea = make_idea(make_consultation("voting"))

    vote(client, idea)

    assert counts(app, idea) == (1, 0)


def test_voting_on_a_pending_idea_is_refused(
    app, client, make_user, login, make_consultation, make_idea
):
    author = make_user()
    idea = make_idea(make_consultation(moderation_mode="pre"), author, status="pending")

    login(make_user())
    assert vote_json(client, idea).status_code == 404  # others cannot even see it
    client.post("/logout")
    login(author)
    assert vote_json(client, idea).status_code == 409
    assert counts(app, idea) == (0, 0)


def test_voting_on_a_withdrawn_idea_is_refused(app, client, citizen, make_idea, consultation):
    idea = make_idea(consultation, status="withdrawn")

    assert vote_json(client, idea).status_code == 409
    assert counts(app, idea) == (0, 0)


def test_a_vote_that_is_not_a_number_is_a_bad_request(app, client, citizen, idea):
    assert vote(client, idea, "veel").status_code == 400
    assert counts(app, idea) == (2, 0)


# -- Vote limit -----------------------------------------------------------------------------


@pytest.fixture
def limited(make_consultation, make_idea):
    consultation = make_consultation(vote_limit=10)
    return consultation, [make_idea(consultation) for _ in range(11)]


def test_the_votes_left_are_shown(client, citizen, limited):
    consultation, ideas = limited

    before = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    vote(client, ideas[0])
    vote(client, ideas[1])
    after = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)
    on_idea = client.get(f"/ideas/{ideas[2].id}").get_data(as_text=True)

    assert votes_left(before) == 10
    assert votes_left(after) == votes_left(on_idea) == 8


def test_the_votes_left_are_not_shown_without_a_limit(client, citizen, consultation):
    page = client.get(f"/consultations/{consultation.slug}").get_data(as_text=True)

    assert "data-votes-left" not in page


def test_the_vote_limit_is_enforced(app, client, citizen, limited):
    consultation, ideas = limited
    for idea in ideas[:10]:
        assert vote_json(client, idea).get_json()["value"] == 1

    refused = vote_json(client, ideas[10])
    client.post("/language", data={"lang": "en"})
    no_js = vote(client, ideas[10])

    assert refused.status_code == 409
    assert "10" in refused.get_json()["error"]
    assert "You have used all 10 of your votes" in client.get(no_js.headers["Location"]).get_data(
        as_text=True
    )
    assert counts(app, ideas[10]) == (0, 0)
    assert used(app, consultation, citizen) == 10


def test_withdrawing_a_vote_gives_it_back(app, client, citizen, limited):
    consultation, ideas = limited
    for idea in ideas[:10]:
        vote(client, idea)

    withdrawn = vote_json(client, ideas[3]).get_json()
    cast = vote_json(client, ideas[10]).get_json()

    assert (withdrawn["value"], withdrawn["remaining"]) == (0, 1)
    assert (cast["value"], cast["remaining"]) == (1, 0)
    assert used(app, consultation, citizen) == 10
    assert counts(app, ideas[3]) == (0, 0) and counts(app, ideas[10]) == (1, 0)


def test_the_limit_counts_per_consultation(
    app, client, citizen, limited, make_consultation, make_idea
):
    consultation, ideas = limited
    for idea in ideas[:10]:
        vote(client, idea)
    elsewhere = make_idea(make_consultation(vote_limit=1))

    assert vote_json(client, elsewhere).get_json()["value"] == 1
    assert used(app, consultation, citizen) == 10


def test_switching_for_to_against_spends_no_extra_vote(
    app, client, citizen, make_consultation, make_idea
):
    consultation = make_consultation(voting_mode="for_against", vote_limit=1)
    idea = make_idea(consultation)

    vote(client, idea, 1)
    switched = vote_json(client, idea, -1)

    assert switched.get_json()["value"] == -1
    assert used(app, consultation, citizen) == 1
    assert counts(app, idea) == (0, 1)


def test_withdrawing_an_idea_gives_its_voters_their_votes_back(
    app, client, citizen, login, make_user, make_consultation, make_idea
):
    consultation = make_consultation(vote_limit=1)
    author = make_user()
    idea, other = make_idea(consultation, author), make_idea(consultation)
    vote(client, idea)
    client.post("/logout")

    login(author)
    client.post(f"/ideas/{idea.id}/withdraw")
    client.post("/logout")
    login(citizen)

    assert vote_json(client, other).get_json()["value"] == 1
    assert used(app, consultation, citizen) == 1
    assert counts(app, idea) == (0, 0)


def test_counts_equal_the_vote_rows_after_every_operation(
    app, client, make_user, login, make_consultation, make_idea
):
    consultation = make_consultation(voting_mode="for_against", vote_limit=2)
    ideas = [make_idea(consultation, votes=n) for n in (0, 1, 3)]
    people = [make_user() for _ in range(3)]
    script = [(0, 0, 1), (0, 1, -1), (1, 1, 1), (0, 2, 1), (2, 0, -1), (0, 0, -1), (1, 2, -1)]
    script += [(2, 2, 1), (0, 1, -1), (1, 0, 1), (2, 0, -1), (0, 2, 1), (0, 0, 1), (2, 1, 1)]

    for person, idea, value in script:
        login(people[person])
        vote_json(client, ideas[idea], value)
        client.post("/logout")
        for each in ideas:
            counts(app, each)
        for each in people:
            assert used(app, consultation, each) <= 2


def test_every_verified_account_may_vote(app, client, make_user, login, idea, any_role):
    login(make_user(any_role))

    assert vote_json(client, idea).get_json()["value"] == 1
    assert counts(app, idea) == (3, 0)


def test_a_vote_without_the_pages_csrf_token_is_refused_and_counts_nothing(
    app, client, citizen, idea, monkeypatch
):
    # The vote's form leaves the token to the app's CSRF protection, which checks every POST.
    before = counts(app, idea)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert vote(client, idea).status_code == 400
    assert vote_json(client, idea).status_code == 400
    assert vote(client, idea, csrf_token="forged").status_code == 400
    assert counts(app, idea) == before


def test_a_session_its_account_ended_cannot_vote(app, client, citizen, idea):
    # Another device changed the password: the session token rotated, so this session's
    # cookie, still validly signed, names the account with the old token.
    from participate.accounts.models import User, new_session_token

    with app.app_context():
        db.session.get(User, citizen.id).session_token = new_session_token()
        db.session.commit()

    assert vote_json(client, idea).status_code == 401
    assert vote(client, idea).status_code == 302  # to the log-in page
    assert counts(app, idea) == (2, 0)


def test_a_blocked_account_cannot_vote(app, client, citizen, idea):
    from participate.accounts.models import User
    from participate.db import utcnow

    with app.app_context():
        db.session.get(User, citizen.id).blocked_at = utcnow()
        db.session.commit()

    response = vote_json(client, idea)
    assert response.status_code == 409
    assert "geblokkeerd" in response.get_json()["error"]
    assert counts(app, idea) == (2, 0)


def test_the_usual_click_reads_neither_the_idea_nor_the_account(
    app, client, citizen, idea, count_queries
):
    with count_queries() as cast:
        assert vote_json(client, idea).get_json()["value"] == 1
    with count_queries() as taken_back:
        assert vote_json(client, idea).get_json()["value"] == 0

    # PostgreSQL: the vote and its count in one statement; SQLite: the INSERT, then the count.
    # A second click: the cast that inserts nothing, the DELETE, the count.
    one_statement = app.extensions["participate.engine"].dialect.name == "postgresql"
    assert cast.count == (1 if one_statement else 2), cast.statements
    assert taken_back.count == 3, taken_back.statements
    for statement in cast.statements + taken_back.statements:
        assert not statement.lstrip().upper().startswith("SELECT"), statement
    assert counts(app, idea) == (2, 0)


def test_the_vote_answers_in_the_accounts_language(app, client, make_user, login, idea):
    login(make_user(locale="fr"))

    assert vote_json(client, idea).get_json()["message"] == "Votre vote est enregistré."
