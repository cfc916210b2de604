"""Providers are configured, not coded: environment variables or a TOML file, with presets."""

from __future__ import annotations

import pytest

from participate.oidc.config import OidcConfigError, load_providers


def test_a_preset_needs_only_a_client_id_and_secret():
    providers = load_providers(
        {
            "OIDC_PROVIDERS": "google, csam",
            "OIDC_GOOGLE_CLIENT_ID": "gid",
            "OIDC_GOOGLE_CLIENT_SECRET": "gsecret",
            "OIDC_CSAM_CLIENT_ID": "cid",
        }
    )
    assert list(providers) == ["google", "csam"]
    google = providers["google"]
    assert google["discovery_url"] == "https://accounts.google.com/.well-known/openid-configuration"
    assert (google["client_id"], google["client_secret"], google["label"]) == (
        "gid",
        "gsecret",
        "Google",
    )
    assert providers["csam"]["discovery_url"].startswith("https://idp.iamfas.belgium.be/")


def test_every_preset_is_known():
    names = ("google", "microsoft", "facebook", "itsme", "csam")
    env = {"OIDC_PROVIDERS": ",".join(names)}
    env.update({f"OIDC_{n.upper()}_CLIENT_ID": "id" for n in names})
    providers = load_providers(env)
    assert set(providers) == set(names)
    assert providers["facebook"]["protocol"] == "oauth2" and providers["facebook"]["trust_email"]
    assert providers["microsoft"]["email_verified_claim"] == "xms_edov"


def test_a_provider_without_client_id_shows_no_button():
    assert load_providers({"OIDC_PROVIDERS": "google"}) == {}


def test_any_provider_by_its_discovery_url():
    providers = load_providers(
        {
            "OIDC_PROVIDERS": "gemeente",
            "OIDC_GEMEENTE_CLIENT_ID": "x",
            "OIDC_GEMEENTE_DISCOVERY_URL": "https://id.example.be/.well-known/openid-configuration",
            "OIDC_GEMEENTE_LABEL": "Mijn Gemeente",
        }
    )
    assert providers["gemeente"]["label"] == "Mijn Gemeente"
    assert providers["gemeente"]["scope"] == "openid email profile"


def test_a_custom_provider_without_discovery_url_is_left_out():
    assert load_providers({"OIDC_PROVIDERS": "gemeente", "OIDC_GEMEENTE_CLIENT_ID": "x"}) == {}


def test_providers_from_a_toml_file(tmp_path):
    path = tmp_path / "oidc.toml"
    path.write_text(
        '[providers.itsme]\nclient_id = "abc"\nclient_secret = "s"\n'
        '[providers.eigen]\npreset = "google"\nclient_id = "g"\nlabel = "Google (werk)"\n'
    )
    providers = load_providers({"OIDC_CONFIG_FILE": str(path)})
    assert providers["itsme"]["label"] == "itsme"
    assert providers["eigen"]["discovery_url"].startswith("https://accounts.google.com/")
    assert providers["eigen"]["label"] == "Google (werk)"


def test_bad_names_and_presets_are_refused():
    with pytest.raises(OidcConfigError):
        load_providers({"OIDC_PROVIDERS": "bad-name", "OIDC_BAD-NAME_CLIENT_ID": "x"})
    with pytest.raises(OidcConfigError):
        load_providers({"OIDC_PROVIDERS": "x", "OIDC_X_CLIENT_ID": "x", "OIDC_X_PRESET": "nope"})
