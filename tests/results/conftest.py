"""A consultation with a bit of everything an export must tell apart (`story`): public ideas
in two themes with votes on several days, an accepted idea with an official response, an idea
and a comment from the town hall, a hidden idea, a pending one, a withdrawn one, hidden and
removed comments, another consultation that must never leak in, and a self-test with answers."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from participate.accounts.models import User
from participate.consultations.models import Consultation
from participate.db import db, utcnow
from participate.ideas.models import Comment, Idea, Source, StatusChange
from participate.selftest.models import Answer, Response
from tests.factories import add_vote, make_consultation, make_idea, request_ctx, saving  # noqa: F401
from tests.selftest.helpers import build_selftest

DAY = timedelta(days=1)


@dataclass
class Story:
    consultation: Consultation
    other: Consultation
    ideas: dict[str, int] = field(default_factory=dict)  # name → idea id
    users: dict[str, int] = field(default_factory=dict)
    selftest_id: int = 0


def _user(name: str, postcode: str | None = None, role: str = "citizen") -> User:
    user = User(
        email=f"{name.lower()}-{secrets.token_hex(3)}@example.com",
        display_name=f"{name} Janssens",
        password_hash="-",
        role=role,
        email_verified_at=utcnow(),
        postcode=postcode,
    )
    db.session.add(user)
    db.session.flush()
    return user


def _comment(idea: Idea, author: User | None, body: str, when: datetime, **extra) -> Comment:
    comment = Comment(
        idea_id=idea.id,
        author_id=author.id if author else None,
        body_md=body,
        created_at=when,
        **extra,
    )
    db.session.add(comment)
    if comment.is_visible:
        idea.comment_count += 1
    return comment


def _responses(selftest, taken) -> None:
    """`taken`: per response, (the step per statement, or "skip", or None for no opinion;
    the index of the profile that came first). The first answer is marked important."""
    version = selftest.current_version
    for answers, top in taken:
        response = Response(
            version_id=version.id,
            token=secrets.token_urlsafe(32),
            attempt=secrets.token_urlsafe(32),
            top_profile_id=version.profiles[top].id,
            created_at=utcnow() - DAY,
        )
        db.session.add(response)
        db.session.flush()
        for i, (statement, value) in enumerate(zip(version.statements, answers, strict=True)):
            if value != "skip":
                db.session.add(
                    Answer(
                        response_id=response.id,
                        statement_id=statement.id,
                        value=value,
                        important=i == 0,
                    )
                )
    db.session.flush()


@pytest.fixture
def story(app, make_consultation) -> Story:  # noqa: F811
    now = utcnow()
    consultation = make_consultation("results", voting_mode="for_against")
    other = make_consultation("results")
    with saving(app):
        consultation = db.session.get(Consultation, consultation.id)
        themes = consultation.themes
        alice, bob, carol = _user("Alice", "9000"), _user("Bob", "9000"), _user("Carol", "9050")
        dave = _user("Dave")
        voters = [_user(f"Kiezer{i}", "9040" if i % 2 else None) for i in range(6)]
        created = now - 8 * DAY
        ideas = {}

        def idea(name: str, author: User | None, theme: int, **extra) -> Idea:
            item = Idea(
                consultation_id=consultation.id,
                theme_id=themes[theme].id,
                author_id=author.id if author else None,
                title=f"Het idee {name} voor Lindeveld",
                body_md=f"Uitleg bij het idee {name}, met genoeg woorden erin.",
                created_at=created + len(ideas) * timedelta(hours=2),
                **extra,
            )
            db.session.add(item)
            db.session.flush()
            ideas[name] = item
            return item

        fietsstraat = idea("fietsstraat", alice, 0, status="accepted")
        park = idea("park", bob, 1)
        bank = idea("bank", None, 0, source=Source.TOWN_HALL.value)
        verborgen = idea("verborgen", alice, 1, visibility="hidden")
        idea("wachtend", carol, 2, status="pending")
        idea("ingetrokken", carol, 2, status="withdrawn")
        formule = idea("formule", dave, 2)
        formule.title = '=HYPERLINK("http://evil.example")'
        for i, voter in enumerate(voters[:4]):
            add_vote(fietsstraat, voter, 1, now - (6 - i % 2) * DAY)
        add_vote(fietsstraat, voters[4], -1, now - 2 * DAY)
        add_vote(park, voters[0], 1, now - 6 * DAY)
        add_vote(park, bob, 1, now - 3 * DAY)
        add_vote(bank, voters[5], 1, now - 3 * DAY)
        add_vote(verborgen, voters[1], 1, now - 3 * DAY)
        db.session.add(
            StatusChange(
                idea_id=fietsstraat.id,
                from_status="published",
                to_status="accepted",
                response_md="De gemeente legt de **fietsstraat** aan in het voorjaar.",
                created_at=now - 2 * DAY,
            )
        )
        first = _comment(fietsstraat, bob, "Goed idee, eindelijk veilig fietsen.", now - 5 * DAY)
        db.session.flush()
        _comment(fietsstraat, alice, "Dank je, Bob!", now - 4 * DAY, parent_id=first.id)
        _comment(
            fietsstraat, carol, "Iets ongepasts over een buur.", now - 4 * DAY, visibility="hidden"
        )
        _comment(
            fietsstraat,
            dave,
            "Weggehaald door de schrijver.",
            now - 4 * DAY,
            deleted_at=now - 3 * DAY,
        )
        _comment(
            park,
            None,
            "Op papier aan de balie: graag meer bomen.",
            now - 3 * DAY,
            source=Source.TOWN_HALL.value,
        )
        _comment(park, dave, "+1 voor het park", now - 2 * DAY)
        # Another consultation: never in this one's figures.
        stranger = Idea(
            consultation_id=other.id,
            theme_id=other.themes[0].id,
            author_id=alice.id,
            title="Een idee van een ander traject",
            body_md="Dit hoort bij een andere inspraak en mag nergens opduiken.",
        )
        db.session.add(stranger)
        db.session.flush()
        add_vote(stranger, carol, 1, now - DAY)
        selftest = build_selftest(
            consultation=consultation, slug=f"zelftest-{secrets.token_hex(3)}"
        )
        _responses(selftest, [([4, 4, 0, 2], 0), ([0, 4, 4, 4], 1), ([2, "skip", None, 0], 0)])
        db.session.flush()
        found = Story(
            consultation=consultation,
            other=other,
            ideas={name: item.id for name, item in ideas.items()},
            users={u.display_name.split()[0]: u.id for u in (alice, bob, carol, dave, *voters)},
            selftest_id=selftest.id,
        )
    return found
