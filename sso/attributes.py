"""Directory attributes out of a provider's claims (OpenID Connect) or attributes (SAML)."""

from typing import Any

from allauth.socialaccount.models import SocialLogin

from people.models import User

DIRECTORY_FIELDS = (
    "name",
    "department",
    "job_title",
    "grade",
    "manager_email",
    "site",
    "country",
    "languages",
    "preferred_language",
)


def raw_claims(sociallogin: SocialLogin) -> dict[str, Any]:
    """What the provider said about the person: OIDC's userinfo over its ID token, or the
    SAML assertion's attributes (lists of values)."""
    data = sociallogin.account.extra_data or {}
    if sociallogin.provider.id == "openid_connect":
        return {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    return dict(data)


def directory_cells(sociallogin: SocialLogin) -> dict[str, str]:
    """The directory fields the provider sent, written as the directory file's cells."""
    mapping = sociallogin.provider.app.settings.get("tandem_attributes", {})
    claims = raw_claims(sociallogin)
    cells: dict[str, str] = {}
    for field in DIRECTORY_FIELDS:
        for claim in mapping.get(field, []):
            if claim in claims and claims[claim] not in (None, "", []):
                cells[field] = _text(field, claims[claim])
                break
    if "preferred_language" in cells:
        language = cells["preferred_language"].replace("_", "-").split("-")[0].lower()
        if language in User.Language.values:
            cells["preferred_language"] = language
        else:
            del cells["preferred_language"]
    return cells


def _text(field: str, value: Any) -> str:
    if isinstance(value, list):
        # SAML gives every attribute as a list; languages may come as several values.
        if field == "languages":
            return ";".join(str(item) for item in value)
        value = value[0] if value else ""
    if isinstance(value, bool):
        return ""
    if field == "languages" and isinstance(value, str):
        return value.replace(",", ";").replace(" ", ";")
    return str(value)
