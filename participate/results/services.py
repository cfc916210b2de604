"""The rules of the results: who may export what, what an export records in the audit log,
how a file is made without ever leaving half of one, and what the results page and the
council's report show."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from participate.audit.services import record
from participate.auth.permissions import can
from participate.consultations.models import Consultation, Phase, Theme
from participate.db import db
from participate.ideas.models import Idea
from participate.results import writers
from participate.results.filters import ExportError, ExportFilter, check_format
from participate.results.tables import Export, Figure, latest_response, summary
from participate.selftest.aggregates import Aggregates, aggregates
from participate.selftest.models import SelfTest

EXPORT_ACTION = "results.export"
CONTACTS_ACTION = "results.export_contact_details"
REPORT_ACTION = "results.report"


# -- Exports --------------------------------------------------------------------------------


def start_export(
    actor: Any,
    consultation: Consultation,
    flt: ExportFilter,
    fmt: str,
    *,
    contact_details: bool = False,
    via: str = "site",
) -> Export:
    """Begin an export and record it in the audit log. The council and admins may export;
    only admins may add the authors' contact details (the command line, run by whoever runs
    the server, may too: `actor` is None there). The variant with contact details is
    recorded under its own action, so that the log shows it at a glance."""
    check_format(fmt)
    if actor is not None and not can(actor, "results.export"):
        raise ExportError(_("Only the council and admins may export the results."))
    if contact_details and actor is not None and not can(actor, "results.export_contacts"):
        raise ExportError(
            _("Only admins may export the authors' contact details."), "contact_details"
        )
    export = Export(consultation=consultation, filter=flt, contact_details=contact_details)
    record(
        actor,
        CONTACTS_ACTION if contact_details else EXPORT_ACTION,
        consultation,
        after={
            "format": fmt,
            "filters": flt.describe(),
            "contact_details": contact_details,
            "via": via,
        },
    )
    return export


def write(export: Export, fmt: str, out: IO[bytes]) -> None:
    writers.WRITERS[check_format(fmt)](export, out)


def filename(export: Export, fmt: str) -> str:
    stamp = export.generated_at.strftime("%Y%m%d-%H%M")
    suffix = "-contact-details" if export.contact_details else ""
    return f"{export.consultation.slug}-results-{stamp}{suffix}.{writers.EXTENSIONS[fmt]}"


def check_output(path: Path) -> Path:
    """The folder a file is to be written in: it must exist, and the path must not be one."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(_("%(path)s is a folder: give a file name.", path=str(path)), "output")
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(_("The folder %(path)s does not exist.", path=str(folder)), "output")
    return folder


def write_to_path(export: Export, fmt: str, path: Path) -> Path:
    """Write the export next to `path` under a temporary name, then rename it into place: a
    failure leaves no file, and never a partial one."""
    path = Path(path)
    folder = check_output(path)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            write(export, fmt, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


# -- The results page and the council's report ----------------------------------------------


@dataclass
class TopIdea:
    id: int
    title: str
    status: str
    supporters: int
    opponents: int
    comments: int
    source: str
    response_md: str


@dataclass
class ThemeResult:
    theme: Theme
    ideas: int = 0
    supporters: int = 0
    opponents: int = 0
    comments: int = 0
    top: list[TopIdea] = field(default_factory=list)


@dataclass
class SelfTestResult:
    selftest: SelfTest
    versions: list[Aggregates]

    @property
    def completions(self) -> int:
        return sum(v.completions for v in self.versions)


@dataclass
class Overview:
    consultation: Consultation
    figures: list[Figure]
    themes: list[ThemeResult]
    selftests: list[SelfTestResult]

    def figure(self, key: str) -> int:
        return next(f.value for f in self.figures if f.key == key)


def results_published(consultation: Consultation) -> bool:
    return consultation.phase() == Phase.RESULTS


def overview(
    consultation: Consultation,
    flt: ExportFilter | None = None,
    *,
    per_theme: int = 5,
    published_selftests_only: bool = True,
) -> Overview:
    """Totals, the `per_theme` most supported ideas of each theme (by supporters less
    opponents, as the site's "most supported" list) with their status and latest official
    response, and the self-tests' figures. Without a filter: what the public sees."""
    flt = flt or ExportFilter()
    export = Export(consultation=consultation, filter=flt)
    clause = flt.ideas_clause(consultation)
    themes = {
        t.id: ThemeResult(t)
        for t in consultation.themes
        if not flt.theme_ids or t.id in flt.theme_ids
    }
    for theme_id, n, up, down, comments in db.session.execute(
        select(
            Idea.theme_id,
            func.count(Idea.id),
            func.sum(Idea.support_count),
            func.sum(Idea.oppose_count),
            func.sum(Idea.comment_count),
        )
        .where(clause)
        .group_by(Idea.theme_id)
    ):
        if theme_id in themes:
            result = themes[theme_id]
            result.ideas, result.supporters = int(n), int(up or 0)
            result.opponents, result.comments = int(down or 0), int(comments or 0)

    ranked = (
        select(
            Idea.id,
            func.row_number()
            .over(
                partition_by=Idea.theme_id,
                order_by=((Idea.support_count - Idea.oppose_count).desc(), Idea.id.desc()),
            )
            .label("rank"),
        )
        .where(clause)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Idea.id,
            Idea.theme_id,
            Idea.title,
            Idea.status,
            Idea.support_count,
            Idea.oppose_count,
            Idea.comment_count,
            Idea.source,
            latest_response(),
        )
        .join(ranked, ranked.c.id == Idea.id)
        .where(ranked.c.rank <= per_theme)
        .order_by(Idea.theme_id, ranked.c.rank)
    )
    for idea_id, theme_id, title, status, up, down, comments, source, response in rows:
        if theme_id in themes:
            themes[theme_id].top.append(
                TopIdea(idea_id, title, status, up, down, comments, source, response or "")
            )

    selftests = [
        SelfTestResult(
            selftest,
            [
                figures
                for figures in (aggregates(v) for v in reversed(selftest.versions))
                if figures.completions or figures.version is selftest.current_version
            ],
        )
        for selftest in export.selftests()
        if selftest.published or not published_selftests_only
    ]
    return Overview(consultation, summary(export), list(themes.values()), selftests)


def record_report(actor: Any, consultation: Consultation, flt: ExportFilter) -> None:
    """The printable report is an export too: it is in the audit log."""
    record(
        actor, REPORT_ACTION, consultation, after={"format": "report", "filters": flt.describe()}
    )
