"""The citizen's side: the self-test one statement per screen (each answer a form post; with
JavaScript the next screen comes without a reload), the review, the result and its permalink."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participate.auth.permissions import can
from participate.consultations.services import posting_refusal
from participate.extensions import limiter
from participate.selftest import bp, services, taking
from participate.selftest.forms import AnswerForm, EmptyForm, FinishForm, scale_labels
from participate.selftest.models import SelfTest
from participate.urls import external_url


def _write_limit() -> str:
    return current_app.config["RATELIMIT_WRITE"]


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def load_selftest(slug: str) -> SelfTest:
    """A published self-test that can be taken; admins may also preview one that is not."""
    selftest = services.get_by_slug(slug)
    if selftest is None:
        abort(404)
    ready = selftest.published and not services.problems(selftest.current_version)
    if not ready and not can(current_user, "selftest.manage"):
        abort(404)
    return selftest


@bp.get("/selftests/<slug>")
def intro(slug: str):
    selftest = load_selftest(slug)
    mine = session.get("selftests", {}).get(str(selftest.id))
    in_progress = bool(mine and mine.get("v") == selftest.current_version.id and mine["x"])
    return render_template(
        "selftest/intro.html",
        selftest=selftest,
        version=selftest.current_version,
        in_progress=in_progress,
        restart_form=EmptyForm(),
    )


def _step_context(selftest: SelfTest, number: int, form: AnswerForm | None = None) -> dict:
    version = selftest.current_version
    statements = version.statements
    if not 1 <= number <= len(statements):
        abort(404)
    statement = statements[number - 1]
    mine = taking.progress(session, selftest)
    given = mine["x"].get(str(statement.id))
    if form is None:
        form = AnswerForm(formdata=None)
        form.important.data = bool(given and given[1])
    chosen = form.answer.data if form.answer.data else None
    if chosen is None and given is not None:
        chosen = taking.NO_OPINION if given[0] is None else str(given[0])
    return {
        "selftest": selftest,
        "version": version,
        "statement": statement,
        "number": number,
        "total": len(statements),
        "form": form,
        "chosen": chosen,
        "labels": scale_labels(),
    }


def _render_step(context: dict, status: int = 200):
    """The question page, or (for the page's script) its changing part as JSON."""
    title = _("Question %(number)d of %(total)d", number=context["number"], total=context["total"])
    title = f"{title} · {context['selftest'].title}"
    if _wants_json():
        response = jsonify(
            html=render_template("selftest/_question.html", **context),
            title=title,
            url=url_for(
                "selftest.question", slug=context["selftest"].slug, number=context["number"]
            ),
        )
    else:
        response = make_response(
            render_template("selftest/question.html", page_title=title, **context)
        )
    response.status_code = status
    response.vary.add("Accept")  # the same address answers the page's script with JSON
    return response


@bp.get("/selftests/<slug>/questions/<int:number>")
def question(slug: str, number: int):
    selftest = load_selftest(slug)
    return _render_step(_step_context(selftest, number))


@bp.post("/selftests/<slug>/questions/<int:number>")
def answer(slug: str, number: int):
    selftest = load_selftest(slug)
    form = AnswerForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        taking.record_answer(
            session,
            selftest,
            number,
            statement_id=form.statement.data,
            version_id=form.version.data,
            answer=form.answer.data,
            important=form.important.data,
            skip=request.form.get("go") == "skip",
        )
    except taking.TakingError as err:
        if err.status == 404:
            abort(404)
        if err.status == 409:
            flash(err.message, "error")
            target = url_for("selftest.question", slug=slug, number=1)
            if _wants_json():
                return jsonify(error=err.message, redirect=target), 409
            return redirect(target, code=303)
        form.answer.errors = [err.message]
        return _render_step(_step_context(selftest, number, form), err.status)
    total = len(selftest.current_version.statements)
    if number < total:
        if _wants_json():
            return _render_step(_step_context(selftest, number + 1))
        return redirect(url_for("selftest.question", slug=slug, number=number + 1), code=303)
    target = url_for("selftest.review", slug=slug)
    if _wants_json():
        return jsonify(redirect=target)
    return redirect(target, code=303)


@bp.get("/selftests/<slug>/review")
def review(slug: str):
    selftest = load_selftest(slug)
    return _render_review(selftest)


def _render_review(selftest: SelfTest, error: str | None = None, status: int = 200):
    mine = taking.progress(session, selftest)
    given = taking.given_answers(mine)
    return render_template(
        "selftest/review.html",
        selftest=selftest,
        version=selftest.current_version,
        given=given,
        form=FinishForm(formdata=None, attempt=mine["a"]),
        labels=scale_labels(),
        error=error,
        positioned=sum(1 for g in given.values() if g.step is not None),
    ), status


@bp.post("/selftests/<slug>/finish")
@limiter.limit(_write_limit)
def finish(slug: str):
    selftest = load_selftest(slug)
    form = FinishForm()
    if not form.validate_on_submit():
        abort(400)
    if not selftest.published:
        flash(_("This self-test is not published yet: results are not stored."), "error")
        return redirect(url_for("selftest.review", slug=slug), code=303)
    try:
        response = taking.finish(session, selftest, form.attempt.data)
    except taking.AlreadyFinished as done:
        flash(done.message, "info")
        return redirect(url_for("selftest.result", token=done.response.token), code=303)
    except taking.TakingError as err:
        if err.status == 409:
            flash(err.message, "error")
            return redirect(url_for("selftest.question", slug=slug, number=1), code=303)
        return _render_review(selftest, err.message, err.status)
    return redirect(url_for("selftest.result", token=response.token), code=303)


@bp.post("/selftests/<slug>/restart")
def restart(slug: str):
    selftest = load_selftest(slug)
    if not EmptyForm().validate_on_submit():
        abort(400)
    taking.restart(session, selftest)
    return redirect(url_for("selftest.question", slug=slug, number=1), code=303)


# -- The result and its permalink -----------------------------------------------------------


def _load_response(token: str):
    response = taking.get_response(token)
    if response is None:
        return None
    return response


def _missing():
    return render_template("selftest/result_missing.html"), 404


@bp.get("/selftest-results/<token>")
def result(token: str):
    response = _load_response(token)
    if response is None:
        return _missing()
    selftest = response.version.selftest
    owner = taking.is_owner(session, current_user, response)
    res = taking.result(response)
    consultation = selftest.consultation
    return render_template(
        "selftest/result.html",
        selftest=selftest,
        result=res,
        owner=owner,
        show_answers=owner or response.show_answers,
        labels=scale_labels(),
        ideas=taking.ideas_for(selftest, list(res.top.profile.themes)),
        top_image=taking.image_of(res.top.profile),
        consultation=consultation,
        can_post=consultation is not None and posting_refusal(consultation) is None,
        permalink=external_url("selftest.result", token=response.token),
        form=EmptyForm(),
    )


def _owned_or_404(token: str):
    response = _load_response(token)
    if response is None or not taking.is_owner(session, current_user, response):
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return response


@bp.post("/selftest-results/<token>/answers")
@limiter.limit(_write_limit)
def show_answers(token: str):
    response = _owned_or_404(token)
    show = request.form.get("show") == "1"
    taking.set_show_answers(response, show)
    flash(
        _("Your answers are now shown to anyone with the link.")
        if show
        else _("Your answers are hidden: the link shows only your result."),
        "success",
    )
    return redirect(url_for("selftest.result", token=token), code=303)


@bp.post("/selftest-results/<token>/save")
@limiter.limit(_write_limit)
def save(token: str):
    response = _owned_or_404(token)
    if not current_user.is_authenticated:
        flash(_("Log in to save your result."), "info")
        return redirect(url_for("accounts.login", next=url_for("selftest.result", token=token)))
    taking.save_to_account(response, current_user)
    flash(_("The result is saved to your account."), "success")
    return redirect(url_for("selftest.result", token=token), code=303)


@bp.post("/selftest-results/<token>/delete")
@limiter.limit(_write_limit)
def delete(token: str):
    response = _owned_or_404(token)
    slug = response.version.selftest.slug
    taking.delete_response(response)
    flash(_("Your result and answers are deleted."), "success")
    return redirect(url_for("selftest.intro", slug=slug), code=303)


@bp.get("/selftest-results")
@login_required
def mine():
    results = [taking.result(r) for r in taking.saved_results(current_user)]
    return render_template("selftest/mine.html", results=results)
