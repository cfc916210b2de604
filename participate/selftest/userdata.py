"""The self-test's part of the citizen's data: results they saved to their account. On
deletion a saved result is unlinked from the account, so it becomes as anonymous as every other
response (and the council's figures stay exact); the anonymous-answers retention period then
applies to it like to the others."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from participate.accounts.models import User
from participate.db import db
from participate.selftest.models import Response, Statement
from participate.urls import external_url

SECTION = "selftest"
DELETE_ORDER = 20


def export_user_data(user: User) -> list[dict[str, Any]]:
    responses = db.session.scalars(
        select(Response).where(Response.user_id == user.id).order_by(Response.id)
    )
    return [
        {
            "selftest": r.version.selftest.title,
            "version": r.version.number,
            "taken_at": r.created_at,
            "best_match": r.top_profile.name if r.top_profile else None,
            "answers": [
                {
                    "statement": db.session.get(Statement, a.statement_id).text,
                    "answer": a.value,
                    "matters_a_lot": a.important,
                }
                for a in r.answers
            ],
            "address": external_url("selftest.result", token=r.token),
        }
        for r in responses
    ]


def delete_user_data(user: User) -> None:
    db.session.execute(
        update(Response)
        .where(Response.user_id == user.id)
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )
