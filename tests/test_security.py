"""Security headers, the templates' promise to the Content-Security-Policy, CSRF and cookies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext
from markupsafe import escape

from participate import create_app
from participate.security import CSP
from tests.conftest import TEST_PASSWORD, app_test_config

PACKAGE = Path(__file__).resolve().parent.parent / "participate"


def _csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _assert_security_headers(response) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    directives = _csp_directives(csp)
    if response.mimetype == "application/json" and directives["default-src"] == ["'none'"]:
        # The open data API's answers load nothing at all: a stricter policy still.
        assert directives["frame-ancestors"] == ["'none'"]
    else:
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp
    assert "'unsafe-eval'" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def _simple_get_urls(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments
    )


def test_every_page_has_the_security_headers(app, client, make_user, login):
    urls = _simple_get_urls(app)
    assert "/" in urls and "/admin/settings" in urls
    extra = ["/static/css/site.css", "/static/js/site.js", "/no-such-page", "/site/logo.png"]
    for user in (None, make_user("admin")):
        if user:
            login(user)
        for url in [*urls, *extra]:
            with client.get(url) as response:  # static files are streamed: close them
                _assert_security_headers(response)


def test_redirects_and_posts_have_the_security_headers(client):
    _assert_security_headers(client.post("/language", data={"lang": "en"}))
    _assert_security_headers(client.get("/admin/settings"))  # to the log-in page
    _assert_security_headers(client.get("/language"))  # 405


def test_development_sends_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_csp_allows_nothing_from_other_hosts():
    for directive, *sources in (part.split() for part in CSP.split(";")):
        for source in sources:
            assert source in {"'self'", "'none'", "data:"}, (directive, source)


# The templates ---------------------------------------------------------------------------------


def _templates() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.glob("**/templates/**/*.html")
        if "email" not in p.relative_to(PACKAGE).parts
    )


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
EXTERNAL_RESOURCE = re.compile(
    r"""(?:\ssrc(?:set)?\s*=\s*["']?\s*|<link[^>]*\shref\s*=\s*["']?\s*|url\(\s*["']?)(?:https?:)?//""",
    re.IGNORECASE,
)


def test_templates_are_found():
    names = {p.name for p in _templates()}
    assert {"base.html", "home.html", "settings.html", "error.html"} <= names


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_template_obeys_the_content_security_policy(path):
    source = path.read_text()
    assert not INLINE_SCRIPT.search(source), "inline <script>: load a file from static/js"
    assert not EVENT_HANDLER.search(source), "inline event handler: use static/js"
    assert not STYLE_ATTRIBUTE.search(source), "style= attribute: use a class in site.css"
    assert not STYLE_ELEMENT.search(source), "<style> element: use site.css"
    assert not EXTERNAL_RESOURCE.search(source), "resource from another host: serve it ourselves"


def test_the_template_checks_catch_what_they_should():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/site.js" defer></script>')
    assert STYLE_ATTRIBUTE.search('<p style="color: red">')
    assert EVENT_HANDLER.search('<button onclick="go()">')
    assert EXTERNAL_RESOURCE.search('<img src="https://cdn.example/x.png">')
    assert EXTERNAL_RESOURCE.search('<link rel="stylesheet" href="//fonts.example/css">')
    assert not EXTERNAL_RESOURCE.search('<a href="https://www.gent.be">Gent</a>')


def test_static_files_load_nothing_from_other_hosts():
    for path in [*PACKAGE.glob("static/**/*.css"), *PACKAGE.glob("static/**/*.js")]:
        source = path.read_text()
        assert not re.search(r"""url\(\s*["']?(?:https?:)?//""", source), path
        assert "@import" not in source, path


# CSRF ------------------------------------------------------------------------------------------


def test_post_without_csrf_token_is_refused_with_the_expired_form_page(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    with app.test_request_context(), force_locale("nl"):
        title = str(escape(gettext("This form has expired")))
    response = client.post("/login", data={"email": "a@example.com", "password": "x" * 12})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert '<html lang="nl">' in body
    assert f"<h1>{title}</h1>" in body


def test_expired_form_page_speaks_the_visitors_language(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    with client.session_transaction() as session:
        session["locale"] = "en"
    response = client.post("/admin/settings", data={"municipality_name": "Evil"})
    assert response.status_code == 400
    assert "<h1>This form has expired</h1>" in response.get_data(as_text=True)


def test_post_with_the_csrf_token_is_accepted(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert token
    response = client.post(
        "/login",
        data={"csrf_token": token.group(1), "email": "nobody@example.com", "password": "x" * 12},
    )
    assert response.status_code == 422  # the form was read; only the password is wrong


# Cookies ---------------------------------------------------------------------------------------


def _set_cookie(response, name: str) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]
    assert cookies, f"no {name} cookie set"
    return cookies[0]


def test_session_cookie_is_httponly_and_samesite_lax(client):
    cookie = _set_cookie(client.get("/login"), "session")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # development runs on plain http


def test_remember_cookie_is_httponly_and_samesite_lax(make_user, login):
    cookie = _set_cookie(login(make_user(), remember=True), "remember_token")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


@pytest.fixture
def production_app(app, monkeypatch):
    """A second app in production mode on the same test database. load_config reads the
    environment, so production is chosen there, as `wsgi.py` does."""
    monkeypatch.setenv("PARTICIPATE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "production-secret-key-0123456789abcdef")
    prod = create_app(app_test_config(app.config["DATABASE_URL"]))
    yield prod
    prod.extensions["participate.engine"].dispose()


def test_production_sets_secure_cookies_and_hsts(production_app, make_user):
    assert production_app.config["PARTICIPATE_ENV"] == "production"
    client = production_app.test_client()
    response = client.get("/login")
    _assert_security_headers(response)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Secure" in _set_cookie(response, "session")

    user = make_user()
    response = client.post(
        "/login", data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"}
    )
    assert response.status_code == 303
    remember = _set_cookie(response, "remember_token")
    assert "Secure" in remember
    assert "HttpOnly" in remember
