import copy
import os
from collections.abc import Iterator

import pytest

from sso import local_idp as testing
from sso.config import form_action_origins, providers_from_env
from sso.local_idp import People


@pytest.fixture
def idp_people(tmp_path) -> People:
    return People(tmp_path / "people.json")


def _require_providers() -> None:
    reason = testing.missing()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)


@pytest.fixture
def oidc_provider(live_server, settings, idp_people) -> Iterator[str]:
    """A real OpenID Connect provider, "Acme", configured for this live server."""
    _require_providers()
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"  # the live server has no TLS
    redirect_uri = f"{live_server.url}/accounts/oidc/acme/login/callback/"
    env = {
        "CLIENT_ID": "tandem",
        "CLIENT_SECRET": "acme-secret",
        "REDIRECT_URI": redirect_uri,
        "PEOPLE": str(idp_people.path),
    }
    with testing.identity_provider("oidc.mjs", env=env) as issuer:
        settings.SOCIALACCOUNT_PROVIDERS = providers = providers_from_env(
            {
                "SSO_PROVIDERS": "acme",
                "SSO_ACME_PROTOCOL": "oidc",
                "SSO_ACME_NAME": "Acme",
                "SSO_ACME_SERVER_URL": issuer,
                "SSO_ACME_CLIENT_ID": "tandem",
                "SSO_ACME_CLIENT_SECRET": "acme-secret",
                "SSO_ACME_SCOPE": "openid email profile directory",
            }
        )
        _allow_form_action(settings, providers)
        yield issuer


def _allow_form_action(settings, providers: dict) -> None:
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] += form_action_origins(providers)
    settings.CONTENT_SECURITY_POLICY = policy


@pytest.fixture
def saml_provider(live_server, settings, idp_people, tmp_path) -> Iterator[str]:
    """A real SAML identity provider, "Globex", configured for this live server."""
    _require_providers()
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    key, cert = testing.make_certificate(tmp_path)
    env = {"IDP_KEY": str(key), "IDP_CERT": str(cert), "PEOPLE": str(idp_people.path)}
    with testing.identity_provider("saml.mjs", env=env) as base:
        settings.SOCIALACCOUNT_PROVIDERS = providers = providers_from_env(
            {
                "SSO_PROVIDERS": "globex",
                "SSO_GLOBEX_PROTOCOL": "saml",
                "SSO_GLOBEX_NAME": "Globex",
                "SSO_GLOBEX_IDP_ENTITY_ID": f"{base}/saml/metadata",
                "SSO_GLOBEX_IDP_SSO_URL": f"{base}/saml/sso",
                "SSO_GLOBEX_IDP_CERT": cert.read_text(),
            }
        )
        _allow_form_action(settings, providers)
        yield base
