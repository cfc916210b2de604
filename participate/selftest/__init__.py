"""The self-test: "in what kind of municipality do you want to live?" Statements, profiles,
an honest score (see scoring.py), results with a permalink, and figures for the council."""

from flask import Blueprint

bp = Blueprint("selftest", __name__, template_folder="templates")

from participate.selftest import admin_views, views  # noqa: E402, F401


@bp.app_context_processor
def _selftest_links() -> dict:
    """`selftests_for(consultation)`: the published self-tests of a consultation;
    `selftests_for(None)` lists every published self-test (home page). The consultation page
    passes its kept ones instead (participate/consultations/content.py)."""
    from participate.selftest.services import public_selftests

    return {"selftests_for": public_selftests}


from participate.selftest import sharing  # noqa: E402

sharing.register()
