"""Fill a migrated database with a named size of realistic data, fast.

    python -m bench.generate --size small --database-url sqlite:///bench/data/small.db --reset

The large tables (accounts, ideas, votes, comments, self-test responses and answers) are
written in bulk: COPY on PostgreSQL, executemany of a Core `insert()` elsewhere, never one ORM
object at a time. The few rows that have rules of their own (consultations and themes, the
self-test with its profiles) go through the ORM or the app's services.

What the app keeps exact holds here too, and `bench.consistency` checks it: every idea's
support_count, oppose_count and comment_count equal its rows, and its trend_score is the sum of
its votes' weights (participate.ideas.services.trend_weight). SQLite's full-text index is
filled by the migration's triggers as the ideas are inserted; PostgreSQL's search vector is a
stored generated column, computed as each idea is written. Popularity is skewed (Zipf-like): a few ideas get most of the votes and comments.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import sys
import time
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, create_engine, func, insert, select, text, update
from sqlalchemy.engine import Connection

from bench import texts
from bench.config import ACCOUNT_EMAIL, DETAIL_COMMENTS, PASSWORD, SIZES, Size

BATCH = 5_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
CONSULTATION_SHARES = [0.40, 0.25, 0.15, 0.12, 0.08]
ZIPF_OFFSET, ZIPF_EXPONENT = 5, 1.1  # weight of the idea ranked r: 1 / (r + 5) ** 1.1
COMMENT_CAP = 250  # the most discussed idea has a long, but not endless, thread
THEMES = [
    ("Wonen", "#a63d17"),
    ("Mobiliteit", "#1d4f91"),
    ("Natuur en open ruimte", "#2e6b30"),
    ("Economie en werk", "#7a5200"),
    ("Voorzieningen en ontmoeting", "#6d3a8c"),
    ("Klimaat en water", "#006670"),
]
THEME_SHARES = [0.25, 0.30, 0.15, 0.08, 0.12, 0.10]
REGIONS = ["Lindeveld", "Heikant", "Oostbroek", "Meerdonk", "Zandhoven-Noord"]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


def _moment(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


def _token(rng: random.Random, nbytes: int = 24) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(nbytes)).rstrip(b"=").decode()


class Writer:
    """Bulk rows into one connection (the caller's transaction): COPY on PostgreSQL,
    executemany of a Core insert() on SQLite."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        self.written: dict[str, int] = {}

    def table(self, name: str) -> Table:
        from participate.models import metadata

        return metadata.tables[name]

    def next_id(self, name: str) -> int:
        """The first id to give: after the table's rows, and on PostgreSQL after what its
        sequence already handed out (rolled-back inserts included), as an insert would."""
        table = self.table(name)
        last = self.connection.scalar(select(func.max(table.c.id))) or 0
        if self.postgres:
            sequence = self.connection.scalar(
                text(f"SELECT pg_get_serial_sequence('{name}', 'id')")
            )
            handed_out = self.connection.scalar(
                text(
                    "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END "
                    f"FROM {sequence}"
                )
            )
            last = max(last, handed_out or 0)
        return last + 1

    def write(self, name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        started, count = time.perf_counter(), 0
        if self.postgres:
            raw = self.connection.connection.driver_connection
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            statement = insert(self.table(name))
            batch: list[dict[str, Any]] = []
            for row in rows:
                batch.append(dict(zip(columns, row, strict=True)))
                if len(batch) >= BATCH:
                    self.connection.execute(statement, batch)
                    count += len(batch)
                    batch = []
            if batch:
                self.connection.execute(statement, batch)
                count += len(batch)
        self.written[name] = self.written.get(name, 0) + count
        _log(f"  {name}: {count} rows in {time.perf_counter() - started:.1f} s")
        return count

    def fix_sequences(self, names: Iterable[str]) -> None:
        """Rows were given their ids: PostgreSQL's sequences continue after them (never back)."""
        if not self.postgres:
            return
        for name in names:
            sequence = self.connection.scalar(
                text(f"SELECT pg_get_serial_sequence('{name}', 'id')")
            )
            self.connection.execute(
                text(
                    f"SELECT setval('{sequence}', greatest("
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), "
                    f"(SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END "
                    f"FROM {sequence})), false)"
                )
            )


@dataclass
class IdeaPlan:
    id: int
    consultation: int  # index into the consultations
    theme_id: int
    author_id: int
    created: int  # microseconds since the epoch
    status: str = "published"
    featured: bool = False
    support: int = 0
    oppose: int = 0
    trend: float = 0.0
    comments: int = 0  # visible ones: comment_count
    votes_wanted: int = 0
    comments_wanted: int = 0


@dataclass
class Plan:
    size: Size
    now: datetime
    user_ids: range
    consultation_ids: list[int] = field(default_factory=list)
    slugs: list[str] = field(default_factory=list)
    for_against: list[bool] = field(default_factory=list)
    theme_ids: list[list[int]] = field(default_factory=list)
    ideas: list[IdeaPlan] = field(default_factory=list)
    detail: IdeaPlan | None = None
    first_ids: dict[str, int] = field(default_factory=dict)  # ids given by the generator


# -- Accounts, consultations --------------------------------------------------------------


def _accounts(writer: Writer, size: Size, now: datetime, rng: random.Random) -> range:
    from participate.accounts.passwords import hash_password

    first = writer.next_id("users")
    ids = range(first, first + size.accounts)
    password_hash = hash_password(PASSWORD)  # one hash for all: argon2 is slow on purpose

    def rows() -> Iterator[tuple]:
        for n, user_id in enumerate(ids, start=1):
            joined = now - timedelta(days=90 * rng.random() + 1)
            yield (
                user_id,
                ACCOUNT_EMAIL.format(n=n),
                texts.display_name(n),
                password_hash,
                "citizen",
                joined,
                "nl",
                _token(rng, 16),
                joined,
                "",
            )

    writer.write(
        "users",
        (
            "id",
            "email",
            "display_name",
            "password_hash",
            "role",
            "email_verified_at",
            "locale",
            "session_token",
            "created_at",
            "blocked_reason",
        ),
        rows(),
    )
    return ids


def _consultations(plan: Plan, rng: random.Random) -> None:
    from participate.consultations.models import Consultation, Theme
    from participate.db import db

    now = plan.now
    for i in range(plan.size.consultations):
        region = REGIONS[i % len(REGIONS)]
        consultation = Consultation(
            slug=f"bench-{i + 1}-{region.lower()}",
            title=f"Ruimte voor morgen in {region}: hoe gebruiken we onze ruimte in 2040?",
            intro_md=" ".join(texts.idea_body(rng) for _ in range(2)),
            moderation_mode="post",
            # The second consultation votes for and against; the others only support.
            voting_mode="for_against" if i == 1 else "support",
            vote_limit=None,
            ideas_open_at=now - timedelta(days=60),
            voting_open_at=now + timedelta(days=30),
            closed_at=now + timedelta(days=45),
            results_at=now + timedelta(days=60),
            created_at=now - timedelta(days=62),
            themes=[
                Theme(name=name, colour=colour, position=p)
                for p, (name, colour) in enumerate(THEMES)
            ],
        )
        db.session.add(consultation)
        db.session.flush()
        plan.consultation_ids.append(consultation.id)
        plan.slugs.append(consultation.slug)
        plan.for_against.append(consultation.voting_mode == "for_against")
        plan.theme_ids.append([t.id for t in consultation.themes])


# -- The plan: who posts what, who votes and comments where --------------------------------


def _shares(n: int, total: int) -> list[int]:
    shares = CONSULTATION_SHARES[:n]
    counts = [int(total * s / sum(shares)) for s in shares]
    counts[0] += total - sum(counts)
    return counts


def _zipf_counts(total: int, n: int, cap: int, rng: random.Random) -> list[int]:
    """`total` spread over `n` items ranked by popularity (index 0 the most popular), none
    above `cap`."""
    weights = [1 / (r + ZIPF_OFFSET) ** ZIPF_EXPONENT for r in range(n)]
    scale = total / sum(weights)
    counts = [min(cap, int(w * scale)) for w in weights]
    missing = total - sum(counts)
    while missing > 0:
        open_items = [i for i, c in enumerate(counts) if c < cap]
        if not open_items:
            break
        for i in rng.sample(open_items, min(missing, len(open_items))):
            counts[i] += 1
            missing -= 1
    return counts


def _plan_ideas(plan: Plan, rng: random.Random) -> None:
    size, now = plan.size, plan.now
    opened = _micros(now - timedelta(days=60))
    span = _micros(now - timedelta(hours=1)) - opened
    idea_id = plan.first_ids["ideas"]
    for index, count in enumerate(_shares(size.consultations, size.ideas)):
        themes = plan.theme_ids[index]
        for _ in range(count):
            plan.ideas.append(
                IdeaPlan(
                    id=idea_id,
                    consultation=index,
                    theme_id=rng.choices(themes, weights=THEME_SHARES)[0],
                    # A few accounts post many ideas, most post none.
                    author_id=plan.user_ids[int(len(plan.user_ids) * rng.random() ** 3)],
                    created=opened + int(span * rng.random()),
                )
            )
            idea_id += 1

    ranked = list(plan.ideas)
    rng.shuffle(ranked)  # ranked[0] is the most popular idea
    votes = _zipf_counts(size.votes, len(ranked), int(len(plan.user_ids) * 0.8), rng)
    comments = _zipf_counts(size.comments, len(ranked), COMMENT_CAP, rng)
    for idea, n_votes, n_comments in zip(ranked, votes, comments, strict=True):
        idea.votes_wanted, idea.comments_wanted = n_votes, n_comments

    # The measured detail page: a popular idea of the largest consultation, exactly 100
    # comments. Its comments come out of the total, so the sizes stay as named.
    detail = next(i for i in ranked if i.consultation == 0)
    surplus = detail.comments_wanted - DETAIL_COMMENTS
    detail.comments_wanted = DETAIL_COMMENTS
    others = [i for i in ranked if i is not detail]
    for idea in others[len(others) // 2 :] if surplus < 0 else others[:surplus]:
        if surplus < 0 and idea.comments_wanted > 0:
            idea.comments_wanted -= 1
            surplus += 1
        elif surplus > 0:
            idea.comments_wanted += 1
            surplus -= 1
        if surplus == 0:
            break
    plan.detail = detail

    # Official statuses (with a response) on some popular ideas, a few withdrawn ideas (their
    # votes went with them), highlights on the consultation pages.
    for idea in ranked[: max(1, len(ranked) // 50)]:
        if idea is not detail and rng.random() < 0.5:
            idea.status = rng.choice(["under_consideration", "accepted", "rejected", "implemented"])
    cap = int(len(plan.user_ids) * 0.8)
    for idea in ranked[len(ranked) // 2 :][: max(1, len(ranked) // 100)]:
        # Withdrawn: its votes went with it (to other ideas here, so the size stays as named).
        for _ in range(idea.votes_wanted):
            other = ranked[int(len(ranked) * rng.random() ** 2)]
            if other.status != "withdrawn" and other.votes_wanted < cap:
                other.votes_wanted += 1
        idea.status, idea.votes_wanted = "withdrawn", 0
    for index in range(size.consultations):
        for idea in [i for i in ranked[:200] if i.consultation == index][:4]:
            if idea.status != "withdrawn":
                idea.featured = True


def _plan_votes(plan: Plan, rng: random.Random) -> tuple[array, array, array, array]:
    """Every vote as (idea, account, moment, value), in compact arrays: millions of them."""
    from participate.ideas.services import trend_weight

    idea_ids, user_ids, moments, values = array("q"), array("q"), array("q"), array("b")
    now = _micros(plan.now)
    n_users = len(plan.user_ids)
    first_user = plan.user_ids[0]
    for idea in plan.ideas:
        if not idea.votes_wanted:
            continue
        against = plan.for_against[idea.consultation]
        voters = rng.sample(range(n_users), idea.votes_wanted)
        voters.sort()
        for voter in voters:
            moment = idea.created + int((now - idea.created) * rng.random())
            value = -1 if against and rng.random() < 0.2 else 1
            idea_ids.append(idea.id)
            user_ids.append(first_user + voter)
            moments.append(moment)
            values.append(value)
            if value > 0:
                idea.support += 1
                idea.trend += trend_weight(_moment(moment))
            else:
                idea.oppose += 1
    return idea_ids, user_ids, moments, values


# -- Writing ------------------------------------------------------------------------------


# Row triggers on `ideas` that update the idea's consultation (migrations b71c04d2e9a8 and
# d4a7c2e91f30).
ROW_TRIGGERS_ON_CONSULTATIONS = ("ideas_public_count", "ideas_version")


@contextmanager
def _public_counts_recounted(writer: Writer) -> Iterator[None]:
    """The public idea counts of consultations and themes, counted once after the ideas are
    written. PostgreSQL's row trigger would update the same consultation's row once per
    idea in one transaction, each update a new version of that row to walk past: tens of
    thousands of ideas took minutes. So the trigger is off during the COPY (on PostgreSQL;
    SQLite's triggers update the row in place) and the counts are set as the migration's
    backfill sets them; each consultation's ideas_version goes up once, as the trigger
    would have raised it."""
    from participate.consultations.models import Consultation, Theme
    from participate.ideas.models import Idea

    if writer.postgres:
        for trigger in ROW_TRIGGERS_ON_CONSULTATIONS:
            writer.connection.execute(text(f"ALTER TABLE ideas DISABLE TRIGGER {trigger}"))
    yield
    if writer.postgres:
        for trigger in ROW_TRIGGERS_ON_CONSULTATIONS:
            writer.connection.execute(text(f"ALTER TABLE ideas ENABLE TRIGGER {trigger}"))
    for model, column in ((Consultation, Idea.consultation_id), (Theme, Idea.theme_id)):
        count = (
            select(func.count(Idea.id))
            .where(column == model.id, Idea.public_clause())
            .scalar_subquery()
        )
        writer.connection.execute(update(model).values(public_idea_count=count))
    writer.connection.execute(
        update(Consultation).values(ideas_version=Consultation.ideas_version + 1)
    )


def _write_ideas(writer: Writer, plan: Plan, rng: random.Random) -> None:
    def rows() -> Iterator[tuple]:
        for idea in plan.ideas:
            created = _moment(idea.created)
            yield (
                idea.id,
                plan.consultation_ids[idea.consultation],
                idea.theme_id,
                idea.author_id,
                texts.idea_title(rng),
                texts.idea_body(rng),
                texts.place(rng),
                idea.status,
                idea.support,
                idea.oppose,
                idea.comments,
                idea.trend,
                created,
                "visible",
                "online",
                idea.featured,
                False,
            )

    writer.write(
        "ideas",
        (
            "id",
            "consultation_id",
            "theme_id",
            "author_id",
            "title",
            "body_md",
            "place",
            "status",
            "support_count",
            "oppose_count",
            "comment_count",
            "trend_score",
            "created_at",
            "visibility",
            "source",
            "featured",
            "pinned",
        ),
        rows(),
    )


def _write_votes(writer: Writer, plan: Plan, votes: tuple[array, array, array, array]) -> None:
    idea_ids, user_ids, moments, values = votes
    consultation_of = {i.id: plan.consultation_ids[i.consultation] for i in plan.ideas}
    first = plan.first_ids["votes"]

    def rows() -> Iterator[tuple]:
        for n in range(len(idea_ids)):
            idea_id = idea_ids[n]
            yield (
                first + n,
                idea_id,
                user_ids[n],
                consultation_of[idea_id],
                values[n],
                _moment(moments[n]),
            )

    writer.write(
        "votes", ("id", "idea_id", "user_id", "consultation_id", "value", "created_at"), rows()
    )


def _write_comments(writer: Writer, plan: Plan, rng: random.Random) -> None:
    """A quarter are replies to an earlier top-level comment of the same idea; a few were
    removed by their author (placeholder "--", not counted). The detail idea's 100 all show."""
    now = _micros(plan.now)
    next_id = plan.first_ids["comments"]

    def rows() -> Iterator[tuple]:
        nonlocal next_id
        for idea in plan.ideas:
            if not idea.comments_wanted:
                continue
            moments = sorted(
                idea.created + int((now - idea.created) * rng.random())
                for _ in range(idea.comments_wanted)
            )
            top_level: list[int] = []
            for n, moment in enumerate(moments):
                reply = top_level and (n % 10 >= 7 if idea is plan.detail else rng.random() < 0.25)
                removed = idea is not plan.detail and rng.random() < 0.015
                parent = rng.choice(top_level) if reply else None
                if not reply:
                    top_level.append(next_id)
                if not removed:
                    idea.comments += 1
                created = _moment(moment)
                yield (
                    next_id,
                    idea.id,
                    parent,
                    plan.user_ids[int(len(plan.user_ids) * rng.random() ** 2)],
                    "--" if removed else texts.comment_body(rng),
                    created,
                    created + timedelta(hours=1) if removed else None,
                    "visible",
                    "online",
                )
                next_id += 1

    writer.write(
        "comments",
        (
            "id",
            "idea_id",
            "parent_id",
            "author_id",
            "body_md",
            "created_at",
            "deleted_at",
            "visibility",
            "source",
        ),
        rows(),
    )


def _comment_counts(writer: Writer, plan: Plan) -> None:
    """The ideas were written before their comments (foreign keys): set comment_count now,
    in one statement per distinct count rather than one per idea."""
    from participate.ideas.models import Idea

    by_count: dict[int, list[int]] = {}
    for idea in plan.ideas:
        if idea.comments:
            by_count.setdefault(idea.comments, []).append(idea.id)
    table = Idea.__table__
    for count, ids in by_count.items():
        for start in range(0, len(ids), 900):
            writer.connection.execute(
                table.update()
                .where(table.c.id.in_(ids[start : start + 900]))
                .values(comment_count=count)
            )


def _write_status_changes(writer: Writer, plan: Plan, rng: random.Random) -> None:
    from participate.demo_content import RESPONSES

    official = [i for i in plan.ideas if i.status not in ("published", "withdrawn")]
    first = writer.next_id("idea_status_changes")
    now = _micros(plan.now)
    writer.write(
        "idea_status_changes",
        ("id", "idea_id", "from_status", "to_status", "response_md", "author_id", "created_at"),
        (
            (
                first + n,
                idea.id,
                "published",
                idea.status,
                rng.choice(RESPONSES).body,
                None,
                _moment(idea.created + (now - idea.created) * 9 // 10),
            )
            for n, idea in enumerate(official)
        ),
    )


def _selftest(writer: Writer, plan: Plan, rng: random.Random) -> list[str]:
    """The demo self-test (through its services, with its own few responses), then the rest of
    the responses in bulk, each with its answers and its computed best-matching profile.
    Returns the tokens of the bulk responses."""
    from participate.consultations.models import Consultation
    from participate.db import db
    from participate.selftest import demo, scoring
    from participate.selftest.taking import rank_profiles

    consultation = db.session.get(Consultation, plan.consultation_ids[0])
    selftest = demo.seed_selftest(consultation, plan.now)
    version = selftest.current_version
    statements = [s.id for s in version.statements]
    profiles = version.profiles
    leanings = [0.35, 0.15, 0.25, 0.25][: len(profiles)]
    count = max(0, plan.size.selftest_responses - demo.RESPONSES)
    first = writer.next_id("selftest_responses")
    start, span = (
        _micros(plan.now - timedelta(days=60)),
        _micros(plan.now) - _micros(plan.now - timedelta(days=60)),
    )
    answers: list[tuple] = []
    tokens: list[str] = []

    def responses() -> Iterator[tuple]:
        for n in range(count):
            lean = rng.choices(profiles, weights=leanings)[0].position_map()
            given: dict[int, scoring.Given] = {}
            for sid in statements:
                roll = rng.random()
                if roll < 0.07:
                    continue
                step = (
                    None
                    if roll < 0.12
                    else min(4, max(0, lean[sid] + rng.choice([-2, -1, 0, 0, 0, 1, 1])))
                )
                given[sid] = scoring.Given(step, rng.random() < 0.2)
            if all(g.step is None for g in given.values()):
                given[statements[0]] = scoring.Given(2, False)
            ranking = rank_profiles(version.profiles, given)
            response_id = first + n
            answers.extend((response_id, sid, g.step, g.important) for sid, g in given.items())
            token = _token(rng)
            tokens.append(token)
            yield (
                response_id,
                version.id,
                token,
                _token(rng),
                plan.user_ids[rng.randrange(len(plan.user_ids))] if rng.random() < 0.1 else None,
                ranking[0].profile_id,
                rng.random() < 0.3,
                _moment(start + int(span * rng.random())),
            )

    writer.write(
        "selftest_responses",
        (
            "id",
            "version_id",
            "token",
            "attempt",
            "user_id",
            "top_profile_id",
            "show_answers",
            "created_at",
        ),
        responses(),
    )
    writer.write("selftest_answers", ("response_id", "statement_id", "value", "important"), answers)
    return tokens


def _site_settings() -> None:
    from participate.db import db
    from participate.site.models import SiteSettings

    if db.session.get(SiteSettings, 1) is None:
        db.session.add(
            SiteSettings(
                id=1,
                municipality_name="Regio Lindeveld",
                tagline="Denk mee over de toekomst van de regio: deel je ideeën, steun die van anderen en praat mee.",
                primary_colour="#1d4f91",
                contact_email="participatie@example.com",
            )
        )
        db.session.flush()


def generate(size: Size, *, seed: int = 2040, now: datetime | None = None) -> dict[str, Any]:
    """Add `size` of data to the app's database, in the session's transaction (the caller
    commits). Returns the manifest: what the load run needs to find its pages and accounts."""
    from participate.db import db, utcnow

    started = time.perf_counter()
    rng = random.Random(seed)
    now = now or utcnow()
    connection = db.session.connection()
    writer = Writer(connection)
    _site_settings()
    user_ids = _accounts(writer, size, now, rng)
    plan = Plan(size=size, now=now, user_ids=user_ids)
    _consultations(plan, rng)
    plan.first_ids = {name: writer.next_id(name) for name in ("ideas", "votes", "comments")}

    _plan_ideas(plan, rng)
    votes = _plan_votes(plan, rng)
    with _public_counts_recounted(writer):
        _write_ideas(writer, plan, rng)
    _write_votes(writer, plan, votes)
    _write_comments(writer, plan, rng)
    _comment_counts(writer, plan)
    _write_status_changes(writer, plan, rng)
    tokens = _selftest(writer, plan, rng)
    writer.fix_sequences(
        ("users", "ideas", "votes", "comments", "idea_status_changes", "selftest_responses")
    )
    db.session.flush()

    largest = [i for i in plan.ideas if i.consultation == 0]
    open_for_votes = [i.id for i in largest if i.status != "withdrawn"]
    sample = random.Random(seed + 1)
    if plan.detail is None:
        raise RuntimeError("no idea was planned for the detail page")
    manifest = {
        "size": size.name,
        "seed": seed,
        "generated_at": now.isoformat(),
        "seconds": round(time.perf_counter() - started, 1),
        "rows": dict(writer.written),
        "slug": plan.slugs[0],
        "slugs": plan.slugs,
        "largest_ideas": len(largest),
        "theme_id": plan.theme_ids[0][1],
        "detail_idea_id": plan.detail.id,
        "detail_comments": plan.detail.comments,
        "vote_idea_ids": sample.sample(open_for_votes, min(2_000, len(open_for_votes))),
        "comment_idea_ids": sample.sample(open_for_votes, min(500, len(open_for_votes))),
        "tokens": sample.sample(tokens, min(500, len(tokens))),
        "accounts": len(user_ids),
        "account_email": ACCOUNT_EMAIL,
        "password": PASSWORD,
    }
    _log(f"generated {size.name} in {manifest['seconds']} s")
    return manifest


# -- Command line -------------------------------------------------------------------------


def reset_database(url: str) -> None:
    """An empty database at `url`: the SQLite file removed, or the PostgreSQL database dropped
    and created again (it must be the benchmark's own)."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(u.database + suffix).unlink(missing_ok=True)
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        return
    admin = create_engine(
        u.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{u.database}"'))
    admin.dispose()


def vacuum(url: str) -> None:
    """What autovacuum would do after a bulk load on PostgreSQL: the planner's statistics, and
    the visibility map that lets a list's page be read from its index alone (an Index Only
    Scan fetches each row from the table until the table is vacuumed). Needed here: the
    machine's PostgreSQL runs with autovacuum off. (SQLite is left as a running site has it:
    the app never runs ANALYZE there.)"""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=2040)
    parser.add_argument("--reset", action="store_true", help="empty the database first")
    parser.add_argument("--manifest", type=Path, help="write the manifest (JSON) here")
    args = parser.parse_args(argv)

    from participate import create_app, migrate
    from participate.db import db

    if args.reset:
        reset_database(args.database_url)
    app = create_app({"DATABASE_URL": args.database_url})
    with app.app_context():
        started = time.perf_counter()
        migrate.upgrade()
        _log(f"migrated in {time.perf_counter() - started:.1f} s")
        manifest = generate(SIZES[args.size], seed=args.seed)
        db.session.commit()
        vacuum(args.database_url)
        from bench.consistency import check

        problems = check(db.session.connection())
        db.session.rollback()
    app.extensions["participate.engine"].dispose()
    manifest["consistent"] = not problems
    if args.manifest:
        args.manifest.parent.mkdir(parents=True, exist_ok=True)
        args.manifest.write_text(json.dumps(manifest, indent=1))
    if problems:
        _log("INCONSISTENT: " + "; ".join(problems))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
