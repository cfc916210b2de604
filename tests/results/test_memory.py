"""Exports stream: the memory an export takes does not grow with the consultation. Measured
with tracemalloc (Python's own allocations, not time): the peak while writing a consultation
five times as large stays well under twice the peak of the small one, in each format. (A
writer that kept rows in memory would need about five times as much.) Speed is the
benchmark's business (issue 9), not this test's."""

from __future__ import annotations

import gc
import tempfile
import tracemalloc
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from participate.accounts.models import User
from participate.consultations.models import Consultation
from participate.db import db, utcnow
from participate.ideas.models import Comment, Idea, Vote
from participate.results import services, tables
from participate.results.filters import ExportFilter
from participate.results.tables import Export

SMALL = 100
TEXT = "Een voorstel met een uitleg van ongeveer honderd tekens, zodat elke rij iets weegt. " * 3


def fill(consultation: Consultation, ideas: int) -> None:
    """`ideas` ideas by ideas/3 authors, each with two votes and two comments, in bulk."""
    now = utcnow()
    first_user = (db.session.scalar(select(User.id).order_by(User.id.desc()).limit(1)) or 0) + 1
    people = max(3, ideas // 3)
    db.session.execute(
        insert(User),
        [
            {
                "id": first_user + i,
                "email": f"geheugen{consultation.id}-{i}@example.com",
                "display_name": f"Inwoner {i}",
                "password_hash": "-",
                "session_token": f"t{consultation.id}-{i}",
            }
            for i in range(people)
        ],
    )
    first_idea = (db.session.scalar(select(Idea.id).order_by(Idea.id.desc()).limit(1)) or 0) + 1
    theme_ids = [t.id for t in consultation.themes]
    db.session.execute(
        insert(Idea),
        [
            {
                "id": first_idea + i,
                "consultation_id": consultation.id,
                "theme_id": theme_ids[i % len(theme_ids)],
                "author_id": first_user + i % people,
                "title": f"Idee nummer {i} voor een betere gemeente",
                "body_md": TEXT,
                "support_count": 2,
                "comment_count": 2,
                "created_at": now - timedelta(minutes=i),
            }
            for i in range(ideas)
        ],
    )
    db.session.execute(
        insert(Vote),
        [
            {
                "idea_id": first_idea + i,
                "user_id": first_user + (i + k + 1) % people,
                "consultation_id": consultation.id,
                "value": 1,
                "created_at": now - timedelta(hours=i % 200),
            }
            for i in range(ideas)
            for k in range(2)
        ],
    )
    db.session.execute(
        insert(Comment),
        [
            {
                "idea_id": first_idea + i,
                "author_id": first_user + (i + 7 * k) % people,
                "body_md": TEXT,
                "created_at": now,
            }
            for i in range(ideas)
            for k in range(2)
        ],
    )
    db.session.flush()


def peak(consultation: Consultation, fmt: str) -> int:
    export = Export(consultation, ExportFilter())
    with tempfile.TemporaryFile() as out:
        gc.collect()
        tracemalloc.start()
        try:
            services.write(export, fmt, out)
            _current, top = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return top


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_an_export_five_times_as_large_does_not_take_more_memory(
    request_ctx, make_consultation, monkeypatch, fmt
):
    # Rows are fetched in batches: with batches smaller than the small consultation, both
    # sizes hold a full batch, and what remains is whatever grows with the data.
    monkeypatch.setattr(tables, "BATCH", 25)
    small, large = make_consultation("results"), make_consultation("results")
    fill(small, SMALL)
    fill(large, 5 * SMALL)
    peak(small, fmt)  # warm up: compiled statements, translations, imports

    small_peak, large_peak = peak(small, fmt), peak(large, fmt)

    assert large_peak < 2 * small_peak, (small_peak, large_peak)
