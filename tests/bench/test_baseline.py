"""The benchmark's yardstick: a bare page that renders the base template, served only when
BENCH_BASELINE is set (never on a site that did not ask for it)."""

from __future__ import annotations

from participate import create_app
from participate.config import load_config
from tests.conftest import app_test_config


def test_the_baseline_page_does_not_exist_by_default(client):
    assert client.get("/_bench/baseline").status_code == 404


def test_the_baseline_page_renders_the_base_template_when_asked(app):
    bench_app = create_app(app_test_config(app.config["DATABASE_URL"], BENCH_BASELINE=True))
    response = bench_app.test_client().get("/_bench/baseline")
    assert response.status_code == 200
    assert 'id="main"' in response.text and "</footer>" in response.text
    bench_app.extensions["participate.engine"].dispose()


def test_the_baseline_is_switched_on_by_its_environment_variable(tmp_path):
    assert load_config(str(tmp_path), {"BENCH_BASELINE": "1"})["BENCH_BASELINE"] is True
    assert load_config(str(tmp_path), {})["BENCH_BASELINE"] is False
