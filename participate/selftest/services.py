"""Building a self-test (admins): its settings, statements and profiles, in versions.

The rules: a profile has a position on every statement (the editor refuses one without), a
statement added to a test that has profiles gets a position from each of them, a test has 3 to 8
profiles before it is published, and a version that has responses is never changed: an edit
copies it to a new version first (`working_version`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from participate.consultations.models import Consultation
from participate.consultations.services import SLUG, slugify
from participate.db import db
from participate.images.services import store_photo
from participate.selftest.models import (
    MAX_PROFILES,
    MIN_PROFILES,
    STEPS,
    Profile,
    ProfilePosition,
    Response,
    SelfTest,
    SelfTestVersion,
    Statement,
)


class SelfTestError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# -- Reading ------------------------------------------------------------------------------


def get_by_slug(slug: str) -> SelfTest | None:
    return db.session.scalar(select(SelfTest).where(SelfTest.slug == slug))


def list_selftests() -> list[SelfTest]:
    return list(db.session.scalars(select(SelfTest).order_by(SelfTest.created_at.desc())))


def public_selftests(consultation: Consultation | None = None) -> list[SelfTest]:
    """Published self-tests, those of `consultation` when it is given. (Published means
    ready: publishing checks it, and the editor's rules keep it so.)"""
    statement = select(SelfTest).where(SelfTest.published.is_(True)).order_by(SelfTest.id)
    if consultation is not None:
        statement = statement.where(SelfTest.consultation_id == consultation.id)
    return list(db.session.scalars(statement))


def statement_by_key(version: SelfTestVersion, key: int) -> Statement | None:
    return next((s for s in version.statements if s.key == key), None)


def profile_by_key(version: SelfTestVersion, key: int) -> Profile | None:
    return next((p for p in version.profiles if p.key == key), None)


def has_responses(version: SelfTestVersion) -> bool:
    return bool(db.session.scalar(select(exists().where(Response.version_id == version.id))))


def response_count(version: SelfTestVersion) -> int:
    return (
        db.session.scalar(
            select(func.count()).select_from(Response).where(Response.version_id == version.id)
        )
        or 0
    )


def problems(version: SelfTestVersion) -> list[str]:
    """What keeps this version from being taken, in words for the editor (empty: ready)."""
    found = []
    if not version.statements:
        found.append(_("Add at least one statement."))
    n = len(version.profiles)
    if not MIN_PROFILES <= n <= MAX_PROFILES:
        found.append(
            _(
                "A self-test has %(min)d to %(max)d profiles; this one has %(n)d.",
                min=MIN_PROFILES,
                max=MAX_PROFILES,
                n=n,
            )
        )
    statement_ids = {s.id for s in version.statements}
    for profile in version.profiles:
        if set(profile.position_map()) != statement_ids:
            found.append(
                _("The profile “%(name)s” lacks a position on a statement.", name=profile.name)
            )
    return found


# -- The self-test itself -------------------------------------------------------------------


def save_selftest(
    selftest: SelfTest | None,
    *,
    title: str,
    slug: str,
    intro_md: str,
    consultation_id: int | None,
    published: bool,
    retention_days: int | None,
) -> SelfTest:
    """Create or change a self-test's settings (these are not versioned). The address is
    unique; a self-test is published only when it can be taken."""
    slug = slug.strip().lower() or slugify(title)
    if not SLUG.match(slug):
        raise SelfTestError(_("Use only lower-case letters, digits and hyphens."), "slug")
    other = get_by_slug(slug)
    if other is not None and other is not selftest:
        raise SelfTestError(_("Another self-test already uses this address."), "slug")
    if consultation_id and db.session.get(Consultation, consultation_id) is None:
        raise SelfTestError(_("Choose one of the options."), "consultation_id")
    if retention_days is not None and retention_days < 1:
        raise SelfTestError(_("Give a number of days, at least 1."), "retention_days")
    if published:
        if selftest is None:
            raise SelfTestError(
                _("Add statements and profiles before you publish the self-test."), "published"
            )
        found = problems(selftest.current_version)
        if found:
            raise SelfTestError(found[0], "published")

    if selftest is None:
        selftest = SelfTest(versions=[SelfTestVersion(number=1)])
        db.session.add(selftest)
    selftest.title = title.strip()
    selftest.slug = slug
    selftest.intro_md = intro_md.strip()
    selftest.consultation_id = consultation_id or None
    selftest.published = published
    selftest.retention_days = retention_days
    db.session.flush()
    return selftest


# -- Versions -------------------------------------------------------------------------------


def working_version(selftest: SelfTest) -> SelfTestVersion:
    """The version an edit may change: the current one while nobody has answered it, else a
    new copy of it (the answered version stays as it was, with its results)."""
    current = selftest.current_version
    if not has_responses(current):
        return current
    copy = SelfTestVersion(number=current.number + 1)
    selftest.versions.append(copy)
    statements = {}
    for s in current.statements:
        statements[s.id] = Statement(
            key=s.key, position=s.position, text=s.text, explanation=s.explanation, theme=s.theme
        )
        copy.statements.append(statements[s.id])
    db.session.flush()
    for p in current.profiles:
        copy.profiles.append(
            Profile(
                key=p.key,
                position=p.position,
                name=p.name,
                description=p.description,
                image_id=p.image_id,
                themes=list(p.themes or []),
                positions=[
                    ProfilePosition(statement_id=statements[pos.statement_id].id, value=pos.value)
                    for pos in p.positions
                    if pos.statement_id in statements
                ],
            )
        )
    db.session.flush()
    return copy


def _next_key(selftest: SelfTest, model: type[Statement] | type[Profile]) -> int:
    """A key never used in any version of this self-test."""
    used = db.session.scalar(
        select(func.max(model.key))
        .join(SelfTestVersion, SelfTestVersion.id == model.version_id)
        .where(SelfTestVersion.selftest_id == selftest.id)
    )
    return (used or 0) + 1


def _check_steps(steps: Mapping[int, int | None], keys: Sequence[int], message: str) -> None:
    missing = [k for k in keys if steps.get(k) is None]
    if missing:
        raise SelfTestError(message, "positions")
    if any(steps[k] not in STEPS for k in keys):
        raise SelfTestError(_("Choose one of the five steps of the scale."), "positions")


# -- Statements -----------------------------------------------------------------------------


def save_statement(
    selftest: SelfTest,
    key: int | None,
    *,
    text: str,
    explanation: str,
    theme: str,
    positions: Mapping[int, int | None],
) -> Statement:
    """Add or change a statement. Every profile gives its position on it (`positions`: profile
    key → step), so that no profile is ever left without one."""
    text, explanation, theme = text.strip(), explanation.strip(), theme.strip()
    if not 5 <= len(text) <= 300:
        raise SelfTestError(_("A statement has between 5 and 300 characters."), "text")
    current = selftest.current_version
    if key is not None and statement_by_key(current, key) is None:
        raise SelfTestError(_("This statement does not exist (any more)."))
    profile_keys = [p.key for p in current.profiles]
    _check_steps(
        positions, profile_keys, _("Give the position of every profile on this statement.")
    )
    if key is not None:
        old = statement_by_key(current, key)
        olds = {p.key: p.position_map().get(old.id) for p in current.profiles}
        if (old.text, old.explanation, old.theme) == (text, explanation, theme) and all(
            olds[k] == positions[k] for k in profile_keys
        ):
            return old  # nothing changed: no new version

    version = working_version(selftest)
    if key is None:
        statement = Statement(
            key=_next_key(selftest, Statement),
            position=max((s.position for s in version.statements), default=-1) + 1,
        )
        version.statements.append(statement)
    else:
        statement = statement_by_key(version, key)
    statement.text, statement.explanation, statement.theme = text, explanation, theme
    db.session.flush()
    for profile in version.profiles:
        existing = next((p for p in profile.positions if p.statement_id == statement.id), None)
        if existing is None:
            profile.positions.append(
                ProfilePosition(statement_id=statement.id, value=positions[profile.key])
            )
        else:
            existing.value = positions[profile.key]
    db.session.flush()
    return statement


def delete_statement(selftest: SelfTest, key: int) -> None:
    """Remove a statement (from a new version when the current one has responses). A
    published self-test keeps at least one."""
    current = selftest.current_version
    if statement_by_key(current, key) is None:
        raise SelfTestError(_("This statement does not exist (any more)."))
    if selftest.published and len(current.statements) == 1:
        raise SelfTestError(_("A published self-test keeps at least one statement."))
    version = working_version(selftest)
    statement = statement_by_key(version, key)
    for profile in version.profiles:
        profile.positions = [p for p in profile.positions if p.statement_id != statement.id]
    db.session.flush()  # the positions first: the database would cascade them otherwise
    version.statements.remove(statement)
    db.session.flush()


def move_statement(selftest: SelfTest, key: int, offset: int) -> None:
    """Move a statement one place up (-1) or down (+1): the order is part of the version."""
    current = selftest.current_version
    order = [s.key for s in current.statements]
    if key not in order:
        raise SelfTestError(_("This statement does not exist (any more)."))
    i = order.index(key)
    j = i + offset
    if not 0 <= j < len(order):
        return
    order[i], order[j] = order[j], order[i]
    version = working_version(selftest)
    by_key = {s.key: s for s in version.statements}
    for position, k in enumerate(order):
        by_key[k].position = position
    db.session.flush()
    db.session.expire(version, ["statements"])


# -- Profiles -------------------------------------------------------------------------------

THEME_SPLIT = re.compile(r"\s*[,;]\s*")


def parse_themes(text: str) -> list[str]:
    """ "Wonen, Mobiliteit" → ["Wonen", "Mobiliteit"] (no duplicates, order kept)."""
    seen: dict[str, str] = {}
    for name in THEME_SPLIT.split(text.strip()):
        if name and name.lower() not in seen:
            seen[name.lower()] = name[:80]
    return list(seen.values())


def save_profile(
    selftest: SelfTest,
    key: int | None,
    *,
    name: str,
    description: str,
    themes: list[str],
    positions: Mapping[int, int | None],
    image: bytes | None = None,
    image_alt: str = "",
) -> Profile:
    """Add or change a profile with its position on every statement (`positions`: statement
    key → step). A profile without a position on every statement is refused."""
    name, description = name.strip(), description.strip()
    if not 2 <= len(name) <= 80:
        raise SelfTestError(_("A name has between 2 and 80 characters."), "name")
    current = selftest.current_version
    if key is not None and profile_by_key(current, key) is None:
        raise SelfTestError(_("This profile does not exist (any more)."))
    if key is None and len(current.profiles) >= MAX_PROFILES:
        raise SelfTestError(_("A self-test has at most %(max)d profiles.", max=MAX_PROFILES))
    statement_keys = [s.key for s in current.statements]
    _check_steps(positions, statement_keys, _("Give this profile a position on every statement."))
    stored = store_photo(image, alt=image_alt or name) if image else None  # may refuse it
    if key is not None and stored is None:
        old = profile_by_key(current, key)
        ids = {s.key: s.id for s in current.statements}
        same = (old.name, old.description, list(old.themes or [])) == (name, description, themes)
        if same and all(old.position_map().get(ids[k]) == positions[k] for k in statement_keys):
            if old.image is not None and image_alt.strip():
                old.image.alt = image_alt.strip()[:300]
            return old  # nothing that scores or shows changed: no new version

    version = working_version(selftest)
    if key is None:
        profile = Profile(
            key=_next_key(selftest, Profile),
            position=max((p.position for p in version.profiles), default=-1) + 1,
        )
        version.profiles.append(profile)
    else:
        profile = profile_by_key(version, key)
    profile.name, profile.description, profile.themes = name, description, themes
    if stored is not None:
        profile.image = stored
    elif profile.image is not None and image_alt.strip():
        profile.image.alt = image_alt.strip()[:300]
    db.session.flush()
    ids = {s.key: s.id for s in version.statements}
    existing = {p.statement_id: p for p in profile.positions}
    for k in statement_keys:
        if ids[k] in existing:
            existing[ids[k]].value = positions[k]
        else:
            profile.positions.append(ProfilePosition(statement_id=ids[k], value=positions[k]))
    db.session.flush()
    return profile


def delete_profile(selftest: SelfTest, key: int) -> None:
    """Remove a profile; a published self-test keeps at least three."""
    current = selftest.current_version
    if profile_by_key(current, key) is None:
        raise SelfTestError(_("This profile does not exist (any more)."))
    if selftest.published and len(current.profiles) <= MIN_PROFILES:
        raise SelfTestError(
            _("A published self-test keeps at least %(min)d profiles.", min=MIN_PROFILES)
        )
    version = working_version(selftest)
    version.profiles.remove(profile_by_key(version, key))
    db.session.flush()
