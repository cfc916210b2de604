from tests.factories import make_consultation, make_idea, request_ctx  # noqa: F401
