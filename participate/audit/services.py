"""Recording and reading the audit log. Services of other capabilities call `record(...)` in
the same transaction as the action, so an action and its entry are saved together or not at all."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select

from participate.audit.models import AuditEntry
from participate.db import db


def record(
    actor: Any,
    action: str,
    target: Any = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one entry: who (`actor`), what (`action`, e.g. "idea.set_status"), on which item,
    the state before and after, and the reason given."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "display_name", "") or "",
        action=action,
        target_type=target.__tablename__ if target is not None else "",
        target_id=getattr(target, "id", None),
        before=before,
        after=after,
        reason=reason or "",
    )
    db.session.add(entry)
    db.session.flush()
    return entry


@dataclass
class AuditFilter:
    action: str = ""
    actor_id: int | None = None
    target_type: str = ""
    target_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None

    def apply(self, statement: Select) -> Select:
        if self.action:
            statement = statement.where(AuditEntry.action == self.action)
        if self.actor_id:
            statement = statement.where(AuditEntry.actor_id == self.actor_id)
        if self.target_type:
            statement = statement.where(AuditEntry.target_type == self.target_type)
        if self.target_id:
            statement = statement.where(AuditEntry.target_id == self.target_id)
        if self.since:
            statement = statement.where(AuditEntry.created_at >= self.since)
        if self.until:
            statement = statement.where(AuditEntry.created_at < self.until)
        return statement


def entries(flt: AuditFilter, page: int = 1, per_page: int = 50) -> tuple[list[AuditEntry], int]:
    base = flt.apply(select(AuditEntry))
    total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = db.session.scalars(
        base.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(rows), total


def actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )


def neutralise(value: Any) -> str:
    """Spreadsheet formula injection: a cell starting with = + - @ (or a tab/CR) is made text."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


CSV_COLUMNS = [
    "id",
    "created_at",
    "actor_id",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "before",
    "after",
    "reason",
]


def csv_rows(flt: AuditFilter) -> Iterator[str]:
    """The filtered log as CSV, streamed row by row (UTF-8 with BOM so Excel reads it right)."""
    import json

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    writer.writerow(CSV_COLUMNS)
    statement = flt.apply(select(AuditEntry)).order_by(AuditEntry.created_at, AuditEntry.id)
    for entry in db.session.scalars(statement.execution_options(yield_per=500)):
        writer.writerow(
            [
                entry.id,
                entry.created_at.isoformat(),
                entry.actor_id or "",
                neutralise(entry.actor_name),
                entry.action,
                entry.target_type,
                entry.target_id or "",
                neutralise(
                    json.dumps(entry.before, ensure_ascii=False) if entry.before is not None else ""
                ),
                neutralise(
                    json.dumps(entry.after, ensure_ascii=False) if entry.after is not None else ""
                ),
                neutralise(entry.reason),
            ]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
    yield buffer.getvalue()
