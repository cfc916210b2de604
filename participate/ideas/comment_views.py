from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participate.db import db
from participate.extensions import account_key, limiter
from participate.forms import add_error
from participate.ideas import bp, comments
from participate.ideas.comment_forms import CommentForm
from participate.ideas.forms import VoteForm
from participate.ideas.models import Comment
from participate.ideas.services import IdeaError
from participate.ideas.views import _load_idea, _write_limit


def _anchor(comment_id: int | None, idea_id: int) -> str:
    return url_for("ideas.show", idea_id=idea_id) + (
        f"#comment-{comment_id}" if comment_id else "#comments"
    )


def _comment_limit() -> str:
    from flask import current_app

    return current_app.config["RATELIMIT_COMMENT"]


@bp.post("/ideas/<int:idea_id>/comments")
@login_required
@limiter.limit(_write_limit)
@limiter.limit(_comment_limit, key_func=account_key)
def post_comment(idea_id: int):
    idea = _load_idea(idea_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            comment = comments.post_comment(
                idea, current_user, form.body_md.data, form.parent_id.data or None
            )
        except IdeaError as err:
            db.session.rollback()
            flash(err.message, "error")
            return redirect(_anchor(None, idea.id), code=303)
        if comment.visibility == "pending":
            flash(
                _(
                    "Thank you! Your comment is awaiting moderation; we will let you know by e-mail."
                ),
                "success",
            )
            return redirect(_anchor(comment.id, idea.id), code=303)
        flash(_("Your comment is posted."), "success")
        return redirect(_anchor(comment.id, idea.id), code=303)
    for errors in form.errors.values():
        flash(errors[0], "error")
    return redirect(_anchor(form.parent_id.data, idea.id), code=303)


def _load_comment(comment_id: int) -> Comment:
    comment = db.get_or_404(Comment, comment_id)
    _load_idea(comment.idea_id)
    return comment


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_comment(comment_id: int):
    comment = _load_comment(comment_id)
    refusal = comments.edit_refusal(comment, current_user)
    if refusal:
        flash(refusal, "error")
        return redirect(_anchor(comment.id, comment.idea_id), code=303)
    form = CommentForm(obj=comment)
    if form.validate_on_submit():
        try:
            comments.edit_comment(comment, current_user, form.body_md.data)
        except IdeaError as err:
            add_error(form, err.message, err.field)
        else:
            flash(_("Your comment is changed."), "success")
            return redirect(_anchor(comment.id, comment.idea_id), code=303)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("ideas/edit_comment.html", form=form, comment=comment), status


@bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete_comment(comment_id: int):
    comment = _load_comment(comment_id)
    if not VoteForm().validate_on_submit():
        abort(400)
    try:
        comments.delete_comment(comment, current_user)
    except IdeaError as err:
        flash(err.message, "error")
    else:
        flash(_("The comment is removed."), "success")
    return redirect(_anchor(comment.id, comment.idea_id), code=303)
