"""Identity providers from the environment, as django-allauth's SOCIALACCOUNT_PROVIDERS.

No Django import: settings.py calls `providers_from_env(os.environ)`. Every variable is
described in .env.example and docs/sso.md. For each id listed in SSO_PROVIDERS:

    SSO_<ID>_PROTOCOL       oidc or saml
    SSO_<ID>_NAME           the company or provider name on the button ("Sign in with <name>")
    oidc: SSO_<ID>_SERVER_URL, SSO_<ID>_CLIENT_ID, SSO_<ID>_CLIENT_SECRET
    saml: SSO_<ID>_IDP_ENTITY_ID, SSO_<ID>_IDP_SSO_URL, SSO_<ID>_IDP_CERT (or SSO_<ID>_METADATA_URL)
    SSO_<ID>_ATTRIBUTES     optional: field=claim pairs laid over the default mapping
"""

import re
from collections.abc import Mapping

# Tandem's directory fields and the claims (OpenID Connect) or attributes (SAML) read for
# each, first found wins. The names cover Microsoft Entra ID, Okta and Google Workspace
# as docs/sso.md configures them; SSO_<ID>_ATTRIBUTES replaces one field's list.
OIDC_CLAIMS = {
    "email": ["email"],
    "name": ["name"],
    "department": ["department"],
    "job_title": ["job_title", "jobTitle", "title"],
    "grade": ["grade"],
    "manager_email": ["manager_email", "managerEmail"],
    "site": ["site", "office", "officeLocation"],
    "country": ["country", "ctry"],
    "languages": ["languages"],
    "preferred_language": ["locale", "preferredLanguage"],
}
CLAIMS_URI = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/"
SAML_ATTRIBUTES = {
    "email": ["email", CLAIMS_URI + "emailaddress", "urn:oid:0.9.2342.19200300.100.1.3"],
    "name": ["name", "displayName", "http://schemas.microsoft.com/identity/claims/displayname"],
    "department": ["department", CLAIMS_URI + "department"],
    "job_title": ["job_title", "jobTitle", "title", CLAIMS_URI + "jobtitle"],
    "grade": ["grade"],
    "manager_email": ["manager_email", "managerEmail"],
    "site": ["site", "office", CLAIMS_URI + "officelocation"],
    "country": ["country", CLAIMS_URI + "country"],
    "languages": ["languages"],
    "preferred_language": ["locale", "preferredLanguage", CLAIMS_URI + "locale"],
}
PROTOCOLS = ("oidc", "saml")


class ProviderMisconfigured(ValueError):
    pass


def providers_from_env(environ: Mapping[str, str]) -> dict:
    """SOCIALACCOUNT_PROVIDERS for the providers listed in SSO_PROVIDERS (none: empty)."""
    oidc, saml = [], []
    for provider_id in _ids(environ.get("SSO_PROVIDERS", "")):
        prefix = f"SSO_{provider_id.upper().replace('-', '_')}_"

        def get(name: str, default: str = "", prefix: str = prefix) -> str:
            return environ.get(prefix + name, default).strip()

        protocol = get("PROTOCOL", "oidc").lower()
        if protocol not in PROTOCOLS:
            raise ProviderMisconfigured(f"{prefix}PROTOCOL must be oidc or saml, not {protocol!r}")
        name = get("NAME") or provider_id
        mapping = _mapping(
            get("ATTRIBUTES"), OIDC_CLAIMS if protocol == "oidc" else SAML_ATTRIBUTES
        )
        if protocol == "oidc":
            oidc.append(_oidc_app(provider_id, name, mapping, get, prefix))
        else:
            saml.append(_saml_app(provider_id, name, mapping, get, prefix))
    providers: dict = {}
    if oidc:
        providers["openid_connect"] = {"OAUTH_PKCE_ENABLED": True, "APPS": oidc}
    if saml:
        providers["saml"] = {"APPS": saml}
    return providers


