"""A real OpenID Connect provider for the tests, built with Authlib's server side and served
on loopback by werkzeug in a thread: discovery document, JWKS, authorize (code flow with PKCE
required), token (ID tokens signed RS256) and user info.

It signs in whoever the test says (`provider.person = Person(...)`) without a log-in page, and
can misbehave on request (`provider.misbehave = {"state"}`): answer with a forged state, put
a wrong nonce in the ID token, hand out a code that has already expired, or refuse.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from flask import Flask, jsonify, request
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "participate-test"
CLIENT_SECRET = "loopback-secret-0123456789"


@dataclass
class Person:
    sub: str = "person-1"
    email: str = "an.peeters@example.com"
    email_verified: bool = True
    name: str = "An Peeters"


@dataclass
class Client(ClientMixin):
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None

    def get_allowed_scope(self, scope: str) -> str:
        allowed = {"openid", "email", "profile"}
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return "/login/with/" in redirect_uri

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    person: Person
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    expires_at: float

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return int(time.time())

    def get_acr(self) -> str:
        return ""

    def get_amr(self) -> list[str]:
        return []

    def is_expired(self) -> bool:
        return time.time() > self.expires_at


@dataclass
class LoopbackProvider:
    person: Person = field(default_factory=Person)
    misbehave: set[str] = field(default_factory=set)
    issuer: str = ""
    authorize_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "loopback-1"}, private=True)
        self.client = Client()
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, Person] = {}
        self.app = self._make_app()

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def settings(self, label: str = "Loopback ID", **extra: Any) -> dict[str, Any]:
        """The provider as Participate's OIDC_PROVIDERS configuration holds it."""
        from participate.oidc.config import load_providers

        env = {
            "OIDC_PROVIDERS": "loopback",
            "OIDC_LOOPBACK_CLIENT_ID": CLIENT_ID,
            "OIDC_LOOPBACK_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_LOOPBACK_DISCOVERY_URL": self.discovery_url,
            "OIDC_LOOPBACK_LABEL": label,
        }
        env.update({f"OIDC_LOOPBACK_{k.upper()}": v for k, v in extra.items()})
        return load_providers(env)

    def reset(self) -> None:
        self.person = Person()
        self.misbehave = set()
        self.authorize_requests.clear()
        self.token_requests.clear()

    # -- the server ------------------------------------------------------------------------
    def _make_app(self) -> Flask:
        provider = self
        app = Flask("loopback_oidc")
        app.config["SECRET_KEY"] = "loopback"

        class CodeGrant(AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code: str, req) -> None:
                nonce = req.payload.data.get("nonce")
                if "nonce" in provider.misbehave:
                    nonce = "not-the-nonce-you-sent"
                lifetime = -1 if "expire_code" in provider.misbehave else 300
                provider.codes[code] = Code(
                    code=code,
                    client_id=req.client.get_client_id(),
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.payload.scope,
                    person=req.user,
                    nonce=nonce,
                    code_challenge=req.payload.data.get("code_challenge"),
                    code_challenge_method=req.payload.data.get("code_challenge_method"),
                    expires_at=time.time() + lifetime,
                )

            def query_authorization_code(self, code: str, client) -> Code | None:
                item = provider.codes.get(code)
                if item and item.client_id == client.get_client_id() and not item.is_expired():
                    return item
                return None

            def delete_authorization_code(self, authorization_code: Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: Code) -> Person:
                return authorization_code.person

        class IdToken(OpenIDCode):
            def resolve_client_private_key(self, client):
                return provider.key

            def get_client_algorithm(self, client) -> str:
                return "RS256"

            def get_encode_header(self, client) -> dict[str, str]:
                return {"alg": "RS256", "kid": "loopback-1"}

            def get_client_claims(self, client) -> dict[str, Any]:
                return {
                    "iss": provider.issuer,
                    "aud": [client.get_client_id()],
                    "exp": int(time.time()) + 300,
                }

            def exists_nonce(self, nonce: str, req) -> bool:
                return any(c.nonce == nonce for c in provider.codes.values())

            def generate_user_info(self, user: Person, scope: str) -> UserInfo:
                return provider._user_info(user, scope)

        def query_client(client_id: str) -> Client | None:
            return provider.client if client_id == provider.client.client_id else None

        def save_token(token: dict[str, Any], req) -> None:
            provider.tokens[token["access_token"]] = req.user

        server = AuthorizationServer(app, query_client=query_client, save_token=save_token)
        server.register_grant(
            CodeGrant, [CodeChallenge(required=True), IdToken(require_nonce=True)]
        )

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=provider.issuer,
                authorization_endpoint=f"{provider.issuer}/authorize",
                token_endpoint=f"{provider.issuer}/token",
                userinfo_endpoint=f"{provider.issuer}/userinfo",
                jwks_uri=f"{provider.issuer}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                scopes_supported=["openid", "email", "profile"],
                token_endpoint_auth_methods_supported=["client_secret_basic"],
                code_challenge_methods_supported=["S256"],
                claims_supported=["sub", "email", "email_verified", "name"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(KeySet([provider.key]).as_dict(private=False))

        @app.get("/authorize")
        def authorize():
            provider.authorize_requests.append(request.args.to_dict())
            grant_user = None if "deny" in provider.misbehave else provider.person
            try:
                grant = server.get_consent_grant(end_user=provider.person)
            except OAuth2Error as error:
                return server.handle_error_response(None, error)
            response = server.create_authorization_response(grant=grant, grant_user=grant_user)
            if "state" in provider.misbehave and response.status_code == 302:
                response.headers["Location"] = _with_param(
                    response.headers["Location"], "state", "forged-state"
                )
            return response

        @app.post("/token")
        def token():
            provider.token_requests.append(request.form.to_dict())
            return server.create_token_response()

        @app.get("/userinfo")
        def userinfo():
            auth = request.headers.get("Authorization", "")
            person = provider.tokens.get(auth.removeprefix("Bearer ").strip())
            if person is None:
                return jsonify(error="invalid_token"), 401
            return jsonify(dict(provider._user_info(person, "openid email profile")))

        return app

    @staticmethod
    def _user_info(person: Person, scope: str) -> UserInfo:
        info = UserInfo(sub=person.sub)
        if "email" in scope.split():
            info["email"] = person.email
            info["email_verified"] = person.email_verified
        if "profile" in scope.split():
            info["name"] = person.name
        return info


def _with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def serve(provider: LoopbackProvider) -> Iterator[LoopbackProvider]:
    """Serve the provider on 127.0.0.1 (a free port) until the generator is closed."""
    server = make_server("127.0.0.1", 0, provider.app, threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.port}"
    thread = threading.Thread(target=server.serve_forever, name="loopback-oidc", daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
