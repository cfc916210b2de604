from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Response, current_app, render_template, request, stream_with_context

from participate.audit import bp, services
from participate.auth.permissions import require


def _filter_from_args() -> services.AuditFilter:
    args = request.args
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])

    def day(name: str, add: int = 0) -> datetime | None:
        value = args.get(name, "")
        try:
            parsed = datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            return None
        return datetime.combine(parsed.date() + timedelta(days=add), time(), tzinfo=zone)

    return services.AuditFilter(
        action=args.get("action", "")[:60],
        actor_id=args.get("actor", type=int),
        target_type=args.get("target_type", "")[:40],
        target_id=args.get("target_id", type=int),
        since=day("since"),
        until=day("until", add=1),
    )


@bp.get("/admin/audit")
@require("audit.view")
def index():
    flt = _filter_from_args()
    page = max(1, request.args.get("page", 1, type=int))
    rows, total = services.entries(flt, page=page)
    return render_template(
        "audit/index.html",
        rows=rows,
        total=total,
        page=page,
        per_page=50,
        actions=services.actions(),
        args=request.args,
    )


@bp.get("/admin/audit.csv")
@require("audit.view")
def download():
    flt = _filter_from_args()
    response = Response(
        stream_with_context(services.csv_rows(flt)), mimetype="text/csv; charset=utf-8"
    )
    response.headers["Content-Disposition"] = "attachment; filename=audit-log.csv"
    return response