def _ids(value: str) -> list[str]:
    ids = [item.strip().lower() for item in value.split(",") if item.strip()]
    for provider_id in ids:
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", provider_id):
            raise ProviderMisconfigured(
                f"SSO_PROVIDERS: {provider_id!r} is not a valid id (letters, digits and dashes)"
            )
    return ids


def _mapping(overrides: str, defaults: Mapping[str, list[str]]) -> dict[str, list[str]]:
    mapping = {field: list(names) for field, names in defaults.items()}
    for pair in overrides.split(","):
        if not pair.strip():
            continue
        field, _, claim = pair.partition("=")
        field, claim = field.strip(), claim.strip()
        if field not in defaults or not claim:
            raise ProviderMisconfigured(
                f"SSO_<ID>_ATTRIBUTES: {pair.strip()!r} is not field=claim with a field among "
                + ", ".join(defaults)
            )
        mapping[field] = [claim]
    return mapping


def _require(get, prefix: str, *names: str) -> None:
    missing = [prefix + name for name in names if not get(name)]
    if missing:
        raise ProviderMisconfigured("Missing: " + ", ".join(missing))


def _oidc_app(provider_id: str, name: str, mapping: dict, get, prefix: str) -> dict:
    _require(get, prefix, "SERVER_URL", "CLIENT_ID", "CLIENT_SECRET")
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": get("CLIENT_ID"),
        "secret": get("CLIENT_SECRET"),
        "settings": {
            "server_url": get("SERVER_URL"),
            "token_auth_method": get("TOKEN_AUTH_METHOD", "client_secret_post"),
            "scope": get("SCOPE", "openid profile email").split(),
            "tandem_attributes": mapping,
        },
    }


def _saml_app(provider_id: str, name: str, mapping: dict, get, prefix: str) -> dict:
    if get("METADATA_URL"):
        idp = {
            "entity_id": get("IDP_ENTITY_ID") or get("METADATA_URL"),
            "metadata_url": get("METADATA_URL"),
        }
    else:
        _require(get, prefix, "IDP_ENTITY_ID", "IDP_SSO_URL", "IDP_CERT")
        idp = {
            "entity_id": get("IDP_ENTITY_ID"),
            "sso_url": get("IDP_SSO_URL"),
            "x509cert": _pem_body(get("IDP_CERT")),
        }
    return {
        "provider_id": provider_id,
        "name": name,
        # allauth addresses a SAML provider by this "organization slug" in its URLs.
        "client_id": provider_id,
        "settings": {
            "attribute_mapping": {
                "uid": ["uid", "urn:oasis:names:tc:SAML:attribute:subject-id"],
                "email": mapping["email"],
            },
            "use_nameid_for_email": True,
            "idp": idp,
            "sp": {"entity_id": get("SP_ENTITY_ID") or f"tandem-{provider_id}"},
            "advanced": {
                "allow_single_label_domains": True,
                "authn_request_signed": False,
                "want_assertion_signed": True,
                "want_message_signed": False,
                "reject_idp_initiated_sso": True,
                "strict": True,
            },
            "tandem_attributes": mapping,
        },
    }


def _pem_body(value: str) -> str:
    """A certificate given as PEM (with or without its armour, newlines as \\n or real)."""
    value = value.replace("\\n", "\n")
    lines = [line.strip() for line in value.splitlines()]
    return "".join(line for line in lines if line and not line.startswith("-----"))


def form_action_origins(providers: Mapping) -> list[str]:
    """The identity providers' origins: the sign-in button's POST is redirected there, and the
    content security policy's form-action must allow it (Chromium checks redirects too)."""
    urls = []
    for app in providers.get("openid_connect", {}).get("APPS", []):
        urls.append(app["settings"]["server_url"])
    for app in providers.get("saml", {}).get("APPS", []):
        idp = app["settings"]["idp"]
        urls.append(idp.get("sso_url") or idp.get("metadata_url", ""))
    origins = []
    for url in urls:
        match = re.match(r"^(https?://[^/?#]+)", url)
        if match and match.group(1) not in origins:
            origins.append(match.group(1))
    return origins
