"""The app's Flask keeps Flask's answer on whether a hook or view is a coroutine."""

from __future__ import annotations


def test_a_plain_function_runs_as_it_is_and_is_asked_about_once(app):
    def view():
        return "ok"

    assert app.ensure_sync(view) is view
    assert app.ensure_sync(view) is view
    assert app._synchronous[view] is view


def test_a_coroutine_is_never_taken_for_a_plain_function(app):
    async def view():
        return "ok"

    for _ in range(2):
        try:
            wrapped = app.ensure_sync(view)
        except RuntimeError:
            continue  # Flask without its async extra refuses coroutines, every time
        assert wrapped is not view
        assert wrapped() == "ok"
    assert app._synchronous.get(view) is not view
