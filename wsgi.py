"""Production entry point: `gunicorn wsgi:app`. Runs in production mode unless told otherwise,
so it refuses to start without a SECRET_KEY."""

import os

os.environ.setdefault("PARTICIPATE_ENV", "production")

from participate import create_app

app = create_app()
