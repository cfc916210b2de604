"""Configuration from the environment: safe defaults in development, refusals in production."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from participate.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "k" * 32


def test_production_without_secret_key_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        load_config(str(tmp_path), environ={"PARTICIPATE_ENV": "production"})
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_a_short_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="at least 32 characters"):
        load_config(
            str(tmp_path), environ={"PARTICIPATE_ENV": "production", "SECRET_KEY": "k" * 31}
        )


def test_production_accepts_a_long_secret_key_and_secures_cookies(tmp_path):
    config = load_config(
        str(tmp_path), environ={"PARTICIPATE_ENV": "production", "SECRET_KEY": STRONG_KEY}
    )
    assert config["PARTICIPATE_ENV"] == "production"
    assert config["SECRET_KEY"] == STRONG_KEY
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["REMEMBER_COOKIE_SECURE"] is True
    assert config["PREFERRED_URL_SCHEME"] == "https"


def test_unknown_environment_name_is_refused(tmp_path):
    # A typo must not quietly give a production server development's insecure cookies.
    with pytest.raises(ConfigError, match="PARTICIPATE_ENV"):
        load_config(str(tmp_path), environ={"PARTICIPATE_ENV": "prod", "SECRET_KEY": STRONG_KEY})


def test_development_generates_a_secret_key_under_the_instance_path_and_reuses_it(tmp_path):
    instance = tmp_path / "instance"
    first = load_config(str(instance), environ={})
    key_file = instance / "secret_key"
    assert key_file.read_text().strip() == first["SECRET_KEY"]
    assert len(first["SECRET_KEY"]) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    second = load_config(str(instance), environ={})
    assert second["SECRET_KEY"] == first["SECRET_KEY"]


def test_development_replaces_an_empty_secret_key_file(tmp_path):
    (tmp_path / "secret_key").write_text("\n")
    config = load_config(str(tmp_path), environ={})
    assert len(config["SECRET_KEY"]) >= 32
    assert (tmp_path / "secret_key").read_text().strip() == config["SECRET_KEY"]


def test_development_uses_a_given_secret_key_without_writing_one(tmp_path):
    config = load_config(str(tmp_path), environ={"SECRET_KEY": "short is fine here"})
    assert config["SECRET_KEY"] == "short is fine here"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db.example/part", "postgresql+psycopg://u:p@db.example/part"),
        ("postgresql://u:p@db.example/part", "postgresql+psycopg://u:p@db.example/part"),
        ("postgresql+psycopg://u@db/part", "postgresql+psycopg://u@db/part"),
        ("sqlite:////srv/participate.db", "sqlite:////srv/participate.db"),
    ],
)
def test_postgres_urls_use_the_psycopg_driver(tmp_path, given, expected):
    config = load_config(str(tmp_path), environ={"DATABASE_URL": given, "SECRET_KEY": "x"})
    assert config["DATABASE_URL"] == expected


def test_defaults(tmp_path):
    config = load_config(str(tmp_path), environ={"SECRET_KEY": "x"})
    assert config["PARTICIPATE_ENV"] == "development"
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'participate.db'}"
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["MAX_CONTENT_LENGTH"] == 8 * 1024 * 1024
    assert config["BABEL_DEFAULT_LOCALE"] == "nl"
    assert config["LANGUAGES"] == ["nl", "fr", "en"]
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["TRUSTED_PROXIES"] == 0
    assert config["BASE_URL"] == "http://127.0.0.1:5000"


def test_base_url_loses_its_trailing_slash(tmp_path):
    config = load_config(
        str(tmp_path), environ={"SECRET_KEY": "x", "BASE_URL": "https://doe-mee.gent.be/"}
    )
    assert config["BASE_URL"] == "https://doe-mee.gent.be"


def test_mail_tls_follows_the_port(tmp_path):
    starttls = load_config(str(tmp_path), environ={"SECRET_KEY": "x"})
    assert (starttls["MAIL_USE_TLS"], starttls["MAIL_USE_SSL"]) == (True, False)
    ssl = load_config(str(tmp_path), environ={"SECRET_KEY": "x", "MAIL_PORT": "465"})
    assert (ssl["MAIL_USE_TLS"], ssl["MAIL_USE_SSL"]) == (False, True)


def test_redis_url_stores_the_rate_limits(tmp_path):
    config = load_config(
        str(tmp_path), environ={"SECRET_KEY": "x", "REDIS_URL": "redis://cache:6379/0"}
    )
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache:6379/0"


def test_wsgi_entry_point_refuses_to_start_without_secret_key():
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/")}
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ConfigError" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr
