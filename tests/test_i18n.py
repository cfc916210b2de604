"""Translations: every catalog is complete and keeps its placeholders, and each page, error page
and form message reaches the visitor in the language they chose.

Dutch is the default; French has a catalog; English is the source language and has none.
The request tests need the compiled catalogs (`make translations`, which `make test` runs).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po, unescape
from flask_babel import force_locale
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

import participate
from participate.forms import AppForm

PACKAGE_DIR = Path(participate.__file__).parent
PROJECT_DIR = PACKAGE_DIR.parent
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
CATALOG_LOCALES = ["nl", "fr"]
# The keywords `make extract-messages` passes to pybabel, on top of babel's defaults (_, ngettext…).
EXTRA_KEYWORDS = ["_l", "lazy_gettext", "lazy_ngettext:1,2"]

# A named placeholder with its whole conversion spec: %(name)s, %(n)d, %(ratio).1f.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*(?:\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa]")


def po_path(locale: str) -> Path:
    return TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po"


def load_catalog(locale: str) -> Catalog:
    """The catalog as its own header describes it (Language, Plural-Forms)."""
    with po_path(locale).open("rb") as f:
        return read_po(f)


def written_header(locale: str) -> str:
    """The catalog's header entry as its file spells it, its quoted lines joined as gettext does
    (`pybabel update` wraps a long Plural-Forms over two lines)."""
    first_entry = po_path(locale).read_text(encoding="utf-8").split("\n\n", 1)[0]
    quoted = re.findall(r'^(?:msgstr )?(".*")$', first_entry, flags=re.MULTILINE)
    return "".join(unescape(line) for line in quoted)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def translations(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]


def described(message: Message) -> str:
    return repr(message.id if isinstance(message.id, str) else message.id[0])


# --- The catalogs ---------------------------------------------------------------------------


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_catalog_has_no_untranslated_or_fuzzy_message(locale):
    catalog = load_catalog(locale)
    problems = []
    for message in catalog:
        if not message.id:
            continue  # the header
        if message.fuzzy:
            problems.append(f"fuzzy: {described(message)}")
        if not all(s.strip() for s in translations(message)):
            problems.append(f"untranslated: {described(message)}")
    assert not catalog.fuzzy, f"{po_path(locale)}: the header is marked fuzzy"
    assert not problems, f"{po_path(locale)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_translations_keep_the_placeholders_of_the_source(locale):
    problems = []
    for message in load_catalog(locale):
        if not message.id:
            continue
        if isinstance(message.id, str):
            if placeholders(message.string) != placeholders(message.id):
                problems.append(
                    f"{message.id!r}: {placeholders(message.id)} became {placeholders(message.string)}"
                )
            continue
        # Plural forms: a form may leave the count out ("één stem"), never add a name the code
        # does not pass; the last form says what the plural source says.
        allowed = set(placeholders(message.id[0]) + placeholders(message.id[1]))
        forms = translations(message)
        for form in forms:
            if not set(placeholders(form)) <= allowed:
                problems.append(f"{message.id[0]!r}: {form!r} uses {placeholders(form)}")
        if placeholders(forms[-1]) != placeholders(message.id[1]):
            problems.append(f"{message.id[1]!r}: last form {forms[-1]!r}")
    assert not problems, f"{po_path(locale)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_catalog_uses_the_plural_rule_of_its_language(locale):
    # The header as written: babel's reader quietly fills in a missing Plural-Forms, while
    # `pybabel compile` without a Language header falls back to English's rule (wrong for fr).
    # The rule is the one the installed Babel's CLDR gives (French has had three forms since
    # CLDR 46, Babel 2.19: one, many for whole millions, other).
    header = written_header(locale)
    expected = Catalog(locale=locale)
    assert f"Language: {locale}\n" in header
    assert f"Plural-Forms: {expected.plural_forms}\n" in header
    catalog = load_catalog(locale)
    for message in catalog:
        if message.pluralizable:
            assert len(translations(message)) == expected.num_plurals, described(message)


def source_messages() -> set[tuple[str, str | None]]:
    """What `make extract-messages` finds in the code and templates: (msgid, context)."""
    with (PROJECT_DIR / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(EXTRA_KEYWORDS)}
    found = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        PROJECT_DIR, method_map, options_map, keywords=keywords
    ):
        msgid = message if isinstance(message, str) else message[0]
        if msgid:
            found.add((msgid, context))
    return found


@pytest.fixture(scope="module")
def messages_in_source() -> set[tuple[str, str | None]]:
    return source_messages()


@pytest.mark.parametrize("locale", CATALOG_LOCALES)
def test_catalog_covers_every_string_in_the_source(locale, messages_in_source):
    catalog = load_catalog(locale)
    missing = sorted(
        msgid for msgid, context in messages_in_source if catalog.get(msgid, context) is None
    )
    assert not missing, (
        f"{len(missing)} string(s) in the code are not in {po_path(locale)}; run "
        "`make update-catalogs` and translate them:\n" + "\n".join(map(repr, missing))
    )


# --- Pages in the chosen language -----------------------------------------------------------


@pytest.fixture
def compiled_catalogs() -> None:
    """The app reads .mo files, which are built from the .po files and not kept in git."""
    for locale in CATALOG_LOCALES:
        po = po_path(locale)
        mo = po.with_suffix(".mo")
        if not mo.exists():
            pytest.fail(f"{mo} is missing: run `make translations` to compile the catalogs.")
        if mo.stat().st_mtime < po.stat().st_mtime:
            pytest.fail(f"{mo} is older than {po.name}: run `make translations` to recompile it.")


def choose_language(client, lang: str):
    response = client.post("/language", data={"lang": lang}, follow_redirects=True)
    assert response.status_code == 200
    return response


@pytest.mark.usefixtures("compiled_catalogs")
def test_home_page_is_dutch_by_default(client):
    page = client.get("/").get_data(as_text=True)

    assert '<html lang="nl">' in page
    assert "Naar de hoofdinhoud" in page
    assert ">Aanmelden<" in page
    assert ">Registreren<" in page
    assert "Skip to main content" not in page


@pytest.mark.usefixtures("compiled_catalogs")
@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        ("fr", ["Aller au contenu principal", ">Se connecter<", "Menu principal"], "Aanmelden"),
        ("en", ["Skip to main content", ">Log in<", ">Register<"], "Aanmelden"),
        ("nl", ["Naar de hoofdinhoud", ">Aanmelden<", "Hoofdmenu"], "Skip to main content"),
    ],
)
def test_chosen_language_is_used_on_the_next_pages(client, lang, expected, absent):
    page = choose_language(client, lang).get_data(as_text=True)
    again = client.get("/").get_data(as_text=True)

    for body in (page, again):
        assert f'<html lang="{lang}">' in body
        for text in expected:
            assert text in body
        assert absent not in body


@pytest.mark.usefixtures("compiled_catalogs")
def test_unknown_language_is_ignored(client):
    choose_language(client, "de")

    assert '<html lang="nl">' in client.get("/").get_data(as_text=True)


@pytest.mark.usefixtures("compiled_catalogs")
@pytest.mark.parametrize(
    ("lang", "title", "back"),
    [
        ("nl", "Pagina niet gevonden", "Terug naar de startpagina"),
        ("fr", "Page introuvable", "Retour à la page d'accueil"),
        ("en", "Page not found", "Back to the home page"),
    ],
)
def test_error_page_is_in_the_chosen_language(client, lang, title, back):
    choose_language(client, lang)

    response = client.get("/does-not-exist")
    page = html.unescape(response.get_data(as_text=True))

    assert response.status_code == 404
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{title}</h1>" in page
    assert back in page


@pytest.mark.usefixtures("compiled_catalogs")
def test_form_errors_are_in_the_chosen_language(client):
    response = client.post("/register", data={})
    page = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "Er is een probleem" in page
    assert "Vul je e-mailadres in." in page
    assert "Kies een wachtwoord." in page

    choose_language(client, "fr")
    page = client.post("/register", data={}).get_data(as_text=True)

    assert "Il y a un problème" in page
    assert "Indiquez votre adresse e-mail." in page


class _ShortForm(AppForm):
    class Meta:
        csrf = False

    name = StringField(validators=[Length(max=3)])  # WTForms' own message, not ours


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", "Veld mag niet langer zijn dan 3 karakters."),
        ("fr", "Le champ ne peut pas contenir plus de 3 caractères."),
        ("en", "Field cannot be longer than 3 characters."),
    ],
)
def test_wtforms_own_messages_are_translated(app, lang, expected):
    with app.test_request_context("/", method="POST", data={"name": "abcd"}), force_locale(lang):
        form = _ShortForm()
        assert not form.validate()
        assert form.name.errors == [expected]


def test_wtforms_catalogs_are_read_once_per_language(app, monkeypatch):
    """Flask-WTF read WTForms' catalog from disk for every request that built a form; the
    app's base form keeps one per language, and still follows the request's language."""
    from babel.support import Translations

    from participate import forms

    monkeypatch.setattr(forms, "_WTFORMS_CATALOGS", {})
    reads = []
    load = Translations.load
    monkeypatch.setattr(Translations, "load", lambda *a, **k: reads.append(a) or load(*a, **k))
    for lang in ("nl", "fr", "nl", "fr", "nl"):
        request = app.test_request_context("/", method="POST", data={"name": "abcd"})
        with request, force_locale(lang):
            form = _ShortForm()
            form.validate()
            assert form.name.errors[0].startswith("Veld" if lang == "nl" else "Le champ")
    assert len(reads) == 2


def test_every_form_of_the_app_uses_the_app_s_base_form(app):
    import importlib
    import pkgutil

    import participate
    from participate.forms import AppForm

    for module in pkgutil.walk_packages(participate.__path__, "participate."):
        if module.name.endswith(".forms") or module.name.endswith("_forms"):
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [c for c in subclasses(FlaskForm) if c.__module__.startswith("participate.")]
    assert ours, "no form found"
    assert [c for c in ours if not issubclass(c, AppForm)] == []


def test_templates_follow_a_forced_language_and_return_to_the_request_s(app):
    """Templates look the catalog up once per language per request (participate.i18n):
    mail rendered in a recipient's language inside a Dutch request gets its own."""
    from flask import render_template_string

    page = "{{ _('Log in') }}"
    with app.test_request_context("/"):
        assert render_template_string(page) == "Aanmelden"
        with force_locale("fr"):
            assert render_template_string(page) == "Se connecter"
            with force_locale("en"):
                assert render_template_string(page) == "Log in"
            assert render_template_string(page) == "Se connecter"
        assert render_template_string(page) == "Aanmelden"
