from __future__ import annotations

import pytest

from tests.factories import make_consultation, make_idea, request_ctx  # noqa: F401
from tests.selftest.helpers import build_selftest


@pytest.fixture
def make_selftest(app):
    """`make_selftest(statements=4, profiles=PROFILES, published=True, consultation=None)` →
    a saved SelfTest built through the editor's services (see helpers.build_selftest)."""

    def factory(**kwargs):
        from tests.factories import saving

        with saving(app):
            return build_selftest(**kwargs)

    return factory
