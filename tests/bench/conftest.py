from tests.factories import make_consultation, make_idea  # noqa: F401
