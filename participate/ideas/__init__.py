from flask import Blueprint

bp = Blueprint("ideas", __name__, template_folder="templates")

from participate.ideas import comment_views, views  # noqa: E402, F401
from participate.ideas.services import photo_access  # noqa: E402
from participate.images.services import register_access_check  # noqa: E402

register_access_check(photo_access)


@bp.record_once
def _template_globals(state) -> None:
    from participate.ideas import fragment_keys as keys

    state.app.jinja_env.globals.update(
        idea_card_key=keys.card_key,
        vote_box_key=keys.vote_box_key,
        idea_list_key=keys.card_list_key,
        comment_key=keys.comment_key,
        kept_thread=keys.kept_thread,
    )
