"""Sharing: preview tags and images, share links that count, QR codes, feeds and embeds."""

from flask import Blueprint

bp = Blueprint("share", __name__, template_folder="templates")

from participate.share import arrivals, builtin, embed_views, helpers, views  # noqa: E402, F401

builtin.register()


@bp.record_once
def _template_globals(state) -> None:
    state.app.jinja_env.globals.update(
        share_meta=helpers.share_meta,
        share_actions=helpers.share_actions,
        source_label=helpers.source_label,
    )
