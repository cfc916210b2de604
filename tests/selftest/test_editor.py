"""Building a self-test: the editor's rules (positions on every statement, 3 to 8 profiles,
versions once there are responses) and the admin pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participate.db import db
from participate.selftest import services, taking
from participate.selftest.models import ProfilePosition, SelfTest
from tests.selftest.flow import take
from tests.selftest.helpers import build_selftest


def keys(version):
    return [s.key for s in version.statements]


def test_a_profile_without_a_position_on_every_statement_is_refused(app_ctx):
    selftest = build_selftest(published=False)
    ks = keys(selftest.current_version)
    with pytest.raises(services.SelfTestError) as err:
        services.save_profile(
            selftest,
            None,
            name="Half",
            description="",
            themes=[],
            positions={ks[0]: 4, ks[1]: 2, ks[2]: 0},  # none on the fourth
        )
    assert err.value.field == "positions"
    assert len(selftest.current_version.profiles) == 3


def test_a_position_off_the_scale_is_refused(app_ctx):
    selftest = build_selftest(published=False)
    ks = keys(selftest.current_version)
    with pytest.raises(services.SelfTestError):
        services.save_profile(
            selftest,
            None,
            name="Vreemd",
            description="",
            themes=[],
            positions=dict.fromkeys(ks, 5),
        )


def test_a_new_statement_needs_every_profiles_position(app_ctx):
    selftest = build_selftest(published=False)
    profiles = selftest.current_version.profiles
    with pytest.raises(services.SelfTestError):
        services.save_statement(
            selftest,
            None,
            text="Een nieuwe stelling.",
            explanation="",
            theme="",
            positions={profiles[0].key: 2},
        )
    statement = services.save_statement(
        selftest,
        None,
        text="Een nieuwe stelling.",
        explanation="",
        theme="",
        positions={p.key: 1 for p in profiles},
    )
    assert all(p.position_map()[statement.id] == 1 for p in profiles)
    assert services.problems(selftest.current_version) == []


def test_publishing_needs_three_to_eight_profiles(app_ctx):
    selftest = build_selftest(published=False, profiles={"Groen": ([4, 4, 0, 2], [])})
    with pytest.raises(services.SelfTestError) as err:
        services.save_selftest(
            selftest,
            title=selftest.title,
            slug=selftest.slug,
            intro_md="",
            consultation_id=None,
            published=True,
            retention_days=30,
        )
    assert err.value.field == "published"
    assert not selftest.published


def test_a_ninth_profile_is_refused(app_ctx):
    profiles = {f"Profiel {i}": ([i % 5] * 4, []) for i in range(8)}
    selftest = build_selftest(profiles=profiles)
    with pytest.raises(services.SelfTestError):
        services.save_profile(
            selftest,
            None,
            name="Negen",
            description="",
            themes=[],
            positions=dict.fromkeys(keys(selftest.current_version), 2),
        )


def test_a_published_self_test_keeps_three_profiles(app_ctx):
    selftest = build_selftest()
    with pytest.raises(services.SelfTestError):
        services.delete_profile(selftest, selftest.current_version.profiles[0].key)


def test_edits_before_any_response_change_the_version_in_place(app_ctx):
    selftest = build_selftest()
    statement = selftest.current_version.statements[0]
    services.save_statement(
        selftest,
        statement.key,
        text="Meer bomen in elke straat.",
        explanation="",
        theme="Natuur",
        positions={
            p.key: p.position_map()[statement.id] for p in selftest.current_version.profiles
        },
    )
    assert [v.number for v in selftest.versions] == [1]
    assert selftest.current_version.statements[0].text == "Meer bomen in elke straat."


def test_changes_after_responses_make_a_new_version_and_old_results_stay(client, app):
    from tests.factories import saving

    with saving(app):
        selftest = build_selftest()
    token = take(client, app, selftest, ["4", "4", "0", "2"])
    with app.app_context():
        t = db.session.get(SelfTest, selftest.id)
        groen = t.current_version.profiles[0]
        first = t.current_version.statements[0]
        steps = {s.key: groen.position_map()[s.id] for s in t.current_version.statements}
        steps[first.key] = 0  # Groen now fully disagrees with the first statement
        services.save_profile(
            t,
            groen.key,
            name="Groen",
            description=groen.description,
            themes=groen.themes,
            positions=steps,
        )
        services.save_statement(
            t,
            first.key,
            text="Elke straat krijgt bomen.",
            explanation="",
            theme="Natuur",
            positions={
                p.key: p.position_map()[t.current_version.statements[0].id]
                for p in t.current_version.profiles
            },
        )
        db.session.commit()
        t = db.session.get(SelfTest, selftest.id)
        assert [v.number for v in t.versions] == [1, 2]  # one new version for both edits
        old, new = t.versions
        assert old.statements[0].text == "Er komt meer groen in elke straat."
        assert new.statements[0].text == "Elke straat krijgt bomen."
        assert [s.key for s in old.statements] == [s.key for s in new.statements]
        assert old.profiles[0].position_map()[old.statements[0].id] == 4
        assert new.profiles[0].position_map()[new.statements[0].id] == 0

        response = taking.get_response(token)
        assert response.version_id == old.id
        result = taking.result(response)
        assert result.top.profile.name == "Groen"
        assert result.top.match.percent == 100  # still scored against version 1

    page = client.get(f"/selftest-results/{token}").get_data(as_text=True)
    assert "Er komt meer groen in elke straat." in page
    assert "Version 1 of this self-test" in page or "Versie 1" in page


def test_saving_without_changes_makes_no_new_version(client, app):
    from tests.factories import saving

    with saving(app):
        selftest = build_selftest()
    take(client, app, selftest, ["4", "4", "0", "2"])
    with app.app_context():
        t = db.session.get(SelfTest, selftest.id)
        s = t.current_version.statements[0]
        services.save_statement(
            t,
            s.key,
            text=s.text,
            explanation=s.explanation,
            theme=s.theme,
            positions={p.key: p.position_map()[s.id] for p in t.current_version.profiles},
        )
        assert len(t.versions) == 1


def test_removing_a_statement_after_responses_keeps_it_in_the_old_version(client, app):
    from tests.factories import saving

    with saving(app):
        selftest = build_selftest()
    take(client, app, selftest, ["4", "4", "0", "2"])
    with app.app_context():
        t = db.session.get(SelfTest, selftest.id)
        services.delete_statement(t, t.current_version.statements[3].key)
        db.session.commit()
        t = db.session.get(SelfTest, selftest.id)
        assert [len(v.statements) for v in t.versions] == [4, 3]
        assert all(len(p.positions) == 3 for p in t.current_version.profiles)
        assert db.session.scalar(select(func.count()).select_from(ProfilePosition)) == 12 + 9


def test_moving_a_statement_changes_the_order(app_ctx):
    selftest = build_selftest()
    before = keys(selftest.current_version)
    services.move_statement(selftest, before[2], -1)
    db.session.refresh(selftest.current_version)
    assert keys(selftest.current_version) == [before[0], before[2], before[1], before[3]]


def test_parse_themes():
    assert services.parse_themes(" Wonen, mobiliteit ;Wonen,, Natuur ") == [
        "Wonen",
        "mobiliteit",
        "Natuur",
    ]


# -- Admin pages ----------------------------------------------------------------------------


@pytest.fixture
def admin(make_user, login):
    user = make_user("admin")
    login(user)
    return user


@pytest.fixture(autouse=True)
def _english(client):
    with client.session_transaction() as session:
        session["locale"] = "en"


def test_admin_builds_a_self_test_in_the_site(client, app, admin, make_consultation):
    consultation = make_consultation()
    response = client.post(
        "/admin/selftests/new",
        data={
            "title": "Hoe wil jij wonen?",
            "slug": "",
            "intro_md": "Doe de test.",
            "consultation_id": str(consultation.id),
            "retention_days": "90",
        },
    )
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        t = db.session.scalar(select(SelfTest))
        selftest_id, slug = t.id, t.slug
    assert slug == "hoe-wil-jij-wonen"

    for text in ("Meer groen in de straat.", "Meer bussen."):
        r = client.post(
            f"/admin/selftests/{selftest_id}/statements/new",
            data={"text": text, "theme": "Mobiliteit"},
        )
        assert r.status_code == 303, r.get_data(as_text=True)
    with app.app_context():
        statement_keys = keys(db.session.get(SelfTest, selftest_id).current_version)

    # A profile with a position missing is refused, with the field marked.
    r = client.post(
        f"/admin/selftests/{selftest_id}/profiles/new",
        data={"name": "Groen", "themes": "Natuur", f"pos_{statement_keys[0]}": "4"},
    )
    assert r.status_code == 422
    assert "Choose a position." in r.get_data(as_text=True)

    for name, steps in (("Groen", "40"), ("Stad", "04"), ("Dorp", "22")):
        data = {"name": name, "themes": "Natuur, Wonen"}
        data.update({f"pos_{k}": s for k, s in zip(statement_keys, steps, strict=True)})
        r = client.post(f"/admin/selftests/{selftest_id}/profiles/new", data=data)
        assert r.status_code == 303, r.get_data(as_text=True)

    # A new statement now asks each profile's position.
    page = client.get(f"/admin/selftests/{selftest_id}/statements/new").get_data(as_text=True)
    assert page.count('name="pos_') == 3

    r = client.post(
        f"/admin/selftests/{selftest_id}/settings",
        data={
            "title": "Hoe wil jij wonen?",
            "slug": slug,
            "intro_md": "Doe de test.",
            "consultation_id": str(consultation.id),
            "retention_days": "90",
            "published": "y",
        },
    )
    assert r.status_code == 303, r.get_data(as_text=True)
    assert client.get(f"/selftests/{slug}").status_code == 200
    overview = client.get(f"/admin/selftests/{selftest_id}").get_data(as_text=True)
    assert "Meer bussen." in overview and "Dorp" in overview


def test_admin_pages_are_for_admins(client, make_user, login, make_selftest):
    selftest = make_selftest()
    for role, show, figures in (
        ("citizen", 403, 403),
        ("moderator", 403, 403),
        ("council", 403, 200),
    ):
        login(make_user(role))
        assert client.get(f"/admin/selftests/{selftest.id}").status_code == show, role
        assert client.get(f"/admin/selftests/{selftest.id}/figures").status_code == figures, role
        assert (
            client.post(
                f"/admin/selftests/{selftest.id}/statements/new", data={"text": "Hallo daar"}
            ).status_code
            == 403
        )
        client.post("/logout")


def test_publishing_an_incomplete_self_test_is_refused_in_the_form(client, admin, make_selftest):
    draft = make_selftest(published=False, profiles={"Groen": ([4, 4, 0, 2], [])})
    r = client.post(
        f"/admin/selftests/{draft.id}/settings",
        data={"title": draft.title, "slug": draft.slug, "consultation_id": "0", "published": "y"},
    )
    assert r.status_code == 422
    assert "A self-test has 3 to 8 profiles; this one has 1." in r.get_data(as_text=True)


def test_a_profile_gets_an_image_without_its_metadata(client, app, admin, make_selftest):
    from participate.images.models import StoredImage
    from tests.factories import gps_exif, image_bytes, multipart

    selftest = make_selftest()
    with app.app_context():
        version = db.session.get(SelfTest, selftest.id).current_version
        profile = version.profiles[0]
        data = {"name": profile.name, "description": profile.description, "themes": "Natuur"}
        data.update({f"pos_{s.key}": str(profile.position_map()[s.id]) for s in version.statements})
        key = profile.key
    data["image"] = (__import__("io").BytesIO(image_bytes(exif=gps_exif())), "groen.jpg")
    data["image_alt"] = "Een straat vol bomen"
    r = client.post(f"/admin/selftests/{selftest.id}/profiles/{key}", **multipart(data))
    assert r.status_code == 303, r.get_data(as_text=True)
    with app.app_context():
        profile = db.session.get(SelfTest, selftest.id).current_version.profiles[0]
        image = db.session.get(StoredImage, profile.image_id)
        assert image.alt == "Een straat vol bomen"
        assert b"Secret Camera" not in image.data


def test_an_admin_previews_an_unpublished_self_test_but_nothing_is_stored(
    client, app, admin, make_selftest
):
    from participate.selftest.models import Response
    from tests.selftest.flow import answer, attempt_of, finish

    draft = make_selftest(published=False)
    page = client.get(f"/selftests/{draft.slug}").get_data(as_text=True)
    assert "Preview: this self-test is not published." in page
    answer(client, app, draft, 1, "4")
    response = finish(client, draft, attempt_of(client, draft))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/selftests/{draft.slug}/review")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0
